"""What the rule editor may send: the checks of a rule before it goes to the server,
pure, so the dialog only shows their answer."""

from __future__ import annotations

import enum
from dataclasses import replace

from app.alarms.types import MAX_HOLD_S, AlarmKind, AlarmRule

MAX_NAME = 200


class RuleProblem(enum.Enum):
    NO_NAME = "no_name"
    NAME_TOO_LONG = "name_too_long"
    NO_SCOPE = "no_scope"  # neither a camera nor an area
    ZONE_NEEDS_CAMERA = "zone_needs_camera"  # a drawn zone is of one camera's picture
    NO_THRESHOLD = "no_threshold"  # crowd rules raise above a threshold, 0 < t <= 1
    HOLD_OUT_OF_RANGE = "hold_out_of_range"  # 0 to a day


def problems(rule: AlarmRule) -> list[RuleProblem]:
    found = []
    if not rule.name.strip():
        found.append(RuleProblem.NO_NAME)
    elif len(rule.name) > MAX_NAME:
        found.append(RuleProblem.NAME_TOO_LONG)
    if not rule.camera_id and not rule.area_id:
        found.append(RuleProblem.NO_SCOPE)
    if rule.region is not None and not rule.camera_id:
        found.append(RuleProblem.ZONE_NEEDS_CAMERA)
    if rule.kind is AlarmKind.CROWD and (rule.threshold is None
                                         or not 0 < rule.threshold <= 1):
        found.append(RuleProblem.NO_THRESHOLD)
    if rule.hold_s is not None and not 0 <= rule.hold_s <= MAX_HOLD_S:
        found.append(RuleProblem.HOLD_OUT_OF_RANGE)
    return found


def cleaned(rule: AlarmRule) -> AlarmRule:
    """What is sent: the name trimmed, a zone only for motion on one camera (whole
    picture: none), a threshold only for crowd."""
    region = rule.region if rule.kind is AlarmKind.MOTION and rule.camera_id else None
    if region is not None and (region.whole or region.empty):
        region = None
    return replace(rule, name=rule.name.strip(),
                   area_id=None if rule.camera_id else rule.area_id, region=region,
                   threshold=rule.threshold if rule.kind is AlarmKind.CROWD else None)
