"""The stakeholder map over time: re-assessment rounds after approval, each change with its reason,
earlier rounds and the approved map left as they were, suggestions from evidence, silent key
stakeholders flagged, and the grid's arrows in the Word chart."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from docx import Document
from test_releases import approve_all

from roadmap.domain.rounds import ScoreEntry
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, PermissionDenied, StaleVersion, TransitionRefused
from roadmap.render.rounds import write_rounds_document
from roadmap.services import stages as svc
from roadmap.services.bundle import export_bundle, import_bundle
from roadmap.services.rounds import open_round, reassess, stakeholder_rounds

Q1, Q2 = date(2027, 3, 20), date(2027, 6, 18)
STRATEGY, CULTURE, WORKS = "P1", "P6", "P8"  # Strateji Geliştirme (4/5), Kültür (3/3), Fen İşleri (4/2)


@pytest.fixture
def approved(example: Path) -> Path:
    """Örnekköy with its roadmap approved (stages 0–5)."""
    approve_all()
    return example


def first_round() -> None:
    reassess(
        TEAM,
        SLUG,
        "2027-Q1",
        [ScoreEntry(stakeholder=STRATEGY, power=5, interest=5, reason="Başkan yardımcılığına bağlandı")],
        today=Q1,
    )


def test_a_round_records_a_changed_score_with_its_reason_and_leaves_the_approved_map_as_it_was(approved):
    map_before = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    result = reassess(
        TEAM,
        SLUG,
        "2027-Q1",
        [
            ScoreEntry(stakeholder=STRATEGY, power=5, interest=5, reason="Başkan yardımcılığına bağlandı"),
            ScoreEntry(stakeholder="Kültür ve Sosyal İşler Müdürlüğü", power=3, interest=3),  # unchanged
        ],
        today=Q1,
    )
    assert result.opened and result.label == "2027-Q1" and result.recorded == 2
    assert [(m.code, tuple(m.before), tuple(m.after), m.reason) for m in result.moves] == [
        ("P1", (4, 5), (5, 5), "Başkan yardımcılığına bağlandı")
    ]
    map_after = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    assert (map_after.content, map_after.version, map_after.status) == (
        map_before.content,
        map_before.version,
        map_before.status,
    )
    trail = svc.audit_trail(TEAM, SLUG)
    assert any(a.action == "reassessed" and "Başkan yardımcılığına bağlandı" in a.comment for a in trail)


def test_a_changed_score_without_a_reason_is_refused_and_nothing_is_stored(approved):
    with pytest.raises(InvalidInput) as refused:
        reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=STRATEGY, power=2, interest=5)], today=Q1)
    assert refused.value.key == "rounds.reason_required"
    assert refused.value.details("tr") == [
        "P1 Strateji Geliştirme Müdürlüğü: puanı değişti ama gerekçesi yazılmadı"
    ]
    assert stakeholder_rounds(TEAM, SLUG).rounds == []  # not even the round it would have opened


def test_a_second_round_is_judged_against_the_first_which_stays_as_it_was(approved):
    first_round()
    kept = stakeholder_rounds(TEAM, SLUG).rounds[0]
    second = reassess(
        TEAM,
        SLUG,
        "2027-Q2",
        [
            ScoreEntry(stakeholder=STRATEGY, power=5, interest=5),  # as in the first round: no reason needed
            ScoreEntry(stakeholder=CULTURE, power=2, interest=4, reason="Kültür festivali için ortak arıyor"),
        ],
        today=Q2,
    )
    assert [(m.code, tuple(m.before), tuple(m.after)) for m in second.moves] == [("P6", (3, 3), (2, 4))]
    with pytest.raises(TransitionRefused) as closed:
        reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=STRATEGY, power=1, interest=1, reason="x")])
    assert closed.value.key == "rounds.not_latest"
    view = stakeholder_rounds(TEAM, SLUG)
    assert [r.label for r in view.rounds] == ["2027-Q1", "2027-Q2"]
    assert view.rounds[0] == kept  # the old round intact
    assert [m.code for m in view.moves["2027-Q1"]] == ["P1"]
    assert [m.code for m in view.moves["2027-Q2"]] == ["P6"]


def test_a_round_is_opened_once_per_quarter_or_on_demand_and_never_before_the_latest(approved):
    assert open_round(TEAM, SLUG, Q1).label == "2027-Q1"
    with pytest.raises(InvalidInput) as twice:
        open_round(TEAM, SLUG, date(2027, 2, 1))
    assert twice.value.text("tr") == "2027-Q1 turu zaten açık: puanları o tura girin."
    assert open_round(TEAM, SLUG, date(2027, 4, 9), on_demand=True).label == "2027-04-09"
    with pytest.raises(InvalidInput) as earlier:
        open_round(TEAM, SLUG, date(2027, 3, 30), on_demand=True)
    assert earlier.value.key == "rounds.before_latest"


def test_a_form_based_on_an_older_state_of_the_round_is_refused(approved):
    first_round()
    version = stakeholder_rounds(TEAM, SLUG).rounds[0].version
    reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=CULTURE, power=3, interest=3)], version=version)
    with pytest.raises(StaleVersion):
        reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=WORKS, power=4, interest=2)], version=version)


def test_rounds_wait_for_the_approved_map_and_a_consultant_reads_them_without_recording(example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Gençlik kulüpleri eksik")
    with pytest.raises(TransitionRefused) as waiting:
        open_round(TEAM, SLUG, Q1)
    assert (
        waiting.value.text("en")
        == "Re-assessment rounds open once the stakeholder map (stage 3) is approved."
    )
    assert stakeholder_rounds(CONSULTANT, SLUG).approved is False
    with pytest.raises(PermissionDenied):
        reassess(CONSULTANT, SLUG, "2027-Q1", [])


def test_evidence_suggests_a_higher_score_with_its_reason_in_words(approved):
    view = stakeholder_rounds(TEAM, SLUG, today=Q1)
    club = "Örnekköy Üniversitesi Gönüllülük Kulübü"  # at the youth workshop, a partner of action 2.1
    youth = {s.field: s for s in view.suggestions if s.name == club}
    assert (youth["interest"].current, youth["interest"].suggested) == (4, 5)
    said = " ".join(r.render("tr") for r in youth["interest"].reasons)
    assert "1 toplantıya katıldı (Gençlik çalıştayı" in said
    assert "1 görüş iletti. 2.1 eyleminin ortağı." in said
    assert (youth["power"].current, youth["power"].suggested) == (2, 3)
    assert " ".join(r.render("en") for r in youth["power"].reasons) == "Partner of action 2.1."
    # Scored again as it was, the suggestion stands; kept with the team's reason, it is answered.
    reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=club, power=2, interest=4)], today=Q1)
    assert [s.field for s in stakeholder_rounds(TEAM, SLUG).suggestions if s.name == club] == [
        "interest",
        "power",
    ]
    kept = ScoreEntry(stakeholder=club, power=2, interest=4, reason="Kulüp dönem sonunda kapanıyor")
    reassess(TEAM, SLUG, "2027-Q1", [kept])
    assert not [s for s in stakeholder_rounds(TEAM, SLUG).suggestions if s.name == club]


def test_a_key_stakeholder_without_contact_for_two_quarters_is_flagged(approved):
    first_round()
    assert WORKS not in [
        f.code for f in stakeholder_rounds(TEAM, SLUG, today=Q1).flags
    ]  # one quarter: not yet
    reassess(TEAM, SLUG, "2027-Q2", [ScoreEntry(stakeholder=CULTURE, contact=True)], today=Q2)
    flags = {f.code: f for f in stakeholder_rounds(TEAM, SLUG).flags}
    works = flags[WORKS]
    assert (works.name, works.last_contact, works.silent) == (
        "Fen İşleri Müdürlüğü",
        None,
        ["2027-Q1", "2027-Q2"],
    )
    assert CULTURE not in flags  # a contact logged in the round
    assert flags["P3"].last_contact == date(2026, 11, 3)  # a meeting before the roadmap began
    monitor = [
        s for s in stakeholder_rounds(TEAM, SLUG).stakeholders if (s.power or 0) < 3 and (s.interest or 0) < 3
    ]
    assert not {s.name for s in monitor} & {f.name for f in flags.values()}  # "monitor" is never flagged


def test_the_word_chart_of_a_round_draws_an_arrow_for_each_move(approved, tmp_path):
    first_round()
    reassess(
        TEAM,
        SLUG,
        "2027-Q2",
        [
            ScoreEntry(stakeholder=CULTURE, power=2, interest=4, reason="Festival"),
            ScoreEntry(stakeholder=WORKS, power=5, interest=3, reason="Kentsel dönüşüm projesi"),
        ],
        today=Q2,
    )
    path = write_rounds_document(stakeholder_rounds(TEAM, SLUG), "2027-Q2", "tr", tmp_path / "tur.docx")
    document = Document(io.BytesIO(path.read_bytes()))
    charts = [p for p in document.part.package.iter_parts() if p.partname.startswith("/word/charts/chart")]
    assert len(charts) == 1
    xml = charts[0].blob.decode("utf-8")
    assert xml.count("<a:tailEnd") == 2  # two moves, two arrows
    assert "Önceki turdan değişim" in xml  # named once in the legend
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Kentsel dönüşüm projesi" in cells and "4 / 2" in cells and "5 / 3" in cells


def test_the_rounds_travel_in_a_backup_and_come_back_as_they_were(approved, tmp_path):
    first_round()
    reassess(TEAM, SLUG, "2027-Q2", [ScoreEntry(stakeholder=CULTURE, contact=True)], today=Q2)
    before = stakeholder_rounds(TEAM, SLUG, today=Q2)
    export_bundle(COORDINATOR, SLUG, tmp_path / "yedek.json")
    assert import_bundle(COORDINATOR, tmp_path / "yedek.json", replace=True) == [SLUG]
    after = stakeholder_rounds(TEAM, SLUG, today=Q2)
    assert after.rounds == before.rounds and after.flags == before.flags
    assert after.moves["2027-Q1"][0].reason == "Başkan yardımcılığına bağlandı"


def test_a_contact_logged_in_a_round_stays_until_the_form_unticks_it(approved):
    reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=WORKS, contact=True)], today=Q1)
    reassess(
        TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=WORKS, power=4, interest=2)]
    )  # as the CLI's --set
    works = stakeholder_rounds(TEAM, SLUG).rounds[0].scores
    assert next(iter(works.values())).contact
    reassess(
        TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=WORKS, power=4, interest=2, contact=False)]
    )  # the page
    assert not next(iter(stakeholder_rounds(TEAM, SLUG).rounds[0].scores.values())).contact


def test_a_score_changed_earlier_in_the_round_keeps_its_reason_when_a_contact_is_logged(approved):
    first_round()
    reassess(TEAM, SLUG, "2027-Q1", [ScoreEntry(stakeholder=STRATEGY, contact=True)])  # --contact P1
    view = stakeholder_rounds(TEAM, SLUG)
    assert [(m.code, m.reason) for m in view.moves["2027-Q1"]] == [("P1", "Başkan yardımcılığına bağlandı")]
