"""Cameras in the catalog: upsert from a discovery import, list within a user's scope."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import ColumnElement, Connection, delete, false, func, or_, select

from server import camera_search
from server.areas import area_names, path_names
from server.camera_search import escape_like
from server.clock import utc_now
from server.schema import areas, camera_streams, camera_tags, cameras


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
    # What the probe found of each stream when it was onboarded (absent: never probed).
    formats: dict[str, StreamFormat] = field(default_factory=dict)


@dataclass(frozen=True)
class StreamFormat:
    """A stream's picture as the onboarding probe found it; a field is None where the
    probe could not tell."""

    width: int | None
    height: int | None
    fps: float | None


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


def _scope_clause(scope: frozenset[str]):
    # Area ids are dotted paths, so a subtree is the root itself or a "root." prefix.
    clauses = []
    for root in sorted(scope):
        clauses.append(cameras.c.area_id == root)
        clauses.append(cameras.c.area_id.like(escape_like(root) + ".%", escape="\\"))
    return or_(*clauses) if clauses else false()


def camera_filter(
    scope: frozenset[str],
    area: str | None = None,
    text: str | None = None,
    tag: str | None = None,
    camera_id: str | None = None,
    ids: Collection[str] | None = None,
) -> list[ColumnElement[bool]]:
    """The WHERE of a catalog list: listed (enabled, not removed), in scope, and the
    filters asked for, all in SQL (``ids``: only among these, a patch's written rows)."""
    where = [cameras.c.enabled.is_(True), cameras.c.removed_at.is_(None), _scope_clause(scope)]
    if any("\x00" in (v or "") for v in (area, tag, camera_id)):
        # No id, area or tag holds NUL, and PostgreSQL refuses one in a parameter.
        return [*where, false()]
    if camera_id is not None:
        where.append(cameras.c.id == camera_id)
    if ids is not None:
        where.append(cameras.c.id.in_(sorted(ids)))
    if area is not None:
        where.append(_scope_clause(frozenset([area])))
    if tag is not None:
        tagged = select(camera_tags.c.camera_id).where(camera_tags.c.tag == tag)
        where.append(cameras.c.id.in_(tagged))
    if text:
        where.append(camera_search.text_clause(text))
    return where


def _paths_for(conn: Connection, area_ids: set[str]) -> Callable[[str], tuple[str, ...]]:
    """Area names for a few cameras without reading the whole area table: an area's
    ancestors are the prefixes of its dotted id."""
    wanted = {aid[:i] for aid in area_ids for i, ch in enumerate(aid + ".") if ch == "."}
    names: dict[str, tuple[str, str | None]] = {}
    for chunk in _chunks(sorted(wanted), 500):
        query = select(areas.c.id, areas.c.name, areas.c.parent_id).where(areas.c.id.in_(chunk))
        names.update((r.id, (r.name, r.parent_id)) for r in conn.execute(query))
    if any(parent is not None and parent not in names for _, parent in names.values()):
        names = area_names(conn)  # an id outside the dotted scheme: read them all
    return lambda area_id: tuple(path_names(area_id, names))


def _chunks(items: list[str], size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def list_cameras(
    conn: Connection,
    scope: frozenset[str],
    area: str | None = None,
    text: str | None = None,
    tag: str | None = None,
    camera_id: str | None = None,
    *,
    ids: Collection[str] | None = None,
    path_of: Callable[[str], tuple[str, ...]] | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Camera]:
    """Listed cameras in ``scope``, by id; every filter runs in the database. ``path_of``
    (area id → names) saves reading the areas for a large list (the catalog's cache);
    ``text`` expects search_text up to date (server.catalog_cache keeps it so)."""
    where = camera_filter(scope, area, text, tag, camera_id, ids)
    query = select(
        cameras.c.id, cameras.c.name, cameras.c.area_id, cameras.c.lat, cameras.c.lon,
        cameras.c.ptz,
    ).where(*where).order_by(cameras.c.id)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    rows = list(conn.execute(query))
    if not rows:
        return []
    # Tags and streams of the same cameras: by id for a page, by the same filter for a
    # long list (an IN of 30,000 ids costs more than the join).
    if len(rows) <= 500:
        listed = [r.id for r in rows]
        tag_where = camera_tags.c.camera_id.in_(listed)
        stream_where = camera_streams.c.camera_id.in_(listed)
    else:
        listed_ids = select(cameras.c.id).where(*where)
        tag_where = camera_tags.c.camera_id.in_(listed_ids)
        stream_where = camera_streams.c.camera_id.in_(listed_ids)
    tags: dict[str, list[str]] = {}
    for cam_id, t in conn.execute(select(camera_tags.c.camera_id, camera_tags.c.tag)
                                  .where(tag_where)):
        tags.setdefault(cam_id, []).append(t)
    streams: dict[str, dict[str, str]] = {}
    formats: dict[str, dict[str, StreamFormat]] = {}
    s = camera_streams.c
    for cam_id, profile, url, width, height, fps in conn.execute(
        select(s.camera_id, s.profile, s.url, s.width, s.height, s.fps).where(stream_where)
    ):
        streams.setdefault(cam_id, {})[profile] = url
        if width or height or fps:
            formats.setdefault(cam_id, {})[profile] = StreamFormat(width, height, fps)
    if path_of is None:
        path_of = _paths_for(conn, {r.area_id for r in rows})
    return [
        Camera(
            id=r.id,
            name=r.name,
            area_id=r.area_id,
            area_path=path_of(r.area_id),
            lat=r.lat,
            lon=r.lon,
            ptz=bool(r.ptz),
            tags=tuple(sorted(tags.get(r.id, ()))),
            streams=streams.get(r.id, {}),
            formats=formats.get(r.id, {}),
        )
        for r in rows
    ]


def count_cameras(conn: Connection, scope: frozenset[str], area: str | None = None,
                  text: str | None = None, tag: str | None = None) -> int:
    where = camera_filter(scope, area, text, tag)
    return conn.execute(select(func.count()).select_from(cameras).where(*where)).scalar_one()
