"""Cameras in the catalog: upsert from a discovery import, list within a user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, delete, or_, select

from server.areas import area_names, path_names
from server.clock import utc_now
from server.schema import camera_streams, camera_tags, cameras


class Profile(StrEnum):
    MAIN = "main"
    SUB = "sub"
    THIRD = "third"  # a camera's smallest stream, where it has one (e.g. 320x180)


@dataclass(frozen=True)
class CameraSpec:
    """What an import knows about one camera."""

    id: str
    name: str
    area_id: str
    lat: float | None
    lon: float | None
    ptz: bool
    tags: tuple[str, ...]
    streams: dict[str, str]
    onvif_url: str | None


@dataclass(frozen=True)
class Camera:
    id: str
    name: str
    area_id: str
    area_path: tuple[str, ...]
    lat: float | None
    lon: float | None
    ptz: bool
    tags: tuple[str, ...]
    streams: dict[str, str]


def upsert_camera(conn: Connection, spec: CameraSpec) -> None:
    values = dict(
        name=spec.name,
        area_id=spec.area_id,
        lat=spec.lat,
        lon=spec.lon,
        ptz=spec.ptz,
        onvif_url=spec.onvif_url,
        updated_at=utc_now(),
    )
    exists = conn.execute(select(cameras.c.id).where(cameras.c.id == spec.id)).first()
    if exists is None:
        conn.execute(cameras.insert().values(id=spec.id, enabled=True, **values))
    else:
        conn.execute(cameras.update().where(cameras.c.id == spec.id).values(**values))
    conn.execute(delete(camera_tags).where(camera_tags.c.camera_id == spec.id))
    for tag in sorted(set(spec.tags)):
        conn.execute(camera_tags.insert().values(camera_id=spec.id, tag=tag))
    conn.execute(delete(camera_streams).where(camera_streams.c.camera_id == spec.id))
    for profile, url in spec.streams.items():
        conn.execute(camera_streams.insert().values(camera_id=spec.id, profile=profile, url=url))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _scope_clause(scope: frozenset[str]):
    # Area ids are dotted paths, so a subtree is the root itself or a "root." prefix.
    clauses = []
    for root in scope:
        clauses.append(cameras.c.area_id == root)
        clauses.append(cameras.c.area_id.like(_escape_like(root) + ".%", escape="\\"))
    return or_(*clauses) if clauses else cameras.c.id.is_(None)


def list_cameras(
    conn: Connection,
    scope: frozenset[str],
    area: str | None = None,
    text: str | None = None,
    tag: str | None = None,
    camera_id: str | None = None,
) -> list[Camera]:
    query = select(cameras).where(
        cameras.c.enabled.is_(True), cameras.c.removed_at.is_(None), _scope_clause(scope)
    )
    if camera_id is not None:
        query = query.where(cameras.c.id == camera_id)
    if area is not None:
        query = query.where(_scope_clause(frozenset([area])))
    if tag is not None:
        tagged = select(camera_tags.c.camera_id).where(camera_tags.c.tag == tag)
        query = query.where(cameras.c.id.in_(tagged))
    rows = list(conn.execute(query.order_by(cameras.c.id)))
    if not rows:
        return []
    ids = [r.id for r in rows]
    tags: dict[str, list[str]] = {}
    for cam_id, t in conn.execute(
        select(camera_tags.c.camera_id, camera_tags.c.tag).where(camera_tags.c.camera_id.in_(ids))
    ):
        tags.setdefault(cam_id, []).append(t)
    streams: dict[str, dict[str, str]] = {}
    for cam_id, profile, url in conn.execute(
        select(camera_streams.c.camera_id, camera_streams.c.profile, camera_streams.c.url).where(
            camera_streams.c.camera_id.in_(ids)
        )
    ):
        streams.setdefault(cam_id, {})[profile] = url
    names = area_names(conn)
    out = [
        Camera(
            id=r.id,
            name=r.name,
            area_id=r.area_id,
            area_path=tuple(path_names(r.area_id, names)),
            lat=r.lat,
            lon=r.lon,
            ptz=bool(r.ptz),
            tags=tuple(sorted(tags.get(r.id, []))),
            streams=streams.get(r.id, {}),
        )
        for r in rows
    ]
    if text:
        # Free text matches id, name, any area name on the path, or a tag; done here
        # rather than in SQL so the text is never part of a query pattern.
        needle = text.casefold()
        out = [
            c
            for c in out
            if needle in c.id.casefold()
            or needle in c.name.casefold()
            or any(needle in p.casefold() for p in c.area_path)
            or any(needle in t.casefold() for t in c.tags)
        ]
    return out


def all_main_streams(conn: Connection) -> dict[str, str]:
    """camera id → main-profile URL, for the recorder."""
    query = (
        select(camera_streams.c.camera_id, camera_streams.c.url)
        .join(cameras, cameras.c.id == camera_streams.c.camera_id)
        .where(
            camera_streams.c.profile == Profile.MAIN.value,
            cameras.c.enabled.is_(True),
            cameras.c.record.is_(True),
            cameras.c.removed_at.is_(None),
        )
    )
    return {cam_id: url for cam_id, url in conn.execute(query)}
