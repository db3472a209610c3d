"""monitoring after approval: check-ins, amendments, monitoring rules, cohort indicators, reminders

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "monitoring_checkin",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), nullable=False),
        sa.Column("action_id", text(length=64), nullable=False),
        sa.Column("period", text(length=7), nullable=False),
        sa.Column("status", text(length=20), nullable=False),
        sa.Column("reason", text(length=2000), nullable=False),
        sa.Column("actuals", sa.JSON(), nullable=False),
        sa.Column("done", text(length=2000), nullable=False),
        sa.Column("delays", text(length=2000), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("recorded_at", moment(), nullable=False),
        sa.Column("recorded_by", text(length=200), nullable=False),
        sa.Column("source", text(length=20), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("verification", text(length=20), nullable=False),
        sa.Column("verified_by", text(length=200), nullable=False),
        sa.Column("verified_at", moment(), nullable=True),
        sa.Column("verification_comment", text(length=4000), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("municipality_id", "action_id", "period"),
    )
    op.create_index("ix_monitoring_checkin_municipality_id", "monitoring_checkin", ["municipality_id"])
    op.create_index("ix_monitoring_checkin_period", "monitoring_checkin", ["period"])
    op.create_table(
        "plan_amendment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("action_id", text(length=64), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("baseline", sa.JSON(), nullable=False),
        sa.Column("reason", text(length=4000), nullable=False),
        sa.Column("requested_by", text(length=200), nullable=False),
        sa.Column("requested_at", moment(), nullable=False),
        sa.Column("state", text(length=20), nullable=False),
        sa.Column("decided_by", text(length=200), nullable=False),
        sa.Column("decided_at", moment(), nullable=True),
        sa.Column("comment", text(length=4000), nullable=False),
        sa.UniqueConstraint("municipality_id", "number"),
    )
    op.create_index("ix_plan_amendment_municipality_id", "plan_amendment", ["municipality_id"])
    op.create_table(
        "monitoring_rules",
        sa.Column("cohort_id", sa.Integer(), sa.ForeignKey("cohort.id"), primary_key=True),
        sa.Column("grace_days", sa.Integer(), nullable=False),
        sa.Column("remind_before_days", sa.Integer(), nullable=False),
        sa.Column("weighting", text(length=20), nullable=False),
        sa.Column("indicators", sa.JSON(), nullable=False),
    )
    op.create_table(
        "cohort_indicator_value",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), nullable=False),
        sa.Column("period", text(length=7), nullable=False),
        sa.Column("code", text(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("recorded_by", text(length=200), nullable=False),
        sa.Column("recorded_at", moment(), nullable=False),
        sa.UniqueConstraint("municipality_id", "period", "code"),
    )
    op.create_index(
        "ix_cohort_indicator_value_municipality_id", "cohort_indicator_value", ["municipality_id"]
    )
    op.create_table(
        "monitoring_reminder",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), nullable=False),
        sa.Column("action_id", text(length=64), nullable=False),
        sa.Column("period", text(length=7), nullable=False),
        sa.Column("kind", text(length=20), nullable=False),
        sa.Column("sent_at", moment(), nullable=False),
        sa.UniqueConstraint("municipality_id", "action_id", "period", "kind"),
    )
    op.create_index("ix_monitoring_reminder_municipality_id", "monitoring_reminder", ["municipality_id"])


def downgrade() -> None:
    for table in (
        "monitoring_reminder",
        "cohort_indicator_value",
        "monitoring_rules",
        "plan_amendment",
        "monitoring_checkin",
    ):
        op.drop_table(table)
