"""Motion zones (pure numpy): a MOTION rule raises once for a stretch of motion in its
region that lasts its hold, within its hours, then rests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from server.alarms.kinds import AlarmKind
from server.motion.grid import COLUMNS, ROWS, Region
from server.node.analytics.detection import Detection, WatchRule, always
from server.node.analytics.motion import SAMPLE_HEIGHT, SAMPLE_WIDTH, MotionRecorder, Sample
from server.node.analytics.zones import COOLDOWN_S, ZoneWatcher

T0 = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)  # 22:00 WIB
ZONE = Region(0.75, 0.0, 0.25, 0.25)  # the top right corner: columns 24..31, rows 0..4
LUMA = np.full((SAMPLE_HEIGHT, SAMPLE_WIDTH), 100, dtype=np.uint8)


def grid(*cells: tuple[int, int]) -> np.ndarray:
    moved = np.zeros((ROWS, COLUMNS), dtype=bool)
    for col, row in cells:
        moved[row, col] = True
    return moved


IN_ZONE = grid((26, 1), (27, 1), (27, 2))
OUTSIDE = grid((3, 10), (4, 10), (4, 11), (5, 11))
CALM = grid()


class Zone:
    def __init__(self, hold_s: float = 3.0, min_cells: int = 2, active=always) -> None:
        self.found: list[Detection] = []
        rule = WatchRule(3, AlarmKind.MOTION, hold_s, active, ZONE, min_cells)
        self.watcher = ZoneWatcher("cam001", lambda: [rule], self.found.append)
        self.watcher.feed(Sample(T0, LUMA))
        self.t = 0

    def seconds(self, cells: np.ndarray, count: int) -> None:
        for _ in range(count):
            self.watcher.on_window(T0 + timedelta(seconds=self.t), cells)
            self.t += 1


def test_motion_in_the_zone_raises_once_after_the_hold_then_rests():
    zone = Zone(hold_s=3.0)
    zone.seconds(IN_ZONE, 2)
    assert zone.found == []
    zone.seconds(IN_ZONE, 1)
    assert len(zone.found) == 1
    found = zone.found[0]
    assert found.kind is AlarmKind.MOTION and found.rule_id == 3
    assert found.at == T0  # when the motion began
    zone.seconds(IN_ZONE, 20)  # the same walker, still there: one alarm
    zone.seconds(CALM, 10)
    zone.seconds(IN_ZONE, 5)  # another, within the rest
    assert len(zone.found) == 1
    zone.seconds(CALM, int(COOLDOWN_S))
    zone.seconds(IN_ZONE, 3)
    assert len(zone.found) == 2


def test_a_second_or_two_without_motion_does_not_end_the_stretch():
    zone = Zone(hold_s=4.0)
    zone.seconds(IN_ZONE, 2)
    zone.seconds(CALM, 1)
    zone.seconds(IN_ZONE, 1)
    assert len(zone.found) == 1
    other = Zone(hold_s=4.0)
    other.seconds(IN_ZONE, 2)
    other.seconds(CALM, 5)
    other.seconds(IN_ZONE, 2)
    assert other.found == []


def test_motion_elsewhere_or_too_small_raises_nothing():
    zone = Zone(hold_s=0.0, min_cells=3)
    zone.seconds(OUTSIDE, 10)
    zone.seconds(grid((26, 1), (27, 1)), 10)  # two cells of the three it needs
    zone.seconds(OUTSIDE | grid((26, 1), (3, 3), (4, 4)), 10)
    assert zone.found == []
    zone.seconds(IN_ZONE, 1)
    assert len(zone.found) == 1


def test_only_within_the_rules_hours():
    start, end = T0 + timedelta(seconds=30), T0 + timedelta(seconds=60)
    zone = Zone(hold_s=2.0, active=lambda at: start <= at < end)
    zone.seconds(IN_ZONE, 29)
    assert zone.found == []
    zone.seconds(IN_ZONE, 2)  # seconds 29 (outside) and 30 (inside): not yet held
    assert zone.found == []
    zone.seconds(IN_ZONE, 1)
    assert [d.at for d in zone.found] == [start]


def test_the_motion_recorder_hands_each_second_to_its_listeners():
    found: list[Detection] = []
    rule = WatchRule(1, AlarmKind.MOTION, 2.0, always, ZONE, 2)
    watcher = ZoneWatcher("cam001", lambda: [rule], found.append)
    seconds: list[tuple[datetime, int]] = []
    recorder = MotionRecorder("cam001", lambda _block: None, [
        watcher.on_window, lambda start, cells: seconds.append((start, int(cells.sum())))])
    for i in range(4 * 8):
        luma = LUMA.copy()
        if i % 2:  # the corner flickers four times a second
            luma[4:12, 104:120] = 250
        sample = Sample(T0 + timedelta(seconds=i / 4), luma)
        recorder.feed(sample)
        watcher.feed(sample)
    recorder.close()
    assert [s for s, _ in seconds] == [T0 + timedelta(seconds=s) for s in range(8)]
    assert all(count > 0 for _, count in seconds)
    assert len(found) == 1 and found[0].at == T0
