"""A node's own HTTP endpoint: the API reads the footage on the node's disks from it
(server/footage.py), segment by segment, and nothing else reaches it.

- ``GET /node/v1/segments/{id}``: the segment file as recorded (``video/mp4``, byte
  ranges), for a segment this node recorded; 403 without the fleet's footage token in
  ``X-Pantau-Node-Token`` (server/nodes.py), 404 for a segment of another node or whose
  file is gone.
- ``GET /node/v1/health``: ``{"name", "cameras", "recording"}``, no token.

The process's lifetime (relay, recording node, retention, the catalog watch) is the
app's lifespan."""

from __future__ import annotations

import hmac
import logging
import threading
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from server.catalog_watch import CatalogWatch
from server.clock import utc_now
from server.context import ServerContext
from server.node.fleet import NodeIdentity
from server.node.relay.service import close_relay, open_relay
from server.node.relay.tickets import TicketSigner
from server.node.runtime import RecordingNode
from server.node.volumes import Volumes
from server.nodes import FOOTAGE_TOKEN_HEADER
from server.retention import RetentionTimer
from server.schema import segments
from server.storage_guard import StorageGuard

log = logging.getLogger(__name__)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"detail": {"code": code, "message": message}}, status_code=status)


def node_app(ctx: ServerContext, identity: NodeIdentity, tickets: TicketSigner,
             token: str, volumes: Volumes) -> FastAPI:
    settings = ctx.settings

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        relay = None
        if settings.relay:
            relay = await run_in_threadpool(open_relay, ctx, tickets)
            identity_now = NodeIdentity(identity.name, identity.capacity, identity.http_url,
                                        identity.relay_host, relay.port)
        else:
            identity_now = identity
        guard = StorageGuard(settings, ctx.engine, volumes=volumes)
        node = RecordingNode(ctx, identity_now, relay, guard, settings.lease_s)
        app.state.node = node
        ctx.recorder = node.recorder
        ctx.camera_listeners.append(node.recorder.on_camera_changed)
        retention = RetentionTimer(ctx.engine, settings.data_dir,
                                   timedelta(days=settings.retention_days),
                                   settings.retention_every_s, utc_now, node=identity.name,
                                   unnamed=False)
        watch = CatalogWatch(ctx)
        await run_in_threadpool(node.start)
        retention.start()
        watch.start()
        try:
            yield
        finally:
            await run_in_threadpool(watch.stop)
            await run_in_threadpool(retention.stop)
            await run_in_threadpool(node.stop)
            if relay is not None:
                await run_in_threadpool(close_relay, ctx, relay)
            ctx.engine.dispose()

    app = FastAPI(title=f"Pantau node {identity.name}", lifespan=lifespan,
                  openapi_url=None, docs_url=None, redoc_url=None)
    app.state.ctx = ctx
    app.state.stopping = threading.Event()

    @app.get("/node/v1/health")
    def health(request: Request) -> dict:
        node: RecordingNode = request.app.state.node
        stats = node.stats()
        return {"name": identity.name, "cameras": len(stats["cameras"]),
                "recording": stats["recording"]}

    @app.get("/node/v1/segments/{segment_id}")
    def segment(segment_id: int, request: Request):
        given = request.headers.get(FOOTAGE_TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return _error(403, "forbidden", "This node serves its footage to the API only.")
        with ctx.engine.connect() as conn:
            row = conn.execute(select(segments.c.path, segments.c.volume).where(
                segments.c.id == segment_id, segments.c.node == identity.name)).first()
        if row is None:
            return _error(404, "not_found", f"No segment {segment_id} on this node.")
        path = Path(row.volume or settings.data_dir) / row.path
        if not path.is_file():
            return _error(404, "not_found", f"Segment {segment_id}'s file is gone.")
        return FileResponse(path, media_type="video/mp4")

    return app
