import pytest

from app.wall import Cell, Grid, Layout, WallModel


def test_layout_parse_and_size():
    assert Layout.parse("3X3") is Layout.L3X3
    assert (Layout.L4X4.rows, Layout.L4X4.columns, Layout.L4X4.count) == (4, 4, 16)
    assert Layout.L8X8.count == 64


def test_layout_parse_rejects_unknown_with_the_choices():
    with pytest.raises(ValueError, match="1x1, 2x2, 3x3, 4x4, 5x5"):
        Layout.parse("9x9")


@pytest.mark.parametrize(("layout", "count", "big"), [
    (Layout.L1P5, 6, [Cell(0, 0, 2, 2)]),
    (Layout.L1P7, 8, [Cell(0, 0, 3, 3)]),
    (Layout.L2P8, 10, [Cell(0, 0, 2, 2), Cell(0, 2, 2, 2)]),
    (Layout.L1P12, 13, [Cell(1, 1, 2, 2)]),
])
def test_uneven_layouts_put_their_big_tiles_first_and_cover_the_grid(layout, count, big):
    assert layout.count == count
    assert list(layout.cells[:len(big)]) == big
    assert all((c.rowspan, c.colspan) == (1, 1) for c in layout.cells[len(big):])
    covered = set().union(*(c.covers() for c in layout.cells))
    assert covered == {(r, c) for r in range(layout.rows) for c in range(layout.columns)}


def test_custom_grid_text_round_trip_and_checks():
    grid = Layout.parse("2x3:0,0,2,2;0,2;1,2")
    assert grid == Grid(2, 3, (Cell(0, 0, 2, 2), Cell(0, 2), Cell(1, 2)))
    assert Layout.parse(grid.value) == grid
    with pytest.raises(ValueError, match="overlaps"):
        Grid.parse("2x2:0,0,2,2;1,1")
    with pytest.raises(ValueError, match="outside"):
        Grid.parse("2x2:0,0,3,1")
    with pytest.raises(ValueError, match="unreadable"):
        Grid.parse("2x2:a,b")


def test_fill_places_cameras_in_order_up_to_the_visible_tiles():
    model = WallModel(layout=Layout.L2X2)
    model.fill(["a", "b", "c", "d", "e"])
    assert [model.camera_at(i) for i in range(5)] == ["a", "b", "c", "d", None]
    assert model.first_free() is None


def test_smaller_layout_keeps_hidden_assignments_for_later():
    model = WallModel(layout=Layout.L3X3)
    model.fill([f"cam{i}" for i in range(9)])
    model.maximised = 7
    model.set_layout(Layout.L1P5)
    assert model.maximised is None  # tile 7 is no longer on the wall
    model.set_layout(Layout.L3X3)
    assert model.camera_at(8) == "cam8"


def test_first_free_skips_assigned_tiles():
    model = WallModel(layout=Layout.L2X2)
    model.assign(0, "a")
    model.assign(2, "c")
    assert model.first_free() == 1


def test_json_round_trip_of_presets_and_custom_grids():
    model = WallModel(layout=Layout.L8X8, assignments={0: "a", 63: "z"}, maximised=63)
    assert WallModel.from_json(model.to_json()) == model
    custom = WallModel(layout=Grid.parse("1x3:0,0,1,2;0,2"), assignments={1: "b"})
    assert WallModel.from_json(custom.to_json()) == custom


def test_from_json_survives_garbage():
    model = WallModel.from_json({"layout": "9x9", "tiles": {"x": "a", "99": "b", "1": 5,
                                                            "2": "ok"}, "maximised": "3"})
    assert model.layout is Layout.L2X2
    assert model.assignments == {2: "ok"}
    assert model.maximised is None
    assert WallModel.from_json({"layout": "2x2:0,0,3,3"}).layout is Layout.L2X2
    assert WallModel.from_json("nonsense") == WallModel()  # type: ignore[arg-type]
