"""Motion detection on samples, into windows and blocks (server/node/analytics/motion.py),
and the grid it stores (server/motion/grid.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from server.motion.blocks import MotionBlock, decode_windows, encode_windows
from server.motion.grid import COLUMNS, ROWS, Region, pack, unpack
from server.node.analytics.motion import (
    CELL_PX,
    SAMPLE_HEIGHT,
    SAMPLE_WIDTH,
    MotionRecorder,
    Sample,
    moved_cells,
)

T0 = datetime(2026, 12, 5, 3, 0, 0, tzinfo=UTC)


def _still(level: int = 100) -> np.ndarray:
    rng = np.random.default_rng(1)
    return (rng.integers(0, 60, (SAMPLE_HEIGHT, SAMPLE_WIDTH)) + level).astype(np.uint8)


def _with_block(base: np.ndarray, col: int, row: int, value: int = 250) -> np.ndarray:
    out = base.copy()
    out[row * CELL_PX:(row + 1) * CELL_PX, col * CELL_PX:(col + 1) * CELL_PX] = value
    return out


def test_a_changed_cell_moves_and_nothing_else_does():
    still = _still()
    moved = moved_cells(still, _with_block(still, 30, 1))
    assert moved[1, 30]
    assert moved.sum() == 1


def test_the_whole_picture_brightening_is_not_motion():
    still = _still()
    assert not moved_cells(still, (still.astype(np.int16) + 30).astype(np.uint8)).any()


def test_grid_bits_are_row_major_from_the_top_left_most_significant_first():
    cells = np.zeros((ROWS, COLUMNS), dtype=bool)
    cells[0, 0] = True
    cells[1, 1] = True  # bit 33: byte 4, second most significant bit
    grid = pack(cells)
    assert len(grid) == 72
    assert grid[0] == 0b1000_0000 and grid[4] == 0b0100_0000
    assert (unpack(grid) == cells).all()


@pytest.mark.parametrize(("region", "cols", "rows"), [
    (Region(0.75, 0.0, 0.25, 0.25), range(24, 32), range(0, 5)),  # 0.25*18 = 4.5 -> 5 rows
    (Region(0.5, 0.5, 0.001, 0.001), range(16, 17), range(9, 10)),  # tiny: its one cell
    (Region.whole(), range(0, 32), range(0, 18)),
])
def test_a_region_covers_the_cells_it_overlaps(region, cols, rows):
    chosen = region.cells()
    expected = np.zeros((ROWS, COLUMNS), dtype=bool)
    expected[rows.start:rows.stop, cols.start:cols.stop] = True
    assert (chosen == expected).all()


def _feed(recorder: MotionRecorder, pictures: list[tuple[float, np.ndarray]]) -> None:
    for offset, luma in pictures:
        recorder.feed(Sample(T0 + timedelta(seconds=offset), luma))


def test_windows_hold_the_motion_of_their_second_and_blocks_end_at_the_minute():
    stored: list[MotionBlock] = []
    recorder = MotionRecorder("cam001", stored.append)
    still, corner = _still(), _with_block(_still(), 31, 0)
    # 4 samples a second from 58.0 s to 62.75 s; the corner flashes in second 59 only
    pictures = []
    for i in range(20):
        at = 58 + i * 0.25
        pictures.append((at, corner if 59 <= at < 60 and i % 2 else still))
    _feed(recorder, pictures)
    assert len(stored) == 1  # the minute ended at 60 s
    first = stored[0]
    assert first.start == T0 + timedelta(seconds=58)
    assert first.end == T0 + timedelta(seconds=60)
    assert [off for off, _ in first.moving] == [1]  # 59 s; 58 s was calm
    assert unpack(first.moving[0][1])[0, 31] and unpack(first.moving[0][1]).sum() == 1
    recorder.close()  # the stream ends: the next minute's analysed part is stored
    assert len(stored) == 2
    assert stored[1].start == T0 + timedelta(seconds=60)
    assert stored[1].end == T0 + timedelta(seconds=63)
    # the corner vanishing at 60.0 s is motion of that second
    assert [off for off, _ in stored[1].moving] == [0]


def test_a_break_in_the_samples_ends_the_block_and_compares_nothing_across_it():
    stored: list[MotionBlock] = []
    recorder = MotionRecorder("cam001", stored.append)
    still, other = _still(), _still(200)
    _feed(recorder, [(0, still), (0.25, still), (0.5, still), (1.1, still),
                     (10.0, other), (10.25, other), (11.0, other)])
    recorder.close()
    assert [(b.start, b.end) for b in stored] == [
        (T0, T0 + timedelta(seconds=2)),
        (T0 + timedelta(seconds=10), T0 + timedelta(seconds=12)),
    ]
    assert all(b.moving == [] for b in stored)  # the scene change across the break is not motion


def test_windows_round_trip_through_their_stored_form():
    cells = np.zeros((ROWS, COLUMNS), dtype=bool)
    cells[17, 31] = True
    moving = [(0, pack(cells)), (59, bytes(72))]
    offsets, grids = decode_windows(encode_windows(moving))
    assert offsets.tolist() == [0, 59]
    assert grids == pack(cells) + bytes(72)
