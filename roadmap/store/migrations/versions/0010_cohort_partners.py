"""a cohort names its programme's partners (and their logos) for the cover of every roadmap

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cohort") as batch:
        batch.add_column(sa.Column("partners", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cohort") as batch:
        batch.drop_column("partners")
