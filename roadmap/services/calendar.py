"""The programme calendar: the events of one's cohorts and the stage deadlines of their plans, as a
page and as a private iCalendar feed per person (calendar apps cannot sign in, so the feed's address
carries a secret; only its hash is kept, and making a new one ends the old one).

Check-in periods of the monitoring phase are not in it yet: they live on another branch.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.links import digest, new_secret
from roadmap.domain.schedule import stage_due
from roadmap.domain.stages import Role, Stage
from roadmap.errors import NotFound
from roadmap.i18n import translate
from roadmap.mail import reader_language, site_link
from roadmap.services.access import Who, resolve_actor, visible_municipalities
from roadmap.services.events import event_rows
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import CalendarFeed, Cohort, User


class CalendarEntry(BaseModel):
    kind: str  # an event's kind, or "deadline"
    title: str
    cohort: str
    starts: datetime | None = None  # events
    day: date | None = None  # deadlines: the whole day
    hours: float = 0
    stage: int | None = None
    event_id: int | None = None
    online_link: str = ""
    place: str = ""

    @property
    def when(self) -> date:
        return self.starts.date() if self.starts else self.day or date.min

    def label(self, lang: Language) -> str:
        """How the calendar names it: an event by its title, a deadline by its stage."""
        if self.kind == "deadline" and self.stage is not None:
            stage = translate(f"stage.{Stage(self.stage).key}", lang)
            return translate("calendar.deadline", lang, stage=stage, number=self.stage, cohort=self.title)
        return self.title


def _cohorts(session: Session, actor: User) -> list[Cohort]:
    if Role(actor.role) == Role.COORDINATOR:
        return list(session.exec(select(Cohort).order_by(col(Cohort.starts))).all())
    ids = {m.cohort_id for m in visible_municipalities(session, actor) if m.cohort_id is not None}
    return list(session.exec(select(Cohort).where(col(Cohort.id).in_(ids))).all())


def _entries(session: Session, actor: User) -> list[CalendarEntry]:
    entries = [
        CalendarEntry(
            kind=row.kind,
            title=row.title,
            cohort=row.cohort,
            starts=row.starts,
            hours=row.hours,
            event_id=row.id,
            online_link=row.online_link,
            place=row.place,
        )
        for row in event_rows(session, actor)
    ]
    for cohort in _cohorts(session, actor):
        for stage in Stage:
            entries.append(
                CalendarEntry(
                    kind="deadline",
                    title=cohort.name,
                    cohort=cohort.slug,
                    day=stage_due(cohort.starts, cohort.ends, stage),
                    stage=int(stage),
                )
            )
    return sorted(entries, key=lambda e: (e.when, e.title))


def calendar_entries(email: Who) -> list[CalendarEntry]:
    """Events and stage deadlines of the cohorts the person works in, in date order."""
    with unit_of_work() as session:
        return _entries(session, resolve_actor(session, email))


def new_feed_link(email: Who) -> str:
    """A new private feed address for the person (the old one stops working): the path to subscribe to."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        if actor.id is None:
            raise NotFound("notfound.user", email=actor.email)
        secret, hashed = new_secret()
        feed = session.get(CalendarFeed, actor.id) or CalendarFeed(user_id=actor.id, token_hash=hashed)
        feed.token_hash, feed.created_at = hashed, datetime.now(UTC)
        session.add(feed)
        write_admin_audit(session, actor.email, "calendar_feed", None, "")
        return f"/calendar/{secret}.ics"


def calendar_feed(secret: str) -> bytes:
    """The person's calendar as iCalendar (RFC 5545), found by the feed's secret; "not found" otherwise."""
    with unit_of_work() as session:
        feed = None
        if secret and len(secret) < 200:
            feed = session.exec(select(CalendarFeed).where(CalendarFeed.token_hash == digest(secret))).first()
        actor = session.get(User, feed.user_id) if feed else None
        if actor is None:
            raise NotFound("token.invalid")
        lang = reader_language(actor.language)
        calendar = Calendar()
        calendar.add("prodid", "-//Yol Haritasi//KATILIYORUZ//TR")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", translate("calendar.feed_name", lang))
        for entry in _entries(session, actor):
            item = Event()
            if entry.starts is not None:
                item.add("uid", f"event-{entry.event_id}@yol-haritasi")
                item.add("dtstart", entry.starts)
                item.add("dtend", entry.starts + timedelta(hours=entry.hours or 1))
                item.add("summary", entry.title)
                item.add("description", translate(f"event.kind.{entry.kind}", lang))
                if entry.online_link:
                    item.add("url", entry.online_link)
                    item.add("location", entry.online_link)
                elif entry.place:
                    item.add("location", entry.place)
            else:
                item.add("uid", f"deadline-{entry.cohort}-{entry.stage}@yol-haritasi")
                item.add("dtstart", entry.day)
                item.add("summary", entry.label(lang))
                item.add("url", site_link("/calendar"))
            item.add("dtstamp", datetime.now(UTC))
            calendar.add_component(item)
        return bytes(calendar.to_ical())
