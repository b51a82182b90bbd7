"""A database of the previous release, full of what an installation accumulates, upgraded
in place (by starting the new server on it, and by ``python -m server db upgrade``) on
SQLite and PostgreSQL: everything is still there and works, and the new columns hold the
values the old rows meant."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select

from server.clock import to_wire
from server.db import sqlite_url
from server.migrations.runner import current_revision, head_revision
from server.schema import areas, camera_streams, cameras, users
from tests.server.conftest import DatabaseKind
from tests.server.legacy import schema_cae717f as legacy
from tests.server.legacy.fill import PASSWORD, TOKEN, Filled, fill
from tests.support.footage import write_segment
from tests.support.server_proc import REPO_ROOT, run_server


@pytest.fixture
def old_database(empty_database, tmp_path):
    """(URL, data dir, what it holds): the previous release's database, filled."""
    kind, url = empty_database
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if kind is DatabaseKind.SQLITE:
        url = sqlite_url(data_dir)  # where the previous release kept it
    engine = create_engine(url)
    legacy.metadata.create_all(engine)  # as that release created every database
    filled = fill(engine)
    # The footage the index names is on disk: a server marks indexed segments whose
    # file is gone as missing at start-up (issue 13), and they would not count as spans.
    with engine.connect() as conn:
        for path, frames in conn.execute(select(legacy.segments.c.path, legacy.segments.c.frames)):
            write_segment(data_dir / path, 0, frames, fps=15, gop=15)
    engine.dispose()
    return url, data_dir, filled


def _db(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "server", "db", *args], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _assert_new_columns_hold_the_old_meaning(url: str) -> None:
    engine = create_engine(url)
    with engine.connect() as conn:
        assert current_revision(engine) == head_revision()
        cams = conn.execute(select(cameras)).all()
        assert {c.id for c in cams} == {"leg-tebet", "leg-gambir"}
        for cam in cams:  # every camera recorded before: it still does
            assert (cam.record, cam.enabled, cam.removed_at, cam.credential_id) == (
                True, True, None, None)
            assert cam.retention_days is None  # the server's default retention
        for user in conn.execute(select(users)):
            assert (user.must_change_password, user.failed_logins, user.locked_until) == (
                False, 0, None)
        assert {a.live_direct for a in conn.execute(select(areas))} == {False}
        assert {s.codec for s in conn.execute(select(camera_streams))} == {None}
    engine.dispose()


def _assert_intact(srv, filled: Filled) -> None:
    # The session opened before the upgrade still works; the old password signs in and
    # asks for no change.
    status, me = srv.get("/auth/me", TOKEN)
    assert status == 200 and me["username"] == "admin", me
    token = srv.login("admin", PASSWORD)
    status, me = srv.get("/auth/me", token)
    assert status == 200 and set(me["roles"]) == {"admin"}, me
    assert srv.login("operator1", "operator-lama-2025")

    status, cams = srv.get("/cameras", token)
    assert status == 200, cams
    by_id = {c["id"]: c for c in cams}
    for cam_id, cam in filled.cameras.items():
        got = by_id[cam_id]
        assert (got["name"], got["area_id"], sorted(got["tags"]), got["ptz"]) == (
            cam["name"], cam["area_id"], cam["tags"], cam["ptz"])
        assert got["profiles"] == cam["profiles"]

    status, marks = srv.get("/bookmarks", token)
    assert status == 200, marks
    assert {b["title"]: b["protected"] for b in marks} == filled.bookmarks

    start, end = filled.segment_span
    status, rec = srv.get(f"/cameras/leg-tebet/recordings?start={to_wire(start)}"
                          f"&end={to_wire(end + timedelta(minutes=1))}", token)
    assert status == 200, rec
    assert rec["spans"] == [{"start": to_wire(start), "end": to_wire(end)}]

    status, views = srv.get("/views", token)
    assert status == 200 and [v["name"] for v in views] == [filled.view_name], views
    status, jobs = srv.get("/exports", token)
    assert status == 200 and [j["sha256"] for j in jobs] == [filled.export_sha256], jobs

    status, check = srv.get("/audit/verify", token)
    assert status == 200 and check["ok"] is True, check
    assert check["entries"] >= len(filled.audit_actions)
    status, entries = srv.get("/audit", token)
    assert status == 200
    old_actions = [e["action"] for e in reversed(entries)][: len(filled.audit_actions)]
    assert old_actions == filled.audit_actions

    # What the administration pages show for the old rows.
    status, people = srv.get("/admin/users", token)
    assert status == 200, people
    admin = next(u for u in people if u["username"] == "admin")
    assert (admin["must_change_password"], admin["failed_logins"], admin["locked_until"]) == (
        False, 0, None)
    status, admin_cams = srv.get("/admin/cameras", token)
    assert status == 200, admin_cams
    assert {c["id"]: (c["record"], c["has_credentials"]) for c in admin_cams} == {
        cam_id: (True, False) for cam_id in filled.cameras}


def test_server_started_on_previous_release_database_upgrades_it(old_database, tmp_path):
    url, data_dir, filled = old_database
    with run_server(tmp_path, demo=False, record=False, data_dir=data_dir,
                    database_url=url) as srv:
        _assert_intact(srv, filled)
    _assert_new_columns_hold_the_old_meaning(url)


def test_db_upgrade_command_upgrades_previous_release_database(old_database, tmp_path):
    url, data_dir, filled = old_database
    assert _db("current", "--database-url", url) == {
        "current": None, "head": head_revision(), "up_to_date": False}
    assert _db("upgrade", "--database-url", url) == {
        "before": None, "after": head_revision(), "upgraded": True,
        "adopted_previous_release": True}
    _assert_new_columns_hold_the_old_meaning(url)
    assert _db("upgrade", "--database-url", url)["upgraded"] is False  # once is enough
    with run_server(tmp_path, demo=False, record=False, data_dir=data_dir,
                    database_url=url) as srv:
        _assert_intact(srv, filled)
