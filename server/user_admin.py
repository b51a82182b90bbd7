"""Administering people: create, change, disable, delete, reset a password, unlock.

Shared by the administration API and ``python -m server users``. Each function works
inside the caller's transaction and raises a ``UserAdminError`` the caller turns into
its own kind of answer; auditing and telling listeners (the relay) happen after the
commit, in the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, select

from server.clock import to_wire, utc_now
from server.password_policy import require_acceptable
from server.passwords import hash_password
from server.schema import areas, tokens, user_areas, user_roles, users, views
from server.throttle import reset_account
from server.users import Role, end_sessions, set_password

# Letters, digits and . _ @ - : what fits in an audit line, a URL path and a
# bookmark's author column without quoting ("polsek.tebet", "budi@dki").
USERNAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
DISPLAY_NAME_MAX = 200


class UserAdminError(Exception):
    """The message is a sentence for the administrator."""


class UserNotFound(UserAdminError):
    def __init__(self, username: str) -> None:
        super().__init__(f"There is no user {username!r}.")


class UserExists(UserAdminError):
    def __init__(self, username: str) -> None:
        super().__init__(f"A user {username!r} already exists.")


class AreasNotFound(UserAdminError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__("No such area: " + ", ".join(missing[:5]) + ".")
        self.missing = missing


class BadUserField(UserAdminError):
    """A malformed name, display name, or an empty list of roles or areas."""


@dataclass(frozen=True)
class AdminUser:
    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    areas: tuple[str, ...]
    disabled: bool
    must_change_password: bool
    locked_until: datetime | None
    failed_logins: int
    created_at: datetime

    def to_json(self) -> dict:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "roles": [r.value for r in self.roles],
            "areas": list(self.areas),
            "disabled": self.disabled,
            "must_change_password": self.must_change_password,
            "locked_until": to_wire(self.locked_until) if self.locked_until else None,
            "failed_logins": self.failed_logins,
            "created_at": to_wire(self.created_at),
        }


def _roles_of(conn: Connection, user_ids: list[int]) -> dict[int, list[Role]]:
    found: dict[int, list[Role]] = {uid: [] for uid in user_ids}
    for r in conn.execute(select(user_roles).where(user_roles.c.user_id.in_(user_ids))):
        if r.role in Role._value2member_map_:
            found[r.user_id].append(Role(r.role))
    return found


def _areas_of(conn: Connection, user_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {uid: [] for uid in user_ids}
    for r in conn.execute(select(user_areas).where(user_areas.c.user_id.in_(user_ids))):
        found[r.user_id].append(r.area_id)
    return found


def _to_admin(row, roles: list[Role], area_ids: list[str], now: datetime) -> AdminUser:
    # A lock that has run out is no lock: the list should not show it as one.
    locked = row.locked_until if row.locked_until and row.locked_until > now else None
    return AdminUser(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        roles=tuple(sorted(roles, key=list(Role).index)),
        areas=tuple(sorted(area_ids)),
        disabled=bool(row.disabled),
        must_change_password=bool(row.must_change_password),
        locked_until=locked,
        failed_logins=int(row.failed_logins or 0),
        created_at=row.created_at,
    )


def list_users(conn: Connection, now: datetime | None = None) -> list[AdminUser]:
    rows = list(conn.execute(select(users).order_by(users.c.username)))
    ids = [r.id for r in rows]
    roles, area_ids = _roles_of(conn, ids), _areas_of(conn, ids)
    now = now or utc_now()
    return [_to_admin(r, roles[r.id], area_ids[r.id], now) for r in rows]


def find_user(conn: Connection, username: str, now: datetime | None = None) -> AdminUser:
    row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        raise UserNotFound(username)
    roles, area_ids = _roles_of(conn, [row.id]), _areas_of(conn, [row.id])
    return _to_admin(row, roles[row.id], area_ids[row.id], now or utc_now())


def check_username(username: str) -> str:
    if not USERNAME_RE.fullmatch(username):
        raise BadUserField(
            "A user name is 1 to 100 letters, digits, '.', '_', '@' or '-', starting with "
            "a letter or digit."
        )
    return username


def _display_name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > DISPLAY_NAME_MAX:
        raise BadUserField(f"A display name is 1 to {DISPLAY_NAME_MAX} characters.")
    return name


def _distinct_roles(roles: Iterable[Role]) -> list[Role]:
    chosen = sorted(set(roles), key=list(Role).index)
    if not chosen:
        raise BadUserField("A user needs at least one role.")
    return chosen


def _existing_areas(conn: Connection, area_ids: Iterable[str]) -> list[str]:
    wanted = sorted(set(area_ids))
    if not wanted:
        raise BadUserField("A user needs at least one area.")
    known = set(conn.execute(select(areas.c.id).where(areas.c.id.in_(wanted))).scalars())
    missing = [a for a in wanted if a not in known]
    if missing:
        raise AreasNotFound(missing)
    return wanted


def _set_roles(conn: Connection, user_id: int, roles: list[Role]) -> None:
    conn.execute(delete(user_roles).where(user_roles.c.user_id == user_id))
    for role in roles:
        conn.execute(user_roles.insert().values(user_id=user_id, role=role.value))


def _set_areas(conn: Connection, user_id: int, area_ids: list[str]) -> None:
    conn.execute(delete(user_areas).where(user_areas.c.user_id == user_id))
    for area_id in area_ids:
        conn.execute(user_areas.insert().values(user_id=user_id, area_id=area_id))


def create_user(
    conn: Connection,
    *,
    username: str,
    display_name: str | None,
    roles: Iterable[Role],
    area_ids: Iterable[str],
    password: str,
    must_change: bool,
) -> AdminUser:
    """Raises WeakPassword as well as the UserAdminErrors."""
    check_username(username)
    name = _display_name(display_name if display_name is not None else username)
    chosen_roles = _distinct_roles(roles)
    chosen_areas = _existing_areas(conn, area_ids)
    # Names differing only in case would be two accounts an operator cannot tell apart.
    taken = conn.execute(
        select(users.c.id).where(func.lower(users.c.username) == username.lower())
    ).first()
    if taken is not None:
        raise UserExists(username)
    require_acceptable(password, username)
    now = utc_now()
    user_id = conn.execute(
        users.insert().values(
            username=username,
            display_name=name,
            password_hash=hash_password(password),
            disabled=False,
            created_at=now,
            must_change_password=must_change,
            password_changed_at=now,
            failed_logins=0,
        )
    ).inserted_primary_key[0]
    _set_roles(conn, user_id, chosen_roles)
    _set_areas(conn, user_id, chosen_areas)
    return find_user(conn, username)


@dataclass(frozen=True)
class Changes:
    """What an update changed, for the audit (never a password: none passes here)."""

    fields: dict
    disabled: bool | None  # True: disabled now, False: enabled now, None: unchanged

    def __bool__(self) -> bool:
        return bool(self.fields) or self.disabled is not None


def update_user(
    conn: Connection,
    username: str,
    *,
    display_name: str | None = None,
    roles: Iterable[Role] | None = None,
    area_ids: Iterable[str] | None = None,
    disabled: bool | None = None,
) -> tuple[AdminUser, Changes]:
    before = find_user(conn, username)
    fields: dict = {}
    if display_name is not None:
        name = _display_name(display_name)
        if name != before.display_name:
            conn.execute(users.update().where(users.c.id == before.id).values(display_name=name))
            fields["display_name"] = name
    if roles is not None:
        chosen = _distinct_roles(roles)
        if tuple(chosen) != before.roles:
            _set_roles(conn, before.id, chosen)
            fields["roles"] = [r.value for r in chosen]
    if area_ids is not None:
        chosen_areas = _existing_areas(conn, area_ids)
        if tuple(chosen_areas) != before.areas:
            _set_areas(conn, before.id, chosen_areas)
            fields["areas"] = chosen_areas
    toggled = None
    if disabled is not None and disabled != before.disabled:
        conn.execute(users.update().where(users.c.id == before.id).values(disabled=disabled))
        if disabled:
            # load_user already refuses a disabled user's tokens; dropping them too
            # means enabling the account again does not bring old sessions back.
            end_sessions(conn, before.id)
        toggled = disabled
    return find_user(conn, username), Changes(fields, toggled)


def delete_user(conn: Connection, username: str, heir_id: int | None) -> None:
    """The account, its sessions, roles, areas and personal views go. Shared views it
    owns move to ``heir_id`` (the administrator deleting it) so no wall loses them, or
    are deleted when there is no heir. Bookmarks, exports and the audit name people as
    text and keep the name."""
    user = find_user(conn, username)
    conn.execute(delete(views).where(views.c.owner_id == user.id, views.c.shared.is_(False)))
    if heir_id is not None:
        conn.execute(views.update().where(views.c.owner_id == user.id).values(owner_id=heir_id))
    else:
        conn.execute(delete(views).where(views.c.owner_id == user.id))
    conn.execute(delete(tokens).where(tokens.c.user_id == user.id))
    conn.execute(delete(user_roles).where(user_roles.c.user_id == user.id))
    conn.execute(delete(user_areas).where(user_areas.c.user_id == user.id))
    conn.execute(delete(users).where(users.c.id == user.id))


def reset_password(conn: Connection, username: str, password: str, must_change: bool) -> AdminUser:
    """A new password chosen by someone else: their sessions end, and a lock earned by
    guessing the old password goes with it. Raises WeakPassword."""
    user = find_user(conn, username)
    require_acceptable(password, username)
    set_password(conn, user.id, password, must_change)
    end_sessions(conn, user.id)
    reset_account(conn, user.id)
    return find_user(conn, username)


def unlock(conn: Connection, username: str) -> tuple[AdminUser, bool]:
    """Lift a lock and forget the failures; also says whether it was locked."""
    user = find_user(conn, username)
    reset_account(conn, user.id)
    return find_user(conn, username), user.locked_until is not None
