"""The server's alarms and alarm rules: GET /alarms, the snapshot, POST acknowledge,
and the rules' CRUD (administrators and supervisors). Every call blocks."""

from __future__ import annotations

from app.alarms import parse
from app.alarms.types import Alarm, AlarmFilter, AlarmRule
from app.api.errors import ApiError, ApiErrorKind
from app.api.http import ApiClient

PAGE = 200  # the most one GET /alarms returns
MAX_SNAPSHOT = 2 << 20


class AlarmsApi:
    def __init__(self, client: ApiClient) -> None:
        self._client = client

    def alarms(self, state: AlarmFilter = AlarmFilter.OPEN, limit: int = PAGE,
               before_id: int | None = None) -> list[Alarm]:
        """Newest first, only cameras in the user's areas."""
        params = {"state": state.value, "limit": str(max(1, min(PAGE, int(limit))))}
        if before_id is not None:
            params["before_id"] = str(before_id)
        return parse.alarms(self._client.call("GET", "/alarms", params=params))

    def all_open(self, max_pages: int = 10) -> list[Alarm]:
        """Every open alarm, page by page (at most ``max_pages`` pages)."""
        found: list[Alarm] = []
        before: int | None = None
        for _ in range(max_pages):
            page = self.alarms(AlarmFilter.OPEN, PAGE, before)
            found.extend(page)
            if len(page) < PAGE:
                break
            before = min(a.id for a in page)
        return found

    def snapshot(self, alarm_id: int) -> bytes:
        """The JPEG the node kept when it raised the alarm; NOT_FOUND when none."""
        body, content_type = self._client.get_bytes(f"/alarms/{int(alarm_id)}/snapshot",
                                                    max_bytes=MAX_SNAPSHOT)
        if not content_type.startswith("image/") or not body:
            raise ApiError(ApiErrorKind.BAD_RESPONSE, f"not a picture: {content_type!r}")
        return body

    def acknowledge(self, alarm_id: int, note: str) -> Alarm:
        """Raises ApiError with status 409 when someone acknowledged it first."""
        return parse.alarm(self._client.call("POST", f"/alarms/{int(alarm_id)}/acknowledge",
                                             json={"note": note}))

    # -- rules ----------------------------------------------------------------------------
    def rules(self) -> list[AlarmRule]:
        return parse.rules(self._client.call("GET", "/alarm-rules"))

    def save_rule(self, rule: AlarmRule) -> AlarmRule:
        """Create (no id yet) or change a rule; the server's version comes back."""
        body = parse.rule_body(rule)
        if rule.id is None:
            return parse.rule(self._client.call("POST", "/alarm-rules", json=body))
        return parse.rule(self._client.call("PATCH", f"/alarm-rules/{int(rule.id)}",
                                            json=body))

    def delete_rule(self, rule_id: int) -> None:
        self._client.call("DELETE", f"/alarm-rules/{int(rule_id)}")
