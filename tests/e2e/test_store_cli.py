"""``roadmap store prune`` and ``roadmap store check`` as a coordinator runs them."""

from __future__ import annotations

import hashlib

from conftest import COORDINATOR, SLUG, TEAM
from test_cli import run

from roadmap.pipeline import build_roadmap_document
from roadmap.services.exports import export_versions
from roadmap.store.files import file_store


def test_prune_says_what_it_would_remove_and_removes_it_only_when_applied(example, tmp_path):
    for _ in range(3):
        build_roadmap_document(SLUG, out=tmp_path / "yol.docx")
    dry = run("store", "prune", "--keep", "1", user=COORDINATOR)
    assert dry.returncode == 0, dry.stderr
    assert "ornekkoy #1 (tr)" in dry.stdout and "ornekkoy #2 (tr)" in dry.stdout
    assert "Deneme: 2 taslak dışa aktarma ve artık kullanılmayan 2 dosya" in dry.stdout
    assert len(export_versions(TEAM, SLUG)) == 3

    done = run("--lang", "en", "store", "prune", "--keep", "1", "--apply", user=COORDINATOR)
    assert done.returncode == 0, done.stderr
    assert "2 draft exports and 2 files no longer used" in done.stdout and "removed" in done.stdout
    assert [v.number for v in export_versions(TEAM, SLUG)] == [3]


def test_prune_is_refused_to_a_team_member(example):
    refused = run("store", "prune", "--apply", user=TEAM)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr


def test_check_names_a_missing_file_and_exits_1(example, tmp_path):
    build_roadmap_document(SLUG, out=tmp_path / "yol.docx")
    fine = run("store", "check", user=COORDINATOR)
    assert fine.returncode == 0 and "2 dosyanın hepsi yerinde" in fine.stdout
    document = hashlib.sha256((tmp_path / "yol.docx").read_bytes()).hexdigest()
    file_store().delete(document)
    broken = run("store", "check", user=COORDINATOR)
    assert broken.returncode == 1
    assert "2 dosyadan 1 tanesinde sorun var" in broken.stdout and f"{document}" in broken.stdout
    assert "depoda yok" in broken.stdout
