"""A backup keeps the support ledger: a bundle restored elsewhere has the same "support received" table
in its roadmap document, and the applications with their reviews and decision."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import COORDINATOR, SLUG, TEAM, use_data_dir
from docx import Document
from test_document import content_text
from test_support_programme import SECOND, open_call, scores  # noqa: F401

from roadmap.domain.support import ApplicationStatus, SupportKind
from roadmap.pipeline import build_roadmap_document
from roadmap.services.actors import list_actors
from roadmap.services.bundle import export_bundle, import_bundle
from roadmap.services.matchmaking import introduce, introductions
from roadmap.services.support import apply_for_support, list_calls, support_applications
from roadmap.services.support_awards import awards_for_action, record_award
from roadmap.services.support_review import decide_application, review_application, show_application
from roadmap.store.db import init_database


def _support_rows(path: Path) -> list[list[str]]:
    """The rows of the document's table that lists the support received (the one with the awards)."""
    for table in Document(str(path)).tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if any("Kolaylaştırıcı eğitimi" in row for row in rows):
            return rows
    return []


def _awarded(club: int) -> int:
    number = apply_for_support(
        TEAM,
        SLUG,
        "2027-1",
        ["2.1", "2.2"],
        "Gençlik meclisi eğitimleri",
        "Kolaylaştırıcı eğitimi ve salon",
        [club],
    )
    review_application(COORDINATOR, number, scores(4, 5, 3, 4), "Güçlü ortaklık")
    review_application(SECOND, number, scores(5, 4, 4, 3), "İyi hazırlanmış")
    decide_application(COORDINATOR, number, True, "İki değerlendirmede de yüksek puan")
    record_award(
        COORDINATOR,
        number,
        SupportKind.TRAINING,
        "Kolaylaştırıcı eğitimi",
        2,
        "gün",
        40000,
        date(2027, 2, 10),
        "2.1",
    )
    record_award(COORDINATOR, number, SupportKind.VENUE, "Salon", 1, "gün", 5000, date(2027, 3, 1), "2.2")
    return number


def test_a_bundle_restored_in_another_data_folder_has_the_same_support_table(open_call, tmp_path):  # noqa: F811
    club = next(a.id for a in list_actors(COORDINATOR) if a.name == "Örnekil Üniversitesi Katılım Kulübü")
    _awarded(club)
    introduce(TEAM, SLUG, club, "2.1", "Kulüple tanışma toplantısı")
    first = build_roadmap_document(SLUG, "tr", out=tmp_path / "original.docx").path
    original = _support_rows(first)
    assert ["2.1", "Kolaylaştırıcı eğitimi", "2 gün", "40.000 TL", "10 Şubat 2027"] in original
    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)

    use_data_dir(tmp_path / "elsewhere")  # an empty database: no call, no directory
    init_database()
    assert import_bundle(None, bundle) == [SLUG]
    restored = build_roadmap_document(SLUG, "tr", out=tmp_path / "restored.docx").path
    assert _support_rows(restored) == original
    assert content_text(restored) == content_text(first)  # and the rest of the document with it
    (kept,) = [a for a in awards_for_action(TEAM, SLUG, "2.1")]
    assert (kept.kind, kept.quantity, kept.value_try, kept.given_on) == (
        SupportKind.TRAINING, 2, 40000, date(2027, 2, 10)
    )  # fmt: skip
    (summary,) = support_applications(TEAM, SLUG)
    shown = show_application(TEAM, summary.id)
    assert (summary.call_key, summary.status, summary.title) == (
        "2027-1", ApplicationStatus.AWARDED, "Gençlik meclisi eğitimleri"
    )  # fmt: skip
    assert shown.score == 82.0 and len(shown.scoring_reviews) == 2
    assert shown.decision_reason == "İki değerlendirmede de yüksek puan"
    assert shown.actors == []  # the organisation is not in this database's directory
    assert introductions(TEAM, SLUG) == []  # nor its introduction


def test_restoring_over_the_municipality_attaches_to_the_same_call_and_keeps_partners(open_call, tmp_path):  # noqa: F811
    club = next(a.id for a in list_actors(COORDINATOR) if a.name == "Örnekil Üniversitesi Katılım Kulübü")
    _awarded(club)
    introduce(TEAM, SLUG, club, "2.1", "Kulüple tanışma toplantısı")
    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)
    assert import_bundle(COORDINATOR, bundle, replace=True) == [SLUG]
    (summary,) = support_applications(TEAM, SLUG)
    assert (summary.call_key, summary.status) == ("2027-1", ApplicationStatus.AWARDED)
    assert [c.key for c in list_calls(COORDINATOR)] == ["2027-1"]  # attached, not a second call
    application = show_application(TEAM, summary.id)
    assert application.actors == ["Örnekil Üniversitesi Katılım Kulübü"]
    assert [(r.reviewer, r.conflict) for r in application.reviews] == [(COORDINATOR, False), (SECOND, False)]
    assert [(i.actor_name, i.action_code, i.next_step) for i in introductions(TEAM, SLUG)] == [
        ("Örnekil Üniversitesi Katılım Kulübü", "2.1", "Kulüple tanışma toplantısı")
    ]
    assert [a.description for a in awards_for_action(TEAM, SLUG, "2.2")] == ["Salon"]
