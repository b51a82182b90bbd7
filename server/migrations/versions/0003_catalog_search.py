"""Issue 12, the catalog at city scale: cameras.search_text (id, name, area names and tags
casefolded, so the catalog's text filter is one LIKE) and search_stamp (the updated_at it
was made for), and an index on cameras.updated_at (the newest one is part of the
catalog's revision, read per request). Existing rows start without a search text and
get one at the first catalog request (server/catalog_cache.py redoes every row whose
stamp is behind).

Revision ID: 0003_catalog_search
Revises: 0002_issue12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_catalog_search"
down_revision = "0002_issue12"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cameras") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("search_stamp", sa.DateTime(), nullable=True))
    op.create_index("ix_cameras_updated_at", "cameras", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_cameras_updated_at", table_name="cameras")
    with op.batch_alter_table("cameras") as batch:
        batch.drop_column("search_stamp")
        batch.drop_column("search_text")
