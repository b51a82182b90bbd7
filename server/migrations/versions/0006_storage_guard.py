"""Issue 13, full disks: what the storage guard keeps (filled by the full-disk work).

Revision ID: 0006_storage_guard
Revises: 0005_workstation_users
"""

from __future__ import annotations

revision = "0006_storage_guard"
down_revision = "0005_workstation_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
