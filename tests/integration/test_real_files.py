"""Files as Turkish municipal staff really make them: title rows, merged headers, synonyms, typing.

Each file here is built the way a program or a person produces it (Google Forms' export, Excel's
Turkish CSV with ';' and cp1254, an .xlsx with a merged and frozen title, a typed sign-in sheet), and
is either imported as its author meant or refused with the row, the column and a reason a person can
act on, with nothing half-stored.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CONSULTANT, SLUG, TEAM
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from roadmap.domain.catalogues import focus_catalogue, instrument
from roadmap.domain.content import RespondentGroup
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, RoadmapError
from roadmap.imports.attendance import read_attendance
from roadmap.imports.files import ImportMapping, read_table
from roadmap.imports.matching import Vocabulary
from roadmap.imports.stakeholders import focus_keys, read_stakeholders
from roadmap.imports.survey import read_survey
from roadmap.services import stages as svc
from roadmap.services.consultations import import_attendance
from roadmap.services.needs import import_survey
from roadmap.services.stakeholders import import_stakeholders

TOOL = instrument()
S1, S2 = TOOL.dimensions[0].statements[:2]
S3 = TOOL.dimensions[1].statements[0]
FOCUS = focus_keys(focus_catalogue(), {})
STAFF = RespondentGroup.STAFF


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return path


# --- surveys ---------------------------------------------------------------------------------------


def test_google_forms_turkish_export_with_a_grid_directorate_free_text_and_skipped_answers(tmp_path):
    question = "Aşağıdaki ifadelere ne ölçüde katılıyorsunuz?"
    path = write_csv(
        tmp_path / "Personel Anketi (Yanıtlar) - Form Yanıtları 1.csv",
        [
            [
                "Zaman damgası",
                "Müdürlüğünüz",
                f"{question} [{S1.tr}]",
                f"{question} [{S2.tr}]",
                f"{question} [{S3.tr}]",
                "Eklemek istedikleriniz",
            ],
            [
                "06.10.2026 09:12:04",
                "Fen İşleri Müdürlüğü",
                "Katılıyorum",
                "",
                "4",
                "Teşekkürler,\niyi çalışmalar",
            ],
            ["06.10.2026 09:49:31", "Strateji Geliştirme", "Kesinlikle katılıyorum", "Kararsızım", "", ""],
            ["06.10.2026 10:02:55", "Fen İşleri Müdürlüğü", "", "", "", ""],  # opened and sent empty
            ["06.10.2026 10:15:40", "Kültür ve Sosyal İşler", "Hiç katılmıyorum", "2", "Fikrim yok", "Yok"],
        ],
    )
    survey = read_survey(path, STAFF, TOOL)
    assert survey.problems == []
    assert [(r.directorate, r.answers) for r in survey.responses] == [
        ("Fen İşleri Müdürlüğü", {S1.id: 4, S2.id: None, S3.id: 4}),
        ("Strateji Geliştirme", {S1.id: 5, S2.id: 3, S3.id: None}),
        ("Kültür ve Sosyal İşler", {S1.id: 1, S2.id: 2, S3.id: None}),
    ]
    assert survey.empty_rows == [4]  # the spreadsheet's row: the line break in row 2 is still row 2
    assert survey.notes.ignored_columns == ["Eklemek istedikleriniz"]
    assert survey.identity == "timestamp"


def test_turkish_excel_csv_with_a_title_row_and_a_trailing_semicolon(tmp_path):
    path = tmp_path / "anket.csv"
    lines = [
        "Örnekköy Belediyesi Personel Anketi;;;;",
        ";;;;",
        f"Sıra;Müdürlük;{S1.tr};{S2.tr};",
        "1;Fen İşleri;4;5;",
        "2;Zabıta;3,0;onyedi;",
        "3;Zabıta;üç;2;",
    ]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1254"))
    table = read_table(path)
    assert table.dropped == ["E"]  # the empty column the trailing ';' makes
    survey = read_survey(path, STAFF, TOOL)
    # The title is skipped (not "an unknown column", and no "duplicate respondent" on every row);
    # "onyedi" is a number but no answer on a 1–5 scale, and says so with its row and column.
    assert [(p.row, p.column, p.reason, p.detail) for p in survey.problems] == [
        (5, S2.tr, "out_of_range", "onyedi")
    ]
    assert (survey.notes.header_row, survey.notes.skipped_rows) == (3, [1])
    fixed = path.with_name("anket-duzeltilmis.csv")
    fixed.write_bytes(path.read_bytes().replace("onyedi".encode("cp1254"), b"4"))
    survey = read_survey(fixed, STAFF, TOOL)
    assert survey.problems == []
    assert [r.answers[S1.id] for r in survey.responses] == [4, 3, 3]  # "3,0" and "üç" are 3
    assert {r.directorate for r in survey.responses} == {"Fen İşleri", "Zabıta"}


def test_a_column_of_answers_near_a_statement_asks_did_you_mean(tmp_path):
    typo = S1.tr.replace("somut", "somt").replace("hedefler", "hedefeler")
    path = write_csv(tmp_path / "a.csv", [["Zaman damgası", typo, "Notlar"], ["1.1.2026 10:00", "4", "iyi"]])
    (problem,) = read_survey(path, STAFF, TOOL).problems
    assert (problem.column, problem.reason) == (typo, "did_you_mean_statement")
    assert S1.tr in problem.text("tr") and "Şunu mu demek istediniz" in problem.text("tr")
    assert "Did you mean" in problem.text("en")


def test_bad_characters_in_a_survey_cell_are_refused_with_row_and_column(tmp_path, example):
    path = write_csv(
        tmp_path / "kirli.csv",
        [
            ["Katılımcı No", "Kurumunuz", S1.tr],
            ["P1", "Dernek\x0bAdı", "4"],
            ["P2", "İyi Dernek", "5"],
        ],
    )
    survey = read_survey(path, STAFF, TOOL)
    assert [(p.row, p.column) for p in survey.problems] == [(2, "Kurumunuz")]
    assert "Beklenmeyen" not in survey.problems[0].text("tr")
    version = svc.show_stage(TEAM, SLUG, Stage.NEEDS).version
    with pytest.raises(InvalidInput, match="hiçbir şey kaydedilmedi"):
        import_survey(TEAM, SLUG, path, STAFF)
    assert svc.show_stage(TEAM, SLUG, Stage.NEEDS).version == version


# --- stakeholder lists ----------------------------------------------------------------------------


def test_stakeholder_list_with_synonym_headers_and_shortened_focus_areas(tmp_path):
    path = tmp_path / "paydaslar.csv"
    path.write_bytes(
        (
            "KURULUŞ;TÜRÜ;ETKİ DÜZEYİ;İLGİ DÜZEYİ;İLGİLENDİĞİ ALANLAR;Adres\r\n"
            "Örnekköy Gençlik Derneği;Dernek;Orta;Çok yüksek;Gençlik Meclisi\r\n"
            "Kadın Kooperatifi;Kooperatif;2;dört;Kadın Meclisi; Gönüllülük\r\n"
            "ÖRNEKKÖY KENT KONSEYİ;Kent Konseyi;Yüksek;Yüksek;Kent konseyinin güçlendirilmesi;Merkez\r\n"
        ).encode("cp1254")
    )
    parsed = read_stakeholders(path, FOCUS)
    assert parsed.problems == []
    assert [(s.name, s.type.value, s.power, s.interest, s.focus_areas) for _, s in parsed.stakeholders] == [
        ("Örnekköy Gençlik Derneği", "cso", 3, 5, ["genclik-meclisi"]),
        ("Kadın Kooperatifi", "social_enterprise", 2, 4, ["kadin-meclisi"]),
        ("ÖRNEKKÖY KENT KONSEYİ", "kent_konseyi", 4, 4, ["kent-konseyi"]),
    ]
    assert parsed.notes.ignored_columns == ["Adres"]
    assert (2, "İLGİLENDİĞİ ALANLAR", "Gençlik Meclisi", "Gençlik meclisi ve gençlerin katılımı") in (
        parsed.notes.near_values
    )


def test_a_focus_area_that_could_be_two_asks_which_one(tmp_path):
    path = write_csv(
        tmp_path / "p.csv", [["Ad", "Tür", "Odak alanları"], ["Bir Dernek", "STK", "Meclisi ve"]]
    )
    (problem,) = read_stakeholders(path, FOCUS).problems
    assert (problem.row, problem.column, problem.reason) == (2, "Odak alanları", "unknown_focus")
    text = problem.text("tr")
    assert "Şunu mu demek istediniz" in text and "meclisi" in text.lower()


def test_a_near_miss_header_is_read_and_said_a_far_one_asks(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["Kuruluş adı", "Türü", "Etki düzyi"], ["Bir Dernek", "STK", "3"]])
    parsed = read_stakeholders(path, FOCUS)
    assert parsed.problems == [] and parsed.stakeholders[0][1].power == 3
    assert parsed.notes.near_columns == {"Etki düzyi": "Etki düzeyi"}
    path = write_csv(tmp_path / "q.csv", [["Ad", "Tür", "İlginin düzeyi"], ["Bir Dernek", "STK", "3"]])
    problems = read_stakeholders(path, FOCUS).problems
    assert [(p.column, p.reason) for p in problems] == [("İlginin düzeyi", "did_you_mean")]
    assert "İlgi düzeyi" in problems[0].text("tr")


def test_a_mapping_file_fixes_headers_and_values_without_editing_the_file(tmp_path, example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Yeni paydaşlar eklenecek.")
    path = write_csv(
        tmp_path / "liste.csv",
        [["Kurumun Unvanı", "Grubu", "Odak"], ["Gençlik Platformu", "STK", "Gençlik"]],
    )
    with pytest.raises(InvalidInput) as refused:
        import_stakeholders(TEAM, SLUG, path, dry_run=True)
    assert "'Kurumun Unvanı': bu sütun tanınmadı. Şunu mu demek istediniz: 'Kurumun adı'?" in (
        "\n".join(refused.value.details("tr"))
    )
    mapping = tmp_path / "eslestirme.yaml"
    mapping.write_text(
        "columns:\n  Kurumun Unvanı: name\n  Grubu: type\nvalues:\n  focus_areas:\n    Gençlik: genclik-meclisi\n",
        encoding="utf-8",
    )
    result = import_stakeholders(TEAM, SLUG, path, mapping=mapping)
    assert result.added == 1
    (stored,) = [
        s
        for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]
        if s["name"] == "Gençlik Platformu"
    ]
    assert stored["focus_areas"] == ["genclik-meclisi"]


def test_xlsx_with_a_merged_frozen_title_and_merged_group_headers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Örnekköy Belediyesi Paydaş Analizi 2026"
    sheet.merge_cells("A1:E1")
    sheet["A2"], sheet["C2"] = "Kuruluş bilgileri", "Değerlendirme"
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.append(["Kuruluş", "Türü", "Güç", "İlgi", "Odak alanları"])
    sheet.append(["Esnaf Odası", "Özel sektör", 4, 2, "Katılımcı bütçeleme"])
    sheet.append(["Mahalle Derneği", "STK", 2, 5, None])
    sheet["A6"] = "Muhtarlar"  # a type merged over two rows: both rows have it
    sheet.merge_cells("B6:B7")
    sheet["B6"], sheet["C6"], sheet["D6"] = "Muhtarlık", 3, 4
    sheet["A7"], sheet["C7"], sheet["D7"] = "Yeni Mahalle Muhtarlığı", 3, 4
    sheet.freeze_panes = "A4"
    book.save(tmp_path / "paydas.xlsx")
    parsed = read_stakeholders(tmp_path / "paydas.xlsx", FOCUS)
    assert parsed.problems == []
    assert [(n, s.name, s.type.value) for n, s in parsed.stakeholders] == [
        (4, "Esnaf Odası", "private"),
        (5, "Mahalle Derneği", "cso"),
        (6, "Muhtarlar", "muhtar"),
        (7, "Yeni Mahalle Muhtarlığı", "muhtar"),
    ]
    assert (parsed.notes.header_row, parsed.notes.skipped_rows) == (3, [1, 2])
    assert "Başlık satırı 3. satırda" in parsed.notes.messages()[0].render("tr")


def test_a_bad_list_names_the_spreadsheet_row_after_a_cell_with_line_breaks(tmp_path, example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Yeni paydaşlar eklenecek.")
    version = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version
    path = write_csv(
        tmp_path / "p.csv",
        [
            ["Ad", "Tür", "Notlar"],
            ["Bir Dernek", "STK", "İlk satır\nikinci satır\nüçüncü"],
            ["İki", "uzaylı", ""],
        ],
    )
    with pytest.raises(InvalidInput) as refused:
        import_stakeholders(TEAM, SLUG, path)
    assert "Satır 3" in refused.value.details("tr")[0]
    assert svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version == version


# --- sign-in sheets -------------------------------------------------------------------------------


def test_typed_sign_in_sheet_with_capital_turkish_names_and_ages_in_words(tmp_path):
    path = write_csv(
        tmp_path / "imza.csv",
        [
            ["KATILIM LİSTESİ - GENÇLİK ÇALIŞTAYI", "", "", "", ""],
            ["SIRA NO", "ADI SOYADI", "KURUMU", "YAŞI", "CİNSİYETİ"],
            ["1", "AYŞE IŞIK", "ÖRNEKKÖY KENT KONSEYİ", "onyedi", "KADIN"],
            ["2", "İSMAİL ÇİFTÇİ", "", "17 yaş", "ERKEK"],
            ["3", "ŞÜKRÜ ÖZ", "Esnaf Odası", "kırk iki", "Erkek"],
            ["4", "GÜL ŞEN", "", "29,0", "K"],
        ],
    )
    sheet = read_attendance(path, FOCUS)
    assert sheet.problems == []
    assert [p.name for p in sheet.people] == ["AYŞE IŞIK", "İSMAİL ÇİFTÇİ", "ŞÜKRÜ ÖZ", "GÜL ŞEN"]
    assert [p.youth for p in sheet.people] == [True, True, False, True]
    assert [p.woman for p in sheet.people] == [True, False, False, True]
    assert sheet.notes.ignored_columns == ["SIRA NO"]
    assert sheet.notes.skipped_rows == [1]


def test_sign_in_sheet_reasons_are_in_the_readers_language_with_the_column(tmp_path):
    path = write_csv(
        tmp_path / "imza.csv",
        [
            ["Ad Soyad", "Yaş", "Onay"],
            ["Ayşe Kaya", "onyedilik", "Evet"],
            ["A" * 201, "20", "Evet"],
            ["Ali Veli", "30", "belki"],
            ["Zeynep\x07 Ak", "30", "Evet"],
        ],
    )
    problems = read_attendance(path, FOCUS).problems
    assert [(p.row, p.column) for p in problems] == [
        (2, "Yaş"),
        (3, "Ad Soyad"),
        (4, "Onay"),
        (5, "Ad Soyad"),
    ]
    turkish = [p.text("tr") for p in problems]
    english = [p.text("en") for p in problems]
    assert "yaş olarak okunamadı" in turkish[0] and "as an age" in english[0]
    assert "200" in turkish[1] and "String should" not in turkish[1] + english[1]
    assert "evet/hayır" in turkish[2]
    for text in turkish + english:
        assert "could not convert" not in text and "Value error" not in text


def test_a_bad_sign_in_sheet_through_the_service_stores_nothing(tmp_path, example):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Liste eklenecek.")
    version = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).version
    path = write_csv(
        tmp_path / "imza.csv",
        [["Ad Soyad", "Görüş"], ["Ayşe Kaya", "Gençlere yer\ufffe açılsın"], ["Ali Veli", "x" * 5000]],
    )
    with pytest.raises(InvalidInput) as refused:
        import_attendance(TEAM, SLUG, "T4", path)
    assert [line.split(":")[0] for line in refused.value.details("tr")] == [
        "Satır 2, sütun 'Görüş'",
        "Satır 3, sütun 'Görüş'",
    ]
    assert svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).version == version


# --- any text in any cell -------------------------------------------------------------------------

CELL = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["\x00", "\x0b", "\ufffe", "\uffff", "=1+1", "onyedi", "3,0", "", "Evet", "Kadın", "x" * 300]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(CELL, min_size=4, max_size=4), min_size=1, max_size=4))
def test_any_cell_is_read_or_refused_never_a_crash(tmp_path, cells):
    headers = {
        "survey": ["Katılımcı No", "Kurumunuz", S1.tr, S2.tr],
        "stakeholders": ["Ad", "Tür", "Güç", "Odak alanları"],
        "attendance": ["Ad Soyad", "Yaş", "Onay", "Görüş"],
    }
    readers = {
        "survey": lambda p: read_survey(p, STAFF, TOOL),
        "stakeholders": lambda p: read_stakeholders(p, FOCUS),
        "attendance": lambda p: read_attendance(p, FOCUS),
    }
    for kind, header in headers.items():
        path = tmp_path / f"{kind}.csv"
        try:
            with open(path, "w", newline="", encoding="utf-8", errors="surrogatepass") as handle:
                csv.writer(handle).writerows([header, *cells])
        except (UnicodeEncodeError, csv.Error):
            continue
        try:
            readers[kind](path)
        except RoadmapError as refused:  # a clear refusal of the whole file is fine; a crash is not
            assert refused.text("tr") and refused.text("en")


def test_vocabulary_takes_sure_matches_and_suggests_close_ones():
    types = Vocabulary.of([("Sivil toplum kuruluşu", "cso"), ("Kamu kurumu", "public")])
    assert types.match("SİVİL TOPLUM KURULUŞU").how == "exact"
    assert types.match("kurumu kamu").value == "public"
    assert types.match("Sivil toplum kurulşu").how == "near"
    assert types.match("Sivil toplum kurum").suggestions == ("Sivil toplum kuruluşu",)
    assert not types.match("Sivil toplum kurum").found
    assert not types.match("Uzay ajansı").suggestions
    mapped = ImportMapping(values={"type": {"Dernek": "STK"}})
    assert mapped.value("type", "DERNEK") == "STK" and mapped.value("type", "Vakıf") == "Vakıf"


def test_findings_by_directorate_group_its_spellings_and_hide_small_ones(tmp_path):
    from roadmap.analysis.needs import needs_findings
    from roadmap.domain.content import NeedsAnalysis

    rows = [["Zaman damgası", "Müdürlüğünüz", S1.tr]]
    spellings = ["Fen İşleri", "FEN İŞLERİ", "fen işleri", "Fen  İşleri", "Fen İşleri", "Fen İşleri"]
    rows += [[f"1.10.2026 10:0{i}", name, str(1 + i % 5)] for i, name in enumerate(spellings)]
    rows += [["1.10.2026 11:00", "Zabıta", "5"], ["1.10.2026 11:01", "Zabıta", "4"]]
    survey = read_survey(write_csv(tmp_path / "a.csv", rows), STAFF, TOOL)
    findings = needs_findings(NeedsAnalysis(responses=survey.responses), TOOL)
    (row,) = findings.directorates
    assert (row.directorate, row.respondents) == ("Fen İşleri", 6)
    assert row.dimensions[TOOL.dimensions[0].id].mean == round((1 + 2 + 3 + 4 + 5 + 1) / 6, 2)
    assert findings.directorates_hidden == 1  # Zabıta: two people, whose answers would be plain to see


HOSTILE = {
    "empty.csv": b"",
    "fake.xlsx": b"Ad,Tur\nx,y\n",
    "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
    "title-only.csv": "Örnekköy Belediyesi Anketi\n".encode(),
    "unclosed-quote.csv": b'Ad,T\xc3\xbcr\n"Dernek,STK\n',
    "huge-cell.csv": b"Ad,Tur\n" + b"a" * 200_000 + b",STK\n",
    "nul.csv": b"Ad,Tur\nx\x00y,STK\n",
    "utf16.csv": "Ad\tTür\nDernek\tSTK\n".encode("utf-16"),
    "3000-columns.csv": (
        ",".join(f"c{i}" for i in range(3000)) + "\n" + ",".join("1" * 3000) + "\n"
    ).encode(),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_odd_files_are_read_or_refused_by_every_importer_never_a_crash(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    for read in (
        lambda p: read_survey(p, STAFF, TOOL),
        lambda p: read_stakeholders(p, FOCUS),
        lambda p: read_attendance(p, FOCUS),
    ):
        try:
            read(path)
        except RoadmapError as refused:
            assert name in refused.text("tr") and name in refused.text("en")


def test_a_survey_file_with_no_statement_columns_says_so(tmp_path):
    path = write_csv(tmp_path / "liste.csv", [["Ad", "Tür"], ["Dernek", "STK"]])
    assert [p.reason for p in read_survey(path, STAFF, TOOL).problems] == ["no_statements"]


def test_a_survey_mapping_names_columns_and_answer_labels_of_ones_own(tmp_path):
    path = write_csv(
        tmp_path / "anket.csv",
        [["Zaman damgası", "Soru 1"], ["1.10.2026 10:00", "Çok katılıyorum"], ["1.10.2026 10:05", "2"]],
    )
    mapping = tmp_path / "eslestirme.yaml"
    mapping.write_text(
        f'columns: {{"Soru 1": {S1.id}}}\nvalues:\n  answers: {{"Çok katılıyorum": 5}}\n',
        encoding="utf-8",
    )
    from roadmap.imports.files import read_mapping

    survey = read_survey(path, STAFF, TOOL, read_mapping(mapping))
    assert survey.problems == [] and [r.answers[S1.id] for r in survey.responses] == [5, 2]
