"""The consultant's checklist, one implementation for the CLI, the web pages and the document: every
stage's gate and the chain checks, with the team's recorded reasons and the consultant's waivers."""

from __future__ import annotations

from pydantic import BaseModel

from roadmap.analysis.chain import chain_findings, resolve
from roadmap.analysis.needs import NeedsFindings
from roadmap.domain.checklist import CheckRules, Finding, RecordRef, Severity, check_rules, counts
from roadmap.domain.content import Explanation, RoadmapData, StageContent
from roadmap.domain.stages import Stage, Status
from roadmap.domain.validation import ProgrammeRules, validate_stage
from roadmap.domain.workflow import is_open
from roadmap.errors import NotFound, TransitionRefused
from roadmap.services.access import actor_and_municipality
from roadmap.store.db import unit_of_work
from roadmap.store.repository import roadmap_data, stage_records
from roadmap.store.tables import StageRecord


class CheckReport(BaseModel):
    slug: str
    name: str
    findings: list[Finding]

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocks]

    def counts(self) -> dict[str, int]:
        return counts(self.findings)


def gate_findings(
    data: RoadmapData, records: dict[Stage, StageRecord], rules: ProgrammeRules
) -> list[Finding]:
    """What each open stage not yet approved still lacks before it can be submitted, as checklist points
    (a stage still locked behind the one before it has nothing to answer yet)."""
    found = []
    for stage, status in sorted(data.statuses.items()):
        if status == Status.APPROVED or not is_open(stage, data.statuses, records[stage].opened_early):
            continue
        for problem in validate_stage(stage, data.content(stage), data, rules):
            found.append(
                Finding(
                    code=problem.key,
                    family="problem",
                    severity=Severity.BLOCKING if problem.severity == "error" else Severity.WARNING,
                    stage=stage,
                    gates=stage,
                    record=RecordRef(kind="stage", code=str(int(stage))),
                    params=problem.params,
                )
            )
    return found


def checklist(
    data: RoadmapData,
    records: dict[Stage, StageRecord],
    rules: ProgrammeRules | None = None,
    checks: CheckRules | None = None,
    needs: NeedsFindings | None = None,
) -> list[Finding]:
    """Every point of the checklist for one municipality, open ones first, each with its resolution."""
    found = gate_findings(data, records, rules or ProgrammeRules()) + chain_findings(
        data, checks or check_rules(), needs
    )
    waivers = {stage: dict(record.waivers) for stage, record in records.items()}
    return resolve(found, data, waivers)


def check_roadmap(email: str | None, slug: str, stage: Stage | None = None) -> CheckReport:
    """The checklist of one municipality (of one stage, if asked), for anyone who may see it."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        records = stage_records(session, municipality)
        findings = checklist(roadmap_data(session, municipality, records), records)
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
        finding = _find(checklist(data, records), key)
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


def finding_keys(data: RoadmapData, records: dict[Stage, StageRecord], stage: Stage) -> set[str]:
    """The keys a consultant may waive on a stage: its points of the checklist, and its gate's."""
    return {f.key for f in checklist(data, records) if f.stage == stage}
