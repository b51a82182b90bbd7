"""Tampering: a camera covered, put out of focus or turned away, judged once a second on
the sample's larger picture (``Sample.detail``, 320x180 grey) against what the camera
normally shows.

What is measured (levels are grey levels of the Y plane):

- **structure**: the gradient energy of the picture averaged over 4x4 blocks (80x45),
  less what the sensor's noise gives it, as an RMS level step. A covered lens (a cloth,
  paint, a hand) has almost none at any brightness; a night scene keeps its lamps and
  edges, and its grain is taken out (estimated from the change since the last look).
- **sharpness**: the gradient energy of the full picture over that of the blocks. It
  does not depend on light or contrast, only on how much of the detail is finer than a
  block: camsim's still 1.05, blurred by sigma 1.5 px (sub stream) 0.31, by 4 px 0.09.
- **scene**: per cell of a 16x9 grid, the correlation of the block picture with the
  learned one; a cell "differs" below 0.5. Correlation ignores the cell's brightness and
  contrast, so light and exposure changes are not scene changes; only cells with texture
  in either picture count. Turned away: 83% differ; a crowd walking: 12%; motion over a
  quarter of the picture: 28%.

A look's condition, the first that holds:

- COVERED: structure under ``COVER_ABS`` levels and under ``COVER_REL`` of normal (the
  normal is learned, so a dark, flat night scene is its own normal and is not covered);
- DEFOCUSED: sharpness under ``DEFOCUS_REL`` of normal, with the scene the same (fewer
  than ``SAME_SHARE`` of the cells differing) and enough signal over the noise to judge;
- TURNED: more than ``TURN_SHARE`` of the cells differ from the normal scene, and the
  picture is itself still (under ``STILL_SHARE`` of the cells differ from the last
  look): a passing truck or a crowd keeps changing.

A condition that lasts a rule's ``hold_s`` raises once; the rule re-arms after
``REARM_S`` of normal looks. The normal (block picture, structure, sharpness) is an
average over ``LEARN_TAU_S``, updated only by looks with no condition and nothing
suspicious, so a tampered picture is never learned; dawn and dusk are slow enough to be.
A camera turned for longer than ``ADOPT_TURNED_S`` was re-aimed on purpose: its new view
becomes the normal (the alarm was raised long before).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from server.alarms.kinds import AlarmKind, TamperKind
from server.node.analytics.detection import (
    Detection,
    DetectionSink,
    RulesSource,
    rules_of,
)
from server.node.analytics.motion import Sample

log = logging.getLogger(__name__)

BLOCK = 4  # detail pixels per block side (320x180 -> 80x45)
CELL = 5  # blocks per scene cell side (80x45 -> 16x9)
LOOK_EVERY_S = 0.9  # at most one look a second (the sampler's detail rate)
LEARN_FIRST = 5  # looks averaged before anything is judged
LEARN_TAU_S = 300.0  # time constant of the normal's average
COVER_ABS = 4.0  # structure (RMS level step per block) under which a picture is flat
COVER_REL = 0.2
DEFOCUS_REL = 0.4
SAME_SHARE = 0.3  # scene cells that may differ for "the same scene"
TURN_SHARE = 0.6
STILL_SHARE = 0.15
DIFFERS_NCC = 0.5  # a scene cell differs under this correlation
TEXTURE_STD = 2.0  # a scene cell has texture above this std (levels), plus the noise's
SUSPECT_SHARE = 0.45  # a look with more differing cells is not learned from
REARM_S = 10.0
ADOPT_TURNED_S = 1800.0
FOCUS_SIGNAL = 2.0  # fine-detail energy must be this many times the noise's to judge focus


@dataclass(frozen=True)
class Look:
    """What one picture measured."""

    blocks: np.ndarray  # 45x80 float32, the block picture
    structure: float
    sharpness: float | None  # None: too noisy to judge focus
    noise: float  # the sensor noise's std, levels (0 when unknown)


@dataclass
class Normal:
    blocks: np.ndarray
    structure: float
    sharpness: float | None
    looks: int = 1


def _block_mean(picture: np.ndarray, size: int) -> np.ndarray:
    h, w = picture.shape[0] // size * size, picture.shape[1] // size * size
    return picture[:h, :w].reshape(h // size, size, w // size, size).mean(axis=(1, 3))


def _gradient_energy(picture: np.ndarray) -> float:
    dx = np.diff(picture, axis=1)
    dy = np.diff(picture, axis=0)
    return float(np.mean(dx * dx) + np.mean(dy * dy))


def noise_of(picture: np.ndarray, previous: np.ndarray | None) -> float:
    """The std of the per-pixel noise, from the change since the previous look: robust
    (a median), so what moved does not count unless it is most of the picture."""
    if previous is None or previous.shape != picture.shape:
        return 0.0
    change = picture - previous
    spread = np.median(np.abs(change - np.median(change)))
    return float(1.4826 * spread / np.sqrt(2.0))


def measure(picture: np.ndarray, previous: np.ndarray | None = None) -> Look:
    fine = picture.astype(np.float32)
    noise = noise_of(fine, None if previous is None else previous.astype(np.float32))
    blocks = _block_mean(fine, BLOCK).astype(np.float32)
    # Differences of two noisy values carry 2 sigma^2 per direction; a block averages
    # BLOCK^2 pixels' noise.
    block_noise = 4.0 * noise * noise / BLOCK**2
    coarse = max(0.0, _gradient_energy(blocks) - block_noise)
    detail = _gradient_energy(fine) - 4.0 * noise * noise
    judged = coarse > COVER_ABS**2 and detail > FOCUS_SIGNAL * 4.0 * noise * noise
    return Look(blocks, float(np.sqrt(coarse)), detail / coarse if judged else None, noise)


def _cells(blocks: np.ndarray) -> np.ndarray:
    h, w = blocks.shape[0] // CELL, blocks.shape[1] // CELL
    return blocks[:h * CELL, :w * CELL].reshape(h, CELL, w, CELL).transpose(0, 2, 1, 3) \
        .reshape(h, w, CELL * CELL)


def differing_share(blocks: np.ndarray, reference: np.ndarray, noise: float) -> float:
    """The share of the textured scene cells whose pattern differs from the reference's."""
    a = _cells(blocks)
    b = _cells(reference)
    a = a - a.mean(axis=-1, keepdims=True)
    b = b - b.mean(axis=-1, keepdims=True)
    sa, sb = a.std(axis=-1), b.std(axis=-1)
    textured = np.maximum(sa, sb) > TEXTURE_STD + 2.0 * noise / BLOCK
    if not textured.any():
        return 0.0
    ncc = (a * b).mean(axis=-1) / np.maximum(sa * sb, 1e-6)
    return float(((ncc < DIFFERS_NCC) & textured).sum() / textured.sum())


class TamperDetector:
    """An analyser (feed/close) for one camera's TAMPER rules."""

    def __init__(self, camera_id: str, rules: RulesSource, sink: DetectionSink) -> None:
        self.camera_id = camera_id
        self._rules = rules
        self._sink = sink
        self._normal: Normal | None = None
        self._last: tuple[datetime, np.ndarray, Look] | None = None  # the previous look
        self._condition: TamperKind | None = None
        self._since: datetime | None = None  # when the condition (or normality) began
        self._fired: set[int] = set()  # rules raised in this episode
        self.condition: TamperKind | None = None  # what the last look found (for tests)

    @property
    def ready(self) -> bool:
        """The camera's normal is learned: from now on a look is judged."""
        return self._normal is not None and self._normal.looks >= LEARN_FIRST

    def feed(self, sample: Sample) -> None:
        if sample.detail is None:
            return
        if self._last is not None and \
                (sample.at - self._last[0]).total_seconds() < LOOK_EVERY_S:
            return
        previous = self._last[1] if self._last is not None else None
        look = measure(sample.detail, previous)
        last_look = self._last[2] if self._last is not None else None
        self._last = (sample.at, sample.detail, look)
        if self._normal is None or self._normal.looks < LEARN_FIRST:
            self._learn(look, None)
            return
        self._judge(sample, look, last_look)

    def close(self) -> None:
        """A break: nothing is compared across it, and a condition starts afresh; what
        was raised stays raised."""
        self._last = None
        self._condition = None
        self._since = None
        self.condition = None

    def _judge(self, sample: Sample, look: Look, last_look: Look | None) -> None:
        normal = self._normal
        assert normal is not None
        differs = differing_share(look.blocks, normal.blocks, look.noise)
        condition = self._classify(look, normal, differs, last_look)
        self.condition = condition
        if condition != self._condition or self._since is None:
            self._condition, self._since = condition, sample.at
        held = (sample.at - self._since).total_seconds()
        if condition is None:
            if held >= REARM_S:
                self._fired.clear()
            if self._learnable(look, normal, differs):
                self._learn(look, sample.at)
            return
        if condition is TamperKind.TURNED and held >= ADOPT_TURNED_S:
            log.info("%s: turned for %.0f s, its new view is now its normal",
                     self.camera_id, held)
            self._normal = Normal(look.blocks, look.structure, look.sharpness, LEARN_FIRST)
            return
        for rule in rules_of(self._rules, AlarmKind.TAMPER):
            if rule.id in self._fired or held < rule.hold_s or not rule.active(sample.at):
                continue
            self._fired.add(rule.id)
            log.info("%s: %s (rule %d)", self.camera_id,
                     self._measured(condition, look, normal, differs), rule.id)
            # The detail is the tamper kind alone: the client reads it as one
            # (docs/alarms.md); the figures go to the log.
            self._sink(Detection(
                self.camera_id, AlarmKind.TAMPER, rule.id, condition.value, self._since,
                sample.detail if sample.detail is not None else sample.luma,
                tamper=condition, rule=rule))

    @staticmethod
    def _classify(look: Look, normal: Normal, differs: float,
                  last_look: Look | None) -> TamperKind | None:
        if look.structure < COVER_ABS and look.structure < COVER_REL * normal.structure:
            return TamperKind.COVERED
        if look.sharpness is not None and normal.sharpness is not None \
                and look.sharpness < DEFOCUS_REL * normal.sharpness and differs < SAME_SHARE:
            return TamperKind.DEFOCUSED
        if differs > TURN_SHARE and last_look is not None and \
                differing_share(look.blocks, last_look.blocks, look.noise) < STILL_SHARE:
            return TamperKind.TURNED
        return None

    @staticmethod
    def _learnable(look: Look, normal: Normal, differs: float) -> bool:
        if differs > SUSPECT_SHARE:
            return False
        if look.structure < 0.5 * normal.structure and look.structure < 2 * COVER_ABS:
            return False
        return not (look.sharpness is not None and normal.sharpness is not None
                    and look.sharpness < 0.6 * normal.sharpness)

    def _learn(self, look: Look, at: datetime | None) -> None:
        normal = self._normal
        if normal is None:
            self._normal = Normal(look.blocks.copy(), look.structure, look.sharpness)
            return
        if normal.looks < LEARN_FIRST:
            rate = 1.0 / (normal.looks + 1)
        else:
            rate = min(1.0, LOOK_EVERY_S / LEARN_TAU_S) if at is not None else 0.0
        normal.blocks += rate * (look.blocks - normal.blocks)
        normal.structure += rate * (look.structure - normal.structure)
        if look.sharpness is not None:
            normal.sharpness = look.sharpness if normal.sharpness is None else \
                normal.sharpness + rate * (look.sharpness - normal.sharpness)
        normal.looks += 1

    @staticmethod
    def _measured(condition: TamperKind, look: Look, normal: Normal, differs: float) -> str:
        if condition is TamperKind.COVERED:
            return (f"covered: structure {look.structure:.1f} levels "
                    f"(normally {normal.structure:.1f})")
        if condition is TamperKind.DEFOCUSED:
            assert look.sharpness is not None and normal.sharpness is not None
            return (f"defocused: sharpness {look.sharpness / normal.sharpness:.0%} "
                    "of normal")
        return f"turned: {differs:.0%} of the scene differs from normal"
