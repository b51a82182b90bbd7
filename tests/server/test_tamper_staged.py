"""The node's detectors on real pictures: camsim's staged camera, its sub stream decoded
by the analytics sampler as on a node. Motion and a crowd are no tampering (the crowd
raises the crowd level); cover, blur and turn are each found as what they are. Calm
raising nothing is shown by the first tamper detection being the cover's."""

from __future__ import annotations

import queue
import threading
import time
from datetime import datetime

import numpy as np
import pytest

from server.alarms.kinds import AlarmKind, TamperKind
from server.motion.grid import Region
from server.node.analytics.detection import Detection, WatchRule, always
from server.node.analytics.occupancy import OccupancySampler
from server.node.analytics.sampler import CameraSampler
from server.node.analytics.tamper import TamperDetector
from server.node.analytics.watch import camera_analysers
from tests.support.camsim_fleet import run_camsim
from tests.support.footage_truth import wait_for

HOLD_S = 3.0
QUARTER = [0.0, 0.5, 0.5, 1.0]  # where the motion act moves: the bottom left quarter
MOTION_RULE = WatchRule(10, AlarmKind.MOTION, 1.0, always, Region(0.0, 0.5, 0.5, 0.5), 4)
# 20 walkers occupy about 35% of the scene (calm: 0%).
CROWD_RULE = WatchRule(20, AlarmKind.CROWD, HOLD_S, always, threshold=0.2)


def _tamper_rule(rule_id: int) -> WatchRule:
    return WatchRule(rule_id, AlarmKind.TAMPER, HOLD_S, always)



@pytest.mark.slow
def test_staged_tampering_is_found_and_motion_and_crowds_are_not(tmp_path):
    found: queue.Queue[Detection] = queue.Queue()
    # Each tamper act gets its own rule: a rule raised for one act would otherwise wait
    # for the picture to be normal for a while before it could raise again.
    rules: list[WatchRule] = [MOTION_RULE, _tamper_rule(1), CROWD_RULE]
    analysers = camera_analysers("stg001", lambda: list(rules), found.put,
                                 lambda _block: None, lambda _sample: None)
    tamper = next(a for a in analysers if isinstance(a, TamperDetector))
    occupancy = next(a for a in analysers if isinstance(a, OccupancySampler))
    halt = threading.Event()

    def level_over(seconds: float) -> float:
        levels = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            time.sleep(1.0)
            levels.append(occupancy.level or 0.0)
        return float(np.mean(levels))

    def next_detection(what: str, timeout_s: float = 15.0) -> Detection:
        try:
            return found.get(timeout=timeout_s)
        except queue.Empty:
            raise AssertionError(f"no detection for {what}") from None

    with run_camsim(tmp_path, cameras=1, ptz=0, staged=1) as fleet:
        url = fleet.rtsp_url("stg001", "sub")
        sampler = CameraSampler("stg001", lambda: url, analysers, halt)
        sampler.start()
        try:
            wait_for(lambda: tamper.ready, "the camera's normal to be learned", 30)
            calm = level_over(3)

            began = datetime.fromisoformat(fleet.stage("stg001", {
                "act": "motion", "region": QUARTER})["began"].replace("Z", "+00:00"))
            zone = next_detection("motion in the zone")
            assert zone.kind is AlarmKind.MOTION and zone.rule_id == 10
            assert abs((zone.at - began).total_seconds()) <= 2.5
            time.sleep(4)

            fleet.stage("stg001", {"act": "crowd", "people": 20})
            time.sleep(2)
            crowd = level_over(6)
            assert crowd > max(0.05, 4 * calm), (calm, crowd)
            crowded = next_detection("the crowd rule", 1.0)
            assert crowded.kind is AlarmKind.CROWD and crowded.rule_id == 20, crowded.detail

            fleet.stage("stg001", {"act": "calm"})
            time.sleep(2)
            fleet.stage("stg001", {"act": "cover"})
            covered = next_detection("the cover")
            assert (covered.kind, covered.tamper) == (AlarmKind.TAMPER, TamperKind.COVERED), \
                covered.detail
            assert covered.luma.shape == (180, 320)

            rules[1] = _tamper_rule(2)
            fleet.stage("stg001", {"act": "blur", "sigma": 8})
            blurred = next_detection("the blur")
            assert blurred.tamper is TamperKind.DEFOCUSED, blurred.detail

            rules[1] = _tamper_rule(3)
            fleet.stage("stg001", {"act": "turn"})
            turned = next_detection("the turn")
            assert turned.tamper is TamperKind.TURNED, turned.detail
            assert [d.rule_id for d in (covered, blurred, turned)] == [1, 2, 3]
        finally:
            halt.set()
            sampler.join(timeout=10)
    assert found.empty(), [d.detail for d in found.queue]
