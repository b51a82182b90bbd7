"""A node's own HTTP endpoint: the API reads the footage on the node's disks from it
(server/footage.py), segment by segment, and nothing else reaches it.

- ``GET /node/v1/segments/{id}``: the segment file as recorded (``video/mp4``, byte
  ranges), for a segment this node recorded; 403 without the fleet's footage token in
  ``X-Pantau-Node-Token`` (server/nodes.py), 404 for a segment of another node or whose
  file is gone.
- ``GET /node/v1/cameras/{id}/playback?start=&end=[&keyframes_only=][&real_time=]`` and
  ``GET /node/v1/cameras/{id}/thumbnail?at=&width=``: what the API's playback and
  thumbnail routes answer (the same MP4 stream and headers, the same JPEG), cut here
  from this node's own segments; the API sends a range that lies on one node here
  (server/api/node_proxy.py). The token as above; 404 when nothing is recorded.
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

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from server.catalog_watch import CatalogWatch
from server.clock import to_wire, utc_now
from server.context import ServerContext
from server.footage import Footage
from server.node.fleet import NodeIdentity
from server.node.playback.plan import plan_playback
from server.node.playback.stream import stream_plan, thumbnail_response
from server.node.relay.service import close_relay, open_relay
from server.node.relay.tickets import TicketSigner
from server.node.runtime import RecordingNode
from server.node.thumbnails import DEFAULT_WIDTH, MAX_WIDTH, ThumbnailCache, thumbnail_at
from server.node.volumes import Volumes
from server.nodes import FOOTAGE_TOKEN_HEADER
from server.retention import RetentionTimer
from server.schema import segments
from server.storage_guard import StorageGuard
from server.timerange import TimeRange, parse_time, time_range

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
        ctx.camera_listeners.append(node.wake)
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

    footage = Footage(settings.data_dir, identity.name)
    thumbnails = ThumbnailCache()

    def refused(request: Request) -> JSONResponse | None:
        given = request.headers.get(FOOTAGE_TOKEN_HEADER, "")
        if not hmac.compare_digest(given.encode(), token.encode()):
            return _error(403, "forbidden", "This node serves its footage to the API only.")
        return None

    @app.get("/node/v1/cameras/{camera_id}/playback")
    async def playback(camera_id: str, request: Request,
                       window: TimeRange = Depends(time_range),
                       keyframes_only: bool = False, real_time: bool = False):
        if (no := refused(request)) is not None:
            return no
        plan = await run_in_threadpool(plan_playback, ctx.engine, footage, camera_id,
                                       window.start, window.end, keyframes_only, real_time)
        if plan is None:
            return _error(404, "no_recording", f"Nothing of {camera_id} is recorded here.")
        log.info("%s: playback from %s cut here", camera_id, to_wire(plan.start))
        return stream_plan(plan, footage)

    @app.get("/node/v1/cameras/{camera_id}/thumbnail")
    async def thumbnail(camera_id: str, request: Request, at: str = Query(..., max_length=40),
                        width: int = Query(DEFAULT_WIDTH, ge=16, le=MAX_WIDTH)):
        if (no := refused(request)) is not None:
            return no
        thumb = await run_in_threadpool(thumbnail_at, ctx.engine, footage, camera_id,
                                        parse_time("at", at), width, thumbnails)
        if thumb is None:
            return _error(404, "no_recording", f"Nothing of {camera_id} is recorded here then.")
        return thumbnail_response(thumb)

    @app.get("/node/v1/segments/{segment_id}")
    def segment(segment_id: int, request: Request):
        if (no := refused(request)) is not None:
            return no
        if not 0 < segment_id < 2**63:  # beyond a row id: no query, no driver overflow
            return _error(404, "not_found", f"No segment {segment_id} on this node.")
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
