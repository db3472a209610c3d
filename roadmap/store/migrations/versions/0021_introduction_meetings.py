"""an introduction's one-to-one meeting: the programme event that a civic actor's introduction became

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "introduction_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["introduction_id"], ["actor_introduction.id"]),
        sa.ForeignKeyConstraint(["event_id"], ["programme_event.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_introduction_meeting_introduction_id", "introduction_meeting", ["introduction_id"], unique=True
    )
    op.create_index("ix_introduction_meeting_event_id", "introduction_meeting", ["event_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_introduction_meeting_event_id", table_name="introduction_meeting")
    op.drop_index("ix_introduction_meeting_introduction_id", table_name="introduction_meeting")
    op.drop_table("introduction_meeting")
