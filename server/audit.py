"""The audit log: who did what to which camera, append-only and hash-chained.

Every PTZ move, preset and lock change, every bookmark, protection, export and evidence
decision is written here. A row's hash is SHA-256 over the previous row's hash and the
row's canonical JSON, so ``verify_chain`` finds the first row that was changed, removed
or inserted out of band.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, Engine, select

from server.clock import to_wire, utc_now
from server.schema import audit_log

GENESIS = "0" * 64

# One writer at a time: the chain needs the previous hash read and the new row written
# in one step, and SQLite's deferred transactions would let two writers read the same.
_write_lock = threading.Lock()


class AuditAction(StrEnum):
    PTZ_MOVE = "ptz.move"
    PTZ_STOP = "ptz.stop"
    PTZ_CENTER = "ptz.center"
    PTZ_PRESET_GOTO = "ptz.preset.goto"
    PTZ_PRESET_SAVE = "ptz.preset.save"
    PTZ_PRESET_RENAME = "ptz.preset.rename"
    PTZ_PRESET_REMOVE = "ptz.preset.remove"
    PTZ_LOCK_TAKEN = "ptz.lock.taken"
    PTZ_LOCK_RELEASED = "ptz.lock.released"
    PTZ_LOCK_PREEMPTED = "ptz.lock.preempted"
    PTZ_LOCK_EXPIRED = "ptz.lock.expired"
    BOOKMARK_CREATED = "bookmark.created"
    BOOKMARK_UPDATED = "bookmark.updated"
    BOOKMARK_DELETED = "bookmark.deleted"
    BOOKMARK_PROTECTED = "bookmark.protected"
    BOOKMARK_UNPROTECTED = "bookmark.unprotected"
    RETENTION_RUN = "retention.run"
    EXPORT_CREATED = "export.created"
    EXPORT_FINISHED = "export.finished"
    EXPORT_FAILED = "export.failed"
    EXPORT_DOWNLOADED = "export.downloaded"
    REQUEST_CREATED = "request.created"
    REQUEST_APPROVED = "request.approved"
    REQUEST_REFUSED = "request.refused"
    # People: the names are the API contract's (issue 12). Never a password in details.
    SIGN_IN_FAILED = "sign_in_failed"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_UNLOCKED = "account_unlocked"
    USER_CREATED = "user_created"
    USER_UPDATED = "user_updated"
    USER_DISABLED = "user_disabled"
    USER_ENABLED = "user_enabled"
    USER_DELETED = "user_deleted"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    # Cameras (issue 12): never a password in details.
    CAMERA_ADDED = "camera_added"
    CAMERA_UPDATED = "camera_updated"
    CAMERA_DISABLED = "camera_disabled"
    CAMERA_ENABLED = "camera_enabled"
    CAMERA_REMOVED = "camera_removed"
    CAMERA_PINNED = "camera_pinned"  # recorded by this node whenever it is up (or unpinned)
    CAMERAS_IMPORTED = "cameras_imported"
    CREDENTIAL_CHANGED = "credential_changed"
    AREA_UPDATED = "area_updated"  # an area's settings (live_direct)
    # Doors (issue 13): who may use a workstation; one address trying many accounts.
    WORKSTATION_CLAIMED = "workstation_claimed"
    WORKSTATION_USER_ADDED = "workstation_user_added"
    WORKSTATION_USER_REMOVED = "workstation_user_removed"
    SIGN_IN_SPRAY = "sign_in_spray"
    # Maps (issue 14): pictures with cameras placed on them.
    MAP_ADDED = "map_added"
    MAP_UPDATED = "map_updated"
    MAP_REMOVED = "map_removed"
    MAP_CAMERA_PLACED = "map_camera_placed"
    MAP_CAMERA_UNPLACED = "map_camera_unplaced"
    # Alarms (issue 17): raised by a node's rule, acknowledged by an operator with a note.
    ALARM_RAISED = "alarm_raised"
    ALARM_ACKNOWLEDGED = "alarm_acknowledged"
    ALARM_RULE_CHANGED = "alarm_rule_changed"  # created, updated or deleted (details say)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str | None
    action: str
    camera_id: str | None
    details: dict

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "at": to_wire(self.at),
            "actor": self.actor,
            "action": self.action,
            "camera_id": self.camera_id,
            "details": self.details,
        }


def _canonical(details: dict) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _row_hash(
    prev: str,
    at: datetime,
    actor: str | None,
    action: str,
    camera_id: str | None,
    details_json: str,
) -> str:
    body = json.dumps(
        [prev, to_wire(at), actor, action, camera_id, details_json],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    engine: Engine,
    action: AuditAction,
    *,
    actor: str | None,
    camera_id: str | None = None,
    details: dict | None = None,
) -> int:
    """Append one entry in its own transaction; returns its id."""
    details_json = _canonical(details or {})
    at = utc_now()
    with _write_lock, engine.begin() as conn:
        last = conn.execute(
            select(audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
        ).scalar()
        prev = last or GENESIS
        digest = _row_hash(prev, at, actor, action.value, camera_id, details_json)
        result = conn.execute(
            audit_log.insert().values(
                at_utc=at,
                actor=actor,
                action=action.value,
                camera_id=camera_id,
                details=details_json,
                prev_hash=prev,
                hash=digest,
            )
        )
        return int(result.inserted_primary_key[0])


def query(
    conn: Connection,
    *,
    camera_id: str | None = None,
    actor: str | None = None,
    action_prefix: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """Newest first."""
    stmt = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if camera_id:
        stmt = stmt.where(audit_log.c.camera_id == camera_id)
    if actor:
        stmt = stmt.where(audit_log.c.actor == actor)
    if action_prefix:
        stmt = stmt.where(audit_log.c.action.startswith(action_prefix, autoescape=True))
    if start is not None:
        stmt = stmt.where(audit_log.c.at_utc >= start)
    if end is not None:
        stmt = stmt.where(audit_log.c.at_utc < end)
    return [
        AuditEntry(r.id, r.at_utc, r.actor, r.action, r.camera_id, json.loads(r.details))
        for r in conn.execute(stmt)
    ]


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    first_bad_id: int | None = None


def verify_chain(conn: Connection) -> ChainCheck:
    prev = GENESIS
    count = 0
    for r in conn.execute(select(audit_log).order_by(audit_log.c.id)):
        expected = _row_hash(prev, r.at_utc, r.actor, r.action, r.camera_id, r.details)
        if r.prev_hash != prev or r.hash != expected:
            return ChainCheck(False, count, r.id)
        prev = r.hash
        count += 1
    return ChainCheck(True, count)
