"""Issue 13, doors: a workstation tied to the users allowed on it (filled by the doors work).

Revision ID: 0005_workstation_users
Revises: 0004_segment_health
"""

from __future__ import annotations

revision = "0005_workstation_users"
down_revision = "0004_segment_health"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
