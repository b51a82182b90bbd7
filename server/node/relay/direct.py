"""Direct-live sites: a LAN whose cameras have no passwords may be watched without the
relay. Decided per camera at the moment a live URL is asked for."""

from __future__ import annotations

from sqlalchemy import Connection, select

from server.schema import areas, cameras


def ancestors(area_id: str) -> list[str]:
    """``a.b.c`` → ``[a, a.b, a.b.c]``: area ids are dotted paths from the kota down."""
    parts = area_id.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def watch_directly(conn: Connection, camera_id: str) -> bool:
    """True when the camera's area or an area above it allows direct live and the
    camera has no stored account (a password must never reach a client)."""
    row = conn.execute(
        select(cameras.c.area_id, cameras.c.credential_id).where(cameras.c.id == camera_id)
    ).first()
    if row is None or row.credential_id is not None:
        return False
    found = conn.execute(
        select(areas.c.id).where(
            areas.c.id.in_(ancestors(row.area_id)), areas.c.live_direct.is_(True)
        )
    ).first()
    return found is not None
