"""The words for roles and account states, in the interface language."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.api.admin import AdminUser, Role
from app.timefmt import format_wib
from app.user_admin import UserState, user_states


def role_text(role: Role) -> str:
    texts = {
        Role.ADMIN: QCoreApplication.translate("UserTexts", "Administrator"),
        Role.SUPERVISOR: QCoreApplication.translate("UserTexts", "Supervisor"),
        Role.OPERATOR: QCoreApplication.translate("UserTexts", "Operator"),
        Role.POLICE: QCoreApplication.translate("UserTexts", "Police"),
        Role.VIEWER: QCoreApplication.translate("UserTexts", "Viewer"),
    }
    return texts[role]


def state_text(user: AdminUser, now: datetime) -> str:
    """"Disabled", "Locked until 2026-11-22 14:05 WIB · Must change password" …"""
    parts = []
    for state in user_states(user, now):
        if state is UserState.ACTIVE:
            parts.append(QCoreApplication.translate("UserTexts", "Active"))
        elif state is UserState.DISABLED:
            parts.append(QCoreApplication.translate("UserTexts", "Disabled"))
        elif state is UserState.LOCKED and user.locked_until is not None:
            parts.append(QCoreApplication.translate("UserTexts", "Locked until {0}").format(
                format_wib(user.locked_until, seconds=False)))
        elif state is UserState.MUST_CHANGE:
            parts.append(QCoreApplication.translate("UserTexts", "Must change password"))
    return " · ".join(parts)
