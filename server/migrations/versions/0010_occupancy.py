"""Issue 17, crowd level: the occupancy index recording nodes measure, a row per camera
a minute (occupancy_samples; server/node/analytics/occupancy.py).

Revision ID: 0010_occupancy
Revises: 0009_alarms
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_occupancy"
down_revision = "0009_alarms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "occupancy_samples",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("camera_id", sa.String(64), nullable=False),
        sa.Column("at_utc", sa.DateTime(), nullable=False),
        sa.Column("node", sa.String(64), nullable=True),
        sa.Column("level", sa.Float(), nullable=False),
        sa.Column("peak", sa.Float(), nullable=False),
        sa.Column("moving", sa.Float(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
    )
    op.create_index("ix_occupancy_samples_camera_at", "occupancy_samples",
                    ["camera_id", "at_utc"])


def downgrade() -> None:
    op.drop_index("ix_occupancy_samples_camera_at", "occupancy_samples")
    op.drop_table("occupancy_samples")
