"""Issue 13, full disks: no schema change was needed. The storage guard keeps its state
in memory and its ballast files in the data directory; retention's holds are read from
the bookmarks, evidence_requests and exports tables as they are. The revision stays (empty)
so the chain the other issue-13 revisions build on is unbroken.

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
