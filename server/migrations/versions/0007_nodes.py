"""Issue 15, recording nodes: the nodes of a fleet (nodes), which node records each
camera now (camera_leases: a row per camera with an expiry), a camera an administrator
pinned to a node (cameras.pinned_node), and where each segment lies (segments.node, the
node that recorded it; segments.volume, the volume on that node; NULL: the data
directory of the one-machine server, as before).

Revision ID: 0007_nodes
Revises: 0006_maps
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_nodes"
down_revision = "0006_maps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nodes",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("http_url", sa.Text(), nullable=True),
        sa.Column("relay_host", sa.String(255), nullable=True),
        sa.Column("relay_port", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(), nullable=True),
        sa.Column("stats", sa.Text(), nullable=True),
    )
    op.create_table(
        "camera_leases",
        sa.Column("camera_id", sa.String(64), sa.ForeignKey("cameras.id"), primary_key=True),
        sa.Column("node", sa.String(64), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("handover_to", sa.String(64), nullable=True),
    )
    op.create_index("ix_camera_leases_node", "camera_leases", ["node"])
    with op.batch_alter_table("cameras") as batch:
        batch.add_column(sa.Column("pinned_node", sa.String(64), nullable=True))
    op.create_index("ix_cameras_pinned_node", "cameras", ["pinned_node"])
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("node", sa.String(64), nullable=True))
        batch.add_column(sa.Column("volume", sa.Text(), nullable=True))
    op.create_index("ix_segments_node", "segments", ["node"])


def downgrade() -> None:
    op.drop_index("ix_segments_node", "segments")
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("volume")
        batch.drop_column("node")
    op.drop_index("ix_cameras_pinned_node", "cameras")
    with op.batch_alter_table("cameras") as batch:
        batch.drop_column("pinned_node")
    op.drop_index("ix_camera_leases_node", "camera_leases")
    op.drop_table("camera_leases")
    op.drop_table("nodes")
