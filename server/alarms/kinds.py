"""What an alarm rule watches for, and what a tampering alarm found."""

from __future__ import annotations

from enum import StrEnum


class AlarmKind(StrEnum):
    MOTION = "motion"  # motion in a drawn zone, during set hours
    OFFLINE = "offline"  # the camera unreachable
    FROZEN = "frozen"  # connected, but no new picture
    TAMPER = "tamper"  # covered, out of focus or turned away (TamperKind)
    CROWD = "crowd"  # the occupancy index above a threshold


class TamperKind(StrEnum):
    COVERED = "covered"  # blacked out or covered: a dark or featureless picture
    DEFOCUSED = "defocused"  # out of focus: the picture's detail gone
    TURNED = "turned"  # turned away: a large sudden change of the scene that stays
