"""Hours against the commitment: each person of a coordination team gives about 100 hours over nine
months (the programme call), paced evenly; someone well below the pace is flagged (pure)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

PROGRAMME_MONTHS = 9
BEHIND = 0.8  # below this share of the hours expected by now: behind pace
EVENT_KINDS = ("training", "webinar", "experience_sharing", "quarterly", "one_to_one", "consulting")


def elapsed_share(start: date, today: date, months: int = PROGRAMME_MONTHS) -> float:
    """How much of the programme's months have passed (0 before the start, 1 after the end)."""
    days = months * 30.44
    return min(1.0, max(0.0, (today - start).days / days))


class PersonHours(BaseModel):
    name: str
    email: str
    events: float  # credited by attended events
    logged: float  # the team's own work hours log (stage 0), entries under this person's name
    attended: int  # how many events

    @property
    def total(self) -> float:
        return self.events + self.logged


class TeamHours(BaseModel):
    slug: str
    name: str
    start: date
    today: date
    target: float  # per person
    expected: float  # per person, by today
    people: list[PersonHours]
    unassigned: float = 0  # logged hours under a name that matches no one of the team

    @property
    def total(self) -> float:
        return sum(p.total for p in self.people) + self.unassigned

    @property
    def average(self) -> float:
        return self.total / len(self.people) if self.people else 0.0

    def behind(self, person: PersonHours) -> bool:
        return self.expected > 0 and person.total < BEHIND * self.expected

    @property
    def team_behind(self) -> bool:
        return self.expected > 0 and self.average < BEHIND * self.expected
