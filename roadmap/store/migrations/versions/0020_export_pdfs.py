"""an export's PDF in the file store: the hash of the PDF made of the export's own document

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05

A PDF (``export --pdf``) was written beside the .docx in the out folder only. It is now part of the
export version: its bytes in the file store, its hash here (empty when no PDF was made).
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

FOREIGN_KEY = "fk_roadmap_export_pdf_sha256"


def upgrade() -> None:
    with op.batch_alter_table("roadmap_export") as batch:
        batch.add_column(sa.Column("pdf_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch.create_foreign_key(FOREIGN_KEY, "stored_file", ["pdf_sha256"], ["sha256"])


def downgrade() -> None:
    # The PDFs' bytes stay in the store; ``roadmap store prune`` removes them once nothing names them.
    with op.batch_alter_table("roadmap_export") as batch:
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.drop_column("pdf_sha256")
