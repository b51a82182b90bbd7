from app.wall import Layout, WallModel


def test_layout_parse_and_size():
    assert Layout.parse("3X3") is Layout.L3X3
    assert (Layout.L4X4.rows, Layout.L4X4.columns, Layout.L4X4.count) == (4, 4, 16)


def test_layout_parse_rejects_unknown_with_the_choices():
    try:
        Layout.parse("5x5")
    except ValueError as exc:
        assert "1x1, 2x2, 3x3, 4x4" in str(exc)
    else:
        raise AssertionError("5x5 was accepted")


def test_fill_places_cameras_in_order_up_to_the_visible_tiles():
    model = WallModel(layout=Layout.L2X2)
    model.fill(["a", "b", "c", "d", "e"])
    assert [model.camera_at(i) for i in range(5)] == ["a", "b", "c", "d", None]
    assert model.first_free() is None


def test_smaller_layout_keeps_hidden_assignments_for_later():
    model = WallModel(layout=Layout.L3X3)
    model.fill([f"cam{i}" for i in range(9)])
    model.maximised = 7
    model.set_layout(Layout.L2X2)
    assert model.maximised is None  # tile 7 is no longer on the wall
    model.set_layout(Layout.L3X3)
    assert model.camera_at(8) == "cam8"


def test_first_free_skips_assigned_tiles():
    model = WallModel(layout=Layout.L2X2)
    model.assign(0, "a")
    model.assign(2, "c")
    assert model.first_free() == 1


def test_json_round_trip():
    model = WallModel(layout=Layout.L4X4, assignments={0: "a", 15: "z"}, maximised=15)
    again = WallModel.from_json(model.to_json())
    assert again == model


def test_from_json_survives_garbage():
    model = WallModel.from_json({"layout": "9x9", "tiles": {"x": "a", "99": "b", "1": 5,
                                                            "2": "ok"}, "maximised": "3"})
    assert model.layout is Layout.L2X2
    assert model.assignments == {2: "ok"}
    assert model.maximised is None
    assert WallModel.from_json("nonsense") == WallModel()  # type: ignore[arg-type]
