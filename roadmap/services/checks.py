"""The consultant's checklist, one implementation for the CLI, the web pages and the document: every
stage's gate and the chain checks, with the team's recorded reasons and the consultant's waivers."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session

from roadmap.analysis.chain import resolved_checklist
from roadmap.domain.checklist import Finding, Severity, counts
from roadmap.domain.content import Explanation, RoadmapData, StageContent
from roadmap.domain.stages import Stage
from roadmap.domain.validation import ProgrammeRules
from roadmap.errors import NotFound, TransitionRefused
from roadmap.services.access import actor_and_municipality
from roadmap.store.db import unit_of_work
from roadmap.store.repository import roadmap_data, stage_records
from roadmap.store.tables import Municipality, StageRecord


class CheckReport(BaseModel):
    slug: str
    name: str
    findings: list[Finding]

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocks]

    def counts(self) -> dict[str, int]:
        return counts(self.findings)


def checklist(
    session: Session,
    municipality: Municipality,
    records: dict[Stage, StageRecord] | None = None,
    data: RoadmapData | None = None,
    rules: ProgrammeRules | None = None,
) -> list[Finding]:
    """Every point of the checklist for one municipality, open ones first, each with its resolution
    (inside a service's transaction: the caller has asked the gate)."""
    records = records or stage_records(session, municipality)
    data = data or roadmap_data(session, municipality, records)
    return resolved_checklist(
        data,
        waivers={stage: dict(record.waivers) for stage, record in records.items()},
        opened_early={stage: record.opened_early for stage, record in records.items()},
        rules=rules,
    )


def check_roadmap(email: str | None, slug: str, stage: Stage | None = None) -> CheckReport:
    """The checklist of one municipality (of one stage, if asked), for anyone who may see it."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        records = stage_records(session, municipality)
        findings = checklist(session, municipality, records)
        return CheckReport(
            slug=municipality.slug,
            name=municipality.name,
            findings=[f for f in findings if stage is None or f.stage == stage],
        )


def explain_finding(email: str | None, slug: str, key: str, text: str) -> Finding:
    """The team records its reason for a warning or a note it leaves as it is (an empty text takes the
    reason back); the reason is kept with the stage, version-checked and audited like any edit."""
    from roadmap.services.stages import save_content  # lazy: the stage service builds on this module

    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        records = stage_records(session, municipality)
        data = roadmap_data(session, municipality, records)
        finding = _find(checklist(session, municipality, records, data), key)
        if finding.severity == Severity.BLOCKING:
            raise TransitionRefused("check.refused.blocking", code=finding.code)
        content = data.content(finding.stage)
        assert isinstance(content, StageContent)  # every stage's content is
        kept = [
            e for e in content.explanations if not (e.check == finding.code and e.subject == finding.subject)
        ]
        if text.strip():
            kept.append(Explanation(check=finding.code, subject=finding.subject, text=text.strip()))
        updated = content.model_copy(update={"explanations": kept})
        record = records[finding.stage]
        save_content(session, actor, municipality, record, updated, record.version, comment=f"{finding.key}")
        state = "explained" if text.strip() else "open"
        return finding.model_copy(update={"state": state, "reason": text.strip()})


def _find(findings: list[Finding], key: str) -> Finding:
    for finding in findings:
        if finding.key == key.strip():
            return finding
    raise NotFound("check.unknown", key=key)
