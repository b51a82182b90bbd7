"""Issue 12: credentials, camera onboarding and lifecycle, sign-in rules, direct live.

Named camera credentials, what onboarding learns of a camera and its streams, recording
on/off, per-camera retention and removal, forced password change and sign-in
throttling, direct-live sites.

Existing rows get what the previous release meant: every camera records, no user must
change their password or has failed sign-ins, no site is watched directly.

Revision ID: 0002_issue12
Revises: 0001_baseline
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_issue12"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime()
# The name PostgreSQL gives an unnamed foreign key, so a migrated database and one made
# by create_all look the same; SQLite's batch mode needs a name to create it.
CAMERA_CREDENTIAL_FK = "cameras_credential_id_fkey"


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
    )

    with op.batch_alter_table("areas") as batch:
        batch.add_column(
            sa.Column("live_direct", sa.Boolean(), nullable=False, server_default="0")
        )

    # On SQLite the new foreign key makes this a copy of the table (batch "move and
    # copy"); the runner turns foreign key enforcement off for it, as SQLite asks.
    with op.batch_alter_table("cameras") as batch:
        batch.add_column(sa.Column("vendor", sa.String(100), nullable=True))
        batch.add_column(sa.Column("model", sa.String(100), nullable=True))
        batch.add_column(sa.Column("credential_id", sa.String(100), nullable=True))
        batch.add_column(sa.Column("record", sa.Boolean(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("retention_days", sa.Float(), nullable=True))
        batch.add_column(sa.Column("removed_at", UTC_TIME, nullable=True))
        batch.create_foreign_key(CAMERA_CREDENTIAL_FK, "credentials", ["credential_id"], ["id"])
        batch.create_index("ix_cameras_removed_at", ["removed_at"])

    with op.batch_alter_table("camera_streams") as batch:
        batch.add_column(sa.Column("codec", sa.String(16), nullable=True))
        batch.add_column(sa.Column("width", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("height", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("fps", sa.Float(), nullable=True))

    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("password_changed_at", UTC_TIME, nullable=True))
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("locked_until", UTC_TIME, nullable=True))

    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at_utc", UTC_TIME, nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
    )
    op.create_index("ix_sign_in_failures_at_utc", "sign_in_failures", ["at_utc"])
    op.create_index(
        "ix_sign_in_failures_username_at", "sign_in_failures", ["username", "at_utc"]
    )
    op.create_index("ix_sign_in_failures_source_at", "sign_in_failures", ["source", "at_utc"])


def downgrade() -> None:
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("users") as batch:
        for column in ("locked_until", "failed_logins", "password_changed_at",
                       "must_change_password"):
            batch.drop_column(column)
    with op.batch_alter_table("camera_streams") as batch:
        for column in ("fps", "height", "width", "codec"):
            batch.drop_column(column)
    with op.batch_alter_table("cameras") as batch:
        batch.drop_index("ix_cameras_removed_at")
        batch.drop_constraint(CAMERA_CREDENTIAL_FK, type_="foreignkey")
        for column in ("removed_at", "retention_days", "record", "credential_id", "model",
                       "vendor"):
            batch.drop_column(column)
    with op.batch_alter_table("areas") as batch:
        batch.drop_column("live_direct")
    op.drop_table("credentials")
