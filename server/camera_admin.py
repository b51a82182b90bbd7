"""Cameras as an administrator keeps them: add, edit, move, disable, remove, and the
camera accounts they use. The operators' catalog (server/cameras.py) only reads.

A camera's password is sealed into a credential named ``camera:<id>`` (its own
account) or the camera points at a named credential shared by many (an integrator's
``hik-default``); named credential ids never hold a ``:``, so the two never collide.

Removal keeps the row (bookmarks, exports and footage still name the camera) with
``removed_at`` set: it leaves every list and stream at once and its footage goes with
retention. Its id stays taken: adding it again needs ``restore`` said explicitly, which
brings the camera back with its old footage rather than mixing a new camera into it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import Connection, delete, func, select

from server.areas import area_names, path_names
from server.cameras import Profile
from server.clock import to_wire, utc_now
from server.errors import ErrorCode
from server.schema import areas, camera_streams, camera_tags, cameras, credentials
from server.vault import Vault, get_credential, put_credential

CAMERA_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CREDENTIAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
OWN_PREFIX = "camera:"


class AdminError(Exception):
    """A refusal with its API code and status; ``message`` names the field at fault."""

    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def invalid(message: str) -> AdminError:
    return AdminError(422, ErrorCode.VALIDATION_ERROR, message)


@dataclass(frozen=True)
class StreamSpec:
    url: str  # never with credentials
    codec: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None

    def to_json(self, profile: str) -> dict:
        return {"profile": profile, "url": self.url, "codec": self.codec,
                "width": self.width, "height": self.height, "fps": self.fps}  # fmt: skip


@dataclass(frozen=True)
class CameraState:
    """Everything an administrator sets on a camera, comparable as a whole: an import
    line whose state equals the stored one is "unchanged" and writes nothing."""

    name: str
    area_id: str
    tags: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    ptz: bool = False
    onvif_url: str | None = None
    vendor: str | None = None
    model: str | None = None
    streams: dict[str, StreamSpec] = field(default_factory=dict)
    record: bool = True
    retention_days: float | None = None
    enabled: bool = True
    credential_id: str | None = None


@dataclass(frozen=True)
class Account:
    """A camera's own user name and password, on their way into the vault."""

    username: str
    password: str = field(repr=False)


def own_credential_id(camera_id: str) -> str:
    return OWN_PREFIX + camera_id


def is_own(cred_id: str | None) -> bool:
    return cred_id is not None and cred_id.startswith(OWN_PREFIX)


# --- checks --------------------------------------------------------------------------


def check_camera_id(camera_id: str) -> None:
    if not CAMERA_ID.match(camera_id):
        raise invalid("id: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.")


def check_stream_url(url: str, where: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises on a port that is not a number
    except ValueError:
        raise invalid(f"{where}: not a valid URL.") from None
    if parts.scheme not in ("rtsp", "rtsps") or not parts.hostname:
        raise invalid(f"{where}: must be an rtsp:// URL with a host.")
    if "@" in parts.netloc:
        raise invalid(
            f"{where}: has a user name or password in it; give the account separately "
            "(credentials, or a named credential) so it is stored sealed."
        )
    return url


def check_onvif_url(url: str, where: str = "onvif_url") -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise invalid(f"{where}: must be an http(s) URL of the device service.")
    if "@" in parts.netloc:
        raise invalid(f"{where}: must not hold a user name or password.")
    return url


def check_position(lat: float | None, lon: float | None) -> None:
    if lat is not None and not -90 <= lat <= 90:
        raise invalid("lat: must be between -90 and 90.")
    if lon is not None and not -180 <= lon <= 180:
        raise invalid("lon: must be between -180 and 180.")


def normal_tags(tags) -> tuple[str, ...]:
    out = {str(t).strip().lower() for t in tags if str(t).strip()}
    if any(len(t) > 100 for t in out):
        raise invalid("tags: a tag is at most 100 characters.")
    return tuple(sorted(out))


def check_state(conn: Connection, state: CameraState) -> None:
    if not state.name.strip():
        raise invalid("name: required.")
    if Profile.MAIN.value not in state.streams:
        raise invalid("streams: a main stream is required (it is the one recorded).")
    for profile, spec in state.streams.items():
        if profile not in Profile.__members__.values():
            raise invalid(f"streams: unknown profile {profile!r} (main, sub or third).")
        check_stream_url(spec.url, f"streams.{profile}.url")
    if state.onvif_url:
        check_onvif_url(state.onvif_url)
    check_position(state.lat, state.lon)
    if state.retention_days is not None and not 0 < state.retention_days <= 36500:
        raise invalid("retention_days: more than 0 days, or null for the server's default.")
    found = conn.execute(select(areas.c.id).where(areas.c.id == state.area_id)).first()
    if found is None:
        raise AdminError(404, ErrorCode.AREA_NOT_FOUND, f"area_id: no area {state.area_id!r}.")
    if state.credential_id is not None and not state.credential_id.startswith(OWN_PREFIX):
        exists = conn.execute(
            select(credentials.c.id).where(credentials.c.id == state.credential_id)
        ).first()
        if exists is None:
            raise AdminError(
                404,
                ErrorCode.CREDENTIAL_NOT_FOUND,
                f"credential_id: no named credential {state.credential_id!r}.",
            )


# --- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stored:
    state: CameraState
    removed_at: datetime | None
    updated_at: datetime
    # Issue 15: the node it is recorded on whenever that node is up (set apart from the
    # state: an import never changes it).
    pinned_node: str | None = None


def _state_from(row, tags, streams) -> CameraState:
    return CameraState(
        name=row.name,
        area_id=row.area_id,
        tags=tuple(sorted(tags)),
        lat=row.lat,
        lon=row.lon,
        ptz=bool(row.ptz),
        onvif_url=row.onvif_url,
        vendor=row.vendor,
        model=row.model,
        streams=streams,
        record=bool(row.record),
        retention_days=row.retention_days,
        enabled=bool(row.enabled),
        credential_id=row.credential_id,
    )


_READ = (
    "id", "name", "area_id", "lat", "lon", "ptz", "onvif_url", "vendor", "model", "record",
    "retention_days", "enabled", "credential_id", "removed_at", "updated_at", "pinned_node",
)  # fmt: skip


def load_all(conn: Connection, ids: list[str] | None = None) -> dict[str, Stored]:
    """Every camera (removed ones too), in three queries whatever the count."""
    query = select(*(cameras.c[name] for name in _READ))
    tag_q = select(camera_tags.c.camera_id, camera_tags.c.tag)
    stream_q = select(camera_streams)
    if ids is not None:
        query = query.where(cameras.c.id.in_(ids))
        tag_q = tag_q.where(camera_tags.c.camera_id.in_(ids))
        stream_q = stream_q.where(camera_streams.c.camera_id.in_(ids))
    tags: dict[str, list[str]] = {}
    for cam_id, tag in conn.execute(tag_q):
        tags.setdefault(cam_id, []).append(tag)
    streams: dict[str, dict[str, StreamSpec]] = {}
    for s in conn.execute(stream_q):
        streams.setdefault(s.camera_id, {})[s.profile] = StreamSpec(
            s.url, s.codec, s.width, s.height, s.fps
        )
    return {
        r.id: Stored(_state_from(r, tags.get(r.id, []), streams.get(r.id, {})),
                     r.removed_at, r.updated_at, r.pinned_node)
        for r in conn.execute(query)
    }  # fmt: skip


def load_one(conn: Connection, camera_id: str) -> Stored | None:
    return load_all(conn, [camera_id]).get(camera_id)


def camera_json(camera_id: str, stored: Stored, names, status: str) -> dict:
    s = stored.state
    named = (
        s.credential_id if s.credential_id and not s.credential_id.startswith(OWN_PREFIX) else None
    )
    order = {p.value: i for i, p in enumerate(Profile)}
    return {
        "id": camera_id,
        "name": s.name,
        "area_id": s.area_id,
        "area_path": path_names(s.area_id, names),
        "tags": list(s.tags),
        "lat": s.lat,
        "lon": s.lon,
        "ptz": s.ptz,
        "vendor": s.vendor,
        "model": s.model,
        "onvif_url": s.onvif_url,
        "enabled": s.enabled,
        "record": s.record,
        "retention_days": s.retention_days,
        "credential_id": named,
        "has_credentials": s.credential_id is not None,
        "streams": [
            spec.to_json(p) for p, spec in sorted(s.streams.items(), key=lambda i: order[i[0]])
        ],
        "status": "disabled" if not s.enabled else status,
        "updated_at": to_wire(stored.updated_at),
        "pinned_node": stored.pinned_node,
    }


def list_admin(conn: Connection, statuses: dict[str, str]) -> list[dict]:
    names = area_names(conn)
    found = load_all(conn)
    return [
        camera_json(cam_id, stored, names, statuses.get(cam_id, "unknown"))
        for cam_id, stored in sorted(found.items())
        if stored.removed_at is None
    ]


def one_admin(conn: Connection, camera_id: str, statuses: dict[str, str]) -> dict:
    stored = load_one(conn, camera_id)
    if stored is None or stored.removed_at is not None:
        raise AdminError(404, ErrorCode.CAMERA_NOT_FOUND, f"No camera {camera_id!r}.")
    return camera_json(camera_id, stored, area_names(conn), statuses.get(camera_id, "unknown"))


# --- writing -------------------------------------------------------------------------


def camera_values(state: CameraState) -> dict:
    return dict(
        name=state.name,
        area_id=state.area_id,
        lat=state.lat,
        lon=state.lon,
        ptz=state.ptz,
        onvif_url=state.onvif_url,
        vendor=state.vendor,
        model=state.model,
        record=state.record,
        retention_days=state.retention_days,
        enabled=state.enabled,
        credential_id=state.credential_id,
    )


def tag_rows(camera_id: str, state: CameraState) -> list[dict]:
    return [{"camera_id": camera_id, "tag": t} for t in state.tags]


def stream_rows(camera_id: str, state: CameraState) -> list[dict]:
    return [
        {"camera_id": camera_id, "profile": p, "url": s.url, "codec": s.codec,
         "width": s.width, "height": s.height, "fps": s.fps}
        for p, s in state.streams.items()
    ]  # fmt: skip


def write_state(conn: Connection, camera_id: str, state: CameraState, exists: bool) -> None:
    """The camera row, its tags and streams as ``state`` says; removed_at cleared."""
    values = {**camera_values(state), "updated_at": utc_now(), "removed_at": None}
    if exists:
        conn.execute(cameras.update().where(cameras.c.id == camera_id).values(**values))
    else:
        conn.execute(cameras.insert().values(id=camera_id, **values))
    conn.execute(delete(camera_tags).where(camera_tags.c.camera_id == camera_id))
    conn.execute(delete(camera_streams).where(camera_streams.c.camera_id == camera_id))
    if state.tags:
        conn.execute(camera_tags.insert(), tag_rows(camera_id, state))
    conn.execute(camera_streams.insert(), stream_rows(camera_id, state))


def account_matches(conn: Connection, vault: Vault, cred_id: str, account: Account) -> bool:
    stored = get_credential(conn, vault, cred_id)
    return stored is not None and stored == (account.username, account.password)


def put_own_account(conn: Connection, vault: Vault, camera_id: str, account: Account) -> bool:
    """Seal the camera's own account; False when it already held exactly that one."""
    cred_id = own_credential_id(camera_id)
    if account_matches(conn, vault, cred_id, account):
        return False
    put_credential(conn, vault, cred_id, account.username, account.password)
    return True


def drop_own_account(conn: Connection, camera_id: str) -> None:
    conn.execute(delete(credentials).where(credentials.c.id == own_credential_id(camera_id)))


def changed_fields(old: CameraState, new: CameraState) -> list[str]:
    return [
        name
        for name in CameraState.__dataclass_fields__
        if getattr(old, name) != getattr(new, name)
    ]


def create_camera(
    conn: Connection,
    vault: Vault,
    camera_id: str,
    state: CameraState,
    account: Account | None,
    restore: bool = False,
) -> CameraState:
    check_camera_id(camera_id)
    existing = load_one(conn, camera_id)
    if existing is not None and not (restore and existing.removed_at is not None):
        if existing.removed_at is None:
            raise AdminError(
                409, ErrorCode.CAMERA_EXISTS, f"A camera {camera_id!r} exists already."
            )
        raise AdminError(
            409,
            ErrorCode.CAMERA_EXISTS,
            f"Camera {camera_id!r} was removed and its footage is kept until retention; "
            'add it again with "restore": true to bring it back with that footage, or '
            "choose another id.",
        )
    if account is not None:
        state = replace(state, credential_id=own_credential_id(camera_id))
    check_state(conn, state)
    if account is not None:
        put_own_account(conn, vault, camera_id, account)
    write_state(conn, camera_id, state, exists=existing is not None)
    return state


def update_camera(
    conn: Connection,
    vault: Vault,
    camera_id: str,
    changes: dict,
    account: Account | None,
) -> tuple[CameraState, CameraState, list[str]]:
    """(old, new, changed field names); nothing is written when nothing changed."""
    stored = load_one(conn, camera_id)
    if stored is None or stored.removed_at is not None:
        raise AdminError(404, ErrorCode.CAMERA_NOT_FOUND, f"No camera {camera_id!r}.")
    new = replace(stored.state, **changes)
    account_changed = False
    if account is not None:
        new = replace(new, credential_id=own_credential_id(camera_id))
    check_state(conn, new)
    if account is not None:
        account_changed = put_own_account(conn, vault, camera_id, account)
    fields = changed_fields(stored.state, new)
    if account_changed and "credential_id" not in fields:
        fields.append("credentials")
    if fields:
        write_state(conn, camera_id, new, exists=True)
    if new.credential_id != own_credential_id(camera_id):
        drop_own_account(conn, camera_id)  # switched to a named one, or to none
    return stored.state, new, fields


def remove_camera(conn: Connection, camera_id: str) -> None:
    stored = load_one(conn, camera_id)
    if stored is None or stored.removed_at is not None:
        raise AdminError(404, ErrorCode.CAMERA_NOT_FOUND, f"No camera {camera_id!r}.")
    conn.execute(
        cameras.update()
        .where(cameras.c.id == camera_id)
        .values(removed_at=utc_now(), updated_at=utc_now(), credential_id=None)
    )
    drop_own_account(conn, camera_id)  # a removed camera is never pulled again


# --- named credentials ---------------------------------------------------------------


def list_credentials(conn: Connection) -> list[dict]:
    used = dict(
        conn.execute(
            select(cameras.c.credential_id, func.count())
            .where(cameras.c.credential_id.is_not(None), cameras.c.removed_at.is_(None))
            .group_by(cameras.c.credential_id)
        ).all()
    )
    return [
        {"id": r.id, "username": r.username, "cameras": int(used.get(r.id, 0))}
        for r in conn.execute(
            select(credentials.c.id, credentials.c.username).order_by(credentials.c.id)
        )
    ]


def check_credential_id(cred_id: str) -> None:
    if not CREDENTIAL_ID.match(cred_id):
        raise invalid(
            "credential id: 1-100 letters, digits, '.', '_' or '-', starting with a letter "
            "or digit."
        )


def put_named_credential(conn: Connection, vault: Vault, cred_id: str, account: Account) -> bool:
    """Create or change a named credential; False when it held exactly that already."""
    check_credential_id(cred_id)
    if not account.username:
        raise invalid("username: required.")
    if account_matches(conn, vault, cred_id, account):
        return False
    put_credential(conn, vault, cred_id, account.username, account.password)
    return True


def users_of(conn: Connection, cred_id: str) -> list[str]:
    return list(
        conn.execute(
            select(cameras.c.id).where(
                cameras.c.credential_id == cred_id, cameras.c.removed_at.is_(None)
            )
        ).scalars()
    )


def delete_named_credential(conn: Connection, cred_id: str) -> None:
    exists = conn.execute(select(credentials.c.id).where(credentials.c.id == cred_id)).first()
    if exists is None or cred_id.startswith(OWN_PREFIX):
        raise AdminError(404, ErrorCode.CREDENTIAL_NOT_FOUND, f"No named credential {cred_id!r}.")
    using = users_of(conn, cred_id)
    if using:
        shown = ", ".join(using[:5]) + (" …" if len(using) > 5 else "")
        raise AdminError(
            409,
            ErrorCode.CREDENTIAL_IN_USE,
            f"Credential {cred_id!r} is used by {len(using)} camera(s) ({shown}); give them "
            "another account first.",
        )
    conn.execute(delete(credentials).where(credentials.c.id == cred_id))
