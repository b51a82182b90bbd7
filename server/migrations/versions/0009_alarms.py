"""Issue 17, alarms an operator acknowledges: the rules that raise them (alarm_rules) and
the alarms raised (alarms; server/alarms, docs/alarms.md).

Revision ID: 0009_alarms
Revises: 0008_motion
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_alarms"
down_revision = "0008_motion"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alarm_rules",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("camera_id", sa.String(64), sa.ForeignKey("cameras.id"), nullable=True),
        sa.Column("area_id", sa.String(400), sa.ForeignKey("areas.id"), nullable=True),
        sa.Column("region", sa.Text(), nullable=True),
        sa.Column("min_cells", sa.Integer(), nullable=False),
        sa.Column("hours_from", sa.String(5), nullable=True),
        sa.Column("hours_to", sa.String(5), nullable=True),
        sa.Column("hold_s", sa.Float(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_alarm_rules_camera_id", "alarm_rules", ["camera_id"])
    op.create_index("ix_alarm_rules_area_id", "alarm_rules", ["area_id"])
    op.create_table(
        "alarms",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("rule_id", sa.Integer(),
                  sa.ForeignKey("alarm_rules.id", ondelete="SET NULL"), nullable=True),
        sa.Column("rule_name", sa.String(200), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
        sa.Column("camera_id", sa.String(64), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("node", sa.String(64), nullable=True),
        sa.Column("snapshot", sa.LargeBinary(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(100), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_alarms_acknowledged_raised", "alarms",
                    ["acknowledged_at", "raised_at"])
    op.create_index("ix_alarms_camera", "alarms", ["camera_id"])


def downgrade() -> None:
    op.drop_index("ix_alarms_camera", "alarms")
    op.drop_index("ix_alarms_acknowledged_raised", "alarms")
    op.drop_table("alarms")
    op.drop_index("ix_alarm_rules_area_id", "alarm_rules")
    op.drop_index("ix_alarm_rules_camera_id", "alarm_rules")
    op.drop_table("alarm_rules")
