"""Wall windows per screen (offscreen platform: one screen): kiosk start, the saved
arrangement brought back, pushes landing on the right wall, a screen pulled and back."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication

from app.services.push import view_wall_json
from app.settings import Settings
from ui.wall.screens import WallScreens, find_screen, screen_geometry


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "settings.json")


@pytest.fixture
def make_screens(qtbot, services, settings):
    made = []

    def make(settings_=settings):
        screens = WallScreens(settings_, services.tiles)
        made.append(screens)
        return screens

    yield make
    for screens in made:
        screens.shutdown()


def shown_cameras(window) -> list[str | None]:
    return [tile.camera_id for tile in window.wall_widget.tiles()]


def test_kiosk_start_opens_the_view_full_screen_on_the_named_screen(qtbot, make_screens):
    screen = QGuiApplication.primaryScreen()
    screens = make_screens()
    screens.restore((("0", "2x2:cam001,cam002"),))
    [window] = screens.windows()
    qtbot.waitExposed(window)
    assert window.isFullScreen()
    assert window.geometry() == screen.geometry()
    assert shown_cameras(window) == ["cam001", "cam002", None, None]
    # The screen by name does the same.
    assert find_screen(screen.name()) is screen
    assert find_screen("9") is None and find_screen("no-such-output") is None


def test_unknown_screen_or_view_opens_nothing(qtbot, make_screens):
    screens = make_screens()
    screens.restore((("7", "2x2"), ("0", "no such view")))
    assert screens.windows() == []
    assert screens.pending() == [("0", "no such view")]  # perhaps a shared view, later
    screens.retry_pending(give_up=True)
    assert screens.pending() == [] and screens.windows() == []


def test_a_view_known_only_later_opens_when_it_arrives(qtbot, services, settings):
    known = {}
    screens = WallScreens(settings, services.tiles,
                          view_lookup=lambda name: known.get(name))
    try:
        screens.restore((("0", "Banjir"),))
        assert screens.windows() == []
        known["Banjir"] = view_wall_json("1x1:cam004")  # the server's list arrived
        screens.retry_pending()
        [window] = screens.windows()
        assert shown_cameras(window) == ["cam004"]
    finally:
        screens.shutdown()


def test_arrangement_is_saved_and_restored_at_the_next_start(qtbot, make_screens, settings):
    first = make_screens()
    window = first.open_wall(QGuiApplication.primaryScreen(),
                             view_wall_json("3x3:cam003"))
    window.wall.assign(4, "cam004")
    saved = settings.get("wall_windows")
    assert saved[0]["screen"] == QGuiApplication.primaryScreen().name()
    assert saved[0]["geometry"] == screen_geometry(QGuiApplication.primaryScreen())
    first.shutdown()

    again = Settings(settings.path)  # as the next start reads it
    second = make_screens(again)
    second.restore()
    [restored] = second.windows()
    qtbot.waitExposed(restored)
    assert restored.isFullScreen()
    cameras = shown_cameras(restored)
    assert len(cameras) == 9 and cameras[0] == "cam003" and cameras[4] == "cam004"


def test_pushed_camera_and_view_change_that_monitors_wall(qtbot, make_screens):
    screens = make_screens()
    window = screens.show_camera(0, "cam002")  # no wall there yet: one is opened
    assert window is not None and shown_cameras(window) == ["cam002"]
    screens.show_view(0, "2x2:,cam001")
    assert shown_cameras(window) == [None, "cam001", None, None]
    screens.show_camera(0, "cam004", "supervisor")  # the first free tile
    assert shown_cameras(window) == ["cam004", "cam001", None, None]
    assert window.notice.isVisible()  # who sent what, over the video for a while
    assert window.notice.text() == "Taman Tebet Eco Park sent by supervisor"
    assert screens.show_camera(3, "cam001") is None  # no fourth monitor here
    assert screens.monitors()[0]["wall"] is True


def test_screen_pulled_out_and_back_keeps_its_wall(qtbot, make_screens, settings):
    screen = QGuiApplication.primaryScreen()
    screens = make_screens()
    window = screens.open_wall(screen, view_wall_json("2x2:cam001,cam003"))
    qtbot.waitExposed(window)
    screens._on_app_screen_removed(screen)  # what QGuiApplication.screenRemoved calls
    assert screens.windows() == [] and not window.isVisible()
    assert settings.get("wall_windows")[0]["wall"]["tiles"] == {"0": "cam001", "1": "cam003"}
    screens._on_app_screen_added(screen)  # plugged in again
    assert screens.windows() == [window]
    qtbot.waitExposed(window)
    assert window.isFullScreen()
    assert shown_cameras(window) == ["cam001", "cam003", None, None]
