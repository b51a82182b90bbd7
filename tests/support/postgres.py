"""A real PostgreSQL for tests: Debian's server binaries started in a temporary
directory, reachable only through a unix socket in that directory (no TCP port to race
for, nothing on the network), one fresh database per test.

    with PostgresCluster.started() as pg:
        with pg.database() as url:      # a copy of the migrated template, dropped after
            engine = create_engine(url)

initdb refuses to run as root (the tests do), so the cluster is made and run by the
unprivileged ``postgres`` account the package creates, in a directory it owns. A missing
PostgreSQL is an error, never a skip: ``make deps`` installs it.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

SUPERUSER = "postgres"
# Durability is worthless for a throwaway cluster; without fsync a CREATE DATABASE
# (a file copy) and each commit cost far less.
SERVER_OPTIONS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    # Engines a test leaves open keep their pooled connections until dropped with it.
    "max_connections": "300",
}
START_TIMEOUT_S = 60


class PostgresMissing(RuntimeError):
    pass


def find_bindir() -> Path:
    """Debian's /usr/lib/postgresql/<major>/bin, the newest major installed."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if not found:
        raise PostgresMissing(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): "
            "install Debian's postgresql package (make deps)"
        )
    return Path(found[-1]).parent


class PostgresCluster:
    def __init__(self, root: Path, bindir: Path, run_as: str | None) -> None:
        self.root = root
        self.bindir = bindir
        self.run_as = run_as
        self.data = root / "data"
        self.socket_dir = root
        self.log = root / "postgres.log"
        self._names = itertools.count(1)
        self._templates: dict[str, str] = {}

    # -- lifetime ------------------------------------------------------------------

    @classmethod
    @contextlib.contextmanager
    def started(cls) -> Iterator[PostgresCluster]:
        bindir = find_bindir()
        run_as = SUPERUSER if os.geteuid() == 0 else None
        root = Path(tempfile.mkdtemp(prefix="pantau-pg-"))
        if run_as:
            account = pwd.getpwnam(run_as)
            os.chown(root, account.pw_uid, account.pw_gid)
        cluster = cls(root, bindir, run_as)
        try:
            cluster._init_and_start()
            yield cluster
        finally:
            cluster._stop()
            shutil.rmtree(root, ignore_errors=True)

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            user=self.run_as,
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip()}\n"
                f"{self._log_tail()}"
            )

    def _init_and_start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        options = " ".join(f"-c {k}={v}" for k, v in SERVER_OPTIONS.items())
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
                  "-t", str(START_TIMEOUT_S), "-o", f"-k {self.socket_dir} {options}")

    def _stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")

    def _log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # -- databases -----------------------------------------------------------------

    def url(self, name: str) -> str:
        """SQLAlchemy URL of database ``name`` (psycopg 3 over the unix socket)."""
        return f"postgresql+psycopg://{SUPERUSER}@/{name}?host={self.socket_dir}"

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(host=str(self.socket_dir), user=SUPERUSER, dbname="postgres",
                               autocommit=True)

    def create(self, template: str = "template1") -> str:
        """A new database copied from ``template``; returns its name."""
        name = f"t{os.getpid()}_{next(self._names)}"
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop(self, name: str) -> None:
        # FORCE: engines a test forgot to dispose still hold pooled connections.
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @contextlib.contextmanager
    def database(self, template: str = "template1") -> Iterator[str]:
        """A fresh database for one test (its URL), dropped afterwards."""
        name = self.create(template)
        try:
            yield self.url(name)
        finally:
            self.drop(name)

    def template(self, key: str, prepare: Callable[[str], None]) -> str:
        """A database prepared once by ``prepare(url)`` (e.g. migrated to head), for
        ``database(template=...)``: copying it costs far less than preparing each one."""
        if key not in self._templates:
            name = self.create()
            prepare(self.url(name))
            self._templates[key] = name
        return self._templates[key]


def dump(url: str) -> bytes:
    """pg_dump of the database at ``url`` (one made by a PostgresCluster)."""
    parsed = make_url(url)
    bindir = find_bindir()
    result = subprocess.run(
        [str(bindir / "pg_dump"), "--host", parsed.query["host"], "--username",
         parsed.username or SUPERUSER, "--no-owner", parsed.database],
        capture_output=True, timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {result.stderr.decode(errors='replace')}")
    return result.stdout
