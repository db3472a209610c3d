"""A coordinator brings a real municipality in: accounts, the municipality, its consultant."""

from __future__ import annotations

import pytest
from test_cli import run

from roadmap.cli import explain
from roadmap.domain.stages import Role
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, RoadmapError
from roadmap.services.municipalities import add_municipality, add_user, assign_consultant, list_municipalities

BOSS = "koordinator@program.org"


def test_the_first_account_on_an_empty_database_must_be_a_coordinator(empty_db):
    with pytest.raises(PermissionDenied, match="koordinatör"):
        add_user(None, "ayse@nilufer.bel.tr", "Ayşe Yılmaz", Role.TEAM_MEMBER, "nilufer")
    add_user(None, BOSS, "Selin Aydın", Role.COORDINATOR)
    with pytest.raises(NotFound):  # from now on someone must be acting
        add_user(None, "ikinci@program.org", "İkinci", Role.COORDINATOR)


def test_a_coordinator_adds_a_municipality_its_team_and_its_consultant(empty_db):
    add_user(None, BOSS, "Selin Aydın", Role.COORDINATOR)
    add_municipality(BOSS, "nilufer", "Nilüfer Belediyesi", "Bursa")
    add_user(BOSS, "ayse@nilufer.bel.tr", "Ayşe Yılmaz", Role.TEAM_MEMBER, "nilufer")
    add_user(BOSS, "danisman@program.org", "Deniz Arslan", Role.CONSULTANT)
    assert list_municipalities("danisman@program.org") == []
    assign_consultant(BOSS, "nilufer", "danisman@program.org")
    assert [m.slug for m in list_municipalities("danisman@program.org")] == ["nilufer"]
    assert [m.name for m in list_municipalities("ayse@nilufer.bel.tr")] == ["Nilüfer Belediyesi"]


def test_bad_names_duplicates_and_other_roles_are_refused(empty_db):
    add_user(None, BOSS, "Selin Aydın", Role.COORDINATOR)
    for slug in ("Nilüfer", "n", "nil ufer", "-nilufer"):
        with pytest.raises(InvalidInput, match="kısa ad"):
            add_municipality(BOSS, slug, "Nilüfer Belediyesi")
    add_municipality(BOSS, "nilufer", "Nilüfer Belediyesi")
    with pytest.raises(RoadmapError, match="zaten kayıtlı"):
        add_municipality(BOSS, "nilufer", "Nilüfer Belediyesi")
    with pytest.raises(InvalidInput) as refused:
        add_user(BOSS, "ekip@nilufer.bel.tr", "Ekip", Role.TEAM_MEMBER)
    assert "--municipality" in explain(refused.value, "tr")
    with pytest.raises(InvalidInput, match="e-posta"):
        add_user(BOSS, "ekip-nilufer", "Ekip", Role.TEAM_MEMBER, "nilufer")
    add_user(BOSS, "ekip@nilufer.bel.tr", "Ekip", Role.TEAM_MEMBER, "nilufer")
    with pytest.raises(PermissionDenied):
        add_municipality("ekip@nilufer.bel.tr", "baska", "Başka Belediye")
    with pytest.raises(InvalidInput, match="danışman hesabı değil"):
        assign_consultant(BOSS, "nilufer", "ekip@nilufer.bel.tr")


def test_onboarding_through_the_cli_ends_with_a_status_table(empty_db):
    assert run("user", "add", BOSS, "Selin Aydın", "--role", "coordinator", user=None).returncode == 0
    assert (
        run(
            "municipality", "add", "nilufer", "Nilüfer Belediyesi", "--province", "Bursa", user=BOSS
        ).returncode
        == 0
    )
    added = run(
        "user",
        "add",
        "ayse@nilufer.bel.tr",
        "Ayşe Yılmaz",
        "--role",
        "team_member",
        "--municipality",
        "nilufer",
        user=BOSS,
    )
    assert added.returncode == 0 and "Hesap hazır: ayse@nilufer.bel.tr (ekip üyesi)" in added.stdout
    status = run("status", "nilufer", user="ayse@nilufer.bel.tr")
    assert status.returncode == 0 and "Ekipte en az 4 kişi olmalı (şu an 0)." in status.stdout
