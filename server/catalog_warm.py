"""The camera lists users load at sign-in, built when the server starts rather than by
the first user who asks: at city scale (30,418 cameras) an administrator's list takes
3-5 s to build from every row (bench/bench_catalog.py, "first list after a start"),
and after that only the rows an edit wrote are patched in.

The scopes come from the accounts (one list per distinct set of areas), the most shared
first, up to the number of lists the catalog keeps."""

from __future__ import annotations

import logging
import threading
from collections import Counter

from sqlalchemy import select

from server.catalog_cache import SCOPE_LISTS, catalog_cache
from server.context import ServerContext
from server.schema import user_areas, users

log = logging.getLogger(__name__)


def account_scopes(ctx: ServerContext) -> list[frozenset[str]]:
    """Distinct area sets of enabled accounts, the most shared first."""
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            select(user_areas.c.user_id, user_areas.c.area_id)
            .join(users, users.c.id == user_areas.c.user_id)
            .where(users.c.disabled.is_(False))
        )
        by_user: dict[int, set[str]] = {}
        for user_id, area_id in rows:
            by_user.setdefault(user_id, set()).add(area_id)
    shared = Counter(frozenset(areas) for areas in by_user.values())
    return [scope for scope, _count in shared.most_common(SCOPE_LISTS)]


def warm_catalog(ctx: ServerContext, stop: threading.Event) -> int:
    """Build the whole list of each account scope; returns how many were built."""
    cache = catalog_cache(ctx.engine)
    built = 0
    for scope in account_scopes(ctx):
        if stop.is_set():
            break
        with ctx.engine.connect() as conn:
            revision, directory = cache.sync(conn)
            cache.whole_list(conn, revision, directory, scope)
        built += 1
    log.info("camera lists of %d account scopes built", built)
    return built
