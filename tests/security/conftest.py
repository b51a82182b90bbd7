"""The world the security tests attack: the demo fleet of tests/server (cam001 and cam002
in Jakarta Selatan, cam003 in Jakarta Pusat, cam004 in Jakarta Barat) on a real server
(uvicorn on 127.0.0.1, real SQLite database, export workers running), with one user per
role scoped to Jakarta Selatan, and every kind of resource made by a city-wide admin
both inside and outside that scope, each carrying a name that must never reach a caller
of Selatan."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import numpy as np
import pytest

from server.alarms.kinds import AlarmKind
from server.alarms.snapshot import snapshot_jpeg
from server.alarms.store import raise_alarm
from server.users import Role, upsert_user
from tests.server.conftest import DEMO_PASSWORD, FLEET
from tests.server.test_maps import png
from tests.support.footage import record
from tests.support.live_app import serve_app

SCOPE = "jakarta-selatan"
IN_CAMERA = "cam001"  # Jakarta Selatan, PTZ
OUT_CAMERA = "cam003"  # Jakarta Pusat
T0 = datetime(2026, 11, 22, 3, 0, 0, tzinfo=UTC)  # footage of both cameras starts here
FOOTAGE_S = 4

# What a caller scoped to Jakarta Selatan must never read: ids, names and the words put
# into out-of-scope resources below.
OUT_OF_SCOPE_MARKERS = (
    "cam003", "cam004", "Stasiun Gambir", "Permukiman Kebon Jeruk", "jakarta-pusat",
    "jakarta-barat", "Jakarta Pusat", "Jakarta Barat", "Copet Gambir", "Laporan Gambir",
    "KASUS-GAMBIR", "Pelapor Gambir", "Pribadi Admin", "Denah Gambir",
)  # the admin's workstation "ws-pusat" is checked where workstations are listed


@pytest.fixture(autouse=True)
def _collect_qt_garbage_on_the_gui_thread():
    """Overrides the root conftest's collection after every test: this tier has no Qt,
    and a full collection after each of its many short tests cost a second or two each
    on a busy machine."""
    yield


def scoped_user(role: Role) -> str:
    return f"{role.value}-sel"


def wire(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


@dataclass
class World:
    url: str
    app: object
    tokens: dict[str, str] = field(default_factory=dict)  # username -> bearer token
    ids: dict[str, object] = field(default_factory=dict)  # resource name -> id

    def client(self, username: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[username]}"} if username else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=20)


def _prepare(ctx) -> None:
    for cam in (IN_CAMERA, OUT_CAMERA):
        record(ctx.engine, ctx.settings.data_dir, cam, T0, seconds=FOOTAGE_S, segment_s=2,
               fps=10, gop=10)
    with ctx.engine.begin() as conn:
        for role in Role:
            upsert_user(conn, scoped_user(role), DEMO_PASSWORD, f"{role.value} Selatan",
                        [role], [SCOPE])


def _login(url: str, username: str) -> str:
    resp = httpx.post(url + "/api/v1/auth/login",
                      json={"username": username, "password": DEMO_PASSWORD}, timeout=20)
    assert resp.status_code == 200, resp.text
    return resp.json()["token"]


def _made(resp: httpx.Response) -> dict:
    assert resp.status_code in (200, 201, 202), resp.text
    return resp.json()


def _seed(world: World) -> None:
    """Resources in and out of Jakarta Selatan, made by the city-wide demo admin."""
    ids = world.ids
    with world.client("admin") as admin:
        at = wire(T0 + timedelta(seconds=2))
        start, end = wire(T0), wire(T0 + timedelta(seconds=FOOTAGE_S))
        for key, cam, title in (("bookmark_in", IN_CAMERA, "Banjir Tebet"),
                                ("bookmark_out", OUT_CAMERA, "Copet Gambir")):
            ids[key] = _made(admin.post("/api/v1/bookmarks", json={
                "camera_id": cam, "at": at, "pre_roll_s": 1, "post_roll_s": 1,
                "title": title}))["id"]
        for key, cam, reason, case in (("export_in", IN_CAMERA, "Laporan Tebet", "KASUS-TEBET"),
                                       ("export_out", OUT_CAMERA, "Laporan Gambir",
                                        "KASUS-GAMBIR-1")):
            ids[key] = _made(admin.post("/api/v1/exports", json={
                "camera_id": cam, "start": start, "end": end, "reason": reason,
                "case_number": case, "c2pa": True}))["id"]
        ask = {"requester_contact": "0812-0000-0000", "incident_at": at,
               "incident_place": "Jalan", "start": start, "end": end,
               "reason": "Kehilangan dompet"}
        for key, cams, name in (("request_in", [IN_CAMERA], "Pelapor Tebet"),
                                ("request_out", [OUT_CAMERA], "Pelapor Gambir"),
                                ("request_mixed", [IN_CAMERA, OUT_CAMERA], "Pelapor Campur")):
            ids[key] = _made(admin.post("/api/v1/evidence-requests", json={
                **ask, "camera_ids": cams, "requester_name": name}))["id"]
    with world.client("supervisor") as supervisor:  # four eyes: not the admin who recorded it
        _made(supervisor.post(f"/api/v1/evidence-requests/{ids['request_mixed']}/approve",
                              json={"case_number": "KASUS-CAMPUR"}))
    with world.client("admin") as admin:
        for key, cams, name, shared in (("view_in", {"0": IN_CAMERA}, "Pantau Tebet", True),
                                        ("view_out", {"0": OUT_CAMERA}, "Pantau Gambir", True),
                                        ("view_private", {"0": IN_CAMERA}, "Pribadi Admin",
                                         False)):
            ids[key] = _made(admin.post("/api/v1/views", json={
                "name": name, "layout": "2x2", "cameras": cams, "shared": shared}))["id"]
        _made(admin.put("/api/v1/walls/ws-pusat", json={"monitors": [{"index": 0}]}))
        # Maps: Selatan's, with a camera of Pusat placed on it too, and Pusat's own.
        for key, area, name in (("map_in", SCOPE, "Denah Tebet"),
                                ("map_out", "jakarta-pusat", "Denah Gambir")):
            ids[key] = _made(admin.post("/api/v1/admin/maps", content=png(),
                                        params={"name": name, "area_id": area},
                                        headers={"Content-Type": "image/png"}))["id"]
        for cam in (IN_CAMERA, OUT_CAMERA):
            _made(admin.put(f"/api/v1/admin/maps/{ids['map_in']}/cameras/{cam}",
                            json={"x": 0.5, "y": 0.5}))
    ids["workstation_out"] = "ws-pusat"
    # Issue 17: an alarm and a rule on each camera, a face scan of each camera's footage.
    for side, cam in (("in", IN_CAMERA), ("out", OUT_CAMERA)):
        ids[f"alarm_{side}"] = made_alarm(world, cam)
    with world.client("admin") as admin:
        for side, cam in (("in", IN_CAMERA), ("out", OUT_CAMERA)):
            ids[f"rule_{side}"] = _made(admin.post("/api/v1/alarm-rules", json={
                "name": f"Sabotase {cam}", "kind": "tamper", "camera_id": cam}))["id"]
            ids[f"scan_{side}"] = _made(admin.post("/api/v1/face-scans", json={
                "camera_id": cam, "start": start, "end": end}))["id"]


def made_alarm(world: World, camera_id: str) -> int:
    """An alarm raised on the camera as a recording node raises one."""
    picture = snapshot_jpeg(np.full((72, 128), 40, dtype=np.uint8))
    return raise_alarm(world.app.state.ctx.engine, None, AlarmKind.TAMPER, camera_id,
                       T0 + timedelta(seconds=1), "covered", picture, None)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    with serve_app(tmp_path_factory.mktemp("security"), FLEET, _prepare) as (url, app):
        world = World(url, app)
        world.tokens["admin"] = _login(url, "admin")
        world.tokens["supervisor"] = _login(url, "supervisor")
        for role in Role:
            world.tokens[scoped_user(role)] = _login(url, scoped_user(role))
        _seed(world)
        yield world
