"""What the health dock shows: per-stream bitrate and fps over the last minutes, the
client's own CPU and memory, how many cameras are live, stale or offline per area, and
which cameras are in trouble (as CameraStatusService judges them), and the server's
recording nodes (NodesService, polled only while the dock is shown).

Sampled once a second on the GUI thread from what StreamService already holds; the
process figures come from the kernel (getrusage, /proc/self/statm), no extra library."""

from __future__ import annotations

import os
import resource
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.domain import CameraStatus
from app.services.camera_status import CameraStatusService, CameraTrouble, Trouble
from app.services.cameras import CameraService
from app.services.nodes import NodesService
from app.streams.engine import StreamState
from app.streams.service import StreamKey, StreamService

SAMPLE_INTERVAL_MS = 1000
HISTORY_S = 300  # "the last minutes"
_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICKS = os.sysconf("SC_CLK_TCK")
LIVE_STATES = {StreamState.LIVE}
STALE_STATES = {StreamState.STALE}
OFFLINE_STATES = {StreamState.OFFLINE, StreamState.RECONNECTING}


def read_process() -> tuple[float, int]:
    """(CPU seconds used so far, resident bytes now) of this process."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            rss = int(f.read().split()[1]) * _PAGE
    except OSError:  # not Linux: the peak is the best the OS says
        rss = usage.ru_maxrss * 1024
    return usage.ru_utime + usage.ru_stime, rss


def read_processes(helpers: Callable[[], list[int]]) -> tuple[float, int]:
    """Like read_process, plus the helper processes (the decoders) where the kernel
    tells (Linux /proc): the client is all of them."""
    cpu_s, rss = read_process()
    for pid in helpers():
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/statm", encoding="ascii") as f:
                pages = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):  # gone meanwhile, or not Linux
            continue
        cpu_s += (int(fields[11]) + int(fields[12])) / _TICKS
        rss += pages * _PAGE
    return cpu_s, rss


@dataclass(frozen=True)
class StreamSample:
    t: float
    fps: float
    bitrate_kbps: float


@dataclass(frozen=True)
class ProcessSample:
    t: float
    cpu_percent: float  # of one core
    rss_mb: float


@dataclass(frozen=True)
class NamedTrouble:
    name: str  # the camera's name (its id when the catalog does not know it)
    area: str  # its kota
    trouble: CameraTrouble


@dataclass(frozen=True)
class AreaHealth:
    area: str
    live: int = 0
    stale: int = 0
    offline: int = 0


class HealthService(QObject):
    sampled = Signal()  # a new sample is in: redraw
    storage_alarm_changed = Signal(bool, str)  # the server's storage alarm: raised, message

    def __init__(self, streams: StreamService, cameras: CameraService,
                 parent: QObject | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 process: Callable[[], tuple[float, int]] = read_process,
                 history_s: float = HISTORY_S,
                 status: CameraStatusService | None = None,
                 nodes: NodesService | None = None) -> None:
        super().__init__(parent)
        self._streams = streams
        self.nodes = nodes  # the recording nodes, polled while the dock is shown
        self._cameras = cameras
        self._status = status
        self._clock = clock
        self._process = process
        self._history_s = history_s
        self._states: dict[StreamKey, StreamState] = {}
        self._series: dict[StreamKey, deque[StreamSample]] = {}
        self._proc: deque[ProcessSample] = deque()
        self._last_cpu: tuple[float, float] | None = None  # (t, cpu seconds)
        self._storage_alarm: tuple[bool, str] = (False, "")
        self._timer = QTimer(self)
        self._timer.setInterval(SAMPLE_INTERVAL_MS)
        self._timer.timeout.connect(self.sample)
        streams.state_changed.connect(self._on_streams_state_changed)
        streams.stats_changed.connect(self._on_streams_stats_changed)

    def storage_alarm(self) -> tuple[bool, str]:
        """(raised, the server's message) of the server's storage alarm, as last heard."""
        return self._storage_alarm

    @Slot(bool, str)
    def set_storage_alarm(self, raised: bool, message: str) -> None:
        if (raised, message) != self._storage_alarm:
            self._storage_alarm = (raised, message)
            self.storage_alarm_changed.emit(raised, message)

    def start(self) -> None:
        self.sample()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    # -- what the dock reads ------------------------------------------------------------

    def stream_series(self) -> dict[StreamKey, list[StreamSample]]:
        return {key: list(samples) for key, samples in self._series.items() if samples}

    def process_series(self) -> list[ProcessSample]:
        return list(self._proc)

    def camera_name(self, camera_id: str) -> str:
        """The camera's name (its id when the catalog does not know it)."""
        camera = self._cameras.camera(camera_id)
        return camera.name if camera else camera_id

    def troubles(self) -> list[NamedTrouble]:
        """The cameras in trouble by name, the longest first."""
        if self._status is None:
            return []
        named = []
        for trouble in self._status.troubles():
            camera = self._cameras.camera(trouble.camera_id)
            named.append(NamedTrouble(camera.name if camera else trouble.camera_id,
                                      camera.area_path[0] if camera and camera.area_path
                                      else "", trouble))
        return named

    def area_health(self) -> list[AreaHealth]:
        """Per kota, the cameras the client watches (its streams' states) and the ones
        the server reports offline; a camera counts once, by its best stream."""
        rank = {"live": 3, "stale": 2, "offline": 1}
        best: dict[str, str] = {}
        for key, state in self._states.items():
            kind = ("live" if state in LIVE_STATES else "stale" if state in STALE_STATES
                    else "offline" if state in OFFLINE_STATES else None)
            if kind and rank[kind] > rank.get(best.get(key.camera_id, ""), 0):
                best[key.camera_id] = kind
        counts: dict[str, dict[str, int]] = {}
        if self._status is not None:
            down = {t.camera_id for t in self._status.troubles()
                    if t.trouble is Trouble.OFFLINE}
        else:
            down = {c.id for c in self._cameras.cameras() if c.status is CameraStatus.OFFLINE}
        for camera in self._cameras.cameras():
            kind = best.get(camera.id)
            if kind is None and camera.id in down:
                kind = "offline"
            if kind is None:
                continue
            area = camera.area_path[0] if camera.area_path else ""
            counts.setdefault(area, {"live": 0, "stale": 0, "offline": 0})[kind] += 1
        return [AreaHealth(area, **c) for area, c in sorted(counts.items())]

    # -- sampling -------------------------------------------------------------------------

    @Slot()
    def sample(self) -> None:
        now = self._clock()
        for key in list(self._series):
            stats = self._streams.stats(key)
            samples = self._series[key]
            if self._states.get(key) in LIVE_STATES | STALE_STATES:
                samples.append(StreamSample(now, stats.fps, stats.bitrate_kbps))
            self._trim(samples, now)
            if not samples and key not in self._states:
                del self._series[key]  # stopped and aged out
        cpu_s, rss = self._process()
        if self._last_cpu is not None and now > self._last_cpu[0]:
            percent = 100.0 * (cpu_s - self._last_cpu[1]) / (now - self._last_cpu[0])
            self._proc.append(ProcessSample(now, max(0.0, percent), rss / 2**20))
            self._trim(self._proc, now)
        self._last_cpu = (now, cpu_s)
        self.sampled.emit()

    def _trim(self, samples: deque, now: float) -> None:
        while samples and samples[0].t < now - self._history_s:
            samples.popleft()

    @Slot(object, object, object, str)
    def _on_streams_state_changed(self, key: StreamKey, state: StreamState, _error,
                                  _message: str) -> None:
        if state in (StreamState.STOPPED, StreamState.IDLE, StreamState.ENDED):
            self._states.pop(key, None)
        else:
            self._states[key] = state
            self._series.setdefault(key, deque())

    @Slot(object)
    def _on_streams_stats_changed(self, key: StreamKey) -> None:
        self._series.setdefault(key, deque())
