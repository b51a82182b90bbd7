"""A real server application on a real database, driven through FastAPI's TestClient.

The database is a SQLite file in the test's directory, or with
``PANTAU_TEST_DATABASE=postgresql`` a fresh database on a real PostgreSQL started for the
session (tests/support/postgres.py). Every test gets it as ``database_url`` (None for
SQLite) and in ``PANTAU_DATABASE_URL``, which the server and every ``python -m server``
command a test starts take as their default database (server/db.py ``default_url``).

The fleet below is what camsim's GET /cameras answers (same fields); importing it runs
the same import code as ``--camsim-url``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.app import build_context, create_app
from server.camsim_import import import_fleet
from server.db import DATABASE_URL_ENV, default_url, open_engine
from server.settings import Settings
from tests.support.footage import record
from tests.support.postgres import PostgresCluster, dump

DEMO_PASSWORD = "pantau-demo"


def _cam(cam_id, name, kota, kecamatan, kelurahan, rw, rt, tags, ptz=False):
    return {
        "id": cam_id,
        "name": name,
        "kota": kota,
        "kecamatan": kecamatan,
        "kelurahan": kelurahan,
        "rw": rw,
        "rt": rt,
        "lat": -6.2,
        "lon": 106.8,
        "tags": tags,
        "ptz": ptz,
        "state": "online",
        "rtsp": {
            "main": f"rtsp://127.0.0.1:8554/{cam_id}/main",
            "sub": f"rtsp://127.0.0.1:8554/{cam_id}/sub",
        },
        "onvif": f"http://127.0.0.1:8081/onvif/{cam_id}/device_service",
    }


FLEET = [
    _cam("cam001", "Taman Tebet Eco Park", "Jakarta Selatan", "Tebet", "Tebet Barat",
         "RW 03", "RT 007", ["taman", "banjir"], ptz=True),
    _cam("cam002", "Taman Langsat", "Jakarta Selatan", "Kebayoran Baru", "Selong",
         "RW 01", "RT 002", ["taman"]),
    _cam("cam003", "Stasiun Gambir", "Jakarta Pusat", "Gambir", "Gambir",
         "RW 02", "RT 005", ["transportasi"]),
    _cam("cam004", "Permukiman Kebon Jeruk", "Jakarta Barat", "Kebon Jeruk", "Sukabumi Utara",
         "RW 05", "RT 011", ["permukiman", "banjir"]),
]  # fmt: skip


class Api:
    """TestClient plus sign-in helpers."""

    def __init__(self, client: TestClient, ctx) -> None:
        self.client = client
        self.ctx = ctx

    def token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        resp = self.client.post(
            "/api/v1/auth/login", json={"username": username, "password": password}
        )
        assert resp.status_code == 200, resp.text
        return resp.json()["token"]

    def get(self, path: str, token: str | None = None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.get("/api/v1" + path, headers=headers, params=params)


class DatabaseKind(Enum):
    SQLITE = "sqlite"  # a file in the test's data directory (the default)
    POSTGRESQL = "postgresql"  # a fresh database on the session's PostgreSQL


TEST_DATABASE_ENV = "PANTAU_TEST_DATABASE"


def selected_database() -> DatabaseKind:
    value = os.environ.get(TEST_DATABASE_ENV, DatabaseKind.SQLITE.value)
    try:
        return DatabaseKind(value)
    except ValueError:
        raise pytest.UsageError(
            f"{TEST_DATABASE_ENV}={value!r}: use one of {[d.value for d in DatabaseKind]}"
        ) from None


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """The session's PostgreSQL, started on first use (a missing one fails the test)."""
    with PostgresCluster.started() as cluster:
        yield cluster


def _migrate(url: str) -> None:
    open_engine(url).dispose()


@contextlib.contextmanager
def _server_database(request) -> Iterator[str | None]:
    if selected_database() is DatabaseKind.SQLITE:
        yield None
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    # A copy of a database migrated once: the migrations themselves are tested in
    # test_migrations*, each test here only needs a current schema.
    with cluster.database(template=cluster.template("head", _migrate)) as url:
        yield url


@pytest.fixture(params=list(DatabaseKind), ids=lambda kind: kind.value)
def empty_database(request, tmp_path) -> Iterator[tuple[DatabaseKind, str]]:
    """An empty database on each backend in turn, whatever PANTAU_TEST_DATABASE says (the
    migration tests prove both dialects in every run)."""
    if request.param is DatabaseKind.SQLITE:
        yield request.param, f"sqlite:///{tmp_path / 'empty.db'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres")
    with cluster.database() as url:
        yield request.param, url


@pytest.fixture(autouse=True)
def database_url(request, monkeypatch) -> Iterator[str | None]:
    """This test's server database: None (SQLite in the data directory) or a PostgreSQL
    URL, also put in PANTAU_DATABASE_URL for servers and commands the test starts."""
    with _server_database(request) as url:
        if url:
            monkeypatch.setenv(DATABASE_URL_ENV, url)
        yield url


def stored_bytes(data_dir: Path) -> bytes:
    """Everything the server's database keeps, as bytes to search for secrets: the SQLite
    file and its write-ahead log, or a dump of this test's PostgreSQL database."""
    url = default_url(data_dir)
    if url.startswith("postgresql"):
        return dump(url)
    return b"".join(
        path.read_bytes() for path in (data_dir / "pantau.db", data_dir / "pantau.db-wal")
        if path.exists()
    )


def make_api(data_dir: Path, fleet=FLEET, database_url: str | None = None
             ) -> tuple[Api, TestClient]:
    ctx = build_context(Settings(data_dir=data_dir, database_url=database_url, demo=True,
                                 record=False))
    import_fleet(ctx, fleet)
    client = TestClient(create_app(ctx, start_services=False), raise_server_exceptions=False)
    return Api(client, ctx), client


@pytest.fixture
def api(tmp_path):
    api, client = make_api(tmp_path / "data")
    with client:
        yield api


@pytest.fixture(scope="module")
def shared_api(tmp_path_factory, request):
    """For tests that only read: one database for the whole module."""
    with _server_database(request) as url:
        api, client = make_api(tmp_path_factory.mktemp("server") / "data", database_url=url)
        with client:
            yield api


# 10:00 WIB: when the footage of ``footage_api`` starts.
FOOTAGE_T0 = datetime(2026, 11, 22, 3, 0, 0, tzinfo=UTC)


@pytest.fixture
def footage_api(tmp_path):
    """An API whose cam001 has 20 s of footage from FOOTAGE_T0 (10 fps, a keyframe a
    second, 4 s segments), written with PyAV and indexed like the recorder's."""
    data = tmp_path / "data"
    api, client = make_api(data)
    record(api.ctx.engine, data, "cam001", FOOTAGE_T0, seconds=20, segment_s=4, fps=10, gop=10)
    with client:
        yield api
