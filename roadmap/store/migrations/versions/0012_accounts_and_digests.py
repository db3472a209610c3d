"""invitations and password resets by e-mail, each person's e-mail choice and language, daily digests

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("notify_mode", text(length=20), nullable=False, server_default="instant"))
        batch.add_column(sa.Column("language", text(length=5), nullable=False, server_default="tr"))
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=False),
        sa.Column("purpose", text(length=20), nullable=False),
        sa.Column("token_hash", text(length=64), nullable=True),
        sa.Column("created_at", moment(), nullable=False),
        sa.Column("created_by", text(length=200), nullable=False),
        sa.Column("expires_at", moment(), nullable=False),
        sa.Column("used_at", moment(), nullable=True),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_account_token_user_id", "account_token", ["user_id"])
    op.create_table(
        "digest_day",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("started_at", moment(), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("digest_day")
    op.drop_index("ix_account_token_user_id", "account_token")
    op.drop_table("account_token")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("language")
        batch.drop_column("notify_mode")
