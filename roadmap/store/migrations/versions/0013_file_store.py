"""files out of the database: exported documents and their data move to the file store

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-04

Every export kept its Word document (``document``, ~80 KB) and the data it was built from (``data``,
~40 KB of JSON) in its row. Both move to the file store of the settings (roadmap.store.files: a
folder under the data directory, or S3); the row keeps their hashes, and ``stored_file`` records
each file once. The cohorts' partner logos (base64 inside ``cohort.partners``) move too: the JSON
names each logo by its hash. Downgrading reads them back from the store into the database.
"""

import base64
import json
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

from roadmap.store.files import DOCX, JSON, canonical_json, file_store

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

EXPORTS = sa.table(
    "roadmap_export",
    sa.column("id", sa.Integer),
    sa.column("created_at", sa.DateTime),
    sa.column("actor", sa.String),
    sa.column("sha256", sa.String),
    sa.column("data_sha256", sa.String),
    sa.column("data", sa.JSON),
    sa.column("document", sa.LargeBinary),
)
FILES = sa.table(
    "stored_file",
    sa.column("sha256", sa.String),
    sa.column("size", sa.Integer),
    sa.column("media_type", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("created_by", sa.String),
)
COHORTS = sa.table("cohort", sa.column("id", sa.Integer), sa.column("partners", sa.JSON))
FOREIGN_KEYS = (("fk_roadmap_export_sha256", "sha256"), ("fk_roadmap_export_data_sha256", "data_sha256"))


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "stored_file",
        sa.Column("sha256", text(length=64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", text(length=100), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", text(length=200), nullable=False),
    )
    with op.batch_alter_table("roadmap_export") as batch:
        batch.add_column(sa.Column("data_sha256", text(length=64), nullable=True))
    bind = op.get_bind()
    store, known = file_store(), set()
    ids = bind.execute(sa.select(EXPORTS.c.id).order_by(EXPORTS.c.id)).scalars().all()
    for export_id in ids:  # one row at a time: a national database holds hundreds of megabytes
        row = bind.execute(
            sa.select(EXPORTS.c.created_at, EXPORTS.c.actor, EXPORTS.c.document, EXPORTS.c.data).where(
                EXPORTS.c.id == export_id
            )
        ).one()
        files = {DOCX: bytes(row.document), JSON: canonical_json(row.data)}
        hashes = {}
        for media_type, data in files.items():
            sha256 = hashes[media_type] = store.put(data)
            if sha256 not in known:
                bind.execute(
                    sa.insert(FILES).values(
                        sha256=sha256,
                        size=len(data),
                        media_type=media_type,
                        created_at=row.created_at,
                        created_by=row.actor,
                    )
                )
                known.add(sha256)
        bind.execute(
            sa.update(EXPORTS)
            .where(EXPORTS.c.id == export_id)
            .values(sha256=hashes[DOCX], data_sha256=hashes[JSON])
        )
    for cohort_id, partners in bind.execute(sa.select(COHORTS.c.id, COHORTS.c.partners)).all():
        if not partners:
            continue
        named = []
        for partner in partners:
            logo, sha256 = base64.b64decode(partner.get("logo") or ""), ""
            if logo:
                sha256 = store.put(logo)
                if sha256 not in known:
                    bind.execute(
                        sa.insert(FILES).values(
                            sha256=sha256,
                            size=len(logo),
                            media_type="image/png" if logo.startswith(b"\x89PNG") else "image/jpeg",
                            created_at=datetime.now(UTC),
                            created_by="system:migration",
                        )
                    )
                    known.add(sha256)
            named.append({"name": partner["name"], "logo_sha256": sha256})
        bind.execute(sa.update(COHORTS).where(COHORTS.c.id == cohort_id).values(partners=named))
    with op.batch_alter_table("roadmap_export") as batch:
        batch.alter_column("data_sha256", existing_type=text(length=64), nullable=False)
        batch.drop_column("document")
        batch.drop_column("data")
        for name, column in FOREIGN_KEYS:
            batch.create_foreign_key(name, "stored_file", [column], ["sha256"])


def downgrade() -> None:
    with op.batch_alter_table("roadmap_export") as batch:
        batch.add_column(sa.Column("data", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("document", sa.LargeBinary(), nullable=True))
    bind = op.get_bind()
    store = file_store()
    rows = bind.execute(
        sa.select(EXPORTS.c.id, EXPORTS.c.sha256, EXPORTS.c.data_sha256).order_by(EXPORTS.c.id)
    ).all()
    for export_id, sha256, data_sha256 in rows:
        document = store.get(sha256, f"roadmap_export {export_id}")
        data = json.loads(store.get(data_sha256, f"roadmap_export {export_id} data"))
        bind.execute(sa.update(EXPORTS).where(EXPORTS.c.id == export_id).values(document=document, data=data))
    for cohort_id, partners in bind.execute(sa.select(COHORTS.c.id, COHORTS.c.partners)).all():
        if partners:
            logos = [
                {
                    "name": p["name"],
                    "logo": base64.b64encode(store.get(p["logo_sha256"], p["name"])).decode("ascii"),
                }
                if p["logo_sha256"]
                else {"name": p["name"], "logo": ""}
                for p in partners
            ]
            bind.execute(sa.update(COHORTS).where(COHORTS.c.id == cohort_id).values(partners=logos))
    with op.batch_alter_table("roadmap_export") as batch:
        for name, _ in FOREIGN_KEYS:
            batch.drop_constraint(name, type_="foreignkey")
        batch.alter_column("data", existing_type=sa.JSON(), nullable=False)
        batch.alter_column("document", existing_type=sa.LargeBinary(), nullable=False)
        batch.drop_column("data_sha256")
    op.drop_table("stored_file")
