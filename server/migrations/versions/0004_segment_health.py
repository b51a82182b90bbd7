"""Issue 13, damaged footage: what the index knows of a segment's health (filled by the footage-integrity work).

Revision ID: 0004_segment_health
Revises: 0003_catalog_search
"""

from __future__ import annotations

revision = "0004_segment_health"
down_revision = "0003_catalog_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
