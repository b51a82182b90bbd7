"""Named views on the server: who sees them and who may change them.

Shared views are seen by every user; personal ones only by their owner. A view is
changed or deleted by its owner; a shared view also by an admin or a supervisor, who
look after the command center's walls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, or_, select

from server.clock import to_wire, utc_now
from server.schema import users, views
from server.users import ACTORS, OVERSEERS, User

# Who may save a view every user sees: not a viewer, who only watches.
SHARE_ROLES = ACTORS
# Who may change any shared view, not only their own.
CURATOR_ROLES = OVERSEERS


@dataclass(frozen=True)
class View:
    id: int
    name: str
    owner_id: int
    owner: str
    shared: bool
    layout: str
    cameras: dict[str, str]
    tours: dict[str, list[str]]
    updated_at: datetime

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "owner": self.owner,
            "shared": self.shared,
            "layout": self.layout,
            "cameras": self.cameras,
            "tours": self.tours,
            "updated_at": to_wire(self.updated_at),
        }


def _select():
    return select(views, users.c.username).join(users, users.c.id == views.c.owner_id)


def _row(row) -> View:
    return View(
        id=row.id,
        name=row.name,
        owner_id=row.owner_id,
        owner=row.username,
        shared=row.shared,
        layout=row.layout,
        cameras=json.loads(row.cameras),
        tours=json.loads(row.tours or "{}"),
        updated_at=row.updated_at,
    )


def visible_views(conn: Connection, user: User) -> list[View]:
    query = _select().where(or_(views.c.shared.is_(True), views.c.owner_id == user.id))
    return [_row(r) for r in conn.execute(query.order_by(views.c.name, views.c.id))]


def visible_view(conn: Connection, user: User, view_id: int) -> View | None:
    """The view if this user may see it; None whether it is missing or someone else's
    personal view, so ids of personal views cannot be probed."""
    row = conn.execute(_select().where(views.c.id == view_id)).first()
    if row is None or not (row.shared or row.owner_id == user.id):
        return None
    return _row(row)


def may_share(user: User) -> bool:
    return bool(SHARE_ROLES & set(user.roles))


def may_change(user: User, view: View) -> bool:
    return view.owner_id == user.id or (view.shared and bool(CURATOR_ROLES & set(user.roles)))


def create_view(conn: Connection, user: User, name: str, layout: str, cameras: dict[str, str],
                shared: bool, tours: dict[str, list[str]]) -> View:
    view_id = conn.execute(
        views.insert().values(name=name, owner_id=user.id, shared=shared, layout=layout,
                              cameras=json.dumps(cameras, sort_keys=True),
                              tours=json.dumps(tours, sort_keys=True),
                              updated_at=utc_now())
    ).inserted_primary_key[0]
    return visible_view(conn, user, view_id)


def update_view(conn: Connection, user: User, view_id: int, name: str, layout: str,
                cameras: dict[str, str], shared: bool, tours: dict[str, list[str]]) -> View:
    conn.execute(
        views.update().where(views.c.id == view_id).values(
            name=name, shared=shared, layout=layout,
            cameras=json.dumps(cameras, sort_keys=True),
            tours=json.dumps(tours, sort_keys=True), updated_at=utc_now())
    )
    return visible_view(conn, user, view_id)


def delete_view(conn: Connection, view_id: int) -> None:
    conn.execute(views.delete().where(views.c.id == view_id))
