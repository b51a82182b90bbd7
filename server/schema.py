"""Tables, in SQLAlchemy Core so the same code runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes in Python; stored as naive UTC so SQLite compares them as
    text in the right order and PostgreSQL gets the same values."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, str):  # defensive: SQLite without type info
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

areas = Table(
    "areas",
    metadata,
    # Ids are dotted slug paths ("jakarta-selatan.tebet.manggarai.rw-03.rt-007"): stable
    # across imports and a subtree is a prefix.
    Column("id", String(400), primary_key=True),
    Column("parent_id", String(400), ForeignKey("areas.id"), nullable=True, index=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    # A site whose cameras may be watched directly (a LAN where cameras have no
    # passwords): live URLs for cameras in this subtree skip the relay.
    Column("live_direct", Boolean, nullable=False, default=False, server_default="0"),
)

credentials = Table(
    "credentials",
    metadata,
    # A camera account, referenced by name (a CSV's credentials column, or one per
    # camera onboarded with its own password). The password is sealed with the key in
    # the data directory (server/vault.py), never stored in the clear.
    Column("id", String(100), primary_key=True),
    Column("username", String(200), nullable=False),
    Column("secret", Text, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

cameras = Table(
    "cameras",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("area_id", String(400), ForeignKey("areas.id"), nullable=False, index=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("ptz", Boolean, nullable=False, default=False),
    Column("onvif_url", Text, nullable=True),
    # Disabled: no recording and no live, at once; still listed for administrators.
    Column("enabled", Boolean, nullable=False, default=True),
    # Indexed: the newest updated_at is part of the catalog's revision, read per request.
    Column("updated_at", UtcDateTime, nullable=False, index=True),
    Column("vendor", String(100), nullable=True),
    Column("model", String(100), nullable=True),
    Column("credential_id", String(100), ForeignKey("credentials.id"), nullable=True),
    # Recording on/off, apart from enabled (a camera watched live but not recorded).
    Column("record", Boolean, nullable=False, default=True, server_default="1"),
    # None: the server's --retention-days.
    Column("retention_days", Float, nullable=True),
    # Removed cameras are gone from every list and stream; their footage stays until
    # retention deletes it, and bookmarks and exports keep naming them.
    Column("removed_at", UtcDateTime, nullable=True, index=True),
    # Catalog search (server/camera_search.py): id, name, area names and tags casefolded
    # in Python, so `q` is one LIKE on SQLite and PostgreSQL alike; search_stamp is the
    # updated_at it was made for, so a row written without it is found and redone.
    Column("search_text", Text, nullable=True),
    Column("search_stamp", UtcDateTime, nullable=True),
    # Issue 15: the node that records this camera whenever it is up (None: any node,
    # balanced by capacity). Not a foreign key: a node may be planned before it runs.
    Column("pinned_node", String(64), nullable=True, index=True),
)

camera_tags = Table(
    "camera_tags",
    metadata,
    Column("camera_id", String(64), ForeignKey("cameras.id"), primary_key=True),
    Column("tag", String(100), primary_key=True),
    Index("ix_camera_tags_tag", "tag"),
)

camera_streams = Table(
    "camera_streams",
    metadata,
    Column("camera_id", String(64), ForeignKey("cameras.id"), primary_key=True),
    Column("profile", String(16), primary_key=True),
    # Never with credentials in it: those come from the camera's credential_id.
    Column("url", Text, nullable=False),
    # What the probe found when the stream was onboarded (None: never probed).
    Column("codec", String(16), nullable=True),
    Column("width", Integer, nullable=True),
    Column("height", Integer, nullable=True),
    Column("fps", Float, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(300), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime, nullable=False),
    # Set for accounts an administrator created or reset: the first sign-in must
    # choose a new password before anything else.
    Column("must_change_password", Boolean, nullable=False, default=False, server_default="0"),
    Column("password_changed_at", UtcDateTime, nullable=True),
    # Sign-in throttling: failures in a row, and until when the account is locked.
    Column("failed_logins", Integer, nullable=False, default=0, server_default="0"),
    Column("locked_until", UtcDateTime, nullable=True),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    # Every failed sign-in, by account name and source address, so bursts from one
    # address and slow spraying across accounts are both seen (and survive a restart).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at_utc", UtcDateTime, nullable=False, index=True),
    Column("username", String(100), nullable=False),
    Column("source", String(64), nullable=False),
    Index("ix_sign_in_failures_username_at", "username", "at_utc"),
    Index("ix_sign_in_failures_source_at", "source", "at_utc"),
)

user_roles = Table(
    "user_roles",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("role", String(32), primary_key=True),
)

user_areas = Table(
    "user_areas",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("area_id", String(400), ForeignKey("areas.id"), primary_key=True),
)

workstation_users = Table(
    "workstation_users",
    metadata,
    # Who may use a workstation (register its monitors, receive its pushes): the first
    # user to register it, and whoever an administrator adds. By user name, not id, so
    # removing an account is not blocked by its workstations.
    Column("workstation", String(100), primary_key=True),
    Column("username", String(100), primary_key=True),
    Column("granted_by", String(100), nullable=False),
    Column("granted_at", UtcDateTime, nullable=False),
    Index("ix_workstation_users_username", "username"),
)

tokens = Table(
    "tokens",
    metadata,
    # Only the SHA-256 of a token is kept: a copy of the database opens no sessions.
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False, index=True),
)

segments = Table(
    "segments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("camera_id", String(64), nullable=False),
    Column("profile", String(16), nullable=False, default="main"),
    Column("start_utc", UtcDateTime, nullable=False),
    Column("end_utc", UtcDateTime, nullable=False),
    # Relative to the data directory, so the directory can move.
    Column("path", Text, nullable=False),
    Column("bytes", BigInteger, nullable=False),
    Column("frames", Integer, nullable=False),
    # Issue 13: what the file really holds (server/segment_check.py SegmentHealth), and
    # up to when it is intact (NULL: all of it); a damaged segment is a gap with a reason.
    Column("health", String(16), nullable=False, server_default="ok"),
    Column("intact_end_utc", UtcDateTime, nullable=True),
    # Issue 15: the node that recorded it and holds the file, and the volume on that
    # node (its root path there); both None: the one-machine server's data directory.
    # ``path`` is relative to the volume (or the data directory).
    Column("node", String(64), nullable=True, index=True),
    Column("volume", Text, nullable=True),
    Index("ix_segments_camera_start", "camera_id", "start_utc"),
    Index("ix_segments_camera_end", "camera_id", "end_utc"),
)

# Issue 17: the motion grid of a camera (server/motion, docs/motion.md), one row per
# stretch of analysed time of at most a minute: the OR of its grids (mask) and the grid of
# every window in which something moved (windows, zlib). Kept and deleted with the
# segments of that time (server/retention.py).
motion_blocks = Table(
    "motion_blocks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("camera_id", String(64), nullable=False),
    Column("start_utc", UtcDateTime, nullable=False),
    Column("end_utc", UtcDateTime, nullable=False),
    Column("node", String(64), nullable=True),
    Column("mask", LargeBinary, nullable=False),
    Column("moving", Integer, nullable=False),
    Column("windows", LargeBinary, nullable=False),
    Index("ix_motion_blocks_camera_start", "camera_id", "start_utc"),
)

# Issue 17: the crowd level each recording node measures (server/node/analytics/
# occupancy.py), a row per camera a minute, for the client's chart.
occupancy_samples = Table(
    "occupancy_samples",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("camera_id", String(64), nullable=False),
    Column("at_utc", UtcDateTime, nullable=False),  # the end of the seconds it averages
    Column("node", String(64), nullable=True),  # the recording node that measured it
    Column("level", Float, nullable=False),  # mean occupied share of the scene, 0..1
    Column("peak", Float, nullable=False),  # its highest second's level, 0..1
    Column("moving", Float, nullable=False),  # share of the motion grid that moved, 0..1
    Column("seconds", Integer, nullable=False),  # how many seconds it averages
    Index("ix_occupancy_samples_camera_at", "camera_id", "at_utc"),
)

# Issue 15: the recording nodes of a fleet (server/node/fleet.py). A node upserts its row
# at start and heartbeats in it; one whose heartbeat is older than the lease time is
# down, and its footage is unavailable (not missing) until it is back.
nodes = Table(
    "nodes",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("http_url", Text, nullable=True),  # where it serves its footage to the API
    Column("relay_host", String(255), nullable=True),  # its live relay (None: no relay)
    Column("relay_port", Integer, nullable=True),
    Column("capacity", Integer, nullable=False),  # cameras it may record at once
    Column("started_at", UtcDateTime, nullable=False),
    Column("heartbeat_at", UtcDateTime, nullable=False),
    Column("stopped_at", UtcDateTime, nullable=True),  # a clean stop: down at once
    Column("stats", Text, nullable=True),  # JSON: ingest, volumes (server/node/stats.py)
)

# Which node records a camera now: one row per camera, held while ``expires_at`` is
# ahead of the database's clock and renewed by the holder. ``handover_to``: a node that
# asked for the camera (its pinned node, back up); the holder passes the row to it.
camera_leases = Table(
    "camera_leases",
    metadata,
    Column("camera_id", String(64), ForeignKey("cameras.id"), primary_key=True),
    Column("node", String(64), nullable=False, index=True),
    Column("since", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("handover_to", String(64), nullable=True),
)

views = Table(
    "views",
    metadata,
    # A named wall: a layout and the camera on each tile. Shared views are seen by
    # everyone; personal ones only by their owner.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("owner_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("shared", Boolean, nullable=False, default=False, index=True),
    Column("layout", String(400), nullable=False),
    Column("cameras", Text, nullable=False),  # JSON object: tile index -> camera id
    # JSON object: tile index -> the cameras that tile cycles through (a tour)
    Column("tours", Text, nullable=False, default="{}"),
    Column("updated_at", UtcDateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    # Append-only and hash-chained: each row's hash covers its content and the previous
    # row's hash, so an edited or deleted row breaks the chain from there on.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at_utc", UtcDateTime, nullable=False, index=True),
    Column("actor", String(100), nullable=True, index=True),  # username; None: the server
    Column("action", String(64), nullable=False, index=True),
    Column("camera_id", String(64), nullable=True, index=True),
    Column("details", Text, nullable=False),  # canonical JSON object
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

exports = Table(
    "exports",
    metadata,
    # An evidence export job: a camera's range cut into an MP4 with a signed manifest.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("camera_id", String(64), nullable=False, index=True),
    Column("start_utc", UtcDateTime, nullable=False),
    Column("end_utc", UtcDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    Column("case_number", String(100), nullable=False),
    Column("requester", String(200), nullable=True),
    Column("bookmark_id", Integer, nullable=True),
    Column("request_id", Integer, nullable=True, index=True),
    Column("options", Text, nullable=False, default="{}"),  # JSON: watermark, masks
    Column("created_by", String(100), nullable=False, index=True),
    Column("created_by_name", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("state", String(16), nullable=False, index=True),
    Column("progress", Float, nullable=False, default=0.0),
    Column("error", Text, nullable=True),
    Column("actual_start", UtcDateTime, nullable=True),
    Column("actual_end", UtcDateTime, nullable=True),
    Column("file_name", String(200), nullable=True),
    Column("sha256", String(64), nullable=True),
    Column("bytes", BigInteger, nullable=True),
    Column("manifest_sha256", String(64), nullable=True),
    Column("reencoded", Boolean, nullable=False, default=False),
)

evidence_requests = Table(
    "evidence_requests",
    metadata,
    # A citizen's (or an agency's) request for footage, decided by a supervisor.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(16), nullable=False, index=True),
    Column("requester_name", String(200), nullable=False),
    Column("requester_contact", String(200), nullable=False),
    Column("incident_at", UtcDateTime, nullable=False),
    Column("incident_place", String(300), nullable=False),
    Column("camera_ids", Text, nullable=False),  # JSON list
    Column("start_utc", UtcDateTime, nullable=False),
    Column("end_utc", UtcDateTime, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("decided_by", String(100), nullable=True),
    Column("decided_at", UtcDateTime, nullable=True),
    Column("decision_note", Text, nullable=True),
    Column("case_number", String(100), nullable=True),
    Column("export_ids", Text, nullable=False, default="[]"),  # JSON list
)

bookmarks = Table(
    "bookmarks",
    metadata,
    # A moment an operator marked, with the range around it. A protected bookmark keeps
    # its footage from retention until a supervisor unprotects it.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("camera_id", String(64), ForeignKey("cameras.id"), nullable=False, index=True),
    Column("at_utc", UtcDateTime, nullable=False, index=True),
    Column("start_utc", UtcDateTime, nullable=False),
    Column("end_utc", UtcDateTime, nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    Column("tags", Text, nullable=False, default="[]"),  # JSON list, lower case
    Column("author", String(100), nullable=False, index=True),
    Column("author_name", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("protected", Boolean, nullable=False, default=False, index=True),
    Column("protected_by", String(100), nullable=True),
    Column("protected_at", UtcDateTime, nullable=True),
)

ptz_preset_names = Table(
    "ptz_preset_names",
    metadata,
    # Names given to presets here: ONVIF's SetPreset also moves a preset to where the
    # camera points, so a rename must not go to the camera.
    Column("camera_id", String(64), ForeignKey("cameras.id"), primary_key=True),
    Column("token", String(64), primary_key=True),
    Column("name", String(100), nullable=False),
)

maps = Table(
    "maps",
    metadata,
    # A picture an administrator put up (a district, a park, a building's plan) that
    # cameras are placed on. Seen by users whose areas meet its area (server/maps.py).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("area_id", String(400), ForeignKey("areas.id"), nullable=False, index=True),
    # In the database, not on a node's disk: every API node serves it (a few MB at most).
    Column("image", LargeBinary, nullable=False),
    Column("image_type", String(16), nullable=False),  # image/png or image/jpeg
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

map_placements = Table(
    "map_placements",
    metadata,
    # Where a camera sits on a map, as fractions of the picture (0..1 from the top-left),
    # and where it looks: heading in degrees clockwise from the picture's up, field of
    # view in degrees (both NULL: not drawn).
    Column("map_id", Integer, ForeignKey("maps.id"), primary_key=True),
    Column("camera_id", String(64), ForeignKey("cameras.id"), primary_key=True),
    Column("x", Float, nullable=False),
    Column("y", Float, nullable=False),
    Column("heading", Float, nullable=True),
    Column("fov", Float, nullable=True),
    Index("ix_map_placements_camera", "camera_id"),
)

alarm_rules = Table(
    "alarm_rules",
    metadata,
    # What raises an alarm (issue 17; server/alarms, docs/alarms.md): a kind of condition
    # on one camera, or on every camera of an area's subtree (exactly one of the two).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),  # server.alarms.kinds.AlarmKind
    Column("camera_id", String(64), ForeignKey("cameras.id"), nullable=True, index=True),
    Column("area_id", String(400), ForeignKey("areas.id"), nullable=True, index=True),
    # Motion only: {"x","y","w","h"} fractions of the picture from the top-left, JSON;
    # NULL: the whole picture.
    Column("region", Text, nullable=True),
    Column("min_cells", Integer, nullable=False, default=2),
    # "HH:MM" WIB; both NULL: always. from > to spans midnight.
    Column("hours_from", String(5), nullable=True),
    Column("hours_to", String(5), nullable=True),
    Column("hold_s", Float, nullable=False),
    Column("threshold", Float, nullable=True),  # crowd only: occupancy 0..1
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_by", String(100), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

alarms = Table(
    "alarms",
    metadata,
    # One alarm raised by a node's rule, until an operator acknowledges it. No foreign key
    # on camera_id: a node raises for the camera it records whatever the catalog does next.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule_id", Integer, ForeignKey("alarm_rules.id", ondelete="SET NULL"),
           nullable=True),
    # The rule's name when raised: the list still says why after the rule is gone.
    Column("rule_name", String(200), nullable=True),
    Column("kind", String(16), nullable=False),
    Column("detail", String(500), nullable=False, default=""),
    Column("camera_id", String(64), nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
    Column("node", String(64), nullable=True),
    Column("snapshot", LargeBinary, nullable=True),  # JPEG
    Column("acknowledged_at", UtcDateTime, nullable=True),
    Column("acknowledged_by", String(100), nullable=True),
    Column("note", Text, nullable=True),
    Index("ix_alarms_acknowledged_raised", "acknowledged_at", "raised_at"),
    Index("ix_alarms_camera", "camera_id"),
)
