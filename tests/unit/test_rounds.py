"""The pure rules of stakeholder rounds: labels from dates, what a person may type, where everyone
stands after each round, and when a key stakeholder counts as silent for two quarters."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap.analysis.rounds import (
    RoundRecord,
    RoundScore,
    evidence,
    moves,
    silent_key_stakeholders,
    standings,
)
from roadmap.domain.content import Consultations, Meeting, RoadmapPlan, Stakeholder, StakeholderType
from roadmap.domain.rounds import (
    RoundKind,
    find_stakeholder,
    parse_setting,
    quarter_bounds,
    quarter_of,
    round_from_label,
    stakeholder_codes,
)
from roadmap.errors import InvalidInput

KENT = Stakeholder(name="Örnekköy Kent Konseyi", type=StakeholderType.CSO, power=3, interest=5)
ODA = Stakeholder(name="İnşaat Mühendisleri Odası", type=StakeholderType.CSO, power=2, interest=2)
PEOPLE = [KENT, ODA]
CODES = stakeholder_codes(PEOPLE)


def record(label: str, day: date, **scores: RoundScore) -> RoundRecord:
    return RoundRecord(label=label, kind=RoundKind.QUARTER, day=day, version=1, opened_by="x", scores=scores)


def test_a_quarters_label_comes_from_its_date_and_a_past_quarter_is_dated_at_its_end():
    assert [quarter_of(date(2027, m, 1)) for m in (1, 3, 4, 9, 12)] == [
        "2027-Q1", "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4",
    ]  # fmt: skip
    assert quarter_bounds("2027-Q4") == (date(2027, 10, 1), date(2027, 12, 31))
    assert round_from_label("2027-Q1", today=date(2027, 5, 2)) == (RoundKind.QUARTER, date(2027, 3, 31))
    assert round_from_label("2027-Q2", today=date(2027, 5, 2)) == (RoundKind.QUARTER, date(2027, 5, 2))
    assert round_from_label("2027-02-14", today=date(2027, 5, 2)) == (RoundKind.ON_DEMAND, date(2027, 2, 14))
    for wrong in ("2027-Q5", "ilkbahar", "2027-02-30"):
        with pytest.raises(InvalidInput):
            round_from_label(wrong, today=date(2027, 5, 2))


def test_a_stakeholder_is_named_by_its_code_or_its_name_the_turkish_way():
    assert parse_setting("P2=4,5").model_dump(include={"stakeholder", "power", "interest"}) == {
        "stakeholder": "P2",
        "power": 4,
        "interest": 5,
    }
    assert find_stakeholder(PEOPLE, "p2") is ODA
    assert find_stakeholder(PEOPLE, "ÖRNEKKÖY KENT KONSEYİ") is KENT
    assert find_stakeholder(PEOPLE, "insaat muhendisleri odasi") is ODA
    with pytest.raises(InvalidInput):
        parse_setting("P2=4")


def test_a_stakeholder_not_scored_in_a_round_keeps_its_place_and_moves_are_against_the_round_before():
    rounds = [
        record(
            "2027-Q1",
            date(2027, 3, 1),
            **{ODA.id: RoundScore(stakeholder_id=ODA.id, power=4, interest=2, reason="r")},
        ),
        record(
            "2027-Q2", date(2027, 6, 1), **{KENT.id: RoundScore(stakeholder_id=KENT.id, power=3, interest=5)}
        ),
    ]
    after = standings(PEOPLE, rounds)
    assert (tuple(after[1][ODA.id]), tuple(after[1][KENT.id])) == ((4, 2), (3, 5))
    assert [m.code for m in moves(PEOPLE, rounds, 0, CODES)] == ["P2"]
    assert moves(PEOPLE, rounds, 1, CODES) == []  # the council scored as it was


def test_silence_counts_whole_quarters_from_the_roadmaps_start_and_monitor_is_never_flagged():
    met = Meeting(
        title="Buluşma", audience="external", held=True, day=date(2027, 2, 10), attended=[KENT.name]
    )
    found = evidence(PEOPLE, Consultations(meetings=[met]), RoadmapPlan())
    start = date(2027, 1, 1)

    def flagged(as_of: date) -> list[str]:
        return [f.code for f in silent_key_stakeholders(PEOPLE, [], found, CODES, as_of, start)]

    assert flagged(date(2027, 6, 30)) == []  # met in Q1: only Q2 silent
    assert flagged(date(2027, 7, 1)) == ["P1"]  # Q2 and Q3 without contact
    late = silent_key_stakeholders(PEOPLE, [], found, CODES, date(2027, 7, 1), start)[0]
    assert (late.last_contact, late.silent) == (date(2027, 2, 10), ["2027-Q2", "2027-Q3"])
    # The chamber sits in "monitor" (2/2): it is never flagged, however long the silence.
    assert "P2" not in flagged(date(2028, 12, 31))
