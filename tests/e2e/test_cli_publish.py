"""``roadmap publish``, ``releases`` and ``withdraw`` as a person runs them."""

from __future__ import annotations

import json

from conftest import CONSULTANT, SLUG
from test_cli import run
from test_releases import approve_all


def test_publish_is_refused_until_stages_0_to_5_are_approved_in_one_line(example):
    result = run("publish", SLUG, "--no-pdf")
    assert result.returncode == 1 and "onaylanmadı: 4, 5" in result.stderr
    assert "Traceback" not in result.stderr


def test_publish_writes_the_release_lists_it_and_withdraw_leaves_a_reason(example, tmp_path):
    approve_all()
    published = run("publish", SLUG, "--no-pdf", "--lang", "tr", "--out", str(tmp_path / "yayim"))
    assert published.returncode == 0, published.stderr
    assert "1 numaralı yayım yapıldı (tr)" in published.stdout and "/p/ornekkoy" in published.stdout
    document = json.loads((tmp_path / "yayim" / "roadmap-tr.json").read_text(encoding="utf-8"))
    assert document["release"] == 1 and not (tmp_path / "yayim" / "roadmap-en.json").exists()
    assert run("publish", SLUG, "--no-pdf", "--lang", "tr").returncode == 1  # nothing new to publish
    refused = run("withdraw", SLUG, "1", "--reason", "Hata", user=CONSULTANT)
    assert refused.returncode == 1  # a consultant reviews; publishing is the team's
    withdrawn = run("withdraw", SLUG, "1", "--reason", "Bütçe tablosunda hata vardı")
    assert withdrawn.returncode == 0 and "geri çekildi" in withdrawn.stdout
    listed = run("--lang", "en", "releases", SLUG)
    assert "Withdrawn: Bütçe tablosunda hata vardı" in listed.stdout
