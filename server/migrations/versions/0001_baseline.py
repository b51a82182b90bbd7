"""Baseline: the schema of the previous release (commit cae717f).

Every database in the field was created with it by ``create_all``; such a database
(tables, no ``alembic_version``) is stamped with this revision and upgraded from here.

Revision ID: 0001_baseline
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

# server.schema.UtcDateTime stores naive UTC in a plain DATETIME/TIMESTAMP column; the
# revisions name the stored type so they never change when the Python type does.
UTC_TIME = sa.DateTime()


def _index(table: str, *columns: str, name: str | None = None) -> None:
    op.create_index(name or f"ix_{table}_{columns[0]}", table, list(columns))


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("id", sa.String(400), primary_key=True),
        sa.Column("parent_id", sa.String(400), sa.ForeignKey("areas.id"), nullable=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
    )
    _index("areas", "parent_id")

    op.create_table(
        "cameras",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("area_id", sa.String(400), sa.ForeignKey("areas.id"), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("ptz", sa.Boolean(), nullable=False),
        sa.Column("onvif_url", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )
    _index("cameras", "area_id")

    op.create_table(
        "camera_tags",
        sa.Column("camera_id", sa.String(64), sa.ForeignKey("cameras.id"), primary_key=True),
        sa.Column("tag", sa.String(100), primary_key=True),
    )
    _index("camera_tags", "tag")

    op.create_table(
        "camera_streams",
        sa.Column("camera_id", sa.String(64), sa.ForeignKey("cameras.id"), primary_key=True),
        sa.Column("profile", sa.String(16), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
    )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("username"),
    )

    op.create_table(
        "user_roles",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("role", sa.String(32), primary_key=True),
    )

    op.create_table(
        "user_areas",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("area_id", sa.String(400), sa.ForeignKey("areas.id"), primary_key=True),
    )

    op.create_table(
        "tokens",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
    )
    _index("tokens", "user_id")
    _index("tokens", "expires_at")

    op.create_table(
        "segments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("camera_id", sa.String(64), nullable=False),
        sa.Column("profile", sa.String(16), nullable=False),
        sa.Column("start_utc", UTC_TIME, nullable=False),
        sa.Column("end_utc", UTC_TIME, nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("frames", sa.Integer(), nullable=False),
    )
    _index("segments", "camera_id", "start_utc", name="ix_segments_camera_start")
    _index("segments", "camera_id", "end_utc", name="ix_segments_camera_end")

    op.create_table(
        "views",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("layout", sa.String(400), nullable=False),
        sa.Column("cameras", sa.Text(), nullable=False),
        sa.Column("tours", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )
    _index("views", "owner_id")
    _index("views", "shared")

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at_utc", UTC_TIME, nullable=False),
        sa.Column("actor", sa.String(100), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("camera_id", sa.String(64), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    for column in ("at_utc", "actor", "action", "camera_id"):
        _index("audit_log", column)

    op.create_table(
        "exports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("camera_id", sa.String(64), nullable=False),
        sa.Column("start_utc", UTC_TIME, nullable=False),
        sa.Column("end_utc", UTC_TIME, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("case_number", sa.String(100), nullable=False),
        sa.Column("requester", sa.String(200), nullable=True),
        sa.Column("bookmark_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_by_name", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("actual_start", UTC_TIME, nullable=True),
        sa.Column("actual_end", UTC_TIME, nullable=True),
        sa.Column("file_name", sa.String(200), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("bytes", sa.BigInteger(), nullable=True),
        sa.Column("manifest_sha256", sa.String(64), nullable=True),
        sa.Column("reencoded", sa.Boolean(), nullable=False),
    )
    for column in ("camera_id", "request_id", "created_by", "state"):
        _index("exports", column)

    op.create_table(
        "evidence_requests",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("requester_name", sa.String(200), nullable=False),
        sa.Column("requester_contact", sa.String(200), nullable=False),
        sa.Column("incident_at", UTC_TIME, nullable=False),
        sa.Column("incident_place", sa.String(300), nullable=False),
        sa.Column("camera_ids", sa.Text(), nullable=False),
        sa.Column("start_utc", UTC_TIME, nullable=False),
        sa.Column("end_utc", UTC_TIME, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", UTC_TIME, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("case_number", sa.String(100), nullable=True),
        sa.Column("export_ids", sa.Text(), nullable=False),
    )
    _index("evidence_requests", "state")

    op.create_table(
        "bookmarks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("camera_id", sa.String(64), sa.ForeignKey("cameras.id"), nullable=False),
        sa.Column("at_utc", UTC_TIME, nullable=False),
        sa.Column("start_utc", UTC_TIME, nullable=False),
        sa.Column("end_utc", UTC_TIME, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("author", sa.String(100), nullable=False),
        sa.Column("author_name", sa.String(200), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.Column("protected", sa.Boolean(), nullable=False),
        sa.Column("protected_by", sa.String(100), nullable=True),
        sa.Column("protected_at", UTC_TIME, nullable=True),
    )
    for column in ("camera_id", "at_utc", "author", "protected"):
        _index("bookmarks", column)

    op.create_table(
        "ptz_preset_names",
        sa.Column("camera_id", sa.String(64), sa.ForeignKey("cameras.id"), primary_key=True),
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("the baseline is where Pantau's schema history starts")
