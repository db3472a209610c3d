"""The programme's glossary of names and terms, and the product's own English that follows it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from roadmap.domain.catalogues import focus_catalogue, glossary, instrument
from roadmap.domain.translation import municipality_in_english

ROOT = Path(__file__).resolve().parents[2]
BARE_KENT_KONSEYI = re.compile(r"(?<!\()\bkent konseyi", re.IGNORECASE)  # not inside "(Kent Konseyi)"


def test_the_glossary_names_each_term_once_with_its_english():
    terms = glossary()
    assert len({t.tr.casefold() for t in terms}) == len(terms)
    kent_konseyi = next(t for t in terms if t.tr == "Kent Konseyi")
    assert kent_konseyi.en == "City Council (Kent Konseyi)" and "not the elected" in kent_konseyi.note


def test_the_products_english_calls_the_kent_konseyi_a_city_council_in_the_glossarys_words():
    english = [a.en for a in focus_catalogue().values()]
    english += [a.description_en for a in focus_catalogue().values()]
    english += [x for a in focus_catalogue().values() for x in a.actions_en + a.indicators_en]
    english += [d.en for d in instrument().dimensions] + [
        s.en for d in instrument().dimensions for s in d.statements
    ]
    template = yaml.safe_load((ROOT / "templates" / "document" / "en.yaml").read_text(encoding="utf-8"))
    english += [str(v) for k, v in template.items() if k != "glossary"]
    assert [text for text in english if BARE_KENT_KONSEYI.search(text)] == []


def test_a_municipality_is_named_in_english_by_its_kind():
    assert municipality_in_english("Örnekköy Belediyesi") == "Örnekköy Municipality"
    assert municipality_in_english("Eskişehir Büyükşehir Belediyesi") == "Eskişehir Metropolitan Municipality"
    assert municipality_in_english("Nilüfer") == "Nilüfer"
