"""PTZ control from the client: continuous moves while a key or the pad is held,
click-to-center, presets, and who holds each camera.

Every command carries the next sequence number of this client session. Commands run
on the TaskRunner's threads and may reach the server out of order; the server drops any
command older than one it already executed, so a stop is never overtaken by the move it
ends. While a move is held it is repeated every half second: the server gives each move
a short deadman timeout, so a camera stops by itself if this client vanishes.
"""

from __future__ import annotations

import itertools
import logging
import secrets
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from app.api.errors import ApiError, ApiErrorKind
from app.api.ptz import PtzApi, PtzStatus
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

KEEPALIVE_MS = 500
POLL_MS = 2000


class PtzService(QObject):
    status_changed = Signal(str, object)  # camera id, PtzStatus
    presets_changed = Signal(str, object)  # camera id, list[Preset]
    failed = Signal(str, object, str)  # camera id, ApiErrorKind, message

    def __init__(self, session: SessionService, runner: TaskRunner,
                 api: Callable[[], PtzApi | None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.speed = 0.5  # of the camera's top speed, for keys and the pad (a setting)
        self.username = lambda: session.user.username if session.user else ""
        client_session = f"pantau-{secrets.token_hex(6)}"
        self._api = api or (lambda: PtzApi(session.api, client_session)
                            if session.api is not None else None)
        self._seq = itertools.count(1)
        self._moving: dict[str, tuple[float, float, float]] = {}
        self._watching: dict[str, int] = {}
        self.statuses: dict[str, PtzStatus] = {}
        self._in_flight: set[str] = set()  # cameras whose status call is under way
        self._asked = itertools.count(1)  # status requests, to drop a late answer
        self._shown: dict[str, int] = {}
        self._keepalive = QTimer(self)
        self._keepalive.setInterval(KEEPALIVE_MS)
        self._keepalive.timeout.connect(self._on_keepalive_timeout)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)

    # -- moves -------------------------------------------------------------------------
    def start_move(self, camera_id: str, pan: float, tilt: float, zoom: float = 0.0) -> None:
        """Move at this velocity (-1..1 each) until stop_move."""
        velocity = tuple(max(-1.0, min(1.0, v)) for v in (pan, tilt, zoom))
        if self._moving.get(camera_id) == velocity:
            return  # key auto-repeat: the keep-alive already repeats it
        self._moving[camera_id] = velocity
        self._send(camera_id, "move", pan=velocity[0], tilt=velocity[1], zoom=velocity[2])
        if not self._keepalive.isActive():
            self._keepalive.start()

    def stop_move(self, camera_id: str) -> None:
        if self._moving.pop(camera_id, None) is None:
            return
        if not self._moving:
            self._keepalive.stop()
        self._send(camera_id, "stop")

    def stop_all(self) -> None:
        for camera_id in list(self._moving):
            self.stop_move(camera_id)

    def moving(self, camera_id: str) -> bool:
        return camera_id in self._moving

    def center(self, camera_id: str, x: float, y: float) -> None:
        """Turn so that picture point (x right, y down; -1..1 from the centre) is centred."""
        self._send(camera_id, "center", x=max(-1.0, min(1.0, x)), y=max(-1.0, min(1.0, y)))

    def _send(self, camera_id: str, what: str, **values: float) -> None:
        api = self._api()
        if api is None:
            return
        seq = next(self._seq)
        self._runner.submit(lambda: api.command(camera_id, what, seq, **values),
                            lambda _accepted: None,
                            lambda exc: self._on_failed(camera_id, exc))

    def _on_keepalive_timeout(self) -> None:
        for camera_id, (pan, tilt, zoom) in list(self._moving.items()):
            self._send(camera_id, "move", pan=pan, tilt=tilt, zoom=zoom)

    # -- who holds it ------------------------------------------------------------------
    def watch(self, camera_id: str) -> None:
        """Poll this camera's lock and position while someone shows it (ref-counted)."""
        self._watching[camera_id] = self._watching.get(camera_id, 0) + 1
        self.refresh(camera_id)
        if not self._poll.isActive():
            self._poll.start()

    def unwatch(self, camera_id: str) -> None:
        count = self._watching.get(camera_id, 0) - 1
        if count > 0:
            self._watching[camera_id] = count
            return
        self._watching.pop(camera_id, None)
        self.stop_move(camera_id)
        if not self._watching:
            self._poll.stop()

    def refresh(self, camera_id: str) -> None:
        api = self._api()
        if api is not None:
            asked = next(self._asked)
            self._in_flight.add(camera_id)

            def done(status: PtzStatus) -> None:
                self._in_flight.discard(camera_id)
                self._on_status(status, asked)

            def failed(exc: BaseException) -> None:
                self._in_flight.discard(camera_id)
                self._on_failed(camera_id, exc)

            self._runner.submit(lambda: api.status(camera_id), done, failed)

    def _on_poll_timeout(self) -> None:
        for camera_id in list(self._watching):
            # A camera slow to answer (ONVIF deadlines are seconds) must not pile polls
            # up on the shared worker threads and starve every other request.
            if camera_id not in self._in_flight:
                self.refresh(camera_id)

    def _on_status(self, status: PtzStatus, asked: int) -> None:
        # Status calls run in parallel too: an answer older than the one shown is stale.
        if asked < self._shown.get(status.camera_id, 0):
            return
        self._shown[status.camera_id] = asked
        self.statuses[status.camera_id] = status
        self.status_changed.emit(status.camera_id, status)

    # -- presets -----------------------------------------------------------------------
    def load_presets(self, camera_id: str) -> None:
        api = self._api()
        if api is not None:
            self._runner.submit(lambda: api.presets(camera_id),
                                lambda found: self.presets_changed.emit(camera_id, found),
                                lambda exc: self._on_failed(camera_id, exc))

    def goto_preset(self, camera_id: str, token: str) -> None:
        self._preset_call(camera_id, lambda api: api.goto_preset(camera_id, token))

    def save_preset(self, camera_id: str, name: str) -> None:
        self._preset_call(camera_id, lambda api: api.save_preset(camera_id, name))

    def rename_preset(self, camera_id: str, token: str, name: str) -> None:
        self._preset_call(camera_id, lambda api: api.rename_preset(camera_id, token, name))

    def remove_preset(self, camera_id: str, token: str) -> None:
        self._preset_call(camera_id, lambda api: api.remove_preset(camera_id, token))

    def _preset_call(self, camera_id: str, call: Callable[[PtzApi], None]) -> None:
        api = self._api()
        if api is not None:
            self._runner.submit(lambda: call(api), lambda _: self.load_presets(camera_id),
                                lambda exc: self._on_failed(camera_id, exc))

    def _on_failed(self, camera_id: str, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            if exc.code == "ptz_locked":
                self._moving.pop(camera_id, None)  # someone else has it: nothing to repeat
                self.refresh(camera_id)
            self.failed.emit(camera_id, exc.kind, exc.message)
        else:
            log.error("PTZ call for %s failed", camera_id, exc_info=exc)
            self.failed.emit(camera_id, ApiErrorKind.BAD_RESPONSE, str(exc))
