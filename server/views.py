"""Named views on the server: who sees them and who may change them.

Shared views are seen by every user; personal ones only by their owner. A view is
changed or deleted by its owner; a shared view also by an admin or a supervisor, who
look after the command center's walls.

Area scope holds inside a view too: a caller is shown only the cameras of their areas
(other tiles come back empty, tours shortened, ``hidden_cameras`` says how many were
left out), may save only cameras of their areas, and may not change a view that holds
cameras they cannot see (their save would silently drop them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import Connection, or_, select

from server.areas import in_scope
from server.camera_scope import camera_areas, in_areas
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
    hidden_cameras: int = 0  # places left out for this caller: cameras outside their areas

    def camera_ids(self) -> set[str]:
        return set(self.cameras.values()) | {c for tour in self.tours.values() for c in tour}

    def without(self, hidden: set[str]) -> View:
        """This view as a caller who may not see ``hidden`` is shown it."""
        if not hidden & self.camera_ids():
            return self
        shown = {tile: cam for tile, cam in self.cameras.items() if cam not in hidden}
        tours = {tile: [c for c in tour if c not in hidden] for tile, tour in self.tours.items()}
        left_out = (len(self.cameras) - len(shown)) + sum(
            len(tour) - len(tours[tile]) for tile, tour in self.tours.items())
        return replace(self, cameras=shown, tours={t: c for t, c in tours.items() if c},
                       hidden_cameras=left_out)

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
            "hidden_cameras": self.hidden_cameras,
        }


def hidden_from(conn: Connection, user: User, ids: Iterable[str]) -> set[str]:
    """Cameras among ``ids`` that exist outside the user's areas (an id no camera has
    tells nothing, so it is shown as it was saved)."""
    return {c for c, area in camera_areas(conn, ids).items() if not in_scope(area, user.areas)}


def not_theirs(conn: Connection, user: User, ids: Iterable[str]) -> list[str]:
    """Cameras among ``ids`` the user may not save into a view: outside their areas or
    unknown (the same answer for both, so a save cannot probe for cameras)."""
    wanted = set(ids)
    return sorted(wanted - in_areas(conn, user.areas, wanted))


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
    found = [_row(r) for r in conn.execute(query.order_by(views.c.name, views.c.id))]
    hidden = hidden_from(conn, user, {c for view in found for c in view.camera_ids()})
    return [view.without(hidden) for view in found]


def visible_view(conn: Connection, user: User, view_id: int) -> View | None:
    """The view if this user may see it; None whether it is missing or someone else's
    personal view, so ids of personal views cannot be probed."""
    row = conn.execute(_select().where(views.c.id == view_id)).first()
    if row is None or not (row.shared or row.owner_id == user.id):
        return None
    view = _row(row)
    return view.without(hidden_from(conn, user, view.camera_ids()))


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
