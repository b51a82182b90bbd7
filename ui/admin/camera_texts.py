"""The words and colours the camera administration shows for the client's enums (form
problems, probe failures, camera states, import outcomes), translated when asked so a
language switch reads at once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.api.admin import CameraState, ImportOutcome, ProbeFailure
from app.camera_forms import FormProblem

_CONTEXT = "CameraTexts"

# Colours readable on the light dialog and the dark theme alike.
STATE_COLOURS = {
    CameraState.ONLINE: QColor("#2e9d4f"),
    CameraState.OFFLINE: QColor("#d64545"),
    CameraState.UNKNOWN: QColor("#8a8f98"),
    CameraState.DISABLED: QColor("#c27c0e"),
}
ERROR_BACKGROUND = QColor("#f8d7da")
ERROR_FOREGROUND = QColor("#842029")
PROBLEM_STYLE = "color: #b45309;"
FAILURE_STYLE = "color: #c62828; font-weight: 600;"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def problem_text(problem: FormProblem) -> str:
    texts = {
        FormProblem.ADDRESS_MISSING: _tr("Enter the camera's ONVIF address (host:port)."),
        FormProblem.MAIN_URL_MISSING: _tr("Enter the main stream's RTSP URL."),
        FormProblem.URL_NOT_RTSP: _tr("A stream URL must look like rtsp://host:port/path."),
        FormProblem.URL_HAS_ACCOUNT: _tr(
            "Put the user name and password in their fields, not in the URL."),
        FormProblem.USERNAME_MISSING: _tr("Enter the user name that goes with the password."),
        FormProblem.PROBING: _tr("Asking the camera…"),
        FormProblem.PROBE_FIRST: _tr("Press Probe to check the camera before saving."),
        FormProblem.NO_MAIN_STREAM: _tr("The camera answered without a video stream."),
        FormProblem.ID_MISSING: _tr("Give the camera an id."),
        FormProblem.ID_INVALID: _tr(
            "The id may hold letters, digits, '.', '_' and '-' (at most 64)."),
        FormProblem.NAME_MISSING: _tr("Give the camera a name."),
        FormProblem.AREA_MISSING: _tr("Choose the camera's area."),
        FormProblem.LAT_INVALID: _tr("Latitude is a number from -90 to 90, or empty."),
        FormProblem.LON_INVALID: _tr("Longitude is a number from -180 to 180, or empty."),
        FormProblem.SAVING: _tr("Saving…"),
    }
    return texts[problem]


def failure_text(failure: ProbeFailure, server_message: str) -> str:
    """The kind's advice in the user's language, then the server's own sentence."""
    texts = {
        ProbeFailure.AUTH_FAILED: _tr(
            "The camera refused the user name or password. Check them and probe again."),
        ProbeFailure.REFUSED: _tr(
            "Nothing accepts connections at that address. Check the host and port."),
        ProbeFailure.TIMEOUT: _tr(
            "The camera did not answer in time. Check that it is on and reachable."),
        ProbeFailure.NOT_ONVIF: _tr(
            "Something answers there, but not as an ONVIF camera. Try its RTSP URLs."),
        ProbeFailure.STREAM_UNREADABLE: _tr(
            "The stream answered, but no picture could be read from it. Check the path."),
    }
    advice = texts.get(failure)
    if advice is None:
        return server_message or _tr("The camera could not be checked.")
    return f"{advice}\n{server_message}" if server_message else advice


def state_text(state: CameraState) -> str:
    return {CameraState.ONLINE: _tr("online"), CameraState.OFFLINE: _tr("offline"),
            CameraState.UNKNOWN: _tr("unknown"), CameraState.DISABLED: _tr("disabled")}[state]


def outcome_text(outcome: ImportOutcome) -> str:
    return {ImportOutcome.CREATE: _tr("create"), ImportOutcome.UPDATE: _tr("update"),
            ImportOutcome.UNCHANGED: _tr("unchanged"), ImportOutcome.ERROR: _tr("error")
            }[outcome]


def profile_text(profile: str) -> str:
    return {"main": _tr("main"), "sub": _tr("sub"), "third": _tr("third")}.get(profile, profile)
