"""stable record ids: every record inside stage content gets an id; inputs link to actions by id;
a review comment may anchor to a record

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Self-contained on purpose: it walks the stored JSON as it was written before ids existed, and does
not import the content models (they keep changing after this migration).
"""

import uuid
from typing import Any

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Where records sit inside each stage's stored JSON (stage 0's members live in their own table).
RECORD_LISTS: dict[int, tuple[tuple[str, ...], ...]] = {
    0: (("hours",),),
    3: (("stakeholders",),),
    4: (("meetings",), ("meetings", "people"), ("meetings", "inputs")),
    5: (
        ("goals",),
        ("goals", "actions"),
        ("goals", "actions", "indicators"),
        ("goals", "actions", "risks"),
        ("sharing",),
    ),
    6: (("shares",),),
}


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


def _records(data: Any, path: tuple[str, ...]) -> list[dict]:
    """The dicts at ``path`` (each step a list of dicts)."""
    level = [data]
    for name in path:
        level = [item for parent in level if isinstance(parent, dict) for item in (parent.get(name) or [])]
    return [item for item in level if isinstance(item, dict)]


def with_ids(stage: int, data: dict) -> dict:
    """The stage's JSON with an id on every record that has none."""
    for path in RECORD_LISTS.get(stage, ()):
        for record in _records(data, path):
            record.setdefault("id", _new_id())
    return data


def link_inputs(consultations: dict, plan: dict) -> dict:
    """An input's action given as a code ("1.2") becomes that action's id."""
    by_code = {
        f"{g}.{a}": action["id"]
        for g, goal in enumerate(plan.get("goals") or [], start=1)
        for a, action in enumerate(goal.get("actions") or [], start=1)
        if isinstance(action, dict) and action.get("id")
    }
    for given in _records(consultations, ("meetings", "inputs")):
        code = str(given.get("action") or "")
        if code in by_code:
            given["action"] = by_code[code]
    return consultations


def upgrade() -> None:
    with op.batch_alter_table("team_member") as batch:
        batch.add_column(
            sa.Column(
                "record_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("review_comment") as batch:
        batch.add_column(
            sa.Column(
                "record_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=""
            )
        )
    bind = op.get_bind()
    members = sa.table("team_member", sa.column("id", sa.Integer), sa.column("record_id", sa.String))
    for (row_id,) in bind.execute(sa.select(members.c.id)).all():
        bind.execute(members.update().where(members.c.id == row_id).values(record_id=_new_id()))

    records = sa.table(
        "stage_record",
        sa.column("id", sa.Integer),
        sa.column("municipality_id", sa.Integer),
        sa.column("stage", sa.Integer),
        sa.column("data", sa.JSON),
    )
    by_municipality: dict[int, dict[int, tuple[int, dict]]] = {}
    for row_id, municipality, stage, data in bind.execute(
        sa.select(records.c.id, records.c.municipality_id, records.c.stage, records.c.data)
    ).all():
        by_municipality.setdefault(municipality, {})[stage] = (row_id, with_ids(stage, dict(data or {})))
    for stages in by_municipality.values():
        if 4 in stages and 5 in stages:
            link_inputs(stages[4][1], stages[5][1])
        for row_id, data in stages.values():
            bind.execute(records.update().where(records.c.id == row_id).values(data=data))


def downgrade() -> None:
    with op.batch_alter_table("review_comment") as batch:
        batch.drop_column("record_id")
    with op.batch_alter_table("team_member") as batch:
        batch.drop_column("record_id")
