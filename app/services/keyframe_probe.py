"""When the picture of a moment was taken: the server's thumbnail is the keyframe at or
before the moment asked (a keyframe a second on camsim, up to several on real cameras),
and the face editor must draw a track's box where the face is in *that* picture.

The thumbnail's own time is not in app.api.thumbnails.Thumbnail (the server sends it as
X-Pantau-At), so it is found by asking for earlier moments, ``STEP_S`` apart, until the
picture changes: the same keyframe comes back as the same bytes (the server caches it by
keyframe), so the earliest moment with the same bytes is within ``STEP_S`` after the
keyframe (the middle is said: within ``STEP_S / 2``). The thumbnail cache answers
repeated asks without the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from app.api.errors import ApiErrorKind
from app.api.thumbnails import Thumbnail
from app.services.thumbnails import ThumbnailService

STEP_S = 0.2  # the face detector looks 5 times a second: no finer is needed
MAX_STEPS = 25  # 5 s back at most: past that, the first moment's picture is kept


@dataclass
class _Probe:
    camera_id: str
    asked: datetime  # the moment first asked for
    width: int
    first: Thumbnail | None = None
    shown_at: datetime | None = None  # the earliest moment known to give ``first``
    steps: int = 0
    request: int | None = None


class KeyframeProbe(QObject):
    found = Signal(int, object, object)  # probe id, datetime the picture shows, Thumbnail
    failed = Signal(int, object, str)  # probe id, ApiErrorKind, message

    def __init__(self, thumbnails: ThumbnailService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thumbnails = thumbnails
        self._probes: dict[int, _Probe] = {}
        self._ids = 0
        thumbnails.thumbnail_ready.connect(self._on_thumbnails_thumbnail_ready)
        thumbnails.thumbnail_failed.connect(self._on_thumbnails_thumbnail_failed)

    def find(self, camera_id: str, at: datetime, width: int) -> int:
        """The picture at or before ``at`` and (to ``STEP_S``) when it was taken;
        answers later with found or failed. A new find drops the one before."""
        self._probes.clear()
        self._ids += 1
        probe = _Probe(camera_id, at, width)
        self._probes[self._ids] = probe
        probe.request = self._thumbnails.request(camera_id, at, width, STEP_S / 2)
        return self._ids

    def _probe_of(self, request_id: int) -> tuple[int, _Probe] | None:
        return next(((i, p) for i, p in self._probes.items() if p.request == request_id),
                    None)

    def _on_thumbnails_thumbnail_ready(self, request_id: int, thumb: Thumbnail) -> None:
        found = self._probe_of(request_id)
        if found is None:
            return
        probe_id, probe = found
        if probe.first is None:
            probe.first, probe.shown_at = thumb, probe.asked
        elif thumb.jpeg == probe.first.jpeg:
            probe.shown_at = probe.asked - timedelta(seconds=STEP_S * probe.steps)
        else:  # an earlier keyframe: the first picture was taken after this moment,
            # within STEP_S before the earliest moment known to show it: say the middle
            probe.shown_at -= timedelta(seconds=STEP_S / 2)
            self._finish(probe_id, probe)
            return
        self._step(probe_id, probe)

    def _on_thumbnails_thumbnail_failed(self, request_id: int, kind: ApiErrorKind,
                                        message: str) -> None:
        found = self._probe_of(request_id)
        if found is None:
            return
        probe_id, probe = found
        if probe.first is None:
            del self._probes[probe_id]
            self.failed.emit(probe_id, kind, message)
        else:  # nothing recorded before: the footage starts with this keyframe
            self._finish(probe_id, probe)

    def _step(self, probe_id: int, probe: _Probe) -> None:
        if probe.steps >= MAX_STEPS:
            self._finish(probe_id, probe)
            return
        probe.steps += 1
        probe.request = self._thumbnails.request(
            probe.camera_id, probe.asked - timedelta(seconds=STEP_S * probe.steps),
            probe.width, STEP_S / 2)

    def _finish(self, probe_id: int, probe: _Probe) -> None:
        del self._probes[probe_id]
        self.found.emit(probe_id, probe.shown_at, probe.first)
