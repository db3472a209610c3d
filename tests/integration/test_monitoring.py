"""Monitoring after approval: the example through approval and two quarters of check-ins, with the
rules that give them teeth and the progress they add up to."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from sqlmodel import select
from test_releases import approve_all

from roadmap.domain.monitoring import Period, periods_of
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion, TransitionRefused
from roadmap.services.monitoring import EvidenceUpload, record_checkin, roadmap_progress, verify_checkin
from roadmap.store.db import unit_of_work
from roadmap.store.tables import AuditRecord, Notification

ON_TIME = date(2027, 4, 2)  # inside 2027-Q1's grace days
PDF = EvidenceUpload(name="gorevlendirme-yazisi.pdf", data=b"%PDF-1.4 gorevlendirme yazisi")


@pytest.fixture
def approved(example: Path) -> Path:
    approve_all()
    return example


def test_periods_are_the_quarters_from_the_start_month():
    assert Period.parse("2027-Q1").last_day == date(2027, 3, 31)
    assert Period.parse("2027q4").next().label == "2028-Q1"
    assert Period.parse("2027-Q1").deadline(15) == date(2027, 4, 15)
    with pytest.raises(InvalidInput):
        Period.parse("2027-5")


def test_an_approved_roadmap_opens_a_quarter_for_every_three_months_of_its_plan(approved):
    report = roadmap_progress(TEAM, SLUG, "2027-Q1", today=ON_TIME)
    assert report.periods[0] == "2027-Q1" and report.periods[-1] == "2028-Q4" and len(report.periods) == 8
    assert [a.code for a in report.actions][:2] == ["1.1", "1.2"]


def test_monitoring_waits_for_the_roadmaps_approval(example):
    with pytest.raises(TransitionRefused) as refused:
        record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "limited"})
    assert refused.value.key == "monitoring.not_approved"


def test_a_complete_without_evidence_is_refused_and_nothing_is_stored(approved):
    with pytest.raises(InvalidInput) as refused:
        record_checkin(
            TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete", "actuals": {"1.1.1": 1}}, today=ON_TIME
        )
    assert "kanıt" in str(refused.value) and "evidence" in refused.value.render("en")
    assert roadmap_progress(TEAM, SLUG, "2027-Q1", today=ON_TIME).actions[0].checked_in is False


def test_an_indicator_from_baseline_0_to_target_1_with_actual_1_is_at_100_percent(approved):
    record_checkin(
        TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete", "actuals": {"1.1.1": 1}, "done": "Görevlendirildi"},
        [PDF], today=ON_TIME,
    )  # fmt: skip
    row = roadmap_progress(TEAM, SLUG, "2027-Q1", today=ON_TIME).actions[0]
    assert row.indicators[0].code == "1.1.1" and row.indicators[0].progress == 1.0
    assert row.evidence == 1 and row.late is False
    # Until a consultant verifies it, a "complete" counts as substantial: (2/3 + 1) / 2.
    assert row.progress == pytest.approx(5 / 6)


def test_a_consultant_verifies_a_completion_and_the_team_is_told(approved):
    record_checkin(
        TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete", "actuals": {"1.1.1": 1}}, [PDF], today=ON_TIME
    )
    with pytest.raises(PermissionDenied):
        verify_checkin(TEAM, SLUG, "1.1", "2027-Q1", True)
    view = verify_checkin(CONSULTANT, SLUG, "1.1", "2027-Q1", True, "Görevlendirme yazısı görüldü")
    assert view.verification == "verified"
    assert roadmap_progress(TEAM, SLUG, "2027-Q1", today=ON_TIME).actions[0].progress == 1.0
    with unit_of_work() as session:
        kinds = {(n.recipient, n.kind) for n in session.exec(select(Notification))}
        audited = [
            a.action
            for a in session.exec(select(AuditRecord).where(AuditRecord.action.startswith("checkin")))
        ]  # type: ignore[attr-defined]
    assert (CONSULTANT, "checkin_complete") in kinds and (TEAM, "checkin_verified") in kinds
    assert audited == ["checkin", "checkin_verified"]


def test_a_completion_sent_back_needs_a_reason_and_can_be_reported_again(approved):
    record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete", "evidence": [{"kind": "link", "ref": "https://ornekkoy.bel.tr/duyuru/12", "name": "Duyuru"}]}, today=ON_TIME)  # fmt: skip
    with pytest.raises(TransitionRefused):
        verify_checkin(CONSULTANT, SLUG, "1.1", "2027-Q1", False, "")
    assert (
        verify_checkin(CONSULTANT, SLUG, "1.1", "2027-Q1", False, "Görevlendirme yazısı eksik").verification
        == "returned"
    )
    again = record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete"}, [PDF], today=ON_TIME)
    assert again.verification == "pending" and again.version == 3


def test_a_check_in_after_the_periods_deadline_is_flagged_late(approved):
    late = record_checkin(
        TEAM, SLUG, "1.2", "2027-Q1", {"status": "limited", "actuals": {"1.2.1": 40}}, today=date(2027, 5, 2)
    )
    assert late.late
    report = roadmap_progress(TEAM, SLUG, "2027-Q1", today=date(2027, 5, 2))
    row = next(a for a in report.actions if a.code == "1.2")
    assert row.late and row.indicators[0].progress == pytest.approx(0.25)  # 20 → 40 of 20 → 100
    missing = next(a for a in report.actions if a.code == "1.1")
    assert missing.overdue and not missing.checked_in
    assert report.late_count() >= 2


def test_two_quarters_carry_the_latest_values_forward(approved):
    record_checkin(
        TEAM, SLUG, "1.2", "2027-Q1", {"status": "limited", "actuals": {"1.2.1": 40}}, today=ON_TIME
    )
    record_checkin(TEAM, SLUG, "1.2", "2027-Q2", {"status": "substantial", "actuals": {"1.2.1": 60}, "evidence": [{"kind": "meeting", "ref": "T2", "name": "Meclis"}]}, today=date(2027, 7, 3))  # fmt: skip
    first = roadmap_progress(TEAM, SLUG, "2027-Q1", today=date(2027, 7, 3))
    second = roadmap_progress(TEAM, SLUG, "2027-Q2", today=date(2027, 7, 3))
    assert next(a for a in first.actions if a.code == "1.2").indicators[0].actual == 40
    row = next(a for a in second.actions if a.code == "1.2")
    assert row.indicators[0].actual == 60 and row.status == "substantial" and row.evidence == 1
    assert second.progress is not None and first.progress is not None and second.progress > first.progress


def test_a_withdrawn_action_needs_a_reason_and_leaves_the_weights(approved):
    with pytest.raises(InvalidInput):
        record_checkin(TEAM, SLUG, "1.2", "2027-Q1", {"status": "withdrawn"}, today=ON_TIME)
    record_checkin(TEAM, SLUG, "1.2", "2027-Q1", {"status": "withdrawn", "reason": "Meclis kararı ile kaldırıldı"}, today=ON_TIME)  # fmt: skip
    row = next(a for a in roadmap_progress(TEAM, SLUG, "2027-Q1", today=ON_TIME).actions if a.code == "1.2")
    assert row.status == "withdrawn" and row.progress is None


def test_bad_addresses_periods_and_stale_edits_are_refused_by_name(approved):
    with pytest.raises(InvalidInput) as wrong:
        record_checkin(
            TEAM, SLUG, "1.1", "2027-Q1", {"status": "limited", "actuals": {"1.1.2": 1}}, today=ON_TIME
        )
    assert "1.1.1" in str(wrong.value)
    with pytest.raises(InvalidInput) as outside:
        record_checkin(TEAM, SLUG, "1.1", "2031-Q1", {"status": "limited"})
    assert "2028-Q4" in str(outside.value)
    with pytest.raises(NotFound):
        record_checkin(TEAM, SLUG, "9.9", "2027-Q1", {"status": "limited"})
    record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "limited"}, today=ON_TIME)
    with pytest.raises(StaleVersion):
        record_checkin(TEAM, SLUG, "1.1", "2027-Q1", {"status": "limited"}, expected_version=0, today=ON_TIME)


def test_a_consultant_may_read_progress_but_not_check_in(approved):
    with pytest.raises(PermissionDenied):
        record_checkin(CONSULTANT, SLUG, "1.1", "2027-Q1", {"status": "limited"})
    assert (
        roadmap_progress(CONSULTANT, SLUG, "2027-Q1").name
        == roadmap_progress(COORDINATOR, SLUG, "2027-Q1").name
    )


def test_the_example_plan_starts_in_january_2027():
    from roadmap.devtools.example import read_example
    from roadmap.domain.content import RoadmapPlan
    from roadmap.domain.stages import Stage
    from roadmap.settings import EXAMPLES_DIR

    _, content = read_example(EXAMPLES_DIR / "ornekkoy")
    plan = content[Stage.ROADMAP]
    assert isinstance(plan, RoadmapPlan) and periods_of(plan)[0].label == "2027-Q1"


def test_an_amendment_needs_a_reason_and_approval_and_the_approved_plan_stays_the_baseline(approved):
    from roadmap.services.amendments import amendments, decide_amendment, request_amendment

    with pytest.raises(InvalidInput):
        request_amendment(TEAM, SLUG, "2.1", {"targets": {"2.1.1": 45}}, "")
    with pytest.raises(PermissionDenied):
        request_amendment(CONSULTANT, SLUG, "2.1", {"targets": {"2.1.1": 45}}, "Danışman öneremez")
    asked = request_amendment(
        TEAM, SLUG, "2.1", {"targets": {"2.1.1": 45}, "end_month": 10}, "Seçim takvimi nedeniyle"
    )
    assert asked.state == "pending" and asked.baseline == {"end_month": 8, "targets": {"2.1.1": 60.0}}
    record_checkin(
        TEAM, SLUG, "2.1", "2027-Q1", {"status": "limited", "actuals": {"2.1.1": 35.5}}, today=ON_TIME
    )
    row = next(a for a in roadmap_progress(TEAM, SLUG, "2027-Q1").actions if a.code == "2.1")
    assert row.indicators[0].target == 60 and row.indicators[0].progress == pytest.approx(
        0.5
    )  # 11 → 35.5 of 11 → 60
    with pytest.raises(PermissionDenied):
        decide_amendment(TEAM, SLUG, asked.number, True)
    with pytest.raises(TransitionRefused):
        decide_amendment(CONSULTANT, SLUG, asked.number, False, "")
    decide_amendment(CONSULTANT, SLUG, asked.number, True, "Gerekçe uygun")
    row = next(a for a in roadmap_progress(TEAM, SLUG, "2027-Q1").actions if a.code == "2.1")
    assert row.indicators[0].target == 45 and row.indicators[0].approved_target == 60
    assert row.indicators[0].progress == pytest.approx(24.5 / 34)
    from roadmap.domain.stages import Stage
    from roadmap.services.stages import show_stage

    plan = show_stage(TEAM, SLUG, Stage.ROADMAP).content
    assert plan["goals"][1]["actions"][0]["indicators"][0]["target"] == 60  # the approved plan is untouched
    assert [a.state for a in amendments(COORDINATOR, SLUG)] == ["approved"]
    with pytest.raises(TransitionRefused):
        decide_amendment(CONSULTANT, SLUG, asked.number, False, "Geri alıyorum")


def test_the_demo_shows_a_first_quarter_of_monitoring_and_setting_it_up_twice_changes_nothing(example):
    from roadmap.devtools.example import prepare_demo
    from roadmap.services.amendments import amendments
    from roadmap.services.cohort_monitoring import cohort_monitoring

    prepare_demo()
    prepare_demo()
    report = roadmap_progress(COORDINATOR, SLUG, "2027-Q1", today=date(2027, 5, 2))
    rows = {a.code: a for a in report.actions}
    assert (
        rows["1.1"].status == "complete"
        and rows["1.1"].verification == "verified"
        and rows["1.1"].progress == 1.0
    )
    assert rows["1.2"].status == "limited" and rows["1.2"].indicators[0].actual == 40
    assert rows["2.1"].late and rows["2.1"].evidence == 2
    assert [a.state for a in amendments(COORDINATOR, SLUG)] == ["pending"]
    cohort = cohort_monitoring(COORDINATOR, "katiliyoruz-2026", today=date(2027, 5, 2))
    assert cohort.totals["stk-toplanti"]["2027-Q1"] == 3 and cohort.rows[0].cells[0].reported == 3


def test_a_backup_bundle_carries_the_monitoring_and_a_replacing_restore_keeps_it(approved, tmp_path):
    from roadmap.services.amendments import amendments, request_amendment
    from roadmap.services.bundle import export_bundle, import_bundle
    from roadmap.services.monitoring import evidence_file

    record_checkin(
        TEAM, SLUG, "1.1", "2027-Q1", {"status": "complete", "actuals": {"1.1.1": 1}}, [PDF], today=ON_TIME
    )
    request_amendment(TEAM, SLUG, "2.1", {"end_month": 10}, "Seçim takvimi")
    before = roadmap_progress(COORDINATOR, SLUG, "2027-Q1", today=ON_TIME)
    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)
    import_bundle(COORDINATOR, bundle, replace=True)
    assert roadmap_progress(COORDINATOR, SLUG, "2027-Q1", today=ON_TIME) == before
    assert [a.reason for a in amendments(COORDINATOR, SLUG)] == ["Seçim takvimi"]
    from hashlib import sha256

    assert evidence_file(TEAM, SLUG, sha256(PDF.data).hexdigest())[0] == PDF.data


def test_a_meeting_record_names_the_stage_4_meeting_it_points_to(approved):
    from roadmap.services.monitoring import action_monitoring

    evidence = [
        {"kind": "meeting", "ref": "T2", "name": ""},
        {"kind": "meeting", "ref": "Nisan meclis toplantısı", "name": ""},
    ]
    record_checkin(
        TEAM, SLUG, "2.1", "2027-Q1", {"status": "substantial", "evidence": evidence}, today=ON_TIME
    )
    kept = action_monitoring(TEAM, SLUG, "2.1").checkins[0].evidence
    assert kept[0].name.startswith("Gençlik çalıştayı") and kept[0].ref != "T2"  # linked by the meeting's id
    assert kept[1].ref == "Nisan meclis toplantısı"  # a later meeting, kept as written


def test_a_workbook_returned_unchanged_records_nothing_and_keeps_every_kind_of_evidence(example, tmp_path):
    from openpyxl import load_workbook

    from roadmap.devtools.example import prepare_demo
    from roadmap.services.checkin_workbook import export_checkin_workbook, import_checkin_workbook

    prepare_demo()
    path = tmp_path / "izleme-2027-Q1.xlsx"
    export_checkin_workbook(TEAM, SLUG, "2027-Q1", path)
    assert import_checkin_workbook(TEAM, SLUG, path, today=date(2027, 5, 2)) == []
    book = load_workbook(path)
    sheet = next(s for s in book.worksheets if s.title.startswith("Gençlik ve Spor"))  # 31 letters at most
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "2.1")
    assert row[10].value.splitlines()[0].startswith("toplantı: Gençlik çalıştayı")
    row[7].value = "Yönerge meclis komisyonuna sunuldu."
    book.save(path)
    (recorded,) = import_checkin_workbook(TEAM, SLUG, path, today=date(2027, 5, 2))
    assert recorded.action_code == "2.1" and recorded.evidence == 2 and recorded.late  # late it stays
