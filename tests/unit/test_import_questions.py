"""What a refused file asks of its sender, and the answers as a mapping the readers take."""

from __future__ import annotations

from pathlib import Path

from roadmap.domain.catalogues import focus_catalogue, instrument
from roadmap.domain.content import RespondentGroup
from roadmap.imports.files import ImportMapping, mask, reject
from roadmap.imports.questions import answered
from roadmap.imports.stakeholders import focus_keys, read_stakeholders, stakeholder_questions
from roadmap.imports.survey import read_survey, survey_questions


def _survey(tmp_path: Path, text: str, mapping: ImportMapping | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / "anket.csv"
    path.write_text(text, encoding="utf-8")
    return path, read_survey(path, RespondentGroup.STAFF, instrument(), mapping)


def test_a_persons_name_email_and_age_are_masked_but_show_what_the_column_holds():
    assert mask("Zeynep Kaya") == "Z••• K•••"
    assert mask("zeynep.kaya@example.org") == "z•••@example.org"
    assert mask("17") == "•••" and mask("") == ""


def test_survey_answers_mapped_in_the_page_are_read_and_a_no_answer_word_counts_as_blank(tmp_path):
    text = "Sıra;Planda hedefler;strategy_2\n1;Çok katılıyorum;Belirsiz\n2;Katılıyorum;4\n"
    path, survey = _survey(tmp_path, text)
    asked = survey_questions(
        reject(path, survey.problems, survey.columns, survey.notes.ignored_columns), instrument()
    )
    assert [q.header for q in asked.columns] == ["Planda hedefler"]
    assert [q.written for q in asked.values] == ["Belirsiz"]  # the other column's words are not read yet

    mapping = answered(
        ImportMapping(), {"Planda hedefler": "strategy_1"}, {("answers", "Belirsiz"): "ignore"}
    )
    _, again = _survey(tmp_path, text, mapping)
    assert [q.written for q in survey_questions(reject(path, again.problems), instrument()).values] == [
        "Çok katılıyorum"
    ]
    mapping = answered(mapping, {}, {("answers", "Çok katılıyorum"): "5"})
    _, done = _survey(tmp_path, text, mapping)
    assert done.problems == []
    assert done.responses[0].answers == {"strategy_1": 5, "strategy_2": None}
    assert mapping.values["answers"] == {"Belirsiz": "ignore", "Çok katılıyorum": 5}


def test_a_list_without_a_name_column_offers_its_unused_columns_for_the_name(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Unvan;Tür\nYeşil Vadi Kooperatifi;kooperatif\n", encoding="utf-8")
    lookup = focus_keys(focus_catalogue(), {})
    parsed = read_stakeholders(path, lookup)
    refused = reject(path, parsed.problems, parsed.columns, parsed.notes.ignored_columns)
    asked = stakeholder_questions(refused, lookup)
    assert [(q.header, q.reason) for q in asked.columns] == [("Unvan", "unused")]
    assert [p.reason for p in asked.remaining] == ["missing_column"]  # said too: which column is missing
    mapping = answered(ImportMapping(), {"Unvan": "name"}, {})
    assert read_stakeholders(path, lookup, mapping).stakeholders[0][1].name == "Yeşil Vadi Kooperatifi"
