"""Bookmarking from the client against the real server on a socket: the dialog needs a
title and a WIB time, saves with pre/post roll and tags, protects when asked; the
service then hands the timeline the bookmark."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.services.bookmarks import BookmarkService
from app.tasks import TaskRunner
from tests.server.conftest import FLEET
from tests.support.client_session import logged_in
from tests.support.live_app import serve_app
from ui.bookmarks.dialog import BookmarkDialog

AT = datetime(2026, 11, 22, 3, 15, 0, tzinfo=UTC)  # 10:15 WIB


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("bookmarks") / "data", FLEET) as (url, _app):
        yield url


@pytest.fixture
def bookmarks(qtbot, server):
    runner = TaskRunner()
    yield BookmarkService(logged_in(qtbot, runner, server, "operator"), runner)
    runner.shutdown()


def test_a_bookmark_is_saved_protected_and_found_for_the_timeline(qtbot, bookmarks):
    dialog = BookmarkDialog(bookmarks, "cam001", "Taman Tebet Eco Park", AT)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.at_edit.text() == "2026-11-22 10:15:00 WIB"
    assert not save.isEnabled() and "title" in dialog.problem_label.text()
    dialog.title_edit.setText("Jambret di halte")
    assert save.isEnabled()
    dialog.pre_roll.setValue(5)
    dialog.post_roll.setValue(15)
    dialog.tags_edit.setText("jambret, Halte ")
    dialog.protect_box.setChecked(True)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        save.click()
    mark = dialog.created
    assert mark.protected and mark.tags == ("halte", "jambret")
    assert (mark.start, mark.end) == (AT - timedelta(seconds=5), AT + timedelta(seconds=15))
    bookmarks._by_camera.clear()
    with qtbot.waitSignal(bookmarks.bookmarks_changed, timeout=10_000) as changed:
        bookmarks.refresh("cam001", AT - timedelta(hours=1), AT + timedelta(hours=1))
    assert changed.args == ["cam001"]
    assert [b.title for b in bookmarks.cached("cam001")] == ["Jambret di halte"]


def test_a_refusal_is_shown_and_the_dialog_stays(qtbot, bookmarks):
    dialog = BookmarkDialog(bookmarks, "cam999", "Nowhere", AT)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("x")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: "Not saved" in dialog.problem_label.text(), timeout=10_000)
    assert dialog.created is None and not dialog.result()
