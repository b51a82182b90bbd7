"""What the client was asked to do at start: the command line, as a dataclass."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field

from app.wall import Layout

PASSWORD_ENV = "PANTAU_PASSWORD"


@dataclass(frozen=True)
class ClientConfig:
    server_url: str | None = None  # None: the last one from the settings
    username: str | None = None
    layout: Layout | None = None  # None: the last wall's layout
    cameras: tuple[str, ...] = ()  # put these on the wall, in order
    fill: bool = False  # put the first cameras of the catalog on the wall
    language: str | None = None  # "en" or "id"; None: the settings' language
    password: str | None = field(default=None, repr=False)  # from PANTAU_PASSWORD only
    walls: tuple[tuple[str, str], ...] = ()  # (screen index or name, view), from --wall
    workstation: str | None = None  # None: this computer's host name


def _wall(text: str) -> tuple[str, str]:
    screen, sep, view = text.partition("=")
    if not sep or not screen.strip() or not view.strip():
        raise argparse.ArgumentTypeError(f"use SCREEN=VIEW, e.g. 0=2x2 or HDMI-1=Lobby; "
                                         f"got {text!r}")
    return screen.strip(), view.strip()


def _layout(text: str) -> Layout:
    try:
        return Layout.parse(text)
    except ValueError as exc:  # argparse shows ArgumentTypeError's words, not ValueError's
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="Pantau video-wall client. The password comes from the "
                    f"{PASSWORD_ENV} environment variable, the OS keyring, or the login "
                    "dialog.")
    parser.add_argument("--server", metavar="URL", help="server address, e.g. "
                        "http://127.0.0.1:8080")
    parser.add_argument("--user", metavar="NAME", help="user name to log in with")
    parser.add_argument("--layout", metavar="NxN", type=_layout,
                        help="wall layout: " + ", ".join(m.value for m in Layout))
    parser.add_argument("--cameras", metavar="ID,ID,...", default="",
                        help="camera ids to put on the wall, in order")
    parser.add_argument("--fill", action="store_true",
                        help="put the first cameras of the catalog on the wall")
    parser.add_argument("--lang", choices=("en", "id"), help="language of the interface")
    parser.add_argument("--wall", metavar="SCREEN=VIEW", type=_wall, action="append",
                        default=[], help="open VIEW full-screen on SCREEN (an index or a "
                        "screen name); VIEW is a saved view's name or LAYOUT[:ID,ID,...]; "
                        "repeatable")
    parser.add_argument("--workstation", metavar="NAME",
                        help="name this computer's walls go by (default: the host name)")
    return parser


def parse_args(argv: list[str] | None = None,
               environ: dict[str, str] | None = None) -> ClientConfig:
    args = build_parser().parse_args(argv)
    env = os.environ if environ is None else environ
    return ClientConfig(
        server_url=args.server, username=args.user, layout=args.layout,
        cameras=tuple(c.strip() for c in args.cameras.split(",") if c.strip()),
        fill=args.fill, language=args.lang, password=env.get(PASSWORD_ENV) or None,
        walls=tuple(args.wall), workstation=args.workstation)
