"""The catalog at city scale (30,418 cameras), beside the naive peer, on SQLite and on
PostgreSQL.

One server application (FastAPI, driven in-process through Starlette's TestClient: the
server's whole request path, no socket) holds the city of ``server.city.seed_city`` and
serves both sides on the same database in the same run: Pantau's GET /areas and
GET /cameras, and the peer, the same endpoints as they were at commit cae717f (copied
below: every area read per request, the text filter in Python over every camera,
answers validated by their response models, no ETag, no gzip). Each request a client
makes is timed for an admin (all of Jakarta) and a police user (Jakarta Selatan):

- sign-in: GET /areas, GET /cameras, as a client with nothing cached asks;
- first list after a start: GET /cameras with nothing kept (every row encoded);
- after an edit: the same right after a camera in Jakarta Selatan was renamed (both
  users' lists change; Pantau patches the list it keeps with the rows written);
- ?status=false: the list as this release's client asks it, at sign-in and after an edit;
- status change: one recorded camera's status changes before each request: the whole
  list with statuses (its chunks holding that camera compressed again), and
  GET /camera-statuses (the client's; its ?status=false list then answers 304);
- revalidation: both again with the ETag of what the client holds (the peer has no
  ETag: it answers everything again);
- typing: GET /cameras?q= for each prefix of a few words typed letter by letter, each
  built afresh (Pantau's built answers forgotten before each), whole and as a first page
  (limit=100, with X-Total-Count; the peer has no paging and answers all).

p50/p95 in ms and the bytes on the wire (gzipped where the side gzips). PostgreSQL is
Debian's, started in a temporary directory by tests/support/postgres.py.

    .venv/bin/python -m bench.bench_catalog [--repeat 10] [--peer-repeat 3]
        [--backend sqlite --backend postgresql] [--no-typing] [--out var/bench/catalog.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from fastapi import APIRouter, Depends, Query
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, update

from server.api.deps import current_user, get_ctx
from server.api.models import AreaOut, CameraOut
from server.app import build_context, create_app
from server.areas import AreaNode, in_scope
from server.cameras import Camera, Profile, camera_filter
from server.catalog_cache import catalog_cache
from server.city import seed_city
from server.clock import utc_now
from server.context import ServerContext
from server.node.recorder.states import CameraStatus
from server.schema import areas, camera_streams, camera_tags, cameras
from server.settings import Settings
from server.users import User

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "pantau-demo"
USERS = ("admin", "police")
TYPED = ("tebet", "pasar", "melati")
PAGE = 100  # what a list showing search results as they are typed would ask for


# -- the peer: the catalog as it was at cae717f ---------------------------------------

def _naive_area_names(conn: Connection) -> dict[str, tuple[str, str | None]]:
    return {r.id: (r.name, r.parent_id)
            for r in conn.execute(select(areas.c.id, areas.c.name, areas.c.parent_id))}


def _naive_path(area_id: str, names: dict[str, tuple[str, str | None]]) -> list[str]:
    out: list[str] = []
    current: str | None = area_id
    while current is not None and current in names:
        name, current = names[current]
        out.append(name)
    return out[::-1]


def _naive_tree(conn: Connection, scope: frozenset[str]) -> list[AreaNode]:
    rows = list(conn.execute(select(areas).order_by(areas.c.name)))
    nodes = {r.id: AreaNode(r.id, r.name, r.kind) for r in rows}
    roots: list[AreaNode] = []
    for r in rows:
        if not in_scope(r.id, scope):
            continue
        parent_visible = r.parent_id is not None and in_scope(r.parent_id, scope)
        if parent_visible and r.parent_id in nodes:
            nodes[r.parent_id].children.append(nodes[r.id])
        else:
            roots.append(nodes[r.id])
    return roots


def _naive_cameras(conn: Connection, scope: frozenset[str], text: str | None) -> list[Camera]:
    # The scope clause is the same SQL as then (enabled, not removed, area prefixes).
    rows = list(conn.execute(select(cameras).where(*camera_filter(scope))
                             .order_by(cameras.c.id)))
    if not rows:
        return []
    ids = [r.id for r in rows]
    tags: dict[str, list[str]] = {}
    for cam_id, t in conn.execute(select(camera_tags.c.camera_id, camera_tags.c.tag)
                                  .where(camera_tags.c.camera_id.in_(ids))):
        tags.setdefault(cam_id, []).append(t)
    streams: dict[str, dict[str, str]] = {}
    for cam_id, profile, url in conn.execute(
            select(camera_streams.c.camera_id, camera_streams.c.profile, camera_streams.c.url)
            .where(camera_streams.c.camera_id.in_(ids))):
        streams.setdefault(cam_id, {})[profile] = url
    names = _naive_area_names(conn)
    out = [Camera(id=r.id, name=r.name, area_id=r.area_id,
                  area_path=tuple(_naive_path(r.area_id, names)), lat=r.lat, lon=r.lon,
                  ptz=bool(r.ptz), tags=tuple(sorted(tags.get(r.id, []))),
                  streams=streams.get(r.id, {})) for r in rows]
    if text:
        needle = text.casefold()
        out = [c for c in out
               if needle in c.id.casefold() or needle in c.name.casefold()
               or any(needle in p.casefold() for p in c.area_path)
               or any(needle in t.casefold() for t in c.tags)]
    return out


def _naive_json(cam: Camera, statuses: dict[str, CameraStatus]) -> dict:
    return {"id": cam.id, "name": cam.name, "area_id": cam.area_id,
            "area_path": list(cam.area_path), "tags": list(cam.tags), "ptz": cam.ptz,
            "lat": cam.lat, "lon": cam.lon,
            "profiles": [p.value for p in Profile if p.value in cam.streams],
            "status": statuses.get(cam.id, CameraStatus.UNKNOWN).value}


peer = APIRouter(prefix="/peer/v1")


@peer.get("/areas", response_model=list[AreaOut])
def peer_areas(user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)):
    with ctx.engine.connect() as conn:
        return [node.to_json() for node in _naive_tree(conn, user.areas)]


@peer.get("/cameras", response_model=list[CameraOut])
def peer_cameras(q: str | None = Query(None, max_length=200),
                 user: User = Depends(current_user), ctx: ServerContext = Depends(get_ctx)):
    with ctx.engine.connect() as conn:
        found = _naive_cameras(conn, user.areas, q or None)
    statuses = ctx.recorder.camera_statuses()
    return [_naive_json(c, statuses) for c in found]


# -- measuring -----------------------------------------------------------------------

class Side:
    """One side's requests: Pantau under /api/v1, the peer under /peer/v1."""

    def __init__(self, client: TestClient, prefix: str, token: str) -> None:
        self.client, self.prefix = client, prefix
        self.headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}

    def get(self, path: str, etag: str | None = None, **params) -> tuple[float, int, str | None]:
        headers = dict(self.headers)
        if etag:
            headers["If-None-Match"] = etag
        start = time.perf_counter()
        resp = self.client.get(self.prefix + path, headers=headers, params=params)
        elapsed = time.perf_counter() - start
        assert resp.status_code in (200, 304), resp.text[:200]
        return elapsed, resp.num_bytes_downloaded, resp.headers.get("etag")


def _stats(samples: list[tuple[float, int, str | None]]) -> dict:
    times = sorted(s[0] * 1000 for s in samples)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
            "bytes": samples[-1][1], "n": len(times)}


_edits = iter(range(1_000_000))


def _edit(ctx: ServerContext) -> None:
    """A camera in Jakarta Selatan (the police user's) renamed, as the admin API writes
    it (updated_at moves): the admin's and the police user's lists both change."""
    with ctx.engine.begin() as conn:
        camera_id = conn.execute(select(cameras.c.id).where(
            cameras.c.area_id.like("jakarta-selatan.%")).order_by(cameras.c.id)
            .limit(1)).scalar_one()
        conn.execute(update(cameras).where(cameras.c.id == camera_id)
                     .values(name=f"Kamera Diubah {next(_edits)}", updated_at=utc_now()))


class _Statuses:
    """Recorder statuses that change at each step(): one of a few hundred recorded
    cameras going offline or back (the bench runs without a recorder)."""

    def __init__(self, ids: list[str]) -> None:
        self.ids, self.turn = ids, 0

    def step(self) -> None:
        self.turn += 1

    def __call__(self) -> dict[str, CameraStatus]:
        out = dict.fromkeys(self.ids, CameraStatus.ONLINE)
        out[self.ids[self.turn % len(self.ids)]] = CameraStatus.OFFLINE
        return out


def _measure_user(ctx: ServerContext, client: TestClient, user: str, repeat: int,
                  peer_repeat: int, log: Callable[[str], None], typing: bool = True) -> dict:
    token = client.post("/api/v1/auth/login",
                        json={"username": user, "password": PASSWORD}).json()["token"]
    ours, theirs = Side(client, "/api/v1", token), Side(client, "/peer/v1", token)
    cache = catalog_cache(ctx.engine)
    rows: dict[str, dict] = {}

    def row(name: str, pantau: list, peer_samples: list) -> None:
        rows[name] = {"pantau": _stats(pantau), "peer": _stats(peer_samples)}
        p, q = rows[name]["pantau"], rows[name]["peer"]
        log(f"  {user:6} {name:32} pantau {p['p50_ms']:8.1f} / {p['p95_ms']:8.1f} ms "
            f"{p['bytes']:>9} B   peer {q['p50_ms']:8.1f} / {q['p95_ms']:8.1f} ms "
            f"{q['bytes']:>9} B")

    naive_cameras: list = []
    for path in ("/areas", "/cameras"):
        ours.get(path)  # the revision and area directory of this database, once
        naive = [theirs.get(path) for _ in range(peer_repeat)]
        if path == "/cameras":
            naive_cameras = naive
            cold = []
            for _ in range(max(1, repeat // 5)):
                cache.forget_lists()
                cache.forget_built()
                cold.append(ours.get(path))
            row("first list after a start /cameras", cold, naive)
        row(f"sign-in GET {path}", [ours.get(path) for _ in range(repeat)], naive)
        after = []
        for _ in range(repeat):
            _edit(ctx)
            after.append(ours.get(path))
        # The peer builds every answer anyway: an edit changes nothing for it.
        row(f"after an edit GET {path}", after, naive)
        etag = ours.get(path)[2]
        row(f"revalidate GET {path}", [ours.get(path, etag) for _ in range(repeat)],
            [theirs.get(path) for _ in range(peer_repeat)])
    # The client of this release: the list without statuses, the statuses apart.
    plain = {"status": "false"}
    ours.get("/cameras", **plain)
    row("sign-in ?status=false", [ours.get("/cameras", **plain) for _ in range(repeat)],
        naive_cameras)
    after = []
    for _ in range(repeat):
        _edit(ctx)
        after.append(ours.get("/cameras", **plain))
    row("after an edit ?status=false", after, naive_cameras)
    statuses = _Statuses([f"city{n:05d}" for n in range(1, 30_000, 100)])
    real = ctx.recorder.camera_statuses
    ctx.recorder.camera_statuses = statuses  # type: ignore[method-assign]
    try:
        changed, apart = [], []
        ours.get("/cameras")
        for _ in range(repeat):
            statuses.step()
            changed.append(ours.get("/cameras"))
        etag = ours.get("/cameras", **plain)[2]
        for _ in range(repeat):
            statuses.step()
            apart.append(ours.get("/camera-statuses"))
            assert ours.get("/cameras", etag, **plain)[1] == 0  # the list: still a 304
        row("status change GET /cameras", changed, naive_cameras)
        row("status change /camera-statuses", apart, naive_cameras)
    finally:
        ctx.recorder.camera_statuses = real  # type: ignore[method-assign]
    if not typing:
        return rows
    typed_ours, typed_page, typed_peer = [], [], []
    for word in TYPED:
        for i in range(1, len(word) + 1):
            for _ in range(max(1, repeat // 5)):
                cache.forget_built()
                typed_ours.append(ours.get("/cameras", q=word[:i]))
                cache.forget_built()
                typed_page.append(ours.get("/cameras", q=word[:i], limit=PAGE))
            typed_peer.append(theirs.get("/cameras", q=word[:i]))
    row("typing GET /cameras?q= (each key)", typed_ours, typed_peer)
    row(f"typing ?q=&limit={PAGE} (peer: all)", typed_page, typed_peer)
    return rows


@contextlib.contextmanager
def _database(backend: str, root: Path) -> Iterator[str | None]:
    if backend == "sqlite":
        yield None
        return
    from tests.support.postgres import PostgresCluster

    with PostgresCluster.started() as cluster, cluster.database() as url:
        yield url


def run_backend(backend: str, repeat: int, peer_repeat: int,
                log: Callable[[str], None], typing: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="pantau-bench-catalog-") as tmp, \
            _database(backend, Path(tmp)) as url:
        ctx = build_context(Settings(data_dir=Path(tmp) / "data", database_url=url, demo=True,
                                     record=False))
        start = time.perf_counter()
        added = seed_city(ctx.engine)
        log(f"{backend}: seeded {added} cameras in {time.perf_counter() - start:.1f} s")
        app = create_app(ctx, start_services=False)
        app.include_router(peer)
        out: dict = {}
        with TestClient(app) as client:
            start = time.perf_counter()
            with ctx.engine.connect() as conn:
                catalog_cache(ctx.engine).sync(conn)  # search texts of the bulk seed
            log(f"{backend}: search texts of the seeded city in "
                f"{time.perf_counter() - start:.1f} s (once)")
            for user in USERS:
                out[user] = _measure_user(ctx, client, user, repeat, peer_repeat, log,
                                          typing)
        ctx.engine.dispose()
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="Pantau requests per row")
    parser.add_argument("--peer-repeat", type=int, default=3, help="peer requests per row")
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument("--no-typing", action="store_true", help="skip the typing rows")
    parser.add_argument("--out", type=Path, default=REPO / "var" / "bench" / "catalog.json")
    args = parser.parse_args(argv)
    results = {}
    for backend in args.backend or ["sqlite", "postgresql"]:
        results[backend] = run_backend(backend, args.repeat, args.peer_repeat,
                                       lambda line: print(line, flush=True),
                                       not args.no_typing)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
