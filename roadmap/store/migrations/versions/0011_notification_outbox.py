"""the notification outbox: notices written with the change that causes them, delivered by a sender

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", moment(), nullable=False),
        sa.Column("recipient", text(length=200), nullable=False),
        sa.Column("kind", text(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), sa.ForeignKey("municipality.id"), nullable=True),
        sa.Column("link", text(length=400), nullable=False),
        sa.Column("sent_at", moment(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", text(length=1000), nullable=False),
        sa.Column("read_at", moment(), nullable=True),
    )
    op.create_index("ix_notification_created_at", "notification", ["created_at"])
    op.create_index("ix_notification_recipient", "notification", ["recipient"])
    op.create_index("ix_notification_municipality_id", "notification", ["municipality_id"])
    op.create_index("ix_notification_sent_at", "notification", ["sent_at"])


def downgrade() -> None:
    op.drop_table("notification")
