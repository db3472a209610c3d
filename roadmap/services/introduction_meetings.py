"""An introduction of a civic actor becomes a one-to-one meeting: the programme office puts an event of
kind ``one_to_one`` on the municipality's cohort calendar (through the events service), links it to
the introduction, and the introduction's status becomes "meeting"."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, col, select

from roadmap.domain.actors import IntroductionStatus
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, StaleVersion, TransitionRefused
from roadmap.i18n import record_text
from roadmap.services.access import Who, actor_and_municipality, authorise, require, resolve_actor
from roadmap.services.events import schedule_event
from roadmap.store.db import unit_of_work
from roadmap.store.tables import (
    ActorIntroduction,
    AuditRecord,
    CivicActor,
    Cohort,
    IntroductionMeeting,
    Municipality,
    Notification,
    ProgrammeEvent,
    User,
)
from roadmap.text import local_time

MEETING_KIND = "one_to_one"


class MeetingLink(BaseModel):
    """The one-to-one meeting an introduction became: the event's number, title and start."""

    introduction_id: int
    event_id: int
    title: str
    starts: datetime


def _introduction(session: Session, municipality: Municipality, number: int) -> ActorIntroduction:
    introduction = session.get(ActorIntroduction, number)
    if introduction is None or introduction.municipality_id != municipality.id:
        raise NotFound("notfound.introduction", number=number)
    return introduction


def arrange_meeting(
    email: Who,
    slug: str,
    number: int,
    starts: datetime,
    hours: float,
    title: str = "",
    place: str = "",
    online_link: str = "",
    expected_version: int | None = None,
) -> int:
    """Make introduction ``number`` a one-to-one meeting on the municipality's cohort calendar; returns
    the event's number. Programme staff only; the introduction is version-checked when a version is given."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        require(actor, Permission.RUN_COHORT)
        municipality = authorise(session, actor, Permission.INTRODUCE, slug)
        introduction = _introduction(session, municipality, number)
        linked = session.exec(
            select(IntroductionMeeting).where(IntroductionMeeting.introduction_id == number)
        ).first()
        if linked is not None:
            raise TransitionRefused("meeting.error.already", number=number, event=linked.event_id)
        group = session.get(Cohort, municipality.cohort_id) if municipality.cohort_id else None
        if group is None:
            raise InvalidInput("meeting.error.no_cohort", name=municipality.name, field="form")
        organisation = cast(CivicActor, session.get(CivicActor, introduction.actor_id))
        default = record_text(
            "meeting.default_title", name=organisation.name[:120], municipality=municipality.name[:60]
        )
        event = schedule_event(
            session, actor, group, MEETING_KIND, title.strip() or default, starts, hours, online_link, place
        )
        version = introduction.version if expected_version is None else expected_version
        moved = session.exec(
            update(ActorIntroduction)
            .where(col(ActorIntroduction.id) == number, col(ActorIntroduction.version) == version)
            .values(status=IntroductionStatus.MEETING.value, version=version + 1)
        )
        if moved.rowcount != 1:
            raise StaleVersion("refused.stale", given=version, current=introduction.version)
        session.add(
            IntroductionMeeting(introduction_id=number, event_id=cast(int, event.id), created_by=actor.email)
        )
        session.add(
            AuditRecord(
                actor=actor.email,
                municipality_id=municipality.id,
                action="introduction_meeting",
                comment=record_text(
                    "meeting.audit", name=organisation.name, code=introduction.action_code, event=event.id
                ),
            )
        )
        _notify_team(session, actor, municipality, organisation.name, introduction.action_code, event)
        return cast(int, event.id)


def _notify_team(
    session: Session, actor: User, municipality: Municipality, name: str, code: str, event: ProgrammeEvent
) -> None:
    """The municipality's team hears of the meeting through the outbox, in the same transaction."""
    team = session.exec(
        select(User).where(User.municipality_id == municipality.id, User.role == Role.TEAM_MEMBER.value)
    ).all()
    for person in team:
        session.add(
            Notification(
                recipient=person.email,
                kind="introduction_meeting",
                params={
                    "municipality": municipality.name,
                    "name": name,
                    "code": code,
                    "title": event.title,
                    "starts": local_time(event.starts),
                    "who": actor.name or actor.email,
                },
                municipality_id=municipality.id,
                link=f"/events/{event.id}",
            )
        )


def introduction_meetings(email: Who, slug: str) -> dict[int, MeetingLink]:
    """The one-to-one meetings the municipality's introductions became, by introduction number."""
    with unit_of_work() as session:
        _, municipality = actor_and_municipality(session, email, slug)
        rows = session.exec(
            select(IntroductionMeeting, ProgrammeEvent)
            .join(ProgrammeEvent, col(ProgrammeEvent.id) == col(IntroductionMeeting.event_id))
            .join(ActorIntroduction, col(ActorIntroduction.id) == col(IntroductionMeeting.introduction_id))
            .where(ActorIntroduction.municipality_id == municipality.id)
        ).all()
        return {
            link.introduction_id: MeetingLink(
                introduction_id=link.introduction_id,
                event_id=cast(int, event.id),
                title=event.title,
                starts=event.starts,
            )
            for link, event in rows
        }
