"""Motion detection on a camera's sampled pictures, into the stored motion grid.

Each sample is the picture shrunk to ``CELL_PX`` x ``CELL_PX`` pixels per grid cell
(grey). A pixel changed when it differs from the previous sample by more than
``PIXEL_STEP`` levels, after taking out the change of the whole picture (the median:
exposure steps, clouds); a cell moved when at least ``CELL_PIXELS`` of its pixels
changed. A window's grid is the OR of its samples' grids; windows are whole UTC seconds;
a block closes at the next whole minute, at a break in the samples, and at stop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from server.motion.blocks import MotionBlock
from server.motion.grid import COLUMNS, ROWS, WINDOW_S, pack

log = logging.getLogger(__name__)

CELL_PX = 4  # sample pixels per cell side
SAMPLE_WIDTH, SAMPLE_HEIGHT = COLUMNS * CELL_PX, ROWS * CELL_PX
PIXEL_STEP = 12  # grey levels (of 255) a sample pixel must change by
CELL_PIXELS = 3  # changed pixels (of CELL_PX**2) that make a cell move
# Samples further apart than this are a break (a lost stream): nothing is compared
# across it, and the block ends at the last window before it.
BREAK_S = 2.5
# The picture the tampering detector measures focus on (server/node/analytics/tamper.py):
# at 128x72 a sub stream's detail is averaged away before any blur shows.
DETAIL_WIDTH, DETAIL_HEIGHT = 320, 180


@dataclass(frozen=True)
class Sample:
    at: datetime  # when the picture arrived (server clock, UTC)
    luma: np.ndarray  # SAMPLE_HEIGHT x SAMPLE_WIDTH uint8
    # DETAIL_HEIGHT x DETAIL_WIDTH uint8, the decoded Y plane as it is (video or full
    # range, as the camera sends it); about once a second, None on the other samples.
    detail: np.ndarray | None = None


# A completed window: its start and its ROWS x COLUMNS moved cells (all False: calm).
WindowListener = Callable[[datetime, np.ndarray], None]


def moved_cells(previous: np.ndarray, current: np.ndarray) -> np.ndarray:
    """ROWS x COLUMNS booleans: the cells that moved between two samples."""
    change = current.astype(np.int16) - previous.astype(np.int16)
    change -= np.int16(np.median(change))
    changed = np.abs(change) > PIXEL_STEP
    per_cell = changed.reshape(ROWS, CELL_PX, COLUMNS, CELL_PX).sum(axis=(1, 3))
    return per_cell >= CELL_PIXELS


def _second(at: datetime) -> datetime:
    return at.replace(microsecond=0)


class MotionRecorder:
    """Samples in, blocks out (to ``store``, on the sampling thread). Each completed
    window also goes to ``listeners`` (motion zones, occupancy), calm ones included so a
    listener sees motion end."""

    def __init__(self, camera_id: str, store: Callable[[MotionBlock], None],
                 listeners: Sequence[WindowListener] = ()) -> None:
        self.camera_id = camera_id
        self._store = store
        self._listeners = tuple(listeners)
        self._previous: Sample | None = None
        self._block: MotionBlock | None = None
        self._window: datetime | None = None  # start of the window being filled
        self._cells = np.zeros((ROWS, COLUMNS), dtype=bool)
        self._compared = False  # a pair of samples was compared in this window

    def feed(self, sample: Sample) -> None:
        previous, self._previous = self._previous, sample
        window = _second(sample.at)
        if previous is None or sample.at < previous.at \
                or (sample.at - previous.at).total_seconds() > BREAK_S:
            self._end_block()
            self._window = window
            return
        if window != self._window:
            if self._compared:
                self._close_window()
            self._window = window
        self._cells |= moved_cells(previous.luma, sample.luma)
        self._compared = True

    def close(self) -> None:
        """The stream ended (a break, a stop): what was analysed is stored."""
        self._end_block()
        self._previous = None
        self._window = None

    def _end_block(self) -> None:
        if self._compared:
            self._close_window()
        block, self._block = self._block, None
        if block is not None and block.end > block.start:
            self._store(block)

    def _close_window(self) -> None:
        """The window ``self._window`` is complete: into the block (which it may start,
        or end at a whole minute)."""
        start = self._window
        assert start is not None
        if self._block is not None and _minute(start) != _minute(self._block.start):
            block, self._block = self._block, None
            self._store(block)
        if self._block is None:
            self._block = MotionBlock(self.camera_id, start, start)
        offset = int((start - self._block.start).total_seconds())
        if self._cells.any():
            self._block.moving.append((offset, pack(self._cells)))
        self._block.end = start + timedelta(seconds=WINDOW_S)
        cells, self._cells = self._cells, np.zeros((ROWS, COLUMNS), dtype=bool)
        self._compared = False
        for listener in self._listeners:
            try:
                listener(start, cells)
            except Exception:  # a listener's trouble must not lose the motion record
                log.exception("%s: a motion listener failed", self.camera_id)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)
