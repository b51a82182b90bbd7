"""The bookmarks dock against the real server on a socket: the search row finds the right
bookmarks (text, tag, camera); Edit… changes the title the server then returns; Delete…
removes it after the confirmation; an operator's Unprotect is refused by the server and
the dock says so; Play and Export… in the main window play the bookmark's camera from its
start in the investigation window and open the export dialog on its range."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.actions import ActionId
from app.services.bookmarks import BookmarkService
from app.services.cameras import CameraService
from app.services.exports import ExportService
from app.services.playback import PlaybackService
from app.services.wall import WallService
from app.streams.service import StreamService
from app.tasks import TaskRunner
from app.wall import Layout, WallModel
from tests.app.fakes import FakeEngineFactory, fake_live_url
from tests.server.conftest import FLEET
from tests.support.client_session import logged_in
from tests.support.live_app import serve_app
from ui.bookmarks.dock import BookmarksDockWidget, Column
from ui.shell.main_window import MainWindow
from ui.tile.services import TileServices

AT = datetime(2026, 11, 22, 3, 15, 0, tzinfo=UTC)  # 10:15 WIB


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("bookmarks-dock") / "data", FLEET) as (url, _):
        yield url


@pytest.fixture
def client(qtbot, server):
    runner = TaskRunner()
    session = logged_in(qtbot, runner, server, "operator")
    cameras = CameraService(session, runner)
    with qtbot.waitSignal(cameras.catalog_changed, timeout=10_000):
        cameras.load()
    yield runner, session, cameras, BookmarkService(session, runner)
    runner.shutdown()


def _make(qtbot, bookmarks, camera_id, minutes, title, tags=()):
    with qtbot.waitSignal(bookmarks.created, timeout=10_000) as made:
        bookmarks.create(camera_id, AT + timedelta(minutes=minutes), 10, 20, title, "", tags)
    return made.args[0]


def _search(qtbot, dock, bookmarks) -> list[list[str]]:
    with qtbot.waitSignal(bookmarks.search_finished, timeout=10_000):
        dock.search_button.click()
    return [{c.name.lower(): dock.list.topLevelItem(r).text(c) for c in Column}
            for r in range(dock.list.topLevelItemCount())]


def _select(dock, title):
    for row in range(dock.list.topLevelItemCount()):
        if dock.list.topLevelItem(row).text(Column.TITLE) == title:
            dock.list.setCurrentItem(dock.list.topLevelItem(row))
            return dock.selected()
    raise AssertionError(f"{title!r} is not listed")


def test_search_edit_protect_and_delete_from_the_dock(qtbot, client):
    _runner, _session, cameras, bookmarks = client
    _make(qtbot, bookmarks, "cam001", 0, "Jambret di halte", ("jambret", "halte"))
    _make(qtbot, bookmarks, "cam003", 30, "Tas tertinggal", ("halte",))
    _make(qtbot, bookmarks, "cam003", 45, "Pedagang di trotoar")
    dock = BookmarksDockWidget(bookmarks, cameras)
    qtbot.addWidget(dock)

    dock.text_edit.setText("jambret")
    assert _search(qtbot, dock, bookmarks) == [
        {"time": "2026-11-22 10:15:00", "camera": "Taman Tebet Eco Park",
         "title": "Jambret di halte", "protected": "", "tags": "halte, jambret",
         "author": "operator"}]
    dock.text_edit.clear()
    dock.tag_edit.setText("halte")
    assert [row["title"] for row in _search(qtbot, dock, bookmarks)] == ["Tas tertinggal",
                                                                    "Jambret di halte"]
    dock.tag_edit.clear()
    dock.camera_combo.setCurrentIndex(dock.camera_combo.findData("cam003"))
    assert [row["title"] for row in _search(qtbot, dock, bookmarks)] == ["Pedagang di trotoar",
                                                                    "Tas tertinggal"]
    dock.from_edit.setText("2026-11-22 10:50")  # WIB; only the one from 10:59:40 on
    assert [row["title"] for row in _search(qtbot, dock, bookmarks)] == ["Pedagang di trotoar"]
    dock.from_edit.setText("tomorrow")
    dock.search_button.click()
    assert "2026-11-22 14:03" in dock.status_label.text()
    dock.from_edit.clear()
    _search(qtbot, dock, bookmarks)

    _select(dock, "Tas tertinggal")
    dock.edit_action.trigger()
    dialog = dock.edit_dialog
    assert dialog.title_edit.text() == "Tas tertinggal"
    dialog.title_edit.setText("Tas hitam tertinggal")
    with qtbot.waitSignal(bookmarks.updated, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dock.list.currentItem().text(Column.TITLE) == "Tas hitam tertinggal"
    assert [row["title"] for row in _search(qtbot, dock, bookmarks)] == ["Pedagang di trotoar",
                                                                    "Tas hitam tertinggal"]

    _select(dock, "Tas hitam tertinggal")
    assert dock.protect_action.isEnabled() and not dock.unprotect_action.isEnabled()
    with qtbot.waitSignal(bookmarks.updated, timeout=10_000):
        dock.protect_action.trigger()
    assert dock.list.currentItem().text(Column.PROTECTED) == "Yes"
    assert not dock.unprotect_action.isEnabled()  # an operator: off, and the server agrees
    assert not dock.delete_action.isEnabled()
    with qtbot.waitSignal(bookmarks.failed, timeout=10_000):
        dock.protect_selected(False)
    assert dock.status_label.text() == (
        "Not allowed: Only admin, supervisor may unprotect footage.")
    assert dock.list.currentItem().text(Column.PROTECTED) == "Yes"

    _select(dock, "Pedagang di trotoar")
    dock.delete_action.trigger()
    with qtbot.waitSignal(bookmarks.deleted, timeout=10_000):
        dock.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert [row["title"] for row in _search(qtbot, dock, bookmarks)] == ["Tas hitam tertinggal"]


def test_play_and_export_from_the_dock_in_the_main_window(qtbot, client, tmp_path):
    runner, session, cameras, bookmarks = client
    mark = _make(qtbot, bookmarks, "cam002", 90, "Mobil mogok")
    streams = StreamService(runner, fake_live_url, FakeEngineFactory())
    wall = WallService(WallModel(layout=Layout.L2X2))
    tiles = TileServices(streams, cameras, PlaybackService(session, streams, runner),
                         exports=ExportService(session, runner, export_dir=lambda: tmp_path),
                         bookmarks=bookmarks)
    window = MainWindow(session, wall, tiles)
    qtbot.addWidget(window)
    window.show()
    assert not window.bookmarks_dock_frame.isVisible()
    with qtbot.waitSignal(bookmarks.search_finished, timeout=10_000):
        window.action(ActionId.BOOKMARKS).trigger()  # shown: it searches at once
    assert window.bookmarks_dock_frame.isVisible()
    dock = window.bookmarks_dock
    _select(dock, "Mobil mogok")

    with qtbot.waitSignal(dock.play_requested) as played:
        dock.play_action.trigger()
    assert played.args == ["cam002", mark.start]
    row = dock.list.visualItemRect(dock.list.currentItem()).center()
    with qtbot.waitSignal(dock.play_requested) as played:  # a double-click plays too
        qtbot.mouseClick(dock.list.viewport(), Qt.MouseButton.LeftButton, pos=row)
        qtbot.mouseDClick(dock.list.viewport(), Qt.MouseButton.LeftButton, pos=row)
    assert played.args == ["cam002", mark.start]
    # Played in the investigation window, its camera alone; the wall is left as it was.
    workspace = window.investigation_window
    assert workspace.isVisible() and workspace.wall.visible_cameras() == ["cam002"]
    assert workspace.timeline.camera_id == "cam002"
    assert wall.visible_cameras() == [None] * 4 and wall.sync.position() is None

    dock.export_action.trigger()
    dialog = window.export_dialog
    assert dialog.isVisible()
    assert (dialog.start_edit.text(), dialog.end_edit.text()) == (
        "2026-11-22 11:44:50 WIB", "2026-11-22 11:45:20 WIB")
    assert dialog.reason_edit.toPlainText() == "Mobil mogok"
    dialog.close()
    streams.shutdown()
