"""ViewsService with a fake shared store (the server's part has its own API tests)."""

import pytest

from app.api.errors import ApiError, ApiErrorKind
from app.services.views import View, ViewsService
from app.settings import Settings
from app.wall import Layout, WallModel


class FakeStore:
    def __init__(self) -> None:
        self.rows: dict[str, dict] = {}
        self.refuse = False

    def list(self):
        return [dict(r) for r in self.rows.values()]

    def create(self, data):
        row = dict(data, id=len(self.rows) + 1, owner="operator")
        self.rows[str(row["id"])] = row
        return dict(row)

    def update(self, view_id, data):
        if self.refuse:
            raise ApiError(ApiErrorKind.FORBIDDEN, "only its owner may change this view", 403)
        self.rows[view_id] = dict(self.rows[view_id], **data)
        return dict(self.rows[view_id])

    def delete(self, view_id):
        del self.rows[view_id]


def _wall(layout, cameras) -> dict:
    return WallModel(layout, dict(enumerate(cameras))).to_json()


def test_personal_views_are_saved_in_the_settings_file_and_read_back(qtbot, runner, tmp_path):
    settings = Settings(tmp_path / "settings.json")
    views = ViewsService(settings, runner, username=lambda: "operator")
    with qtbot.waitSignal(views.views_changed):
        saved = views.save("Banjir Selatan", _wall(Layout.L1P7, ["cam004", "cam001"]))
    assert saved.owner == "operator" and not saved.shared
    views.save("banjir selatan", _wall(Layout.L2X2, ["cam002"]))  # same name: replaced
    again = ViewsService(Settings(tmp_path / "settings.json"), runner)
    [view] = again.views()
    assert (view.id, view.name, view.layout, view.cameras) == (saved.id, "banjir selatan",
                                                              Layout.L2X2, {0: "cam002"})
    again.rename(view.id, "Pagi")
    assert again.find("PAGI").id == view.id
    again.delete(view.id)
    assert again.views() == [] and again.get(view.id) is None


def test_shared_views_go_through_the_store_and_its_refusal_is_reported(qtbot, runner, tmp_path):
    store = FakeStore()
    views = ViewsService(Settings(tmp_path / "s.json"), runner, store)
    with qtbot.waitSignal(views.views_changed):
        views.refresh()
    assert views.shared_loaded and views.views() == []
    with qtbot.waitSignal(views.views_changed):
        assert views.save("Gambir", _wall(Layout.L2P8, ["cam003"]), shared=True) is None
    [view] = views.views()
    assert (view.id, view.shared, view.owner, view.layout) == ("server:1", True, "operator",
                                                               Layout.L2P8)
    assert store.rows["1"]["cameras"] == {"0": "cam003"}
    store.refuse = True
    with qtbot.waitSignal(views.failed) as blocker:
        views.rename(view.id, "Monas")
    assert blocker.args == [ApiErrorKind.FORBIDDEN, "only its owner may change this view"]
    assert views.get("server:1").name == "Gambir"
    with qtbot.waitSignal(views.views_changed):
        views.delete("server:1")
    assert views.views() == [] and store.rows == {}


def test_view_json_round_trip_and_bad_input():
    view = View("local:1", "Custom", Layout.parse("1x2:0,0;0,1"), {1: "cam001"},
                tours={1: ("cam001", "cam002")})
    assert View.from_json(view.to_json()) == view
    assert WallModel.from_json(view.wall_json()).assignments == {1: "cam001"}
    with pytest.raises(ValueError):
        View.from_json({"name": "x", "layout": "9x9"})
    with pytest.raises(ValueError):
        View.from_json({"name": " ", "layout": "2x2"})
