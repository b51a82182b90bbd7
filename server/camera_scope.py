"""Which of some cameras lie in a user's areas, whatever their state (a disabled or
removed camera keeps its area): the scope check for things that name cameras (views,
evidence requests), where the catalog's list of listed cameras would be the wrong
question."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select

from server.areas import in_scope
from server.schema import cameras

_CHUNK = 500  # ids per IN (...)


def camera_areas(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """Camera id -> area id, for the ids that name a camera."""
    wanted = sorted(set(ids))
    found: dict[str, str] = {}
    for i in range(0, len(wanted), _CHUNK):
        query = select(cameras.c.id, cameras.c.area_id).where(
            cameras.c.id.in_(wanted[i : i + _CHUNK]))
        found.update((r.id, r.area_id) for r in conn.execute(query))
    return found


def in_areas(conn: Connection, scope: frozenset[str], ids: Iterable[str]) -> set[str]:
    """The ids among ``ids`` of cameras inside ``scope``."""
    return {cam for cam, area in camera_areas(conn, ids).items() if in_scope(area, scope)}
