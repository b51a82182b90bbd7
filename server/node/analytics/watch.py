"""The analysers of one recorded camera, wired together: the motion grid feeds the zone
watcher and the crowd level, beside the tampering detector; all share the camera's rules
and one sink for what they find."""

from __future__ import annotations

from collections.abc import Callable

from server.motion.blocks import MotionBlock
from server.node.analytics.detection import DetectionSink, RulesSource
from server.node.analytics.motion import MotionRecorder
from server.node.analytics.occupancy import OccupancySample, OccupancySampler
from server.node.analytics.sampler import Analyser
from server.node.analytics.tamper import TamperDetector
from server.node.analytics.zones import ZoneWatcher


def camera_analysers(camera_id: str, rules: RulesSource, sink: DetectionSink,
                     store_block: Callable[[MotionBlock], None],
                     store_occupancy: Callable[[OccupancySample], None],
                     occupancy_stored: Callable[[], None] | None = None) -> list[Analyser]:
    zones = ZoneWatcher(camera_id, rules, sink)
    occupancy = OccupancySampler(camera_id, rules, sink, store_occupancy, occupancy_stored)
    # The listeners hear a second when the recorder sees the next one's first sample:
    # before they are fed it, so the zone's snapshot is of the second that moved.
    motion = MotionRecorder(camera_id, store_block, [zones.on_window, occupancy.on_window])
    return [motion, zones, TamperDetector(camera_id, rules, sink), occupancy]
