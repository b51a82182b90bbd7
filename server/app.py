"""The FastAPI application: routers, error shape, and the services' lifetime."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import Depends, FastAPI
from starlette.concurrency import run_in_threadpool

from server.alarms.poller import AlarmPoller
from server.api import admin_areas as admin_areas_api
from server.api import admin_cameras as admin_cameras_api
from server.api import admin_users as admin_users_api
from server.api import alarms as alarms_api
from server.api import audit as audit_api
from server.api import auth, catalog, health, recordings
from server.api import bookmarks as bookmarks_api
from server.api import events as events_api
from server.api import evidence as evidence_api
from server.api import exports as exports_api
from server.api import face_scans as face_scans_api
from server.api import live as live_api
from server.api import maps as maps_api
from server.api import motion as motion_api
from server.api import nodes as nodes_api
from server.api import occupancy as occupancy_api
from server.api import ptz as ptz_api
from server.api import retention as retention_api
from server.api import views as views_api
from server.api import walls as walls_api
from server.areas import find_city_file, load_city
from server.camsim_import import import_with_retry
from server.catalog_warm import warm_catalog
from server.catalog_watch import CatalogWatch
from server.clock import utc_now
from server.context import ServerContext
from server.db import default_url, open_engine
from server.demo import seed_demo_users
from server.errors import install_error_handlers
from server.events import EventBus
from server.exports.worker import ExportWorkers
from server.faces.scans import FaceScans
from server.fleet_status import FleetRecorderView
from server.limits import BodyLimit, checked_row_ids
from server.logmask import mask_url
from server.node.relay.service import close_relay, open_relay
from server.node.relay.tickets import TicketSigner, load_or_create_key
from server.node.runtime import RecordingNode, embedded_identity
from server.node.thumbnails import ThumbnailCache
from server.ptz.lock import PtzLocks
from server.ptz.onvif_client import PtzDevices
from server.retention import RetentionTimer
from server.settings import Settings
from server.signing import load_signer
from server.storage_guard import StorageGuard, release_if_full
from server.throttle import SignInThrottle
from server.version import server_version
from server.walls import WallRegistry

log = logging.getLogger(__name__)


def build_context(settings: Settings) -> ServerContext:
    """Open the database and load the city; cheap enough to run before serving."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    release_if_full(settings)  # a start on a full disk: the database needs room to open
    engine = open_engine(settings.database_url or default_url(settings.data_dir))
    with engine.begin() as conn:
        kota_ids = load_city(conn, find_city_file())
    if settings.demo:
        seed_demo_users(engine, kota_ids)
    ctx = ServerContext(settings=settings, engine=engine)
    ctx.vault  # noqa: B018 — made now, so a node's keys/ can be copied before any camera
    return ctx


def create_app(ctx: ServerContext, start_services: bool = True) -> FastAPI:
    stop = threading.Event()

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        node = None
        relay = None
        if ctx.settings.relay:
            # Before the recorder, which records through it.
            relay = await run_in_threadpool(open_relay, ctx, _app.state.tickets)
            _app.state.relay = relay
        background: threading.Thread | None = None
        workers = ExportWorkers(ctx.engine, ctx.settings.data_dir, _app.state.signer,
                                footage=ctx.footage)
        _app.state.export_workers = workers
        workers.start()
        _app.state.face_scans = FaceScans(ctx.engine, ctx.footage)
        _app.state.face_scans.start()
        # Alarms raised by any node reach the event streams (also without the services:
        # the nodes may run elsewhere).
        alarm_poller = AlarmPoller(ctx.engine, _app.state.events.publish)
        await run_in_threadpool(alarm_poller.start)
        retention = None
        watch = warm = None
        if start_services:
            settings = ctx.settings
            retention = RetentionTimer(
                ctx.engine,
                settings.data_dir,
                timedelta(days=settings.retention_days),
                settings.retention_every_s,
                utc_now,
                node=settings.node_name,
            )
            retention.start()
            if settings.camsim_url:
                log.info("importing cameras from %s", mask_url(settings.camsim_url))
                count = await run_in_threadpool(
                    import_with_retry, ctx, settings.camsim_url, stop, settings.camsim_wait_s
                )
                if count is None and not stop.is_set():
                    # Serve anyway; the import keeps trying and the recorder picks the
                    # cameras up when it lands.
                    background = threading.Thread(
                        target=_late_import, args=(ctx, stop), name="camsim-import", daemon=True
                    )
            guard = _app.state.storage_guard
            guard.on_alarm(_app.state.events.publish)
            if settings.node_name is not None:
                node = RecordingNode(ctx, embedded_identity(settings, relay), relay, guard,
                                     settings.lease_s)
                ctx.recorder = FleetRecorderView(ctx.footage.directory, node.recorder,
                                                 settings.node_name)
                ctx.camera_listeners.append(node.recorder.on_camera_changed)
                ctx.camera_listeners.append(node.wake)
                # A start on a full disk records nothing: checked before the first look.
                await run_in_threadpool(node.start)
            else:  # the API alone: what the nodes report
                ctx.recorder = FleetRecorderView(ctx.footage.directory)
                await run_in_threadpool(guard.check)
                guard.start()
            if background is not None:
                background.start()
            watch = CatalogWatch(ctx)
            watch.start()
            warm = threading.Thread(target=warm_catalog, args=(ctx, stop),
                                    name="catalog-warm", daemon=True)
            warm.start()
        try:
            yield
        finally:
            stop.set()
            await run_in_threadpool(workers.stop)
            await run_in_threadpool(_app.state.face_scans.stop)
            await run_in_threadpool(alarm_poller.stop)
            await _app.state.ptz_devices.close()
            if retention is not None:
                await run_in_threadpool(retention.stop)
            if watch is not None:
                await run_in_threadpool(watch.stop)
            await run_in_threadpool(_app.state.storage_guard.stop)
            if node is not None:
                await run_in_threadpool(node.stop)
            if relay is not None:
                await run_in_threadpool(close_relay, ctx, relay)
            if background is not None:
                background.join(timeout=5)
            if warm is not None:
                warm.join(timeout=10)
            ctx.engine.dispose()

    app = FastAPI(
        title="Pantau server",
        version=server_version(),
        description="Thin backend of the Pantau video wall: catalog, live, recordings, playback.",
        lifespan=lifespan,
        # Every route: an id beyond a 64-bit row is a 422, not an overflow in the driver.
        dependencies=[Depends(checked_row_ids)],
    )
    app.add_middleware(BodyLimit)  # body caps before any route (and before sign-in)
    app.state.ctx = ctx
    # Free space of the recordings' and the database's volumes; /health reads it.
    app.state.storage_guard = StorageGuard(ctx.settings, ctx.engine)
    app.state.signer = load_signer(ctx.settings.data_dir)  # signs evidence manifests
    log.info(  # where an administrator reads the key to check exports against
        "export signing key: key_id %s, fingerprint (SHA-256 of the Ed25519 public key) %s",
        app.state.signer.key_id,
        app.state.signer.fingerprint,
    )
    # Signs live tickets; the relay (app.state.relay, None until started) checks them.
    app.state.tickets = TicketSigner(load_or_create_key(ctx.settings.keys_dir))
    app.state.relay = None
    app.state.ptz_locks = PtzLocks(timedelta(seconds=ctx.settings.ptz_lock_idle_s), utc_now)
    app.state.ptz_devices = PtzDevices(ctx.settings.onvif_user, ctx.settings.onvif_password)
    app.state.ptz_directions = {}  # (camera, user) -> last move direction, for the audit
    # Set on SIGINT/SIGTERM too, so a start-up still waiting for camsim gives up at once.
    app.state.stopping = stop
    install_error_handlers(app)
    for module in (health, auth, catalog, recordings, views_api, audit_api):
        app.include_router(module.router)
    app.state.events = EventBus()  # pushes to walls, read by /api/v1/events
    app.state.thumbnails = ThumbnailCache()  # timeline hover pictures, by keyframe
    app.state.walls = WallRegistry()
    # Failed sign-ins slow down and lock (tests swap in one with their own clock).
    app.state.sign_in_throttle = SignInThrottle(utc_now)
    app.include_router(admin_users_api.router)
    for module in (
        walls_api,
        events_api,
        exports_api,
        evidence_api,
        bookmarks_api,
        retention_api,
        ptz_api,
        live_api,
        admin_areas_api,
        admin_cameras_api,
        maps_api,
        nodes_api,
        motion_api,
        alarms_api,
        face_scans_api,
        occupancy_api,
    ):
        app.include_router(module.router)
    return app


def _late_import(ctx: ServerContext, stop: threading.Event) -> None:
    if import_with_retry(ctx, ctx.settings.camsim_url, stop) is not None:
        ctx.camera_changed("")  # every camera: the node looks at once
