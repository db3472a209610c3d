"""stage waivers: requirements a consultant let a stage pass without

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("stage_record") as batch:
        batch.add_column(sa.Column("waivers", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("stage_record") as batch:
        batch.drop_column("waivers")
