"""Recorder state per camera, as reported in /health and mapped to camera status."""

from __future__ import annotations

from enum import StrEnum


class RecorderState(StrEnum):
    RECORDING = "recording"  # packets are arriving and being written
    RECONNECTING = "reconnecting"  # lost (or not yet reached); retrying with backoff
    OFFLINE = "offline"  # retries keep failing; still retrying, at the longest backoff
    DISABLED = "disabled"  # recording switched off for this camera or server


class CameraStatus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


def camera_status(state: RecorderState | None) -> CameraStatus:
    """What the operator is told about a camera, from what the recorder sees of it."""
    if state is RecorderState.RECORDING:
        return CameraStatus.ONLINE
    if state in (RecorderState.RECONNECTING, RecorderState.OFFLINE):
        return CameraStatus.OFFLINE
    return CameraStatus.UNKNOWN
