"""Who may do what to which municipality: a matrix generated from the roles and the services."""

from __future__ import annotations

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

from roadmap.domain.stages import Role, Stage
from roadmap.errors import NotFound, PermissionDenied, TransitionRefused
from roadmap.services import review
from roadmap.services import stages as svc
from roadmap.services.consultations import coverage_report
from roadmap.services.exports import export_versions
from roadmap.services.focus import focus_ranking
from roadmap.services.municipalities import create_municipality, upsert_user
from roadmap.services.needs import findings
from roadmap.services.stakeholders import stakeholder_register
from roadmap.store.db import unit_of_work

OTHER_TEAM, OTHER_CONSULTANT = "ekip@baskakoy.bel.tr", "danisman@baska.example.org"

READS = {
    "status": lambda who: svc.status_report(who, SLUG),
    "show": lambda who: svc.show_stage(who, SLUG, Stage.TEAM),
    "history": lambda who: svc.audit_trail(who, SLUG),
    "needs": lambda who: findings(who, SLUG),
    "focus": lambda who: focus_ranking(who, SLUG),
    "stakeholders": lambda who: stakeholder_register(who, SLUG),
    "coverage": lambda who: coverage_report(who, SLUG),
    "comments": lambda who: review.threads(who, SLUG),
    "exports": lambda who: export_versions(who, SLUG),
    "diff": lambda who: review.stage_diff(who, SLUG, Stage.TEAM, "1", "current"),
}
# Writes, each with the roles allowed to do it to their own (or assigned) municipality.
WRITES = {
    "comment": (
        lambda who: review.add_comment(who, SLUG, Stage.TEAM, "Not"),
        {Role.TEAM_MEMBER, Role.CONSULTANT, Role.COORDINATOR},
    ),
    "approve": (
        lambda who: svc.review_stage(who, SLUG, Stage.CONSULTATIONS, approve=True),
        {Role.CONSULTANT},
    ),
    "open early": (
        lambda who: svc.open_stage_early(who, SLUG, Stage.ROADMAP),
        {Role.CONSULTANT, Role.COORDINATOR},
    ),
    "edit": (
        lambda who: svc.update_stage(
            who,
            SLUG,
            Stage.ROADMAP,
            svc.show_stage(COORDINATOR, SLUG, Stage.ROADMAP).content,
            svc.show_stage(COORDINATOR, SLUG, Stage.ROADMAP).version,
        ),
        {Role.TEAM_MEMBER, Role.COORDINATOR},
    ),
}
PEOPLE = {
    TEAM: (Role.TEAM_MEMBER, True),
    CONSULTANT: (Role.CONSULTANT, True),
    COORDINATOR: (Role.COORDINATOR, True),
    OTHER_TEAM: (Role.TEAM_MEMBER, False),
    OTHER_CONSULTANT: (Role.CONSULTANT, False),
}


@pytest.fixture
def two_municipalities(example):
    with unit_of_work() as session:
        other = create_municipality(session, "baskakoy", "Başkaköy Belediyesi")
        upsert_user(session, OTHER_TEAM, "Başka Ekip", Role.TEAM_MEMBER, other)
        upsert_user(session, OTHER_CONSULTANT, "Başka Danışman", Role.CONSULTANT, other)
    return example


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", READS)
def test_reads_are_open_to_those_who_belong_and_not_found_for_everyone_else(two_municipalities, who, action):
    belongs = PEOPLE[who][1]
    if belongs:
        READS[action](who)
    else:
        with pytest.raises(NotFound, match="ornekkoy"):
            READS[action](who)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("action", WRITES)
def test_writes_follow_the_roles_and_never_reach_another_municipality(two_municipalities, who, action):
    call, roles = WRITES[action]
    role, belongs = PEOPLE[who]
    if not belongs:
        with pytest.raises(NotFound):
            call(who)
    elif role in roles:
        call(who)
    else:
        with pytest.raises((PermissionDenied, TransitionRefused)):
            call(who)
