"""build jobs: work the web app hands to a worker, with its state and progress

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "build_job",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", text(length=40), nullable=False),
        sa.Column("target", text(length=80), nullable=False),
        sa.Column("lang", text(length=5), nullable=False),
        sa.Column("force", sa.Boolean(), nullable=False),
        sa.Column("requested_by", text(length=200), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("state", text(length=20), nullable=False),
        sa.Column("engine", text(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("worker", text(length=200), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=True),
    )
    op.create_index("ix_build_job_target", "build_job", ["target"])
    op.create_index("ix_build_job_state", "build_job", ["state"])


def downgrade() -> None:
    op.drop_index("ix_build_job_state", "build_job")
    op.drop_index("ix_build_job_target", "build_job")
    op.drop_table("build_job")
