"""The change stamp: every transaction that writes moves it, nothing else does, and a page kept until it
moves (the cohort's status) shows a change on the very next request."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG
from sqlalchemy import update
from sqlmodel import select

from roadmap.domain.stages import Stage, Status
from roadmap.services.cohorts import add_to_cohort, cohort_status, create_cohort
from roadmap.services.stages import review_stage, show_stage
from roadmap.store.db import change_stamp, unit_of_work
from roadmap.store.tables import Municipality


def _stamp() -> tuple[str, int]:
    with unit_of_work() as session:
        return change_stamp(session)


def test_reading_leaves_the_stamp_and_a_write_moves_it(example):
    before = _stamp()
    show_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS)
    assert _stamp() == before
    review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True, comment="Tamam")
    assert _stamp()[0] == before[0] and _stamp()[1] > before[1]


def test_a_bulk_update_moves_the_stamp_and_a_rolled_back_one_does_not(example):
    before = _stamp()
    with pytest.raises(RuntimeError), unit_of_work() as session:
        session.exec(update(Municipality).values(province="Ankara"))  # type: ignore[call-overload]
        raise RuntimeError("abandoned")
    assert _stamp() == before
    with unit_of_work() as session:
        session.exec(update(Municipality).values(province="Ankara"))  # type: ignore[call-overload]
    assert _stamp()[1] == before[1] + 1


def test_the_cohort_status_shows_an_approval_on_the_next_request(example):
    create_cohort(
        COORDINATOR, "katiliyoruz-2026", "KATILIYORUZ 2026", date.today(), date.today() + timedelta(300)
    )
    add_to_cohort(COORDINATOR, "katiliyoruz-2026", [SLUG], [CONSULTANT])
    (row,) = cohort_status(COORDINATOR, "katiliyoruz-2026").rows
    assert (row.stage, row.waiting_on) == (Stage.CONSULTATIONS, "consultant")
    assert cohort_status(COORDINATOR, "katiliyoruz-2026") is cohort_status(COORDINATOR, "katiliyoruz-2026")
    review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True, comment="Tamam")
    (row,) = cohort_status(COORDINATOR, "katiliyoruz-2026").rows
    assert (row.stage, row.status, row.waiting_on) == (Stage.ROADMAP, Status.DRAFT, "team")
    with unit_of_work() as session:  # a rename made outside the services is news too
        town = session.exec(select(Municipality).where(Municipality.slug == SLUG)).one()
        town.name = "Yeniköy"
        session.add(town)
    (row,) = cohort_status(COORDINATOR, "katiliyoruz-2026").rows
    assert row.name == "Yeniköy"
