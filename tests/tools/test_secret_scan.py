"""The scanner the end-to-end tests trust to find leaked passwords finds them."""

from __future__ import annotations

import base64
import sqlite3

import pytest

from tests.support.secret_scan import scan

SECRET = "Kam3ra:Rah@sia/01"


def test_it_finds_a_password_in_a_database_a_url_a_json_log_and_a_basic_header(tmp_path):
    db = tmp_path / "data" / "pantau.db"
    db.parent.mkdir()
    with sqlite3.connect(db) as conn:
        conn.execute("create table t (v text)")
        conn.execute("insert into t values (?)", (f"rtsp://admin:{SECRET}@10.0.0.1/x",))
    assert [leak.where for leak in scan({"cam": SECRET}, paths=[tmp_path])] == [str(db)]
    for shown in (
        "rtsp://admin:Kam3ra%3ARah%40sia%2F01@host/main",  # percent-encoded userinfo
        '{"password": "Kam3ra:Rah@sia\\/01"}'.replace("\\/", "/"),
        "Authorization: Basic " + base64.b64encode(f"admin:{SECRET}".encode()).decode(),
        "x" + base64.b64encode(f"u:{SECRET}!".encode()).decode(),
    ):
        assert scan({"cam": SECRET}, texts=[("answer", shown)]), shown


def test_clean_places_have_no_leak_and_short_secrets_are_refused(tmp_path):
    (tmp_path / "log.txt").write_text("rtsp://***@10.0.0.1/main ticket=***\n")
    assert scan({"cam": SECRET}, paths=[tmp_path], texts=[("a", "Kam3ra:Rah")]) == []
    with pytest.raises(ValueError):
        scan({"pin": "1234"})
