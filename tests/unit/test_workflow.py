"""The review cycle: every legal move succeeds, every illegal one is refused with a reason."""

from __future__ import annotations

import itertools

import pytest

from roadmap.domain.stages import Action, Role, Stage, Status
from roadmap.domain.workflow import is_open, next_status
from roadmap.errors import TransitionRefused

D, S, C, A = Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.APPROVED
TEAM, CONS, COORD = Role.TEAM_MEMBER, Role.CONSULTANT, Role.COORDINATOR

# The table from DESIGN.md, written out by hand: (action, from, role) -> to.
LEGAL = {
    (Action.SUBMIT, D, TEAM): S,
    (Action.SUBMIT, C, TEAM): S,
    (Action.REQUEST_CHANGES, S, CONS): C,
    (Action.APPROVE, S, CONS): A,
    (Action.REOPEN, A, CONS): D,
    (Action.REOPEN, A, COORD): D,
}
ACTIONS = [Action.SUBMIT, Action.REQUEST_CHANGES, Action.APPROVE, Action.REOPEN]


@pytest.mark.parametrize("move, target", LEGAL.items(), ids=lambda v: str(v))
def test_legal_transition_reaches_its_target(move, target):
    action, current, role = move
    assert next_status(action, current, role, comment="gerekçe") == target


ILLEGAL = [move for move in itertools.product(ACTIONS, list(Status), list(Role)) if move not in LEGAL]


@pytest.mark.parametrize("move", ILLEGAL, ids=lambda v: str(v))
def test_illegal_transition_is_refused_with_a_reason(move):
    action, current, role = move
    with pytest.raises(TransitionRefused) as refused:
        next_status(action, current, role, comment="gerekçe")
    assert str(refused.value).strip()


@pytest.mark.parametrize(
    "action, current, role",
    [
        (Action.REQUEST_CHANGES, S, CONS),
        (Action.REOPEN, A, CONS),
        (Action.REOPEN, A, COORD),
    ],
)
def test_transition_that_needs_a_comment_is_refused_without_one(action, current, role):
    with pytest.raises(TransitionRefused, match="açıklama"):
        next_status(action, current, role, comment="  ")


def test_approval_may_carry_no_comment():
    assert next_status(Action.APPROVE, S, CONS) == A


@pytest.mark.parametrize("current, target", [(D, A), (A, D), (S, C), (C, A)])
def test_coordinator_can_override_any_status_with_a_reason(current, target):
    assert next_status(Action.OVERRIDE, current, COORD, comment="toplantı kararı", target=target) == target


@pytest.mark.parametrize("role", [TEAM, CONS])
def test_only_the_coordinator_can_override(role):
    with pytest.raises(TransitionRefused, match="koordinatör"):
        next_status(Action.OVERRIDE, D, role, comment="neden", target=A)


def test_override_needs_a_reason_and_a_different_target():
    with pytest.raises(TransitionRefused):
        next_status(Action.OVERRIDE, D, COORD, comment="", target=A)
    with pytest.raises(TransitionRefused):
        next_status(Action.OVERRIDE, D, COORD, comment="neden", target=D)


def test_a_stage_opens_when_the_one_before_it_is_approved():
    statuses = {stage: D for stage in Stage}
    assert is_open(Stage.TEAM, statuses, opened_early=False)
    assert not is_open(Stage.NEEDS, statuses, opened_early=False)
    assert is_open(Stage.NEEDS, statuses, opened_early=True)
    statuses[Stage.TEAM] = A
    assert is_open(Stage.NEEDS, statuses, opened_early=False)


def test_stage_parse_accepts_numbers_and_names():
    assert Stage.parse("3") == Stage.STAKEHOLDERS
    assert Stage.parse("stakeholders") == Stage.STAKEHOLDERS
    with pytest.raises(Exception, match="Bilinmeyen aşama"):
        Stage.parse("9")
