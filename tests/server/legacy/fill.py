"""A database of the previous release with everything an installation accumulates, written
with plain inserts the way that release wrote it (its password hash format, its token
digests, its audit hash chain), so an upgrade test can tell exactly what must survive."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert

from tests.server.legacy import schema_cae717f as old

PASSWORD = "Kata-sandi-lama-2025"  # the admin's password before the upgrade
TOKEN = "legacy-session-token-4b1d"  # a session opened before the upgrade
T0 = datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)  # 08:00 WIB, when the footage starts
GENESIS = "0" * 64


def scrypt_hash(password: str, salt: bytes) -> str:
    """The previous release's ``scrypt$n$r$p$salt$hash``."""
    n, r, p = 2**14, 8, 1
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32,
                            maxmem=128 * 1024 * 1024)
    b64 = base64.b64encode
    return f"scrypt${n}${r}${p}${b64(salt).decode()}${b64(digest).decode()}"


def _wire(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def _chain_hash(prev: str, at: datetime, actor, action, camera_id, details_json: str) -> str:
    body = json.dumps([prev, _wire(at), actor, action, camera_id, details_json],
                      separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class Filled:
    """What the previous release's database holds, as the API should show it."""

    cameras: dict[str, dict]  # id -> name, area_id, tags, profiles, ptz
    bookmarks: dict[str, bool]  # title -> protected
    audit_actions: list[str]  # oldest first
    view_name: str
    export_sha256: str
    segment_span: tuple[datetime, datetime]


AREAS = [
    ("jakarta-selatan", None, "Jakarta Selatan", "kota"),
    ("jakarta-selatan.tebet", "jakarta-selatan", "Tebet", "kecamatan"),
    ("jakarta-selatan.tebet.tebet-barat", "jakarta-selatan.tebet", "Tebet Barat", "kelurahan"),
    ("jakarta-pusat", None, "Jakarta Pusat", "kota"),
    ("jakarta-pusat.gambir", "jakarta-pusat", "Gambir", "kecamatan"),
]
CAMERAS = {
    "leg-tebet": {"name": "Taman Tebet (lama)", "area_id": "jakarta-selatan.tebet.tebet-barat",
                  "tags": ["banjir", "taman"], "profiles": ["main", "sub"], "ptz": True},
    "leg-gambir": {"name": "Stasiun Gambir (lama)", "area_id": "jakarta-pusat.gambir",
                   "tags": ["transportasi"], "profiles": ["main"], "ptz": False},
}


def fill(engine: Engine) -> Filled:
    with engine.begin() as conn:
        for area_id, parent, name, kind in AREAS:
            conn.execute(insert(old.areas).values(id=area_id, parent_id=parent, name=name,
                                                  kind=kind, lat=-6.2, lon=106.8))
        for cam_id, cam in CAMERAS.items():
            conn.execute(insert(old.cameras).values(
                id=cam_id, name=cam["name"], area_id=cam["area_id"], lat=-6.2, lon=106.8,
                ptz=cam["ptz"], onvif_url=f"http://127.0.0.1:9/onvif/{cam_id}/device_service",
                enabled=True, updated_at=T0))
            for tag in cam["tags"]:
                conn.execute(insert(old.camera_tags).values(camera_id=cam_id, tag=tag))
            for profile in cam["profiles"]:
                conn.execute(insert(old.camera_streams).values(
                    camera_id=cam_id, profile=profile,
                    url=f"rtsp://127.0.0.1:9/{cam_id}/{profile}"))

        admin_id = conn.execute(insert(old.users).values(
            username="admin", display_name="Admin Lama",
            password_hash=scrypt_hash(PASSWORD, b"pantau-legacy-01"),
            disabled=False, created_at=T0)).inserted_primary_key[0]
        operator_id = conn.execute(insert(old.users).values(
            username="operator1", display_name="Operator Satu",
            password_hash=scrypt_hash("operator-lama-2025", b"pantau-legacy-02"),
            disabled=False, created_at=T0)).inserted_primary_key[0]
        conn.execute(insert(old.user_roles), [
            {"user_id": admin_id, "role": "admin"}, {"user_id": operator_id, "role": "operator"}])
        conn.execute(insert(old.user_areas), [
            {"user_id": admin_id, "area_id": "jakarta-selatan"},
            {"user_id": admin_id, "area_id": "jakarta-pusat"},
            {"user_id": operator_id, "area_id": "jakarta-selatan.tebet"}])
        conn.execute(insert(old.tokens).values(
            token_sha256=hashlib.sha256(TOKEN.encode()).hexdigest(), user_id=admin_id,
            created_at=datetime.now(UTC), expires_at=datetime.now(UTC) + timedelta(days=1)))

        for i in range(3):  # 30 s of footage in three 10 s segments
            start = T0 + timedelta(seconds=10 * i)
            conn.execute(insert(old.segments).values(
                camera_id="leg-tebet", profile="main", start_utc=start,
                end_utc=start + timedelta(seconds=10),
                path=f"recordings/leg-tebet/2026-03-02/{start:%Y%m%dT%H%M%S}.000Z.mp4",
                bytes=5_000_000_000 + i, frames=150))  # past 2**32: a BigInteger

        protected_id = conn.execute(insert(old.bookmarks).values(
            camera_id="leg-tebet", at_utc=T0 + timedelta(seconds=5), start_utc=T0,
            end_utc=T0 + timedelta(seconds=20), title="Banjir di taman", description="air naik",
            tags='["banjir"]', author="operator1", author_name="Operator Satu", created_at=T0,
            updated_at=T0, protected=True, protected_by="admin",
            protected_at=T0 + timedelta(minutes=1))).inserted_primary_key[0]
        conn.execute(insert(old.bookmarks).values(
            camera_id="leg-tebet", at_utc=T0 + timedelta(seconds=25),
            start_utc=T0 + timedelta(seconds=20), end_utc=T0 + timedelta(seconds=30),
            title="Motor parkir", description="", tags="[]", author="operator1",
            author_name="Operator Satu", created_at=T0, updated_at=T0, protected=False))

        conn.execute(insert(old.views).values(
            name="Dinding banjir", owner_id=admin_id, shared=True, layout="2x2",
            cameras='{"0":"leg-tebet","1":"leg-gambir"}', tours="{}", updated_at=T0))
        sha = "ab" * 32
        export_id = conn.execute(insert(old.exports).values(
            camera_id="leg-tebet", start_utc=T0, end_utc=T0 + timedelta(seconds=20),
            reason="Permintaan warga", case_number="LP/123/III/2026", requester="Budi",
            bookmark_id=protected_id, request_id=None, options="{}", created_by="admin",
            created_by_name="Admin Lama", created_at=T0 + timedelta(minutes=2), state="done",
            progress=1.0, actual_start=T0, actual_end=T0 + timedelta(seconds=20),
            file_name="leg-tebet-20260302T010000Z.mp4", sha256=sha, bytes=1234,
            manifest_sha256="cd" * 32, reencoded=False)).inserted_primary_key[0]
        conn.execute(insert(old.evidence_requests).values(
            state="approved", requester_name="Budi", requester_contact="0812",
            incident_at=T0, incident_place="Taman Tebet", camera_ids='["leg-tebet"]',
            start_utc=T0, end_utc=T0 + timedelta(seconds=20), reason="Pencurian",
            created_by="operator1", created_at=T0, decided_by="admin",
            decided_at=T0 + timedelta(minutes=2), case_number="LP/123/III/2026",
            export_ids=f"[{export_id}]"))

        actions = [
            ("operator1", "bookmark.created", "leg-tebet", {"bookmark_id": protected_id}),
            ("admin", "bookmark.protected", "leg-tebet", {"bookmark_id": protected_id}),
            ("admin", "export.created", "leg-tebet", {"export_id": export_id}),
            (None, "retention.run", None, {"deleted_segments": 0}),
        ]
        prev = GENESIS
        for i, (actor, action, camera_id, details) in enumerate(actions):
            at = T0 + timedelta(minutes=i, milliseconds=250)
            details_json = json.dumps(details, sort_keys=True, separators=(",", ":"))
            digest = _chain_hash(prev, at, actor, action, camera_id, details_json)
            conn.execute(insert(old.audit_log).values(
                at_utc=at, actor=actor, action=action, camera_id=camera_id,
                details=details_json, prev_hash=prev, hash=digest))
            prev = digest

    return Filled(
        cameras=CAMERAS,
        bookmarks={"Banjir di taman": True, "Motor parkir": False},
        audit_actions=[a[1] for a in actions],
        view_name="Dinding banjir",
        export_sha256=sha,
        segment_span=(T0, T0 + timedelta(seconds=30)),
    )
