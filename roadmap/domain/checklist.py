"""The consultant's checklist as data: each check's code, severity and numbers, and what a check finds.

The checks themselves are pure functions over a municipality's data (``roadmap.analysis.chain``); the
rules they follow are a programme's to tune, like the instrument: ``roadmap/data/checks.yaml`` by
default, or the programme's own file (``ROADMAP_CHECKS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from roadmap.domain.stages import Stage
from roadmap.i18n import Message
from roadmap.settings import Language, get_settings
from roadmap.text import long_date, number

CHECKS_FILE = Path(__file__).resolve().parent.parent / "data" / "checks.yaml"


class Severity(StrEnum):
    BLOCKING = "blocking"  # stops the stage's submission and the final document until fixed or waived
    WARNING = "warning"  # a consultant would send it back: fix it or record the reason
    NOTE = "note"  # worth a look

    @property
    def rank(self) -> int:
        return {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.NOTE: 2}[self]


class CheckRules(BaseModel):
    """Every check's severity ("off" leaves it out) and the numbers and words the checks use."""

    model_config = ConfigDict(extra="forbid")

    severity: dict[str, Severity | Literal["off"]]
    lowest: int = Field(default=3, ge=0, le=20)  # how many of the weakest dimensions need an answer
    large_gap: float = Field(default=0.8, ge=0, le=4)  # a staff/civic-actor gap that needs a reading
    key_level: int = Field(default=4, ge=1, le=5)  # power or interest from which a stakeholder is key
    adult_age: int = Field(default=18, ge=1, le=30)
    validation_words: list[str] = []  # a meeting whose title has one of these validates or adopts the plan
    national_words: list[str] = []  # a sharing-plan audience with one of these is national
    international_words: list[str] = []
    personal_email_domains: list[str] = []
    event_endings: list[str] = []  # an indicator whose name ends so reads as an event ("… görevlendirildi")
    claim_words: dict[str, list[str]] = {}  # what a number in the team's text counts: meetings: [toplantı]

    @field_validator("severity", mode="before")
    @classmethod
    def _off_as_written(cls, value: object) -> object:
        """YAML reads a bare ``off`` as false: it means the check is off."""
        if isinstance(value, dict):
            return {code: "off" if level is False else level for code, level in value.items()}
        return value

    def severity_of(self, code: str) -> Severity | None:
        """The check's severity, or None when the programme turned it off (unknown checks: warnings)."""
        value = self.severity.get(code, Severity.WARNING)
        return None if value == "off" else Severity(value)


@lru_cache(maxsize=4)
def _load(path: Path | None) -> CheckRules:
    """Our rules, with a programme's file laid over them: the severities it names, the numbers and
    word lists it gives; everything it leaves out stays as bundled."""
    from roadmap.errors import InvalidInput, field_problems  # lazy: errors and imports build on the domain
    from roadmap.imports.files import read_yaml

    raw: dict[str, Any] = read_yaml(CHECKS_FILE)
    if path is not None:
        own = read_yaml(path) or {}
        if not isinstance(own, dict):
            raise InvalidInput("input.invalid", path=path.name)
        raw = {**raw, **own, "severity": {**raw["severity"], **(own.get("severity") or {})}}
    try:
        return CheckRules.model_validate(raw)
    except ValidationError as error:
        name = path.name if path is not None else CHECKS_FILE.name
        raise InvalidInput("input.invalid", field_problems(error), path=name) from None


def check_rules(path: Path | None = None) -> CheckRules:
    """The bundled rules, with the programme's own file over them (``ROADMAP_CHECKS``)."""
    return _load(path or get_settings().checks)


@dataclass(frozen=True, slots=True)
class Num:
    """A number said in the reader's language: "1,98" in Turkish, "1.98" in English."""

    value: float
    digits: int = 2

    def render(self, lang: Language) -> str:
        return number(self.value, lang, self.digits)


@dataclass(frozen=True, slots=True)
class Day:
    """A date said in the reader's language: "10 Aralık 2026"."""

    value: date

    def render(self, lang: Language) -> str:
        return long_date(self.value, lang)


@dataclass(frozen=True, slots=True)
class Named:
    """A name in a sentence: a dimension's or a catalogue area's, in Turkish or English."""

    tr: str
    en: str = ""

    def render(self, lang: Language) -> str:
        return self.en if lang == "en" and self.en else self.tr


class RecordRef(BaseModel):
    """The record a finding concerns, as people know it: its kind, code and name."""

    model_config = ConfigDict(frozen=True)

    kind: (
        str  # input, action, indicator, dimension, focus, meeting, participant, member, sharing, plan, stage
    )
    id: str = ""  # the record's id (or a dimension's id, a focus area's code): the page's anchor
    code: str = ""  # "T2.3", "2.1", "2.1.2"
    name: str = ""  # the team's own words: a title, a name, the start of an input
    name_en: str = ""  # the English name, where the product knows one (a dimension, a catalogue area)
    home: int | None = None  # the stage whose page shows the record, when not the point's own stage
    field: str = ""  # a text field the point is about ("summary"): where the page links

    def label(self, lang: Language) -> str:
        return Message(f"record.{self.kind}").render(lang)

    def title(self, lang: Language) -> str:
        return self.named().render(lang)

    def named(self) -> Named:
        """Its name alone, said in the reader's language where the product knows an English one."""
        return Named(self.name, self.name_en)

    def render(self, lang: Language, named: bool = True) -> str:
        """ "Görüş T2.3 'Toplantı mekânları…'"; a person's name is left out where ``named`` is false."""
        title = self.title(lang) if named or self.kind != "participant" else ""
        parts = [self.label(lang), self.code, f"“{title}”" if title else ""]
        return " ".join(part for part in parts if part)


class Finding(BaseModel):
    """One point of the checklist: what is wrong, about which record, how serious, how to resolve it,
    and whether it has been resolved by a recorded reason or a consultant's waiver."""

    code: str  # "inputs.no_response"
    family: Literal["check", "problem"] = "check"  # a chain check, or what a stage's own gate asks for
    severity: Severity
    stage: Stage  # where the record lives: the page that shows it beside the record
    gates: Stage  # the stage whose submission it holds up (the roadmap for an input left unanswered)
    record: RecordRef
    params: dict[str, Any] = {}
    state: Literal["open", "explained", "waived"] = "open"
    reason: str = ""  # the team's recorded reason, or the consultant's comment on a waiver

    @property
    def subject(self) -> str:
        return self.record.id

    @property
    def key(self) -> str:
        """What a reason or a waiver names: the check's code and the record's id."""
        return f"{self.code}:{self.subject}" if self.subject else self.code

    @property
    def open(self) -> bool:
        return self.state == "open"

    @property
    def blocks(self) -> bool:
        return self.open and self.severity == Severity.BLOCKING

    def text(self, lang: Language) -> str:
        return Message(f"{self.family}.{self.code}", self.params).render(lang)

    def fix(self, lang: Language) -> str:
        key = f"check.{self.code}.fix" if self.family == "check" else "check.problem.fix"
        return Message(key, self.params).render(lang)

    def render(self, lang: Language) -> str:
        """One line: the record, what is wrong and the code (as a refused submission lists it)."""
        return f"{self.record.render(lang)}: {self.text(lang)} [{self.code}]"


def grouped(findings: list[Finding]) -> list[list[Finding]]:
    """The same point about several records as one group, in order (eleven stakeholders invited and
    not yet come are one point naming them all, not eleven)."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.code, repr(sorted(finding.params.items(), key=str))), []).append(finding)
    return list(groups.values())


def counts(findings: list[Finding]) -> dict[str, int]:
    """Open findings by severity, and how many were resolved by a reason or a waiver."""
    result = {severity.value: 0 for severity in Severity} | {"resolved": 0}
    for finding in findings:
        result[finding.severity.value if finding.open else "resolved"] += 1
    return result
