"""survey respondents without an id column are known by their time stamp, not by a hash of answers

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

Before, such a respondent was stored as "<time stamp> #<hash of the answers>", so a re-export of the
same form with one answer corrected added a second copy. Now the time stamp alone identifies them
(the same stamp twice in one group becomes "<stamp> (2)", as the importer writes it).
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

HASHED = re.compile(r"^(?P<stamp>.+) #[0-9a-f]{10}$")


def rekeyed(data: dict) -> dict:
    seen: dict[tuple[str, str], int] = {}
    for response in data.get("responses") or []:
        match = HASHED.match(str(response.get("respondent", "")))
        if not match:
            continue
        key = (str(response.get("group", "")), match["stamp"])
        seen[key] = seen.get(key, 0) + 1
        response["respondent"] = match["stamp"] if seen[key] == 1 else f"{match['stamp']} ({seen[key]})"
    return data


def upgrade() -> None:
    bind = op.get_bind()
    records = sa.table(
        "stage_record",
        sa.column("id", sa.Integer),
        sa.column("stage", sa.Integer),
        sa.column("data", sa.JSON),
    )
    for row_id, data in bind.execute(
        sa.select(records.c.id, records.c.data).where(records.c.stage == 1)
    ).all():
        bind.execute(records.update().where(records.c.id == row_id).values(data=rekeyed(dict(data or {}))))


def downgrade() -> None:
    pass  # the hashes cannot be recomputed exactly; the time stamps stay
