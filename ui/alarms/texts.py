"""The words the alarm views show for the client's enums, translated when asked so a
language switch reads at once."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from app.alarms.rule_form import RuleProblem
from app.alarms.types import AckOutcome, Alarm, AlarmKind, TamperDetail

OPEN_BACKGROUND = QColor(198, 40, 40, 60)  # an open alarm's row: readable on both themes
OPEN_FOREGROUND = QColor("#ef5350")
FLASH_COLOUR = QColor("#ff1744")

def kind_name(kind: AlarmKind) -> str:
    return {
        AlarmKind.MOTION: QCoreApplication.translate(
            "AlarmTexts", "Motion in the zone"),
        AlarmKind.OFFLINE: QCoreApplication.translate(
            "AlarmTexts", "Camera offline"),
        AlarmKind.FROZEN: QCoreApplication.translate(
            "AlarmTexts", "Picture frozen"),
        AlarmKind.TAMPER: QCoreApplication.translate(
            "AlarmTexts", "Tampering"),
        AlarmKind.CROWD: QCoreApplication.translate(
            "AlarmTexts", "Crowd"),
    }[kind]


def tamper_name(detail: TamperDetail) -> str:
    return {
        TamperDetail.COVERED: QCoreApplication.translate(
            "AlarmTexts", "covered"),
        TamperDetail.DEFOCUSED: QCoreApplication.translate(
            "AlarmTexts", "out of focus"),
        TamperDetail.TURNED: QCoreApplication.translate(
            "AlarmTexts", "turned away"),
    }[detail]


def kind_text(alarm: Alarm) -> str:
    """``Tampering: covered``; other kinds with the server's detail when it sent one."""
    name = kind_name(alarm.kind)
    tamper = alarm.tamper
    if tamper is not None:
        return QCoreApplication.translate(
            "AlarmTexts", "{0}: {1}").format(name, tamper_name(tamper))
    if alarm.detail and alarm.kind is not AlarmKind.TAMPER:
        return QCoreApplication.translate(
            "AlarmTexts", "{0} ({1})").format(name, alarm.detail)  # the node's words
    return name


def ack_outcome_text(outcome: AckOutcome, message: str = "") -> str:
    if outcome is AckOutcome.ALREADY and message:  # the server names who it was
        return QCoreApplication.translate(
            "AlarmTexts", "Someone else acknowledged this alarm first ({0}); the list is "
                   "refreshed.").format(message)
    return {
        AckOutcome.DONE: QCoreApplication.translate(
            "AlarmTexts", "Alarm acknowledged."),
        AckOutcome.ALREADY: QCoreApplication.translate(
            "AlarmTexts", "Someone else acknowledged this alarm first; the list "
                                "is refreshed."),
        AckOutcome.NOTE_TOO_LONG: QCoreApplication.translate(
            "AlarmTexts", "The note is too long: at most 2000 characters."),
        AckOutcome.FAILED: QCoreApplication.translate(
            "AlarmTexts", "The alarm could not be acknowledged: {0}").format(message),
    }[outcome]


def rule_problem_text(problem: RuleProblem) -> str:
    return {
        RuleProblem.NO_NAME: QCoreApplication.translate(
            "AlarmTexts", "Give the rule a name."),
        RuleProblem.NAME_TOO_LONG: QCoreApplication.translate(
            "AlarmTexts", "The name is too long."),
        RuleProblem.NO_SCOPE: QCoreApplication.translate(
            "AlarmTexts", "Choose a camera or an area."),
        RuleProblem.ZONE_NEEDS_CAMERA: QCoreApplication.translate(
            "AlarmTexts", "A zone is drawn on one camera's picture: "
                                           "choose a camera."),
        RuleProblem.NO_THRESHOLD: QCoreApplication.translate(
            "AlarmTexts", "A crowd rule needs a threshold above 0 and at "
                                      "most 1."),
        RuleProblem.HOLD_OUT_OF_RANGE: QCoreApplication.translate(
            "AlarmTexts", "The hold time is 0 to 86400 seconds."),
    }[problem]
