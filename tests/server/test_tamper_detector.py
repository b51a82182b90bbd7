"""The tampering detector on made-up pictures (pure numpy): each condition raises once
after the rule's hold, and ordinary life (people, traffic, light, night, crowds) does
not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from server.alarms.kinds import AlarmKind, TamperKind
from server.node.analytics.detection import Detection, WatchRule, always
from server.node.analytics.motion import DETAIL_HEIGHT, DETAIL_WIDTH, Sample
from server.node.analytics.tamper import REARM_S, TamperDetector

T0 = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
HOLD_S = 5.0
H, W = DETAIL_HEIGHT, DETAIL_WIDTH
LUMA = np.zeros((72, 128), dtype=np.uint8)  # the tamper detector reads only the detail


def scene(seed: int = 1) -> np.ndarray:
    """A street-like still: a sky-to-ground ramp, buildings and windows with hard edges,
    some fine texture. Levels stay within 30..200, so a light may brighten it."""
    rng = np.random.default_rng(seed)
    picture = np.linspace(150, 90, H)[:, None] + np.zeros((1, W))
    for _ in range(70):
        x, y = rng.integers(0, W - 10), rng.integers(0, H - 10)
        w, h = rng.integers(6, 60), rng.integers(6, 50)
        picture[y:y + h, x:x + w] = rng.uniform(40, 190)
    yy, xx = np.mgrid[0:H, 0:W]
    picture += 6 * np.sin(xx * 1.3 + rng.uniform(0, 6)) * np.sin(yy * 0.9)
    return np.clip(picture, 30, 200)


def blurred(picture: np.ndarray, sigma: float) -> np.ndarray:
    radius = int(3 * sigma) + 1
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    kernel /= kernel.sum()
    padded = np.pad(picture, radius, mode="edge")
    rows = np.apply_along_axis(np.convolve, 1, padded, kernel, mode="valid")
    return np.apply_along_axis(np.convolve, 0, rows, kernel, mode="valid")


def figure(picture: np.ndarray, x: float, y: float, w: int, h: int, level: float) -> None:
    x0, y0 = int(x), int(y)
    picture[max(0, y0):max(0, y0 + h), max(0, x0):max(0, x0 + w)] = level


class Camera:
    """A detector with one TAMPER rule, fed one picture a second."""

    def __init__(self, hold_s: float = HOLD_S, active=always) -> None:
        self.found: list[tuple[float, Detection]] = []
        self.rule = WatchRule(7, AlarmKind.TAMPER, hold_s, active)
        self.detector = TamperDetector("cam001", lambda: [self.rule],
                                       lambda d: self.found.append((self.t, d)))
        self.t = 0.0
        self.rng = np.random.default_rng(99)

    def show(self, pictures, noise: float = 1.0) -> None:
        for picture in pictures:
            grain = self.rng.normal(0, noise, picture.shape) if noise else 0
            detail = np.clip(picture + grain, 0, 255).astype(np.uint8)
            self.detector.feed(Sample(T0 + timedelta(seconds=self.t), LUMA, detail))
            self.t += 1.0

    def hold(self, picture: np.ndarray, seconds: int, noise: float = 1.0) -> None:
        self.show([picture] * seconds, noise)

    def kinds(self) -> list[TamperKind | None]:
        return [d.tamper for _, d in self.found]


def learned(still: np.ndarray | None = None) -> Camera:
    camera = Camera()
    camera.hold(scene() if still is None else still, 20)
    assert camera.found == []
    return camera


@pytest.mark.parametrize(("name", "make", "kind"), [
    ("covered", lambda s: np.full_like(s, 22.0), TamperKind.COVERED),
    # Paint on the lens: bright, a smooth glow across it, no detail.
    ("painted", lambda s: 180 + 15 * np.linspace(-1, 1, W)[None, :] + np.zeros((H, 1)),
     TamperKind.COVERED),
    ("defocused", lambda s: blurred(s, 2.0), TamperKind.DEFOCUSED),
    ("turned", lambda s: scene(seed=2), TamperKind.TURNED),
])
def test_each_condition_raises_once_after_the_hold(name, make, kind):
    camera = learned()
    start = camera.t
    camera.hold(make(scene()), 60)
    assert camera.kinds() == [kind], name
    raised_at, detection = camera.found[0]
    # The look that begins it (a turned picture is "still" from its second look on).
    assert HOLD_S <= raised_at - start <= HOLD_S + 2, name
    assert detection.kind is AlarmKind.TAMPER and detection.rule_id == 7
    assert detection.detail == kind.value  # what the client reads (docs/alarms.md)
    assert detection.luma.shape == (H, W)


def test_a_condition_shorter_than_the_hold_raises_nothing():
    camera = learned()
    camera.hold(np.full((H, W), 22.0), int(HOLD_S) - 2)
    camera.hold(scene(), 30)
    camera.hold(blurred(scene(), 2.0), int(HOLD_S) - 2)
    camera.hold(scene(), 30)
    assert camera.found == []


def test_it_rearms_only_after_the_picture_was_normal_for_a_while():
    camera = learned()
    covered = np.full((H, W), 22.0)
    camera.hold(covered, 20)
    camera.hold(scene(), int(REARM_S) - 3)  # uncovered briefly
    camera.hold(covered, 20)
    assert camera.kinds() == [TamperKind.COVERED]
    camera.hold(scene(), int(REARM_S) + 2)
    camera.hold(covered, 20)
    assert camera.kinds() == [TamperKind.COVERED] * 2


def test_a_rule_outside_its_hours_raises_nothing():
    camera = Camera(active=lambda _at: False)
    camera.hold(scene(), 20)
    camera.hold(np.full((H, W), 22.0), 30)
    assert camera.found == []


def test_a_person_walking_and_a_truck_passing_are_not_tampering():
    camera = learned()
    still = scene()
    walking = []
    for i in range(60):
        picture = still.copy()
        figure(picture, 5 * i, 100, 12, 40, 45)
        walking.append(picture)
    camera.show(walking)
    passing = []
    for i in range(12):  # a textured lorry, 200x130, crossing in about 10 s
        picture = still.copy()
        x = -200 + 50 * i
        figure(picture, x, 40, 200, 130, 170)
        for stripe in range(0, 200, 16):
            figure(picture, x + stripe, 40, 4, 130, 60)
        passing.append(picture)
    camera.show(passing)
    camera.hold(still, 20)
    assert camera.found == []


def test_lights_changing_are_not_tampering():
    camera = learned()
    still = scene()
    camera.hold(still * 0.6, 30)  # the exposure steps down
    lamp = still.copy()
    lamp[:, : W // 2] += 40  # a lamp comes on over half the scene
    camera.hold(lamp, 30)
    camera.hold(still * 1.2, 30)
    assert camera.found == []


def test_night_falls_without_an_alarm_and_a_cover_at_night_is_still_found():
    camera = learned()
    still = scene()
    dusk_s = 900
    for i in range(dusk_s):  # 15 minutes: the light falls to a fifth, grain grows to 6
        f = i / dusk_s
        camera.show([12 + (1 - 0.8 * f) * still], noise=1 + 5 * f)
    night = 12 + 0.2 * still
    camera.hold(night, 60, noise=6)
    assert camera.found == []
    camera.hold(np.full((H, W), 14.0), 20, noise=6)  # a hand over the lens, the grain stays
    assert camera.kinds() == [TamperKind.COVERED]


def test_a_dark_featureless_scene_learned_at_night_is_not_covered():
    dark = np.full((H, W), 18.0)
    dark[120:, 200:210] = 30  # one faint post
    camera = Camera()
    camera.hold(dark, 120, noise=5)
    assert camera.found == []


def test_a_scene_with_little_texture_is_normal_and_can_still_be_covered():
    wall = np.full((H, W), 150.0)
    wall[60:170, 130:180] = 110  # a door
    wall[20:40, 30:70] = 175  # a sign
    camera = Camera()
    camera.hold(wall, 60, noise=2)
    assert camera.found == []
    camera.hold(np.full((H, W), 25.0), 20, noise=2)
    assert camera.kinds() == [TamperKind.COVERED]


def test_a_crowd_is_not_tampering():
    camera = learned()
    still = scene()
    rng = np.random.default_rng(5)
    people = [(rng.uniform(0, W), rng.uniform(H / 2, H - 40), rng.uniform(-6, 6))
              for _ in range(25)]
    frames = []
    for i in range(90):
        picture = still.copy()
        for x, y, speed in people:
            figure(picture, (x + speed * i) % W, y, 10, 34, 40)
            figure(picture, (x + speed * i) % W + 2, y - 7, 6, 7, 160)
        frames.append(picture)
    camera.show(frames)
    assert camera.found == []


def test_a_break_starts_the_hold_afresh():
    camera = learned()
    covered = np.full((H, W), 22.0)
    camera.hold(covered, int(HOLD_S) - 2)
    camera.detector.close()
    camera.hold(covered, int(HOLD_S) - 2)
    assert camera.found == []
    camera.hold(covered, 10)
    assert camera.kinds() == [TamperKind.COVERED]


def test_a_camera_turned_for_long_is_taken_as_re_aimed(monkeypatch):
    monkeypatch.setattr("server.node.analytics.tamper.ADOPT_TURNED_S", 30.0)
    camera = learned()
    camera.hold(scene(seed=2), 45)
    assert camera.kinds() == [TamperKind.TURNED]
    camera.hold(scene(seed=2), int(REARM_S) + 5)  # its new normal: re-armed
    camera.hold(scene(), 20)  # turned back is a turn again
    assert camera.kinds() == [TamperKind.TURNED] * 2
