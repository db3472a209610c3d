"""stakeholder re-assessment rounds: power and interest again, per round, with reasons

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "stakeholder_round",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), nullable=False),
        sa.Column("label", text(length=20), nullable=False),
        sa.Column("kind", text(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("opened_at", moment(), nullable=False),
        sa.Column("opened_by", text(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("municipality_id", "label"),
    )
    op.create_index("ix_stakeholder_round_municipality_id", "stakeholder_round", ["municipality_id"])
    op.create_table(
        "stakeholder_score",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("round_id", sa.Integer(), sa.ForeignKey("stakeholder_round.id"), nullable=False),
        sa.Column("stakeholder_id", text(length=64), nullable=False),
        sa.Column("power", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.Column("reason", text(length=2000), nullable=False),
        sa.Column("contact", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", moment(), nullable=False),
        sa.Column("recorded_by", text(length=200), nullable=False),
        sa.UniqueConstraint("round_id", "stakeholder_id"),
    )
    op.create_index("ix_stakeholder_score_round_id", "stakeholder_score", ["round_id"])


def downgrade() -> None:
    op.drop_table("stakeholder_score")
    op.drop_table("stakeholder_round")
