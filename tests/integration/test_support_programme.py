"""The support programme end to end: a call with a rubric, an application on the approved roadmap, two
reviews, a conflict that blocks a third reviewer, a decision, and the support given in the budget."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from docx import Document
from test_gate import OTHER_TEAM, two_municipalities  # noqa: F401
from test_releases import approve_all

from roadmap.domain.stages import Role
from roadmap.domain.support import ApplicationStatus, SupportKind
from roadmap.errors import InvalidInput, NotFound, PermissionDenied, TransitionRefused
from roadmap.imports.files import RefusedFile
from roadmap.pipeline import build_roadmap_document
from roadmap.services import cohorts, municipalities
from roadmap.services.actors import import_actors, list_actors
from roadmap.services.matchmaking import introduce
from roadmap.services.notifications import my_notices
from roadmap.services.support import apply_for_support, create_call, list_calls, replace_rubric
from roadmap.services.support_awards import awards_for_action, record_award
from roadmap.services.support_review import (
    decide_application,
    declare_conflict,
    review_application,
    show_application,
)
from roadmap.settings import EXAMPLES_DIR
from roadmap.store.db import unit_of_work

RUBRIC = EXAMPLES_DIR / "programme" / "destek-olcutleri.yaml"
SECOND, THIRD = "ikinci@katiliyoruz.example.org", "ucuncu@katiliyoruz.example.org"
TODAY = date.today()


def scores(a: int, b: int, c: int, d: int) -> dict[str, int]:
    return {"uygunluk": a, "katilim": b, "uygulanabilirlik": c, "surdurulebilirlik": d}


@pytest.fixture
def open_call(example: Path) -> Path:
    """The example approved to stage 5, two more programme reviewers, the directory, and an open call."""
    approve_all()
    with unit_of_work() as session:
        for email, name in ((SECOND, "İkinci Değerlendirici"), (THIRD, "Üçüncü Değerlendirici")):
            municipalities.upsert_user(session, email, name, Role.COORDINATOR, None)
    import_actors(COORDINATOR, EXAMPLES_DIR / "programme" / "sivil-aktorler.csv")
    create_call(
        COORDINATOR, "2027-1", "2027 ilk çağrı", TODAY - timedelta(days=1), TODAY + timedelta(days=60), RUBRIC
    )
    return example


def _actor(name: str) -> int:
    return next(a.id for a in list_actors(COORDINATOR) if a.name == name)


def test_a_call_goes_through_two_reviews_a_blocked_conflict_and_an_award_that_reaches_the_budget(open_call):
    club = _actor("Örnekil Üniversitesi Katılım Kulübü")
    number = apply_for_support(
        TEAM,
        SLUG,
        "2027-1",
        ["2.1", "2.2"],
        "Gençlik meclisi eğitimleri",
        "Kolaylaştırıcı eğitimi ve salon",
        [club],
    )
    assert review_application(COORDINATOR, number, scores(4, 5, 3, 4), "Güçlü ortaklık") == 82.0
    with pytest.raises(TransitionRefused) as early:
        decide_application(COORDINATOR, number, True, "Erken karar")
    assert "en az 2 farklı değerlendirici" in early.value.text("tr")

    declare_conflict(THIRD, number, "Kulübün akademik danışmanıyım")
    with pytest.raises(TransitionRefused) as blocked:
        review_application(THIRD, number, scores(5, 5, 5, 5), "Çok iyi")
    assert "çıkar çatışması" in blocked.value.text("tr")
    with pytest.raises(TransitionRefused):  # a conflicted reviewer does not count towards the two
        decide_application(COORDINATOR, number, True, "Erken karar")

    with pytest.raises(InvalidInput) as off_scale:
        review_application(SECOND, number, {**scores(5, 4, 4, 3), "uygulanabilirlik": 9}, "İyi")
    assert "'uygulanabilirlik' için 9 puanı ölçeğin dışında (0–5)" in off_scale.value.render("tr")
    review_application(SECOND, number, scores(5, 4, 4, 3), "İyi hazırlanmış")
    assert (
        decide_application(COORDINATOR, number, True, "İki değerlendirmede de yüksek puan")
        == ApplicationStatus.AWARDED
    )
    notices = [n.text for n in my_notices(TEAM, "tr")]
    assert "Örnekköy Belediyesi: destek başvurunuz (no. 1) desteklendi" in notices  # through the outbox
    with pytest.raises(TransitionRefused):  # decided: no more reviews
        review_application(THIRD, number, scores(1, 1, 1, 1), "Geç")

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
    shown = show_application(TEAM, number)
    assert shown.score == 82.0 and len(shown.scoring_reviews) == 2
    assert [(r.reviewer, r.conflict) for r in shown.reviews] == [
        (COORDINATOR, False),
        (THIRD, True),
        (SECOND, False),
    ]
    assert shown.decision_reason == "İki değerlendirmede de yüksek puan" and shown.decided_by == COORDINATOR
    assert shown.actors == ["Örnekil Üniversitesi Katılım Kulübü"]
    assert [code for code, _ in shown.actions] == ["2.1", "2.2"]

    given = awards_for_action(TEAM, SLUG, "2.1")  # what the action's monitoring page shows
    assert [(a.description, a.value_try, a.given_on) for a in given] == [
        ("Kolaylaştırıcı eğitimi", 40000, date(2027, 2, 10))
    ]
    assert awards_for_action(TEAM, SLUG, "2.2") == []

    built = build_roadmap_document(SLUG, "tr", out=open_call / "yol-haritasi.docx")
    document = Document(str(built.path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    at = cells.index("Kolaylaştırıcı eğitimi")
    assert cells[at - 1 : at + 4] == ["2.1", "Kolaylaştırıcı eğitimi", "2 gün", "40.000 TL", "10 Şubat 2027"]


def test_the_rubric_is_versioned_until_the_call_opens_and_frozen_from_then(open_call, tmp_path):
    later = create_call(
        COORDINATOR, "2027-2", "İkinci çağrı", TODAY + timedelta(days=30), TODAY + timedelta(days=90), RUBRIC
    )
    assert (later.rubric_version, later.frozen) == (1, False)
    revised = tmp_path / "olcutler.csv"
    revised.write_text(
        "Anahtar;Ölçüt;Ağırlık\nuygunluk;Eylemlerle uyum;60\netki;Beklenen etki;40\n", encoding="utf-8"
    )
    assert replace_rubric(COORDINATOR, "2027-2", revised) == 2
    calls = {c.key: c for c in list_calls(TEAM)}
    assert [c.key for c in calls["2027-2"].criteria] == ["uygunluk", "etki"]
    with pytest.raises(TransitionRefused) as frozen:
        replace_rubric(COORDINATOR, "2027-1", revised)
    assert "artık değiştirilemez" in frozen.value.text("tr")
    assert len(calls["2027-1"].criteria) == 4


def test_a_rubric_file_with_a_bad_weight_names_its_row_and_column(open_call, tmp_path):
    bad = tmp_path / "olcutler.csv"
    bad.write_text("Anahtar;Ölçüt;Ağırlık\nuygunluk;Uyum;60\netki;Etki;yüksek\n", encoding="utf-8")
    with pytest.raises(RefusedFile) as refused:
        create_call(COORDINATOR, "2027-3", "Üçüncü", TODAY, TODAY, bad)
    assert "Satır 3, sütun 'Ağırlık'" in refused.value.render("tr")
    assert "2027-3" not in {c.key for c in list_calls(COORDINATOR)}


def test_an_application_needs_an_approved_roadmap_an_open_call_and_its_actions(example):
    create_call(COORDINATOR, "2027-1", "Çağrı", TODAY - timedelta(days=1), TODAY + timedelta(days=9), RUBRIC)
    with pytest.raises(TransitionRefused) as unapproved:
        apply_for_support(TEAM, SLUG, "2027-1", ["2.1"], "Proje", "Kolaylaştırıcı eğitimi")
    assert "onaylanmadı" in unapproved.value.text("tr")
    approve_all()
    with pytest.raises(InvalidInput) as unknown:
        apply_for_support(TEAM, SLUG, "2027-1", ["9.9"], "Proje", "Kolaylaştırıcı eğitimi")
    assert "9.9" in unknown.value.text("tr")
    create_call(
        COORDINATOR, "2028-1", "Sonraki", TODAY + timedelta(days=100), TODAY + timedelta(days=200), RUBRIC
    )
    with pytest.raises(TransitionRefused):
        apply_for_support(TEAM, SLUG, "2028-1", ["2.1"], "Proje", "Kolaylaştırıcı eğitimi")
    with pytest.raises(PermissionDenied):  # the consultant reviews stages; the team applies
        apply_for_support(CONSULTANT, SLUG, "2027-1", ["2.1"], "Proje", "Kolaylaştırıcı eğitimi")


def test_another_municipality_does_not_see_an_application_and_a_team_cannot_review(
    open_call,
    two_municipalities,  # noqa: F811
):
    number = apply_for_support(TEAM, SLUG, "2027-1", ["3.1"], "Talep izleme", "Yazılım desteği ve eğitim")
    with pytest.raises(NotFound):
        show_application(OTHER_TEAM, number)
    with pytest.raises(PermissionDenied):
        review_application(TEAM, number, scores(5, 5, 5, 5), "Kendi başvurumuz")
    assert show_application(CONSULTANT, number).summary.title == "Talep izleme"


def test_the_cohort_report_counts_introductions_applications_awards_and_support_given(
    open_call,
    two_municipalities,  # noqa: F811
):
    cohorts.add_to_cohort(COORDINATOR, "kohort", [SLUG, "baskakoy"], [])
    introduce(CONSULTANT, SLUG, _actor("Örnekköy Gençlik Derneği"), "2.1")
    first = apply_for_support(TEAM, SLUG, "2027-1", ["2.1"], "Eğitim", "Kolaylaştırıcı eğitimi")
    apply_for_support(TEAM, SLUG, "2027-1", ["3.1"], "Yazılım", "Talep izleme yazılımı")
    review_application(COORDINATOR, first, scores(4, 4, 4, 4), "İyi")
    review_application(SECOND, first, scores(5, 5, 5, 5), "Çok iyi")
    decide_application(COORDINATOR, first, True, "Yüksek puan")
    record_award(COORDINATOR, first, SupportKind.TRAINING, "Eğitim", 2, "gün", 40000, TODAY)
    record_award(COORDINATOR, first, SupportKind.VENUE, "Salon", 1, "gün", 5000, TODAY)
    rows = {row.slug: row for row in cohorts.cohort_progress(COORDINATOR, "kohort").rows}
    ours = rows[SLUG]
    assert (ours.introductions, ours.applications, ours.awarded, ours.support_try) == (1, 2, 1, 45000)
    other = rows["baskakoy"]
    assert (other.introductions, other.applications, other.awarded, other.support_try) == (0, 0, 0, 0)
