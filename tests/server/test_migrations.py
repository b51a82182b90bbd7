"""The migrations build exactly ``server.schema.metadata``, on SQLite and PostgreSQL: a
column added to schema.py without a revision fails here. The baseline is exactly the
previous release's schema, and going back down to it gives that schema again."""

from __future__ import annotations

import threading
import time

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, text

from server.db import make_engine, open_engine
from server.migrations.runner import (
    BASELINE,
    PG_LOCK_KEY,
    SchemaError,
    alembic_config,
    current_revision,
    head_revision,
    migration_connection,
    upgrade,
)
from server.schema import metadata
from tests.server.legacy import schema_cae717f as legacy


def _differences(engine, target: MetaData) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), target)


def test_upgrade_head_on_empty_database_is_exactly_the_schema(empty_database):
    _kind, url = empty_database
    engine = open_engine(url)
    assert current_revision(engine) == head_revision()
    assert _differences(engine, metadata) == []
    engine.dispose()


def test_baseline_is_the_previous_release_and_downgrade_returns_to_it(empty_database):
    _kind, url = empty_database
    engine = make_engine(url)
    with migration_connection(engine) as conn:
        command.upgrade(alembic_config(conn), BASELINE)
    assert current_revision(engine) == BASELINE
    assert _differences(engine, legacy.metadata) == []

    upgrade(engine)
    assert _differences(engine, metadata) == []
    with migration_connection(engine) as conn:
        command.downgrade(alembic_config(conn), BASELINE)
    assert _differences(engine, legacy.metadata) == []
    engine.dispose()


def test_previous_release_database_made_by_create_all_upgrades_to_the_schema(empty_database):
    _kind, url = empty_database
    plain = create_engine(url)
    legacy.metadata.create_all(plain)  # as the previous release made every database
    plain.dispose()
    engine = make_engine(url)
    done = upgrade(engine)
    assert (done.before, done.after, done.adopted) == (None, head_revision(), True)
    assert _differences(engine, metadata) == []
    engine.dispose()


def test_two_servers_starting_on_one_postgresql_migrate_it_once(postgres):
    with postgres.database() as url:
        holder = create_engine(url)
        results, errors = [], []

        def start() -> None:
            engine = make_engine(url)
            try:
                results.append(upgrade(engine))
            except Exception as exc:  # reported below, with the other start's outcome
                errors.append(exc)
            finally:
                engine.dispose()

        with holder.connect() as conn:
            # Hold the migration lock so both starts are queued on it at once.
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_LOCK_KEY})
            starts = [threading.Thread(target=start) for _ in range(2)]
            for t in starts:
                t.start()
            waiting = 0
            while waiting < 2:  # each start is now blocked on the lock
                assert all(t.is_alive() for t in starts), errors
                waiting = conn.execute(text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                    "AND NOT granted")).scalar()
                conn.commit()
                time.sleep(0.02)  # polling politely; the loop waits for the state above
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
            conn.commit()
            for t in starts:
                t.join(60)
        holder.dispose()
    assert errors == []
    assert sorted(r.changed for r in results) == [False, True]
    assert {r.after for r in results} == {head_revision()}


def test_a_database_from_a_newer_server_is_refused(empty_database):
    _kind, url = empty_database
    engine = open_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    with pytest.raises(SchemaError, match="'0999_future'.*newer Pantau"):
        open_engine(url)
    assert current_revision(engine) == "0999_future"  # and nothing was done to it
    engine.dispose()

