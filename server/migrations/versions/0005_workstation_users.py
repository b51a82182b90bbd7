"""Issue 13, doors: a workstation tied to the users allowed on it (workstation_users: the
first user to register a workstation, and those an administrator adds).

Revision ID: 0005_workstation_users
Revises: 0004_segment_health
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_workstation_users"
down_revision = "0004_segment_health"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workstation_users",
        sa.Column("workstation", sa.String(100), primary_key=True),
        sa.Column("username", sa.String(100), primary_key=True),
        sa.Column("granted_by", sa.String(100), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_workstation_users_username", "workstation_users", ["username"])


def downgrade() -> None:
    op.drop_index("ix_workstation_users_username", table_name="workstation_users")
    op.drop_table("workstation_users")
