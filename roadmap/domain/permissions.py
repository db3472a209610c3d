"""May this person do this here? The one answer, asked by services and pages alike.

A person's relation to a municipality is one of: its own team, its assigned consultant, the
programme (coordinators and the system actor that runs the orchestrator and cohort builds), or none.
Someone with no relation does not learn that the municipality exists (the services say "not found").
Stage moves (submit, approve, …) are further bound by the review cycle in ``domain.workflow``.
"""

from __future__ import annotations

from enum import StrEnum

from roadmap.domain.stages import Role, Status


class Permission(StrEnum):
    SEE = "see"  # read its stages, reports, history, comments and documents
    EDIT = "edit"  # change a stage's content, import files into it
    SUBMIT = "submit"  # hand a stage in for review
    REVIEW = "review"  # approve, request changes, reopen, open early, waive a requirement
    COMMENT = "comment"  # write, answer and resolve review comments
    EXPORT = "export"  # build and download the Word document, a backup bundle
    PUBLISH = "publish"  # publish a release of the approved roadmap, or withdraw one
    RUN_COHORT = "run_cohort"  # the programme's work: cohorts, builds of many, reports, bulk downloads
    MANAGE = "manage"  # municipalities, accounts, assignments, restoring backups
    INVITE = "invite"  # see its people and invite team members to it
    INTRODUCE = (
        "introduce"  # log an introduction to a civic actor, make one a partner, add one to the register
    )
    CURATE = "curate"  # the programme's directory of civic actors: import, add, edit
    REVIEW_SUPPORT = "review_support"  # the support programme: calls, reviews, decisions, awards


class Relation(StrEnum):
    OWN = "own"  # a member of the municipality's team
    ASSIGNED = "assigned"  # its consultant
    PROGRAMME = "programme"  # a coordinator, or the system actor
    NONE = "none"


GRANTS: dict[Relation, frozenset[Permission]] = {
    Relation.OWN: frozenset(
        {
            Permission.SEE,
            Permission.EDIT,
            Permission.SUBMIT,
            Permission.COMMENT,
            Permission.EXPORT,
            Permission.PUBLISH,
            Permission.INTRODUCE,
        }
    ),
    Relation.ASSIGNED: frozenset(
        {
            Permission.SEE,
            Permission.REVIEW,
            Permission.COMMENT,
            Permission.EXPORT,
            Permission.INVITE,
            Permission.INTRODUCE,
        }
    ),
    Relation.PROGRAMME: frozenset(Permission),
    Relation.NONE: frozenset(),
}


def relation(role: Role, *, own: bool, assigned: bool) -> Relation:
    """How a person with ``role`` stands to one municipality (the system actor has the coordinator's role)."""
    if role == Role.COORDINATOR:
        return Relation.PROGRAMME
    if role == Role.TEAM_MEMBER and own:
        return Relation.OWN
    if role == Role.CONSULTANT and assigned:
        return Relation.ASSIGNED
    return Relation.NONE


def may(standing: Relation, permission: Permission) -> bool:
    """Whether someone who stands so to a municipality may do ``permission`` there."""
    return permission in GRANTS[standing]


def may_in_programme(role: Role, permission: Permission) -> bool:
    """Programme-wide work (no one municipality): cohorts, accounts, restores, the directory of civic
    actors and the support programme's reviews (its reviewers are the programme's coordinators)."""
    return role == Role.COORDINATOR or permission not in (
        Permission.RUN_COHORT,
        Permission.MANAGE,
        Permission.INVITE,
        Permission.CURATE,
        Permission.REVIEW_SUPPORT,
    )


def stage_rights(standing: Relation, status: Status, stage_open: bool) -> dict[str, bool]:
    """What a stage page offers this person now: edit the form, submit it, review it."""
    editable = (
        may(standing, Permission.EDIT) and status in (Status.DRAFT, Status.CHANGES_REQUESTED) and stage_open
    )
    return {
        "edit": editable,
        "submit": editable and may(standing, Permission.SUBMIT),
        "review": may(standing, Permission.REVIEW) and status == Status.SUBMITTED,
    }
