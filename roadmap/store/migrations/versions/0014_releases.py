"""published releases of a roadmap: numbered, immutable, withdrawn only with a reason

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "roadmap_release",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("published_at", moment(), nullable=False),
        sa.Column("published_by", text(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("withdrawn_at", moment(), nullable=True),
        sa.Column("withdrawn_by", text(length=200), nullable=False),
        sa.Column("withdrawal_reason", text(length=4000), nullable=False),
        sa.UniqueConstraint("municipality_id", "number"),
    )
    op.create_index("ix_roadmap_release_municipality_id", "roadmap_release", ["municipality_id"])


def downgrade() -> None:
    op.drop_table("roadmap_release")
