"""Monitoring across a cohort: municipalities × quarters, late check-ins, the programme's weights and
the cohort indicators that add up per quarter in the cohort report."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import COORDINATOR, SLUG, TEAM
from openpyxl import load_workbook
from sqlmodel import select
from test_monitoring import ON_TIME, approved  # noqa: F401

from roadmap.domain.stages import Role, Stage, Status
from roadmap.errors import InvalidInput, PermissionDenied
from roadmap.render.cohort_report import write_report_xlsx
from roadmap.services import stages as svc
from roadmap.services.cohort_monitoring import (
    cohort_monitoring,
    record_cohort_indicator,
    set_monitoring_rules,
)
from roadmap.services.cohorts import add_to_cohort, cohort_progress, create_cohort
from roadmap.services.monitoring import record_checkin, roadmap_progress
from roadmap.services.municipalities import create_municipality, upsert_user
from roadmap.store.db import unit_of_work

OTHER_TEAM = "ekip@baskakoy.bel.tr"
COHORT = "katiliyoruz-2027"
MEETINGS = {"code": "stk-toplanti", "name": "STK'larla yapılan toplantı", "unit": "toplantı"}


@pytest.fixture
def cohort(approved):  # noqa: F811
    """Örnekköy and Başkaköy (the same plan, approved by the coordinator) in one cohort."""
    with unit_of_work() as session:
        other = create_municipality(session, "baskakoy", "Başkaköy Belediyesi")
        upsert_user(session, OTHER_TEAM, "Başka Ekip", Role.TEAM_MEMBER, other)
    plan = svc.show_stage(COORDINATOR, SLUG, Stage.ROADMAP).content
    svc.update_stage(  # the programme prepares it: the team could not before stage 4 is approved
        COORDINATOR,
        "baskakoy",
        Stage.ROADMAP,
        plan,
        svc.show_stage(OTHER_TEAM, "baskakoy", Stage.ROADMAP).version,
    )
    svc.override_stage(COORDINATOR, "baskakoy", Stage.ROADMAP, Status.APPROVED, "Test için onaylandı")
    create_cohort(COORDINATOR, COHORT, "KATILIYORUZ 2027", date(2026, 9, 1), date(2027, 8, 31))
    add_to_cohort(COORDINATOR, COHORT, [SLUG, "baskakoy"], [])
    set_monitoring_rules(COORDINATOR, COHORT, indicators=[MEETINGS])
    return COHORT


def test_the_heatmap_counts_reported_and_late_check_ins_per_municipality_and_quarter(cohort):
    record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "limited"}, today=ON_TIME)
    record_checkin(TEAM, SLUG, "1.2", "2027-Q1", {"status": "limited"}, today=date(2027, 4, 30))
    shown = cohort_monitoring(COORDINATOR, cohort, today=date(2027, 5, 1))
    assert shown.periods == ["2027-Q1", "2027-Q2"]
    rows = {r.slug: r for r in shown.rows}
    first = rows[SLUG].cells[0]
    assert (first.planned, first.reported, first.late) == (3, 2, 2)  # 1.2 late, 2.1 missing
    assert rows["baskakoy"].cells[0].reported == 0 and rows["baskakoy"].cells[0].late == 3
    late = {(item.slug, item.action, item.missing) for item in shown.late if item.period == "2027-Q1"}
    assert (SLUG, "1.2", False) in late and (SLUG, "2.1", True) in late and (SLUG, "1.1", False) not in late


def test_cohort_indicators_add_up_per_quarter_in_the_cohort_report(cohort, tmp_path):
    record_cohort_indicator(TEAM, SLUG, "2027-Q1", {"stk-toplanti": 3})
    record_cohort_indicator(OTHER_TEAM, "baskakoy", "2027-Q1", {"stk-toplanti": 2})
    record_cohort_indicator(TEAM, SLUG, "2027-Q1", {"stk-toplanti": 4})  # a correction replaces the value
    with pytest.raises(InvalidInput):
        record_cohort_indicator(TEAM, SLUG, "2027-Q1", {"bilinmeyen": 1})
    shown = cohort_monitoring(COORDINATOR, cohort, today=ON_TIME)
    assert shown.totals["stk-toplanti"]["2027-Q1"] == 6
    path = write_report_xlsx(
        cohort_progress(COORDINATOR, cohort), "tr", tmp_path / "kohort.xlsx", monitoring=shown
    )
    sheet = load_workbook(path)["İzleme"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[-1][:2] == ["STK'larla yapılan toplantı (toplantı)", 6]


def test_only_the_programme_sets_the_rules_and_budget_weights_change_the_roadmaps_progress(cohort):
    with pytest.raises(PermissionDenied):
        set_monitoring_rules(TEAM, cohort, weighting="budget")
    record_checkin(
        TEAM, SLUG, "1.1", "2027-Q1", {"status": "limited", "actuals": {"1.1.1": 1}}, today=ON_TIME
    )
    equal = roadmap_progress(TEAM, SLUG, "2027-Q1", today=ON_TIME).progress
    set_monitoring_rules(COORDINATOR, cohort, weighting="budget", grace_days=30)
    weighted = roadmap_progress(TEAM, SLUG, "2027-Q1", today=ON_TIME)
    assert weighted.progress != equal and weighted.deadline == date(2027, 4, 30)
    with pytest.raises(InvalidInput):
        set_monitoring_rules(COORDINATOR, cohort, weighting="nüfus")


def test_the_heatmap_reads_each_roadmap_as_amended_and_by_the_cohorts_rules_like_its_own_page(cohort):
    from roadmap.services.amendments import decide_amendment, request_amendment
    from roadmap.services.monitoring import monitored
    from roadmap.services.monitoring_many import monitored_many
    from roadmap.store.tables import Municipality

    asked = request_amendment(TEAM, SLUG, "2.1", {"end_month": 10}, "Seçim takvimi nedeniyle")
    decide_amendment(COORDINATOR, SLUG, asked.number, True, "Gerekçe uygun")
    set_monitoring_rules(COORDINATOR, cohort, grace_days=30)
    with unit_of_work() as session:
        members = list(session.exec(select(Municipality)).all())
        many = monitored_many(session, members)
        assert len(many) == 2
        for municipality in members:
            one = monitored(session, municipality)
            assert many[municipality.id or 0].model_dump() == one.model_dump()
            assert one.grace_days == 30
        assert many[next(m.id for m in members if m.slug == SLUG) or 0].plan.codes()["2.1"].end_month == 10
