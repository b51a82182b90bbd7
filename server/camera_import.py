"""Bulk import of cameras from a CSV or JSON file (a site survey, an integrator's list).

Two passes: every line is read, checked and compared with what is stored without
writing anything (a dry run stops there); only when no line failed are the changes
written, in the caller's one transaction. So a bad line imports nothing, a dry run
reports exactly what the real run would do, and a file imported twice finds every line
"unchanged" and writes nothing the second time (no audit entry, updated_at untouched).

The columns are documented in server/README.md ("Importing cameras").
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field, replace
from enum import StrEnum

from sqlalchemy import Connection, select

from server import audit
from server.areas import LEVELS, AreaKind, child_id, slug
from server.audit import AuditAction
from server.camera_admin import (
    OWN_PREFIX,
    Account,
    AdminError,
    CameraState,
    StreamSpec,
    camera_values,
    check_camera_id,
    check_stream_url,
    drop_own_account,
    is_own,
    load_all,
    normal_tags,
    own_credential_id,
    stream_rows,
    tag_rows,
    write_state,
)
from server.cameras import Profile
from server.clock import utc_now
from server.onboarding.addresses import device_service_url
from server.schema import areas, camera_streams, camera_tags, cameras, credentials
from server.vault import Vault, put_credential

COLUMNS = (
    "id", "name", "area", "tags", "lat", "lon", "onvif", "main_url", "sub_url", "third_url",
    "credential", "username", "password", "ptz", "record", "retention_days",
)  # fmt: skip
URL_COLUMNS = {"main_url": Profile.MAIN, "sub_url": Profile.SUB, "third_url": Profile.THIRD}
MAX_ROWS = 100_000
_TRUE = {"true", "yes", "y", "1", "ya"}
_FALSE = {"false", "no", "n", "0", "tidak"}


class Outcome(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True)
class LineReport:
    line: int
    camera_id: str | None
    outcome: Outcome
    message: str

    def to_json(self) -> dict:
        return {"line": self.line, "id": self.camera_id, "outcome": self.outcome.value,
                "message": self.message}  # fmt: skip


@dataclass
class ImportReport:
    dry_run: bool
    lines: list[LineReport] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for line in self.lines if line.outcome is outcome)

    @property
    def failed(self) -> int:
        return self.count(Outcome.ERROR)

    @property
    def changed_ids(self) -> list[str]:
        """Cameras a real run created or changed (the recorder and relay follow them)."""
        if self.dry_run or self.failed:
            return []
        done = (Outcome.CREATE, Outcome.UPDATE)
        return [line.camera_id for line in self.lines if line.outcome in done and line.camera_id]

    def to_json(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "created": self.count(Outcome.CREATE),
            "updated": self.count(Outcome.UPDATE),
            "unchanged": self.count(Outcome.UNCHANGED),
            "failed": self.failed,
            "lines": [line.to_json() for line in self.lines],
        }


class LineError(Exception):
    """One line's problem; the message starts with the column at fault."""


# --- reading a file ------------------------------------------------------------------


def parse_csv(text: str) -> tuple[list[dict], list[int]]:
    """Rows and their line numbers in the file (the header is line 1). Raises LineError
    for a header that is not ours, naming the column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(h or "").strip().lower() for h in reader.fieldnames or []]
    if not header:
        raise LineError("the file is empty: the first line must name the columns")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise LineError(
            f"unknown column {unknown[0]!r} in the header; the columns are: " + ", ".join(COLUMNS)
        )
    if "id" not in header:
        raise LineError("the header has no 'id' column")
    reader.fieldnames = header
    rows, lines = [], []
    for row in reader:
        if None in row:
            extra = row.pop(None)
            row["_extra"] = extra
        if not any((v or "").strip() for k, v in row.items() if k != "_extra"):
            continue  # a blank line
        rows.append(row)
        lines.append(reader.line_num)
        if len(rows) > MAX_ROWS:
            raise LineError(f"more than {MAX_ROWS} cameras in one file")
    return rows, lines


def parse_json(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LineError(f"not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise LineError("the JSON must be a list of camera objects")
    if len(data) > MAX_ROWS:
        raise LineError(f"more than {MAX_ROWS} cameras in one file")
    return data


# --- one value -----------------------------------------------------------------------


def _text(row: dict, key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float | bool):
        raise LineError(f"{key}: must be a text value")
    return str(value).strip()


def _number(row: dict, key: str, low: float, high: float) -> float | None:
    raw = row.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise LineError(f"{key}: {raw!r} is not a number")
    try:
        value = float(raw.strip() if isinstance(raw, str) else raw)
    except (TypeError, ValueError):
        raise LineError(f"{key}: {raw!r} is not a number") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise LineError(f"{key}: {value:g} is outside {low:g}..{high:g}")
    return value


def _flag(row: dict, key: str, default: bool) -> bool:
    raw = row.get(key)
    if isinstance(raw, bool):
        return raw
    text = _text(row, key).lower()
    if not text:
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise LineError(f"{key}: {text!r} is not true or false")


def _tags(row: dict) -> tuple[str, ...]:
    raw = row.get("tags")
    items = raw if isinstance(raw, list) else _text(row, "tags").split(";")
    try:
        return normal_tags(items)
    except AdminError as exc:
        raise LineError(exc.message) from None


# --- areas ---------------------------------------------------------------------------


class AreaPlan:
    """Resolves area paths against the real kota/kecamatan, creating lower levels in
    memory first: nothing is written until the whole file is known to be good."""

    def __init__(self, conn: Connection) -> None:
        self.known: dict[str, tuple[str | None, str]] = {
            r.id: (r.parent_id, r.kind)
            for r in conn.execute(select(areas.c.id, areas.c.parent_id, areas.c.kind))
        }
        self.names: dict[str, str] = dict(conn.execute(select(areas.c.id, areas.c.name)).all())
        self.new: dict[str, dict] = {}

    def _real(self, parent: str | None, name: str, kind: AreaKind) -> str | None:
        area_id = child_id(parent, name)
        found = self.known.get(area_id)
        return area_id if found is not None and found[1] == kind.value else None

    def resolve(self, path: str) -> str:
        parts = [p.strip() for p in path.split("/")]
        if not path.strip() or any(not p for p in parts):
            raise LineError(
                "area: a path 'Kota/Kecamatan[/Kelurahan[/RW[/RT]]]' is required, "
                "without empty parts"
            )
        if len(parts) > len(LEVELS):
            raise LineError(f"area: at most {len(LEVELS)} levels (kota to RT)")
        kota = self._real(None, parts[0], AreaKind.KOTA)
        if kota is None:
            raise LineError(f"area: {parts[0]!r} is not a kota of Jakarta")
        if len(parts) < 2:
            raise LineError("area: name at least the kecamatan (Kota/Kecamatan)")
        parent = self._real(kota, parts[1], AreaKind.KECAMATAN)
        if parent is None:
            raise LineError(f"area: {parts[1]!r} is not a kecamatan of {self.names[kota]}")
        for kind, name in zip(LEVELS[2:], parts[2:], strict=False):
            if slug(name) == "x" and name.lower() != "x":
                raise LineError(f"area: {name!r} has no letters or digits")
            area_id = child_id(parent, name)
            if area_id not in self.known and area_id not in self.new:
                self.new[area_id] = {"id": area_id, "parent_id": parent, "name": name,
                                     "kind": kind.value, "lat": None, "lon": None,
                                     "live_direct": False}  # fmt: skip
            parent = area_id
        return parent

    def write(self, conn: Connection) -> None:
        # Parents were planned before their children, and dicts keep that order.
        if self.new:
            conn.execute(areas.insert(), list(self.new.values()))


# --- one line ------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    camera_id: str
    state: CameraState
    account: Account | None
    outcome: Outcome
    changed: tuple[str, ...]


def _state_of(row: dict, plan: AreaPlan, named: set[str]) -> tuple[CameraState, Account | None]:
    extra = row.get("_extra")
    if extra:
        raise LineError(f"more values than columns ({len(extra)} extra)")
    if not isinstance(row, dict):
        raise LineError("each camera must be an object")
    unknown = [k for k in row if k not in COLUMNS]
    if unknown:
        raise LineError(f"{unknown[0]}: unknown column; the columns are: " + ", ".join(COLUMNS))
    name = _text(row, "name")
    if not name:
        raise LineError("name: required")
    if len(name) > 300:
        raise LineError("name: at most 300 characters")
    area_id = plan.resolve(_text(row, "area"))
    lat = _number(row, "lat", -90, 90)
    lon = _number(row, "lon", -180, 180)
    streams = {}
    for column, profile in URL_COLUMNS.items():
        url = _text(row, column)
        if url:
            try:
                streams[profile.value] = StreamSpec(check_stream_url(url, column))
            except AdminError as exc:
                raise LineError(exc.message) from None
    if Profile.MAIN.value not in streams:
        raise LineError("main_url: required (the main stream is the one recorded)")
    onvif = _text(row, "onvif")
    onvif_url = None
    if onvif:
        try:
            onvif_url = device_service_url(onvif)
        except ValueError as exc:
            raise LineError(f"onvif: {exc}") from None
    credential = _text(row, "credential")
    username, password = _text(row, "username"), row.get("password")
    password = "" if password is None else str(password)
    account = None
    if credential and (username or password):
        raise LineError("credential: give either a named credential or username/password")
    if credential and (credential.startswith(OWN_PREFIX) or credential not in named):
        raise LineError(
            f"credential: no named credential {credential!r} (create it first under "
            "Administration → Credentials, or PUT /api/v1/admin/credentials/{id})"
        )
    if password and not username:
        raise LineError("username: required with a password")
    if username:
        account = Account(username, password)
    state = CameraState(
        name=name,
        area_id=area_id,
        tags=_tags(row),
        lat=lat,
        lon=lon,
        ptz=_flag(row, "ptz", False),
        onvif_url=onvif_url,
        streams=streams,
        record=_flag(row, "record", True),
        retention_days=_number(row, "retention_days", 0.001, 36500),
        credential_id=credential or None,
    )
    return state, account


def _merge_stored(state: CameraState, stored: CameraState, camera_id: str) -> CameraState:
    """What an import does not manage stays as stored: vendor and model, enabled, a
    stream's probed codec and size while its URL is the same, and the camera's account
    when the line names none (a list exported without passwords must not wipe them)."""
    streams = {}
    for profile, spec in state.streams.items():
        old = stored.streams.get(profile)
        streams[profile] = old if old is not None and old.url == spec.url else spec
    credential_id = state.credential_id or stored.credential_id
    return replace(state, vendor=stored.vendor, model=stored.model, enabled=stored.enabled,
                   streams=streams, credential_id=credential_id)  # fmt: skip


def import_rows(
    conn: Connection,
    vault: Vault,
    rows: list[dict],
    dry_run: bool,
    line_numbers: list[int] | None = None,
) -> ImportReport:
    """Check every row (the JSON form: COLUMNS as keys), then, unless ``dry_run`` or a
    row failed, write them on ``conn`` (the caller commits). Never raises for bad input:
    each row's outcome is in the report."""
    report = ImportReport(dry_run=dry_run)
    plan = AreaPlan(conn)
    # Every account in one query: a re-run compares each line's password with the sealed
    # one, and 5,000 single-row reads cost more than the rest of the comparison.
    sealed = {
        r.id: (r.username, r.secret)
        for r in conn.execute(
            select(credentials.c.id, credentials.c.username, credentials.c.secret)
        )
    }
    named = {cred_id for cred_id in sealed if not is_own(cred_id)}
    ids = [str(r.get("id", "")).strip() for r in rows if isinstance(r, dict)]
    stored_all = load_all(conn, ids) if len(ids) < 500 else load_all(conn)
    first_line: dict[str, int] = {}
    planned: list[Planned] = []
    for index, row in enumerate(rows):
        line = line_numbers[index] if line_numbers else index + 1
        camera_id = None
        try:
            if not isinstance(row, dict):
                raise LineError("each camera must be an object")
            camera_id = _text(row, "id") or None
            if camera_id is None:
                raise LineError("id: required")
            try:
                check_camera_id(camera_id)
            except AdminError as exc:
                raise LineError(exc.message) from None
            if camera_id in first_line:
                raise LineError(f"id: {camera_id!r} is also on line {first_line[camera_id]}")
            first_line[camera_id] = line
            state, account = _state_of(row, plan, named)
            stored = stored_all.get(camera_id)
            if stored is not None and stored.removed_at is not None:
                raise LineError(
                    f"id: camera {camera_id!r} was removed (its footage is kept until "
                    "retention); bring it back with POST /api/v1/admin/cameras and "
                    '"restore": true, or use another id'
                )
            item = _plan_one(vault, sealed, camera_id, state, account, stored)
            planned.append(item)
            message = ", ".join(item.changed) if item.outcome is Outcome.UPDATE else ""
            report.lines.append(LineReport(line, camera_id, item.outcome, message))
        except LineError as exc:
            report.lines.append(LineReport(line, camera_id, Outcome.ERROR, str(exc)))
    if dry_run or report.failed:
        return report
    _write(conn, vault, plan, planned)
    return report


def _same_account(vault: Vault, sealed: dict, cred_id: str, account: Account) -> bool:
    found = sealed.get(cred_id)
    if found is None or found[0] != account.username:
        return False
    return vault.open_secret(found[1], cred_id) == account.password


def _plan_one(vault, sealed, camera_id, state, account, stored) -> Planned:
    if account is not None:
        state = replace(state, credential_id=own_credential_id(camera_id))
    if stored is None:
        return Planned(camera_id, state, account, Outcome.CREATE, ())
    state = _merge_stored(state, stored.state, camera_id)
    names = CameraState.__dataclass_fields__
    changed = [n for n in names if getattr(stored.state, n) != getattr(state, n)]
    if account is not None and not _same_account(vault, sealed, state.credential_id, account):
        changed.append("password" if "credential_id" not in changed else "credential_id")
    outcome = Outcome.UPDATE if changed else Outcome.UNCHANGED
    return Planned(camera_id, state, account, outcome, tuple(dict.fromkeys(changed)))


def _write(conn: Connection, vault: Vault, plan: AreaPlan, planned: list[Planned]) -> None:
    plan.write(conn)
    now = utc_now()
    creates = [p for p in planned if p.outcome is Outcome.CREATE]
    # New cameras go in with three multi-row inserts, whatever their number (5,000
    # cameras one by one spend most of their time in per-statement overhead).
    own = [
        {"id": own_credential_id(p.camera_id), "username": p.account.username,
         "secret": vault.seal(p.account.password, own_credential_id(p.camera_id)),
         "updated_at": now}
        for p in creates if p.account is not None
    ]  # fmt: skip
    if own:
        conn.execute(
            credentials.delete().where(credentials.c.id.in_([c["id"] for c in own]))
        )  # a stale own account of a camera that never existed
        conn.execute(credentials.insert(), own)
    if creates:
        conn.execute(
            cameras.insert(),
            [{"id": p.camera_id, **camera_values(p.state), "updated_at": now, "removed_at": None}
             for p in creates],
        )  # fmt: skip
        tag_list = [t for p in creates for t in tag_rows(p.camera_id, p.state)]
        if tag_list:
            conn.execute(camera_tags.insert(), tag_list)
        conn.execute(
            camera_streams.insert(), [s for p in creates for s in stream_rows(p.camera_id, p.state)]
        )
    for p in planned:
        if p.outcome is not Outcome.UPDATE:
            continue
        if p.account is not None:
            put_credential(
                conn, vault, own_credential_id(p.camera_id), p.account.username, p.account.password
            )
        write_state(conn, p.camera_id, p.state, exists=True)
        if not is_own(p.state.credential_id):
            drop_own_account(conn, p.camera_id)


def run_import(ctx, text: str, is_csv: bool, dry_run: bool, actor: str | None) -> ImportReport:
    """Parse, import in one transaction, audit and tell the recorder; shared with the
    command line."""
    try:
        if is_csv:
            rows, lines = parse_csv(text)
        else:
            rows, lines = parse_json(text), None
    except LineError as exc:
        report = ImportReport(dry_run=dry_run)
        report.lines.append(LineReport(1, None, Outcome.ERROR, str(exc)))
        return report
    with ctx.engine.begin() as conn:
        report = import_rows(conn, ctx.vault, rows, dry_run, lines)
    changed = report.changed_ids
    if changed:
        audit.record(
            ctx.engine, AuditAction.CAMERAS_IMPORTED, actor=actor,
            details={"created": report.count(Outcome.CREATE),
                     "updated": report.count(Outcome.UPDATE),
                     "ids": changed[:100], "more": max(0, len(changed) - 100)},
        )  # fmt: skip
        for camera_id in changed:
            ctx.camera_changed(camera_id)
    return report
