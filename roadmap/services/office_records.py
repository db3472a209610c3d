"""A municipality's programme-office records in its backup bundle and when it is removed: the
application it was accepted from, its consulting sessions, and the event attendance of its people.

Building blocks inside the bundle's and the removal's transaction. Events and calls belong to the
programme, not to one municipality: a restore links attendance to an event of the same cohort, title
and start, and the application to a call of the same key, when the database has them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from roadmap.domain.links import new_secret
from roadmap.store.tables import (
    Application,
    CalendarFeed,
    Cohort,
    ConsultingSession,
    EventAttendance,
    EventRegistration,
    Municipality,
    ProgrammeCall,
    ProgrammeEvent,
    User,
)


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def office_bundle(session: Session, municipality: Municipality) -> dict[str, Any]:
    """What the bundle carries of the municipality's programme-office records."""
    application = session.exec(
        select(Application).where(Application.municipality_id == municipality.id)
    ).first()
    call = session.get(ProgrammeCall, application.call_id) if application else None
    sessions = session.exec(
        select(ConsultingSession)
        .where(ConsultingSession.municipality_id == municipality.id)
        .order_by(col(ConsultingSession.id))
    ).all()
    attendance = session.exec(
        select(EventAttendance, User.email, ProgrammeEvent, Cohort.slug)
        .join(User, col(User.id) == EventAttendance.user_id)
        .join(ProgrammeEvent, col(ProgrammeEvent.id) == EventAttendance.event_id)
        .join(Cohort, col(Cohort.id) == ProgrammeEvent.cohort_id)
        .where(User.municipality_id == municipality.id)
        .order_by(col(EventAttendance.id))
    ).all()
    return {
        "application": {
            "call": call.key,
            "call_name": call.name,
            "state": application.state,
            "data": application.data,
            "contact_email": application.contact_email,
            "submitted_at": _time(application.submitted_at),
            "decided_at": _time(application.decided_at),
            "decided_by": application.decided_by,
        }
        if application and call
        else None,
        "consulting": [
            {
                "held_on": s.held_on.isoformat(),
                "consultant": s.consultant,
                "people": s.people,
                "topics": s.topics,
                "next_steps": s.next_steps,
                "created_at": _time(s.created_at),
            }
            for s in sessions
        ],
        "attendance": [
            {
                "email": email,
                "cohort": cohort,
                "event": event.title,
                "starts": _time(event.starts),
                "source": a.source,
                "at": _time(a.at),
                "by": a.by,
            }
            for a, email, event, cohort in attendance
        ],
    }


def restore_office(session: Session, municipality: Municipality, item: dict[str, Any]) -> None:
    """Put the bundle's programme-office records back (bundles written before them have none)."""
    assert municipality.id is not None
    for s in item.get("consulting", []):
        session.add(
            ConsultingSession(
                municipality_id=municipality.id,
                held_on=date.fromisoformat(s["held_on"]),
                consultant=s["consultant"],
                people=s["people"],
                topics=s["topics"],
                next_steps=s["next_steps"],
                created_at=_when(s["created_at"]) or datetime.now(UTC),
            )
        )
    saved = item.get("application")
    call = (
        session.exec(select(ProgrammeCall).where(ProgrammeCall.key == saved["call"])).first()
        if saved
        else None
    )
    if saved and call is not None:
        known = session.exec(
            select(Application).where(
                Application.call_id == call.id,
                col(Application.municipality_id).is_(None),
                Application.contact_email == saved["contact_email"],
                Application.state == saved["state"],
            )
        ).first()
        if known is None:
            assert call.id is not None
            known = Application(
                call_id=call.id,
                state=saved["state"],
                data=saved["data"],
                contact_email=saved["contact_email"],
                draft_hash=new_secret()[1],
                submitted_at=_when(saved["submitted_at"]),
                decided_at=_when(saved["decided_at"]),
                decided_by=saved["decided_by"],
            )
        known.municipality_id = municipality.id
        session.add(known)
    for a in item.get("attendance", []):
        user = session.exec(select(User).where(User.email == a["email"])).first()
        event = session.exec(
            select(ProgrammeEvent)
            .join(Cohort, col(Cohort.id) == ProgrammeEvent.cohort_id)
            .where(
                Cohort.slug == a["cohort"],
                ProgrammeEvent.title == a["event"],
                ProgrammeEvent.starts == _when(a["starts"]),
            )
        ).first()
        if user is None or user.id is None or event is None or event.id is None:
            continue  # the event is not in this database: the bundle still keeps the record
        session.add(
            EventAttendance(
                event_id=event.id,
                user_id=user.id,
                source=a["source"],
                at=_when(a["at"]) or datetime.now(UTC),
                by=a["by"],
            )
        )


def forget_office(session: Session, municipality_id: int) -> None:
    """Before a municipality and its accounts are removed: its people's attendance, registrations and
    calendar links, its consulting sessions; its application stays with the call, unlinked."""
    people = select(User.id).where(User.municipality_id == municipality_id)
    for statement in (
        delete(EventAttendance).where(col(EventAttendance.user_id).in_(people)),
        delete(EventRegistration).where(col(EventRegistration.user_id).in_(people)),
        delete(CalendarFeed).where(col(CalendarFeed.user_id).in_(people)),
        delete(ConsultingSession).where(col(ConsultingSession.municipality_id) == municipality_id),
    ):
        session.exec(statement)
    session.exec(
        update(Application)
        .where(col(Application.municipality_id) == municipality_id)
        .values(municipality_id=None)
    )
