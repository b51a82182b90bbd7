"""Motion zones: a MOTION rule raises when, within its hours, at least ``min_cells`` cells
of its region move in each second of a stretch ``hold_s`` long (a second or two without
may interrupt it: a walker's cells flicker). After raising, the rule rests for
``COOLDOWN_S``, so a person walking through is one alarm, not one a second.

It listens to the motion grid ``MotionRecorder`` builds (``on_window``) rather than
comparing pictures again, and keeps the latest picture (``feed``) for the snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from server.alarms.kinds import AlarmKind
from server.motion.grid import WINDOW_S, Region
from server.node.analytics.detection import (
    Detection,
    DetectionSink,
    RulesSource,
    WatchRule,
    rules_of,
)
from server.node.analytics.motion import Sample

COOLDOWN_S = 60.0
GAP_S = 2.0  # calm seconds that do not end a stretch of motion


@dataclass
class _Stretch:
    began: datetime  # the first window with motion in the zone
    last: datetime  # the latest such window
    raised_at: datetime | None = None


class ZoneWatcher:
    """An analyser (feed/close) and a motion window listener for one camera's MOTION
    rules."""

    def __init__(self, camera_id: str, rules: RulesSource, sink: DetectionSink) -> None:
        self.camera_id = camera_id
        self._rules = rules
        self._sink = sink
        self._picture: np.ndarray | None = None
        self._stretches: dict[int, _Stretch] = {}
        self._rested_until: dict[int, datetime] = {}
        self._masks: dict[tuple[float, float, float, float] | None, np.ndarray] = {}

    def feed(self, sample: Sample) -> None:
        self._picture = sample.detail if sample.detail is not None else sample.luma

    def close(self) -> None:
        self._stretches.clear()  # a break: motion is not known to have lasted across it

    def on_window(self, start: datetime, cells: np.ndarray) -> None:
        rules = rules_of(self._rules, AlarmKind.MOTION)
        for rule in rules:
            self._window(rule, start, cells)
        known = {rule.id for rule in rules}
        for gone in [rid for rid in self._stretches if rid not in known]:
            del self._stretches[gone]

    def _window(self, rule: WatchRule, start: datetime, cells: np.ndarray) -> None:
        moving = int(np.count_nonzero(cells & self._mask(rule.region)))
        stretch = self._stretches.get(rule.id)
        if moving < max(1, rule.min_cells) or not rule.active(start):
            if stretch is not None and (start - stretch.last).total_seconds() > GAP_S:
                del self._stretches[rule.id]
            return
        if stretch is None or (start - stretch.last).total_seconds() > GAP_S:
            stretch = self._stretches[rule.id] = _Stretch(start, start)
        stretch.last = start
        lasted = (start - stretch.began).total_seconds() + WINDOW_S
        rested = self._rested_until.get(rule.id)
        if lasted < rule.hold_s or stretch.raised_at is not None \
                or (rested is not None and start < rested) or self._picture is None:
            return
        stretch.raised_at = start
        self._rested_until[rule.id] = start + timedelta(seconds=COOLDOWN_S)
        self._sink(Detection(
            self.camera_id, AlarmKind.MOTION, rule.id,
            f"motion: {moving} cells of the zone moving for {lasted:.0f} s",
            stretch.began, self._picture, rule=rule))

    def _mask(self, region: Region | None) -> np.ndarray:
        key = None if region is None else (region.x, region.y, region.w, region.h)
        mask = self._masks.get(key)
        if mask is None:
            mask = self._masks[key] = (region or Region.whole()).cells()
        return mask
