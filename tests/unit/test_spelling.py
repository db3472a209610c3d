"""The product's own Turkish follows the Turkish Language Association (TDK): every template, every
catalogue message and every data file a municipality reads is checked for the usual misspellings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TURKISH = [
    *sorted((ROOT / "templates").rglob("tr.yaml")),
    *sorted((ROOT / "templates" / "web").glob("*.html")),
    ROOT / "roadmap" / "locale" / "tr" / "LC_MESSAGES" / "roadmap.po",
    *sorted((ROOT / "roadmap" / "data").glob("*.yaml")),
]
# (what is wrong, what TDK writes): whole words, any case.
MISSPELLINGS = [
    (r"işbirliği|işbirliğ\w*", "iş birliği"),
    (r"herşey\w*", "her şey"),
    (r"birşey\w*", "bir şey"),
    (r"hiçbirşey\w*", "hiçbir şey"),
    (r"yada", "ya da"),
    (r"milli", "millî"),
    (r"bir kaç", "birkaç"),
    (r"herkez", "herkes"),
    (r"yanlız", "yalnız"),
    (r"şikayet\w*", "şikâyet"),
    (r"dahil\w*", "dâhil"),
]


def _text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".po":  # the Turkish translations, not the keys
        text = "\n".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, flags=re.M))
    return re.sub(r"\{\{.*?\}\}|\{[a-z_]+\}|code: \S+", " ", text)  # placeholders and codes are not prose


@pytest.mark.parametrize("path", TURKISH, ids=lambda p: str(p.relative_to(ROOT)))
def test_turkish_texts_follow_tdk_spelling(path):
    text = _text(path)
    found = [
        f"{match.group(0)} → {right}"
        for wrong, right in MISSPELLINGS
        for match in re.finditer(rf"(?<!\w){wrong}(?!\w)", text, flags=re.I)
    ]
    assert found == []
