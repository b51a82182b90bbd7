"""``python -m server node --name N --data-dir D --database-url URL``: one recording node
of a fleet. It records the cameras it holds a lease on, relays their live streams and
serves their footage to the API (server/node/http.py). Several nodes and the API share
one PostgreSQL database; the keys are the API's (``--key-dir``, see server/README.md)."""

from __future__ import annotations

import argparse
import logging
import os
import re
import socket
import sys
from pathlib import Path

from server.node.volumes import parse_volume
from server.nodes import DEFAULT_LEASE_S
from server.settings import Settings

log = logging.getLogger("server.node")

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# keys/ of the API's data directory: the camera passwords' key and the fleet key
# (live tickets, footage token). A node never makes its own: they would open nothing.
NEEDED_KEYS = (Path("keys") / "credentials.key", Path("keys") / "relay-ticket.key")


def parse_args(argv: list[str]) -> argparse.Namespace:
    from server.cli import parse_size

    p = argparse.ArgumentParser(prog="python -m server node", description=__doc__)
    p.add_argument("--name", required=True, help="this node's name in the fleet")
    p.add_argument("--data-dir", type=Path, required=True, help="recordings of this node")
    p.add_argument("--database-url", default=None,
                   help="the fleet's database (default $PANTAU_DATABASE_URL)")
    p.add_argument("--key-dir", type=Path, default=None,
                   help="folder holding keys/ copied from the API (default --data-dir)")
    p.add_argument("--host", default="127.0.0.1", help="where the footage endpoint and "
                   "the relay listen")
    p.add_argument("--port", type=int, default=0, help="the footage endpoint's port (0: free)")
    p.add_argument("--advertise-host", default=None,
                   help="the host the API and clients reach this node on (default --host)")
    p.add_argument("--relay-port", type=int, default=8555, help="0 picks a free one")
    p.add_argument("--no-relay", dest="relay", action="store_false")
    p.add_argument("--no-analytics", dest="analytics", action="store_false",
                   help="do not analyse recorded cameras (no motion grid)")
    p.add_argument("--capacity", type=int, default=256, help="cameras it may record at once")
    p.add_argument("--lease-seconds", type=float, default=DEFAULT_LEASE_S,
                   help="a dead node's cameras are recorded elsewhere within this long")
    p.add_argument("--segment-seconds", type=float, default=10.0)
    p.add_argument("--retention-days", type=float, default=30.0)
    p.add_argument("--storage-reserve", type=parse_size, default=Settings.storage_reserve_bytes,
                   metavar="SIZE")
    p.add_argument("--storage-reserve-percent", type=float,
                   default=Settings.storage_reserve_percent, metavar="PERCENT")
    p.add_argument("--volume", action="append", default=[], metavar="PATH[:KEEP%]",
                   help="where footage goes, in order, each keeping KEEP %% free (default "
                   "5); repeat for several (default: --data-dir with --storage-reserve)")
    p.add_argument("--log-level", default="INFO")
    args = p.parse_args(argv)
    try:
        args.volume = [parse_volume(text) for text in args.volume]
    except ValueError as exc:
        p.error(f"--volume: {exc}")
    if not _NAME.match(args.name):
        p.error("--name: letters, digits, '.', '_' and '-', at most 64")
    if not 1 <= args.capacity <= 100_000:
        p.error("--capacity must be between 1 and 100000")
    if not 3 <= args.lease_seconds <= 3600:
        p.error("--lease-seconds must be between 3 and 3600")
    if not 1.0 <= args.segment_seconds <= 3600:
        p.error("--segment-seconds must be between 1 and 3600")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    from server.cli import setup_logging

    setup_logging(args.log_level)
    key_dir = (args.key_dir or args.data_dir).resolve()
    missing = [str(key_dir / k) for k in NEEDED_KEYS if not (key_dir / k).is_file()]
    if missing:
        print(f"python -m server node: missing {', '.join(missing)}: copy keys/ from the "
              "API's data directory (--key-dir)", file=sys.stderr)
        return 2
    url = args.database_url or os.environ.get("PANTAU_DATABASE_URL")
    if not url:
        print("python -m server node: --database-url or PANTAU_DATABASE_URL is needed: "
              "the fleet's database", file=sys.stderr)
        return 2
    from server.context import ServerContext
    from server.db import open_engine
    from server.node.fleet import NodeIdentity
    from server.node.http import node_app
    from server.node.relay.tickets import TicketSigner, load_or_create_key
    from server.node.volumes import Volumes, VolumeSpec
    from server.nodes import footage_token
    from server.serve import serve

    # Bound before the node registers: the database names the port the API reads from.
    listener = socket.create_server((args.host, args.port),
                                    family=socket.AF_INET6 if ":" in args.host else
                                    socket.AF_INET)
    port = listener.getsockname()[1]
    advertised = args.advertise_host or args.host
    shown = f"[{advertised}]" if ":" in advertised else advertised
    settings = Settings(
        data_dir=args.data_dir.resolve(), database_url=url, key_dir=key_dir,
        segment_seconds=args.segment_seconds, retention_days=args.retention_days,
        relay=args.relay, analytics=args.analytics, relay_bind=args.host,
        relay_port=args.relay_port,
        relay_host=args.advertise_host, storage_reserve_bytes=args.storage_reserve,
        storage_reserve_percent=args.storage_reserve_percent,
        node_name=args.name, node_capacity=args.capacity, lease_s=args.lease_seconds,
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    ctx = ServerContext(settings=settings, engine=open_engine(url))
    fleet_key = load_or_create_key(key_dir)
    identity = NodeIdentity(args.name, args.capacity, f"http://{shown}:{port}",
                            args.advertise_host, None)
    # Without --volume: the data directory, keeping the storage reserve free.
    specs = args.volume or [VolumeSpec(settings.data_dir, settings.storage_reserve_percent,
                                       settings.storage_reserve_bytes)]
    volumes = Volumes(specs, ctx.engine, node=args.name, data_dir=settings.data_dir)
    app = node_app(ctx, identity, TicketSigner(fleet_key), footage_token(fleet_key), volumes)
    return serve(app, args.host, port, sock=listener)
