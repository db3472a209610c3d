"""the programme office: calls and applications with their reviews, events with registrations and
attendance, consulting sessions, private calendar feeds

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programme_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("opens", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closes", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("form", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("programme_call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_call_key"), ["key"], unique=True)

    op.create_table(
        "programme_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("starts", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("online_link", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("checkin_code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohort.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("checkin_code"),
    )
    with op.batch_alter_table("programme_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_event_cohort_id"), ["cohort_id"], unique=False)

    op.create_table(
        "application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.Integer(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("contact_email", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("email_confirmed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("draft_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("confirm_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("confirm_expires", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("decision_reason", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["programme_call.id"],
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("confirm_hash"),
        sa.UniqueConstraint("draft_hash"),
    )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_call_id"), ["call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_state"), ["state"], unique=False)

    op.create_table(
        "consulting_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("consultant", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("people", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("topics", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("next_steps", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipality.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consulting_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consulting_session_municipality_id"), ["municipality_id"], unique=False
        )

    op.create_table(
        "application_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "reviewer"),
    )
    with op.batch_alter_table("application_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_review_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "calendar_feed",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "event_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["programme_event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "user_id"),
    )
    with op.batch_alter_table("event_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_attendance_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_attendance_user_id"), ["user_id"], unique=False)

    op.create_table(
        "event_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["programme_event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "user_id"),
    )
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_registration_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_registration_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_registration_user_id"))
        batch_op.drop_index(batch_op.f("ix_event_registration_event_id"))

    op.drop_table("event_registration")
    with op.batch_alter_table("event_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_attendance_user_id"))
        batch_op.drop_index(batch_op.f("ix_event_attendance_event_id"))

    op.drop_table("event_attendance")
    op.drop_table("calendar_feed")
    with op.batch_alter_table("application_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_review_application_id"))

    op.drop_table("application_review")
    with op.batch_alter_table("consulting_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consulting_session_municipality_id"))

    op.drop_table("consulting_session")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_state"))
        batch_op.drop_index(batch_op.f("ix_application_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_application_call_id"))

    op.drop_table("application")
    with op.batch_alter_table("programme_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_event_cohort_id"))

    op.drop_table("programme_event")
    with op.batch_alter_table("programme_call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_call_key"))

    op.drop_table("programme_call")
