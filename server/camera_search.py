"""The catalog's text search in the database: each camera's id, name, area names and tags
casefolded in Python into cameras.search_text, so ``q`` is one LIKE that means the same on
SQLite (whose lower() folds ASCII only) and PostgreSQL (whose lower() depends on the
database's locale), and the same as the Python filter it replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import ColumnElement, Connection, bindparam, false, or_, select, update

from server.schema import camera_tags, cameras

# Between fields, so a needle never matches across two of them.
SEPARATOR = "\n"
# Taken out of every field, so a needle holding one matches nothing: the separator, and
# NUL (SQLite ends a pattern there, so "\0" would match everything; PostgreSQL refuses it).
UNSEARCHABLE = (SEPARATOR, "\x00")


def fold(text: str) -> str:
    return text.casefold()


def search_text(camera_id: str, name: str, area_path: Iterable[str], tags: Iterable[str]) -> str:
    fields = (camera_id, name, *area_path, *tags)
    return SEPARATOR.join(_clean(fold(f)) for f in fields)


def _clean(text: str) -> str:
    for char in UNSEARCHABLE:
        text = text.replace(char, " ")
    return text


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_clause(text: str) -> ColumnElement[bool]:
    """Cameras whose id, name, area names or tags contain ``text``, case ignored."""
    needle = fold(text)
    if any(char in needle for char in UNSEARCHABLE):
        return false()
    return cameras.c.search_text.like(f"%{escape_like(needle)}%", escape="\\")


def stale_clause() -> ColumnElement[bool]:
    """Rows whose search text was not made for their current updated_at: written by code
    that does not know the column (a bulk seed, another module's UPDATE)."""
    return or_(
        cameras.c.search_stamp.is_(None),
        cameras.c.search_stamp != cameras.c.updated_at,
    )


def refresh(conn: Connection, path_of: Callable[[str], tuple[str, ...]],
            among: ColumnElement[bool] | None = None) -> int:
    """Redo the search text of stale rows (only among the rows ``among`` selects, when
    given); returns how many were written. ``path_of`` maps an area id to its names,
    kota first."""
    query = select(cameras.c.id, cameras.c.name, cameras.c.area_id, cameras.c.updated_at)
    query = query.where(stale_clause())
    if among is not None:
        query = query.where(among)
    rows = list(conn.execute(query))
    if not rows:
        return 0
    tags: dict[str, list[str]] = {}
    tag_query = select(camera_tags.c.camera_id, camera_tags.c.tag)
    if len(rows) < 500:  # a few edited cameras: fetch only theirs
        tag_query = tag_query.where(camera_tags.c.camera_id.in_([r.id for r in rows]))
    for cam_id, tag in conn.execute(tag_query):
        tags.setdefault(cam_id, []).append(tag)
    values = [
        {
            "b_id": r.id,
            "b_text": search_text(r.id, r.name, path_of(r.area_id), sorted(tags.get(r.id, ()))),
            "b_stamp": r.updated_at,
        }
        for r in rows
    ]
    statement = (
        update(cameras)
        .where(cameras.c.id == bindparam("b_id"))
        .values(search_text=bindparam("b_text"), search_stamp=bindparam("b_stamp"))
    )
    conn.execute(statement, values)
    return len(values)
