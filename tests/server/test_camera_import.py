"""Bulk import through the real app and the real command line, on real SQLite files:
broken lines are each reported and import nothing; a good file imports in one go and a
second run changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from server.audit import query
from tests.server.conftest import make_api, stored_bytes

PASSWORD = "Sandi-Kamera-2026"
HEADER = ("id,name,area,tags,lat,lon,onvif,main_url,sub_url,third_url,credential,username,"
          "password,ptz,record,retention_days")  # fmt: skip
GOOD = [
    "pa-001,Pintu Air Manggarai,Jakarta Selatan/Tebet/Manggarai/RW 03/RT 007,banjir;pintu air,"
    "-6.2089,106.8497,127.0.0.1:8080,rtsp://127.0.0.1:8554/Streaming/Channels/101,"
    f"rtsp://127.0.0.1:8554/Streaming/Channels/102,,,admin,{PASSWORD},true,true,14",
    "pa-002,Taman Menteng,Jakarta Pusat/Menteng,taman,-6.1963,106.8296,,"
    "rtsp://127.0.0.1:8554/cam/realmonitor?channel=1&subtype=0,,,,,,false,false,",
]
BROKEN = [
    "br-001,Kecamatan palsu,Jakarta Selatan/Kebayoran Tengah,,,,,rtsp://127.0.0.1/a,,,,,,,,",
    "br-002,Lintang salah,Jakarta Pusat/Gambir,,-123.5,106.8,,rtsp://127.0.0.1/b,,,,,,,,",
    "pa-001,Duplikat,Jakarta Pusat/Gambir,,,,,rtsp://127.0.0.1/c,,,,,,,,",
    f"br-004,Sandi di URL,Jakarta Pusat/Gambir,,,,,rtsp://admin:{PASSWORD}@127.0.0.1/d,,,,,,,,",
    "br-005,,Jakarta Pusat/Gambir,,,,,rtsp://127.0.0.1/e,,,,,,,,",
]


def _csv(lines):
    return "\n".join([HEADER, *lines]) + "\n"


def _import(api, token, body: str, dry_run: bool, kind="text/csv"):
    return api.client.post(
        "/api/v1/admin/cameras/import", content=body.encode(), params={"dry_run": dry_run},
        headers={"Authorization": f"Bearer {token}", "Content-Type": kind},
    )  # fmt: skip


def _snapshot(api, token):
    cams = api.client.get("/api/v1/admin/cameras", headers={"Authorization": f"Bearer {token}"})
    areas = api.client.get("/api/v1/areas", headers={"Authorization": f"Bearer {token}"})
    with api.ctx.engine.connect() as conn:
        audit = len(query(conn, limit=10_000))
    return cams.json(), areas.json(), audit


def test_broken_lines_are_reported_and_import_nothing(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        admin = api.token("admin")
        before = _snapshot(api, admin)
        dry = _import(api, admin, _csv(GOOD + BROKEN), dry_run=True)
        assert dry.status_code == 200, dry.text
        report = dry.json()
        assert (report["dry_run"], report["created"], report["failed"]) == (True, 2, 5)
        by_line = {line["line"]: line for line in report["lines"]}
        assert [by_line[n]["outcome"] for n in range(2, 9)] == ["create"] * 2 + ["error"] * 5
        assert "area" in by_line[4]["message"] and "Kebayoran Tengah" in by_line[4]["message"]
        assert by_line[5]["message"].startswith("lat:")
        assert by_line[6]["message"].startswith("id:") and "line 2" in by_line[6]["message"]
        assert by_line[7]["message"].startswith("main_url:")
        assert by_line[8]["message"].startswith("name:")
        assert PASSWORD not in dry.text
        assert _snapshot(api, admin) == before  # a dry run changes nothing

        real = _import(api, admin, _csv(GOOD + BROKEN), dry_run=False)
        assert real.status_code == 422
        detail = real.json()["detail"]
        assert detail["code"] == "import_failed" and "nothing was imported" in detail["message"]
        assert detail["report"]["failed"] == 5 and detail["report"]["dry_run"] is False
        assert _snapshot(api, admin) == before  # not even the good lines, nor their areas
        assert PASSWORD.encode() not in stored_bytes(tmp_path / "data")


def test_import_then_rerun_changes_nothing(tmp_path):
    data = tmp_path / "data"
    api, client = make_api(data)
    with client:
        admin, operator = api.token("admin"), api.token("operator")
        first = _import(api, admin, _csv(GOOD), dry_run=False)
        assert first.status_code == 200, first.text
        assert (first.json()["created"], first.json()["failed"]) == (2, 0)
        cams = {c["id"]: c for c in _snapshot(api, admin)[0]}
        pa1 = cams["pa-001"]
        assert pa1["area_path"] == ["Jakarta Selatan", "Tebet", "Manggarai", "RW 03", "RT 007"]
        assert pa1["tags"] == ["banjir", "pintu air"] and pa1["ptz"] is True
        assert pa1["retention_days"] == 14 and pa1["has_credentials"] is True
        assert pa1["onvif_url"] == "http://127.0.0.1:8080/onvif/device_service"
        assert cams["pa-002"]["record"] is False and cams["pa-002"]["has_credentials"] is False
        seen = api.client.get(
            "/api/v1/cameras",
            params={"q": "pintu"},
            headers={"Authorization": f"Bearer {operator}"},
        ).json()
        assert [c["id"] for c in seen] == ["pa-001"]
        assert PASSWORD.encode() not in stored_bytes(data)

        before = _snapshot(api, admin)
        again = _import(api, admin, _csv(GOOD), dry_run=False)
        assert again.json()["unchanged"] == 2 and again.json()["created"] == 0
        assert [line["outcome"] for line in again.json()["lines"]] == ["unchanged", "unchanged"]
        assert _snapshot(api, admin) == before  # updated_at untouched, no audit entry

        # The same cameras as JSON: unchanged too; then one edit is one update.
        rows = [dict(zip(HEADER.split(","), line.split(","), strict=True)) for line in GOOD]
        as_json = _import(api, admin, json.dumps(rows), False, "application/json")
        assert as_json.json()["unchanged"] == 2, as_json.text
        rows[1]["name"] = "Taman Menteng (Timur)"
        rows[0]["password"] = "sandi-baru-9876"
        edited = _import(api, admin, json.dumps(rows), False, "application/json").json()
        assert [line["outcome"] for line in edited["lines"]] == ["update", "update"]
        assert "name" in edited["lines"][1]["message"]
        with api.ctx.engine.connect() as conn:
            entries = query(conn, action_prefix="cameras_imported")
        assert len(entries) == 2 and entries[0].details["updated"] == 2
        assert all("sandi-baru" not in json.dumps(e.details) for e in entries)


def test_bad_header_and_bad_json(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        admin = api.token("admin")
        typo = _import(api, admin, "id,name,lattitude\nx,y,1\n", dry_run=True).json()
        assert typo["failed"] == 1 and "lattitude" in typo["lines"][0]["message"]
        broken = _import(api, admin, "{not json", True, "application/json").json()
        assert broken["failed"] == 1 and "JSON" in broken["lines"][0]["message"]
        other = _import(api, admin, "x", True, "text/plain")
        assert other.status_code == 422 and other.json()["detail"]["code"] == "validation_error"


def test_command_line_import(tmp_path):
    data = tmp_path / "data"
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(_csv(GOOD), encoding="utf-8")
    bad.write_text(_csv(BROKEN), encoding="utf-8")
    root = Path(__file__).resolve().parents[2]

    def run(*args):
        done = subprocess.run([sys.executable, "-m", "server", "cameras", "import", *args,
                               "--data-dir", str(data)], cwd=root, capture_output=True,
                              text=True, timeout=120)  # fmt: skip
        assert PASSWORD not in done.stdout + done.stderr
        return done.returncode, json.loads(done.stdout.strip().splitlines()[-1])

    code, report = run(str(bad), "--dry-run")
    assert code == 1 and report["failed"] == 4  # the duplicate id is alone here
    code, report = run(str(good), "--dry-run")
    assert code == 0 and report["created"] == 2 and report["dry_run"] is True
    code, report = run(str(good))
    assert code == 0 and report["created"] == 2
    code, report = run(str(good))
    assert code == 0 and report["unchanged"] == 2
    assert PASSWORD.encode() not in stored_bytes(data)


def test_a_list_without_passwords_keeps_the_accounts_the_cameras_have(tmp_path):
    """An integrator re-imports a list exported without passwords: nothing changes, and
    the recorder still reaches each camera with its own account."""
    from server.camera_access import source_url

    api, client = make_api(tmp_path / "data")
    with client:
        admin = api.token("admin")
        assert _import(api, admin, _csv(GOOD), dry_run=False).json()["created"] == 2
        without = [line.replace(f",admin,{PASSWORD},", ",,,") for line in GOOD]
        assert without[0] != GOOD[0]
        again = _import(api, admin, _csv(without), dry_run=False).json()
        assert [line["outcome"] for line in again["lines"]] == ["unchanged", "unchanged"]
        with api.ctx.engine.connect() as conn:
            url = source_url(conn, api.ctx.vault, "pa-001", "main")
        assert url.startswith(f"rtsp://admin:{PASSWORD}@127.0.0.1:8554/")
