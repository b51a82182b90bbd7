"""What makes the catalog cheap at city scale: a revision read from the database in one
small query per request, and what was built for that revision kept until it changes.

The revision is derived from the tables themselves (counts and the newest updated_at),
not from a counter each writer must remember to bump: every module that
writes cameras (imports, the admin API, a bulk seed) and every server process sharing
one PostgreSQL changes it just by writing. What it relies on: a camera write (tags and
streams included) sets cameras.updated_at, as every writer does; areas are only ever
added (an area renamed in place is seen by this process's directory, not counted).

Measured with the 30,418-camera city on the shared 2-core machine: the old per-request
read of every area name cost 1.1-1.4 s for GET /areas; the revision is four index
lookups.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection, Engine, func, or_, select, update

from server import camera_search
from server.areas import AreaDirectory
from server.camera_search import escape_like
from server.catalog_list import ScopeList, Snapshot
from server.schema import areas, cameras

# Level 5: an admin's full list (about 9 MB of JSON) gzips to a tenth in about a fifth
# of level 9's time; it is compressed once per revision, not per request.
GZIP_LEVEL = 5
CACHE_BYTES = 96 << 20  # compressed bodies kept, all scopes and filters together
MEMO_ENTRIES = 16  # encoded lists kept (an admin's whole list is about 9 MB)
SCOPE_LISTS = 16  # whole lists kept and patched, one per scope (admin: about 20 MB)
T = TypeVar("T")


@dataclass(frozen=True)
class Revision:
    cameras: tuple  # rows, newest updated_at, removed rows
    areas: int  # rows
    newest: datetime | None = field(default=None, compare=False)

    def token(self) -> str:
        return repr((self.cameras, self.areas))


def read_revision(conn: Connection) -> Revision:
    """Four index lookups in one statement (each a subquery, so SQLite's min/max and
    count optimisations apply to each): about 1 ms where scanning the rows took 40."""
    def scalar(query):
        return query.scalar_subquery()

    row = conn.execute(select(
        scalar(select(func.count()).select_from(cameras)),
        scalar(select(func.max(cameras.c.updated_at))),
        scalar(select(func.count()).select_from(cameras).where(cameras.c.removed_at.is_not(None))),
        scalar(select(func.count()).select_from(areas)),
    )).one()
    updated = None if row[1] is None else str(row[1])
    return Revision(cameras=(row[0], updated, row[2]), areas=row[3], newest=row[1])


@dataclass(frozen=True)
class Body:
    etag: str
    gzipped: bytes
    size: int  # uncompressed
    headers: tuple[tuple[str, str], ...] = ()  # sent with it (and with its 304)

    def plain(self) -> bytes:
        return gzip.decompress(self.gzipped)


def make_etag(*parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]
    # Weak: the same answer goes out gzipped or not.
    return f'W/"{digest}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110's weak comparison against an If-None-Match list."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


class CatalogCache:
    """One per database engine: the area directory and built answers for the revision
    last seen. Thread-safe (sync endpoints run on a thread pool)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._revision: Revision | None = None
        self._directory: AreaDirectory | None = None
        self._bodies: OrderedDict[str, Body] = OrderedDict()
        self._bytes = 0
        self._memo: OrderedDict[str, object] = OrderedDict()
        self._lists: OrderedDict[frozenset[str], ScopeList] = OrderedDict()
        self._renames = 0  # area renames seen: every path in a kept list is redone

    def sync(self, conn: Connection) -> tuple[Revision, AreaDirectory]:
        """The current revision and area directory. When the revision moved, search texts
        behind their row's updated_at (or under a renamed area) are redone first."""
        revision = read_revision(conn)
        with self._lock:
            if revision == self._revision and self._directory is not None:
                return revision, self._directory
            old = self._directory
            directory = old
            if old is None or self._revision is None or revision.areas != self._revision.areas:
                directory = AreaDirectory.load(conn)
            # Rows written since the revision last seen are the only ones that can be
            # behind (a write moves updated_at forward): found through its index.
            since = None if self._revision is None else self._revision.newest
            renamed = _renamed(old, directory)
            self._renames += bool(renamed)
            self._repair(directory, renamed, since)
            self._directory = directory
            self._revision = revision
            # What was built stays: keys hold the parts of the revision they depend on
            # (the areas' tree survives a camera edit), old ones age out of the LRU.
            return revision, directory

    def whole_list(self, conn: Connection, revision: Revision, directory: AreaDirectory,
                   scope: frozenset[str]) -> Snapshot:
        """Every listed camera in ``scope`` at ``revision`` (from sync): kept per scope
        and patched with the rows written since, not built again."""
        with self._lock:
            found = self._lists.get(scope)
            if found is None:
                found = self._lists[scope] = ScopeList(scope)
            self._lists.move_to_end(scope)
            while len(self._lists) > SCOPE_LISTS:
                self._lists.popitem(last=False)
            renames = self._renames
        return found.current(conn, revision, directory.path_of, renames)

    def kept_scopes(self) -> list[frozenset[str]]:
        """The scopes whose whole list is kept now, least recently used first."""
        with self._lock:
            return list(self._lists)

    @property
    def patches(self) -> int:
        """Revisions brought into the kept lists by a patch rather than a build."""
        with self._lock:
            return sum(kept.patches for kept in self._lists.values())

    def forget_lists(self) -> None:
        """Drop the whole lists kept per scope: the next is built from every row, as
        after a server start (bench/bench_catalog.py measures that case)."""
        with self._lock:
            self._lists.clear()

    def forget_built(self) -> None:
        """Drop the answers built (not the revision, nor the whole lists kept per scope):
        the next filtered lists are built again (bench/bench_catalog.py's typing)."""
        with self._lock:
            self._bodies.clear()
            self._bytes = 0
            self._memo.clear()

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """What ``build`` makes, kept for this revision (the few most recent keys)."""
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]  # type: ignore[return-value]
        made = build()
        with self._lock:
            self._memo[key] = made
            while len(self._memo) > MEMO_ENTRIES:
                self._memo.popitem(last=False)
        return made

    def _repair(self, directory: AreaDirectory, renamed: list[str],
                since: datetime | None) -> None:
        with self._engine.begin() as conn:
            if renamed:
                under = []
                for area_id in renamed:
                    under.append(cameras.c.area_id == area_id)
                    under.append(cameras.c.area_id.like(escape_like(area_id) + ".%", escape="\\"))
                conn.execute(update(cameras).where(or_(*under)).values(search_stamp=None))
                since = None
            recent = None if since is None else cameras.c.updated_at >= since
            camera_search.refresh(conn, directory.path_of, recent)

    def body(self, etag: str, build: Callable[[], bytes | tuple[bytes, dict[str, str]]]
             ) -> Body:
        with self._lock:
            found = self._bodies.get(etag)
            if found is not None:
                self._bodies.move_to_end(etag)
                return found
        def gzipped() -> tuple[bytes, int, dict[str, str]]:
            built = build()
            plain, headers = built if isinstance(built, tuple) else (built, {})
            return gzip.compress(plain, GZIP_LEVEL, mtime=0), len(plain), headers

        return self.gzipped_body(etag, gzipped)

    def gzipped_body(self, etag: str, build: Callable[[], tuple[bytes, int, dict[str, str]]]
                     ) -> Body:
        """As body(), for a builder that gzips itself: (gzipped, plain length, headers)."""
        with self._lock:
            found = self._bodies.get(etag)
            if found is not None:
                self._bodies.move_to_end(etag)
                return found
        zipped, size, headers = build()  # outside the lock: a build must not hold up 304s
        made = Body(etag, zipped, size, tuple(headers.items()))
        with self._lock:
            if etag not in self._bodies:
                self._bodies[etag] = made
                self._bytes += len(made.gzipped)
                while self._bytes > CACHE_BYTES and len(self._bodies) > 1:
                    _, old = self._bodies.popitem(last=False)
                    self._bytes -= len(old.gzipped)
        return made


def _renamed(old: AreaDirectory | None, new: AreaDirectory) -> list[str]:
    if old is None:
        return []
    return [a for a, (name, _) in new.names.items() if a in old.names and old.names[a][0] != name]


_caches: weakref.WeakKeyDictionary[Engine, CatalogCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def catalog_cache(engine: Engine) -> CatalogCache:
    with _caches_lock:
        found = _caches.get(engine)
        if found is None:
            found = _caches[engine] = CatalogCache(engine)
        return found
