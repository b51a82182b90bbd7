"""Issue 17, motion search: the motion grid recording nodes store beside the footage
(motion_blocks; server/motion, docs/motion.md).

Revision ID: 0008_motion
Revises: 0007_nodes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_motion"
down_revision = "0007_nodes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "motion_blocks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("camera_id", sa.String(64), nullable=False),
        sa.Column("start_utc", sa.DateTime(), nullable=False),
        sa.Column("end_utc", sa.DateTime(), nullable=False),
        sa.Column("node", sa.String(64), nullable=True),
        sa.Column("mask", sa.LargeBinary(), nullable=False),
        sa.Column("moving", sa.Integer(), nullable=False),
        sa.Column("windows", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_motion_blocks_camera_start", "motion_blocks", ["camera_id", "start_utc"])


def downgrade() -> None:
    op.drop_index("ix_motion_blocks_camera_start", "motion_blocks")
    op.drop_table("motion_blocks")
