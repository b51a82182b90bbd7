"""Bookmarks: marked moments with their range, searched and protected from retention."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, select, update

from server.clock import to_wire, utc_now
from server.schema import bookmarks


@dataclass(frozen=True)
class Bookmark:
    id: int
    camera_id: str
    at: datetime
    start: datetime
    end: datetime
    title: str
    description: str
    tags: tuple[str, ...]
    author: str
    author_name: str
    created_at: datetime
    updated_at: datetime
    protected: bool
    protected_by: str | None
    protected_at: datetime | None

    def to_json(self, camera_name: str = "", area_id: str = "") -> dict:
        return {
            "id": self.id,
            "camera_id": self.camera_id,
            "camera_name": camera_name,
            "area_id": area_id,
            "at": to_wire(self.at),
            "start": to_wire(self.start),
            "end": to_wire(self.end),
            "title": self.title,
            "description": self.description,
            "tags": list(self.tags),
            "author": self.author,
            "author_name": self.author_name,
            "created_at": to_wire(self.created_at),
            "updated_at": to_wire(self.updated_at),
            "protected": self.protected,
            "protected_by": self.protected_by,
            "protected_at": to_wire(self.protected_at) if self.protected_at else None,
        }


def normal_tags(tags: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({t.strip().casefold() for t in tags if t.strip()}))


def _bookmark(r) -> Bookmark:
    return Bookmark(
        r.id,
        r.camera_id,
        r.at_utc,
        r.start_utc,
        r.end_utc,
        r.title,
        r.description,
        tuple(json.loads(r.tags or "[]")),
        r.author,
        r.author_name,
        r.created_at,
        r.updated_at,
        bool(r.protected),
        r.protected_by,
        r.protected_at,
    )


def create_bookmark(
    conn: Connection,
    camera_id: str,
    at: datetime,
    pre_roll: timedelta,
    post_roll: timedelta,
    title: str,
    description: str,
    tags: tuple[str, ...],
    author: str,
    author_name: str,
) -> int:
    now = utc_now()
    result = conn.execute(
        bookmarks.insert().values(
            camera_id=camera_id,
            at_utc=at,
            start_utc=at - pre_roll,
            end_utc=at + post_roll,
            title=title,
            description=description,
            tags=json.dumps(list(normal_tags(tags))),
            author=author,
            author_name=author_name,
            created_at=now,
            updated_at=now,
            protected=False,
        )
    )
    return int(result.inserted_primary_key[0])


def get_bookmark(conn: Connection, bookmark_id: int) -> Bookmark | None:
    row = conn.execute(select(bookmarks).where(bookmarks.c.id == bookmark_id)).first()
    return _bookmark(row) if row is not None else None


def update_bookmark(conn: Connection, bookmark_id: int, **values) -> None:
    if "tags" in values:
        values["tags"] = json.dumps(list(normal_tags(values["tags"])))
    for wire_name, column in (("start", "start_utc"), ("end", "end_utc")):
        if wire_name in values:
            values[column] = values.pop(wire_name)
    values["updated_at"] = utc_now()
    conn.execute(update(bookmarks).where(bookmarks.c.id == bookmark_id).values(**values))


def delete_bookmark(conn: Connection, bookmark_id: int) -> None:
    conn.execute(delete(bookmarks).where(bookmarks.c.id == bookmark_id))


def set_protected(conn: Connection, bookmark_id: int, by: str | None) -> None:
    conn.execute(
        update(bookmarks)
        .where(bookmarks.c.id == bookmark_id)
        .values(
            protected=by is not None,
            protected_by=by,
            protected_at=utc_now() if by is not None else None,
            updated_at=utc_now(),
        )
    )


def find_bookmarks(
    conn: Connection,
    camera_ids: list[str],
    *,
    author: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 500,
) -> list[Bookmark]:
    """Bookmarks of these cameras (the caller's scope), newest moment first; a time range
    selects those whose [start, end] overlaps it."""
    if not camera_ids:
        return []
    query = select(bookmarks).where(bookmarks.c.camera_id.in_(camera_ids))
    if author:
        query = query.where(bookmarks.c.author == author)
    if start is not None:
        query = query.where(bookmarks.c.end_utc > start)
    if end is not None:
        query = query.where(bookmarks.c.start_utc < end)
    query = query.order_by(bookmarks.c.at_utc.desc(), bookmarks.c.id.desc()).limit(limit)
    return [_bookmark(r) for r in conn.execute(query)]


def protected_ranges(conn: Connection, camera_id: str) -> list[tuple[datetime, datetime]]:
    query = select(bookmarks.c.start_utc, bookmarks.c.end_utc).where(
        bookmarks.c.camera_id == camera_id, bookmarks.c.protected.is_(True)
    )
    return [(r.start_utc, r.end_utc) for r in conn.execute(query)]
