"""The crowd level (pure numpy): it rises with a crowd, not with night grain; it is
stored every few seconds; a CROWD rule raises once after its hold and re-arms when the
crowd has gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from server.alarms.kinds import AlarmKind
from server.node.analytics.detection import Detection, WatchRule, always
from server.node.analytics.motion import SAMPLE_HEIGHT, SAMPLE_WIDTH, MotionRecorder, Sample
from server.node.analytics.occupancy import (
    REARM_S,
    STORE_EVERY_S,
    OccupancySample,
    OccupancySampler,
)

T0 = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
H, W = SAMPLE_HEIGHT, SAMPLE_WIDTH


def street() -> np.ndarray:
    rng = np.random.default_rng(3)
    picture = np.linspace(150, 90, H)[:, None] + np.zeros((1, W))
    for _ in range(30):
        x, y = rng.integers(0, W - 5), rng.integers(0, H - 5)
        picture[y:y + rng.integers(3, 20), x:x + rng.integers(3, 30)] = rng.uniform(50, 190)
    return picture


class Camera:
    def __init__(self, threshold: float = 0.1, hold_s: float = 10.0) -> None:
        self.found: list[Detection] = []
        self.stored: list[OccupancySample] = []
        rule = WatchRule(5, AlarmKind.CROWD, hold_s, always, threshold=threshold)
        self.sampler = OccupancySampler("cam001", lambda: [rule], self.found.append,
                                        self.stored.append)
        self.recorder = MotionRecorder("cam001", lambda _b: None, [self.sampler.on_window])
        self.rng = np.random.default_rng(8)
        self.t = 0.0
        self.levels: list[float] = []

    def show(self, make, seconds: int, noise: float = 1.0) -> None:
        for _ in range(seconds * 4):
            picture = make(self.t) + self.rng.normal(0, noise, (H, W))
            sample = Sample(T0 + timedelta(seconds=self.t),
                            np.clip(picture, 0, 255).astype(np.uint8))
            self.recorder.feed(sample)
            self.sampler.feed(sample)
            self.t += 0.25
            if self.sampler.level is not None and self.t % 1 == 0:
                self.levels.append(self.sampler.level)


def crowd(people: int):
    rng = np.random.default_rng(11)
    walkers = [(rng.uniform(0, W), rng.uniform(H / 2, H - 12), rng.uniform(-4, 4),
                rng.uniform(-1, 1)) for _ in range(people)]
    still = street()

    def picture(t: float) -> np.ndarray:
        frame = still.copy()
        for x, y, vx, vy in walkers:
            px, py = int((x + vx * t) % (W - 4)), int(np.clip(y + vy * t, H / 2, H - 12))
            frame[py:py + 12, px:px + 4] = 35
        return frame
    return picture


def test_the_level_rises_with_a_crowd_and_falls_when_it_leaves():
    camera = Camera(threshold=0.5)
    still = street()
    camera.show(lambda _t: still, 30)
    calm = max(camera.levels[2:])
    camera.levels.clear()
    camera.show(crowd(30), 30)
    busy = float(np.mean(camera.levels[5:]))
    camera.levels.clear()
    camera.show(lambda _t: still, 20)
    after = float(np.mean(camera.levels[5:]))
    assert calm < 0.02
    assert busy > 0.15
    assert after < 0.02
    # Stored every STORE_EVERY_S, each the mean of its seconds.
    assert len(camera.stored) >= 80 // STORE_EVERY_S - 1
    assert all(s.seconds == STORE_EVERY_S for s in camera.stored)
    peak = max(camera.stored, key=lambda s: s.peak)
    assert peak.peak > 0.15 and peak.moving > 0 and peak.peak >= peak.level


def test_night_grain_is_not_a_crowd():
    camera = Camera()
    night = 15 + 0.2 * street()
    # Grain of std 2.5 at 128x72 is std 12 or so on the 640x360 stream it was averaged from.
    camera.show(lambda _t: night, 60, noise=2.5)
    assert max(camera.levels[2:]) < 0.05
    assert camera.found == []


def test_a_crowd_rule_raises_once_after_its_hold_and_rearms_after_the_crowd_left():
    camera = Camera(threshold=0.1, hold_s=10)
    still = street()
    camera.show(lambda _t: still, 20)
    camera.show(crowd(30), 60)
    assert len(camera.found) == 1
    found = camera.found[0]
    assert found.kind is AlarmKind.CROWD and found.rule_id == 5
    assert found.at >= T0 + timedelta(seconds=20)
    camera.show(lambda _t: still, int(REARM_S) + 10)
    camera.show(crowd(30), 30)
    assert len(camera.found) == 2


def test_a_short_crowd_raises_nothing():
    camera = Camera(threshold=0.1, hold_s=30)
    still = street()
    camera.show(lambda _t: still, 20)
    camera.show(crowd(30), 20)
    camera.show(lambda _t: still, 20)
    assert camera.found == []
