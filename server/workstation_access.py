"""Who may use and who may see a workstation.

A workstation belongs to the users tied to it in ``workstation_users``: the first user
to register it (the client does so at sign-in) and whoever an administrator adds. Only
they may register its monitors and receive its pushes. Who may see it (list it, push to
it): its users, administrators, and a supervisor whose areas cover all of its users'
areas (the workstations of their areas). Everyone else is told it does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from server.areas import in_scope
from server.clock import utc_now
from server.schema import user_areas, users, workstation_users
from server.users import Role, User


@dataclass(frozen=True)
class Claim:
    allowed: bool
    first: bool  # this registration made the user its first user


def users_of(conn: Connection, workstation: str) -> list[str]:
    rows = conn.execute(
        select(workstation_users.c.username)
        .where(workstation_users.c.workstation == workstation)
        .order_by(workstation_users.c.username)
    )
    return [r.username for r in rows]


def users_by_workstation(conn: Connection) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    rows = conn.execute(
        select(workstation_users.c.workstation, workstation_users.c.username)
        .order_by(workstation_users.c.username)
    )
    for row in rows:
        found.setdefault(row.workstation, []).append(row.username)
    return found


def claim(conn: Connection, workstation: str, user: User) -> Claim:
    """May ``user`` register ``workstation``? A workstation nobody holds becomes theirs.
    Call inside a transaction."""
    holders = users_of(conn, workstation)
    if user.username in holders:
        return Claim(True, False)
    if holders:
        return Claim(Role.ADMIN in user.roles, False)
    conn.execute(
        insert(workstation_users).values(
            workstation=workstation, username=user.username, granted_by=user.username,
            granted_at=utc_now(),
        )
    )
    return Claim(True, True)


def may_use(conn: Connection, workstation: str, user: User) -> bool:
    """Receive its pushes: its own users, and administrators."""
    return Role.ADMIN in user.roles or user.username in users_of(conn, workstation)


def _areas_of(conn: Connection, usernames: list[str]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {name: set() for name in usernames}
    rows = conn.execute(
        select(users.c.username, user_areas.c.area_id)
        .join(user_areas, user_areas.c.user_id == users.c.id)
        .where(users.c.username.in_(usernames))
    )
    for row in rows:
        found[row.username].add(row.area_id)
    return {name: frozenset(areas) for name, areas in found.items()}


def visible_workstations(conn: Connection, user: User, holders: dict[str, list[str]]
                         ) -> set[str]:
    """The names among ``holders`` (workstation -> its users) that ``user`` may see."""
    if Role.ADMIN in user.roles:
        return set(holders)
    seen = {name for name, names in holders.items() if user.username in names}
    if Role.SUPERVISOR in user.roles:
        others = sorted({n for names in holders.values() for n in names})
        areas = _areas_of(conn, others)
        for name, names in holders.items():
            # A user without areas (gone, or none given) is covered by no one's scope.
            if names and all(
                areas.get(n) and all(in_scope(a, user.areas) for a in areas[n]) for n in names
            ):
                seen.add(name)
    return seen


def may_see(conn: Connection, workstation: str, user: User) -> bool:
    holders = {workstation: users_of(conn, workstation)}
    return workstation in visible_workstations(conn, user, holders)


def user_exists(conn: Connection, username: str) -> bool:
    found = conn.execute(select(users.c.id).where(users.c.username == username)).first()
    return found is not None


def add_user(conn: Connection, workstation: str, username: str, admin: User) -> bool:
    """Tie ``username`` to ``workstation``; False when it already was."""
    exists = conn.execute(
        select(func.count()).select_from(workstation_users).where(
            workstation_users.c.workstation == workstation,
            workstation_users.c.username == username,
        )
    ).scalar_one()
    if exists:
        return False
    conn.execute(
        insert(workstation_users).values(
            workstation=workstation, username=username, granted_by=admin.username,
            granted_at=utc_now(),
        )
    )
    return True


def remove_user(conn: Connection, workstation: str, username: str) -> bool:
    result = conn.execute(
        delete(workstation_users).where(
            workstation_users.c.workstation == workstation,
            workstation_users.c.username == username,
        )
    )
    return result.rowcount > 0
