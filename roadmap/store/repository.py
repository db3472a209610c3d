"""Reading and writing stage content, whichever tables a stage keeps it in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from roadmap.domain.catalogues import FocusArea, Instrument, Partner, Programme, bundled_programme
from roadmap.domain.content import (
    CONTENT_MODELS,
    Content,
    CoordinationTeam,
    RoadmapData,
    SupportGiven,
    TeamMember,
)
from roadmap.domain.stages import Stage, Status
from roadmap.store.files import file_store
from roadmap.store.tables import AuditRecord, Cohort, Municipality, StageRecord, SupportAward, TeamMemberRow

_MEMBER_FIELDS = tuple(TeamMember.model_fields)


def stage_records(session: Session, municipality: Municipality) -> dict[Stage, StageRecord]:
    """All seven stage records, created as drafts the first time they are asked for."""
    assert municipality.id is not None  # a stored municipality
    rows = session.exec(select(StageRecord).where(StageRecord.municipality_id == municipality.id)).all()
    records = {Stage(row.stage): row for row in rows}
    for stage in Stage:
        if stage not in records:
            record = StageRecord(municipality_id=municipality.id, stage=int(stage))
            session.add(record)
            records[stage] = record
    if len(rows) < len(Stage):
        session.flush()
    return records


def load_content(session: Session, record: StageRecord) -> Content:
    model = CONTENT_MODELS[Stage(record.stage)]
    if record.stage == Stage.TEAM:
        rows = session.exec(
            select(TeamMemberRow)
            .where(TeamMemberRow.municipality_id == record.municipality_id)
            .order_by(col(TeamMemberRow.position))
        ).all()
        members = [{f: getattr(row, "record_id" if f == "id" else f) for f in _MEMBER_FIELDS} for row in rows]
        return model.model_validate({**record.data, "members": members})
    return model.model_validate(record.data)


def content_json(content: Content) -> dict[str, Any]:
    return content.model_dump(mode="json")


def store_content(session: Session, record: StageRecord, content: Content) -> dict[str, Any]:
    """Write ``content`` to the record (and its tables); returns the JSON kept on the record."""
    data = content_json(content)
    if isinstance(content, CoordinationTeam):
        session.exec(
            delete(TeamMemberRow).where(col(TeamMemberRow.municipality_id) == record.municipality_id)
        )
        for position, member in enumerate(content.members):
            session.add(
                TeamMemberRow(
                    municipality_id=record.municipality_id,
                    position=position,
                    record_id=member.id,
                    **member.model_dump(exclude={"id"}),
                )
            )
        data.pop("members")
    return data


def roadmap_data(
    session: Session, municipality: Municipality, records: dict[Stage, StageRecord] | None = None
) -> RoadmapData:
    """Every stage's content and status for one municipality (from ``records`` if already read)."""
    records = records or stage_records(session, municipality)
    content = {stage: load_content(session, record) for stage, record in records.items()}
    return RoadmapData(
        slug=municipality.slug,
        name=municipality.name,
        province=municipality.province,
        programme=municipality.programme,
        statuses={stage: Status(record.status) for stage, record in records.items()},
        team=content[Stage.TEAM],
        needs=content[Stage.NEEDS],
        focus=content[Stage.FOCUS],
        stakeholders=content[Stage.STAKEHOLDERS],
        consultations=content[Stage.CONSULTATIONS],
        plan=content[Stage.ROADMAP],
        share=content[Stage.SHARE],
        support=support_ledger(session, municipality),
        catalogues=programme_of(session, municipality),
    )


def support_ledger(session: Session, municipality: Municipality) -> list[SupportGiven]:
    """The support the programme gave the municipality (its awards' ledger), oldest first."""
    rows = session.exec(
        select(SupportAward)
        .where(SupportAward.municipality_id == municipality.id)
        .order_by(col(SupportAward.given_on), col(SupportAward.id))
    ).all()
    return [
        SupportGiven(
            action=r.action_id,
            kind=r.kind,
            description=r.description,
            quantity=r.quantity,
            unit=r.unit,
            value_try=r.value_try,
            given_on=r.given_on,
        )
        for r in rows
    ]


_PARSED: dict[tuple[int, int], Programme] = {}


def programme_of(session: Session, municipality: Municipality) -> Programme:
    """The instrument and catalogue the municipality works with: its cohort's own, or the bundled ones.

    A cohort's are parsed once per process (a cohort build asks for them 1,400 times).
    """
    cohort = session.get(Cohort, municipality.cohort_id) if municipality.cohort_id is not None else None
    if cohort is None or cohort.id is None or not (cohort.instrument or cohort.catalogue or cohort.partners):
        return bundled_programme()
    key = (cohort.id, hash(repr((cohort.instrument, cohort.catalogue, cohort.partners))))
    if key not in _PARSED:
        bundled, store = bundled_programme(), file_store()
        areas = [FocusArea.model_validate(a) for a in cohort.catalogue or []]
        _PARSED[key] = Programme(
            instrument=Instrument.model_validate(cohort.instrument)
            if cohort.instrument
            else bundled.instrument,
            catalogue={area.code: area for area in areas} if areas else bundled.catalogue,
            partners=[
                Partner(
                    name=p["name"], logo=store.get(p["logo_sha256"], p["name"]) if p["logo_sha256"] else b""
                )
                for p in cohort.partners or []
            ],
        )
    return _PARSED[key]


def write_admin_audit(
    session: Session, actor: str, action: str, municipality: Municipality | None = None, comment: str = ""
) -> None:
    """An audit row for the programme's administration (accounts, assignments, cohorts): who, what,
    about which municipality if one, and the detail (whose account, which cohort)."""
    session.add(
        AuditRecord(
            actor=actor,
            municipality_id=municipality.id if municipality is not None else None,
            action=action,
            comment=comment[:4000],
        )
    )
