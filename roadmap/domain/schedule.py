"""A cohort's timetable: when each stage is due, and when a review or an answer is late (pure)."""

from __future__ import annotations

from datetime import date

from roadmap.domain.stages import Stage

# A submitted stage should be reviewed within this many days; the team should answer a request as soon.
REVIEW_DAYS = 7
ANSWER_DAYS = 14


def stage_due(starts: date, ends: date, stage: Stage) -> date:
    """The cohort's plan: the period split evenly over the seven stages."""
    span = (ends - starts) / len(Stage)
    return starts + span * (int(stage) + 1)


def month_start(start: date, month: int) -> date:
    """The first day of a plan's month ``month``, counted from its start (1 = the start's month)."""
    index = start.month - 1 + month - 1
    return date(start.year + index // 12, index % 12 + 1, 1)
