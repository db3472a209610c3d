"""cohorts: municipalities that run the programme together; a municipality's kind

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohort",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("instrument", sa.JSON(), nullable=True),
        sa.Column("catalogue", sa.JSON(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_cohort_slug", "cohort", ["slug"], unique=True)
    op.create_table(
        "cohort_consultant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cohort_id", sa.Integer(), sa.ForeignKey("cohort.id"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.UniqueConstraint("cohort_id", "user_id"),
    )
    op.create_index("ix_cohort_consultant_cohort_id", "cohort_consultant", ["cohort_id"])
    op.create_index("ix_cohort_consultant_user_id", "cohort_consultant", ["user_id"])
    with op.batch_alter_table("municipality") as batch:
        batch.add_column(
            sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("cohort_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_municipality_cohort_id", "cohort", ["cohort_id"], ["id"])
        batch.create_index("ix_municipality_cohort_id", ["cohort_id"])


def downgrade() -> None:
    with op.batch_alter_table("municipality") as batch:
        batch.drop_index("ix_municipality_cohort_id")
        batch.drop_constraint("fk_municipality_cohort_id", type_="foreignkey")
        batch.drop_column("cohort_id")
        batch.drop_column("kind")
    op.drop_table("cohort_consultant")
    op.drop_table("cohort")
