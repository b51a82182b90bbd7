"""BookmarkService against the real server on a socket: searches by text, tag, camera,
area and time find the right bookmarks; an edit, a protection and a deletion come back
from the server and keep the timeline's per-camera cache in step; the server's refusals
(an operator unprotecting, deleting a protected bookmark) arrive with its words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.api.bookmarks import BookmarkQuery
from app.api.errors import ApiErrorKind
from app.services.bookmarks import BookmarkService
from app.services.cameras import CameraService
from tests.server.conftest import FLEET
from tests.support.client_session import logged_in
from tests.support.live_app import serve_app

AT = datetime(2026, 11, 22, 3, 15, 0, tzinfo=UTC)  # 10:15 WIB
MARKS = [  # camera, minutes after AT, title, tags
    ("cam001", 0, "Jambret di halte", ("jambret", "halte")),
    ("cam001", 30, "Motor parkir liar", ("motor",)),
    ("cam003", 60, "Tas tertinggal", ("barang", "halte")),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_app(tmp_path_factory.mktemp("bookmark-service") / "data", FLEET) as (url, _):
        yield url


def _service(qtbot, runner, url, user="operator"):
    session = logged_in(qtbot, runner, url, user)
    return session, BookmarkService(session, runner)


def _make(qtbot, bookmarks, camera_id, minutes, title, tags):
    with qtbot.waitSignal(bookmarks.created, timeout=10_000) as made:
        bookmarks.create(camera_id, AT + timedelta(minutes=minutes), 10, 20, title,
                         "", tags)
    return made.args[0]


def _search(qtbot, bookmarks, **query):
    with qtbot.waitSignal(bookmarks.search_finished, timeout=10_000) as found:
        bookmarks.search(BookmarkQuery(**query))
    return [m.title for m in found.args[0]]


def test_search_filters_find_the_right_bookmarks(qtbot, runner, server):
    session, bookmarks = _service(qtbot, runner, server)
    for mark in MARKS:
        _make(qtbot, bookmarks, *mark)
    assert _search(qtbot, bookmarks) == ["Tas tertinggal", "Motor parkir liar",
                                         "Jambret di halte"]
    assert _search(qtbot, bookmarks, text="JAMBRET") == ["Jambret di halte"]
    assert _search(qtbot, bookmarks, text="gambir") == ["Tas tertinggal"]  # camera name
    assert _search(qtbot, bookmarks, tag="halte") == ["Tas tertinggal", "Jambret di halte"]
    assert _search(qtbot, bookmarks, camera_id="cam001") == ["Motor parkir liar",
                                                             "Jambret di halte"]
    assert _search(qtbot, bookmarks, author="supervisor") == []
    assert _search(qtbot, bookmarks, start=AT + timedelta(minutes=29),
                   end=AT + timedelta(minutes=31)) == ["Motor parkir liar"]
    cameras = CameraService(session, runner)
    with qtbot.waitSignal(cameras.catalog_changed, timeout=10_000):
        cameras.load()
    pusat = next(a.id for a in cameras.areas() if a.name == "Jakarta Pusat")
    assert _search(qtbot, bookmarks, area_id=pusat) == ["Tas tertinggal"]


def test_edit_protect_and_delete_keep_the_timeline_cache_in_step(qtbot, runner, server):
    _session, bookmarks = _service(qtbot, runner, server)
    mark = _make(qtbot, bookmarks, "cam002", 0, "Mobil mogok", ("mobil",))
    with qtbot.waitSignal(bookmarks.bookmarks_changed, timeout=10_000):
        bookmarks.refresh("cam002", AT - timedelta(hours=1), AT + timedelta(hours=1))
    changed = []
    bookmarks.bookmarks_changed.connect(changed.append)

    with qtbot.waitSignal(bookmarks.updated, timeout=10_000) as edited:
        bookmarks.update(mark.id, title="Mobil mogok di lajur kanan", tags=("mobil", "Macet"))
    assert edited.args[0].title == "Mobil mogok di lajur kanan"
    assert edited.args[0].tags == ("macet", "mobil")
    assert [b.title for b in bookmarks.cached("cam002")] == ["Mobil mogok di lajur kanan"]
    assert _search(qtbot, bookmarks, text="lajur kanan") == ["Mobil mogok di lajur kanan"]

    with qtbot.waitSignal(bookmarks.updated, timeout=10_000):
        bookmarks.set_protected(mark.id, True)
    assert bookmarks.cached("cam002")[0].protected
    with qtbot.waitSignal(bookmarks.failed, timeout=10_000) as refused:
        bookmarks.set_protected(mark.id, False)
    assert refused.args[0] is ApiErrorKind.FORBIDDEN
    assert "unprotect" in refused.args[1]
    with qtbot.waitSignal(bookmarks.failed, timeout=10_000) as refused:
        bookmarks.delete(mark.id)
    assert refused.args[1] == "A protected bookmark cannot be deleted."

    _boss_session, boss = _service(qtbot, runner, server, "supervisor")
    with qtbot.waitSignal(boss.updated, timeout=10_000) as released:
        boss.set_protected(mark.id, False)
    assert not released.args[0].protected

    with qtbot.waitSignal(bookmarks.deleted, timeout=10_000) as gone:
        bookmarks.delete(mark.id)
    assert gone.args == [mark.id]
    assert bookmarks.cached("cam002") == []
    assert changed.count("cam002") == 3  # edited, protected, deleted
    assert _search(qtbot, bookmarks, camera_id="cam002") == []
