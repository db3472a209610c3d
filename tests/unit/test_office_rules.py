"""The programme office's pure rules: what an application lacks, a reviewer's weighted score, and the
pace of the hours over nine months."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from roadmap.domain.applications import ApplicationForm, CallForm, Criterion, is_open, missing, weighted_score
from roadmap.domain.hours import PersonHours, TeamHours, elapsed_share

TEAM = [
    {"name": "Elif Kaya", "directorate": "Strateji", "email": "elif@nilufer.bel.tr", "is_coordinator": True},
    {"name": "Murat Şahin", "directorate": "Kültür", "email": "murat@nilufer.bel.tr"},
    {"name": "İpek Yıldız", "directorate": "Basın", "email": "ipek@nilufer.bel.tr"},
    {"name": "Ozan Çelik", "directorate": "Strateji", "email": "ozan@nilufer.bel.tr"},
]


def complete(**changes: object) -> ApplicationForm:
    base = {
        "municipality": "Nilüfer Belediyesi",
        "kind": "ilçe",
        "province": "Bursa",
        "contact_name": "Elif Kaya",
        "contact_email": "Elif@Nilufer.bel.tr",
        "motivation": "Katılımı kurumsallaştırmak.",
        "team": TEAM,
        "commitment": True,
        "consent": True,
    }
    return ApplicationForm.model_validate(base | changes)


def test_a_complete_application_lacks_nothing_and_its_email_is_kept_in_lower_case():
    form = complete()
    assert missing(form, CallForm()) == [] and form.contact_email == "elif@nilufer.bel.tr"


def test_the_team_rule_is_stage_0s_and_an_ineligible_kind_is_named():
    keys = {p.key for p in missing(complete(team=TEAM[:3]), CallForm())}
    assert "team_size" in keys
    keys = {
        p.key for p in missing(complete(team=[{**m, "directorate": "Strateji"} for m in TEAM]), CallForm())
    }
    assert "team_directorates" in keys
    metropolitan_only = CallForm(eligible_kinds=["büyükşehir"])
    assert [p.key for p in missing(complete(), metropolitan_only)] == ["application_kind"]
    assert {p.key for p in missing(complete(consent=False, commitment=False), CallForm())} == {
        "application_consent",
        "application_commitment",
    }


def test_empty_nominee_rows_are_dropped_and_a_half_filled_one_is_named_by_its_number():
    form = complete(team=[*TEAM, {"name": ""}, {"name": "Ali"}])
    assert len(form.team) == 5
    assert [p.params for p in missing(form, CallForm()) if p.key == "application_nominee"] == [{"number": 5}]


def test_the_weighted_score_is_a_share_of_the_best_possible():
    call = CallForm(
        criteria=[
            Criterion(id="a", title="Motivasyon", max=5, weight=2),
            Criterion(id="b", title="Ekip", max=10),
        ]
    )
    assert weighted_score(call, {"a": 5, "b": 10}) == 100
    assert weighted_score(call, {"a": 0, "b": 10}) == 50
    assert weighted_score(call, {"a": 9, "b": 0}) == 50  # a score above the maximum counts as the maximum


def test_applications_are_taken_until_the_deadline_and_not_a_second_after():
    closes = datetime(2027, 9, 3, 15, 0, tzinfo=UTC)
    opens = closes - timedelta(days=30)
    assert is_open(opens, closes, closes) and not is_open(opens, closes, closes + timedelta(seconds=1))


def test_the_pace_expects_a_ninth_of_the_hours_each_month_and_flags_below_80_percent():
    start = date(2026, 9, 1)
    assert (
        elapsed_share(start, start - timedelta(days=5)) == 0 and elapsed_share(start, date(2027, 9, 1)) == 1
    )
    third = start + timedelta(days=91)  # three months of nine
    expected = round(100 * elapsed_share(start, third), 1)
    assert 33 <= expected <= 34
    team = TeamHours(
        slug="x",
        name="X",
        start=start,
        today=third,
        target=100,
        expected=expected,
        people=[
            PersonHours(name="A", email="", events=20, logged=7, attended=3),
            PersonHours(name="B", email="", events=20, logged=0, attended=2),
        ],
    )
    assert not team.behind(team.people[0]) and team.behind(team.people[1])
