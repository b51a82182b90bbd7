"""``python -m server users …``: people from the command line, above all the first
administrator of a fresh installation (nothing needs ``--demo``).

    users add NAME --role admin [--role …] [--area ID …] [--display-name TEXT] [--password-stdin]
    users list
    users reset-password NAME [--password-stdin] [--must-change]
    users unlock NAME | users disable NAME | users enable NAME

Each takes ``--data-dir D`` (and ``--database-url``) like the server. The password is
asked twice on the terminal, or read as one line from stdin with ``--password-stdin``
(scripts, never the command line, where other users of the machine can read it). The
password rules apply. Whoever sits at the server's console chose the password, so an
account made here need not change it at first sign-in.

Changes are written straight to the database and audited with the operating-system
user; a running server sees them at its next request (a disabled user's tokens stop
working at once).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from server.areas import find_city_file, load_city
from server.audit import AuditAction, record
from server.cli import setup_logging
from server.db import default_url, open_engine
from server.password_policy import WeakPassword
from server.user_admin import (
    AdminUser,
    UserAdminError,
    create_user,
    list_users,
    reset_password,
    unlock,
    update_user,
)
from server.users import Role


class CommandError(Exception):
    """Refused: the message goes to stderr and the exit status is 1."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, required=True, help="the server's data directory")
    common.add_argument("--database-url", default=None, help="SQLAlchemy URL; default SQLite")
    common.add_argument("--log-level", default="WARNING")
    p = argparse.ArgumentParser(prog="python -m server users", description="user accounts")
    sub = p.add_subparsers(dest="action", required=True)

    add = sub.add_parser("add", parents=[common], help="create an account")
    add.add_argument("name")
    add.add_argument("--role", action="append", required=True, choices=[r.value for r in Role],
                     help="repeat for several roles")
    add.add_argument("--area", action="append", default=[], metavar="ID",
                     help="area id at any level, repeatable; default: the whole city")
    add.add_argument("--display-name", default=None, help="default: the name")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password as one line from stdin instead of asking")

    sub.add_parser("list", parents=[common], help="every account, without secrets")

    reset = sub.add_parser("reset-password", parents=[common], help="set a new password")
    reset.add_argument("name")
    reset.add_argument("--password-stdin", action="store_true")
    reset.add_argument("--must-change", action="store_true",
                       help="make the user choose their own password at the next sign-in")

    for word, text in (("unlock", "lift a sign-in lock"), ("disable", "disable the account "
                       "(its sessions end)"), ("enable", "enable a disabled account")):
        one = sub.add_parser(word, parents=[common], help=text)
        one.add_argument("name")
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    setup_logging(args.log_level)
    data_dir = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = open_engine(args.database_url or default_url(data_dir))
    try:
        return _ACTIONS[args.action](engine, args)
    except (CommandError, UserAdminError, WeakPassword) as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        engine.dispose()


def _read_password(name: str, from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError("no password on stdin")
        return password
    if not sys.stdin.isatty():
        raise CommandError("no terminal to ask for the password on; give it on stdin "
                           "with --password-stdin")
    first = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass("Again: ") != first:
        raise CommandError("the two passwords differ; nothing was changed")
    return first


def _audit(engine: Engine, action: AuditAction, username: str, **extra) -> None:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        who = "unknown"
    record(engine, action, actor=None,
           details={"username": username, "via": "command line", "os_user": who, **extra})


def _print_user(user: AdminUser) -> None:
    print(json.dumps(user.to_json(), ensure_ascii=False), flush=True)


def _add(engine: Engine, args) -> int:
    with engine.begin() as conn:
        kota_ids = load_city(conn, find_city_file())
    password = _read_password(args.name, args.password_stdin)
    with engine.begin() as conn:
        user = create_user(
            conn,
            username=args.name,
            display_name=args.display_name,
            roles=[Role(r) for r in args.role],
            area_ids=args.area or kota_ids,
            password=password,
            must_change=False,
        )
    _audit(engine, AuditAction.USER_CREATED, user.username,
           roles=[r.value for r in user.roles], areas=list(user.areas))
    _print_user(user)
    return 0


def _list(engine: Engine, _args) -> int:
    with engine.connect() as conn:
        found = list_users(conn)
    rows = [("USERNAME", "DISPLAY NAME", "ROLES", "AREAS", "STATE")]
    for u in found:
        rows.append((u.username, u.display_name, ",".join(r.value for r in u.roles),
                     ",".join(u.areas), _state(u)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip(), flush=True)
    return 0


def _state(user: AdminUser) -> str:
    words = ["disabled" if user.disabled else "enabled"]
    if user.locked_until is not None:
        words.append("locked until " + user.locked_until.strftime("%Y-%m-%d %H:%M:%S UTC"))
    if user.must_change_password:
        words.append("must change password")
    return ", ".join(words)


def _reset(engine: Engine, args) -> int:
    password = _read_password(args.name, args.password_stdin)
    with engine.begin() as conn:
        user = reset_password(conn, args.name, password, must_change=args.must_change)
    _audit(engine, AuditAction.PASSWORD_RESET, user.username)
    _print_user(user)
    return 0


def _unlock(engine: Engine, args) -> int:
    with engine.begin() as conn:
        user, was_locked = unlock(conn, args.name)
    _audit(engine, AuditAction.ACCOUNT_UNLOCKED, user.username, was_locked=was_locked)
    _print_user(user)
    return 0


def _switch(disabled: bool) -> Callable[[Engine, argparse.Namespace], int]:
    def run(engine: Engine, args) -> int:
        with engine.begin() as conn:
            user, changes = update_user(conn, args.name, disabled=disabled)
        if changes:
            action = AuditAction.USER_DISABLED if disabled else AuditAction.USER_ENABLED
            _audit(engine, action, user.username)
        _print_user(user)
        return 0

    return run


_ACTIONS = {
    "add": _add,
    "list": _list,
    "reset-password": _reset,
    "unlock": _unlock,
    "disable": _switch(True),
    "enable": _switch(False),
}
