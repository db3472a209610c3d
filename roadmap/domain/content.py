"""Typed content of each stage: what a team fills in, as pydantic models.

Every record inside a stage (a team member, a stakeholder, a meeting, an input, an action, …) is a
:class:`Record` with an ``id`` that survives edits, imports and bundles; links between records use
ids, and people see codes derived from them ("Eylem 2.1", "T3.2").
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from datetime import time as dt_time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from roadmap.domain.catalogues import Programme, bundled_programme
from roadmap.domain.safe_text import xml_unsafe
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, field_problems, keyed_error

# One @, something on each side, a dot in the domain: catches typos, not every RFC 5322 corner.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class Translatable:
    """Marks a text the team writes for the document's readers: it may carry an English version
    (``StageContent.translations``), and the English edition prints that version."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = Translatable()
Words = Annotated[ShortText, TRANSLATABLE]  # a short text of the team's, translatable
Prose = Annotated[Text, TRANSLATABLE]  # a paragraph or more of the team's, translatable
WordList = Annotated[list[ShortText], TRANSLATABLE]  # lines of the team's (an agenda), each translatable
Score = Annotated[int, Field(ge=1, le=5)]


STORED = "stored"  # validation context: content read back from the database (``{STORED: True}``),
# whose texts and record ids were checked when it was written: not walked again on reading


class Content(BaseModel):
    """Base for stage content: strict about unknown fields and unsafe characters."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str) and xml_unsafe(value) and not (info.context and info.context.get(STORED)):
            raise keyed_error("input.control_character")
        return value


RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def new_record_id() -> str:
    """A new record's id: short, random, never reused (12 hex digits)."""
    return uuid.uuid4().hex[:12]


def _record_id(value: str) -> str:
    if not RECORD_ID.fullmatch(value):
        raise keyed_error("input.record_id", value=value)
    return value


RecordId = Annotated[str, AfterValidator(_record_id)]


class Record(Content):
    """A record inside stage content; ``id`` identifies it for good (a new one gets a fresh id)."""

    id: RecordId = Field(default_factory=new_record_id)


def records_in(value: object) -> Iterator[Record]:
    """Every record inside ``value`` (a stage's content or part of it), depth first."""
    if isinstance(value, Record):
        yield value
    if isinstance(value, BaseModel):
        children: Iterable[object] = (getattr(value, name) for name in type(value).model_fields)
    elif isinstance(value, list):
        children = value
    else:
        return
    for child in children:  # texts and numbers hold no records: not worth a generator each
        if isinstance(child, BaseModel | list):
            yield from records_in(child)


def renumber_records(value: object, make_id: Callable[[], str]) -> None:
    """Give every record inside ``value`` a new id from ``make_id`` (a generator's seeded ids)."""
    for record in records_in(value):
        record.id = make_id()


class Explanation(Record):
    """The team's recorded reason for a point of the checklist it leaves as it is ("Bu boyut için ikinci
    dönemde eylem planlanacak"): kept with the stage, shown to the consultant, printed where it matters."""

    check: ShortText = Field(min_length=2)  # the finding's code: "needs.no_action"
    subject: ShortText = ""  # what it is about: a record's id, a dimension's id, a focus area's code
    text: Prose = Field(min_length=2)


class Translation(Content):
    """The English version of one of the team's texts, with the Turkish it translates: when the Turkish
    changes, the translation is out of date and the English edition says so instead of printing it."""

    unit: ShortText = Field(min_length=3)  # where the text is: "<record id>/<field>", "plan/vision"
    source: Text = ""  # the Turkish text it was made from
    text: Text = ""  # the English


class StageContent(Content):
    """A stage's whole content: record ids are unique inside it, the team's reasons for the points of
    the checklist it answers with words rather than changes, and the English versions of its texts."""

    explanations: list[Explanation] = []
    translations: list[Translation] = []

    def explanation(self, check: str, subject: str = "") -> Explanation | None:
        return next((e for e in self.explanations if e.check == check and e.subject == subject), None)

    @model_validator(mode="after")
    def _unique_record_ids(self, info: ValidationInfo) -> StageContent:
        if info.context and info.context.get(STORED):  # checked when it was written: not again on reading
            return self
        seen: set[str] = set()
        for record in records_in(self):
            if record.id in seen:
                raise keyed_error("input.record_id_twice", id=record.id)
            seen.add(record.id)
        return self


# --- 0 coordination team -------------------------------------------------------------


def _email(value: str) -> str:
    if value and not EMAIL.fullmatch(value):
        raise keyed_error("input.email", value=value)
    return value


Email = Annotated[ShortText, AfterValidator(_email)]


class TeamMember(Record):
    name: ShortText = Field(min_length=2)
    directorate: Words = Field(min_length=2)
    role: Words = ""
    email: Email = ""
    phone: ShortText = ""
    is_coordinator: bool = False


class HoursEntry(Record):
    day: date
    member: ShortText
    hours: float = Field(gt=0, le=24)
    activity: ShortText = ""


class CoordinationTeam(StageContent):
    members: list[TeamMember] = []
    hours: list[HoursEntry] = []

    def total_hours(self) -> float:
        return sum(entry.hours for entry in self.hours)


# --- 1 needs analysis ----------------------------------------------------------------


class RespondentGroup(StrEnum):
    STAFF = "staff"
    CIVIC = "civic"


class SurveyResponse(Content):
    respondent: ShortText = Field(min_length=1)
    group: RespondentGroup
    organisation: ShortText = ""
    directorate: ShortText = ""  # staff surveys: the respondent's directorate, for findings by directorate
    answers: dict[str, Score | None] = {}


class NeedsAnalysis(StageContent):
    responses: list[SurveyResponse] = []
    notes: Text = ""

    def count(self, group: RespondentGroup) -> int:
        return sum(1 for r in self.responses if r.group == group)


# --- 2 focus areas -------------------------------------------------------------------


class StrategicGoal(Content):
    ref: ShortText = Field(min_length=1)
    title: Words = Field(min_length=2)


class FocusWeights(Content):
    """How much each part counts in a focus area's score; the team may change them."""

    need: float = Field(default=0.4, ge=0, le=10)
    strategy: float = Field(default=0.2, ge=0, le=10)
    local: float = Field(default=0.2, ge=0, le=10)
    feasibility: float = Field(default=0.2, ge=0, le=10)

    @model_validator(mode="after")
    def _not_all_zero(self) -> FocusWeights:
        if self.need + self.strategy + self.local + self.feasibility == 0:
            raise keyed_error("input.weights_zero")
        return self

    def total(self) -> float:
        return self.need + self.strategy + self.local + self.feasibility


class FocusCandidate(Content):
    """A catalogue focus area (by code) or the team's own (code, title, description, dimensions)."""

    code: ShortText = Field(min_length=2)
    title: Words = ""
    description: Prose = ""
    dimensions: list[ShortText] = []
    selected: bool = False
    justification: Prose = ""
    linked_dimension: ShortText = ""
    strategic_goal: ShortText = ""
    local_priority: Score = 3
    feasibility: Score = 3


class FocusAreas(StageContent):
    strategic_goals: list[StrategicGoal] = []
    local_priorities: WordList = []
    weights: FocusWeights = FocusWeights()
    candidates: list[FocusCandidate] = []

    def selected(self) -> list[FocusCandidate]:
        return [c for c in self.candidates if c.selected]


# --- 3 stakeholder map ---------------------------------------------------------------


class StakeholderType(StrEnum):
    DIRECTORATE = "directorate"
    COUNCIL = "council"
    KENT_KONSEYI = "kent_konseyi"
    CSO = "cso"
    UNIVERSITY = "university"
    SOCIAL_ENTERPRISE = "social_enterprise"
    PRIVATE = "private"
    PUBLIC = "public"
    MEDIA = "media"
    MUHTAR = "muhtar"
    OTHER = "other"

    @property
    def is_internal(self) -> bool:
        return self in (
            StakeholderType.DIRECTORATE,
            StakeholderType.COUNCIL,
            StakeholderType.KENT_KONSEYI,
        )


class ParticipationLevel(StrEnum):
    INFORM = "inform"
    CONSULT = "consult"
    INVOLVE = "involve"
    COLLABORATE = "collaborate"
    EMPOWER = "empower"


class Stakeholder(Record):
    name: ShortText = Field(min_length=2)
    type: StakeholderType
    contact_person: ShortText = ""
    email: Email = ""
    phone: ShortText = ""
    power: Score | None = None
    interest: Score | None = None
    focus_areas: list[ShortText] = []
    level: ParticipationLevel | None = None
    notes: Text = ""
    # The organisation agreed to be named in the published roadmap and its open data.
    public_consent: bool = False

    @property
    def internal(self) -> bool:
        return self.type.is_internal


class StakeholderMap(StageContent):
    stakeholders: list[Stakeholder] = []


# --- 4 consultation meetings ---------------------------------------------------------


class InputResponse(StrEnum):
    ACCEPTED = "accepted"
    CONSIDER = "consider"
    NOT_POSSIBLE = "not_possible"


class MeetingInput(Record):
    """Something a participant said, and what the municipality does with it."""

    text: Prose = Field(min_length=2)
    source: ShortText = ""  # a stakeholder's name; empty for an anonymous participant
    focus_area: ShortText = ""
    response: InputResponse | None = None
    reason: Prose = ""
    action: ShortText = ""  # the id of the roadmap action it became (older data: its code, "1.2")


class Participant(Record):
    """A person on the sign-in sheet; named in the document only with their consent, and a minor only
    with their guardian's consent as well."""

    name: ShortText = Field(min_length=2)
    organisation: ShortText = ""
    woman: bool | None = None
    youth: bool | None = None
    disability: bool | None = None
    consent: bool = False
    age: int | None = Field(default=None, ge=0, le=120)
    guardian_consent: bool = False  # a parent's or guardian's consent, for a participant under 18

    def may_be_named(self, adult_age: int = 18) -> bool:
        """Consent, and for a minor (or someone whose age is not known to be adult when marked young)
        the guardian's consent too."""
        if not self.consent:
            return False
        return self.age is None or self.age >= adult_age or self.guardian_consent


class HeadCount(Content):
    """How many came; the groups are ``None`` where they were not recorded."""

    total: int = Field(default=0, ge=0, le=100000)
    women: int | None = Field(default=None, ge=0, le=100000)
    youth: int | None = Field(default=None, ge=0, le=100000)
    disability: int | None = Field(default=None, ge=0, le=100000)


class Meeting(Record):
    """Date and time are Europe/Istanbul local time, as written on the invitation."""

    code: ShortText = ""
    title: Words = Field(min_length=2)
    audience: Literal["internal", "external"]
    held: bool = False
    day: date
    time: dt_time | None = None
    place: Words = ""
    online_link: ShortText = ""
    facilitator: ShortText = ""
    agenda: WordList = []
    focus_areas: list[ShortText] = []
    invited: list[ShortText] = []
    attended: list[ShortText] = []
    participants: HeadCount = HeadCount()
    people: list[Participant] = []
    inputs: list[MeetingInput] = []


class Theme(Record):
    """A theme in what people said: a suggestion until a person accepts it. An input may sit in more
    than one theme; an accepted theme keeps its id, name and inputs when new inputs arrive."""

    name: Words = Field(min_length=2)
    inputs: list[RecordId] = []  # the inputs' ids, the closest first
    accepted: bool = False


class Consultations(StageContent):
    meetings: list[Meeting] = []
    themes: list[Theme] = []

    def accepted_themes(self) -> list[Theme]:
        return [t for t in self.themes if t.accepted]

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def held(self) -> list[Meeting]:
        return [m for m in self.meetings if m.held]

    def find(self, key: str) -> Meeting | None:
        """A meeting by its code, its number in the list (1, 2, …) or its title."""
        for position, meeting in enumerate(self.meetings, start=1):
            if key in (meeting.code, str(position), meeting.title):
                return meeting
        return None

    def inputs(self) -> list[tuple[Meeting, MeetingInput]]:
        return [(m, i) for m in self.held() for i in m.inputs]

    def input_codes(self) -> dict[str, str]:
        """Each input's code by its id: the meeting's code (or number) and the input's number, "T3.2"."""
        return {
            given.id: f"{meeting.code or position}.{number}"
            for position, meeting in enumerate(self.meetings, start=1)
            for number, given in enumerate(meeting.inputs, start=1)
        }


# --- 5 roadmap -----------------------------------------------------------------------


class Indicator(Record):
    name: Words = Field(min_length=2)
    kind: Literal["output", "outcome"] = "output"
    unit: Words = ""
    baseline: float | None = None
    target: float | None = None
    data_source: Words = ""  # where the value is read: "Meclis karar defteri", "Beyaz Masa kayıtları"
    frequency: Words = ""  # how often it is measured: "Üç ayda bir"
    responsible: Words = ""  # who measures it
    milestones: Words = ""  # the value for each year of the plan, as OGP plans ask: "2027: 60; 2028: 100"


class Risk(Record):
    risk: Words = Field(min_length=2)
    mitigation: Words = ""


class RoadmapAction(Record):
    title: Words = Field(min_length=2)
    description: Prose = ""
    responsible: Words = ""
    partners: list[ShortText] = []
    start_month: int | None = Field(default=None, ge=1, le=120)
    end_month: int | None = Field(default=None, ge=1, le=120)
    # A recurring action (a yearly session: 12) happens for a month every this many months, from its
    # start to its end, instead of running throughout.
    recurs_every: int | None = Field(default=None, ge=1, le=60)
    budget_try: float = Field(default=0, ge=0)
    funding: Words = ""  # where the money comes from: "Belediye bütçesi", "Program desteği"
    staff: Words = ""
    in_kind: Words = ""
    indicators: list[Indicator] = []
    risks: list[Risk] = []
    answers: list[RecordId] = []  # the ids of the consultation inputs this action answers


def occurrences(action: RoadmapAction) -> list[tuple[int, int]]:
    """The (first, last) months an action runs: the whole span, or one month each time it recurs."""
    if not (action.start_month and action.end_month):
        return []
    if not action.recurs_every:
        return [(action.start_month, action.end_month)]
    return [(m, m) for m in range(action.start_month, action.end_month + 1, action.recurs_every)]


class Goal(Record):
    focus_area: ShortText = Field(min_length=2)
    title: Words = Field(min_length=2)
    actions: list[RoadmapAction] = []


class MonitoringPlan(Content):
    """Who reviews progress, how often, with whom, and how."""

    reviewer: Words = ""
    frequency: Words = ""
    with_whom: Words = ""
    method: Prose = ""

    def complete(self) -> bool:
        return bool(self.reviewer and self.frequency and self.with_whom)


class Institutionalisation(Content):
    """How participation outlives the programme: who owns it, on what decision, and the coordinator's role."""

    unit: Words = ""  # the responsible unit: "Strateji Geliştirme Müdürlüğü"
    decision: Words = ""  # the directive or council decision that makes it a rule
    coordinator_role: Prose = ""  # what the coordinator does once the programme ends


class Foreword(Content):
    """The mayor's (or another official's) words at the front of the roadmap, signed."""

    text: Prose = ""
    signatory: ShortText = ""
    title: Words = ""


class SharingPlanItem(Record):
    """With whom the roadmap will be shared, how and when."""

    audience: Words = Field(min_length=2)
    channel: Words = ""
    when: Words = ""


class RoadmapPlan(StageContent):
    start: date | None = None
    months: int = Field(default=24, ge=1, le=120)
    vision: Prose = ""
    summary: Prose = ""  # the executive summary (yönetici özeti), in the team's words
    foreword: Foreword = Foreword()
    goals: list[Goal] = []
    monitoring: MonitoringPlan = MonitoringPlan()
    institutionalisation: Institutionalisation = Institutionalisation()
    sharing: list[SharingPlanItem] = []
    acknowledgements: Prose = ""
    deferred: Prose = ""  # why an area to develop has no action in this period, in the team's words

    def actions(self) -> list[tuple[Goal, RoadmapAction]]:
        return [(goal, action) for goal in self.goals for action in goal.actions]

    def codes(self) -> dict[str, RoadmapAction]:
        """Each action's code: goal number and action number, "1.2"."""
        return {
            f"{g}.{a}": action
            for g, goal in enumerate(self.goals, start=1)
            for a, action in enumerate(goal.actions, start=1)
        }

    def timeline(self) -> list[tuple[int, str, RoadmapAction, int, int]]:
        """What a timeline draws: (goal number, action code, action, first month, last month), a row
        for each time a recurring action happens; actions without months are left out."""
        return [
            (g, f"{g}.{a}", action, first, last)
            for g, goal in enumerate(self.goals, start=1)
            for a, action in enumerate(goal.actions, start=1)
            for first, last in occurrences(action)
        ]

    def action_codes(self) -> dict[str, str]:
        """Each action's code by its id: what a reader sees for a link kept by id."""
        return {action.id: code for code, action in self.codes().items()}


class ApprovedAmendment(BaseModel):
    """One approved change to the approved plan, for the document: the plan keeps its approved value
    (the baseline) and the document shows both (``roadmap.services.amendments``)."""

    number: int
    action: str  # the action's code, "2.1"
    field: Literal["start_month", "end_month", "responsible", "target"]
    indicator: str = ""  # the indicator's code for a target, "2.1.1"
    approved: str | float | int | None = None
    amended: str | float | int | None = None
    reason: str = ""
    decided_on: date | None = None


# --- 6 export and share --------------------------------------------------------------


class SharingAudience(StrEnum):
    CIVIC = "civic"  # civic actors: CSOs, social enterprises, university clubs, the kent konseyi
    COUNCIL = "council"  # the belediye meclisi
    NATIONAL = "national"  # national institutions
    INTERNATIONAL = "international"  # international institutions and networks
    PUBLIC = "public"  # residents at large: the website, the press


class Sharing(Record):
    """One entry of the sharing log: to whom the roadmap went, when, how, and what they answered."""

    audience: Words = Field(min_length=2)
    kind: SharingAudience | None = None
    channel: Words = ""
    day: date | None = None
    done: bool = False
    response: Prose = ""  # their answer, in the team's words


class ShareStage(StageContent):
    shares: list[Sharing] = []


CONTENT_MODELS: dict[Stage, type[Content]] = {
    Stage.TEAM: CoordinationTeam,
    Stage.NEEDS: NeedsAnalysis,
    Stage.FOCUS: FocusAreas,
    Stage.STAKEHOLDERS: StakeholderMap,
    Stage.CONSULTATIONS: Consultations,
    Stage.ROADMAP: RoadmapPlan,
    Stage.SHARE: ShareStage,
}


def link_inputs_by_id(consultations: Consultations, plan: RoadmapPlan) -> Consultations:
    """Older data and hand-written files link an input to an action by its code ("1.2"): keep the
    link, by the action's id, so that renumbering the actions does not move it."""
    by_code = {code: action.id for code, action in plan.codes().items()}
    ids = set(by_code.values())
    for meeting in consultations.meetings:
        for given in meeting.inputs:
            if given.action and given.action not in ids and given.action in by_code:
                given.action = by_code[given.action]
    return consultations


class SupportGiven(Content):
    """Support the programme gave for one action (the support programme's ledger): what, how much, worth what."""

    action: ShortText = ""  # the action's id
    kind: ShortText
    description: ShortText
    quantity: float = 0
    unit: ShortText = ""
    value_try: float = Field(default=0, ge=0)
    given_on: date


class RoadmapData(BaseModel):
    """Everything the document needs about one municipality, read in one go."""

    slug: str
    name: str
    province: str = ""
    programme: str = ""
    statuses: dict[Stage, str]
    team: CoordinationTeam
    needs: NeedsAnalysis
    focus: FocusAreas
    stakeholders: StakeholderMap
    consultations: Consultations
    plan: RoadmapPlan
    share: ShareStage
    # Support given by the programme's support programme (its ledger), for the budget summary.
    support: list[SupportGiven] = []
    # The cohort's instrument and focus catalogue (or the bundled ones): travels with the data.
    catalogues: Programme = Field(default_factory=bundled_programme, exclude=True)
    # Approved amendments after the plan's approval (monitoring): shown beside the approved plan.
    amendments: list[ApprovedAmendment] = []

    @model_validator(mode="after")
    def _link_inputs_by_id(self) -> RoadmapData:
        link_inputs_by_id(self.consultations, self.plan)
        return self

    def dimensions_of(self, code: str) -> list[str]:
        """The needs-analysis dimensions a focus area works on: the team's own area's, else the
        catalogue's."""
        candidate = next((c for c in self.focus.candidates if c.code == code), None)
        if candidate and candidate.dimensions:
            return list(candidate.dimensions)
        area = self.catalogues.catalogue.get(code)
        return list(area.dimensions) if area else []

    def actions_by_dimension(self) -> dict[str, list[str]]:
        """The codes of the actions whose goal's focus area works on each dimension ("1.1", "3.2")."""
        found: dict[str, list[str]] = {}
        for g, goal in enumerate(self.plan.goals, start=1):
            dimensions = self.dimensions_of(goal.focus_area)
            for a, _ in enumerate(goal.actions, start=1):
                for dimension in dimensions:
                    found.setdefault(dimension, []).append(f"{g}.{a}")
        return found

    def answered_by(self, action: RoadmapAction) -> list[tuple[Meeting, MeetingInput]]:
        """The inputs an action answers: those it lists, and those linked to it."""
        return [
            (meeting, given)
            for meeting, given in self.consultations.inputs()
            if given.action == action.id or given.id in action.answers
        ]

    def action_of(self, given: MeetingInput) -> RoadmapAction | None:
        """The action an input became (linked from the input or listed by the action)."""
        for _, action in self.plan.actions():
            if given.action == action.id or given.id in action.answers:
                return action
        return None

    def content(self, stage: Stage) -> Content:
        return {
            Stage.TEAM: self.team,
            Stage.NEEDS: self.needs,
            Stage.FOCUS: self.focus,
            Stage.STAKEHOLDERS: self.stakeholders,
            Stage.CONSULTATIONS: self.consultations,
            Stage.ROADMAP: self.plan,
            Stage.SHARE: self.share,
        }[stage]


def parse_content(stage: Stage, raw: dict[str, Any], source: str) -> Content:
    """Validate raw content against the stage's model; errors name the field."""
    try:
        return CONTENT_MODELS[stage].model_validate(raw)
    except ValidationError as error:
        raise InvalidInput("input.invalid", field_problems(error), path=source) from None
