"""Crowd level: how much of a camera's scene is occupied, as a share 0..1 of its motion
grid's cells, every ``STORE_EVERY_S`` for charts, and CROWD rules on it.

A cell is occupied in a second when it moved in that second (the motion grid), or when
it differs from the background: the median of samples kept one every
``BACKGROUND_EVERY_S`` over the last ``BACKGROUND_KEEP`` of them (about five minutes), so
people standing still count until they have stood for minutes, while passing shadows,
noise and parked cars do not stay in it. A pixel differs by more than
``FOREGROUND_STEP`` levels once the whole picture's change is taken out (exposure), a
cell when ``FOREGROUND_PIXELS`` of its 16 pixels do.

The level of a second is the share of occupied cells; a stored sample is the mean of the
seconds since the last one (a minute) and the highest of them (its peak): 1,440 rows a
camera a day. A CROWD rule raises when the level stays above its
``threshold`` for ``hold_s`` (within its hours); it re-arms once the level has been under
``REARM_RATIO`` of the threshold for ``REARM_S``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from server.alarms.kinds import AlarmKind
from server.motion.grid import COLUMNS, ROWS
from server.node.analytics.detection import Detection, DetectionSink, RulesSource, rules_of
from server.node.analytics.motion import CELL_PX, Sample

BACKGROUND_EVERY_S = 10.0
BACKGROUND_KEEP = 31
FOREGROUND_STEP = 20
FOREGROUND_PIXELS = 4
STORE_EVERY_S = 60  # a stored sample: a minute's mean and its peak second
REARM_RATIO = 0.8
REARM_S = 30.0


@dataclass(frozen=True)
class OccupancySample:
    camera_id: str
    at: datetime  # the end of the seconds it averages
    level: float  # occupied share of the scene, 0..1
    moving: float  # the share of cells that moved, 0..1 (the motion grid alone)
    seconds: int  # how many seconds it averages
    peak: float = 0.0  # its highest second's level


def foreground_cells(luma: np.ndarray, background: np.ndarray) -> np.ndarray:
    """ROWS x COLUMNS booleans: the cells that differ from the background."""
    change = luma.astype(np.int16) - background.astype(np.int16)
    change -= np.int16(np.median(change))
    differs = np.abs(change) > FOREGROUND_STEP
    per_cell = differs.reshape(ROWS, CELL_PX, COLUMNS, CELL_PX).sum(axis=(1, 3))
    return per_cell >= FOREGROUND_PIXELS


class OccupancySampler:
    """An analyser (feed/close) and a motion window listener for one camera."""

    def __init__(self, camera_id: str, rules: RulesSource, sink: DetectionSink,
                 store: Callable[[OccupancySample], None],
                 stored: Callable[[], None] | None = None) -> None:
        """``stored``: called when the stream ends, to write what ``store`` holds back."""
        self.camera_id = camera_id
        self._rules = rules
        self._sink = sink
        self._store = store
        self._stored = stored
        self._kept: deque[np.ndarray] = deque(maxlen=BACKGROUND_KEEP)
        self._kept_at: datetime | None = None
        self._background: np.ndarray | None = None
        self._foreground = np.zeros((ROWS, COLUMNS), dtype=bool)  # of this second
        self._latest: Sample | None = None
        self._levels: list[float] = []  # seconds since the last stored sample
        self._moving: list[float] = []
        self._period_start: datetime | None = None
        self._above_since: dict[int, datetime] = {}
        self._below_since: dict[int, datetime] = {}
        self._raised: set[int] = set()
        self.level: float | None = None  # the last second's (for tests and logs)

    def feed(self, sample: Sample) -> None:
        self._latest = sample
        if self._kept_at is None or \
                (sample.at - self._kept_at).total_seconds() >= BACKGROUND_EVERY_S:
            self._kept.append(sample.luma)
            self._kept_at = sample.at
            self._background = np.median(np.stack(self._kept), axis=0).astype(np.uint8) \
                if len(self._kept) > 1 else sample.luma
        if self._background is not None:
            self._foreground |= foreground_cells(sample.luma, self._background)

    def close(self) -> None:
        self._flush(self._latest.at if self._latest is not None else None)
        if self._stored is not None:
            self._stored()
        self._foreground[:] = False
        self._above_since.clear()
        self._below_since.clear()

    def on_window(self, start: datetime, cells: np.ndarray) -> None:
        """A second of the motion grid is complete: that second's level."""
        occupied = cells | self._foreground
        self._foreground = np.zeros((ROWS, COLUMNS), dtype=bool)
        level = float(occupied.mean())
        self.level = level
        if self._period_start is None:
            self._period_start = start
        self._levels.append(level)
        self._moving.append(float(cells.mean()))
        if (start - self._period_start).total_seconds() + 1 >= STORE_EVERY_S:
            self._flush(start)
        self._judge(start, level)

    def _flush(self, at: datetime | None) -> None:
        if self._levels and at is not None:
            self._store(OccupancySample(
                self.camera_id, at, float(np.mean(self._levels)), float(np.mean(self._moving)),
                len(self._levels), float(max(self._levels))))
        self._levels, self._moving, self._period_start = [], [], None

    def _judge(self, at: datetime, level: float) -> None:
        for rule in rules_of(self._rules, AlarmKind.CROWD):
            if rule.threshold is None:
                continue
            if level > rule.threshold and rule.active(at):
                self._below_since.pop(rule.id, None)
                since = self._above_since.setdefault(rule.id, at)
                lasted = (at - since).total_seconds() + 1
                if lasted >= rule.hold_s and rule.id not in self._raised \
                        and self._latest is not None:
                    self._raised.add(rule.id)
                    picture = self._latest.detail if self._latest.detail is not None \
                        else self._latest.luma
                    self._sink(Detection(
                        self.camera_id, AlarmKind.CROWD, rule.id,
                        f"crowd: {level:.0%} of the scene occupied for {lasted:.0f} s "
                        f"(threshold {rule.threshold:.0%})", since, picture, rule=rule))
                continue
            self._above_since.pop(rule.id, None)
            if level < REARM_RATIO * rule.threshold:
                below = self._below_since.setdefault(rule.id, at)
                if (at - below).total_seconds() >= REARM_S:
                    self._raised.discard(rule.id)
            else:
                self._below_since.pop(rule.id, None)
