"""The review cycle: which move is legal from which status, and for whom."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from roadmap.domain.stages import Action, Role, Stage, Status
from roadmap.errors import TransitionRefused
from roadmap.i18n import Message, msg


@dataclass(frozen=True)
class Rule:
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    comment_required: bool


RULES: dict[Action, Rule] = {
    Action.SUBMIT: Rule(
        frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
        Status.SUBMITTED,
        frozenset({Role.TEAM_MEMBER}),
        comment_required=False,
    ),
    Action.REQUEST_CHANGES: Rule(
        frozenset({Status.SUBMITTED}),
        Status.CHANGES_REQUESTED,
        frozenset({Role.CONSULTANT}),
        comment_required=True,
    ),
    Action.APPROVE: Rule(
        frozenset({Status.SUBMITTED}),
        Status.APPROVED,
        frozenset({Role.CONSULTANT}),
        comment_required=False,
    ),
    Action.REOPEN: Rule(
        frozenset({Status.APPROVED}),
        Status.DRAFT,
        frozenset({Role.CONSULTANT, Role.COORDINATOR}),
        comment_required=True,
    ),
}


def role_refusal(action: Action, role: Role | str, allowed: frozenset[Role] | set[Role]) -> Message:
    """'A team member cannot do approving; who can: consultant.'"""
    names = [msg(f"role.{r}") for r in sorted(allowed)]
    return msg("refused.role", action=msg(f"action.{action}"), role=msg(f"role.{role}"), allowed=names)


def next_status(
    action: Action,
    current: Status,
    role: Role,
    comment: str = "",
    target: Status | None = None,
) -> Status:
    """The status after ``action``, or ``TransitionRefused`` saying why not."""
    if action == Action.OVERRIDE:
        if role != Role.COORDINATOR:
            raise TransitionRefused("refused.override_role")
        if not comment.strip():
            raise TransitionRefused("refused.comment_required", action=msg(f"action.{action}"))
        if target is None or target == current:
            raise TransitionRefused("refused.override_target", status=msg(f"status.{current}"))
        return target
    rule = RULES[action]
    if role not in rule.roles:
        raise TransitionRefused(role_refusal(action, role, rule.roles))
    if current not in rule.sources:
        raise TransitionRefused(
            "refused.status", action=msg(f"action.{action}"), status=msg(f"status.{current}")
        )
    if rule.comment_required and not comment.strip():
        raise TransitionRefused("refused.comment_required", action=msg(f"action.{action}"))
    return rule.target


def is_open(stage: Stage, statuses: Mapping[Stage, str], opened_early: bool) -> bool:
    """A stage opens when the one before it is approved, or when a consultant opened it early."""
    previous = stage.previous
    return previous is None or opened_early or statuses[previous] == Status.APPROVED


def dependants(stage: Stage) -> list[Stage]:
    """Stages that build on ``stage`` and must be re-checked when it reopens."""
    return [s for s in Stage if s > stage]


def require_editable(status: Status) -> None:
    """A stage's content may change while it is a draft or changes were requested; otherwise refused."""
    if status not in (Status.DRAFT, Status.CHANGES_REQUESTED):
        raise TransitionRefused("refused.not_editable", status=msg(f"status.{status}"))
