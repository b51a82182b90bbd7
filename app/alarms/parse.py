"""The server's alarm and rule JSON into app.alarms.types, and rules back into JSON.
Raises ApiError(BAD_RESPONSE) on anything that is not what the contract promises."""

from __future__ import annotations

from datetime import time
from typing import Any

from app.alarms.types import Alarm, AlarmKind, AlarmRule, RuleHours
from app.api.errors import ApiError, ApiErrorKind
from app.api.parse import parse_time
from app.motion.types import MotionRegion


def alarm(data: Any) -> Alarm:
    try:
        acknowledged = data.get("acknowledged_at")
        rule_id = data.get("rule_id")
        return Alarm(
            id=int(data["id"]), rule_id=int(rule_id) if rule_id is not None else None,
            rule_name=str(data.get("rule_name") or ""), kind=AlarmKind(data["kind"]),
            detail=str(data.get("detail") or ""), camera_id=str(data["camera_id"]),
            camera_name=str(data.get("camera_name") or data["camera_id"]),
            raised_at=parse_time(data["raised_at"]),
            acknowledged_at=parse_time(acknowledged) if acknowledged else None,
            acknowledged_by=(str(data["acknowledged_by"]) if data.get("acknowledged_by")
                             else None),
            note=str(data["note"]) if data.get("note") is not None else None,
            has_snapshot=bool(data.get("has_snapshot")))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not an alarm: {exc!r}") from exc


def alarms(data: Any) -> list[Alarm]:
    if not isinstance(data, list):
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "not an alarm list")
    return [alarm(item) for item in data]


def _clock(text: str) -> time:
    hours, minutes = str(text).split(":")[:2]
    return time(int(hours), int(minutes))


def rule(data: Any) -> AlarmRule:
    try:
        region = data.get("region")
        hours = data.get("hours")
        threshold = data.get("threshold")
        return AlarmRule(
            id=int(data["id"]), name=str(data["name"]), kind=AlarmKind(data["kind"]),
            camera_id=str(data["camera_id"]) if data.get("camera_id") else None,
            area_id=str(data["area"]) if data.get("area") else None,
            region=MotionRegion(float(region["x"]), float(region["y"]), float(region["w"]),
                                float(region["h"])) if region else None,
            min_cells=int(data.get("min_cells") or 2),
            hours=RuleHours(_clock(hours["from"]), _clock(hours["to"])) if hours else None,
            hold_s=float(data["hold_s"]) if data.get("hold_s") is not None else None,
            threshold=float(threshold) if threshold is not None else None,
            enabled=bool(data.get("enabled", True)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not an alarm rule: {exc!r}") from exc


def rules(data: Any) -> list[AlarmRule]:
    if not isinstance(data, list):
        raise ApiError(ApiErrorKind.BAD_RESPONSE, "not a rule list")
    return [rule(item) for item in data]


def rule_body(value: AlarmRule) -> dict[str, Any]:
    """What POST and PATCH /alarm-rules read (the id travels in the path)."""
    region = value.region
    hours = value.hours
    return {
        "name": value.name, "kind": value.kind.value,
        "camera_id": value.camera_id, "area": value.area_id if not value.camera_id else None,
        "region": None if region is None else {
            "x": round(region.x, 4), "y": round(region.y, 4),
            "w": round(region.w, 4), "h": round(region.h, 4)},
        "min_cells": int(value.min_cells),
        "hours": None if hours is None else {"from": hours.start.strftime("%H:%M"),
                                             "to": hours.end.strftime("%H:%M")},
        "hold_s": float(value.hold_s) if value.hold_s is not None else None,
        "threshold": value.threshold,
        "enabled": bool(value.enabled),
    }
