"""Who may open what, asked of the database at the moment a relay session starts (and
again whenever a camera or user changes): a valid signature is not enough, the user
must still exist and be enabled, and the camera must be enabled and in their areas."""

from __future__ import annotations

from enum import Enum

from sqlalchemy import Connection, select

from server.areas import in_scope
from server.node.relay.tickets import Ticket, TicketKind
from server.schema import camera_streams, cameras
from server.users import load_user


class Verdict(Enum):
    ALLOWED = "allowed"
    USER_GONE = "user gone"  # deleted or disabled
    CAMERA_GONE = "camera gone"  # unknown, disabled or removed
    NO_STREAM = "no such stream"  # the camera has no stream of this profile
    OUT_OF_AREA = "outside the user's areas"


def camera_streamable(conn: Connection, camera_id: str, profile: str) -> Verdict:
    row = conn.execute(
        select(cameras.c.enabled, cameras.c.removed_at).where(cameras.c.id == camera_id)
    ).first()
    if row is None or not row.enabled or row.removed_at is not None:
        return Verdict.CAMERA_GONE
    stream = conn.execute(
        select(camera_streams.c.url).where(
            camera_streams.c.camera_id == camera_id, camera_streams.c.profile == profile
        )
    ).first()
    return Verdict.ALLOWED if stream is not None else Verdict.NO_STREAM


def check(conn: Connection, ticket: Ticket) -> Verdict:
    verdict = camera_streamable(conn, ticket.camera_id, ticket.profile.value)
    if verdict is not Verdict.ALLOWED or ticket.kind is TicketKind.RECORDER:
        return verdict
    user = load_user(conn, ticket.user_id)
    if user is None:
        return Verdict.USER_GONE
    area_id = conn.execute(
        select(cameras.c.area_id).where(cameras.c.id == ticket.camera_id)
    ).scalar()
    return Verdict.ALLOWED if in_scope(area_id, user.areas) else Verdict.OUT_OF_AREA
