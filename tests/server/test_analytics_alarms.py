"""The detectors' two ends in the alarm store (server/node/analytics/alarm_link.py): the
rules of the analysed cameras read as the detectors need them, a detection raised as an
alarm with its picture; and the crowd level's samples written a batch at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from server import audit
from server.alarms.kinds import AlarmKind, TamperKind
from server.alarms.rules import Region as RuleRegion
from server.alarms.rules import RuleSpec, create_rule
from server.alarms.store import list_alarms, snapshot_of
from server.audit import AuditAction
from server.clock import utc_now
from server.motion.grid import Region
from server.node.analytics.alarm_link import AlarmRaiser, RuleBook
from server.node.analytics.detection import Detection
from server.node.analytics.occupancy import OccupancySample
from server.node.analytics.occupancy_store import (
    WRITE_EVERY,
    OccupancyWriter,
    samples_between,
)

EVERYWHERE = frozenset({"jakarta-selatan", "jakarta-pusat", "jakarta-barat"})
T0 = datetime(2026, 12, 5, 16, 0, tzinfo=UTC)  # 23:00 WIB


def test_the_rule_book_reads_the_detectors_rules_of_its_cameras(api):
    with api.ctx.engine.begin() as conn:
        create_rule(conn, RuleSpec("gate", AlarmKind.MOTION, camera_id="cam001",
                                   region=RuleRegion(0.5, 0.0, 0.5, 0.5), min_cells=3,
                                   hours_from="22:00", hours_to="06:00", hold_s=2), "t")
        create_rule(conn, RuleSpec("lens", AlarmKind.TAMPER, camera_id="cam001"), "t")
        create_rule(conn, RuleSpec("down", AlarmKind.OFFLINE, camera_id="cam001"), "t")
        create_rule(conn, RuleSpec("busy", AlarmKind.CROWD, camera_id="cam002",
                                   threshold=0.3), "t")
    book = RuleBook(api.ctx.engine)
    rules = book.watch("cam001")
    book.watch("cam002")
    gate, lens = rules()  # OFFLINE is not theirs
    assert (gate.kind, gate.region, gate.min_cells, gate.hold_s) == \
        (AlarmKind.MOTION, Region(0.5, 0.0, 0.5, 0.5), 3, 2.0)
    assert gate.active(T0) and not gate.active(T0 - timedelta(hours=4))  # 19:00 WIB
    assert (lens.kind, lens.hold_s) == (AlarmKind.TAMPER, 10.0)
    (busy,) = book.rules("cam002")
    assert busy.threshold == 0.3
    assert book.rules("cam003") == ()


def test_a_detection_is_raised_as_an_alarm_with_its_picture(api):
    with api.ctx.engine.begin() as conn:
        create_rule(conn, RuleSpec("lens", AlarmKind.TAMPER, camera_id="cam001"), "t")
    book = RuleBook(api.ctx.engine)
    (lens,) = book.watch("cam001")()
    picture = np.tile(np.linspace(20, 230, 320, dtype=np.uint8), (180, 1))
    AlarmRaiser(api.ctx.engine, "node-a")(Detection(
        "cam001", AlarmKind.TAMPER, lens.id, TamperKind.COVERED.value, T0, picture,
        tamper=TamperKind.COVERED, rule=lens))
    with api.ctx.engine.connect() as conn:
        (alarm,) = list_alarms(conn, EVERYWHERE)
        jpeg = snapshot_of(conn, alarm.id)
    assert (alarm.kind, alarm.detail, alarm.rule_name, alarm.node, alarm.raised_at) == \
        (AlarmKind.TAMPER, "covered", "lens", "node-a", T0)
    assert jpeg is not None and jpeg[:2] == b"\xff\xd8"


def test_occupancy_samples_are_written_a_batch_at_a_time(api):
    engine = api.ctx.engine
    writer = OccupancyWriter(engine, "node-a")

    def sample(i: int) -> OccupancySample:
        return OccupancySample("cam001", T0 + timedelta(seconds=5 * i), i / 100, 0.01, 5)

    def stored() -> list[OccupancySample]:
        with engine.connect() as conn:
            return samples_between(conn, "cam001", T0, T0 + timedelta(hours=1))

    for i in range(WRITE_EVERY - 1):
        writer.add(sample(i))
    assert stored() == []
    writer.add(sample(WRITE_EVERY - 1))
    assert [s.level for s in stored()] == [i / 100 for i in range(WRITE_EVERY)]
    writer.add(sample(WRITE_EVERY))
    writer.flush("cam001")  # the stream ended
    assert len(stored()) == WRITE_EVERY + 1 and stored()[-1] == sample(WRITE_EVERY)


def test_occupancy_without_its_table_is_dropped_not_raised(api):
    writer = OccupancyWriter(api.ctx.engine, "node-a")
    writer.add(OccupancySample("cam001", T0, 0.5, 0.1, 5))
    writer.flush("cam001")  # logged; the detectors go on


def test_a_ptz_camera_an_operator_turned_through_pantau_is_not_tampered_with(api):
    with api.ctx.engine.begin() as conn:
        for camera in ("cam001", "cam002"):
            create_rule(conn, RuleSpec(f"aim {camera}", AlarmKind.TAMPER, camera_id=camera),
                        "t")
    book = RuleBook(api.ctx.engine)
    picture = np.full((180, 320), 90, dtype=np.uint8)
    # An operator moved cam001 through the PTZ proxy (audited) five minutes before.
    audit.record(api.ctx.engine, AuditAction.PTZ_MOVE, actor="operator", camera_id="cam001",
                 details={"pan": 1.0})
    raiser = AlarmRaiser(api.ctx.engine, "node-a")
    for camera in ("cam001", "cam002"):
        (rule,) = book.watch(camera)()
        raiser(Detection(camera, AlarmKind.TAMPER, rule.id, TamperKind.TURNED.value,
                         utc_now(), picture, tamper=TamperKind.TURNED, rule=rule))
        # covered is tampering whoever moved the camera
        raiser(Detection(camera, AlarmKind.TAMPER, rule.id, TamperKind.COVERED.value,
                         utc_now(), picture, tamper=TamperKind.COVERED, rule=rule))
    with api.ctx.engine.connect() as conn:
        raised = sorted((a.camera_id, a.detail) for a in list_alarms(conn, EVERYWHERE))
    assert raised == [("cam001", "covered"), ("cam002", "covered"), ("cam002", "turned")]
