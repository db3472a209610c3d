"""A municipality's part of the support programme in its backup bundle: its support applications (with
their reviews and decision), the awards given on them (the roadmap document's "support received" table)
and its introductions to civic actors, so that restoring a bundle keeps them
(``roadmap.services.bundle``).

Calls and civic actors are programme-wide: a bundle names them (a call by its key, an organisation by its
name) and a restore attaches to the ones the database has.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlmodel import Session, col, delete, select

from roadmap.analysis.actors import name_key
from roadmap.store.tables import (
    ActorIntroduction,
    CivicActor,
    IntroductionMeeting,
    Municipality,
    SupportApplication,
    SupportAward,
    SupportCall,
    SupportReview,
    SupportRubric,
    utcnow,
)

APPLICATION_FIELDS = (
    "title", "request", "action_ids", "status", "submitted_by", "decided_by", "decision_reason", "version",
)  # fmt: skip
REVIEW_FIELDS = ("reviewer", "rubric_version", "scores", "notes", "comment", "conflict")
AWARD_FIELDS = ("action_id", "kind", "description", "quantity", "unit", "value_try", "recorded_by")
INTRODUCTION_FIELDS = ("action_id", "action_code", "introduced_by", "status", "next_step", "version")


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _call(session: Session, call_id: int) -> dict[str, Any]:
    call = cast(SupportCall, session.get(SupportCall, call_id))
    rubrics = session.exec(
        select(SupportRubric).where(SupportRubric.call_id == call_id).order_by(col(SupportRubric.number))
    ).all()
    return {
        "key": call.key,
        "name": call.name,
        "opens": call.opens.isoformat(),
        "closes": call.closes.isoformat(),
        "rubric_version": call.rubric_version,
        "created_by": call.created_by,
        "created_at": _time(call.created_at),
        "rubrics": [
            {
                "number": r.number,
                "criteria": r.criteria,
                "created_by": r.created_by,
                "created_at": _time(r.created_at),
            }
            for r in rubrics
        ],
    }


def _actor_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(CivicActor).where(col(CivicActor.id).in_(ids))).all()
    return {cast(int, a.id): a.name for a in rows}


def support_bundle(session: Session, municipality: Municipality) -> dict[str, Any]:
    """The municipality's applications (each with its call, reviews and awards) and introductions."""
    mid = municipality.id
    applications = session.exec(
        select(SupportApplication)
        .where(SupportApplication.municipality_id == mid)
        .order_by(col(SupportApplication.id))
    ).all()
    introductions = session.exec(
        select(ActorIntroduction)
        .where(ActorIntroduction.municipality_id == mid)
        .order_by(col(ActorIntroduction.id))
    ).all()
    names = _actor_names(
        session, {i for a in applications for i in a.actor_ids} | {i.actor_id for i in introductions}
    )
    saved = []
    for application in applications:
        reviews = session.exec(
            select(SupportReview)
            .where(SupportReview.application_id == application.id)
            .order_by(col(SupportReview.id))
        ).all()
        awards = session.exec(
            select(SupportAward)
            .where(SupportAward.application_id == application.id)
            .order_by(col(SupportAward.id))
        ).all()
        saved.append(
            {
                **{name: getattr(application, name) for name in APPLICATION_FIELDS},
                "call": _call(session, application.call_id),
                "actors": [names[i] for i in application.actor_ids if i in names],
                "submitted_at": _time(application.submitted_at),
                "decided_at": _time(application.decided_at),
                "reviews": [
                    {**{n: getattr(r, n) for n in REVIEW_FIELDS}, "at": _time(r.at)} for r in reviews
                ],
                "awards": [
                    {
                        **{n: getattr(a, n) for n in AWARD_FIELDS},
                        "given_on": a.given_on.isoformat(),
                        "recorded_at": _time(a.recorded_at),
                    }
                    for a in awards
                ],
            }
        )
    return {
        "applications": saved,
        "introductions": [
            {
                **{n: getattr(i, n) for n in INTRODUCTION_FIELDS},
                "actor": names.get(i.actor_id, ""),
                "introduced_at": _time(i.introduced_at),
            }
            for i in introductions
        ],
    }


def _call_id(session: Session, saved: dict[str, Any]) -> int:
    """The call with the bundle's key; on a database without it, the call as it was (dates, rubric
    versions), so that the applications keep their reviews and the awards their application."""
    found = session.exec(select(SupportCall).where(SupportCall.key == saved["key"])).first()
    if found is not None:
        return cast(int, found.id)
    call = SupportCall(
        key=saved["key"],
        name=saved["name"],
        opens=date.fromisoformat(saved["opens"]),
        closes=date.fromisoformat(saved["closes"]),
        rubric_version=saved["rubric_version"],
        created_by=saved["created_by"],
        created_at=_when(saved["created_at"]) or utcnow(),
    )
    session.add(call)
    session.flush()
    for r in saved["rubrics"]:
        session.add(
            SupportRubric(
                call_id=cast(int, call.id),
                number=r["number"],
                criteria=r["criteria"],
                created_by=r["created_by"],
                created_at=_when(r["created_at"]) or utcnow(),
            )
        )
    return cast(int, call.id)


def _actor_ids(session: Session, names: list[str]) -> dict[str, int]:
    """Directory organisations by name (Turkish-aware); an organisation the directory does not have is
    dropped from the application's partners and its introduction is not restored."""
    wanted = {name_key(n): n for n in names}
    rows = session.exec(select(CivicActor).where(col(CivicActor.name_key).in_(list(wanted)))).all()
    return {wanted[a.name_key]: cast(int, a.id) for a in rows}


def restore_support(session: Session, municipality_id: int, saved: dict[str, Any]) -> None:
    """Write back what :func:`support_bundle` gave (bundles written before it have none). Dropped: the
    link from an introduction to its one-to-one meeting (the event is the cohort's, not in the bundle; the
    introduction keeps its status), and organisations the directory does not have."""
    applications = saved.get("applications", [])
    introductions = saved.get("introductions", [])
    actors = _actor_ids(
        session, [n for a in applications for n in a["actors"]] + [i["actor"] for i in introductions]
    )
    for a in applications:
        application = SupportApplication(
            call_id=_call_id(session, a["call"]),
            municipality_id=municipality_id,
            actor_ids=[actors[n] for n in a["actors"] if n in actors],
            submitted_at=_when(a["submitted_at"]) or utcnow(),
            decided_at=_when(a["decided_at"]),
            **{name: a[name] for name in APPLICATION_FIELDS},
        )
        session.add(application)
        session.flush()
        for r in a["reviews"]:
            session.add(
                SupportReview(
                    application_id=cast(int, application.id),
                    at=_when(r["at"]) or utcnow(),
                    **{n: r[n] for n in REVIEW_FIELDS},
                )
            )
        for w in a["awards"]:
            session.add(
                SupportAward(
                    application_id=cast(int, application.id),
                    municipality_id=municipality_id,
                    given_on=date.fromisoformat(w["given_on"]),
                    recorded_at=_when(w["recorded_at"]) or utcnow(),
                    **{n: w[n] for n in AWARD_FIELDS},
                )
            )
    for i in introductions:
        if i["actor"] not in actors:
            continue
        session.add(
            ActorIntroduction(
                actor_id=actors[i["actor"]],
                municipality_id=municipality_id,
                introduced_at=_when(i["introduced_at"]) or utcnow(),
                **{n: i[n] for n in INTRODUCTION_FIELDS},
            )
        )


def forget_support(session: Session, municipality_id: int) -> None:
    """Before a municipality is removed: its awards, reviews, applications, introductions and their
    meeting links (the meetings themselves stay on the cohort's calendar)."""
    applications = select(SupportApplication.id).where(SupportApplication.municipality_id == municipality_id)
    introductions = select(ActorIntroduction.id).where(ActorIntroduction.municipality_id == municipality_id)
    for statement in (
        delete(SupportAward).where(col(SupportAward.municipality_id) == municipality_id),
        delete(SupportReview).where(col(SupportReview.application_id).in_(applications)),
        delete(SupportApplication).where(col(SupportApplication.municipality_id) == municipality_id),
        delete(IntroductionMeeting).where(col(IntroductionMeeting.introduction_id).in_(introductions)),
        delete(ActorIntroduction).where(col(ActorIntroduction.municipality_id) == municipality_id),
    ):
        session.exec(statement)
