"""an export names the version of the data it was built from, not its own running number

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

Before, every export took the next number and the cover printed it: the same data exported twice,
or in the other language, was "version 3" and "version 4". Now ``number`` stays the export's own
(unique, used in downloads and in the identifier Word comments come back with) and ``version`` is the
state of the data: an export of the same data as the one before it names the same version.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("roadmap_export") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    bind = op.get_bind()
    exports = sa.table(
        "roadmap_export",
        sa.column("id", sa.Integer),
        sa.column("municipality_id", sa.Integer),
        sa.column("number", sa.Integer),
        sa.column("data", sa.JSON),
        sa.column("version", sa.Integer),
    )
    rows = bind.execute(
        sa.select(exports.c.id, exports.c.municipality_id, exports.c.data).order_by(
            exports.c.municipality_id, exports.c.number
        )
    ).all()
    state: dict[int, tuple[str, int]] = {}  # municipality → (its newest data, that data's version)
    for export_id, municipality_id, data in rows:
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
        newest, version = state.get(municipality_id, ("", 0))
        if canonical != newest:
            version += 1
        state[municipality_id] = (canonical, version)
        bind.execute(sa.update(exports).where(exports.c.id == export_id).values(version=version))


def downgrade() -> None:
    with op.batch_alter_table("roadmap_export") as batch:
        batch.drop_column("version")
