"""The stakeholder map over time: open a re-assessment round, record scores in it, read the rounds.

Rounds begin once the stakeholder map (stage 3) is approved. The approved map is never changed: each
round keeps its own scores by the stakeholder's record id, and only the latest round takes new
scores, so an earlier round stays as it was recorded. A changed score needs a reason; a refused
entry stores nothing of the whole request.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.analysis.rounds import (
    Evidence,
    Move,
    RoundRecord,
    RoundScore,
    SilentFlag,
    Suggestion,
    baseline,
    evidence,
    moves,
    silent_key_stakeholders,
    standings,
    suggestions,
)
from roadmap.domain.content import RoadmapData, Stakeholder
from roadmap.domain.permissions import Permission
from roadmap.domain.rounds import (
    RoundKind,
    ScoreEntry,
    Standing,
    checked_score,
    find_stakeholder,
    round_from_label,
    round_label,
    stakeholder_codes,
)
from roadmap.domain.stages import Stage, Status
from roadmap.errors import InvalidInput, NotFound, StaleVersion, TransitionRefused
from roadmap.i18n import msg, record_text
from roadmap.services.access import Who, authorise, can, resolve_actor
from roadmap.store.db import unit_of_work
from roadmap.store.repository import roadmap_data
from roadmap.store.tables import AuditRecord, Municipality, StakeholderRound, StakeholderScore, User

OPENED, REASSESSED = "round_opened", "reassessed"


class RoundsView(BaseModel):
    """Everything the rounds page and ``roadmap stakeholders rounds`` show."""

    slug: str
    name: str
    approved: bool  # the map is approved: rounds may be opened
    may_edit: bool
    stakeholders: list[Stakeholder]
    codes: dict[str, str]
    baseline: dict[str, Standing]
    rounds: list[RoundRecord]
    after: list[dict[str, Standing]]  # where everyone stands after each round
    moves: dict[str, list[Move]]  # by round label
    evidence: dict[str, Evidence]
    suggestions: list[Suggestion]
    flags: list[SilentFlag]
    as_of: date

    def find(self, label: str) -> int:
        """The index of the round labelled ``label``."""
        for index, record in enumerate(self.rounds):
            if record.label == label:
                return index
        raise NotFound("rounds.not_found", label=label)

    def before(self, index: int) -> dict[str, Standing]:
        return self.after[index - 1] if index > 0 else self.baseline


class ReassessResult(BaseModel):
    label: str
    opened: bool  # the round was opened by this request
    recorded: int
    contacts: int
    moves: list[Move]
    version: int


def round_rows(session: Session, municipality: Municipality) -> list[StakeholderRound]:
    return list(
        session.exec(
            select(StakeholderRound)
            .where(StakeholderRound.municipality_id == municipality.id)
            .order_by(col(StakeholderRound.day), col(StakeholderRound.id))
        ).all()
    )


def _records(session: Session, rows: list[StakeholderRound]) -> list[RoundRecord]:
    ids = [r.id for r in rows]
    scores = session.exec(select(StakeholderScore).where(col(StakeholderScore.round_id).in_(ids))).all()
    by_round: dict[int, dict[str, RoundScore]] = {}
    for s in scores:
        by_round.setdefault(s.round_id, {})[s.stakeholder_id] = RoundScore(
            stakeholder_id=s.stakeholder_id,
            power=s.power,
            interest=s.interest,
            reason=s.reason,
            contact=s.contact,
            recorded_by=s.recorded_by,
        )
    return [
        RoundRecord(
            label=r.label,
            kind=RoundKind(r.kind),
            day=r.day,
            version=r.version,
            opened_by=r.opened_by,
            scores=by_round.get(r.id or 0, {}),
        )
        for r in rows
    ]


def _approved_map(data: RoadmapData) -> list[Stakeholder]:
    if data.statuses[Stage.STAKEHOLDERS] != Status.APPROVED:
        raise TransitionRefused("rounds.map_not_approved")
    return data.stakeholders.stakeholders


def _audit(session: Session, actor: User, municipality: Municipality, action: str, comment: str) -> None:
    session.add(
        AuditRecord(
            actor=actor.email,
            municipality_id=municipality.id,
            stage=int(Stage.STAKEHOLDERS),
            action=action,
            comment=comment[:4000],
        )
    )


def _open(
    session: Session, actor: User, municipality: Municipality, day: date, kind: RoundKind
) -> StakeholderRound:
    rows = round_rows(session, municipality)
    label = round_label(day, kind)
    if any(r.label == label for r in rows):
        raise InvalidInput("rounds.exists", label=label, field="day")
    if rows and day < rows[-1].day:
        raise InvalidInput("rounds.before_latest", label=label, latest=rows[-1].label, field="day")
    row = StakeholderRound(
        municipality_id=municipality.id or 0, label=label, kind=kind.value, day=day, opened_by=actor.email
    )
    session.add(row)
    session.flush()
    _audit(session, actor, municipality, OPENED, record_text("rounds.audit_opened", label=label))
    return row


def open_round(who: Who, slug: str, day: date | None = None, on_demand: bool = False) -> RoundRecord:
    """Open a re-assessment round: the quarter of ``day`` (today if not given), or one on demand."""
    with unit_of_work() as session:
        actor = resolve_actor(session, who)
        municipality = authorise(session, actor, Permission.EDIT, slug)
        _approved_map(roadmap_data(session, municipality))
        kind = RoundKind.ON_DEMAND if on_demand else RoundKind.QUARTER
        row = _open(session, actor, municipality, day or date.today(), kind)
        return _records(session, [row])[0]


def _change_note(code: str, name: str, before: Standing | None, after: Standing, reason: str) -> str:
    old = f"{before.power}/{before.interest}" if before else "—"
    return f"{code} {name}: {old} → {after.power}/{after.interest} ({reason})"


def reassess(
    who: Who,
    slug: str,
    label: str,
    entries: list[ScoreEntry],
    version: int | None = None,
    today: date | None = None,
) -> ReassessResult:
    """Record scores (and contacts) in the round ``label``, opening it if it is a new quarter or day.

    Only the latest round takes scores; every changed score needs its reason; ``version`` (the form's)
    must be the round's current one. On any problem nothing is stored.
    """
    with unit_of_work() as session:
        actor = resolve_actor(session, who)
        municipality = authorise(session, actor, Permission.EDIT, slug)
        stakeholders = _approved_map(roadmap_data(session, municipality))
        rows = round_rows(session, municipality)
        row = next((r for r in rows if r.label == label.strip()), None)
        opened = row is None
        if row is None:
            kind, day = round_from_label(label, today or date.today())
            row = _open(session, actor, municipality, day, kind)
            rows = round_rows(session, municipality)
        if row is not rows[-1]:
            raise TransitionRefused("rounds.not_latest", label=row.label, latest=rows[-1].label)
        if version is not None and version != row.version:
            raise StaleVersion("rounds.stale", given=version, current=row.version)
        records = _records(session, rows)
        # A change is judged against the round before this one (the first round: the approved map).
        start = standings(stakeholders, records[:-1])[-1] if len(records) > 1 else baseline(stakeholders)
        codes = stakeholder_codes(stakeholders)
        existing = {
            s.stakeholder_id: s
            for s in session.exec(select(StakeholderScore).where(StakeholderScore.round_id == row.id)).all()
        }
        problems, notes, seen = [], [], set()
        recorded = contacts = 0
        for entry in entries:
            s = find_stakeholder(stakeholders, entry.stakeholder)
            if s.id in seen:
                raise InvalidInput("rounds.twice", name=s.name, field="stakeholder")
            seen.add(s.id)
            old = start.get(s.id)
            kept = existing.get(s.id)
            current = Standing(kept.power, kept.interest) if kept else old
            power = checked_score(entry.power, s.name, "power") if entry.power is not None else None
            interest = (
                checked_score(entry.interest, s.name, "interest") if entry.interest is not None else None
            )
            if current is None and (power is None or interest is None):
                raise InvalidInput("rounds.both_scores", name=s.name, field="power")
            new = Standing(
                power if power is not None else current.power,  # type: ignore[union-attr]
                interest if interest is not None else current.interest,  # type: ignore[union-attr]
            )
            # Scores as already recorded in this round keep the reason they were given.
            reason = entry.reason.strip() or (kept.reason if kept and new == current else "")
            if new != old and not reason:
                problems.append(msg("rounds.reason_missing", code=codes[s.id], name=s.name))
                continue
            score = kept or StakeholderScore(
                round_id=row.id or 0, stakeholder_id=s.id, power=0, interest=0, recorded_by=""
            )
            score.power, score.interest = new
            score.reason = reason[:2000]  # kept for an unchanged score too: it answers a suggestion
            score.contact = entry.contact if entry.contact is not None else bool(kept and kept.contact)
            score.recorded_by = actor.email
            session.add(score)
            recorded += 1
            contacts += int(score.contact)
            if new != old:
                notes.append(_change_note(codes[s.id], s.name, old, new, reason))
        if problems:
            raise InvalidInput("rounds.reason_required", problems, field="reason")
        row.version += 1
        session.add(row)
        summary = record_text("rounds.audit_reassessed", label=row.label, count=recorded)
        _audit(session, actor, municipality, REASSESSED, "\n".join([summary, *notes]))
        session.flush()
        records = _records(session, round_rows(session, municipality))
        changed = moves(stakeholders, records, len(records) - 1, codes)
        return ReassessResult(
            label=row.label,
            opened=opened,
            recorded=recorded,
            contacts=contacts,
            moves=changed,
            version=row.version,
        )


def stakeholder_rounds(who: Who, slug: str, today: date | None = None) -> RoundsView:
    """The rounds so far, what moved in each, the evidence's suggestions and the silent key
    stakeholders (judged on ``today``, or the latest round's day if that is later)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, who)
        municipality = authorise(session, actor, Permission.SEE, slug)
        data = roadmap_data(session, municipality)
        records = _records(session, round_rows(session, municipality))
        may_edit = can(session, actor, Permission.EDIT, municipality)
    people = data.stakeholders.stakeholders
    codes = stakeholder_codes(people)
    found = evidence(people, data.consultations, data.plan)
    as_of = max([today or date.today(), *(r.day for r in records)])
    # Silence counts from the roadmap's start (monitoring begins then), else from the first round.
    since = data.plan.start or (records[0].day if records else as_of)
    return RoundsView(
        slug=slug,
        name=data.name,
        approved=data.statuses[Stage.STAKEHOLDERS] == Status.APPROVED,
        may_edit=may_edit,
        stakeholders=people,
        codes=codes,
        baseline=baseline(people),
        rounds=records,
        after=standings(people, records),
        moves={r.label: moves(people, records, i, codes) for i, r in enumerate(records)},
        evidence=found,
        suggestions=suggestions(people, records, found, codes, data.plan.start),
        flags=silent_key_stakeholders(people, records, found, codes, as_of, since),
        as_of=as_of,
    )
