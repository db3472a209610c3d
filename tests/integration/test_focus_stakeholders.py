"""Focus area ranking with reasons, and a stakeholder register people can trust."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import CONSULTANT, SLUG, TEAM
from openpyxl import Workbook

from roadmap.analysis.focus import rank_focus_areas
from roadmap.analysis.needs import needs_findings
from roadmap.analysis.stakeholders import (
    Quadrant,
    duplicate_groups,
    merge_register,
    quadrant,
    register_warnings,
)
from roadmap.domain.catalogues import focus_catalogue, instrument
from roadmap.domain.content import (
    FocusAreas,
    FocusCandidate,
    FocusWeights,
    NeedsAnalysis,
    RespondentGroup,
    Stakeholder,
    SurveyResponse,
)
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput
from roadmap.explain import focus_reason
from roadmap.imports.stakeholders import focus_keys, read_stakeholders
from roadmap.services import stages as svc
from roadmap.services.stakeholders import import_stakeholders

# --- focus areas ----------------------------------------------------------------------------------

FINDINGS = needs_findings(
    NeedsAnalysis(
        responses=[
            SurveyResponse(
                respondent="a", group=RespondentGroup.STAFF, answers={"strategy_1": 2, "transparency_1": 4}
            ),
            SurveyResponse(
                respondent="b", group=RespondentGroup.CIVIC, answers={"strategy_2": 2, "transparency_2": 4}
            ),
        ]
    ),
    instrument(),
)
X = FocusCandidate(
    code="xx",
    title="Plan odaklı alan",
    dimensions=["strategy"],
    strategic_goal="SP A1",
    local_priority=5,
    feasibility=3,
    selected=True,
    justification="Gerekçe",
)
Y = FocusCandidate(
    code="yy", title="Kolay alan", dimensions=["transparency"], local_priority=3, feasibility=5
)


def test_ranking_matches_the_score_worked_out_by_hand():
    # X: need (5−2)/4 = .75, plan 1, local (5−1)/4 = 1, feasibility .5 → .4·.75 + .2 + .2 + .1 = .80
    # Y: need (5−4)/4 = .25, plan 0, local .5, feasibility 1 → .1 + 0 + .1 + .2 = .40
    ranked = rank_focus_areas(FocusAreas(candidates=[Y, X]), {}, FINDINGS, "tr")
    assert [(r.code, r.rank, r.score) for r in ranked] == [("xx", 1, 80.0), ("yy", 2, 40.0)]
    assert ranked[0].need_mean == 2.0


def test_weights_the_team_sets_change_the_order():
    weights = FocusWeights(need=0, strategy=0, local=0, feasibility=1)
    ranked = rank_focus_areas(FocusAreas(candidates=[X, Y], weights=weights), {}, FINDINGS, "tr")
    assert [(r.code, r.score) for r in ranked] == [("yy", 100.0), ("xx", 50.0)]


def test_all_zero_weights_are_refused():
    with pytest.raises(ValueError, match="sıfırdan büyük"):
        FocusWeights(need=0, strategy=0, local=0, feasibility=0)


def test_rank_is_explained_in_words():
    ranked = rank_focus_areas(FocusAreas(candidates=[X]), {}, FINDINGS, "tr")[0]
    assert focus_reason(ranked, FocusWeights(), "tr") == (
        "ilgili boyutların ortalaması 2,00 (yüksek ihtiyaç); stratejik planla bağlantılı (SP A1); "
        "yerel öncelik 5/5; uygulanabilirlik 3/5. Puanı en çok ihtiyaç analizindeki gelişim ihtiyacı belirledi."
    )
    assert "the dimensions it addresses average 2.00 (high need)" in focus_reason(
        ranked, FocusWeights(), "en"
    )


def test_catalogue_areas_take_their_dimensions_from_the_catalogue():
    catalogue = focus_catalogue()
    assert len(catalogue) >= 12
    assert all(a.actions("tr") and a.indicators("en") and a.dimensions for a in catalogue.values())
    ranked = rank_focus_areas(
        FocusAreas(candidates=[FocusCandidate(code="katilim-kapasitesi")]), catalogue, FINDINGS, "tr"
    )
    assert ranked[0].title == "Katılım kültürü ve kurumsal kapasite" and ranked[0].need_mean == 2.0


# --- stakeholder import ---------------------------------------------------------------------------

KEYS = focus_keys(focus_catalogue(), {})


def write(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def test_turkish_headers_in_any_casing_and_word_ratings(tmp_path):
    path = write(
        tmp_path / "paydaslar.csv",
        [
            ["AD", "TÜR", "GÜÇ", "İLGİ", "ODAK ALANLARI", "KATILIM DÜZEYİ", "E-POSTA"],
            [
                "Nilüfer Kent Konseyi",
                "Kent konseyi",
                "yüksek",
                "Çok yüksek",
                "Kent konseyinin güçlendirilmesi; e-katilim",
                "İşbirliği",
                "Bilgi@Nilufer.Example.org",
            ],
        ],
        ";",
        "cp1254",
    )
    parsed = read_stakeholders(path, KEYS)
    assert parsed.problems == []
    ((_, s),) = parsed.stakeholders
    assert (s.type.value, s.power, s.interest, s.level.value) == ("kent_konseyi", 4, 5, "collaborate")
    assert s.focus_areas == ["kent-konseyi", "e-katilim"] and s.email == "bilgi@nilufer.example.org"


def test_english_headers_and_xlsx(tmp_path):
    book = Workbook()
    book.active.append(["Name", "Type", "Power", "Interest", "Level", "Focus areas"])
    book.active.append(
        ["Youth Association", "CSO", 2, "high", "involve", "Youth council and youth participation"]
    )
    book.save(tmp_path / "list.xlsx")
    ((_, s),) = read_stakeholders(tmp_path / "list.xlsx", KEYS).stakeholders
    assert (s.name, s.type.value, s.power, s.interest, s.focus_areas) == (
        "Youth Association",
        "cso",
        2,
        4,
        ["genclik-meclisi"],
    )


@pytest.mark.parametrize(
    "header, value, reason",
    [
        ("tür", "uzaylı", "bad_type"),
        ("güç", "9", "bad_rating"),
        ("ilgi", "bazen", "bad_rating"),
        ("odak alanları", "Uzay yolculuğu", "unknown_focus"),
        ("katılım düzeyi", "emir", "bad_level"),
        ("e-posta", "kayıp@", "bad_email"),
        ("ad", "", "missing_name"),
    ],
)
def test_each_bad_value_is_refused_with_row_and_column(tmp_path, header, value, reason):
    row = {
        "ad": "Deneme Derneği",
        "tür": "STK",
        "güç": "3",
        "ilgi": "3",
        "odak alanları": "",
        "katılım düzeyi": "",
        "e-posta": "",
    }
    row[header] = value
    parsed = read_stakeholders(write(tmp_path / "p.csv", [list(row), list(row.values())]), KEYS)
    assert [(p.row, p.column, p.reason) for p in parsed.problems] == [(2, header, reason)]


def test_unknown_and_missing_columns_are_refused(tmp_path):
    parsed = read_stakeholders(write(tmp_path / "p.csv", [["ad", "renk"], ["Deneme", "mavi"]]), KEYS)
    assert [(p.column, p.reason, p.detail) for p in parsed.problems] == [(None, "missing_column", "Tür")]
    assert parsed.notes.ignored_columns == ["renk"]  # not needed: ignored and said, not a refusal


# --- duplicates -----------------------------------------------------------------------------------


def s(name: str, **fields) -> Stakeholder:
    return Stakeholder(name=name, type=fields.pop("type", "cso"), **fields)


def test_turkish_name_variants_email_and_phone_are_recognised_as_duplicates():
    register = [
        s("Nilüfer Kent Konseyi", type="kent_konseyi"),
        s("NİLÜFER KENT KONSEYİ", type="kent_konseyi"),
        s("Nilufer Kent Konseyi", type="kent_konseyi"),
        s("Gençlik Derneği", email="Bilgi@Genclik.org"),
        s("Genç Gelecek Derneği", email="bilgi@genclik.org "),
        s("Muhtarlık", type="muhtar", phone="0 (224) 555 10 10"),
        s("Cumhuriyet Mahallesi Muhtarlığı", type="muhtar", phone="+90 224 555 1010"),
        s("Başka Dernek"),
    ]
    assert duplicate_groups(register) == [[0, 1, 2], [3, 4], [5, 6]]


def test_duplicates_are_reported_and_merged_only_on_request():
    existing = [s("Nilüfer Kent Konseyi", type="kent_konseyi", power=4)]
    incoming = [(2, s("NİLÜFER KENT KONSEYİ", type="kent_konseyi", interest=5, contact_person="Hakan Bey"))]
    kept = merge_register(existing, incoming, merge_duplicates=False)
    assert [x.name for x in kept.stakeholders] == ["Nilüfer Kent Konseyi", "NİLÜFER KENT KONSEYİ"]
    assert [(d.row, d.like, d.merged) for d in kept.duplicates] == [(2, "Nilüfer Kent Konseyi", False)]
    merged = merge_register(existing, incoming, merge_duplicates=True)
    (only,) = merged.stakeholders
    assert (only.name, only.power, only.interest, only.contact_person) == (
        "Nilüfer Kent Konseyi",
        4,
        5,
        "Hakan Bey",
    )


# --- quadrants and warnings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "power, interest, expected",
    [
        (3, 3, Quadrant.MANAGE_CLOSELY),
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (5, 2, Quadrant.KEEP_SATISFIED),
        (2, 5, Quadrant.KEEP_INFORMED),
        (2, 2, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrant_rules(power, interest, expected):
    assert quadrant(power, interest) == expected


def test_warnings_a_team_should_see():
    focus = FocusAreas(candidates=[FocusCandidate(code="e-katilim", title="E-katılım", selected=True)])
    register = [
        s("Bilgi İşlem Müdürlüğü", type="directorate", focus_areas=["e-katilim"]),
        s("Valilik", type="public", power=5, interest=4, level="inform"),
    ]
    keys = [w.key for w in register_warnings(register, focus, {"e-katilim": "E-katılım"})]
    assert keys == ["no_external", "key_player_informed", "no_cso", "no_youth", "no_women"]
    register += [s("Kadın Dayanışma Derneği", focus_areas=["e-katilim"]), s("Gençlik Kulübü")]
    assert [w.key for w in register_warnings(register, focus, {})] == ["key_player_informed"]


# --- the import as a use case ---------------------------------------------------------------------


@pytest.fixture
def reopened(example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Yeni paydaşlar eklenecek.")
    return example


def names() -> list[str]:
    return [x["name"] for x in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]]


def test_reimporting_a_list_changes_nothing_and_a_bad_list_stores_nothing(reopened, tmp_path):
    good = write(
        tmp_path / "ek.csv",
        [
            ["ad", "tür", "güç", "ilgi"],
            ["Yeni Dernek", "STK", "2", "4"],
            ["ÖRNEKKÖY GENÇLİK DERNEĞİ", "STK", "2", "5"],
        ],
    )
    before = len(names())
    first = import_stakeholders(TEAM, SLUG, good)
    second = import_stakeholders(TEAM, SLUG, good)
    assert (first.added, first.updated, [d.like for d in first.duplicates]) == (
        2,
        0,
        ["Örnekköy Gençlik Derneği"],
    )
    assert (second.added, second.updated) == (0, 2)
    assert len(names()) == before + 2
    version = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version
    bad = write(
        tmp_path / "bozuk.csv", [["ad", "tür", "güç"], ["Bir Dernek", "STK", "3"], ["İki", "bilinmez", "3"]]
    )
    with pytest.raises(InvalidInput, match="hiçbir şey kaydedilmedi"):
        import_stakeholders(TEAM, SLUG, bad)
    assert svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version == version


def test_merge_on_request_and_dry_run(reopened, tmp_path):
    path = write(
        tmp_path / "ek.csv", [["ad", "tür", "telefon"], ["Ornekkoy Genclik Dernegi", "STK", "0532 555 30 01"]]
    )
    before = names()
    dry = import_stakeholders(TEAM, SLUG, path, dry_run=True, merge_duplicates=True)
    assert dry.merged == 1 and not dry.stored and names() == before
    import_stakeholders(TEAM, SLUG, path, merge_duplicates=True)
    assert names() == before
