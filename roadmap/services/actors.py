"""The directory of civic actors: import, browse, edit, and add an organisation to a municipality's register.

Programme staff (coordinators) import and edit it; everyone signed in browses the organisations that
consented to sharing (KVKK), and sees a contact only where that person agreed to be listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, col, select

from roadmap.analysis.actors import Organisation, in_register, name_key, same_as
from roadmap.analysis.stakeholders import DuplicateNote
from roadmap.domain.actors import ActorFields, ActorKind
from roadmap.domain.catalogues import focus_catalogue
from roadmap.domain.content import Stakeholder, StakeholderMap
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role, Stage
from roadmap.errors import InvalidInput, NotFound, StaleVersion
from roadmap.i18n import record_text
from roadmap.imports.actors import catalogue_lookup, read_actors
from roadmap.imports.files import FileNotes, read_mapping, reject
from roadmap.services.access import Who, authorise, require, resolve_actor
from roadmap.services.stages import editable_record, save_content
from roadmap.store.db import unit_of_work
from roadmap.store.repository import load_content
from roadmap.store.tables import AuditRecord, CivicActor, User, utcnow
from roadmap.text import fold_name, tr_sort_key


class ActorView(BaseModel):
    """An organisation as the reader may see it: the contact blank unless its person agreed to be listed."""

    id: int
    name: str
    kind: ActorKind
    province: str
    district: str
    focus_areas: list[str]
    derbis: str
    mersis: str
    website: str
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contact_listed: bool
    kvkk_consent: bool
    notes: str = ""
    version: int

    def fields(self) -> ActorFields:
        return ActorFields.model_validate(self.model_dump(exclude={"id", "version"}))


class ActorImportResult(BaseModel):
    file: Path
    rows_read: int
    added: int
    updated: int
    merged: int
    duplicates: list[DuplicateNote]
    total: int
    stored: bool
    notes: FileNotes = FileNotes()


def _programme_staff(actor: User) -> bool:
    return Role(actor.role) == Role.COORDINATOR


def _view_of(record: CivicActor, full: bool) -> ActorView:
    """``full``: programme staff see everything; others see a contact only where it may be listed."""
    shown = full or (record.contact_listed and record.kvkk_consent)
    assert record.id is not None
    return ActorView(
        id=record.id,
        name=record.name,
        kind=ActorKind(record.kind),
        province=record.province,
        district=record.district,
        focus_areas=list(record.focus_areas),
        derbis=record.derbis,
        mersis=record.mersis,
        website=record.website,
        contact_name=record.contact_name if shown else "",
        contact_email=record.contact_email if shown else "",
        contact_phone=record.contact_phone if shown else "",
        contact_listed=record.contact_listed,
        kvkk_consent=record.kvkk_consent,
        notes=record.notes if full else "",
        version=record.version,
    )


def _organisation(record: CivicActor) -> Organisation:
    return Organisation(
        name=record.name,
        province=record.province,
        derbis=record.derbis,
        mersis=record.mersis,
        email=record.contact_email,
        website=record.website,
        phone=record.contact_phone,
    )


def _apply(record: CivicActor, fields: ActorFields, actor: User) -> None:
    """Write ``fields`` onto ``record``; the moment consent to sharing was given is kept."""
    if fields.kvkk_consent and not record.kvkk_consent:
        record.kvkk_consent_at = utcnow()
    if not fields.kvkk_consent:
        record.kvkk_consent_at = None
    for name, value in fields.model_dump(mode="json").items():
        setattr(record, name, value)
    record.name_key = name_key(fields.name)
    record.updated_at = utcnow()
    record.updated_by = actor.email


def _merged(record: CivicActor, fields: ActorFields, fill_only: bool) -> ActorFields:
    """The stored record with what ``fields`` gives: only its blanks filled (``fill_only``), or every value
    the row gives taking the place of the stored one; the name stays as first listed, focus areas are joined
    and a consent given stays given (it is withdrawn on the organisation's page)."""
    current = _view_of(record, full=True).fields()
    update_ = {
        name: getattr(fields, name)
        for name in ActorFields.model_fields
        if name != "name"
        and getattr(fields, name) not in ("", None, False, [])
        and (not fill_only or getattr(current, name) in ("", None, False, []))
    }
    update_["focus_areas"] = list(dict.fromkeys(current.focus_areas + fields.focus_areas))
    return current.model_copy(update=update_)


def _audit(session: Session, actor: User, action: str, comment: str) -> None:
    session.add(AuditRecord(actor=actor.email, action=action, comment=comment))


def import_actors(
    email: Who, path: Path, dry_run: bool = False, merge_duplicates: bool = False, mapping: Path | None = None
) -> ActorImportResult:
    """Import a directory file: all of it, or (on any problem) none of it.

    A row for an organisation already listed (same folded name, registry number, e-mail, website or
    phone) updates it; a row only probably the same (a nearly alike name in the same province) is
    reported, and merged into the earlier record only when asked.
    """
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.CURATE)
        parsed = read_actors(path, catalogue_lookup(focus_catalogue()), read_mapping(mapping))
        if parsed.problems:
            raise reject(path, parsed.problems, parsed.columns, parsed.notes.ignored_columns)
        stored = list(session.exec(select(CivicActor).order_by(col(CivicActor.id))).all())
        known = [(i, _organisation(r)) for i, r in enumerate(stored)]
        added = updated = merged = 0
        duplicates: list[DuplicateNote] = []
        from_file: set[int] = (
            set()
        )  # the records this file added or updated: a second row for one is a duplicate
        for row, fields in parsed.actors:
            incoming = Organisation(
                fields.name, fields.province, fields.derbis, fields.mersis, fields.contact_email, fields.website,
                fields.contact_phone,
            )  # fmt: skip
            found = same_as(incoming, known)
            if found is not None and found[1] == "same":  # the same organisation: its record is updated
                target = stored[found[0]]
                again = found[0] in from_file
                if again:
                    duplicates.append(DuplicateNote(row=row, name=fields.name, like=target.name, merged=True))
                _apply(target, _merged(target, fields, fill_only=again), actor)
                target.version += 1
                merged += again
                updated += not again
                from_file.add(found[0])
                known[found[0]] = (found[0], _organisation(target))
                continue
            if found is not None:  # probably the same: said, and merged only when asked
                target = stored[found[0]]
                duplicates.append(
                    DuplicateNote(row=row, name=fields.name, like=target.name, merged=merge_duplicates)
                )
                if merge_duplicates:
                    _apply(target, _merged(target, fields, fill_only=True), actor)
                    target.version += 1
                    merged += 1
                    known[found[0]] = (found[0], _organisation(target))
                    continue
            record = CivicActor(name=fields.name, name_key="", kind=fields.kind.value, updated_by=actor.email)
            _apply(record, fields, actor)
            session.add(record)
            session.flush()
            stored.append(record)
            from_file.add(len(stored) - 1)
            known.append((len(stored) - 1, _organisation(record)))
            added += 1
        note = record_text("actors.import_audit", file=path.name, added=added, updated=updated, merged=merged)
        _audit(session, actor, "actors_import", note)
        if dry_run:
            session.rollback()
    return ActorImportResult(
        file=path,
        rows_read=parsed.rows_read,
        added=added,
        updated=updated,
        merged=merged,
        duplicates=duplicates,
        total=len(stored),
        stored=not dry_run,
        notes=parsed.notes,
    )


def list_actors(email: Who, province: str = "", focus: str = "", q: str = "") -> list[ActorView]:
    """The directory in Turkish alphabetical order, filtered by province, focus area code or words of the name.

    Programme staff see every organisation; others those that consented to sharing (KVKK)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        full = _programme_staff(actor)
        records = session.exec(select(CivicActor).order_by(col(CivicActor.id))).all()
    wanted_province, needle = fold_name(province), fold_name(q)
    shown = [
        _view_of(r, full)
        for r in records
        if (full or r.kvkk_consent)
        and (not wanted_province or fold_name(r.province) == wanted_province)
        and (not focus or focus in r.focus_areas)
        and (not needle or needle in fold_name(r.name))
    ]
    return sorted(shown, key=lambda a: tr_sort_key(a.name))


def visible_actor(session: Session, actor: User, actor_id: int) -> CivicActor:
    """The organisation, if this person may see it; otherwise "not found", as for a missing one."""
    record = session.get(CivicActor, actor_id)
    if record is None or not (record.kvkk_consent or _programme_staff(actor)):
        raise NotFound("notfound.actor", number=actor_id)
    return record


def actor_details(email: Who, actor_id: int) -> ActorView:
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        return _view_of(visible_actor(session, actor, actor_id), _programme_staff(actor))


def save_actor(email: Who, actor_id: int | None, fields: ActorFields, expected_version: int = 0) -> int:
    """Add an organisation (``actor_id`` None) or change one, refused if it changed since ``expected_version``;
    returns its id. A new one that is already listed is refused, naming the listed one."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.CURATE)
        if actor_id is None:
            stored = session.exec(select(CivicActor).order_by(col(CivicActor.id))).all()
            incoming = Organisation(
                fields.name, fields.province, fields.derbis, fields.mersis, fields.contact_email, fields.website,
                fields.contact_phone,
            )  # fmt: skip
            found = same_as(incoming, ((i, _organisation(r)) for i, r in enumerate(stored)))
            if found is not None:
                raise InvalidInput("actors.error.listed", name=stored[found[0]].name, field="name")
            record = CivicActor(name=fields.name, name_key="", kind=fields.kind.value)
            _apply(record, fields, actor)
            session.add(record)
            session.flush()
            _audit(session, actor, "actor_add", record.name)
            assert record.id is not None
            return record.id
        record = visible_actor(session, actor, actor_id)
        consent_before = record.kvkk_consent
        _apply(record, fields, actor)
        result = session.exec(
            update(CivicActor)
            .where(col(CivicActor.id) == actor_id, col(CivicActor.version) == expected_version)
            .values(version=expected_version + 1)
        )
        if result.rowcount != 1:
            raise StaleVersion("refused.stale", given=expected_version, current=record.version)
        note = record.name
        if consent_before != fields.kvkk_consent:  # consent to sharing given or withdrawn: on the record
            key = "actors.consent_given" if fields.kvkk_consent else "actors.consent_withdrawn"
            note = record_text(key, name=record.name)
        _audit(session, actor, "actor_edit", note)
        return actor_id


def add_to_register(email: Who, slug: str, actor_id: int) -> str:
    """Add a directory organisation to the municipality's stakeholder register in one step (through the
    stage service, version-checked and audited); refused if the register already has it."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        municipality = authorise(session, actor, Permission.INTRODUCE, slug)
        record = visible_actor(session, actor, actor_id)
        stage = editable_record(session, actor, municipality, Stage.STAKEHOLDERS)
        current = cast(StakeholderMap, load_content(session, stage))
        already = in_register(_organisation(record), current.stakeholders)
        if already is not None:
            raise InvalidInput("actors.error.in_register", name=already.name, slug=slug)
        listed = record.contact_listed and record.kvkk_consent
        entry = Stakeholder(
            name=record.name,
            type=ActorKind(record.kind).stakeholder_type,
            contact_person=record.contact_name if listed else "",
            email=record.contact_email if listed else "",
            phone=record.contact_phone if listed else "",
            focus_areas=list(record.focus_areas),
            notes=record_text("actors.register_note"),
        )
        content = StakeholderMap(stakeholders=[*current.stakeholders, entry])
        note = record_text("actors.register_audit", name=record.name)
        save_content(session, actor, municipality, stage, content, stage.version, note)
        return entry.name
