"""What a published roadmap may show: an explicit allow-list of public fields, built from the data.

Nothing reaches the public edition, its open data or the public page except through
:func:`publishable`. It copies, field by field, what the public may read: no e-mail address, no phone
number, no person's name (participants, contact persons, survey respondents, team members), head counts
instead of attendance lists, the stakeholder map as counts per quadrant and type with organisations named
only where they agreed, and no list of who was (not) invited or did (not) come. Free texts are scrubbed
of e-mail addresses, phone numbers and the names of people who may not be named, in case a team wrote
one into a sentence.

The shapes follow open standards: actions OGP's commitment template (problem, how it answers the
consultation, lead and supporting bodies, milestones), indicators the IATI results structure (baseline,
targets and actuals per period), organisations Popolo's ``Organization``.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict

from roadmap.analysis.stakeholders import Quadrant, quadrant
from roadmap.domain.content import RoadmapAction, RoadmapData, Stakeholder
from roadmap.domain.schedule import month_start

SCHEMA_VERSION = "1.0"
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ADULT_AGE = 18

EMAIL_IN_TEXT = re.compile(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}")
# Ten digits or more, with the spaces, dots, dashes and brackets people write between them.
PHONE_IN_TEXT = re.compile(r"(?<![\w])\+?\(?\d(?:[\s().-]{0,2}\d){9,}(?![\w])")
REDACTED = "[…]"


class Public(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Organisation(Public):
    """A Popolo ``Organization``: an organisation that agreed to be named."""

    id: str
    name: str
    classification: str  # the stakeholder type: cso, university, public, …


class StakeholderCount(Public):
    quadrant: str  # manage_closely, keep_satisfied, keep_informed, monitor, unplaced
    type: str
    count: int


class Period(Public):
    """One period of an IATI result indicator: its target and (after monitoring) its actual value."""

    period_start: date | None = None
    period_end: date | None = None
    label: str  # "2027"
    target: float | None = None
    actual: float | None = None


class PublicIndicator(Public):
    """An IATI-style result indicator."""

    id: str
    title: str
    measure: str  # the unit
    kind: str  # output or outcome
    baseline: float | None = None
    target: float | None = None
    periods: list[Period] = []
    data_source: str = ""
    frequency: str = ""


class PublicAction(Public):
    """An action as an OGP commitment."""

    id: str
    code: str  # "1.2"
    goal: str  # the goal's code, "1"
    focus_area: str
    title: str
    problem: str  # the description: what it addresses and how
    lead: str  # the responsible unit
    supporting: list[str] = []  # partners that may be named
    supporting_unnamed: int = 0  # partners not named
    start: date | None = None
    end: date | None = None
    start_month: int | None = None
    end_month: int | None = None
    budget_try: float = 0
    funding: str = ""
    indicators: list[PublicIndicator] = []
    answers_inputs: list[str] = []  # the ids of the consultation inputs it answers


class PublicGoal(Public):
    id: str
    code: str
    focus_area: str
    title: str


class PublicFocusArea(Public):
    code: str
    title: str
    justification: str = ""


class PublicMeeting(Public):
    id: str
    code: str
    title: str
    audience: str  # internal or external
    day: date
    focus_areas: list[str] = []
    agenda: list[str] = []
    participants: int = 0
    women: int | None = None
    youth: int | None = None
    disability: int | None = None
    organisations: int = 0  # how many organisations attended: a count, never the list


class PublicInput(Public):
    id: str
    code: str  # "T2.1"
    meeting: str  # the meeting's id
    text: str
    focus_area: str = ""
    source_type: str = ""  # the stakeholder type of who said it, "" for a participant
    source: str = ""  # the organisation, only where it agreed to be named
    response: str = ""  # accepted, consider, not_possible
    reason: str = ""
    action: str = ""  # the id of the action it became


class PublicShare(Public):
    audience: str
    kind: str = ""
    channel: str = ""
    day: date | None = None
    response: str = ""


class DimensionScore(Public):
    id: str
    title: str
    staff: float | None = None
    civic: float | None = None


class PublicRoadmap(Public):
    """The published roadmap: everything the public edition, the open data and the public page show."""

    schema_version: str = SCHEMA_VERSION
    licence: str = LICENCE
    licence_url: str = LICENCE_URL
    language: str
    municipality: str  # its slug
    municipality_name: str
    province: str = ""
    programme: str = ""
    release: int = 0  # the release's number (0 before it is numbered)
    published: date | None = None
    start: date | None = None
    months: int = 0
    vision: str = ""
    summary: str = ""
    foreword: str = ""
    foreword_signatory: str = ""  # the official who signs it (a mayor), in that office
    foreword_title: str = ""
    team_size: int = 0
    team_directorates: list[str] = []
    team_hours: float = 0
    survey_staff: int = 0
    survey_civic: int = 0
    dimensions: list[DimensionScore] = []
    focus_areas: list[PublicFocusArea] = []
    stakeholders_total: int = 0
    stakeholder_counts: list[StakeholderCount] = []
    organisations: list[Organisation] = []
    meetings: list[PublicMeeting] = []
    inputs: list[PublicInput] = []
    goals: list[PublicGoal] = []
    actions: list[PublicAction] = []
    monitoring: str = ""
    monitoring_frequency: str = ""
    institutionalisation: str = ""
    shares: list[PublicShare] = []

    def action(self, action_id: str) -> PublicAction | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def inputs_of(self, action: PublicAction) -> list[PublicInput]:
        return [i for i in self.inputs if i.action == action.id or i.id in action.answers_inputs]


# --- who may be named, and scrubbing free text ----------------------------------------


def may_name(stakeholder: Stakeholder) -> bool:
    """An organisation is named only where it agreed."""
    return stakeholder.public_consent


def private_names(data: RoadmapData) -> set[str]:
    """Names of people the public edition never prints: participants, contact persons, survey
    respondents and the team's members (the team is shown by its directorates)."""
    names = {p.name for m in data.consultations.meetings for p in m.people}
    names |= {s.contact_person for s in data.stakeholders.stakeholders}
    names |= {r.respondent for r in data.needs.responses}
    names |= {m.name for m in data.team.members}
    names |= {m.facilitator for m in data.consultations.meetings}
    # The municipality's own units are not people ("Yazı İşleri" as a facilitator or contact).
    units = " | ".join(
        [s.name for s in data.stakeholders.stakeholders if s.internal]
        + [m.directorate for m in data.team.members]
    )
    return {
        n.strip()
        for n in names
        if len(n.split()) >= 2 and all(word[0].isalpha() for word in n.split()) and n.strip() not in units
    }


def unnamed_organisations(data: RoadmapData) -> set[str]:
    """Organisations that did not agree to be named (outside the municipality's own units)."""
    return {s.name for s in data.stakeholders.stakeholders if not may_name(s) and not s.internal}


def _name_pattern(name: str) -> str:
    """A name as people write it: any spacing or line break between its words, and surname first
    ("Yılmaz, Ayşe"), as well as written in full ("Ayşe Yılmaz")."""
    words = [re.escape(word) for word in name.split()]
    if len(words) < 2:
        return r"\s+".join(words)
    forward = r"\s+".join(words)
    surname_first = words[-1] + r",?\s+" + r"\s+".join(words[:-1])
    return f"{forward}|{surname_first}"


class Scrubber:
    """Takes e-mail addresses, phone numbers and names that may not appear out of a free text."""

    def __init__(self, names: set[str]) -> None:
        ordered = sorted(names, key=len, reverse=True)
        alternatives = "|".join(_name_pattern(n) for n in ordered)
        self._names = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if ordered else None

    def __call__(self, text: str) -> str:
        text = EMAIL_IN_TEXT.sub(REDACTED, text)
        text = PHONE_IN_TEXT.sub(REDACTED, text)
        if self._names is not None:
            text = self._names.sub(REDACTED, text)
        return text


# --- the allow-list ------------------------------------------------------------------


def _periods(milestones: str, start: date | None) -> list[Period]:
    """ "2027: 60; 2028: 100" as IATI periods; what does not read so stays out (the text is kept)."""
    periods = []
    for part in re.split(r"[;\n]", milestones):
        found = re.fullmatch(r"\s*((?:19|20)\d\d)\s*[:=]\s*%?\s*(-?\d+(?:[.,]\d+)?)\s*%?\s*", part)
        if found:
            year = int(found.group(1))
            periods.append(
                Period(
                    label=str(year),
                    period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31),
                    target=float(found.group(2).replace(",", ".")),
                )
            )
    return periods


def _action(
    data: RoadmapData, goal_code: str, code: str, focus_area: str, action: RoadmapAction, clean: Scrubber
) -> PublicAction:
    plan = data.plan
    by_name = {s.name: s for s in data.stakeholders.stakeholders}
    named = [p for p in action.partners if p in by_name and (may_name(by_name[p]) or by_name[p].internal)]
    start = month_start(plan.start, action.start_month) if plan.start and action.start_month else None
    end = month_start(plan.start, action.end_month) if plan.start and action.end_month else None
    return PublicAction(
        id=action.id,
        code=code,
        goal=goal_code,
        focus_area=focus_area,
        title=clean(action.title),
        problem=clean(action.description),
        lead=clean(action.responsible),
        supporting=named,
        supporting_unnamed=len(action.partners) - len(named),
        start=start,
        end=end,
        start_month=action.start_month,
        end_month=action.end_month,
        budget_try=action.budget_try,
        funding=clean(action.funding),
        indicators=[
            PublicIndicator(
                id=i.id,
                title=clean(i.name),
                measure=clean(i.unit),
                kind=i.kind,
                baseline=i.baseline,
                target=i.target,
                periods=_periods(i.milestones, plan.start),
                data_source=clean(i.data_source),
                frequency=clean(i.frequency),
            )
            for i in action.indicators
        ],
        answers_inputs=[given.id for _, given in data.answered_by(action)],
    )


def _stakeholder_counts(data: RoadmapData) -> list[StakeholderCount]:
    counts: dict[tuple[str, str], int] = {}
    for s in data.stakeholders.stakeholders:
        where = quadrant(s.power, s.interest).value if s.power and s.interest else "unplaced"
        counts[(where, s.type.value)] = counts.get((where, s.type.value), 0) + 1
    order = [q.value for q in Quadrant] + ["unplaced"]
    return [
        StakeholderCount(quadrant=q, type=t, count=n)
        for (q, t), n in sorted(counts.items(), key=lambda item: (order.index(item[0][0]), item[0][1]))
    ]


def publishable(
    data: RoadmapData,
    lang: str,
    dimension_titles: dict[str, str],
    scores: dict[str, tuple[float | None, float | None]],
    focus_titles: dict[str, str],
) -> PublicRoadmap:
    """The public roadmap: only the allow-listed fields of ``data`` (already in ``lang``)."""
    clean = Scrubber(private_names(data) | unnamed_organisations(data))
    plan, consultations = data.plan, data.consultations
    by_name = {s.name: s for s in data.stakeholders.stakeholders}
    input_codes = consultations.input_codes()
    meetings = consultations.held()
    goals, actions = [], []
    for g, goal in enumerate(plan.goals, start=1):
        goals.append(PublicGoal(id=goal.id, code=str(g), focus_area=goal.focus_area, title=clean(goal.title)))
        for a, action in enumerate(goal.actions, start=1):
            actions.append(_action(data, str(g), f"{g}.{a}", goal.focus_area, action, clean))
    inputs = []
    for meeting in meetings:
        for given in meeting.inputs:
            source = by_name.get(given.source)
            inputs.append(
                PublicInput(
                    id=given.id,
                    code=input_codes.get(given.id, ""),
                    meeting=meeting.id,
                    text=clean(given.text),
                    focus_area=given.focus_area,
                    source_type=source.type.value if source else "",
                    source=source.name if source and (may_name(source) or source.internal) else "",
                    response=given.response.value if given.response else "",
                    reason=clean(given.reason),
                    action=given.action,
                )
            )
    monitoring = plan.monitoring
    return PublicRoadmap(
        language=lang,
        municipality=data.slug,
        municipality_name=data.name,
        province=data.province,
        programme=data.programme,
        start=plan.start,
        months=plan.months,
        vision=clean(plan.vision),
        summary=clean(plan.summary),
        foreword=clean(plan.foreword.text),
        foreword_signatory=plan.foreword.signatory,
        foreword_title=plan.foreword.title,
        team_size=len(data.team.members),
        team_directorates=sorted({m.directorate for m in data.team.members}),
        team_hours=data.team.total_hours(),
        survey_staff=sum(1 for r in data.needs.responses if r.group == "staff"),
        survey_civic=sum(1 for r in data.needs.responses if r.group == "civic"),
        dimensions=[
            DimensionScore(id=key, title=dimension_titles.get(key, key), staff=staff, civic=civic)
            for key, (staff, civic) in scores.items()
        ],
        focus_areas=[
            PublicFocusArea(
                code=c.code,
                title=focus_titles.get(c.code, c.title or c.code),
                justification=clean(c.justification),
            )
            for c in data.focus.selected()
        ],
        stakeholders_total=len(data.stakeholders.stakeholders),
        stakeholder_counts=_stakeholder_counts(data),
        organisations=[
            Organisation(id=s.id, name=s.name, classification=s.type.value)
            for s in data.stakeholders.stakeholders
            if may_name(s)
        ],
        meetings=[
            PublicMeeting(
                id=m.id,
                code=m.code,
                title=clean(m.title),
                audience=m.audience,
                day=m.day,
                focus_areas=list(m.focus_areas),
                agenda=[clean(line) for line in m.agenda],
                participants=m.participants.total or len(m.people),
                women=m.participants.women,
                youth=m.participants.youth,
                disability=m.participants.disability,
                organisations=len(m.attended),
            )
            for m in meetings
        ],
        inputs=inputs,
        goals=goals,
        actions=actions,
        monitoring=clean(" — ".join(x for x in (monitoring.reviewer, monitoring.with_whom) if x)),
        monitoring_frequency=clean(monitoring.frequency),
        institutionalisation=clean(
            " — ".join(x for x in (plan.institutionalisation.unit, plan.institutionalisation.decision) if x)
        ),
        shares=[
            PublicShare(
                audience=clean(s.audience),
                kind=s.kind.value if s.kind else "",
                channel=clean(s.channel),
                day=s.day,
                response=clean(s.response),
            )
            for s in data.share.shares
            if s.done
        ],
    )


class PublicStatus(Public):
    """What the public page shows of an action's monitoring: its latest status on the IRM scale, the
    quarter it was reported for, whether a consultant verified a completion, and its evidence links.
    Nothing else of a check-in is public: not its texts (they may name people), not its files, not
    who recorded it."""

    action_id: str
    period: str
    status: str  # not_started, limited, substantial, complete, withdrawn
    verified: bool = False
    links: list[str] = []  # web addresses given as evidence, without any that carry a contact


def public_links(evidence: list[dict[str, str]]) -> list[str]:
    """The evidence a stranger may follow: web addresses (http/https) with no e-mail or phone in them."""
    return [
        item["ref"]
        for item in evidence
        if item.get("kind") == "link"
        and item.get("ref", "").lower().startswith(("https://", "http://"))
        and not EMAIL_IN_TEXT.search(item["ref"])
        and not PHONE_IN_TEXT.search(item["ref"])
        and "@" not in item["ref"]
    ]
