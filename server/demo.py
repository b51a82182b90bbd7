"""Demo accounts: one per role, with a documented demo password.

PANTAU_DEMO_PASSWORD overrides the default; never use the default outside a demo.
"""

from __future__ import annotations

import logging
import os

from sqlalchemy import Engine

from server.areas import AreaKind, resolve_known
from server.users import Role, upsert_user

log = logging.getLogger(__name__)

DEMO_PASSWORD_ENV = "PANTAU_DEMO_PASSWORD"
DEFAULT_DEMO_PASSWORD = "pantau-demo"  # documented demo credential (server/README.md)

_ALL_JAKARTA = None  # marker: every kota
_DEMO_USERS = [
    ("admin", "Administrator", Role.ADMIN, _ALL_JAKARTA),
    ("supervisor", "Supervisor Command Center", Role.SUPERVISOR, _ALL_JAKARTA),
    ("operator", "Operator Command Center", Role.OPERATOR, _ALL_JAKARTA),
    ("police", "Polres Metro Jakarta Selatan", Role.POLICE, "Jakarta Selatan"),
    ("viewer", "Viewer", Role.VIEWER, _ALL_JAKARTA),
]


def seed_demo_users(engine: Engine, kota_ids: list[str]) -> None:
    password = os.environ.get(DEMO_PASSWORD_ENV) or DEFAULT_DEMO_PASSWORD
    with engine.begin() as conn:
        for username, display, role, kota in _DEMO_USERS:
            if kota is _ALL_JAKARTA:
                area_ids = kota_ids
            else:
                found = resolve_known(conn, AreaKind.KOTA, None, kota)
                area_ids = [found] if found else []
            upsert_user(conn, username, password, display, [role], area_ids)
    log.info("demo users seeded: %s", ", ".join(u[0] for u in _DEMO_USERS))
