"""The English edition's texts: what a municipality has to translate, a pack for its translator, and
the translations brought back (kept with each stage, whatever its review status: translating does not
change what was reviewed)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Session

from roadmap.atomic import write_atomically
from roadmap.domain.catalogues import glossary
from roadmap.domain.content import RoadmapData, StageContent
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Action, Stage, Status
from roadmap.domain.translation import Unit, units_of, with_translations
from roadmap.errors import InvalidInput, PermissionDenied
from roadmap.imports.translation_pack import Pack, PackUnit, pack_suffix, read_pack, write_pack
from roadmap.services.access import actor_and_municipality, can
from roadmap.store.db import unit_of_work
from roadmap.store.repository import roadmap_data, stage_records, store_content
from roadmap.store.tables import Municipality, StageRecord, User


class StageCount(BaseModel):
    stage: Stage
    translated: int
    changed: int  # translated once, but the Turkish changed since
    missing: int


class UnitOutcome(BaseModel):
    unit: str
    outcome: Literal["applied", "unchanged", "source_changed", "unknown", "emptied"]


class ImportReport(BaseModel):
    slug: str
    outcomes: list[UnitOutcome]

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)


def _labels(data: RoadmapData) -> dict[int, str]:
    """Where each record appears, as a translator reads it: "Eylem 2.1", "Toplantı T2", "Gösterge 2.1.1"."""
    labels: dict[int, str] = {}
    for code, action in data.plan.codes().items():
        labels[id(action)] = f"Eylem {code}"
        for n, indicator in enumerate(action.indicators, start=1):
            labels[id(indicator)] = f"Gösterge {code}.{n}"
        for risk in action.risks:
            labels[id(risk)] = f"Eylem {code}, risk"
    for g, goal in enumerate(data.plan.goals, start=1):
        labels[id(goal)] = f"Amaç {g}"
    codes = data.consultations.input_codes()
    for position, meeting in enumerate(data.consultations.meetings, start=1):
        labels[id(meeting)] = f"Toplantı {meeting.code or position}"
        for given in meeting.inputs:
            labels[id(given)] = f"Görüş {codes[given.id]}"
    for member in data.team.members:
        labels[id(member)] = f"Ekip üyesi {member.name}"
    for stage in Stage:
        content = data.content(stage)
        for reason in content.explanations if isinstance(content, StageContent) else []:
            labels[id(reason)] = f"Kontrol listesi gerekçesi [{reason.check}]"
    return labels


def _units(data: RoadmapData) -> list[Unit]:
    labels = _labels(data)
    return units_of(data, lambda holder: labels.get(id(holder), ""))


def translation_units(email: str | None, slug: str) -> list[Unit]:
    """Every text the team wrote for the document, with its English and whether it is up to date."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        return _units(roadmap_data(session, municipality))


def translation_status(email: str | None, slug: str) -> list[StageCount]:
    """How many texts each stage has translated, translated from an older Turkish, and not at all."""
    units = translation_units(email, slug)
    return [
        StageCount(
            stage=stage,
            translated=sum(1 for u in units if u.stage == stage and u.state == "translated"),
            changed=sum(1 for u in units if u.stage == stage and u.state == "changed"),
            missing=sum(1 for u in units if u.stage == stage and u.state == "missing"),
        )
        for stage in Stage
        if any(u.stage == stage for u in units)
    ]


def export_translations(email: str | None, slug: str, out: Path) -> int:
    """Write the municipality's pack (XLIFF or .xlsx, by the file's suffix); returns how many texts."""
    units = translation_units(email, slug)
    where = {u.unit: (f"{u.where} — {u.field}" if u.where else u.field) for u in units}
    pack = Pack(
        slug=slug,
        units=[
            PackUnit(
                id=u.unit,
                source=u.source,
                target=u.target if u.state == "translated" else "",
                note=f"{int(u.stage)}. aşama / stage {int(u.stage)}: {where[u.unit]}",
            )
            for u in units
        ],
    )
    suffix = pack_suffix(out)
    terms = [(t.tr, t.en, t.note) for t in glossary()]  # the programme's names and terms
    write_atomically(out, lambda temporary: write_pack(pack, terms, temporary, suffix))  # never half a file
    return len(pack.units)


def import_translations(email: str | None, slug: str, path: Path) -> ImportReport:
    """Bring a translator's targets back: each unit applied, or reported (its Turkish changed since
    the pack was made: not applied; a unit this municipality does not have). A pack of another
    municipality, or a file that is not a pack, is refused whole."""
    with unit_of_work() as session:  # who may, before the file is even read
        actor, municipality = actor_and_municipality(session, email, slug)
        if not can(session, actor, Permission.EDIT, municipality):
            raise PermissionDenied("refused.unauthorised", who=actor.email)
    pack = read_pack(path)
    if pack.slug != slug:
        raise InvalidInput("translations.other_municipality", path=path.name, pack=pack.slug, slug=slug)
    # A target left empty in a pack is a text the translator did not do: it takes nothing away.
    return save_translations(
        email, slug, {u.id: (u.source, u.target) for u in pack.units}, empty_removes=False
    )


def save_translations(
    email: str | None, slug: str, targets: dict[str, tuple[str, str]], empty_removes: bool = True
) -> ImportReport:
    """Keep English versions (unit → (the Turkish they translate, the English)), each stage written
    once, version-checked and audited; a unit whose Turkish is no longer the same is not applied."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        if not can(session, actor, Permission.EDIT, municipality):
            raise PermissionDenied("refused.unauthorised", who=actor.email)
        records = stage_records(session, municipality)
        data = roadmap_data(session, municipality, records)
        current = {u.unit: u for u in _units(data)}
        outcomes: list[UnitOutcome] = []
        by_stage: dict[Stage, dict[str, tuple[str, str]]] = {}
        for unit, (source, text) in targets.items():
            found = current.get(unit)
            if found is None:
                outcomes.append(UnitOutcome(unit=unit, outcome="unknown"))
            elif source.strip() != found.source.strip():
                outcomes.append(UnitOutcome(unit=unit, outcome="source_changed"))
            elif (not text.strip() and not empty_removes) or (
                text.strip() == found.target.strip() and (found.state == "translated" or not text.strip())
            ):
                outcomes.append(UnitOutcome(unit=unit, outcome="unchanged"))
            else:
                by_stage.setdefault(found.stage, {})[unit] = (found.source, text)
                outcomes.append(UnitOutcome(unit=unit, outcome="applied" if text.strip() else "emptied"))
        for stage, changes in by_stage.items():
            content = data.content(stage)
            assert isinstance(content, StageContent)
            _keep(
                session,
                actor,
                municipality,
                records[stage],
                with_translations(content, changes),
                len(changes),
            )
        return ImportReport(slug=slug, outcomes=outcomes)


def _keep(
    session: Session,
    actor: User,
    municipality: Municipality,
    record: StageRecord,
    content: StageContent,
    n: int,
) -> None:
    """Write a stage's translations whatever its status (the Turkish under review does not change)."""
    from roadmap.services.stages import write_audit, write_version  # lazy: a larger module

    version = write_version(
        session, record, record.version, actor, data=store_content(session, record, content)
    )
    status = Status(record.status)
    write_audit(
        session, actor, municipality, Stage(record.stage), Action.TRANSLATE, status, status, version, f"{n}"
    )
