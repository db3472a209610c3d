"""The English edition: the team's texts in English, a translation pack for translators and CAT tools,
its return (refusing another municipality's pack, a changed Turkish, a broken file), and the
document that uses it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from lxml import etree
from openpyxl import load_workbook
from test_document import full_text
from translate.storage import factory

from roadmap.domain.stages import Stage, Status
from roadmap.domain.translation import MARK
from roadmap.errors import InvalidInput, TransitionRefused
from roadmap.pipeline import build_roadmap_document
from roadmap.services import stages as svc
from roadmap.services.translations import (
    export_translations,
    import_translations,
    save_translations,
    translation_status,
    translation_units,
)

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "xliff-1.2-core-subset.xsd"
MEMORY = Path(__file__).resolve().parents[2] / "examples" / "ornekkoy" / "translations-en.yaml"
# Words a Turkish sentence can hardly do without, and an English one never has.
TURKISH_WORDS = re.compile(r"\b(ve|bir|için|ile|olarak|yapılır|edilir|edilecek|olan|gibi|bu|her)\b", re.I)


def _clear_translations() -> None:
    """The example as a team that has not translated anything yet."""
    units = translation_units(TEAM, SLUG)
    save_translations(TEAM, SLUG, {u.unit: (u.source, "") for u in units})


def test_the_example_ships_the_english_of_every_text(example):
    assert all(row.missing == 0 and row.changed == 0 for row in translation_status(TEAM, SLUG))
    units = {u.source: u.target for u in translation_units(TEAM, SLUG)}
    assert units["Strateji Geliştirme Müdürlüğü"] == "Strategy Development Directorate"


def test_a_pack_round_trips_through_xliff_and_opens_in_translate_toolkit(example, tmp_path):
    _clear_translations()
    pack = tmp_path / "ornekkoy.xlf"
    count = export_translations(TEAM, SLUG, pack)
    units = translation_units(TEAM, SLUG)
    assert count == len(units) > 150
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.parse(str(pack))), schema.error_log.last_error
    store = factory.getobject(str(pack))  # as a CAT tool's reader (translate-toolkit) opens it
    by_id = {u.getid().split("\x04")[-1]: u for u in store.units}  # the file's name, then the unit's id
    action = next(u for u in units if u.unit == "eylem-1-1/title")
    opened = by_id["eylem-1-1/title"]
    assert opened.source == action.source == "Kent konseyi sekretaryasının güçlendirilmesi"
    assert "Eylem 1.1" in opened.getnotes()  # where it appears, for the translator
    for unit in store.units:  # the translator fills every target
        unit.target = f"English of {unit.getid().split(chr(4))[-1]}"
    store.save()
    report = import_translations(TEAM, SLUG, pack)
    assert report.count("applied") == len(units) and report.count("source_changed") == 0
    assert {row.missing for row in translation_status(TEAM, SLUG)} == {0}


def test_a_turkish_text_changed_since_export_is_reported_and_not_overwritten(example, tmp_path):
    pack = tmp_path / "ornekkoy.xlsx"
    export_translations(TEAM, SLUG, pack)
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    content = view.content
    content["goals"][0]["actions"][0]["title"] = "Kent konseyi sekretaryasına tam zamanlı personel"
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, content, view.version)
    book = load_workbook(pack)
    sheet = book["Çeviri"]
    for row in sheet.iter_rows(min_row=2):
        row[3].value = f"New English of {row[0].value}"
    book.save(pack)
    report = import_translations(TEAM, SLUG, pack)
    changed = [o.unit for o in report.outcomes if o.outcome == "source_changed"]
    assert changed == ["eylem-1-1/title"]
    title = next(u for u in translation_units(TEAM, SLUG) if u.unit == "eylem-1-1/title")
    assert title.target != "New English of eylem-1-1/title" and title.state == "changed"


def test_another_municipalitys_pack_and_a_broken_file_are_refused(example, tmp_path):
    pack = tmp_path / "ornekkoy.xlf"
    export_translations(TEAM, SLUG, pack)
    pack.write_text(pack.read_text(encoding="utf-8").replace("roadmap:ornekkoy", "roadmap:baskakoy"), "utf-8")
    with pytest.raises(InvalidInput) as refused:
        import_translations(TEAM, SLUG, pack)
    assert "baskakoy" in refused.value.render("tr")
    broken = tmp_path / "bozuk.xlf"
    broken.write_text("<xliff><file", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        import_translations(TEAM, SLUG, broken)
    assert "bozuk.xlf" in refused.value.render("en")
    with pytest.raises(InvalidInput):
        export_translations(TEAM, SLUG, tmp_path / "paket.docx")


def _sentences_in_turkish(text: str, proper_names: list[str]) -> list[str]:
    for name in sorted(proper_names, key=len, reverse=True):
        text = text.replace(name, "")
    return [line for line in text.splitlines() if len(TURKISH_WORDS.findall(line)) >= 2]


def test_a_pack_filled_by_a_translator_gives_an_english_edition_without_a_turkish_sentence(example, tmp_path):
    memory = {e["tr"].strip(): e["en"] for e in yaml.safe_load(MEMORY.read_text(encoding="utf-8"))}
    _clear_translations()
    pack = tmp_path / "ornekkoy.xlf"
    export_translations(TEAM, SLUG, pack)
    store = factory.getobject(str(pack))
    for unit in store.units:  # the translator's CAT tool fills every target from its memory
        unit.target = memory[unit.source.strip()]
    store.save()
    report = import_translations(TEAM, SLUG, pack)
    assert report.count("applied") == len(store.units)
    built = build_roadmap_document(SLUG, lang="en", out=tmp_path / "en.docx")
    text = full_text(built.path)
    assert MARK.strip() not in text
    assert "Örnekköy Municipality" in text and "Strategy Development Directorate" in text
    data = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content
    team = svc.show_stage(TEAM, SLUG, Stage.TEAM).content
    meetings = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).content["meetings"]
    names = [s["name"] for s in data["stakeholders"]] + [m["name"] for m in team["members"]]
    names += [p["organisation"] for m in meetings for p in m["people"] if p["organisation"]]
    assert _sentences_in_turkish(text, names) == []


def test_an_untranslated_text_is_marked_and_counted_on_a_drafts_cover(example, tmp_path):
    units = translation_units(TEAM, SLUG)
    vision = next(u for u in units if u.unit == "roadmap/vision")
    save_translations(TEAM, SLUG, {vision.unit: (vision.source, "")})
    built = build_roadmap_document(SLUG, lang="en", out=tmp_path / "en.docx")
    text = full_text(built.path)
    assert "1 of the team's texts is not translated yet" in text
    assert MARK + vision.source in text


def test_a_final_english_edition_waits_for_every_translation_unless_waived(example, tmp_path):
    for stage in (Stage.CONSULTATIONS, Stage.ROADMAP):
        svc.override_stage(COORDINATOR, SLUG, stage, Status.APPROVED, "Test")
    units = translation_units(TEAM, SLUG)  # translating needs no reopening of an approved stage
    summary = next(u for u in units if u.unit == "roadmap/summary")
    save_translations(TEAM, SLUG, {summary.unit: (summary.source, "")})
    with pytest.raises(TransitionRefused) as refused:
        build_roadmap_document(SLUG, lang="en", out=tmp_path / "en.docx")
    assert refused.value.key == "refused.english_incomplete"
    assert build_roadmap_document(SLUG, lang="tr", out=tmp_path / "tr.docx").draft is False
    svc.waive_requirement(
        CONSULTANT, SLUG, Stage.ROADMAP, "translations.missing:english", "Özet çevirmende; belge acil."
    )
    final = build_roadmap_document(SLUG, lang="en", out=tmp_path / "en.docx")
    assert not final.draft and "1 of the team's texts is not translated yet" in full_text(final.path)


def test_a_target_the_translator_left_empty_takes_no_translation_away(example, tmp_path):
    pack = tmp_path / "ornekkoy.xlsx"
    export_translations(TEAM, SLUG, pack)
    book = load_workbook(pack)
    sheet = book["Çeviri"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "roadmap/vision":
            row[3].value = None
    book.save(pack)
    report = import_translations(TEAM, SLUG, pack)
    assert report.count("applied") == 0 and report.count("emptied") == 0
    vision = next(u for u in translation_units(TEAM, SLUG) if u.unit == "roadmap/vision")
    assert vision.state == "translated" and vision.target.startswith("A local administration")
