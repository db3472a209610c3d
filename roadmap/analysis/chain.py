"""The chain checks: need → focus area → stakeholder → input → action → indicator, and the privacy of
the people in it. Pure: a municipality's data and the programme's rules in, findings out.

Each check is a function that yields ``(code, stage, gates, record, params)``; :func:`chain_findings`
gives them the programme's severities and leaves out the checks a programme turned off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from roadmap.analysis.coverage import consultation_coverage
from roadmap.analysis.needs import MIDPOINT, NeedsFindings, needs_findings
from roadmap.domain.checklist import CheckRules, Day, Finding, Num, RecordRef, Severity, check_rules
from roadmap.domain.content import InputResponse, MeetingInput, RespondentGroup, RoadmapData, StageContent
from roadmap.domain.stages import Stage, Status
from roadmap.domain.translation import untranslated
from roadmap.domain.validation import ProgrammeRules, validate_stage
from roadmap.domain.workflow import is_open
from roadmap.i18n import Message
from roadmap.imports.numbers import NUMBER_WORDS, whole_number
from roadmap.text import fold_name, shorten

Raw = tuple[str, Stage, Stage, RecordRef, dict[str, Any]]
ACTION_IN_TEXT = re.compile(r"(?:eylem|action)\s+(\d+\.\d+)", re.IGNORECASE)
MOBILE = re.compile(r"^(?:\+?90|0)?5\d{9}$")
NUMBER_START = re.compile("|".join(sorted(NUMBER_WORDS, key=len, reverse=True)))  # "uc", "onyedi"
WORD = re.compile(r"[\wçğıöşüâîûÇĞİÖŞÜÂÎÛ.']+", re.UNICODE)


@dataclass(frozen=True)
class _Chain:
    """The data, the rules and what is derived from them once for all checks."""

    data: RoadmapData
    rules: CheckRules
    needs: NeedsFindings

    def dimension(self, dimension_id: str) -> RecordRef:
        found = self.data.catalogues.instrument.dimension(dimension_id)
        return RecordRef(
            kind="dimension",
            id=dimension_id,
            name=found.tr if found else dimension_id,
            name_en=found.en if found else dimension_id,
        )

    def focus(self, code: str) -> RecordRef:
        candidate = next((c for c in self.data.focus.candidates if c.code == code), None)
        area = self.data.catalogues.catalogue.get(code)
        name = candidate.title if candidate and candidate.title else (area.tr if area else code)
        custom = candidate is not None and bool(candidate.title)  # the team's own title: their words
        return RecordRef(kind="focus", id=code, name=name, name_en=area.en if area and not custom else "")

    @cached_property
    def input_codes(self) -> dict[str, str]:
        return self.data.consultations.input_codes()

    def input_ref(self, given: MeetingInput) -> RecordRef:
        return RecordRef(
            kind="input",
            id=given.id,
            code=self.input_codes[given.id],
            name=shorten(given.text),
        )


# --- the needs analysis behind the plan --------------------------------------------------------


def weakest_without_action(c: _Chain) -> Iterator[Raw]:
    """Each of the weakest dimensions below the midpoint needs an action (through a goal's focus area)
    or the team's reason for leaving it this period."""
    if not c.data.plan.goals:
        return
    answered = c.data.actions_by_dimension()
    weakest = [d for d in reversed(c.needs.ranked()) if (d.overall.mean or 0) < MIDPOINT][: c.rules.lowest]
    for finding in weakest:
        if finding.id not in answered:
            yield (
                "needs.no_action",
                Stage.ROADMAP,
                Stage.ROADMAP,
                c.dimension(finding.id).model_copy(update={"home": int(Stage.NEEDS)}),
                {"score": Num(finding.overall.mean or 0)},
            )


def gaps_unexplained(c: _Chain) -> Iterator[Raw]:
    """A large gap between how staff and civic actors see a dimension is acted on or read."""
    answered = c.data.actions_by_dimension()
    for finding in c.needs.notable_gaps():
        if abs(finding.gap or 0) >= c.rules.large_gap and finding.id not in answered:
            yield (
                "needs.gap_unexplained",
                Stage.NEEDS,
                Stage.NEEDS,
                c.dimension(finding.id),
                {"gap": Num(finding.gap or 0), "threshold": Num(c.rules.large_gap)},
            )


def focus_on_strength(c: _Chain) -> Iterator[Raw]:
    """A chosen focus area whose need is a strength of the municipality needs its reason."""
    for candidate in c.data.focus.selected():
        score = c.needs.score(candidate.linked_dimension) if candidate.linked_dimension else None
        if score is not None and score >= MIDPOINT:
            dimension = c.dimension(candidate.linked_dimension)
            yield (
                "focus.strength",
                Stage.FOCUS,
                Stage.FOCUS,
                c.focus(candidate.code),
                {"dimension": dimension.named(), "score": Num(score), "midpoint": Num(MIDPOINT)},
            )


@lru_cache(maxsize=1024)
def _stems(text: str) -> frozenset[str]:
    """The words of a text that carry meaning, cut to their first five letters (a rough Turkish stem)."""
    return frozenset(fold_name(w)[:5] for w in WORD.findall(text) if len(w) >= 5)


@lru_cache(maxsize=16)
def _distinctive(texts: tuple[str, ...]) -> Callable[[str], frozenset[str]]:
    """The stems of a text less those most areas share ("katılım", "belediye"): they tell areas apart."""
    frequency: dict[str, int] = {}
    for text in texts:
        for stem in _stems(text):
            frequency[stem] = frequency.get(stem, 0) + 1
    common = {stem for stem, n in frequency.items() if n > max(2, len(texts) // 4)}
    return lambda text: _stems(text) - common


def strategy_links(c: _Chain) -> Iterator[Raw]:
    """A link to a strategic-plan goal that is not in the list, or a goal linked to an area that shares
    none of its words while an area left unlinked does (one area linked to "dijital dönüşüm", the
    e-participation area not linked)."""
    goals = {g.ref: g.title for g in c.data.focus.strategic_goals}
    catalogue = c.data.catalogues.catalogue
    texts = {code: f"{area.tr} {area.description_tr}" for code, area in catalogue.items()}
    texts.update(
        {k.code: f"{k.title} {k.description}" for k in c.data.focus.candidates if k.code not in texts}
    )
    stems = _distinctive(tuple(texts.values()))
    for candidate in c.data.focus.selected():
        ref = candidate.strategic_goal
        if not ref:
            continue
        if goals and ref not in goals:
            yield ("focus.strategy_unknown", Stage.FOCUS, Stage.FOCUS, c.focus(candidate.code), {"goal": ref})
            continue
        goal_words = stems(goals.get(ref, ""))
        if not goal_words or goal_words & stems(texts[candidate.code]):
            continue
        fitting = [
            other.code
            for other in c.data.focus.candidates
            if other.code != candidate.code
            and not other.strategic_goal
            and goal_words & stems(texts[other.code])
        ]
        if fitting:
            yield (
                "focus.strategy_conflict",
                Stage.FOCUS,
                Stage.FOCUS,
                c.focus(candidate.code),
                {"goal": ref, "other": c.focus(fitting[0]).named()},
            )


# --- consultation inputs and the actions that answer them -----------------------------------


def inputs_unanswered(c: _Chain) -> Iterator[Raw]:
    """Every input gets a response before the roadmap is submitted."""
    for _, given in c.data.consultations.inputs():
        if given.response is None:
            yield ("inputs.no_response", Stage.CONSULTATIONS, Stage.ROADMAP, c.input_ref(given), {})


def inputs_and_actions(c: _Chain) -> Iterator[Raw]:
    """The response names the action that answers the input, and an action answers only inputs taken
    into the roadmap (an input said to be in "Eylem 2.1" that action 2.1 does not answer is a break)."""
    codes = c.data.plan.codes()
    action_codes = c.data.plan.action_codes()
    for _, given in c.data.consultations.inputs():
        if given.response != InputResponse.ACCEPTED:
            continue
        action = c.data.action_of(given)
        for cited in ACTION_IN_TEXT.findall(given.reason):
            if cited in codes and (action is None or action_codes[action.id] != cited):
                yield (
                    "inputs.not_listed",
                    Stage.CONSULTATIONS,
                    Stage.ROADMAP,
                    c.input_ref(given),
                    {"action": cited, "linked": action_codes[action.id] if action else "—"},
                )
    responses = {given.id: (meeting, given) for meeting, given in c.data.consultations.inputs()}
    for code, action in codes.items():
        for input_id in action.answers:
            if input_id not in responses:
                continue
            _, given = responses[input_id]
            elsewhere = given.action and given.action != action.id
            if given.response != InputResponse.ACCEPTED or elsewhere:
                yield (
                    "inputs.listed_not_accepted",
                    Stage.ROADMAP,
                    Stage.ROADMAP,
                    RecordRef(kind="action", id=action.id, code=code, name=action.title),
                    {"input": c.input_ref(given).code},
                )


# --- actions and indicators -------------------------------------------------------------------

INDICATOR_FIELDS = ("unit", "baseline", "target", "data_source", "frequency", "responsible")


def indicators(c: _Chain) -> Iterator[Raw]:
    """Each indicator is a measure with its unit, baseline, target, source, frequency and who measures it;
    none is named twice."""
    seen: dict[str, str] = {}
    endings = tuple(fold_name(e) for e in c.rules.event_endings)
    for code, action in c.data.plan.codes().items():
        for number, indicator in enumerate(action.indicators, start=1):
            ref = RecordRef(kind="indicator", id=indicator.id, code=f"{code}.{number}", name=indicator.name)
            missing = [f for f in INDICATOR_FIELDS if getattr(indicator, f) in (None, "")]
            if missing:
                fields = [Message(f"check.field.{f}") for f in missing]
                yield ("indicators.incomplete", Stage.ROADMAP, Stage.ROADMAP, ref, {"fields": fields})
            name = fold_name(indicator.name)
            if name in seen:
                yield ("indicators.duplicate", Stage.ROADMAP, Stage.ROADMAP, ref, {"other": seen[name]})
            seen.setdefault(name, ref.code)
            last = name.split()[-1] if name.split() else ""
            if endings and last.endswith(endings):
                yield ("indicators.event", Stage.ROADMAP, Stage.ROADMAP, ref, {})


def budget(c: _Chain) -> Iterator[Raw]:
    for code, action in c.data.plan.codes().items():
        if action.budget_try and not action.funding:
            yield (
                "budget.no_funding",
                Stage.ROADMAP,
                Stage.ROADMAP,
                RecordRef(kind="action", id=action.id, code=code, name=action.title),
                {"budget": Num(action.budget_try, 0)},
            )


def _data_counts(data: RoadmapData) -> dict[str, float]:
    held = data.consultations.held()
    return {
        "meetings": len(held),
        "inputs": sum(len(m.inputs) for m in held),
        "participants": sum(m.participants.total for m in held),
        "staff": data.needs.count(RespondentGroup.STAFF),
        "civic": data.needs.count(RespondentGroup.CIVIC),
        "actions": len(data.plan.actions()),
        "goals": len(data.plan.goals),
        "stakeholders": len(data.stakeholders.stakeholders),
    }


def _number(token: str) -> float | None:
    """A number as the team wrote it (folded): "10", "685.000", "uc" ("bir" is also the article)."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+|\d+", token):
        return float(token.replace(".", ""))
    if token in {"bir", "one"} or not (token.isalpha() and NUMBER_START.match(token)):
        return None
    value = whole_number(token)
    return float(value) if value is not None else None


def claims(c: _Chain) -> Iterator[Raw]:
    """Counts the team states in its summary and foreword ("üç toplantıda alınan 10 görüş", "toplam
    bütçesi 685.000 TL") agree with the data."""
    actual = _data_counts(c.data)
    total_budget = sum(action.budget_try for _, action in c.data.plan.actions())
    words = {kind: [fold_name(w).split() for w in phrases] for kind, phrases in c.rules.claim_words.items()}
    for field in ("summary", "foreword"):
        text = c.data.plan.summary if field == "summary" else c.data.plan.foreword.text
        tokens = [fold_name(t).strip(".'") for t in WORD.findall(text)]
        for i, token in enumerate(tokens):
            said = _number(token)
            if said is None or 1900 <= said <= 2100:
                continue
            following = tokens[i + 1 : i + 4]
            if following and (following[0].startswith("tl") or following[0] in ("try", "₺")):  # an amount
                if "toplam" in tokens[max(0, i - 4) : i] and said != total_budget:
                    yield _claim(field, "budget", Num(said, 0), Num(total_budget, 0))
                continue
            for kind, phrases in words.items():
                if any(_follows(following, phrase) for phrase in phrases):
                    if said != actual[kind]:
                        yield _claim(field, kind, Num(said, 0), Num(actual[kind], 0))
                    break


def _follows(following: list[str], phrase: list[str]) -> bool:
    """The phrase starts at the next word, or the one after it ("üç katılım toplantısında")."""
    for start in (0, 1):
        window = following[start : start + len(phrase)]
        if len(window) == len(phrase) and all(w.startswith(p) for w, p in zip(window, phrase, strict=True)):
            return True
    return False


def _claim(field: str, kind: str, said: Num, actual: Num) -> Raw:
    where = "foreword.text" if field == "foreword" else field
    ref = RecordRef(kind="text", id=f"{field}.{kind}", field=where)
    return (
        "text.claim",
        Stage.ROADMAP,
        Stage.ROADMAP,
        ref,
        {
            "field": Message(f"check.field.{field}"),
            "kind": Message(f"claim.{kind}"),
            "said": said,
            "actual": actual,
        },
    )


# --- sharing, validation, who was heard --------------------------------------------------------


def _names_any(text: str, words: list[str]) -> bool:
    """Whether the text names one of the words: a phrase as written, a word by its stem ("taslak" in
    "taslağının": a final consonant softens before a suffix, so the last letter is not compared)."""
    folded = f" {fold_name(text)} "
    tokens = folded.split()
    for word in words:
        key = fold_name(word)
        if " " in key or len(key) < 5:
            if f" {key} " in folded or (" " in key and key in folded):
                return True
        elif any(token.startswith(key[:-1]) for token in tokens):
            return True
    return False


def sharing(c: _Chain) -> Iterator[Raw]:
    plan = c.data.plan
    if not plan.sharing:
        return  # the stage's own check asks for a sharing plan first
    ref = RecordRef(kind="sharing", id="sharing")
    for scope, words in (
        ("national", c.rules.national_words),
        ("international", c.rules.international_words),
    ):
        if not any(_names_any(item.audience, words) for item in plan.sharing):
            yield (f"sharing.no_{scope}", Stage.ROADMAP, Stage.ROADMAP, ref, {})


def validation_dates(c: _Chain) -> Iterator[Raw]:
    """A meeting that validates or adopts the plan comes before the plan starts."""
    start = c.data.plan.start
    if start is None:
        return
    for meeting in c.data.consultations.meetings:
        if meeting.day >= start and _names_any(meeting.title, c.rules.validation_words):
            yield (
                "plan.validation_late",
                Stage.CONSULTATIONS,
                Stage.ROADMAP,
                RecordRef(kind="meeting", id=meeting.id, code=meeting.code, name=meeting.title),
                {"day": Day(meeting.day), "start": Day(start)},
            )


def key_stakeholders(c: _Chain) -> Iterator[Raw]:
    """Stakeholders with high power or interest are invited, and come to at least one meeting (the
    consultations chapter's coverage, with the programme's key level)."""
    if not c.data.consultations.meetings:
        return
    data = c.data
    coverage = consultation_coverage(data.consultations, data.focus, data.stakeholders, c.rules.key_level)
    not_invited, absent = set(coverage.not_invited), set(coverage.invited_not_attended)
    for s in data.stakeholders.stakeholders:
        ref = RecordRef(kind="stakeholder", id=s.id, name=s.name, home=int(Stage.STAKEHOLDERS))
        if s.name in not_invited:
            yield ("consult.key_not_invited", Stage.CONSULTATIONS, Stage.CONSULTATIONS, ref, {})
        elif s.name in absent:
            yield ("consult.key_absent", Stage.CONSULTATIONS, Stage.CONSULTATIONS, ref, {})


# --- privacy: these protect people --------------------------------------------------------------


def participants(c: _Chain) -> Iterator[Raw]:
    """A minor is never named without a guardian's consent; a young person named has a recorded age."""
    for m, meeting in enumerate(c.data.consultations.meetings, start=1):
        for n, person in enumerate(meeting.people, start=1):
            ref = RecordRef(
                kind="participant", id=person.id, code=f"{meeting.code or m}/{n}", name=person.name
            )
            if not person.consent:
                continue
            if person.age is not None and person.age < c.rules.adult_age and not person.guardian_consent:
                yield (
                    "privacy.minor_named",
                    Stage.CONSULTATIONS,
                    Stage.CONSULTATIONS,
                    ref,
                    {"age": person.age},
                )
            elif person.age is None and person.youth:
                yield ("privacy.age_unknown", Stage.CONSULTATIONS, Stage.CONSULTATIONS, ref, {})


def sources(c: _Chain) -> Iterator[Raw]:
    """An input is attributed to a person only if they agreed to be named."""
    people = {fold_name(p.name): p for meeting in c.data.consultations.meetings for p in meeting.people}
    for _, given in c.data.consultations.inputs():
        person = people.get(fold_name(given.source)) if given.source else None
        if person is not None and not person.may_be_named(c.rules.adult_age):
            yield ("privacy.source_named", Stage.CONSULTATIONS, Stage.CONSULTATIONS, c.input_ref(given), {})


def contacts(c: _Chain) -> Iterator[Raw]:
    """The team table of a shared document carries work contacts, never a private address or mobile."""
    domains = {d.lower() for d in c.rules.personal_email_domains}
    for member in c.data.team.members:
        private = []
        if member.email and member.email.rsplit("@", 1)[-1].lower() in domains:
            private.append(member.email)
        digits = re.sub(r"[^\d+]", "", member.phone)
        if digits and MOBILE.fullmatch(digits):
            private.append(member.phone)
        if private:
            yield (
                "privacy.private_contact",
                Stage.TEAM,
                Stage.TEAM,
                RecordRef(kind="member", id=member.id, name=member.name),
                {"contact": ", ".join(private)},
            )


def translations(c: _Chain) -> Iterator[Raw]:
    """The team's texts have an English version of their current Turkish (for the English edition)."""
    missing = untranslated(c.data)
    if missing:
        ref = RecordRef(kind="translations", id="english")
        yield ("translations.missing", Stage.ROADMAP, Stage.SHARE, ref, {"count": missing})


CHECKS: tuple[Callable[[_Chain], Iterator[Raw]], ...] = (
    weakest_without_action,
    gaps_unexplained,
    focus_on_strength,
    strategy_links,
    inputs_unanswered,
    inputs_and_actions,
    indicators,
    budget,
    claims,
    sharing,
    validation_dates,
    key_stakeholders,
    participants,
    sources,
    contacts,
    translations,
)


def chain_findings(data: RoadmapData, rules: CheckRules, needs: NeedsFindings | None = None) -> list[Finding]:
    """Every point of the checklist the data raises, with the programme's severities (not yet matched
    with the team's reasons or the consultant's waivers: see ``resolve``)."""
    chain = _Chain(data, rules, needs or needs_findings(data.needs, data.catalogues.instrument))
    found = []
    for check in CHECKS:
        for code, stage, gates, record, params in check(chain):
            severity = rules.severity_of(code)
            if severity is not None:
                found.append(
                    Finding(
                        code=code, severity=severity, stage=stage, gates=gates, record=record, params=params
                    )
                )
    return found


def gate_findings(
    data: RoadmapData, opened_early: Mapping[Stage, bool], rules: ProgrammeRules | None = None
) -> list[Finding]:
    """What each open stage not yet approved still lacks before it can be submitted, as checklist points
    (a stage still locked behind the one before it has nothing to answer yet)."""
    found = []
    for stage, status in sorted(data.statuses.items()):
        if status == Status.APPROVED or not is_open(stage, data.statuses, opened_early.get(stage, False)):
            continue
        for problem in validate_stage(stage, data.content(stage), data, rules or ProgrammeRules()):
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


def resolved_checklist(
    data: RoadmapData,
    waivers: Mapping[Stage, dict[str, str]],
    opened_early: Mapping[Stage, bool],
    rules: ProgrammeRules | None = None,
    checks: CheckRules | None = None,
) -> list[Finding]:
    """The whole checklist of one municipality: every open stage's gate and the chain checks, each
    with its resolution, open points first."""
    found = gate_findings(data, opened_early, rules) + chain_findings(data, checks or check_rules())
    return resolve(found, data, waivers)


def resolve(
    findings: list[Finding], data: RoadmapData, waivers: Mapping[Stage, dict[str, str]]
) -> list[Finding]:
    """Each finding with its resolution: waived by a consultant (any severity), or answered by the
    team's recorded reason (warnings and notes: a blocking point needs a fix or a waiver)."""
    resolved = []
    for finding in findings:
        waiver = waivers.get(finding.stage, {}).get(finding.key)
        content = data.content(finding.stage)
        reason = (
            content.explanation(finding.code, finding.subject) if isinstance(content, StageContent) else None
        )
        if waiver is not None:
            finding = finding.model_copy(update={"state": "waived", "reason": waiver})
        elif reason is not None and finding.severity != Severity.BLOCKING:
            finding = finding.model_copy(update={"state": "explained", "reason": reason.text})
        resolved.append(finding)
    return sorted(resolved, key=lambda f: (not f.open, f.severity.rank, int(f.stage)))
