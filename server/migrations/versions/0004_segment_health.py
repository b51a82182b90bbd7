"""Issue 13, damaged footage: segments.health (ok, missing, truncated, corrupt: what the
file really holds, see server/segment_check.py) and segments.intact_end_utc (up to when
it is intact; NULL: all of it). Existing rows start as ok, as they were indexed.

Revision ID: 0004_segment_health
Revises: 0003_catalog_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_segment_health"
down_revision = "0003_catalog_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("health", sa.String(16), nullable=False, server_default="ok"))
        batch.add_column(sa.Column("intact_end_utc", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("intact_end_utc")
        batch.drop_column("health")
