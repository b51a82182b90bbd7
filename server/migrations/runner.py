"""Bring a database to the newest schema revision. Every engine the server opens goes
through here, so the common case (already at head) is one small query; only a database
that is behind takes the lock and runs Alembic."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.pool import NullPool

from server.schema import metadata

log = logging.getLogger(__name__)

SCRIPT_DIR = Path(__file__).resolve().parent
VERSION_TABLE = "alembic_version"
BASELINE = "0001_baseline"
# Any fixed number: the key of the PostgreSQL advisory lock that starting servers queue on,
# so two processes starting on one database never both migrate it.
PG_LOCK_KEY = 0x70616E746175  # "pantau"
# A table every release has had: its presence without alembic_version means a database
# made by create_all before migrations existed.
ALWAYS_THERE = "users"
# Made by 0002: a create_all database that has it is from issue 12's development.
SINCE_ISSUE12 = "credentials"


class SchemaError(RuntimeError):
    """The database cannot be brought to this server's schema (its message says why)."""


@dataclass(frozen=True)
class Upgrade:
    before: str | None  # None: an empty database or one of the previous release
    after: str
    adopted: bool = False  # tables without a version were stamped before upgrading

    @property
    def changed(self) -> bool:
        return self.before != self.after


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(str(SCRIPT_DIR))


def head_revision() -> str:
    return _scripts().get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def upgrade(engine: Engine) -> Upgrade:
    """Upgrade ``engine``'s database to head: create an empty one, adopt one made by the
    previous release (stamp the baseline, then upgrade), leave one at head alone."""
    head = head_revision()
    before = current_revision(engine)
    if before == head:
        return Upgrade(before, head)
    _check_known(before, head)
    with migration_connection(engine) as conn:
        before = _revision(conn)  # another process may have migrated while we waited
        if before == head:
            return Upgrade(before, head)
        adopted = before is None and _adopt(conn, head)
        command.upgrade(alembic_config(conn), "head")
        if conn.dialect.name == "sqlite":
            _check_foreign_keys(conn)
    log.info("database schema upgraded from %s to %s", before or "nothing", head)
    return Upgrade(before, head, adopted)


def _revision(conn: Connection) -> str | None:
    # Read directly rather than through a MigrationContext, which logs on every
    # configure: this runs for every engine the server and its tests open.
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    versions = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(versions) > 1:
        raise SchemaError(f"the database has several schema heads ({versions}): not Pantau's")
    return versions[0] if versions else None


def _check_known(revision: str | None, head: str) -> None:
    if revision is None:
        return
    try:
        _scripts().get_revision(revision)
    except CommandError:
        raise SchemaError(
            f"the database is at schema revision {revision!r}, which this server does not "
            f"know (its newest is {head!r}): it was upgraded by a newer Pantau"
        ) from None


def alembic_config(conn: Connection) -> Config:
    """Alembic's configuration for running commands on ``conn`` (which must be in a
    transaction the caller commits)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def _adopt(conn: Connection, head: str) -> bool:
    """Stamp a database that has tables but no version; True when it had tables."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return False
    if ALWAYS_THERE not in tables:
        raise SchemaError(
            f"the database has tables ({', '.join(sorted(tables)[:5])}…) but is not a "
            "Pantau database: give the server an empty database or its own"
        )
    if SINCE_ISSUE12 not in tables:
        command.stamp(alembic_config(conn), BASELINE)
        return True
    # Made by create_all while issue 12 was built: adopt it only if it is exactly head.
    diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    if diffs:
        raise SchemaError(
            "the database was made without migrations and differs from this server's "
            f"schema ({len(diffs)} differences, first: {diffs[0]!r}); start from a new one"
        )
    command.stamp(alembic_config(conn), head)
    return True


def _check_foreign_keys(conn: Connection) -> None:
    # Tables SQLite's batch mode copied were checked by nothing while enforcement was
    # off: refuse to commit a migration that left a dangling reference.
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise SchemaError(f"the migration left broken references: {broken[:5]}")


@contextlib.contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other migrating process can enter."""
    if engine.dialect.name == "sqlite":
        migrator = _sqlite_migrator(engine)
        try:
            with migrator.connect() as conn, conn.begin():
                yield conn
        finally:
            migrator.dispose()
        return
    with engine.connect() as conn, conn.begin():
        if engine.dialect.name == "postgresql":
            # Held until this transaction ends; PostgreSQL's DDL is transactional, so
            # the next process sees either nothing done or everything.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
        yield conn


def _sqlite_migrator(engine: Engine) -> Engine:
    """A one-off engine for migrating SQLite: the whole upgrade in one real transaction
    (pysqlite otherwise commits before each DDL statement), taken with BEGIN IMMEDIATE so
    a second process waits for it, and with foreign keys off so batch mode may copy and
    replace a table others reference (SQLite's documented procedure for that)."""
    migrator = create_engine(
        engine.url,
        poolclass=NullPool,
        connect_args={"check_same_thread": False, "timeout": 15},
    )

    @event.listens_for(migrator, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.close()

    @event.listens_for(migrator, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return migrator
