"""Pushing to walls: this workstation registers its monitors with the server, listens to
the server's event stream on a worker thread, and re-emits each push as a Qt signal;
operators push a camera or a view to another workstation's monitor."""

from __future__ import annotations

import logging
import random
import socket
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient
from app.services.session import SessionService
from app.tasks import TaskRunner
from app.wall import Layout, WallModel

log = logging.getLogger(__name__)

BACKOFF_START_S = 0.5
BACKOFF_MAX_S = 15.0

ViewFinder = Callable[[str], Any]  # name -> an object with wall_json(), or None


def default_workstation() -> str:
    """The host name, trimmed to what the server accepts in a workstation name."""
    name = socket.gethostname().split(".")[0]
    cleaned = "".join(c if c.isalnum() or c in "._-" else "-" for c in name)
    return cleaned[:100] or "workstation"


def view_wall_json(name: str, find_view: ViewFinder | None = None) -> dict[str, Any] | None:
    """What a view name puts on a wall, as WallService.load_json takes it: a saved view
    by its name (through ``find_view``), else ``LAYOUT[:ID,ID,...]`` ("2x2:cam001,,cam003"),
    so a kiosk can start without any saved view. None when it is neither."""
    view = find_view(name) if find_view is not None else None
    if view is not None:
        return view.wall_json()
    layout_text, _, cameras = name.partition(":")
    try:
        layout = Layout.parse(layout_text)
    except ValueError:
        return None
    model = WallModel(layout)
    ids = [c.strip() for c in cameras.split(",")] if cameras else []
    for index, camera_id in enumerate(ids[:model.visible_count()]):
        if camera_id:  # an empty place keeps its tile empty
            model.assign(index, camera_id)
    return model.to_json()


class PushService(QObject):
    camera_pushed = Signal(int, str, str)  # monitor index, camera id, sender
    view_pushed = Signal(int, str, str)  # monitor index, view name, sender
    connected_changed = Signal(bool)  # the event stream is (or is no longer) open
    # The server's storage alarm (raised, its message): the disk is full and retention
    # cannot make room. Sent to every event stream, whatever the workstation.
    storage_alarm_changed = Signal(bool, str)
    # An alarm raised or acknowledged (the event's JSON: app.alarms.service reads it).
    alarm_event = Signal(object)
    workstations_changed = Signal(object)  # list: [{name, username, monitors: [...]}, ...]
    push_failed = Signal(object, str)  # ApiErrorKind, message
    pushed = Signal(str, int)  # a push of ours was accepted: workstation, monitor

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._workstation = ""
        self._monitors: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = False
        self._workstations: list[dict[str, Any]] = []
        # Emitted from the listening thread; Qt queues them to this object's thread.
        self._stream_event.connect(self._on_self_stream_event)
        self._stream_open.connect(self._on_self_stream_open)
        session.logged_out.connect(self.stop)

    # Each carries the stop event of the run that emitted it: news from a stopped run
    # (one still inside a read when stop() returned) is told apart and dropped.
    _stream_event = Signal(object, object)  # stop event, dict
    _stream_open = Signal(object, bool)  # stop event, open

    @property
    def workstation(self) -> str:
        return self._workstation

    @property
    def connected(self) -> bool:
        return self._connected

    def workstations(self) -> list[dict[str, Any]]:
        return list(self._workstations)

    # -- this workstation ---------------------------------------------------------------
    def start(self, workstation: str, monitors: list[dict[str, Any]]) -> None:
        """Register ``monitors`` as ``workstation`` and listen for what is pushed to it.
        The listening thread is our own, not the task pool: it lives as long as the
        session and would hold a pool thread for good."""
        self._workstation = workstation
        self._monitors = list(monitors)
        if self._thread is not None:
            self.update_monitors(monitors)
            return
        api = self._session.api
        if api is None:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, args=(api, self._stop),
                                        name="push-events", daemon=True)
        self._thread.start()

    def update_monitors(self, monitors: list[dict[str, Any]]) -> None:
        """Screens came or went: tell the server (the stream stays open)."""
        self._monitors = list(monitors)
        api = self._session.api
        if api is not None and self._workstation:
            name, monitors = self._workstation, list(monitors)
            self._runner.submit(lambda: api.register_workstation(name, monitors),
                                on_failure=lambda e: log.info("re-register failed: %s", e))

    def stop(self) -> None:
        self._stop.set()
        # No join: the GUI thread must not wait for a read to end. The thread ends at
        # the next line it reads, and what it says meanwhile carries its stop event.
        self._thread = None
        if self._connected:
            self._connected = False
            self.connected_changed.emit(False)

    # -- pushing to others --------------------------------------------------------------
    def load_workstations(self) -> None:
        api = self._session.api
        if api is None:
            return
        self._runner.submit(api.workstations, self._on_workstations_loaded,
                            self._on_push_call_failed)

    def push_camera(self, workstation: str, monitor: int, camera_id: str) -> None:
        self._push(workstation, monitor, camera_id=camera_id)

    def push_view(self, workstation: str, monitor: int, view: str) -> None:
        self._push(workstation, monitor, view=view)

    def _push(self, workstation: str, monitor: int, **body: str) -> None:
        api = self._session.api
        if api is None:
            self.push_failed.emit(ApiErrorKind.UNAUTHORIZED, "not logged in")
            return
        self._runner.submit(lambda: api.push(workstation, monitor, **body),
                            lambda _r: self.pushed.emit(workstation, monitor),
                            self._on_push_call_failed)

    def _on_workstations_loaded(self, stations: list[dict[str, Any]]) -> None:
        self._workstations = [s for s in stations if isinstance(s, dict)]
        self.workstations_changed.emit(self.workstations())

    def _on_push_call_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.push_failed.emit(exc.kind, exc.message)
        else:
            self.push_failed.emit(ApiErrorKind.BAD_RESPONSE, str(exc))

    # -- the listening thread -----------------------------------------------------------
    def _listen(self, api: ApiClient, stop: threading.Event) -> None:
        delay = BACKOFF_START_S
        while not stop.is_set():
            try:
                # Register on every (re)connect: the server keeps workstations in memory.
                api.register_workstation(self._workstation, self._monitors)
                for event in api.events(self._workstation, stop):
                    if stop.is_set():
                        break
                    if event.get("type") == "hello":
                        self._stream_open.emit(stop, True)
                        delay = BACKOFF_START_S
                    else:
                        self._stream_event.emit(stop, event)
            except ApiError as exc:
                log.info("event stream for %s: %s (%s)", self._workstation, exc.kind.value,
                         exc.message)
            except Exception:  # never let the thread die: a wall PC runs unattended
                log.exception("event stream for %s failed", self._workstation)
            if stop.is_set():
                break  # stopped: this object may already be gone, emit nothing
            self._stream_open.emit(stop, False)
            # Backoff with jitter, so walls do not all reconnect at the same instant.
            stop.wait(delay * random.uniform(0.7, 1.3))
            delay = min(delay * 2, BACKOFF_MAX_S)

    def _on_self_stream_open(self, run: threading.Event, is_open: bool) -> None:
        if run is not self._stop:
            return  # a stopped run's last word
        if self._stop.is_set():
            is_open = False
        if is_open != self._connected:
            self._connected = is_open
            self.connected_changed.emit(is_open)

    def _on_self_stream_event(self, run: threading.Event, event: dict) -> None:
        if run is not self._stop or self._stop.is_set():
            return
        if event.get("type") == "storage_alarm":
            self.storage_alarm_changed.emit(bool(event.get("raised")),
                                            str(event.get("message") or ""))
            return
        if event.get("type") in ("alarm", "alarm_acknowledged"):
            self.alarm_event.emit(event)
            return
        if event.get("type") != "push":
            return
        monitor = event.get("monitor")
        sender = str(event.get("from", ""))
        if not isinstance(monitor, int):
            return
        if isinstance(event.get("camera_id"), str):
            log.info("%s pushed camera %s to monitor %d", sender, event["camera_id"], monitor)
            self.camera_pushed.emit(monitor, event["camera_id"], sender)
        elif isinstance(event.get("view"), str):
            log.info("%s pushed view %s to monitor %d", sender, event["view"], monitor)
            self.view_pushed.emit(monitor, event["view"], sender)
