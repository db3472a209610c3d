"""Administration from the terminal, as a person runs it: the same services and rules as the web's
pages, one-line refusals, and the worker that sends the daily digest once a day."""

from __future__ import annotations

import os

from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_cli import run
from test_notifications import Inbox, inbox  # noqa: F401  (the loopback SMTP server)

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc
from roadmap.services.accounts import set_password
from roadmap.services.municipalities import add_municipality
from roadmap.services.notifications import set_preferences


def test_a_consultant_invites_a_team_member_and_the_coordinator_sees_them_invited(example):
    result = run(
        "invite", "zeynep@ornekkoy.bel.tr", "Zeynep Kaya", "--role", "team_member", "--municipality", SLUG,
        user=CONSULTANT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Davet e-postası bildirim kutusuna yazıldı: zeynep@ornekkoy.bel.tr." in result.stdout
    listed = run("user", "list", "--search", "ZEYNEP", user=COORDINATOR)
    assert "zeynep@ornekkoy.bel.tr" in listed.stdout and "davet edildi" in listed.stdout
    assert TEAM not in listed.stdout


def test_a_consultant_inviting_to_a_municipality_not_theirs_is_told_in_one_line(example):
    add_municipality(COORDINATOR, "baskakoy", "Başkaköy Belediyesi")
    result = run(
        "invite", "ali@baskakoy.bel.tr", "Ali Veli", "--role", "team_member", "--municipality", "baskakoy",
        user=CONSULTANT,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'baskakoy' adlı belediye bulunamadı" in result.stderr


def test_a_password_reset_says_the_same_for_any_address(example):
    known = run("password-reset", TEAM, user=None)
    unknown = run("password-reset", "kimse@ornekkoy.bel.tr", user=None)
    assert known.returncode == unknown.returncode == 0
    assert known.stdout.replace(TEAM, "X") == unknown.stdout.replace("kimse@ornekkoy.bel.tr", "X")


def test_the_worker_sends_the_daily_digest_once(inbox):  # noqa: F811
    set_password(COORDINATOR, CONSULTANT, "danisman-parolasi")
    set_preferences(CONSULTANT, "digest", "en")
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Eksik.")
    svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    os.environ["ROADMAP_DIGEST_HOUR"] = "0"
    try:
        assert run("worker", "--once").returncode == 0
        assert run("worker", "--once").returncode == 0
    finally:
        os.environ.pop("ROADMAP_DIGEST_HOUR")
    (digest,) = inbox.to(CONSULTANT)
    assert digest["Subject"].startswith("Roadmap: daily digest for ")
    assert "stage 4 (Consultation meetings) was submitted for your review" in digest.get_content()
    again = run("notifications", "digest")
    assert "zaten gönderildi" in again.stdout


def test_a_person_chooses_their_email_from_the_terminal(example):
    result = run("notifications", "preferences", "--mode", "none", "--mail-lang", "en", user=TEAM)
    assert result.returncode == 0, result.stderr
    assert "Bildirimler: E-posta yok; e-postaların dili: İngilizce." in result.stdout


def test_the_coordinator_corrects_a_municipality_moves_a_person_and_reshapes_a_cohort(example):
    edited = run("municipality", "edit", SLUG, "--name", "Örnekköy Belediyesi", "--province", "Örnekil",
                 "--kind", "belde", user=COORDINATOR)  # fmt: skip
    assert edited.returncode == 0 and "Belediye güncellendi: Örnekköy Belediyesi (ornekkoy)." in edited.stdout
    wrong = run("municipality", "edit", SLUG, "--name", "Örnekköy", "--kind", "köy", user=COORDINATOR)
    assert wrong.returncode == 1 and "büyükşehir, il, ilçe ya da belde" in wrong.stderr
    assert run("user", "role", TEAM, "--role", "coordinator", user=CONSULTANT).returncode == 1
    moved = run("user", "role", CONSULTANT, "--role", "team_member", "--municipality", SLUG, user=COORDINATOR)
    assert moved.returncode == 0 and f"{CONSULTANT} artık ekip üyesi." in moved.stdout
    run("user", "role", CONSULTANT, "--role", "consultant", user=COORDINATOR)
    assert run("assign", SLUG, CONSULTANT, user=COORDINATOR).returncode == 0
    unassigned = run("unassign", SLUG, CONSULTANT, user=COORDINATOR)
    assert unassigned.returncode == 0 and "artık ornekkoy belediyesinin danışmanı değil" in unassigned.stdout
    run("cohort", "create", "kohort", "--name", "Kohort", "--starts", "2026-01-01", "--ends", "2026-12-31",
        user=COORDINATOR)  # fmt: skip
    run("cohort", "add", "kohort", SLUG, user=COORDINATOR)
    removed = run("cohort", "remove", "kohort", SLUG, user=COORDINATOR)
    assert (
        removed.returncode == 0 and "kohort kohortundan 1 belediye ve 0 danışman çıkarıldı." in removed.stdout
    )
