"""`roadmap actors …` and `roadmap support …` as a person runs them: real processes, one-line errors."""

from __future__ import annotations

import json
from datetime import date, timedelta

from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_cli import run
from test_releases import approve_all

from roadmap.domain.stages import Role
from roadmap.services.municipalities import upsert_user
from roadmap.settings import EXAMPLES_DIR
from roadmap.store.db import unit_of_work

PROGRAMME = EXAMPLES_DIR / "programme"
SECOND, THIRD = "ikinci@katiliyoruz.example.org", "ucuncu@katiliyoruz.example.org"


def test_the_directory_is_imported_listed_and_matched_from_the_command_line(example):
    imported = run("actors", "import", str(PROGRAMME / "sivil-aktorler.csv"), user=COORDINATOR)
    assert imported.returncode == 0, imported.stderr
    assert "9 kuruluş eklendi" in imported.stdout
    assert "'Acik Veri Platfomu', kayıttaki 'Açık Veri Platformu' ile aynı kurum olabilir" in imported.stdout
    refused = run("actors", "import", str(PROGRAMME / "sivil-aktorler.csv"))  # a team member
    assert refused.returncode == 1 and "Traceback" not in refused.stderr

    listed = run("actors", "list", "--province", "Örnekil", "--focus", "Gençlik meclisi")
    assert "Örnekköy Gençlik Derneği" in listed.stdout and "Açık Veri" not in listed.stdout

    matched = run("actors", "match", SLUG, "--json")
    found = {item["action"]: item for item in json.loads(matched.stdout)}
    first = found["3.1"]["suggestions"][0]
    assert first["name"] == "Engelsiz Yaşam Derneği"
    assert first["reasons"][:2] == [
        "aynı ilçede (Örnekköy)",
        "hedefin odak alanında çalışıyor (Şikâyet, talep ve geri bildirim mekanizmaları)",
    ]
    english = run("--lang", "en", "actors", "match", SLUG)
    assert "in the same district (Örnekköy)" in english.stdout

    club = next(
        s["id"] for s in found["2.1"]["suggestions"] if s["name"] == "Örnekil Üniversitesi Katılım Kulübü"
    )
    introduced = run(
        "actors", "introduce", SLUG, str(club), "--action", "2.1", "-m", "Birebir görüşme", user=CONSULTANT
    )
    assert introduced.returncode == 0 and "Eylem 2.1" in introduced.stdout
    followed = run(
        "actors", "follow-up", SLUG, "1", "--status", "meeting", "-m", "12 Ocak'ta birebir görüşme"
    )
    assert followed.returncode == 0 and "Birebir görüşme" in followed.stdout, followed.stderr
    listed = run("actors", "introductions", SLUG).stdout
    assert "Örnekil Üniversitesi Katılım Kulübü" in listed and "12 Ocak'ta birebir görüşme" in listed


def test_a_support_call_runs_from_the_command_line_to_an_award_shown_with_its_reviews(example):
    approve_all()
    with unit_of_work() as session:
        for email in (SECOND, THIRD):
            upsert_user(session, email, "Değerlendirici", Role.COORDINATOR, None)
    run("actors", "import", str(PROGRAMME / "sivil-aktorler.csv"), user=COORDINATOR)
    today = date.today()
    created = run(
        "support", "call", "create", "2027-1", "--name", "2027 ilk çağrı", "--opens", (today - timedelta(days=1)).isoformat(),
        "--closes", (today + timedelta(days=30)).isoformat(), "--rubric", str(PROGRAMME / "destek-olcutleri.yaml"),
        user=COORDINATOR,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    applied = run(
        "support", "apply", SLUG, "2027-1", "--action", "2.1", "--title", "Gençlik meclisi eğitimleri",
        "--request", "Kolaylaştırıcı eğitimi ve salon", user=TEAM,
    )  # fmt: skip
    assert "Başvuru kaydedildi: no. 1" in applied.stdout, applied.stderr
    listed = run("support", "applications", user=COORDINATOR).stdout
    assert "Gençlik meclisi eğitimleri" in listed and "değerlendirmede" in listed
    scores = [
        "--score",
        "uygunluk=4",
        "--score",
        "katilim=5",
        "--score",
        "uygulanabilirlik=3",
        "--score",
        "surdurulebilirlik=4",
    ]
    assert run("support", "review", "1", *scores, "-m", "Güçlü ortaklık", user=COORDINATOR).returncode == 0
    assert (
        run("support", "review", "1", "--conflict", "-m", "Kulübün danışmanıyım", user=THIRD).returncode == 0
    )
    blocked = run("support", "review", "1", *scores, "-m", "Çok iyi", user=THIRD)
    assert blocked.returncode == 1
    assert blocked.stderr.startswith("Hata: Başvuru 1 için çıkar çatışması bildirdiniz")
    early = run("support", "decide", "1", "--award", "-m", "Erken", user=COORDINATOR)
    assert early.returncode == 1 and "en az 2 farklı değerlendirici" in early.stderr
    assert run("support", "review", "1", *scores, "-m", "İyi", user=SECOND).returncode == 0
    assert run("support", "decide", "1", "--award", "-m", "Yüksek puan", user=COORDINATOR).returncode == 0
    awarded = run(
        "support", "award", "1", "--kind", "training", "--description", "Kolaylaştırıcı eğitimi", "--quantity", "2",
        "--unit", "gün", "--value", "40000", "--date", "2027-02-10", user=COORDINATOR,
    )  # fmt: skip
    assert "40.000 TL" in awarded.stdout, awarded.stderr

    shown = run("support", "show", "1", user=TEAM).stdout
    assert "Durum: desteklendi" in shown
    assert "Ağırlıklı puan: 82,0/100 (2 değerlendirme; karar için en az 2)" in shown
    assert "çıkar çatışması: Kulübün danışmanıyım" in shown  # the third reviewer's row
    assert "Gerekçe: Yüksek puan" in shown
    assert "10 Şubat 2027 Eylem 2.1: Kolaylaştırıcı eğitimi (2 gün, 40.000 TL)" in shown
