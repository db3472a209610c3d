"""Monitoring across a cohort: a heatmap of municipalities × quarters (how many of the actions planned
in each quarter were reported, and how many late), the late check-ins, and the programme's cohort
indicators (for example "meetings with CSOs") added up per quarter. Also the programme's monitoring
rules and each municipality's values of the cohort indicators."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session, col, select

from roadmap.domain.monitoring import Period, periods_of, planned_in
from roadmap.domain.permissions import Permission
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, field_problems
from roadmap.services.access import (
    Who,
    actor_and_municipality,
    can,
    require,
    resolve_actor,
    visible_municipalities,
)
from roadmap.services.monitoring import Monitored, audit, monitored, rules_of
from roadmap.services.monitoring_many import checkins_many, monitored_many
from roadmap.store.db import unit_of_work
from roadmap.store.tables import (
    Cohort,
    CohortIndicatorValue,
    MonitoringCheckin,
    MonitoringRules,
    Municipality,
    PlanAmendment,
    User,
    utcnow,
)

MAX_QUARTERS = 8  # columns of the heatmap


class CohortIndicator(BaseModel):
    """An indicator the programme asks of every municipality; its values add up across the cohort."""

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    name: str = Field(min_length=2, max_length=200)
    unit: str = Field(default="", max_length=40)


class HeatCell(BaseModel):
    period: str
    planned: int  # actions the plan has running in the quarter
    reported: int  # of them, with a check-in for the quarter
    late: int  # check-ins made late, and missing ones past the deadline
    started: bool  # the quarter has begun (or something was reported for it)

    @property
    def level(self) -> int:
        """0–4 for the heatmap's colour: the share of planned actions reported."""
        if not self.planned:
            return 4 if self.reported else 0
        return min(4, round(4 * self.reported / self.planned))


class HeatRow(BaseModel):
    slug: str
    name: str
    monitored: bool  # stage 5 approved
    cells: list[HeatCell] = []


class LateCheckin(BaseModel):
    slug: str
    name: str
    action: str
    period: str
    missing: bool  # not reported at all (else reported late)


class CohortMonitoring(BaseModel):
    slug: str
    name: str
    periods: list[str]
    rows: list[HeatRow]
    late: list[LateCheckin]
    indicators: list[CohortIndicator]
    totals: dict[str, dict[str, float]]  # indicator code -> period -> the cohort's sum


def _cohort(session: Session, slug: str) -> Cohort:
    cohort = session.exec(select(Cohort).where(Cohort.slug == slug)).first()
    if cohort is None:
        raise NotFound("notfound.cohort", slug=slug)
    return cohort


def _indicators(rules: MonitoringRules) -> list[CohortIndicator]:
    return [CohortIndicator.model_validate(item) for item in rules.indicators]


def _row(
    municipality: Municipality,
    state: Monitored | None,
    rows: list[MonitoringCheckin],
    today: date,
    late: list[LateCheckin],
) -> tuple[HeatRow, dict[str, HeatCell]]:
    row = HeatRow(slug=municipality.slug, name=municipality.name, monitored=state is not None)
    if state is None:
        return row, {}
    cells = {}
    codes = state.plan.codes()
    by_period: dict[str, dict[str, MonitoringCheckin]] = {}
    for checkin in rows:
        by_period.setdefault(checkin.period, {})[checkin.action_id] = checkin
    for period in periods_of(state.plan):
        planned = [(code, a) for code, a in codes.items() if planned_in(state.plan, a, period)]
        done = by_period.get(period.label, {})
        overdue = today > period.deadline(state.grace_days)
        late_here = 0
        for code, action in planned:
            kept = done.get(action.id)
            if (kept is not None and kept.late) or (kept is None and overdue):
                late_here += 1
                late.append(
                    LateCheckin(
                        slug=row.slug, name=row.name, action=code, period=period.label, missing=kept is None
                    )
                )
        cells[period.label] = HeatCell(
            period=period.label,
            planned=len(planned),
            reported=sum(1 for _, a in planned if a.id in done),
            late=late_here,
            started=period.first_day <= today or bool(done),
        )
    return row, cells


def cohort_monitoring(email: Who, slug: str, today: date | None = None) -> CohortMonitoring:
    """The cohort's monitoring, for the municipalities the person may see."""
    today = today or date.today()
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        cohort = _cohort(session, slug)
        rules = session.get(MonitoringRules, cohort.id) or MonitoringRules(cohort_id=cohort.id or 0)
        late: list[LateCheckin] = []
        members = visible_municipalities(session, actor, cohort.id)
        states = monitored_many(session, members)  # a handful of queries for the whole cohort
        checkins = checkins_many(session, list(states))
        found = [_row(m, states.get(m.id or 0), checkins.get(m.id or 0, []), today, late) for m in members]
        started = sorted({p for _, cells in found for p, c in cells.items() if c.started}, key=_order)
        if not started:  # nothing has begun yet: the first quarter of the earliest roadmap
            every = sorted({p for _, cells in found for p in cells}, key=_order)
            started = every[:1]
        periods = started[-MAX_QUARTERS:]
        for row, cells in found:
            row.cells = [
                cells.get(p) or HeatCell(period=p, planned=0, reported=0, late=0, started=False)
                for p in periods
            ]
        ids = [m.id for m in members]
        values = session.exec(
            select(CohortIndicatorValue).where(col(CohortIndicatorValue.municipality_id).in_(ids))
        ).all()
        totals: dict[str, dict[str, float]] = {}
        for value in values:
            per = totals.setdefault(value.code, {})
            per[value.period] = per.get(value.period, 0.0) + value.value
        return CohortMonitoring(
            slug=cohort.slug,
            name=cohort.name,
            periods=periods,
            rows=[row for row, _ in found],
            late=[item for item in late if item.period in periods],
            indicators=_indicators(rules),
            totals=totals,
        )


def _order(label: str) -> tuple[int, int]:
    period = Period.parse(label)
    return period.year, period.quarter


def set_monitoring_rules(
    email: Who,
    slug: str,
    grace_days: int | None = None,
    remind_before_days: int | None = None,
    weighting: str | None = None,
    indicators: list[dict[str, str]] | None = None,
) -> MonitoringRules:
    """The programme sets its cohort's monitoring rules (what is not given stays as it was)."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        cohort = _cohort(session, slug)
        rules = session.get(MonitoringRules, cohort.id) or MonitoringRules(cohort_id=cohort.id or 0)
        if grace_days is not None:
            if not 0 <= grace_days <= 90:
                raise InvalidInput("monitoring.rules_days", value=grace_days)
            rules.grace_days = grace_days
        if remind_before_days is not None:
            if not 1 <= remind_before_days <= 60:
                raise InvalidInput("monitoring.rules_days", value=remind_before_days)
            rules.remind_before_days = remind_before_days
        if weighting is not None:
            if weighting not in ("equal", "budget"):
                raise InvalidInput("monitoring.rules_weighting", value=weighting)
            rules.weighting = weighting
        if indicators is not None:
            try:
                rules.indicators = [CohortIndicator.model_validate(i).model_dump() for i in indicators]
            except ValidationError as error:
                raise InvalidInput("monitoring.rules_indicators", field_problems(error)) from None
        session.add(rules)
        _audit_programme(session, actor, cohort, rules)
        session.flush()
        return MonitoringRules.model_validate(rules.model_dump())


def _audit_programme(session: Session, actor: User, cohort: Cohort, rules: MonitoringRules) -> None:
    from roadmap.store.repository import write_admin_audit

    detail = f"{cohort.slug}: {rules.grace_days}/{rules.remind_before_days}/{rules.weighting}/{len(rules.indicators)}"
    write_admin_audit(session, actor.email, "monitoring_rules", None, detail)


def record_cohort_indicator(email: Who, slug: str, period: str, values: dict[str, float]) -> int:
    """A municipality's values of its cohort's indicators for one quarter; returns how many were kept."""
    with unit_of_work() as session:
        actor, municipality = actor_and_municipality(session, email, slug)
        if not can(session, actor, Permission.EDIT, municipality):
            raise PermissionDenied("refused.unauthorised", who=actor.email)
        state = monitored(session, municipality)
        quarter = state.period(period)
        known = {i.code for i in _indicators(rules_of(session, municipality))}
        for code, value in values.items():
            if code not in known:
                raise InvalidInput(
                    "monitoring.unknown_cohort_indicator", code=code, known=", ".join(sorted(known)) or "-"
                )
            if value < 0 or value != value:
                raise InvalidInput("monitoring.bad_actual", value=f"{code}={value}")
            row = session.exec(
                select(CohortIndicatorValue).where(
                    CohortIndicatorValue.municipality_id == municipality.id,
                    CohortIndicatorValue.period == quarter.label,
                    CohortIndicatorValue.code == code,
                )
            ).first() or CohortIndicatorValue(
                municipality_id=state.municipality_id,
                period=quarter.label,
                code=code,
                value=value,
                recorded_by=actor.email,
            )
            row.value, row.recorded_by, row.recorded_at = value, actor.email, utcnow()
            session.add(row)
        audit(session, actor, state.municipality_id, "cohort_indicator", f"{quarter.label}: {values}")
        return len(values)


class IndicatorValue(BaseModel):
    indicator: CohortIndicator
    value: float | None


def cohort_indicator_values(email: Who, slug: str, period: str) -> list[IndicatorValue]:
    """The cohort's indicators and this municipality's value of each for the quarter (None: not given)."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        quarter = Period.parse(period)
        kept = {
            v.code: v.value
            for v in session.exec(
                select(CohortIndicatorValue).where(
                    CohortIndicatorValue.municipality_id == municipality.id,
                    CohortIndicatorValue.period == quarter.label,
                )
            )
        }
        return [
            IndicatorValue(indicator=i, value=kept.get(i.code))
            for i in _indicators(rules_of(session, municipality))
        ]


class WaitingDecision(BaseModel):
    """A consultant's monitoring work: a "complete" to verify, or an amendment to decide."""

    slug: str
    name: str
    kind: str  # verification, amendment
    action: str  # the action's code
    period: str = ""  # a verification's quarter
    number: int = 0  # an amendment's number
    since: datetime


def monitoring_queue(email: Who) -> list[WaitingDecision]:
    """Completions to verify and amendments to decide in the municipalities the person may review."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        visible = {m.id: m for m in visible_municipalities(session, actor)}
        pending = session.exec(  # two queries for all of them: most municipalities have nothing waiting
            select(MonitoringCheckin).where(
                MonitoringCheckin.verification == "pending",
                col(MonitoringCheckin.municipality_id).in_(list(visible)),
            )
        ).all()
        asked = session.exec(
            select(PlanAmendment).where(
                PlanAmendment.state == "pending", col(PlanAmendment.municipality_id).in_(list(visible))
            )
        ).all()
        found: list[WaitingDecision] = []
        for mid in sorted({r.municipality_id for r in pending} | {a.municipality_id for a in asked}):
            municipality = visible[mid]
            if not can(session, actor, Permission.REVIEW, municipality):
                continue
            codes = monitored(session, municipality).plan.action_codes()
            common = {"slug": municipality.slug, "name": municipality.name}
            found += [
                WaitingDecision(kind="verification", action=codes.get(c.action_id, "?"), period=c.period, since=c.recorded_at, **common)
                for c in pending
                if c.municipality_id == mid
            ]  # fmt: skip
            found += [
                WaitingDecision(kind="amendment", action=codes.get(a.action_id, "?"), number=a.number, since=a.requested_at, **common)
                for a in asked
                if a.municipality_id == mid
            ]  # fmt: skip
        return sorted(found, key=lambda item: item.since)
