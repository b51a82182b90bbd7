"""Users, roles, their areas, and the sessions (tokens) they open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum

from sqlalchemy import Connection, delete, select

from server.clock import utc_now
from server.passwords import DUMMY_HASH, hash_password, verify_password
from server.schema import tokens, user_areas, user_roles, users
from server.tokens import TOKEN_LIFETIME, new_token, token_digest


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    OPERATOR = "operator"
    POLICE = "police"
    VIEWER = "viewer"


# The two role groups most rights are given to: those who oversee (decide, unprotect,
# act on others' things) and everyone who acts at all (viewers only watch).
OVERSEERS = frozenset({Role.ADMIN, Role.SUPERVISOR})
ACTORS = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR, Role.POLICE})


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    roles: tuple[Role, ...]
    areas: frozenset[str]
    # Until they choose their own password, the token opens only the password change.
    must_change_password: bool = False

    def to_json(self) -> dict:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "roles": [r.value for r in self.roles],
            "areas": sorted(self.areas),
            "must_change_password": self.must_change_password,
        }


class TokenProblem(Enum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"


def upsert_user(
    conn: Connection,
    username: str,
    password: str,
    display_name: str,
    roles: list[Role],
    area_ids: list[str],
) -> int:
    row = conn.execute(select(users.c.id).where(users.c.username == username)).first()
    hashed = hash_password(password)
    if row is None:
        user_id = conn.execute(
            users.insert().values(
                username=username,
                display_name=display_name,
                password_hash=hashed,
                disabled=False,
                created_at=utc_now(),
            )
        ).inserted_primary_key[0]
    else:
        user_id = row.id
        conn.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(display_name=display_name, password_hash=hashed, disabled=False)
        )
    conn.execute(delete(user_roles).where(user_roles.c.user_id == user_id))
    conn.execute(delete(user_areas).where(user_areas.c.user_id == user_id))
    for role in roles:
        conn.execute(user_roles.insert().values(user_id=user_id, role=role.value))
    for area_id in area_ids:
        conn.execute(user_areas.insert().values(user_id=user_id, area_id=area_id))
    return int(user_id)


def load_user(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None or row.disabled:
        return None
    roles = [
        r.role
        for r in conn.execute(select(user_roles.c.role).where(user_roles.c.user_id == user_id))
    ]
    area_ids = conn.execute(select(user_areas.c.area_id).where(user_areas.c.user_id == user_id))
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        roles=tuple(
            sorted((Role(r) for r in roles if r in Role._value2member_map_), key=list(Role).index)
        ),
        areas=frozenset(a for (a,) in area_ids),
        must_change_password=bool(row.must_change_password),
    )


def authenticate(conn: Connection, username: str, password: str) -> User | None:
    row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None or row.disabled:
        verify_password(password, DUMMY_HASH)
        return None
    if not verify_password(password, row.password_hash):
        return None
    return load_user(conn, row.id)


def open_session(conn: Connection, user: User) -> tuple[str, datetime]:
    now = utc_now()
    # Housekeeping on login keeps the table from growing with dead sessions.
    conn.execute(delete(tokens).where(tokens.c.expires_at < now))
    token = new_token()
    expires = now + TOKEN_LIFETIME
    conn.execute(
        tokens.insert().values(
            token_sha256=token_digest(token), user_id=user.id, created_at=now, expires_at=expires
        )
    )
    return token, expires


def resolve_token(conn: Connection, token: str) -> User | TokenProblem:
    row = conn.execute(select(tokens).where(tokens.c.token_sha256 == token_digest(token))).first()
    if row is None:
        return TokenProblem.UNKNOWN
    if row.expires_at <= utc_now():
        return TokenProblem.EXPIRED
    user = load_user(conn, row.user_id)
    return TokenProblem.UNKNOWN if user is None else user


def close_session(conn: Connection, token: str) -> None:
    conn.execute(delete(tokens).where(tokens.c.token_sha256 == token_digest(token)))


def end_sessions(conn: Connection, user_id: int, keep: str | None = None) -> None:
    """Every token of the user stops working, except ``keep`` (the one that just
    changed its own password)."""
    stmt = delete(tokens).where(tokens.c.user_id == user_id)
    if keep is not None:
        stmt = stmt.where(tokens.c.token_sha256 != token_digest(keep))
    conn.execute(stmt)


def set_password(conn: Connection, user_id: int, password: str, must_change: bool) -> None:
    """Store a new password (already checked against the rules by the caller)."""
    conn.execute(
        users.update()
        .where(users.c.id == user_id)
        .values(
            password_hash=hash_password(password),
            must_change_password=must_change,
            password_changed_at=utc_now(),
        )
    )


def password_matches(conn: Connection, user_id: int, password: str) -> bool:
    row = conn.execute(select(users.c.password_hash).where(users.c.id == user_id)).first()
    return row is not None and verify_password(password, row.password_hash)
