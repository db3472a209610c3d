"""The programme calendar: the events of one's cohorts, the stage deadlines of their plans and the
quarterly check-in deadlines of the monitored roadmaps one may see, as a page and as a private iCalendar
feed per person (calendar apps cannot sign in, so the feed's address carries a secret; only its hash is
kept, and making a new one ends the old one).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from pydantic import BaseModel
from sqlmodel import Session, col, select

from roadmap.domain.links import digest, new_secret
from roadmap.domain.monitoring import periods_of
from roadmap.domain.schedule import stage_due
from roadmap.domain.stages import Role, Stage
from roadmap.errors import NotFound
from roadmap.i18n import translate
from roadmap.mail import reader_language, site_link
from roadmap.services.access import Who, resolve_actor, visible_municipalities
from roadmap.services.events import event_rows
from roadmap.services.monitoring import Monitored
from roadmap.services.monitoring_many import monitored_many
from roadmap.settings import Language
from roadmap.store.db import unit_of_work
from roadmap.store.repository import write_admin_audit
from roadmap.store.tables import CalendarFeed, Cohort, User

GROUPED = 3  # more municipalities than this with the same check-in deadline: one entry for them all


class CalendarEntry(BaseModel):
    kind: str  # an event's kind, "deadline" (a stage's) or "checkin" (a quarter's check-in deadline)
    title: str
    cohort: str
    starts: datetime | None = None  # events
    day: date | None = None  # deadlines: the whole day
    hours: float = 0
    stage: int | None = None
    event_id: int | None = None
    online_link: str = ""
    place: str = ""
    period: str = ""  # check-ins: the quarter, "2027-Q1"
    slug: str = ""  # check-ins: the municipality (empty when several are grouped)
    count: int = 0  # check-ins: how many municipalities share the deadline

    @property
    def when(self) -> date:
        return self.starts.date() if self.starts else self.day or date.min

    def label(self, lang: Language) -> str:
        """How the calendar names it: an event by its title, a deadline by its stage."""
        if self.kind == "deadline" and self.stage is not None:
            stage = translate(f"stage.{Stage(self.stage).key}", lang)
            return translate("calendar.deadline", lang, stage=stage, number=self.stage, cohort=self.title)
        if self.kind == "checkin" and self.slug:
            return translate("calendar.checkin", lang, municipality=self.title, period=self.period)
        if self.kind == "checkin":
            return translate("calendar.checkins", lang, count=self.count, period=self.period)
        return self.title

    @property
    def link(self) -> str:
        """Where the entry leads on the site."""
        if self.event_id is not None:
            return f"/events/{self.event_id}"
        if self.kind == "checkin" and self.slug:
            return f"/m/{self.slug}/monitoring"
        if self.kind == "checkin":
            return "/cohort"
        return "/calendar"

    @property
    def uid(self) -> str:
        if self.event_id is not None:
            return f"event-{self.event_id}@yol-haritasi"
        if self.kind == "checkin":
            return f"checkin-{self.slug or 'cohort'}-{self.period}-{self.day}@yol-haritasi"
        return f"deadline-{self.cohort}-{self.stage}@yol-haritasi"


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
    entries += _checkins(session, actor)
    return sorted(entries, key=lambda e: (e.when, e.title))


def _checkins(session: Session, actor: User) -> list[CalendarEntry]:
    """Each quarter's check-in deadline (grace days included) of every monitored roadmap the person may
    see; many municipalities with the same deadline make one entry."""
    shared: dict[tuple[str, date], list[Monitored]] = {}
    for state in monitored_many(session, visible_municipalities(session, actor)).values():
        for period in periods_of(state.plan):
            shared.setdefault((period.label, period.deadline(state.grace_days)), []).append(state)
    entries = []
    for (label, deadline), states in shared.items():
        if len(states) > GROUPED:
            entries.append(
                CalendarEntry(
                    kind="checkin", title="", cohort="", day=deadline, period=label, count=len(states)
                )
            )
            continue
        entries += [
            CalendarEntry(
                kind="checkin", title=s.name, cohort="", day=deadline, period=label, slug=s.slug, count=1
            )
            for s in states
        ]
    return entries


def calendar_entries(email: Who) -> list[CalendarEntry]:
    """Events and stage deadlines of the cohorts the person works in, and the check-in deadlines of the
    monitored roadmaps they may see, in date order."""
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
            item.add("uid", entry.uid)
            if entry.starts is not None:
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
                item.add("dtstart", entry.day)
                item.add("summary", entry.label(lang))
                item.add("url", site_link(entry.link))
            item.add("dtstamp", datetime.now(UTC))
            calendar.add_component(item)
        return bytes(calendar.to_ical())
