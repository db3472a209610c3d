"""Text and files that try to break things: template syntax, oversized files, a programme's own instrument."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CONSULTANT, SLUG, TEAM
from docx import Document

from roadmap.domain.catalogues import instrument
from roadmap.domain.content import RespondentGroup
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput
from roadmap.imports.files import MAX_BYTES, read_table
from roadmap.imports.survey import read_survey
from roadmap.pipeline import build_roadmap_document
from roadmap.services import stages as svc


def test_template_syntax_in_user_text_is_printed_not_evaluated(example, tmp_path):
    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP)
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    view.content["vision"] = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} <script>alert(1)</script>"
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, view.content, view.version)
    document = Document(str(build_roadmap_document(SLUG, out=tmp_path / "r.docx").path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "{{ 7*7 }} {% for x in range(3) %}x{% endfor %} <script>alert(1)</script>" in text
    assert "49" not in text and "xxx" not in text


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "cok-buyuk.csv"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InvalidInput, match="dosya çok büyük"):
        read_table(big)


def test_excel_unicode_text_is_read_and_a_binary_file_gets_a_clear_error(tmp_path):
    unicode_text = tmp_path / "unicode.txt"
    unicode_text.write_bytes("respondent\tstrategy_1\nİlknur\t3\n".encode("utf-16"))  # with its BOM
    assert read_table(unicode_text).rows == [(2, ["İlknur", "3"])]
    binary = tmp_path / "resim.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InvalidInput, match="UTF-8 ya da Windows-1254"):
        read_table(binary)


def test_a_programme_can_supply_its_own_instrument(tmp_path, monkeypatch):
    own = {
        "id": "baska-program",
        "version": 2,
        "scale": {1: {"tr": "Hayır", "en": "No"}, 5: {"tr": "Evet", "en": "Yes"}},
        "dimensions": [
            {
                "id": "openness",
                "tr": "Açıklık",
                "en": "Openness",
                "source": "programme",
                "statements": [
                    {"id": "open_1", "tr": "Kararlar açıklanıyor.", "en": "Decisions are published."}
                ],
            }
        ],
    }
    path = tmp_path / "olcek.yaml"
    path.write_text(yaml.safe_dump(own, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ROADMAP_INSTRUMENT", str(path))
    from roadmap.settings import reset_settings

    reset_settings()
    try:
        tool = instrument()
        assert [d.id for d in tool.dimensions] == ["openness"]
        answers = tmp_path / "yanitlar.csv"
        answers.write_text("respondent,Kararlar açıklanıyor.\nP1,Evet\n", encoding="utf-8")
        survey = read_survey(answers, RespondentGroup.STAFF, tool)
        assert survey.problems == [] and survey.responses[0].answers == {"open_1": 5}
    finally:
        monkeypatch.delenv("ROADMAP_INSTRUMENT")
        reset_settings()
    assert len(instrument().dimensions) == 10


def test_a_broken_instrument_file_names_the_field(tmp_path):
    path = tmp_path / "bozuk.yaml"
    path.write_text("id: x\nversion: 1\nscale: {}\ndimensions: [{id: a}]\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="dimensions.0.tr"):
        instrument(Path(path))


def test_a_zip_bomb_spreadsheet_or_document_is_refused_unopened(example, tmp_path):
    import zipfile

    from roadmap.services.exports import import_word_comments

    for name in ("bomba.xlsx", "bomba.docx"):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
        with pytest.raises(InvalidInput, match="güvenlik için açılmadı"):
            if name.endswith(".xlsx"):
                read_table(path)
            else:
                import_word_comments(TEAM, SLUG, path)
