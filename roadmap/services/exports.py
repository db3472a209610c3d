"""Exported roadmaps as numbered, immutable versions; Word comments back into review comments."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from roadmap.domain.content import RoadmapData
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Stage
from roadmap.domain.validation import ProgrammeRules
from roadmap.errors import ExportRace, InvalidInput, NotFound
from roadmap.render.word_comments import IDENTIFIER_PREFIX, read_word_comments, stage_of_heading
from roadmap.services.access import (
    Who,
    actor_and_municipality,
    authorise,
    resolve_actor,
    visible_municipality,
)
from roadmap.services.amendments import approved_amendment_lines
from roadmap.services.review import CommentView, open_threads
from roadmap.services.stages import StatusReport, build_report
from roadmap.store.db import unit_of_work
from roadmap.store.files import DOCX, JSON, PDF, canonical_json, file_store, register_file, sha256_of
from roadmap.store.repository import roadmap_data
from roadmap.store.tables import AuditRecord, ReviewComment, RoadmapExport, export_file_name, export_pdf_name

PDF_RECORDED = "export_pdf"


class ExportState(BaseModel):
    data: RoadmapData
    progress: StatusReport
    comments: list[CommentView]
    next_number: int
    version: int = 1  # the data's version: the newest export's if the data is the same, else the next
    # The data's hash and the language of the newest export (when asked for: to skip unchanged rebuilds).
    last: tuple[str, str] | None = None
    untranslated: int = 0  # an English edition: the team's texts printed in Turkish, marked

    def unchanged(self, lang: str) -> bool:
        return self.last is not None and self.last[1] == lang and self.last[0] == _data_hash(self.data)


def _data_hash(data: RoadmapData) -> str:
    """The SHA-256 of the data as an export keeps it in the file store."""
    return sha256_of(canonical_json(data.model_dump(mode="json")))


def export_state(who: Who, slug: str, with_last: bool = False) -> ExportState:
    """Everything an export needs, read in one transaction, for someone who may export it."""
    with unit_of_work() as session:
        municipality = authorise(session, resolve_actor(session, who), Permission.EXPORT, slug)
        assert municipality.id is not None
        data = roadmap_data(session, municipality)
        data.amendments = approved_amendment_lines(session, municipality, data.plan)  # shown beside the plan
        last, newest = _newest(session, municipality.id)
        return ExportState(
            data=data,
            progress=build_report(session, municipality, ProgrammeRules(), data),
            comments=open_threads(session, municipality.id),
            next_number=(last or 0) + 1,
            version=_data_version(session, municipality.id, data, newest),
            last=(newest[0], newest[1]) if with_last and newest else None,
        )


def _data_version(
    session: Session, municipality_id: int, data: RoadmapData, newest: tuple[str, str, int] | None
) -> int:
    """A version is a state of the data: exporting it again, or in the other language, names the same one."""
    if newest is not None and newest[0] == _data_hash(data):
        return newest[2]
    highest = session.exec(
        select(func.max(RoadmapExport.version)).where(RoadmapExport.municipality_id == municipality_id)
    ).one()
    return (highest or 0) + 1


def _newest(session: Session, municipality_id: int) -> tuple[int, tuple[str, str, int] | None]:
    """The newest export's number, and its data's hash, language and data version (if there is one)."""
    number = session.exec(
        select(func.max(RoadmapExport.number)).where(RoadmapExport.municipality_id == municipality_id)
    ).one()
    if not number:
        return 0, None
    row = session.exec(
        select(RoadmapExport.data_sha256, RoadmapExport.lang, RoadmapExport.version).where(
            RoadmapExport.municipality_id == municipality_id, RoadmapExport.number == number
        )
    ).first()
    return number, (row[0], row[1], row[2]) if row else None


def record_export(
    who: Who,
    slug: str,
    number: int,
    lang: str,
    with_comments: bool,
    draft: bool,
    data: RoadmapData,
    path: Path,
    version: int = 0,
) -> int:
    """Keep the exported document and the data it was built from as export ``number``, of the data's
    ``version``: both in the file store, their hashes in the database."""
    with unit_of_work() as session:  # nothing goes into the store for someone who may not export
        authorise(session, resolve_actor(session, who), Permission.EXPORT, slug)
    # Into the store before the row that names them: a file without a row is harmless, not the reverse.
    document, snapshot = path.read_bytes(), canonical_json(data.model_dump(mode="json"))
    store = file_store()
    document_hash, snapshot_hash = store.put(document), store.put(snapshot)
    try:
        with unit_of_work() as session:
            actor = resolve_actor(session, who)
            municipality = authorise(session, actor, Permission.EXPORT, slug)
            assert municipality.id is not None
            register_file(session, document_hash, len(document), DOCX, actor.email)
            register_file(session, snapshot_hash, len(snapshot), JSON, actor.email)
            if not version:  # a caller that did not read the state first: the version from the data
                version = _data_version(session, municipality.id, data, _newest(session, municipality.id)[1])
            session.add(
                RoadmapExport(
                    municipality_id=municipality.id,
                    number=number,
                    version=version,
                    actor=actor.email,
                    lang=lang,
                    with_comments=with_comments,
                    draft=draft,
                    sha256=document_hash,
                    data_sha256=snapshot_hash,
                )
            )
    except IntegrityError:
        raise ExportRace("export.race", number=number) from None
    return number


def record_export_pdf(who: Who, slug: str, number: int, path: Path) -> str:
    """Keep the PDF made of export ``number``'s document as part of that version: in the file store,
    its hash on the export. A version keeps its first PDF (a retried conversion does not replace it);
    returns the hash the export names."""
    with unit_of_work() as session:  # nothing goes into the store for someone who may not export
        authorise(session, resolve_actor(session, who), Permission.EXPORT, slug)
    pdf = path.read_bytes()
    pdf_hash = file_store().put(pdf)  # before the row that names it, as for the document
    with unit_of_work() as session:
        actor = resolve_actor(session, who)
        municipality = authorise(session, actor, Permission.EXPORT, slug)
        export = session.exec(
            select(RoadmapExport).where(
                RoadmapExport.municipality_id == municipality.id, RoadmapExport.number == number
            )
        ).first()
        if export is None:
            raise NotFound("notfound.export", number=number, slug=slug)
        if export.pdf_sha256:
            return export.pdf_sha256
        register_file(session, pdf_hash, len(pdf), PDF, actor.email)
        export.pdf_sha256 = pdf_hash
        session.add(export)
        session.add(
            AuditRecord(
                actor=actor.email,
                municipality_id=municipality.id,
                action=PDF_RECORDED,
                comment=f"#{number}",
            )
        )
    return pdf_hash


class ExportVersion(BaseModel):
    number: int
    version: int
    created_at: datetime
    actor: str
    lang: str
    with_comments: bool
    draft: bool
    sha256: str
    pdf_sha256: str | None = None  # a PDF of the document, kept with it


def export_versions(email: str | None, slug: str) -> list[ExportVersion]:
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        rows = session.exec(
            select(RoadmapExport)
            .where(RoadmapExport.municipality_id == municipality.id)
            .order_by(col(RoadmapExport.number))
        ).all()
        return [ExportVersion.model_validate(row, from_attributes=True) for row in rows]


class CommentImport(BaseModel):
    version: int
    added: int
    skipped: int


def import_word_comments(email: str | None, slug: str, path: Path) -> CommentImport:
    """Comments a reviewer added in Word or LibreOffice become review comments on the right stage.

    The document must be one of this municipality's exports; comments already known (the ones we
    exported, or an earlier import of the same file) are skipped.
    """
    with unit_of_work() as session:  # someone who may not see the municipality learns nothing of the file
        actor_and_municipality(session, email, slug)
    identifier, comments = read_word_comments(path)
    parts = identifier.split(":") if identifier.startswith(IDENTIFIER_PREFIX) else []
    if len(parts) != 3 or not parts[2].isdigit():
        raise InvalidInput("export.not_ours", path=path)
    owner, number = parts[1], int(parts[2])
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        assert municipality.id is not None
        if owner != slug:
            raise InvalidInput("export.other_municipality", path=path, owner=owner, slug=slug)
        known_version = session.exec(
            select(RoadmapExport.id).where(
                RoadmapExport.municipality_id == municipality.id, RoadmapExport.number == number
            )
        ).first()
        if known_version is None:
            raise InvalidInput("export.unknown_version", path=path, number=number)
        existing = {
            (c.author_name.strip(), c.text.strip())
            for c in session.exec(
                select(ReviewComment).where(ReviewComment.municipality_id == municipality.id)
            ).all()
        }
        added = skipped = 0
        for comment in comments:
            lines = [line for line in comment.text.splitlines() if line.strip()]
            text = lines[0].strip() if lines else ""
            if not text or (comment.author.strip(), text) in existing:
                skipped += 1
                continue
            stage = stage_of_heading(comment.heading) or Stage.ROADMAP
            session.add(
                ReviewComment(
                    municipality_id=municipality.id,
                    stage=int(stage),
                    field=comment.heading,
                    author=actor.email,
                    author_name=comment.author.strip(),
                    created_at=comment.timestamp or datetime.now(UTC),
                    text=text,
                    source="word",
                )
            )
            existing.add((comment.author.strip(), text))
            added += 1
    return CommentImport(version=number, added=added, skipped=skipped)


def export_document(email: str | None, slug: str, number: int) -> tuple[bytes, str]:
    """An exported version's Word document and a file name for it, if the actor may see it."""
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        row = session.exec(
            select(RoadmapExport).where(
                RoadmapExport.municipality_id == municipality.id, RoadmapExport.number == number
            )
        ).first()
        if row is None:
            raise NotFound("notfound.export", number=number, slug=slug)
        name = export_file_name(slug, number, row.lang)
        return file_store().get(row.sha256, name), name


def export_pdf(email: str | None, slug: str, number: int) -> tuple[bytes, str]:
    """The PDF kept with an exported version and a file name for it, if the actor may see it (not
    found, as for a missing version, when no PDF was made of it)."""
    with unit_of_work() as session:
        municipality = visible_municipality(session, resolve_actor(session, email), slug)
        row = session.exec(
            select(RoadmapExport).where(
                RoadmapExport.municipality_id == municipality.id, RoadmapExport.number == number
            )
        ).first()
        if row is None or not row.pdf_sha256:
            raise NotFound("notfound.export_pdf", number=number, slug=slug)
        name = export_pdf_name(slug, number, row.lang)
        return file_store().get(row.pdf_sha256, name), name
