"""The one gate, checked for every public service: a new function fails here until it is classified.

Every public function of ``roadmap.services`` is found by introspection and must be in exactly one
class below. Municipality functions are called by people of another municipality (they must get
"not found", whatever the function) and programme functions by a team member and a consultant
(they must be refused); functions that take a session are building blocks inside a service's
transaction, and that is checked from their signature.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

import roadmap.services as services_package
from roadmap.domain.actors import ActorFields, ActorKind, IntroductionStatus
from roadmap.domain.stages import Role, Stage, Status
from roadmap.domain.support import SupportKind
from roadmap.domain.themes import ThemeEdit
from roadmap.errors import NotFound, PermissionDenied, RoadmapError
from roadmap.services import (
    accounts,
    actors,
    admissions,
    amendments,
    applications,
    bundle,
    checkin_workbook,
    checks,
    cohort_monitoring,
    cohorts,
    consultations,
    consulting,
    event_attendance,
    events,
    exports,
    files,
    focus,
    hours,
    introduction_meetings,
    jobs,
    matchmaking,
    monitoring,
    municipalities,
    needs,
    office,
    overview,
    people,
    progress_report,
    releases,
    review,
    rounds,
    stages,
    stakeholders,
    support,
    support_awards,
    support_review,
    themes,
    translations,
)
from roadmap.services.access import SYSTEM
from roadmap.settings import EXAMPLES_DIR
from roadmap.store.db import unit_of_work

OTHER_TEAM, OTHER_CONSULTANT = "ekip@baskakoy.bel.tr", "danisman@baska.example.org"
EXAMPLE = EXAMPLES_DIR / "ornekkoy"
Call = Callable[[Any], object]

# Functions on one municipality: called as someone else's team and someone else's consultant.
MUNICIPALITY: dict[str, Call] = {
    "bundle.export_bundle": lambda who: bundle.export_bundle(who, SLUG, EXAMPLE / "never-written.json"),
    "checks.check_roadmap": lambda who: checks.check_roadmap(who, SLUG),
    "checks.explain_finding": lambda who: checks.explain_finding(
        who, SLUG, "needs.no_action:monitoring", "Neden"
    ),
    "rounds.open_round": lambda who: rounds.open_round(who, SLUG, date(2027, 3, 20)),
    "rounds.reassess": lambda who: rounds.reassess(who, SLUG, "2027-Q1", []),
    "rounds.stakeholder_rounds": lambda who: rounds.stakeholder_rounds(who, SLUG),
    "translations.translation_units": lambda who: translations.translation_units(who, SLUG),
    "translations.translation_status": lambda who: translations.translation_status(who, SLUG),
    "translations.export_translations": lambda who: translations.export_translations(
        who, SLUG, EXAMPLE / "x.xlf"
    ),
    "translations.import_translations": lambda who: translations.import_translations(
        who, SLUG, EXAMPLE / "x.xlf"
    ),
    "translations.save_translations": lambda who: translations.save_translations(who, SLUG, {}),
    "consultations.coverage_report": lambda who: consultations.coverage_report(who, SLUG),
    "consultations.import_attendance": lambda who: consultations.import_attendance(
        who, SLUG, "T2", EXAMPLE / "katilim-T2.xlsx", True
    ),
    "consultations.prefill_roadmap": lambda who: consultations.prefill_roadmap(who, SLUG),
    "consultations.read_data": lambda who: consultations.read_data(who, SLUG),
    "exports.export_document": lambda who: exports.export_document(who, SLUG, 1),
    "exports.export_state": lambda who: exports.export_state(who, SLUG),
    "exports.export_versions": lambda who: exports.export_versions(who, SLUG),
    "exports.export_pdf": lambda who: exports.export_pdf(who, SLUG, 1),
    "exports.record_export_pdf": lambda who: exports.record_export_pdf(who, SLUG, 1, EXAMPLE / "x.pdf"),
    "exports.import_word_comments": lambda who: exports.import_word_comments(who, SLUG, EXAMPLE / "x.docx"),
    "exports.record_export": lambda who: exports.record_export(
        who, SLUG, 99, "tr", False, True, exports.export_state(COORDINATOR, SLUG).data, EXAMPLE / "team.csv"
    ),
    "focus.focus_ranking": lambda who: focus.focus_ranking(who, SLUG),
    "needs.findings": lambda who: needs.findings(who, SLUG),
    "needs.import_survey": lambda who: needs.import_survey(
        who, SLUG, EXAMPLE / "anket-sivil-aktorler.csv", needs.RespondentGroup.CIVIC, None, True
    ),
    "overview.stage_overview": lambda who: overview.stage_overview(who, SLUG, Stage.TEAM),
    "review.add_comment": lambda who: review.add_comment(who, SLUG, Stage.TEAM, "Not"),
    "review.reply": lambda who: review.reply(who, SLUG, 1, "Yanıt"),
    "review.resolve": lambda who: review.resolve(who, SLUG, 1),
    "review.stage_diff": lambda who: review.stage_diff(who, SLUG, Stage.TEAM, "1", "current"),
    "review.stage_changes": lambda who: review.stage_changes(who, SLUG, Stage.TEAM, "1", "current"),
    "review.threads": lambda who: review.threads(who, SLUG),
    "stages.audit_trail": lambda who: stages.audit_trail(who, SLUG),
    "stages.open_stage_early": lambda who: stages.open_stage_early(who, SLUG, Stage.ROADMAP),
    "stages.override_stage": lambda who: stages.override_stage(who, SLUG, Stage.TEAM, Status.DRAFT, "Neden"),
    "stages.reopen_stage": lambda who: stages.reopen_stage(who, SLUG, Stage.TEAM, "Neden"),
    "stages.review_stage": lambda who: stages.review_stage(who, SLUG, Stage.CONSULTATIONS, approve=True),
    "stages.show_stage": lambda who: stages.show_stage(who, SLUG, Stage.TEAM),
    "stages.status_report": lambda who: stages.status_report(who, SLUG),
    "stages.submit_stage": lambda who: stages.submit_stage(who, SLUG, Stage.ROADMAP),
    "stages.update_stage": lambda who: stages.update_stage(who, SLUG, Stage.ROADMAP, {}, 1),
    "stages.waive_requirement": lambda who: stages.waive_requirement(who, SLUG, Stage.TEAM, "x", "Neden"),
    "stakeholders.import_stakeholders": lambda who: stakeholders.import_stakeholders(
        who, SLUG, EXAMPLE / "paydaslar.csv", True
    ),
    "stakeholders.stakeholder_register": lambda who: stakeholders.stakeholder_register(who, SLUG),
    "accounts.invite": lambda who: accounts.invite(
        who, "yeni@ornekkoy.bel.tr", "Yeni Kişi", Role.TEAM_MEMBER, SLUG
    ),
    "municipalities.edit_municipality": lambda who: municipalities.edit_municipality(
        who, SLUG, "Örnekköy", "", ""
    ),
    "releases.publish_release": lambda who: releases.publish_release(who, SLUG, pdf=False),
    "releases.withdraw_release": lambda who: releases.withdraw_release(who, SLUG, 1, "Neden"),
    "releases.release_history": lambda who: releases.release_history(who, SLUG),
    "themes.theme_synthesis": lambda who: themes.theme_synthesis(who, SLUG),
    "themes.store_suggestions": lambda who: themes.store_suggestions(who, SLUG),
    "themes.edit_theme": lambda who: themes.edit_theme(who, SLUG, ThemeEdit(action="accept", theme="x"), 1),
    "monitoring.record_checkin": lambda who: monitoring.record_checkin(
        who, SLUG, "1.1", "2027-Q1", {"status": "limited"}
    ),
    "monitoring.verify_checkin": lambda who: monitoring.verify_checkin(who, SLUG, "1.1", "2027-Q1", True),
    "monitoring.evidence_file": lambda who: monitoring.evidence_file(who, SLUG, "0" * 64),
    "monitoring.roadmap_progress": lambda who: monitoring.roadmap_progress(who, SLUG),
    "monitoring.monitoring_open": lambda who: monitoring.monitoring_open(who, SLUG),
    "monitoring.action_monitoring": lambda who: monitoring.action_monitoring(who, SLUG, "1.1"),
    "amendments.request_amendment": lambda who: amendments.request_amendment(
        who, SLUG, "1.1", {"end_month": 4}, "Neden"
    ),
    "amendments.decide_amendment": lambda who: amendments.decide_amendment(who, SLUG, 1, True),
    "amendments.amendments": lambda who: amendments.amendments(who, SLUG),
    "cohort_monitoring.record_cohort_indicator": lambda who: cohort_monitoring.record_cohort_indicator(
        who, SLUG, "2027-Q1", {}
    ),
    "cohort_monitoring.cohort_indicator_values": lambda who: cohort_monitoring.cohort_indicator_values(
        who, SLUG, "2027-Q1"
    ),
    "monitoring.monitored_plan": lambda who: monitoring.monitored_plan(who, SLUG),
    "progress_report.progress_document": lambda who: progress_report.progress_document(
        who, SLUG, "2027-Q1", EXAMPLE / "never-written.docx"
    ),
    "checkin_workbook.export_checkin_workbook": lambda who: checkin_workbook.export_checkin_workbook(
        who, SLUG, "2027-Q1", EXAMPLE / "never-written.xlsx"
    ),
    "checkin_workbook.import_checkin_workbook": lambda who: checkin_workbook.import_checkin_workbook(
        who, SLUG, EXAMPLE / "never-read.xlsx"
    ),
    "admissions.municipality_application": lambda who: admissions.municipality_application(who, SLUG),
    "hours.hours_report": lambda who: hours.hours_report(who, SLUG),
    "consulting.record_consulting": lambda who: consulting.record_consulting(
        who, SLUG, date(2026, 10, 1), "Ayşe Yılmaz", "Paydaş haritası"
    ),
    "consulting.consulting_log": lambda who: consulting.consulting_log(who, SLUG),
    "actors.add_to_register": lambda who: actors.add_to_register(who, SLUG, 1),
    "matchmaking.match_actors": lambda who: matchmaking.match_actors(who, SLUG),
    "matchmaking.introduce": lambda who: matchmaking.introduce(who, SLUG, 1, "1.1"),
    "matchmaking.introductions": lambda who: matchmaking.introductions(who, SLUG),
    "matchmaking.update_introduction": lambda who: matchmaking.update_introduction(
        who, SLUG, 1, IntroductionStatus.MEETING, "Görüşme", 1
    ),
    "matchmaking.make_partner": lambda who: matchmaking.make_partner(who, SLUG, 1, "1.1"),
    "introduction_meetings.introduction_meetings": lambda who: introduction_meetings.introduction_meetings(
        who, SLUG
    ),
    "support.apply_for_support": lambda who: support.apply_for_support(
        who, SLUG, "cagri", ["1.1"], "Proje", "İstenen destek metni"
    ),
    "support_awards.awards_for_action": lambda who: support_awards.awards_for_action(who, SLUG, "1.1"),
}
# The programme's work: a team member and a consultant are refused, a coordinator and the system may.
PROGRAMME: dict[str, Call] = {
    "bundle.import_bundle": lambda who: bundle.import_bundle(who, EXAMPLE / "never-written.json"),
    "cohorts.add_to_cohort": lambda who: cohorts.add_to_cohort(who, "kohort", [SLUG], []),
    "cohorts.authorise_cohort_run": lambda who: cohorts.authorise_cohort_run(who, "kohort"),
    "cohorts.cohort_members": lambda who: cohorts.cohort_members(who, "kohort"),
    "cohorts.cohort_progress": lambda who: cohorts.cohort_progress(who, "kohort"),
    "cohorts.create_cohort": lambda who: cohorts.create_cohort(who, "yeni", "Yeni", date(2027, 1, 1), date(2027, 9, 1)),
    "cohorts.set_cohort_partners": lambda who: cohorts.set_cohort_partners(who, "kohort", [("NDI Türkiye", None)]),
    "cohorts.newest_documents": lambda who: cohorts.newest_documents(who, "kohort"),
    "jobs.cohort_jobs": lambda who: jobs.cohort_jobs(who, "kohort"),
    "jobs.request_cohort_build": lambda who: jobs.request_cohort_build(who, "kohort"),
    "municipalities.add_municipality": lambda who: municipalities.add_municipality(who, "yenikoy", "Yeniköy"),
    "municipalities.add_user": lambda who: municipalities.add_user(who, "yeni@ornekkoy.bel.tr", "Yeni", Role.TEAM_MEMBER, SLUG),
    "municipalities.assign_consultant": lambda who: municipalities.assign_consultant(who, SLUG, CONSULTANT),
    "accounts.set_password": lambda who: accounts.set_password(who, COORDINATOR, "uzun-bir-parola-2026"),
    "municipalities.unassign_consultant": lambda who: municipalities.unassign_consultant(who, SLUG, CONSULTANT),
    "cohorts.remove_from_cohort": lambda who: cohorts.remove_from_cohort(who, "kohort", [SLUG], []),
    "cohorts.cohort_consultants": lambda who: cohorts.cohort_consultants(who, "kohort"),
    "people.person": lambda who: people.person(who, 1),
    "people.change_person": lambda who: people.change_person(who, TEAM, Role.COORDINATOR),
    "files.prune_exports": lambda who: files.prune_exports(who, apply=True),
    "files.check_store": lambda who: files.check_store(who),
    "themes.cohort_themes": lambda who: themes.cohort_themes(who, "kohort"),
    "cohort_monitoring.set_monitoring_rules": lambda who: cohort_monitoring.set_monitoring_rules(
        who, "kohort", weighting="budget"
    ),

    "applications.create_call": lambda who: applications.create_call(who, "cagri", "Çağrı", datetime(2027, 1, 1), datetime(2027, 2, 1)),
    "admissions.list_applications": lambda who: admissions.list_applications(who, "cagri"),
    "admissions.show_application": lambda who: admissions.show_application(who, "cagri", 1),
    "admissions.score_application": lambda who: admissions.score_application(who, "cagri", 1, {}),
    "admissions.accept_application": lambda who: admissions.accept_application(who, "cagri", 1, "kohort"),
    "admissions.reject_application": lambda who: admissions.reject_application(who, "cagri", 1, "Bu dönem kabul edemiyoruz."),
    "events.add_event": lambda who: events.add_event(who, "kohort", "training", "Eğitim", datetime(2027, 1, 1), 2),
    "introduction_meetings.arrange_meeting": lambda who: introduction_meetings.arrange_meeting(
        who, SLUG, 1, datetime(2027, 1, 1), 1
    ),
    "event_attendance.import_event_attendance": lambda who: event_attendance.import_event_attendance(who, 1, EXAMPLE / "katilim-T2.xlsx"),
    "event_attendance.tick_attendance": lambda who: event_attendance.tick_attendance(who, 1, TEAM),
    "event_attendance.checkin_code": lambda who: event_attendance.checkin_code(who, 1),
    "admissions.list_calls": lambda who: admissions.list_calls(who),
    "office.cohort_office": lambda who: office.cohort_office(who, "kohort"),

    "actors.import_actors": lambda who: actors.import_actors(who, EXAMPLE / "paydaslar.csv", dry_run=True),
    "actors.save_actor": lambda who: actors.save_actor(who, None, ActorFields(name="Yeni Dernek", kind=ActorKind.DERNEK)),
    "support.create_call": lambda who: support.create_call(who, "cagri", "Çağrı", date(2026, 1, 1), date(2027, 1, 1), EXAMPLE / "x.yaml"),
    "support.replace_rubric": lambda who: support.replace_rubric(who, "cagri", EXAMPLE / "x.yaml"),
    "support_review.review_application": lambda who: support_review.review_application(who, 1, {"a": 1}, "Yorum"),
    "support_review.declare_conflict": lambda who: support_review.declare_conflict(who, 1, "Neden"),
    "support_review.decide_application": lambda who: support_review.decide_application(who, 1, True, "Neden"),
    "support_awards.record_award": lambda who: support_awards.record_award(
        who, 1, SupportKind.TRAINING, "Eğitim", 1, "gün", 1000, date(2027, 1, 1)
    ),
}  # fmt: skip
# Whatever the acting person may see, and nothing else (checked by their own tests).
OWN_VIEW = {
    "municipalities.list_municipalities",
    "review.review_queue",
    "cohorts.list_cohorts",
    "cohorts.cohort_status",
    "notifications.my_notices",
    "notifications.mark_read",
    "notifications.unread_count",
    "notifications.my_preferences",
    "notifications.set_preferences",
    "people.list_people",
    "municipalities.municipality_details",
    "cohort_monitoring.cohort_monitoring",
    "cohort_monitoring.monitoring_queue",
    "events.list_events",
    "events.event_people",
    "events.register",
    "event_attendance.check_in",
    "office.office_rows",
    "calendar.calendar_entries",
    "calendar.new_feed_link",
    "actors.list_actors",
    "actors.actor_details",
    "support.list_calls",
    "support.support_applications",
    "support_review.show_application",
}
GATE = {"access.can", "access.require", "access.authorise", "access.standing"}  # the gate itself
# Anyone, signed in or not: they read published releases only, never a stage's working data (the
# public pages, /p/…); their own tests show a draft does not reach them. No acting person.
PUBLIC = {
    "applications.public_call",  # the public application form: a call, and one's own draft by its private link
    "applications.start_application",
    "applications.draft_application",
    "applications.save_application",
    "releases.published_municipalities",
    "releases.public_page",
    "releases.public_file",
    "releases.public_action",
    "public_monitoring.public_statuses",
}
SIGN_IN = {  # before anyone is signed in: answers the same whoever asks
    "accounts.authenticate",
    "accounts.request_password_reset",
    "accounts.token_purpose",
    "accounts.redeem_token",
    "accounts.check_password_rules",
    "applications.confirmation_valid",  # an applicant's e-mail confirmation: a one-time link
    "applications.confirm_email",
    "calendar.calendar_feed",  # a calendar app with one person's private feed link
}  # proves who the person is; nobody acts before it
SYSTEM_ONLY = {
    "jobs.run_next_job",
    "jobs.worker_name",
    "notifications.deliver_pending",
    "digest.send_daily_digest",
    "digest.digest_due",
    "reminders.send_reminders",
}  # the worker, which acts as the system actor


def public_functions() -> dict[str, Callable[..., object]]:
    found = {}
    for info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"roadmap.services.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{info.name}.{name}"] = function
    return found


def _takes_a_session(function: Callable[..., object]) -> bool:
    first = next(iter(inspect.signature(function).parameters.values()), None)
    return first is not None and first.name == "session"


def test_every_public_service_is_classified_and_takes_the_acting_person_or_a_session():
    classes = [set(MUNICIPALITY), set(PROGRAMME), OWN_VIEW, GATE, SIGN_IN, SYSTEM_ONLY, PUBLIC]
    unclassified = []
    for name, function in public_functions().items():
        if _takes_a_session(function):
            continue  # a building block: its caller has opened the transaction and asked the gate
        if sum(name in group for group in classes) != 1:
            unclassified.append(name)
            continue
        if name not in SIGN_IN | SYSTEM_ONLY | GATE | PUBLIC:
            first = next(iter(inspect.signature(function).parameters))
            assert first in {"email", "who"}, f"{name}: the acting person comes first, not {first!r}"
    assert unclassified == [], "classify these in tests/integration/test_gate.py (and so decide who may)"
    stale = (set(MUNICIPALITY) | set(PROGRAMME) | OWN_VIEW | GATE | SIGN_IN | SYSTEM_ONLY | PUBLIC) - set(
        public_functions()
    )
    assert stale == set()


@pytest.fixture
def two_municipalities(example):
    with unit_of_work() as session:
        other = municipalities.create_municipality(session, "baskakoy", "Başkaköy Belediyesi")
        municipalities.upsert_user(session, OTHER_TEAM, "Başka Ekip", Role.TEAM_MEMBER, other)
        municipalities.upsert_user(session, OTHER_CONSULTANT, "Başka Danışman", Role.CONSULTANT, other)
    cohorts.create_cohort(COORDINATOR, "kohort", "Kohort", date(2026, 3, 1), date(2026, 12, 1))
    return example


@pytest.mark.parametrize("who", [OTHER_TEAM, OTHER_CONSULTANT])
@pytest.mark.parametrize("name", sorted(MUNICIPALITY))
def test_someone_of_another_municipality_is_told_it_does_not_exist(two_municipalities, name, who):
    before = stages.show_stage(COORDINATOR, SLUG, Stage.ROADMAP).version
    with pytest.raises(NotFound) as refused:
        MUNICIPALITY[name](who)
    assert refused.value.key == "notfound.municipality" and SLUG in str(refused.value)
    assert stages.show_stage(COORDINATOR, SLUG, Stage.ROADMAP).version == before


@pytest.mark.parametrize("who", [TEAM, CONSULTANT])
@pytest.mark.parametrize("name", sorted(PROGRAMME))
def test_programme_work_is_refused_to_teams_and_consultants(two_municipalities, name, who):
    with pytest.raises((PermissionDenied, NotFound)):
        PROGRAMME[name](who)


@pytest.mark.parametrize(
    "name",
    [
        "cohorts.cohort_members",
        "cohorts.cohort_progress",
        "cohorts.newest_documents",
        "files.prune_exports",
        "files.check_store",
    ],
)
def test_the_system_actor_and_a_coordinator_may_do_the_programmes_work(two_municipalities, name):
    for who in (SYSTEM, COORDINATOR):
        try:
            PROGRAMME[name](who)
        except RoadmapError as error:  # refused for another reason than who is asking would be a bug here
            raise AssertionError(f"{name} refused {who}: {error}") from None


def test_a_person_may_set_their_own_password_but_not_someone_elses(two_municipalities):
    accounts.set_password(TEAM, TEAM, "benim-yeni-parolam")
    with pytest.raises(PermissionDenied):
        accounts.set_password(TEAM, CONSULTANT, "baskasinin-parolasi")


def test_the_public_functions_take_no_acting_person_and_show_nothing_before_a_release(two_municipalities):
    for name in PUBLIC:
        first = next(iter(inspect.signature(public_functions()[name]).parameters))
        assert first not in {"email", "who"}, f"{name} is public: it must not depend on who asks"
    assert releases.published_municipalities() == []
    with pytest.raises(NotFound):
        releases.public_page(SLUG)
    with pytest.raises(NotFound):
        releases.public_file(SLUG, 1, "roadmap-tr.json")
