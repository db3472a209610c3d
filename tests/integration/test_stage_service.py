"""Stage use cases against a real SQLite database holding the example municipality."""

from __future__ import annotations

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

from roadmap.domain.stages import Role, Stage, Status
from roadmap.errors import NotFound, PermissionDenied, StaleVersion, TransitionRefused
from roadmap.services import stages as svc
from roadmap.services.municipalities import create_municipality, upsert_user
from roadmap.store.db import unit_of_work


def test_stale_edit_is_refused_and_the_newer_edit_survives(example):
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    first = dict(view.content, vision="Birinci ekip üyesinin vizyonu")
    second = dict(view.content, vision="Eski sürümden yapılan düzenleme")
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, first, view.version)
    with pytest.raises(StaleVersion, match="eski bir sürüme dayanıyor"):
        svc.update_stage(TEAM, SLUG, Stage.ROADMAP, second, view.version)
    assert svc.show_stage(TEAM, SLUG, Stage.ROADMAP).content["vision"] == "Birinci ekip üyesinin vizyonu"


def test_invalid_content_is_refused_naming_the_field_and_nothing_changes(example):
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    broken = dict(view.content, months=0)
    with pytest.raises(Exception, match="months"):
        svc.update_stage(TEAM, SLUG, Stage.ROADMAP, broken, view.version)
    after = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    assert after.version == view.version and after.content == view.content


def test_submitted_or_approved_stage_cannot_be_edited(example):
    view = svc.show_stage(TEAM, SLUG, Stage.TEAM)
    with pytest.raises(TransitionRefused, match="onaylandı"):
        svc.update_stage(TEAM, SLUG, Stage.TEAM, view.content, view.version)


def test_review_cycle_changes_requested_then_resubmitted_then_approved_is_audited(example):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Katılımcı listesi eksik.")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    assert view.status == Status.CHANGES_REQUESTED
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, view.content, view.version)
    assert svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS) == 2
    assert svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True) == Status.APPROVED
    trail = [
        (r.actor, r.action, r.from_status, r.to_status, r.comment)
        for r in svc.audit_trail(COORDINATOR, SLUG)
        if r.stage == Stage.CONSULTATIONS
    ]
    assert trail[-4:] == [
        (CONSULTANT, "request_changes", "submitted", "changes_requested", "Katılımcı listesi eksik."),
        (TEAM, "update", "changes_requested", "changes_requested", ""),
        (TEAM, "submit", "changes_requested", "submitted", ""),
        (CONSULTANT, "approve", "submitted", "approved", ""),
    ]
    assert all(r.at is not None for r in svc.audit_trail(COORDINATOR, SLUG))


def test_consultant_cannot_submit_and_team_cannot_approve(example):
    with pytest.raises(TransitionRefused, match="danışman"):
        svc.review_stage(TEAM, SLUG, Stage.CONSULTATIONS, approve=True)
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Eksik")
    with pytest.raises(TransitionRefused, match="ekip üyesi"):
        svc.submit_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS)


def test_request_changes_without_a_comment_is_refused(example):
    with pytest.raises(TransitionRefused, match="açıklama"):
        svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="")
    assert svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).status == Status.SUBMITTED


def test_stage_cannot_be_submitted_before_the_previous_one_is_approved(example):
    with pytest.raises(TransitionRefused, match="henüz açılmadı"):
        svc.submit_stage(TEAM, SLUG, Stage.SHARE)


def test_a_team_cannot_fill_a_stage_before_it_opens_but_the_programme_may_prepare_it(example):
    view = svc.show_stage(TEAM, SLUG, Stage.SHARE)
    content = {**view.content, "shares": [{"audience": "Kent Konseyi", "channel": "e-posta"}]}
    with pytest.raises(TransitionRefused, match="henüz açılmadı"):
        svc.update_stage(TEAM, SLUG, Stage.SHARE, content, view.version)
    assert svc.show_stage(TEAM, SLUG, Stage.SHARE).version == view.version  # nothing written
    assert svc.update_stage(COORDINATOR, SLUG, Stage.SHARE, content, view.version) == view.version + 1


def test_consultant_can_open_a_stage_early(example):
    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP, "Eylem planına başlanabilir.")
    assert svc.submit_stage(TEAM, SLUG, Stage.ROADMAP) == 1
    with pytest.raises(PermissionDenied):
        svc.open_stage_early(TEAM, SLUG, Stage.SHARE)


def test_incomplete_stage_submission_lists_what_is_missing(example):
    svc.open_stage_early(CONSULTANT, SLUG, Stage.SHARE)
    with pytest.raises(TransitionRefused) as refused:
        svc.submit_stage(TEAM, SLUG, Stage.SHARE)
    assert "kimlerle, nasıl paylaşılacağı" in str(refused.value)
    assert svc.show_stage(TEAM, SLUG, Stage.SHARE).status == Status.DRAFT


def test_reopening_an_approved_stage_flags_later_stages_for_recheck(example):
    with pytest.raises(TransitionRefused, match="açıklama"):
        svc.reopen_stage(CONSULTANT, SLUG, Stage.FOCUS, "")
    svc.reopen_stage(CONSULTANT, SLUG, Stage.FOCUS, "Yeni stratejik plan amacı eklenecek.")
    report = svc.status_report(TEAM, SLUG)
    by_stage = {row.stage: row for row in report.stages}
    assert by_stage[Stage.FOCUS].status == Status.DRAFT
    assert by_stage[Stage.STAKEHOLDERS].needs_recheck and by_stage[Stage.CONSULTATIONS].needs_recheck
    assert not by_stage[Stage.TEAM].needs_recheck


def test_coordinator_override_is_audited_with_its_reason(example):
    with pytest.raises(TransitionRefused):
        svc.override_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, Status.APPROVED, "acil")
    svc.override_stage(
        COORDINATOR, SLUG, Stage.CONSULTATIONS, Status.APPROVED, "Toplantı tutanakları kâğıt üzerinde."
    )
    last = svc.audit_trail(COORDINATOR, SLUG)[-1]
    assert (last.actor, last.action, last.to_status, last.comment) == (
        COORDINATOR,
        "override",
        "approved",
        "Toplantı tutanakları kâğıt üzerinde.",
    )


def test_status_report_says_whose_move_it_is(example):
    report = svc.status_report(TEAM, SLUG)
    steps = {row.stage: row.next_step for row in report.stages}
    assert steps[Stage.TEAM] == "next.none"
    assert steps[Stage.CONSULTATIONS] == "next.consultant"
    assert steps[Stage.ROADMAP] == "next.team"  # opened early by the consultant while 4 is reviewed
    assert steps[Stage.SHARE] == "next.waiting"
    assert report.team_hours == 67


def _second_municipality():
    with unit_of_work() as session:
        other = create_municipality(session, "baskakoy", "Başkaköy Belediyesi")
        upsert_user(session, "ekip@baskakoy.bel.tr", "Başka Ekip", Role.TEAM_MEMBER, other)
        upsert_user(session, "danisman2@example.org", "Başka Danışman", Role.CONSULTANT, other)


def test_team_member_of_another_municipality_gets_not_found(example):
    _second_municipality()
    with pytest.raises(NotFound, match="ornekkoy"):
        svc.status_report("ekip@baskakoy.bel.tr", SLUG)
    with pytest.raises(NotFound):
        svc.show_stage("ekip@baskakoy.bel.tr", SLUG, Stage.TEAM)


def test_consultant_sees_only_assigned_municipalities(example):
    _second_municipality()
    from roadmap.services.municipalities import list_municipalities

    assert [m.slug for m in list_municipalities("danisman2@example.org")] == ["baskakoy"]
    assert sorted(m.slug for m in list_municipalities(COORDINATOR)) == ["baskakoy", "ornekkoy"]
    with pytest.raises(NotFound):
        svc.review_stage("danisman2@example.org", SLUG, Stage.CONSULTATIONS, approve=True)


def test_unknown_user_is_refused(example):
    with pytest.raises(NotFound, match="kimse@example.org"):
        svc.status_report("kimse@example.org", SLUG)


def test_team_members_are_stored_as_rows_and_an_edit_replaces_them(example):
    from sqlmodel import select

    from roadmap.store.tables import TeamMemberRow

    svc.reopen_stage(CONSULTANT, SLUG, Stage.TEAM, "Yeni üye katıldı.")
    view = svc.show_stage(TEAM, SLUG, Stage.TEAM)
    members = view.content["members"][:-1] + [
        {"name": "Hatice Yıldırım", "directorate": "Yazı İşleri Müdürlüğü", "email": "hatice@ornekkoy.bel.tr"}
    ]
    svc.update_stage(TEAM, SLUG, Stage.TEAM, dict(view.content, members=members), view.version)
    with unit_of_work() as session:
        names = [row.name for row in session.exec(select(TeamMemberRow).order_by(TeamMemberRow.position))]
    assert names[-1] == "Hatice Yıldırım" and "İsmail Öztürk" not in names and len(names) == 6
    assert svc.show_stage(TEAM, SLUG, Stage.TEAM).content["hours"] == view.content["hours"]
