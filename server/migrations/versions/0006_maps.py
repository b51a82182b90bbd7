"""Issue 14, maps: pictures an administrator puts up (maps) and the cameras placed on
them (map_placements).

Revision ID: 0006_maps
Revises: 0005_workstation_users
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_maps"
down_revision = "0005_workstation_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maps",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("area_id", sa.String(400), sa.ForeignKey("areas.id"), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("image_type", sa.String(16), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_maps_area_id", "maps", ["area_id"])
    op.create_table(
        "map_placements",
        sa.Column("map_id", sa.Integer(), sa.ForeignKey("maps.id"), primary_key=True),
        sa.Column("camera_id", sa.String(64), sa.ForeignKey("cameras.id"), primary_key=True),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("heading", sa.Float(), nullable=True),
        sa.Column("fov", sa.Float(), nullable=True),
    )
    op.create_index("ix_map_placements_camera", "map_placements", ["camera_id"])


def downgrade() -> None:
    op.drop_index("ix_map_placements_camera", table_name="map_placements")
    op.drop_table("map_placements")
    op.drop_index("ix_maps_area_id", table_name="maps")
    op.drop_table("maps")
