"""``python -m server``: parse the command line, serve, announce readiness on stdout."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from server.commands import find as find_command
from server.logmask import mask_text
from server.nodes import DEFAULT_LEASE_S, EMBEDDED_NODE
from server.settings import Settings

log = logging.getLogger("server")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m server", description="Pantau thin backend")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    p.add_argument("--data-dir", type=Path, required=True, help="database and recordings")
    p.add_argument(
        "--database-url", default=None, help="SQLAlchemy URL; default SQLite in --data-dir"
    )
    p.add_argument("--camsim-url", default=None, help="camsim control URL to import cameras from")
    p.add_argument("--demo", action="store_true", help="seed one demo user per role")
    p.add_argument(
        "--demo-city",
        action="store_true",
        help="seed a generated city of 30,418 cameras (one per RT, no video)",
    )
    p.add_argument("--segment-seconds", type=float, default=10.0)
    p.add_argument("--no-record", dest="record", action="store_false")
    p.add_argument(
        "--no-analytics",
        dest="analytics",
        action="store_false",
        help="do not analyse recorded cameras (no motion grid, no motion search)",
    )
    p.add_argument(
        "--camsim-wait", type=float, default=30.0, help="seconds to wait for camsim at start"
    )
    p.add_argument(
        "--retention-days",
        type=float,
        default=30.0,
        help="delete recordings older than this (protected bookmarks excepted)",
    )
    p.add_argument(
        "--relay-port", type=int, default=8555, help="live relay's RTSP port; 0 picks a free one"
    )
    p.add_argument(
        "--relay-host", default=None, help="host named in live URLs (default: the API's Host)"
    )
    p.add_argument(
        "--relay-ticket-seconds",
        type=float,
        default=60.0,
        help="how long a live URL may start a session",
    )
    p.add_argument(
        "--no-relay",
        dest="relay",
        action="store_false",
        help="no live relay: live URLs and the recorder go to the cameras themselves",
    )
    p.add_argument(
        "--storage-reserve",
        type=parse_size,
        default=Settings.storage_reserve_bytes,
        metavar="SIZE",
        help="recording pauses while a volume holding recordings or the database has less "
        "free than max(SIZE, PERCENT of it); bytes, or with K, M or G (default 256M)",
    )
    p.add_argument(
        "--storage-reserve-percent",
        type=float,
        default=Settings.storage_reserve_percent,
        metavar="PERCENT",
        help="the reserve's share of the volume (default 2; 0 on a large array where "
        "--storage-reserve alone is enough)",
    )
    p.add_argument("--node-name", default=EMBEDDED_NODE,
                   help="the name of the recording node this process runs (default local)")
    p.add_argument("--no-node", dest="node", action="store_false",
                   help="the API alone: cameras are recorded by `python -m server node` "
                   "processes sharing the database")
    p.add_argument("--node-capacity", type=int, default=Settings.node_capacity,
                   help="cameras the embedded node may record at once")
    p.add_argument("--lease-seconds", type=float, default=DEFAULT_LEASE_S,
                   help="a dead node's cameras are recorded elsewhere within this long")
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)
    if not 3 <= args.lease_seconds <= 3600:
        p.error("--lease-seconds must be between 3 and 3600")
    if not 0 < args.retention_days <= 36500:
        p.error("--retention-days must be more than 0")
    if not 0 <= args.storage_reserve_percent <= 50:
        p.error("--storage-reserve-percent must be between 0 and 50")
    if not 0 < args.relay_ticket_seconds <= 3600:
        p.error("--relay-ticket-seconds must be more than 0 and at most 3600")
    if not 1.0 <= args.segment_seconds <= 3600:
        p.error("--segment-seconds must be between 1 and 3600")
    return args


_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str) -> int:
    """``"256M"`` -> 268435456: bytes, or a whole number with K, M or G (powers of 1024)."""
    unit = text[-1:].upper() if text[-1:].isalpha() else ""
    number = text[: len(text) - len(unit)]
    if unit not in _UNITS or not number.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 268435456 or 256M)")
    return int(number) * _UNITS[unit]


class _MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    logging.getLogger("libav").setLevel(logging.ERROR)


ONVIF_USER_ENV = "PANTAU_ONVIF_USER"
ONVIF_PASSWORD_ENV = "PANTAU_ONVIF_PASSWORD"
# camsim's published demo credential (camsim/README.md): only ever used with --demo.
DEMO_ONVIF_USER, DEMO_ONVIF_PASSWORD = "admin", "pantau-sim"


def onvif_account(demo: bool) -> dict:
    """The cameras' ONVIF account from the environment (never from the command line,
    where other users of the machine could read it)."""
    user = os.environ.get(ONVIF_USER_ENV)
    password = os.environ.get(ONVIF_PASSWORD_ENV)
    if password is None and demo:
        user, password = user or DEMO_ONVIF_USER, DEMO_ONVIF_PASSWORD
    if password is None:
        log.warning("%s is not set: PTZ cameras will refuse the server", ONVIF_PASSWORD_ENV)
    return {"onvif_user": user or DEMO_ONVIF_USER, "onvif_password": password or ""}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = find_command(argv[0]) if argv and not argv[0].startswith("-") else None
    if command is not None:
        return command(argv[1:])
    args = parse_args(argv)
    setup_logging(args.log_level)
    # Serving needs the whole application (PyAV, zeep, GStreamer); the administration
    # commands above start in a fraction of the time without it.
    from server.app import build_context, create_app
    from server.city import seed_city
    from server.disk_full import EXIT_NO_ROOM, no_room_to_start
    from server.serve import serve

    settings = Settings(
        data_dir=args.data_dir.resolve(),
        database_url=args.database_url,
        camsim_url=args.camsim_url,
        demo=args.demo,
        record=args.record,
        analytics=args.analytics,
        segment_seconds=args.segment_seconds,
        camsim_wait_s=args.camsim_wait,
        retention_days=args.retention_days,
        relay=args.relay,
        relay_bind=args.host,
        relay_port=args.relay_port,
        relay_host=args.relay_host,
        relay_ticket_s=args.relay_ticket_seconds,
        storage_reserve_bytes=args.storage_reserve,
        storage_reserve_percent=args.storage_reserve_percent,
        node_name=args.node_name if args.node else None,
        node_capacity=args.node_capacity,
        lease_s=args.lease_seconds,
        **onvif_account(args.demo),
    )
    try:
        ctx = build_context(settings)
    except Exception as exc:
        if no_room_to_start(settings.data_dir, exc):
            return EXIT_NO_ROOM
        raise
    if args.demo_city:
        log.info("city catalog: %d cameras added", seed_city(ctx.engine))
    app = create_app(ctx)
    return serve(app, args.host, args.port)
