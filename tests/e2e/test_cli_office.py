"""The programme office from the terminal, as a coordinator and a consultant run it: a call, an event
with an .xlsx sign-in sheet, the hours it credits, the consulting log; refusals in one line."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from openpyxl import Workbook


def run(*args: str, user: str = COORDINATOR) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ROADMAP_USER=user, COLUMNS="200")
    return subprocess.run(
        [sys.executable, "-m", "roadmap", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_a_coordinator_runs_a_call_and_an_event_and_the_team_sees_its_hours(example, tmp_path):
    made = run(
        "call",
        "create",
        "katiliyoruz-2027",
        "--name",
        "KATILIYORUZ 2027",
        "--opens",
        "2026-08-01",
        "--closes",
        "2026-09-03T18:00",
    )
    assert (
        made.returncode == 0
        and "/apply/katiliyoruz-2027" in made.stdout
        and "2026-09-03 18:00" in made.stdout
    )
    assert "katiliyoruz-2027 çağrısının başvuruları (0)" in run("applications", "katiliyoruz-2027").stdout
    refused = run("applications", "katiliyoruz-2027", user=TEAM)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr

    assert (
        run(
            "cohort", "create", "kohort", "--name", "Kohort", "--starts", "2026-09-01", "--ends", "2027-06-30"
        ).returncode
        == 0
    )
    assert run("cohort", "add", "kohort", SLUG, "--consultant", CONSULTANT).returncode == 0
    added = run(
        "event",
        "add",
        "kohort",
        "--kind",
        "experience_sharing",
        "--title",
        "Deneyim paylaşımı",
        "--starts",
        "2026-10-20T14:00",
        "--hours",
        "2.5",
    )
    assert added.returncode == 0, added.stderr
    wrong = run(
        "event",
        "add",
        "kohort",
        "--kind",
        "party",
        "--title",
        "Kutlama",
        "--starts",
        "2026-10-20T14:00",
        "--hours",
        "2",
    )
    assert wrong.returncode == 1 and "training, webinar" in wrong.stderr

    book = Workbook()
    sheet = book.active
    sheet.append(["Ad Soyad", "E-posta", "İmza"])
    sheet.append(["ayşe yılmaz", "", "✓"])
    path = tmp_path / "imza.xlsx"
    book.save(path)
    credited = run("event", "attendance", "1", str(path))
    assert credited.returncode == 0 and "Ayşe Yılmaz" in credited.stdout

    hours = run("hours", SLUG, user=TEAM)
    assert hours.returncode == 0 and "Ayşe Yılmaz" in hours.stdout and "/ 100" in hours.stdout
    assert "2,5" in next(line for line in hours.stdout.splitlines() if "Ayşe Yılmaz" in line)

    noted = run(
        "consulting",
        "add",
        SLUG,
        "--date",
        "2026-11-02",
        "--topics",
        "Paydaş haritası",
        "--next",
        "Kulüpler eklenecek",
        user=CONSULTANT,
    )
    assert noted.returncode == 0, noted.stderr
    assert "Kulüpler eklenecek" in run("consulting", "list", SLUG, user=TEAM).stdout
    assert run("consulting", "add", SLUG, "--topics", "Deneme", user=TEAM).returncode == 1
