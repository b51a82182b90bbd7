"""Recorder state per camera, as reported in /health and mapped to camera status."""

from __future__ import annotations

from enum import StrEnum


class RecorderState(StrEnum):
    RECORDING = "recording"  # pictures are being written (within the last ~2 s)
    # Connected, but nothing is being written: the camera sends nothing, or only
    # pictures that are dropped (waiting for a keyframe after its clock jumped).
    STALLED = "stalled"
    RECONNECTING = "reconnecting"  # lost (or not yet reached); retrying with backoff
    OFFLINE = "offline"  # retries keep failing; still retrying, at the longest backoff
    DISABLED = "disabled"  # recording switched off for this camera or server
    # Stopped by the storage guard: a volume fell below its reserve (server/storage_guard.py);
    # resumes by itself when space is back above the high-water mark.
    PAUSED_FOR_SPACE = "paused_for_space"


class CameraStatus(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    UNKNOWN = "unknown"


def camera_status(state: RecorderState | None) -> CameraStatus:
    """What the operator is told about a camera, from what the recorder sees of it."""
    if state is RecorderState.RECORDING:
        return CameraStatus.ONLINE
    if state in (RecorderState.RECONNECTING, RecorderState.OFFLINE, RecorderState.STALLED):
        return CameraStatus.OFFLINE
    return CameraStatus.UNKNOWN
