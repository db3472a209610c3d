"""The stakeholder map over time: where each stakeholder stands after each round, what moved and why,
what the evidence suggests, and which key stakeholders have not been heard from for two quarters.

Pure functions over the approved map, the consultations, the roadmap and the rounds: no I/O.
Evidence matches names the way the coverage report does (Turkish-aware folding).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from roadmap.analysis.stakeholders import Quadrant, quadrant
from roadmap.domain.content import Consultations, RoadmapPlan, Stakeholder
from roadmap.domain.rounds import MAX_SCORE, RoundKind, Standing, quarter_index, quarter_label
from roadmap.i18n import Message, msg
from roadmap.text import fold_name

SILENT_QUARTERS = 2  # a key stakeholder not heard from for this many quarters is flagged


class RoundScore(BaseModel):
    stakeholder_id: str
    power: int
    interest: int
    reason: str = ""
    contact: bool = False
    recorded_by: str = ""


class RoundRecord(BaseModel):
    label: str
    kind: RoundKind
    day: date
    version: int
    opened_by: str
    scores: dict[str, RoundScore] = {}


class Move(BaseModel):
    """A stakeholder whose place on the grid changed in a round, and the reason given."""

    stakeholder_id: str
    code: str
    name: str
    before: Standing
    after: Standing
    reason: str


class Evidence(BaseModel):
    """What the records show of a stakeholder's involvement."""

    meetings: list[tuple[date, str]] = []  # held meetings they attended: day and title
    input_days: list[date] = []  # the days of the meetings where they gave an input
    partner_of: list[str] = []  # codes of the actions they are a partner of

    def contact_days(self) -> list[date]:
        return [day for day, _ in self.meetings] + self.input_days


class Suggestion(BaseModel):
    """A higher score the evidence points to; the reasons are messages, said at the edge."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    stakeholder_id: str
    code: str
    name: str
    field: str  # "power" or "interest"
    current: int
    suggested: int
    reasons: list[Message]


class SilentFlag(BaseModel):
    """A key stakeholder (any quadrant but "monitor") without contact for two quarters or more."""

    stakeholder_id: str
    code: str
    name: str
    quadrant: Quadrant
    last_contact: date | None
    silent: list[str]  # the quarters without contact, up to the one of the day it was judged


def baseline(stakeholders: list[Stakeholder]) -> dict[str, Standing]:
    """The approved map's scores, for those that have both."""
    return {
        s.id: Standing(s.power, s.interest)
        for s in stakeholders
        if s.power is not None and s.interest is not None
    }


def standings(stakeholders: list[Stakeholder], rounds: list[RoundRecord]) -> list[dict[str, Standing]]:
    """Where everyone stands after each round (a stakeholder not scored in a round keeps its place)."""
    current = baseline(stakeholders)
    after: list[dict[str, Standing]] = []
    for record in rounds:
        current = {**current, **{k: Standing(v.power, v.interest) for k, v in record.scores.items()}}
        after.append(current)
    return after


def moves(
    stakeholders: list[Stakeholder], rounds: list[RoundRecord], index: int, codes: dict[str, str]
) -> list[Move]:
    """What changed in round ``index`` against the round before it (the first: against the map)."""
    every = standings(stakeholders, rounds)
    before = every[index - 1] if index > 0 else baseline(stakeholders)
    found = []
    for s in stakeholders:
        score = rounds[index].scores.get(s.id)
        if score is None or s.id not in every[index]:
            continue
        old, new = before.get(s.id), every[index][s.id]
        if old is not None and old != new:
            found.append(
                Move(
                    stakeholder_id=s.id,
                    code=codes[s.id],
                    name=s.name,
                    before=old,
                    after=new,
                    reason=score.reason,
                )
            )
    return found


def evidence(
    stakeholders: list[Stakeholder], consultations: Consultations, plan: RoadmapPlan
) -> dict[str, Evidence]:
    """Each stakeholder's meetings attended, inputs given and actions partnered, matched by name."""
    by_name = {fold_name(s.name): s.id for s in stakeholders}
    found = {s.id: Evidence() for s in stakeholders}
    for meeting in consultations.held():
        for name in meeting.attended:
            if fold_name(name) in by_name:
                found[by_name[fold_name(name)]].meetings.append((meeting.day, meeting.title))
        for given in meeting.inputs:
            if given.source and fold_name(given.source) in by_name:
                found[by_name[fold_name(given.source)]].input_days.append(meeting.day)
    for code, action in plan.codes().items():
        for name in action.partners:
            if fold_name(name) in by_name:
                found[by_name[fold_name(name)]].partner_of.append(code)
    return found


def _last_answered(rounds: list[RoundRecord], stakeholder_id: str) -> date | None:
    """The day of the latest round that gave this stakeholder's score a reason (changed or kept)."""
    days = [r.day for r in rounds if stakeholder_id in r.scores and r.scores[stakeholder_id].reason]
    return max(days) if days else None


def suggestions(
    stakeholders: list[Stakeholder],
    rounds: list[RoundRecord],
    found: dict[str, Evidence],
    codes: dict[str, str],
    plan_start: date | None = None,
) -> list[Suggestion]:
    """A higher interest for a stakeholder who attended meetings, gave inputs or became a partner of an
    action; a higher power for a partner. Only where the score is not above the approved map's yet,
    and until a round dated after the evidence gives that stakeholder's score a reason (raised, or
    kept with the team's reason why)."""
    first = baseline(stakeholders)
    now = standings(stakeholders, rounds)[-1] if rounds else first
    result = []
    for s in stakeholders:
        if s.id not in now:
            continue
        proof = found[s.id]
        latest_proof = max(proof.contact_days(), default=plan_start if proof.partner_of else None)
        answered = _last_answered(rounds, s.id)
        if answered is not None and (latest_proof is None or answered >= latest_proof):
            continue  # the team has weighed this stakeholder since the evidence
        interest: list[Message] = []
        if proof.meetings:
            titles = ", ".join(title for _, title in proof.meetings)
            interest.append(msg("rounds.suggest.attended", count=len(proof.meetings), meetings=titles))
        if proof.input_days:
            interest.append(msg("rounds.suggest.inputs", count=len(proof.input_days)))
        power: list[Message] = []
        if proof.partner_of:
            said = msg(
                "rounds.suggest.partner", count=len(proof.partner_of), actions=", ".join(proof.partner_of)
            )
            interest.append(said)
            power.append(said)
        for field, reasons in (("interest", interest), ("power", power)):
            value = getattr(now[s.id], field)
            if reasons and value < MAX_SCORE and value <= getattr(first[s.id], field):
                result.append(
                    Suggestion(
                        stakeholder_id=s.id,
                        code=codes[s.id],
                        name=s.name,
                        field=field,
                        current=value,
                        suggested=value + 1,
                        reasons=reasons,
                    )
                )
    return result


def silent_key_stakeholders(
    stakeholders: list[Stakeholder],
    rounds: list[RoundRecord],
    found: dict[str, Evidence],
    codes: dict[str, str],
    as_of: date,
    since: date,
) -> list[SilentFlag]:
    """Key stakeholders (high power or high interest) with no contact (a meeting attended, an input,
    a contact logged in a round) in two quarters or more: the quarters after their last contact's,
    from the quarter of ``since`` (the roadmap's start) up to the one of ``as_of``."""
    now = standings(stakeholders, rounds)[-1] if rounds else baseline(stakeholders)
    flags = []
    for s in stakeholders:
        if s.id not in now or quadrant(*now[s.id]) == Quadrant.MONITOR:
            continue
        logged = [r.day for r in rounds if s.id in r.scores and r.scores[s.id].contact]
        days = [d for d in found[s.id].contact_days() + logged if d <= as_of]
        last = max(days) if days else None
        first = max(quarter_index(since), quarter_index(last) + 1 if last else 0)
        silent = [quarter_label(i) for i in range(first, quarter_index(as_of) + 1)]
        if len(silent) >= SILENT_QUARTERS:
            flags.append(
                SilentFlag(
                    stakeholder_id=s.id,
                    code=codes[s.id],
                    name=s.name,
                    quadrant=quadrant(*now[s.id]),
                    last_contact=last,
                    silent=silent,
                )
            )
    return flags
