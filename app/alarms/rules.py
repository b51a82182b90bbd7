"""Alarm rules for administrators and supervisors: list, save, delete on the
TaskRunner. The server decides the scope (a supervisor's areas) and refuses the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.alarms.types import AlarmRule
from app.api.admin import Role
from app.api.alarms import AlarmsApi
from app.api.errors import ApiError, ApiErrorKind
from app.services.session import SessionService
from app.tasks import TaskRunner

log = logging.getLogger(__name__)

EDITORS = frozenset({Role.ADMIN.value, Role.SUPERVISOR.value})


class AlarmRulesService(QObject):
    rules_changed = Signal()  # rules() has news
    saved = Signal(object)  # AlarmRule, as the server keeps it
    deleted = Signal(int)  # rule id
    failed = Signal(object, str)  # ApiErrorKind, the server's words

    def __init__(self, session: SessionService, runner: TaskRunner,
                 parent: QObject | None = None, *,
                 api_factory: Callable[[Any], AlarmsApi] = AlarmsApi) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        self._api_factory = api_factory
        self._rules: dict[int, AlarmRule] = {}
        session.logged_out.connect(self._on_session_logged_out)

    def allowed(self) -> bool:
        """Whether the signed-in user edits rules (the server decides; this hides)."""
        user = self._session.user
        return user is not None and bool(EDITORS.intersection(user.roles))

    def rules(self) -> list[AlarmRule]:
        return sorted(self._rules.values(), key=lambda r: (r.name.casefold(), r.id or 0))

    def load(self) -> None:
        api = self._api()
        if api is not None:
            self._runner.submit(api.rules, self._on_loaded, self._on_failed)

    def save(self, rule: AlarmRule) -> None:
        """Create (no id) or change; answers with saved or failed."""
        api = self._api()
        if api is not None:
            self._runner.submit(lambda: api.save_rule(rule), self._on_saved, self._on_failed)

    def delete(self, rule_id: int) -> None:
        api = self._api()
        if api is not None:
            self._runner.submit(lambda: api.delete_rule(rule_id),
                                lambda _none: self._on_deleted(rule_id), self._on_failed)

    def _api(self) -> AlarmsApi | None:
        client = self._session.api
        if client is None:
            self.failed.emit(ApiErrorKind.UNAUTHORIZED, "not logged in")
            return None
        return self._api_factory(client)

    def _on_loaded(self, found: list[AlarmRule]) -> None:
        self._rules = {r.id: r for r in found if r.id is not None}
        self.rules_changed.emit()

    def _on_saved(self, rule: AlarmRule) -> None:
        if rule.id is not None:
            self._rules[rule.id] = rule
        self.saved.emit(rule)
        self.rules_changed.emit()

    def _on_deleted(self, rule_id: int) -> None:
        self._rules.pop(rule_id, None)
        self.deleted.emit(rule_id)
        self.rules_changed.emit()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ApiError):
            self.failed.emit(exc.kind, exc.message)
        else:
            log.error("alarm rule call failed", exc_info=exc)
            self.failed.emit(ApiErrorKind.BAD_RESPONSE, str(exc))

    def _on_session_logged_out(self) -> None:
        self._rules.clear()
        self.rules_changed.emit()
