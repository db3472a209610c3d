"""A programme call and a municipality's application to it, as data; what an application still lacks.

The nominated coordination team is checked by the very rules of stage 0's gate
(``roadmap.domain.validation``), so "at least four people from three directorates" means the same
before and after acceptance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from roadmap.domain.content import EMAIL, Content, CoordinationTeam, TeamMember
from roadmap.domain.validation import Problem, ProgrammeRules, team_problems
from roadmap.errors import keyed_error

Line = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
KINDS = ("büyükşehir", "il", "ilçe", "belde")  # as the law names them (services.municipalities.KINDS)
# Participation structures a municipality may already have (the form offers them as boxes to tick).
STRUCTURES = (
    "kent_konseyi",
    "youth_council",
    "women_council",
    "disability_council",
    "neighbourhood_committees",
    "participatory_budget",
    "e_participation",
    "participation_unit",
)
STATES = ("draft", "submitted", "accepted", "rejected")


class Question(Content):
    """One of the call's own questions (beyond the form's fixed parts)."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
    text: Line = Field(min_length=3)
    text_en: Line = ""
    required: bool = True


class Criterion(Content):
    """What programme staff score an application on, from 0 to ``max``; ``weight`` in the total."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
    title: Line = Field(min_length=3)
    title_en: Line = ""
    max: int = Field(default=5, ge=1, le=100)
    weight: float = Field(default=1, gt=0, le=10)


def _default_criteria() -> list[Criterion]:
    return [
        Criterion(id="motivation", title="Motivasyon ve sahiplenme", title_en="Motivation and ownership"),
        Criterion(
            id="team", title="Koordinasyon ekibinin gücü", title_en="Strength of the coordination team"
        ),
        Criterion(
            id="structures", title="Mevcut katılım yapıları", title_en="Existing participation structures"
        ),
    ]


class CallForm(Content):
    """A call's eligibility rules, its own questions and its scoring criteria (a YAML file, like the
    instrument); the programme's defaults when none is given."""

    eligible_kinds: list[str] = []  # empty: every kind of municipality may apply
    questions: list[Question] = []
    criteria: list[Criterion] = Field(default_factory=_default_criteria, min_length=1)

    @model_validator(mode="after")
    def _known_kinds(self) -> CallForm:
        for kind in self.eligible_kinds:
            if kind not in KINDS:
                raise keyed_error("application.bad_kind", kind=kind)
        return self


class Nominee(Content):
    """A person the municipality nominates for its coordination team."""

    name: Line = ""
    directorate: Line = ""
    role: Line = ""
    email: Line = ""
    is_coordinator: bool = False

    def empty(self) -> bool:
        return not (self.name or self.directorate or self.role or self.email)


class ApplicationForm(Content):
    """What an applicant writes; a draft may leave any of it empty (``missing`` says what is left)."""

    municipality: Line = ""
    kind: str = ""
    province: Line = ""
    contact_name: Line = ""
    contact_email: Line = ""
    contact_phone: Line = ""
    contact_role: Line = ""
    motivation: Paragraph = ""
    structures: list[str] = Field(default=[], max_length=20)
    structures_other: Paragraph = ""
    team: list[Nominee] = Field(default=[], max_length=30)
    answers: dict[str, Paragraph] = Field(default={}, max_length=50)
    commitment: bool = False  # the team will give about 100 hours over nine months
    consent: bool = False  # KVKK: the data is processed for the programme
    language: Literal["tr", "en"] = "tr"  # the applicant's, for the e-mails they receive

    @model_validator(mode="after")
    def _tidy(self) -> ApplicationForm:
        self.team = [n for n in self.team if not n.empty()]
        self.structures = [s for s in dict.fromkeys(self.structures) if s in STRUCTURES]
        self.contact_email = self.contact_email.lower()
        for nominee in self.team:
            nominee.email = nominee.email.lower()
        return self

    def coordination_team(self) -> CoordinationTeam:
        """The nominees as stage 0's team (those with a name and a directorate)."""
        return CoordinationTeam(
            members=[
                TeamMember(
                    name=n.name,
                    directorate=n.directorate,
                    role=n.role,
                    email=n.email,
                    is_coordinator=n.is_coordinator,
                )
                for n in self.team
                if len(n.name) >= 2 and len(n.directorate) >= 2 and (not n.email or EMAIL.fullmatch(n.email))
            ]
        )


def missing(form: ApplicationForm, call: CallForm, rules: ProgrammeRules | None = None) -> list[Problem]:
    """Everything that stands between this application and its submission (empty: complete)."""
    problems: list[Problem] = []
    for field in ("municipality", "province", "contact_name", "contact_email", "motivation"):
        if not getattr(form, field):
            problems.append(Problem(key=f"application_{field}"))
    if form.kind not in KINDS:
        problems.append(Problem(key="application_kind_missing"))
    elif call.eligible_kinds and form.kind not in call.eligible_kinds:
        problems.append(Problem(key="application_kind", params={"kind": form.kind}))
    if form.contact_email and not EMAIL.fullmatch(form.contact_email):
        problems.append(Problem(key="application_email", params={"email": form.contact_email}))
    for position, nominee in enumerate(form.team, start=1):
        if len(nominee.name) < 2 or len(nominee.directorate) < 2 or not nominee.email:
            problems.append(Problem(key="application_nominee", params={"number": position}))
        elif not EMAIL.fullmatch(nominee.email):
            problems.append(Problem(key="application_email", params={"email": nominee.email}))
    problems += team_problems(form.coordination_team(), rules)
    for question in call.questions:
        if question.required and not form.answers.get(question.id, "").strip():
            problems.append(Problem(key="application_answer", params={"question": question.text}))
    if not form.commitment:
        problems.append(Problem(key="application_commitment"))
    if not form.consent:
        problems.append(Problem(key="application_consent"))
    return problems


def is_open(opens: datetime, closes: datetime, now: datetime) -> bool:
    """Applications are taken from the opening moment until the deadline, not a second after."""
    return opens <= now <= closes


def weighted_score(call: CallForm, scores: dict[str, float]) -> float:
    """One reviewer's scores as a share of the best possible (0–100)."""
    best = sum(c.max * c.weight for c in call.criteria)
    got = sum(min(float(scores.get(c.id, 0)), c.max) * c.weight for c in call.criteria)
    return round(100 * got / best, 1) if best else 0.0
