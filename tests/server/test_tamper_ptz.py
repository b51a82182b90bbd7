"""A PTZ camera turned away behind the operators' backs (issue 17): camsim's PTZ camera,
its sub stream decoded by the node's sampler with the node's analysers, is turned far
off over its own ONVIF service (not through Pantau's PTZ proxy, so nothing is audited);
the tamper detector finds it TURNED. (Turned through Pantau, the alarm is held back:
tests/server/test_analytics_alarms.py.)"""

from __future__ import annotations

import queue
import threading
import time
from datetime import timedelta

import pytest

from server.alarms.kinds import AlarmKind, TamperKind
from server.clock import utc_now
from server.node.analytics.detection import Detection, WatchRule, always
from server.node.analytics.sampler import CameraSampler
from server.node.analytics.tamper import TamperDetector
from server.node.analytics.watch import camera_analysers
from tests.camsim.onvif_client import call
from tests.support.camsim_fleet import run_camsim

PTZ_CAM = "cam001"
HOLD_S = 3.0


def _absolute(fleet, pan: float, tilt: float, zoom: float) -> None:
    reply = call(fleet.onvif_url(PTZ_CAM, "ptz_service"),
                 "<tptz:AbsoluteMove><tptz:ProfileToken>sub</tptz:ProfileToken>"
                 f'<tptz:Position><tt:PanTilt x="{pan}" y="{tilt}"/><tt:Zoom x="{zoom}"/>'
                 "</tptz:Position></tptz:AbsoluteMove>", *fleet.credentials(PTZ_CAM))
    assert reply.status == 200, reply.fault_subcodes


@pytest.mark.slow
def test_a_ptz_camera_turned_over_onvif_is_found_turned(tmp_path):
    found: queue.Queue[Detection] = queue.Queue()
    rules = [WatchRule(1, AlarmKind.TAMPER, HOLD_S, always)]
    analysers = camera_analysers(PTZ_CAM, lambda: rules, found.put,
                                 lambda _block: None, lambda _sample: None)
    tamper = next(a for a in analysers if isinstance(a, TamperDetector))
    halt = threading.Event()
    with run_camsim(tmp_path, cameras=1, ptz=1) as fleet:
        _absolute(fleet, 0, 0, 0)
        url = fleet.rtsp_url(PTZ_CAM, "sub")
        sampler = CameraSampler(PTZ_CAM, lambda: url, analysers, halt)
        sampler.start()
        try:
            deadline = time.monotonic() + 40
            while not tamper.ready:
                assert time.monotonic() < deadline, "the normal picture was never learned"
                time.sleep(0.2)
            moved_at = utc_now()
            _absolute(fleet, 0.8, 0.5, 0)  # far off: another part of the scene
            detection = found.get(timeout=30)
        finally:
            halt.set()
            sampler.join(10)
    # The first detection is the turn's: the still camera before it raised nothing.
    assert detection.kind is AlarmKind.TAMPER and detection.tamper is TamperKind.TURNED
    assert detection.at >= moved_at - timedelta(seconds=1)
