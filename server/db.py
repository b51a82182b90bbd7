"""The database engine: SQLite in the data directory by default, any SQLAlchemy URL
otherwise."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from server.migrations.runner import upgrade
from server.private_files import private_dir, private_file

# The database URL when none is given on the command line: a PostgreSQL URL carries a
# password, which the environment keeps from other users of the machine (ps shows argv).
DATABASE_URL_ENV = "PANTAU_DATABASE_URL"


def default_url(data_dir: Path) -> str:
    """PANTAU_DATABASE_URL when set, else SQLite in the data directory."""
    return os.environ.get(DATABASE_URL_ENV) or sqlite_url(data_dir)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'pantau.db').resolve()}"


def open_engine(url: str) -> Engine:
    """An engine on a database at this server's schema (upgraded first if behind)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        # Password hashes and sealed camera passwords: the file (and so its WAL and
        # shared-memory files, which SQLite creates with the database's mode) is 0600.
        path = Path(url.removeprefix("sqlite:///").partition("?")[0])
        if not path.parent.exists():
            private_dir(path.parent)  # never chmod a folder we did not make
        private_file(path)
    engine = make_engine(url)
    # Creates an empty database, upgrades an older one; one query when it is current.
    upgrade(engine)
    return engine


def make_engine(url: str) -> Engine:
    """An engine as the server configures it, on the database as it is."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            # WAL lets the API read while recorder threads index segments.
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.close()
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine
