"""The ``roadmap`` command as a person runs it: real processes, one-line errors, no Prefect import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM

ROADMAP = str(Path(sys.executable).parent / "roadmap")


def run(*args: str, user: str | None = TEAM) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200")
    if user:
        env["ROADMAP_USER"] = user
    return subprocess.run([ROADMAP, *args], capture_output=True, text=True, env=env, timeout=120)


def test_status_shows_every_stage_and_whose_move_it_is(example):
    result = run("status", SLUG)
    assert result.returncode == 0, result.stderr
    for stage in (
        "Koordinasyon ekibi",
        "İhtiyaç analizi",
        "Paydaş haritası",
        "Katılım toplantıları",
        "Yol haritası",
    ):
        assert stage in result.stdout
    assert "danışman incelemeli" in result.stdout
    assert "Ekip çalışma saati: 67 / 100 saat" in result.stdout


def test_interactive_commands_do_not_import_prefect(example):
    code = (
        "import sys; from roadmap.cli import main; sys.argv=['roadmap','status','ornekkoy'];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('PREFECT_LOADED' if 'prefect' in sys.modules else 'NO_PREFECT')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ, ROADMAP_USER=TEAM),
        timeout=60,
    )
    assert result.stdout.strip().endswith("NO_PREFECT"), result.stdout + result.stderr


def test_unknown_municipality_is_one_line_with_exit_code_one(example):
    result = run("status", "yokkoy")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "'yokkoy' adlı belediye bulunamadı" in result.stderr


def test_missing_database_tells_to_run_init(tmp_path):
    env_dir = tmp_path / "nothing"
    result = subprocess.run(
        [ROADMAP, "status", SLUG],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, ROADMAP_DATA_DIR=str(env_dir), ROADMAP_USER=TEAM),
    )
    assert result.returncode == 1
    assert "roadmap init" in result.stderr and "Traceback" not in result.stderr


def test_show_edit_update_round_trip_and_a_stale_file_is_refused(example, tmp_path):
    mine, theirs = tmp_path / "mine.yaml", tmp_path / "theirs.yaml"
    assert run("stage", "show", SLUG, "5", "--out", str(mine)).returncode == 0
    theirs.write_text(mine.read_text(encoding="utf-8"), encoding="utf-8")
    mine.write_text(mine.read_text(encoding="utf-8").replace("months: 24", "months: 30"), encoding="utf-8")
    first = run("stage", "update", SLUG, "5", str(mine))
    assert first.returncode == 0, first.stderr
    stale = run("stage", "update", SLUG, "5", str(theirs))
    assert stale.returncode == 1
    assert "eski bir sürüme dayanıyor" in stale.stderr
    assert "months: 30" in run("stage", "show", SLUG, "roadmap").stdout


def test_update_with_a_broken_file_names_the_field(example, tmp_path):
    edited = tmp_path / "team.yaml"
    run("stage", "show", SLUG, "5", "--out", str(edited))
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("months: 24", "months: yirmi dört"), encoding="utf-8"
    )
    result = run("stage", "update", SLUG, "5", str(edited))
    assert result.returncode == 1
    assert "months" in result.stderr and "Traceback" not in result.stderr


def test_review_and_submit_through_the_cli(example):
    refused = run("review", SLUG, "4", "--request-changes", user=CONSULTANT)
    assert refused.returncode == 1 and "açıklama" in refused.stderr
    sent_back = run(
        "review", SLUG, "4", "--request-changes", "-m", "Gençlik çalıştayı raporu eksik.", user=CONSULTANT
    )
    assert sent_back.returncode == 0 and "değişiklik istendi" in sent_back.stdout
    resubmitted = run("submit", SLUG, "4")
    assert resubmitted.returncode == 0 and "gönderim no. 2" in resubmitted.stdout
    history = run("history", SLUG)
    assert "Gençlik çalıştayı raporu eksik." in history.stdout


def test_english_messages_with_lang_option(example):
    result = run("--lang", "en", "status", SLUG)
    assert "Coordination team" in result.stdout and "the consultant should review" in result.stdout


def test_export_prints_the_path_and_what_the_roadmap_waits_for(example, tmp_path):
    out = tmp_path / "yol-haritasi-en.docx"
    result = run("export", SLUG, "--lang", "en", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists() and str(out) in result.stdout.replace("\n", "")
    assert "Waiting: Consultation meetings — the consultant should review" in result.stdout


def test_unknown_language_is_a_usage_error_not_a_traceback(example):
    result = run("export", SLUG, "--lang", "fr")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'fr' is not one of 'tr', 'en'" in result.stderr


def test_guide_explains_a_stage(example):
    result = run("guide", "stakeholders")
    assert result.returncode == 0
    assert "Paydaş haritası" in result.stdout and "İyi bir sonuç" in result.stdout


def test_import_survey_dry_run_then_a_refused_file(example, tmp_path):
    assert run("reopen", SLUG, "1", "-m", "Ek yanıtlar gelecek.", user=CONSULTANT).returncode == 0
    good = tmp_path / "ek.csv"
    good.write_text(
        "Ek anket;;;\nrespondent;strategy_1;strategy_2;Yorum\nN-1;4;Katılıyorum;iyi\nN-2;2;;\n",
        encoding="utf-8",
    )
    dry = run("import", "survey", SLUG, str(good), "--group", "staff", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "2 yeni, 0 güncellenen yanıt" in dry.stdout and "hiçbir şey kaydedilmedi" in dry.stdout
    said = " ".join(dry.stdout.split())
    assert "Başlık satırı 2. satırda bulundu; üstündeki satırlar (1) atlandı." in said
    assert "Kullanılmayan sütunlar yok sayıldı: 'Yorum'." in said
    bad = tmp_path / "bozuk.csv"
    bad.write_text("respondent,strategy_1,Yorum,Soru 9\nN-1,6,iyi,4\n", encoding="utf-8")
    refused = run("import", "survey", SLUG, str(bad), "--group", "staff")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert (
        "Sütun 'Soru 9'" in refused.stderr
        and "Satır 2, sütun 'strategy_1': '6' ölçeğin (1–5) dışında" in refused.stderr
        and "'Yorum'" not in refused.stderr  # free text is not a reason to refuse
    )


def test_needs_prints_the_findings_table(example):
    result = run("needs", SLUG)
    assert result.returncode == 0
    assert "40 personel, 25 sivil aktör yanıtı" in result.stdout
    assert "Gelişim alanları: Dezavantajlı ve az temsil edilen grupların katılımı (1,98)" in result.stdout


def test_focus_prints_the_ranking_with_reasons(example):
    result = run("focus", SLUG)
    assert result.returncode == 0
    assert "Gençlik meclisi ve gençlerin katılımı" in result.stdout and "yüksek ihtiyaç" in result.stdout
    assert "Ağırlıklar: ihtiyaç 0,40" in result.stdout


def test_stakeholders_by_quadrant_in_turkish_or_english_names(example):
    turkish = run("stakeholders", SLUG, "--quadrant", "MEMNUN TUT")
    english = run("stakeholders", SLUG, "--quadrant", "keep satisfied")
    assert turkish.returncode == english.returncode == 0
    assert "Örnekköy Kaymakamlığı" in turkish.stdout and "Örnekköy Kaymakamlığı" in english.stdout
    assert "Örnekköy Kent Konseyi" not in turkish.stdout
    wrong = run("stakeholders", SLUG, "--quadrant", "uzak dur")
    assert wrong.returncode == 1 and "manage_closely" in wrong.stderr


def test_import_stakeholders_reports_duplicates_and_the_hint(example, tmp_path):
    assert run("reopen", SLUG, "3", "-m", "Liste güncellenecek.", user=CONSULTANT).returncode == 0
    path = tmp_path / "ek.csv"
    path.write_text(
        "Ad;Tür;E-posta\nNilufer Dernegi;STK;\nENGELSİZ YAŞAM;dernek;engelsizyasam@example.org\n",
        encoding="utf-8",
    )
    result = run("import", "stakeholders", SLUG, str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "'ENGELSİZ YAŞAM', kayıttaki 'Engelsiz Yaşam Derneği' ile aynı kurum olabilir" in result.stdout
    assert "--merge-duplicates" in result.stdout


def test_meetings_coverage_and_actions_commands(example):
    meetings = run("meetings", SLUG)
    assert meetings.returncode == 0 and "T4" in meetings.stdout and "planlandı" in meetings.stdout
    coverage = run("coverage", SLUG)
    assert "Katılım: toplam 87; kadın 40; genç 39; engelli 5" in coverage.stdout
    actions = run("actions", SLUG)
    assert "Kent konseyi sekretaryasının güçlendirilmesi" in actions.stdout and "180.000 TL" in actions.stdout


def test_import_attendance_dry_run_reports_people_and_unknown_organisations(example, tmp_path):
    assert (
        run("review", SLUG, "4", "--request-changes", "-m", "Liste eksik.", user=CONSULTANT).returncode == 0
    )
    path = tmp_path / "liste.csv"
    path.write_text(
        "Ad Soyad;Kurum;Onay\nAyşe Kaya;Örnekköy Kent Konseyi;Evet\nCan Er;Yeni Girişim;Hayır\n",
        encoding="utf-8",
    )
    result = run("import", "attendance", SLUG, "T4", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "2 katılımcı (1 kişi adının paylaşılmasına onay verdi)" in result.stdout
    assert (
        "Paydaş kaydında bulunmayan kurumlar (paydaş haritasına eklemeyi düşünün): Yeni Girişim"
        in result.stdout
    )


def test_check_lists_each_point_on_one_line_and_exits_1_while_one_blocks(example):
    result = run("check", SLUG, user=CONSULTANT)
    assert result.returncode == 0, result.stdout + result.stderr  # the example answers its own points
    assert "[needs.no_action:monitoring]" in result.stdout and "gerekçe yazıldı" in result.stdout
    as_json = json.loads(run("--lang", "en", "check", SLUG, "--stage", "5", "--json", user=CONSULTANT).stdout)
    assert {f["stage"] for f in as_json["findings"]} == {5}
    (point,) = [f for f in as_json["findings"] if f["code"] == "needs.no_action"]
    assert point["record"]["label"] == "Dimension “Monitoring, evaluation and learning”"
    assert point["state"] == "explained" and point["fix"].startswith("Add an action")
    run("override", SLUG, "4", "--to", "draft", "-m", "Yeni görüş", user=COORDINATOR)
    shown = yaml.safe_load(run("stage", "show", SLUG, "4").stdout)
    shown["content"]["meetings"][2]["inputs"].append({"text": "Mahalle meclisleri yeniden kurulsun."})
    changed = Path(example) / "toplantilar.yaml"
    changed.write_text(yaml.safe_dump(shown, allow_unicode=True), encoding="utf-8")
    updated = run("stage", "update", SLUG, "4", str(changed))
    assert updated.returncode == 0, updated.stdout + updated.stderr
    blocked = run("check", SLUG, user=CONSULTANT)
    assert blocked.returncode == 1, updated.stdout + blocked.stdout
    line = next(x for x in blocked.stdout.splitlines() if "inputs.no_response" in x)
    assert "engelleyici" in line and "T3.4" in blocked.stdout
    assert "Kontrol listesi: 1 engelleyici" in run("status", SLUG).stdout
