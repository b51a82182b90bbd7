"""Which of a camera's streams the analytics pull: the smallest, by its probed size,
else by its profile (third, then sub, then main)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from server.cameras import Profile
from server.schema import camera_streams

_BY_NAME = {Profile.THIRD: 0, Profile.SUB: 1, Profile.MAIN: 2}


def smallest_profile(conn: Connection, camera_id: str) -> Profile | None:
    rows = conn.execute(
        select(camera_streams.c.profile, camera_streams.c.width, camera_streams.c.height)
        .where(camera_streams.c.camera_id == camera_id)
    ).all()
    known = [(Profile(p), w, h) for p, w, h in rows if p in Profile._value2member_map_]
    if not known:
        return None
    if all(w and h for _, w, h in known):
        return min(known, key=lambda e: e[1] * e[2])[0]
    # Some never probed: their sizes are unknown, so the profiles' usual sizes decide.
    return min(known, key=lambda e: _BY_NAME[e[0]])[0]
