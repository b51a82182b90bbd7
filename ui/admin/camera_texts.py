"""The words and colours the camera administration shows for the client's enums (form
problems, probe failures, camera states, import outcomes), translated when asked so a
language switch reads at once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.api.admin import CameraState, ImportOutcome, ProbeFailure
from app.camera_forms import FormProblem

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


def problem_text(problem: FormProblem) -> str:
    texts = {
        FormProblem.ADDRESS_MISSING: QCoreApplication.translate(
            "CameraTexts", "Enter the camera's ONVIF address (host:port)."
        ),
        FormProblem.MAIN_URL_MISSING: QCoreApplication.translate(
            "CameraTexts", "Enter the main stream's RTSP URL."
        ),
        FormProblem.URL_NOT_RTSP: QCoreApplication.translate(
            "CameraTexts", "A stream URL must look like rtsp://host:port/path."
        ),
        FormProblem.URL_HAS_ACCOUNT: QCoreApplication.translate(
            "CameraTexts", "Put the user name and password in their fields, not in the URL."
        ),
        FormProblem.USERNAME_MISSING: QCoreApplication.translate(
            "CameraTexts", "Enter the user name that goes with the password."
        ),
        FormProblem.PROBING: QCoreApplication.translate("CameraTexts", "Asking the camera…"),
        FormProblem.PROBE_FIRST: QCoreApplication.translate(
            "CameraTexts", "Press Probe to check the camera before saving."
        ),
        FormProblem.NO_MAIN_STREAM: QCoreApplication.translate(
            "CameraTexts", "The camera answered without a video stream."
        ),
        FormProblem.ID_MISSING: QCoreApplication.translate("CameraTexts", "Give the camera an id."),
        FormProblem.ID_INVALID: QCoreApplication.translate(
            "CameraTexts", "The id may hold letters, digits, '.', '_' and '-' (at most 64)."
        ),
        FormProblem.NAME_MISSING: QCoreApplication.translate(
            "CameraTexts", "Give the camera a name."
        ),
        FormProblem.AREA_MISSING: QCoreApplication.translate(
            "CameraTexts", "Choose the camera's area."
        ),
        FormProblem.LAT_INVALID: QCoreApplication.translate(
            "CameraTexts", "Latitude is a number from -90 to 90, or empty."
        ),
        FormProblem.LON_INVALID: QCoreApplication.translate(
            "CameraTexts", "Longitude is a number from -180 to 180, or empty."
        ),
        FormProblem.NODE_INVALID: QCoreApplication.translate(
            "CameraTexts",
            "A node name may hold letters, digits, '.', '_' and '-' (at most 64).",
        ),
        FormProblem.SAVING: QCoreApplication.translate("CameraTexts", "Saving…"),
    }
    return texts[problem]


def failure_text(failure: ProbeFailure, server_message: str) -> str:
    """The kind's advice in the user's language, then the server's own sentence."""
    texts = {
        ProbeFailure.AUTH_FAILED: QCoreApplication.translate(
            "CameraTexts",
            "The camera refused the user name or password. Check them and probe again.",
        ),
        ProbeFailure.REFUSED: QCoreApplication.translate(
            "CameraTexts", "Nothing accepts connections at that address. Check the host and port."
        ),
        ProbeFailure.TIMEOUT: QCoreApplication.translate(
            "CameraTexts", "The camera did not answer in time. Check that it is on and reachable."
        ),
        ProbeFailure.NOT_ONVIF: QCoreApplication.translate(
            "CameraTexts", "Something answers there, but not as an ONVIF camera. Try its RTSP URLs."
        ),
        ProbeFailure.STREAM_UNREADABLE: QCoreApplication.translate(
            "CameraTexts",
            "The stream answered, but no picture could be read from it. Check the path.",
        ),
    }
    advice = texts.get(failure)
    if advice is None:
        return server_message or QCoreApplication.translate(
            "CameraTexts", "The camera could not be checked."
        )
    return f"{advice}\n{server_message}" if server_message else advice


def state_text(state: CameraState) -> str:
    return {
        CameraState.ONLINE: QCoreApplication.translate("CameraTexts", "online"),
        CameraState.OFFLINE: QCoreApplication.translate("CameraTexts", "offline"),
        CameraState.UNKNOWN: QCoreApplication.translate("CameraTexts", "unknown"),
        CameraState.DISABLED: QCoreApplication.translate("CameraTexts", "disabled"),
    }[state]


def outcome_text(outcome: ImportOutcome) -> str:
    return {
        ImportOutcome.CREATE: QCoreApplication.translate("CameraTexts", "create"),
        ImportOutcome.UPDATE: QCoreApplication.translate("CameraTexts", "update"),
        ImportOutcome.UNCHANGED: QCoreApplication.translate("CameraTexts", "unchanged"),
        ImportOutcome.ERROR: QCoreApplication.translate("CameraTexts", "error"),
    }[outcome]


def profile_text(profile: str) -> str:
    return {
        "main": QCoreApplication.translate("CameraTexts", "main"),
        "sub": QCoreApplication.translate("CameraTexts", "sub"),
        "third": QCoreApplication.translate("CameraTexts", "third"),
    }.get(profile, profile)
