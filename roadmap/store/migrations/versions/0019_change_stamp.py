"""a counter that every writing transaction moves on, for caches of pages built from many rows

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    stamp = op.create_table(
        "change_stamp",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("epoch", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(stamp, [{"id": 1, "epoch": uuid.uuid4().hex, "counter": 0}])


def downgrade() -> None:
    op.drop_table("change_stamp")
