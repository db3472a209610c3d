"""Survey files as people export them, every reason a file is refused, and scores worked out by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CONSULTANT, SLUG, TEAM
from openpyxl import Workbook

from roadmap.analysis.needs import needs_findings
from roadmap.domain.catalogues import instrument
from roadmap.domain.content import NeedsAnalysis, RespondentGroup, SurveyResponse
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput
from roadmap.imports.survey import ImportMapping, read_survey
from roadmap.services import stages as svc
from roadmap.services.needs import import_survey

STAFF, CIVIC = RespondentGroup.STAFF, RespondentGroup.CIVIC
TOOL = instrument()
S1, S2 = TOOL.dimensions[0].statements[0], TOOL.dimensions[0].statements[1]  # strategy_1, strategy_2


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_google_forms_turkish_export_with_full_statement_text_and_labels(tmp_path):
    path = write_csv(
        tmp_path / "form.csv",
        [
            ["Zaman damgası", S1.tr, S2.tr.upper()],  # headers as typed, even in capitals
            ["06.10.2026 09:12:04", "Kesinlikle katılıyorum", "Fikrim yok"],
            ["06.10.2026 09:49:31", "hiç katılmıyorum", "Kararsızım"],
        ],
    )
    survey = read_survey(path, STAFF, TOOL)
    assert survey.problems == []
    assert [r.answers for r in survey.responses] == [
        {"strategy_1": 5, "strategy_2": None},
        {"strategy_1": 1, "strategy_2": 3},
    ]


def test_the_common_partly_and_fully_agree_scale_reads_as_the_instruments_points(tmp_path):
    path = write_csv(
        tmp_path / "form.csv",
        [
            ["Zaman damgası", S1.tr, S2.tr],
            ["06.10.2026 09:12:04", "Tamamen katılıyorum", "Kısmen katılıyorum"],
            ["06.10.2026 09:49:31", "TAMAMEN KATILMIYORUM", "Ne katılıyorum ne katılmıyorum"],
        ],
    )
    survey = read_survey(path, STAFF, TOOL)
    assert survey.problems == []
    assert [r.answers for r in survey.responses] == [
        {"strategy_1": 5, "strategy_2": 3},
        {"strategy_1": 1, "strategy_2": 3},
    ]


def test_google_forms_english_export_and_grid_question_headers(tmp_path):
    path = write_csv(
        tmp_path / "form.csv",
        [
            ["Timestamp", f"How far do you agree? [{S1.en}]", S2.en.rstrip(".")],
            ["2026/10/06 9:12:04 AM GMT+3", "Strongly agree", "Disagree"],
        ],
    )
    survey = read_survey(path, CIVIC, TOOL)
    assert survey.problems == [] and survey.responses[0].answers == {"strategy_1": 5, "strategy_2": 2}
    assert survey.responses[0].group == CIVIC


def test_turkish_excel_csv_with_semicolons_decimal_commas_and_windows_1254(tmp_path):
    path = write_csv(
        tmp_path / "excel.csv",
        [
            ["Katılımcı No", "Kurum", "strategy_1", "strategy_2"],
            ["S-001", "Engelsiz Yaşam Derneği", "4,0", "2"],
            ["S-002", "Kadın Emeği Kooperatifi", "", "5"],
        ],
        delimiter=";",
        encoding="cp1254",
    )
    survey = read_survey(path, CIVIC, TOOL)
    assert survey.problems == []
    assert [(r.respondent, r.organisation, r.answers["strategy_1"]) for r in survey.responses] == [
        ("S-001", "Engelsiz Yaşam Derneği", 4),
        ("S-002", "Kadın Emeği Kooperatifi", None),
    ]


def test_utf8_with_bom_and_plain_utf8_commas(tmp_path):
    bom = write_csv(tmp_path / "bom.csv", [["yanıtlayan", "strategy_1"], ["P1", "3"]], ";", "utf-8-sig")
    plain = write_csv(tmp_path / "plain.csv", [["respondent", "strategy_1"], ["P1", "3"]])
    for path in (bom, plain):
        survey = read_survey(path, STAFF, TOOL)
        assert survey.problems == [] and survey.responses[0].respondent == "P1"
        assert survey.responses[0].answers == {"strategy_1": 3}


def test_xlsx_with_numbers_and_labels(tmp_path):
    book = Workbook()
    book.active.append(["respondent", "strategy_1", "strategy_2"])
    book.active.append(["P-001", 4, "Katılmıyorum"])
    book.active.append(["P-002", 2.0, None])
    book.save(tmp_path / "yanitlar.xlsx")
    survey = read_survey(tmp_path / "yanitlar.xlsx", STAFF, TOOL)
    assert survey.problems == []
    assert [r.answers for r in survey.responses] == [
        {"strategy_1": 4, "strategy_2": 2},
        {"strategy_1": 2, "strategy_2": None},
    ]


def test_mapping_file_names_columns_the_tool_cannot_guess(tmp_path):
    path = write_csv(tmp_path / "form.csv", [["Müdürlüğünüz", "Soru 1"], ["Fen İşleri", "4"]])
    # The directorate is a respondent attribute; a column of answers that names no statement refuses.
    assert [(p.column, p.reason) for p in read_survey(path, STAFF, TOOL).problems] == [
        ("Soru 1", "unknown_column")
    ]
    mapping = ImportMapping(columns={"soru 1": "strategy_1"})
    (response,) = read_survey(path, STAFF, TOOL, mapping).responses
    assert (response.answers, response.directorate) == ({"strategy_1": 4}, "Fen İşleri")


def problems_of(tmp_path: Path, rows: list[list[str]], mapping: ImportMapping | None = None):
    survey = read_survey(write_csv(tmp_path / "bad.csv", rows), STAFF, TOOL, mapping)
    return [(p.row, p.column, p.reason) for p in survey.problems], survey


@pytest.mark.parametrize(
    "value, reason",
    [("7", "out_of_range"), ("0", "out_of_range"), ("3,5", "not_whole"), ("belki", "unreadable")],
)
def test_bad_answer_names_row_column_and_reason(tmp_path, value, reason):
    found, _ = problems_of(tmp_path, [["respondent", "strategy_1"], ["P1", "3"], ["P2", value]])
    assert found == [(3, "strategy_1", reason)]


def test_unknown_and_twice_used_columns_are_refused(tmp_path):
    found, survey = problems_of(
        tmp_path, [["respondent", "strategy_1", S1.tr, "Yorumunuz"], ["P1", "3", "3", "iyi"]]
    )
    assert found == [(None, S1.tr, "duplicate_column")]  # free text is no reason to refuse
    assert survey.notes.ignored_columns == ["Yorumunuz"]
    found, _ = problems_of(
        tmp_path, [["respondent", "x"], ["P1", "3"]], ImportMapping(columns={"x": "strategy_99"})
    )
    assert found == [(None, "x", "bad_mapping")]


def test_duplicate_respondent_is_refused_and_empty_rows_are_skipped_and_reported(tmp_path):
    found, survey = problems_of(
        tmp_path, [["respondent", "strategy_1"], ["P1", "3"], ["", ""], ["P1", "4"], ["P3", "Fikrim yok"]]
    )
    assert found == [(4, None, "duplicate_respondent")]
    assert survey.empty_rows == [3, 5]


def test_problem_text_says_where_and_why_in_turkish(tmp_path):
    _, survey = problems_of(tmp_path, [["respondent", "strategy_1"], ["P1", "9"]])
    assert survey.problems[0].text() == "Satır 2, sütun 'strategy_1': '9' ölçeğin (1–5) dışında"


# --- importing into the database ------------------------------------------------------------------


@pytest.fixture
def reopened(example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.NEEDS, "Ek anket sonuçları gelecek.")
    return example


def count(slug: str = SLUG) -> int:
    return len(svc.show_stage(TEAM, slug, Stage.NEEDS).content["responses"])


def test_a_failed_import_stores_nothing(reopened, tmp_path):
    before = svc.show_stage(TEAM, SLUG, Stage.NEEDS)
    path = write_csv(tmp_path / "bad.csv", [["respondent", "strategy_1"], ["N1", "3"], ["N2", "8"]])
    with pytest.raises(InvalidInput) as refused:
        import_survey(TEAM, SLUG, path, STAFF)
    assert "hiçbir şey kaydedilmedi" in str(refused.value) and "Satır 3" in str(refused.value)
    after = svc.show_stage(TEAM, SLUG, Stage.NEEDS)
    assert (after.version, after.content) == (before.version, before.content)


def test_reimporting_the_same_file_does_not_double_the_responses(reopened, tmp_path):
    path = write_csv(tmp_path / "new.csv", [["respondent", "strategy_1"], ["N1", "3"], ["N2", "4"]])
    before = count()
    first = import_survey(TEAM, SLUG, path, STAFF)
    second = import_survey(TEAM, SLUG, path, STAFF)
    assert (first.added, first.updated) == (2, 0)
    assert (second.added, second.updated) == (0, 2)
    assert count() == before + 2


def test_google_forms_reimport_without_ids_is_idempotent_too(reopened, tmp_path):
    path = write_csv(
        tmp_path / "form.csv", [["Zaman damgası", S1.tr], ["06.10.2026 09:12:04", "Katılıyorum"]]
    )
    before = count()
    import_survey(TEAM, SLUG, path, STAFF)
    import_survey(TEAM, SLUG, path, STAFF)
    assert count() == before + 1


def test_dry_run_reports_but_stores_nothing(reopened, tmp_path):
    path = write_csv(tmp_path / "new.csv", [["respondent", "strategy_1"], ["N1", "3"]])
    before = svc.show_stage(TEAM, SLUG, Stage.NEEDS).version
    result = import_survey(TEAM, SLUG, path, STAFF, dry_run=True)
    assert result.added == 1 and not result.stored
    assert svc.show_stage(TEAM, SLUG, Stage.NEEDS).version == before


def test_import_into_an_approved_stage_is_refused(example, tmp_path):
    path = write_csv(tmp_path / "new.csv", [["respondent", "strategy_1"], ["N1", "3"]])
    with pytest.raises(Exception, match="onaylandı"):
        import_survey(TEAM, SLUG, path, STAFF)


def test_import_is_audited_with_the_file_name(reopened, tmp_path):
    path = write_csv(tmp_path / "ek-anket.csv", [["respondent", "strategy_1"], ["N1", "3"]])
    import_survey(TEAM, SLUG, path, STAFF)
    assert "ek-anket.csv içe aktarıldı (staff): 1 yeni" in svc.audit_trail(TEAM, SLUG)[-1].comment


# --- scores worked out by hand --------------------------------------------------------------------


def response(who, group, **answers):
    return SurveyResponse(respondent=who, group=group, answers=answers)


def test_scores_match_values_worked_out_by_hand():
    needs = NeedsAnalysis(
        responses=[
            response("a", STAFF, strategy_1=2, strategy_2=3, transparency_1=4),
            response("b", STAFF, strategy_1=4, transparency_1=5),
            response("c", CIVIC, strategy_1=1, transparency_1=4, transparency_2=None),
        ]
    )
    findings = needs_findings(needs, TOOL)
    strategy = findings.dimension("strategy")
    # staff answers 2, 3, 4 → mean 3.0, sample sd 1.0; civic 1 → mean 1.0; everyone 2, 3, 4, 1 → 2.5, sd √(5/3)
    assert (strategy.staff.mean, strategy.staff.spread, strategy.staff.respondents) == (3.0, 1.0, 2)
    assert (strategy.civic.mean, strategy.civic.spread) == (1.0, None)
    assert (strategy.overall.mean, strategy.overall.spread, strategy.overall.answers) == (2.5, 1.29, 4)
    assert strategy.gap == 2.0 and strategy.notable_gap
    transparency = findings.dimension("transparency")
    assert (transparency.overall.mean, transparency.gap) == (4.33, 0.5)
    statement = next(s for s in findings.statements if s.id == "strategy_1")
    assert (statement.overall.mean, statement.overall.answers) == (2.33, 3)
    assert [d.id for d in findings.strengths()] == ["transparency"]
    assert [d.id for d in findings.areas_to_develop()] == ["strategy"]
    assert ("strategy", STAFF) in findings.thin_scores()  # two staff respondents only


def test_dimensions_nobody_answered_have_no_score_and_are_not_ranked():
    findings = needs_findings(NeedsAnalysis(responses=[response("a", STAFF, strategy_1=5)]), TOOL)
    assert findings.dimension("digital").overall.mean is None
    assert [d.id for d in findings.ranked()] == ["strategy"]


# --- identity and length: nothing lost, nothing doubled ------------------------------------------------


def _statement_headers(count: int) -> list[str]:
    return [s.tr for d in TOOL.dimensions for s in d.statements][:count]


def test_a_corrected_re_export_of_a_google_form_updates_the_same_respondents(example, tmp_path):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.NEEDS, "Yeni form yanıtları")
    headers = ["Zaman damgası", *_statement_headers(3)]
    first = [
        headers,
        ["12.11.2026 10:01:07", "Katılıyorum", "Kararsızım", "Katılmıyorum"],
        ["12.11.2026 10:01:07", "Katılıyorum", "Katılıyorum", "Katılıyorum"],  # two people in one second
        ["12.11.2026 11:30:55", "Hiç katılmıyorum", "Kararsızım", "Katılıyorum"],
    ]
    before = len(svc.show_stage(TEAM, SLUG, Stage.NEEDS).content["responses"])
    done = import_survey(TEAM, SLUG, write_csv(tmp_path / "form.csv", first), CIVIC)
    assert (done.added, done.updated, done.identity) == (3, 0, "timestamp")
    corrected = [row[:] for row in first]
    corrected[3][1] = "Katılıyorum"  # one answer corrected in the form, exported again
    again = import_survey(TEAM, SLUG, write_csv(tmp_path / "form-2.csv", corrected), CIVIC)
    assert (again.added, again.updated) == (0, 3)
    responses = svc.show_stage(TEAM, SLUG, Stage.NEEDS).content["responses"]
    assert len(responses) == before + 3
    third = next(r for r in responses if r["respondent"] == "12.11.2026 11:30:55")
    assert third["answers"][S1.id] == 4


def test_a_long_respondent_id_is_refused_with_row_and_column_never_cut_short(tmp_path):
    long_a, long_b = "kurum-" + "a" * 230 + "-1", "kurum-" + "a" * 230 + "-2"  # share their first 200
    path = write_csv(
        tmp_path / "uzun.csv",
        [["Yanıtlayan", S1.tr], [long_a, "Katılıyorum"], [long_b, "Katılmıyorum"], ["kisa-3", "Katılıyorum"]],
    )
    survey = read_survey(path, STAFF, TOOL)
    assert [(p.row, p.column, p.reason) for p in survey.problems] == [
        (2, "Yanıtlayan", "too_long"),
        (3, "Yanıtlayan", "too_long"),
    ]
    assert "200 karakterden uzun" in survey.problems[0].text("tr")
    assert all(len(r.respondent) <= 200 for r in survey.responses)


def test_respondents_are_told_apart_by_their_e_mail_and_by_row_when_nothing_else_is_there(tmp_path):
    by_mail = write_csv(
        tmp_path / "eposta.csv",
        [["Zaman damgası", "E-posta adresi", S1.tr], ["01.11.2026 10:00:00", "ayse@ornekkoy.bel.tr", "4"],
         ["01.11.2026 10:05:00", "", "3"]],
    )  # fmt: skip
    survey = read_survey(by_mail, STAFF, TOOL)
    assert survey.identity == "respondent"
    assert [r.respondent for r in survey.responses] == ["ayse@ornekkoy.bel.tr", "01.11.2026 10:05:00"]
    plain = read_survey(write_csv(tmp_path / "duz.csv", [[S1.tr], ["4"], ["2"]]), STAFF, TOOL)
    assert plain.identity == "row" and [r.respondent for r in plain.responses] == ["#2", "#3"]


def test_a_row_refused_by_a_field_rule_gives_the_reason_in_the_readers_words_not_the_librarys(tmp_path):
    from roadmap.domain.content import Stakeholder
    from roadmap.imports.files import rows_to_models

    rows = [
        (4, {"name": "Ö" * 250, "type": "ngo"}),
        (7, {"name": "Kadın Kooperatifi", "type": "ngo", "power": "onyedi"}),
    ]
    with pytest.raises(InvalidInput) as refused:
        rows_to_models(tmp_path / "paydaslar.csv", rows, Stakeholder)
    turkish, english = refused.value.render("tr"), refused.value.render("en")
    assert "satır 4, alan 'name': En çok 200 karakter olabilir." in turkish
    assert "satır 7, alan 'power': Bir sayı yazın." in turkish
    assert "Can be at most 200 characters." in english and "Write a number." in english
    assert "String should have" not in english + turkish and "Input should be" not in english + turkish
