"""Consultation coverage, sign-in sheets, the submission block and its waiver, the roadmap draft and gate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import CONSULTANT, SLUG, TEAM
from openpyxl import Workbook
from test_validation import data as roadmap_data

from roadmap.analysis.coverage import consultation_coverage
from roadmap.cli import explain
from roadmap.domain.content import (
    Consultations,
    FocusAreas,
    FocusCandidate,
    Goal,
    HeadCount,
    Indicator,
    Meeting,
    MeetingInput,
    MonitoringPlan,
    RoadmapAction,
    RoadmapPlan,
    SharingPlanItem,
    Stakeholder,
    StakeholderMap,
)
from roadmap.domain.stages import Stage, Status
from roadmap.domain.validation import validate_stage
from roadmap.errors import InvalidInput, PermissionDenied, TransitionRefused
from roadmap.services import stages as svc
from roadmap.services.consultations import import_attendance, prefill_roadmap

FOCUS = FocusAreas(
    candidates=[
        FocusCandidate(code="e-katilim", title="E-katılım", selected=True),
        FocusCandidate(code="gonulluluk", title="Gönüllülük", selected=True),
    ]
)
REGISTER = StakeholderMap(
    stakeholders=[
        Stakeholder(name="Valilik", type="public", power=5, interest=2),
        Stakeholder(name="Gençlik Derneği", type="cso", power=2, interest=5, focus_areas=["e-katilim"]),
        Stakeholder(name="Spor Kulübü", type="cso", power=2, interest=2),
        Stakeholder(
            name="Dijital Haklar Derneği", type="cso", power=4, interest=4, focus_areas=["e-katilim"]
        ),
    ]
)


def meeting(**fields) -> Meeting:
    base = dict(title="Toplantı", audience="external", held=True, day=date(2026, 11, 3))
    return Meeting(**{**base, **fields})


# --- coverage --------------------------------------------------------------------------------------


def test_coverage_names_who_was_not_invited_who_did_not_come_and_what_was_not_discussed():
    consultations = Consultations(
        meetings=[
            meeting(
                focus_areas=["e-katilim"],
                invited=["Gençlik Derneği", "DİJİTAL HAKLAR DERNEĞİ"],
                attended=["Dijital Haklar Derneği"],
                participants=HeadCount(total=20, women=9),
                inputs=[
                    MeetingInput(text="Anket uygulaması", focus_area="e-katilim", response="accepted"),
                    MeetingInput(text="Canlı yayın", focus_area="e-katilim"),
                ],
            ),
            meeting(
                audience="internal", focus_areas=["gonulluluk"], participants=HeadCount(total=5, youth=2)
            ),
            meeting(held=False, focus_areas=["gonulluluk"], invited=["Valilik"]),
        ]
    )
    cov = consultation_coverage(consultations, FOCUS, REGISTER)
    assert cov.consulted_focus == ["e-katilim"] and cov.unconsulted_focus == ["gonulluluk"]
    assert cov.not_invited == []  # Valilik is invited to the planned meeting
    assert cov.invited_not_attended == ["Valilik", "Gençlik Derneği"]
    assert (cov.inputs_per_focus, cov.answered_per_focus, cov.answered_share) == (
        {"e-katilim": 2},
        {"e-katilim": 1},
        0.5,
    )
    assert cov.participation.model_dump() == {"total": 25, "women": 9, "youth": 2, "disability": None}


# --- the roadmap gate, rule by rule ---------------------------------------------------------------


def good_plan(**overrides) -> RoadmapPlan:
    action = RoadmapAction(
        title="Anket uygulaması",
        responsible="Bilgi İşlem Müdürlüğü",
        start_month=1,
        end_month=6,
        indicators=[Indicator(name="Katılımcı", unit="kişi", target=500)],
    )
    base = dict(
        start=date(2027, 1, 1),
        months=12,
        goals=[Goal(focus_area="e-katilim", title="Dijital", actions=[action])],
        monitoring=MonitoringPlan(reviewer="Ekip", frequency="Üç ayda bir", with_whom="Kent konseyi"),
        sharing=[SharingPlanItem(audience="Kent konseyi", channel="Sunum", when="Ocak")],
    )
    return RoadmapPlan(**{**base, **overrides})


def keys(plan: RoadmapPlan, consultations: Consultations | None = None) -> list[str]:
    data = roadmap_data(consultations=consultations or Consultations())
    return [p.key for p in validate_stage(Stage.ROADMAP, plan, data)]


def test_a_complete_plan_passes():
    assert keys(good_plan()) == []


@pytest.mark.parametrize(
    "change, key",
    [
        ({"start": None}, "plan_start"),
        ({"goals": []}, "plan_goals"),
        ({"monitoring": MonitoringPlan(reviewer="Ekip")}, "plan_monitoring"),
        ({"sharing": []}, "plan_sharing"),
    ],
)
def test_each_plan_rule(change, key):
    assert key in keys(good_plan(**change))


@pytest.mark.parametrize(
    "action_change, key",
    [
        ({"responsible": ""}, "action_responsible"),
        ({"start_month": None}, "action_dates"),
        ({"start_month": 8, "end_month": 3}, "action_period"),
        ({"end_month": 13}, "action_period"),
        ({"indicators": [Indicator(name="Katılımcı", target=500)]}, "action_indicator"),
        ({"indicators": [Indicator(name="Katılımcı", unit="kişi")]}, "action_indicator"),
    ],
)
def test_each_action_rule(action_change, key):
    plan = good_plan()
    action = plan.goals[0].actions[0].model_copy(update=action_change)
    plan = good_plan(goals=[Goal(focus_area="e-katilim", title="Dijital", actions=[action])])
    assert keys(plan) == [key]


def test_a_goal_without_actions_is_refused():
    assert keys(good_plan(goals=[Goal(focus_area="e-katilim", title="Dijital")])) == ["goal_actions"]


def test_accepted_inputs_must_link_to_an_existing_action():
    said = [
        MeetingInput(text="Anket", response="accepted", action="1.1"),
        MeetingInput(text="Canlı yayın", response="accepted", action="4.2"),
        MeetingInput(text="Gönüllü ağı", response="accepted"),
        MeetingInput(text="Mümkün değil", response="not_possible"),
    ]
    problems = validate_stage(
        Stage.ROADMAP, good_plan(), roadmap_data(consultations=Consultations(meetings=[meeting(inputs=said)]))
    )
    assert [(p.key, p.severity) for p in problems] == [
        ("input_action_missing", "error"),
        ("input_unlinked", "warning"),
    ]


# --- submission block and the consultant's waiver --------------------------------------------------


def test_consultations_block_submission_until_a_consultant_waives_with_a_comment(example):
    svc.review_stage(
        CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Gençlik meclisi görüşülmedi."
    )
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content = view.content
    for m in content["meetings"]:
        m["focus_areas"] = [c for c in m["focus_areas"] if c != "genclik-meclisi"]
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)
    with pytest.raises(TransitionRefused) as refused:
        svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    assert "'Gençlik meclisi ve gençlerin katılımı' odak alanı henüz dış paydaşlarla görüşülmedi." in str(
        refused.value
    )
    with pytest.raises(PermissionDenied):
        svc.waive_requirement(TEAM, SLUG, Stage.CONSULTATIONS, "consult_focus", "kendimiz")
    with pytest.raises(TransitionRefused, match="açıklama"):
        svc.waive_requirement(CONSULTANT, SLUG, Stage.CONSULTATIONS, "consult_focus", "")
    with pytest.raises(InvalidInput, match="consult_focus"):
        svc.waive_requirement(CONSULTANT, SLUG, Stage.CONSULTATIONS, "team_size", "yanlış anahtar")
    svc.waive_requirement(
        CONSULTANT, SLUG, Stage.CONSULTATIONS, "consult_focus", "Gençlik meclisi yazılı görüş verdi."
    )
    assert svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS) == 2
    last_two = [(r.action, r.comment) for r in svc.audit_trail(TEAM, SLUG)[-2:]]
    assert last_two == [("waive", "consult_focus: Gençlik meclisi yazılı görüş verdi."), ("submit", "")]


# --- prefill ---------------------------------------------------------------------------------------


def test_prefill_drafts_one_goal_per_focus_area_with_actions_and_partners(example):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True)
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    with pytest.raises(TransitionRefused) as refused:
        prefill_roadmap(TEAM, SLUG)
    assert "--force" in explain(refused.value, "tr")  # the CLI says how; the product's words name no flag
    assert "--force" not in refused.value.text("tr")
    plan = prefill_roadmap(TEAM, SLUG, force=True)
    assert [g.focus_area for g in plan.goals] == ["kent-konseyi", "genclik-meclisi", "sikayet-geri-bildirim"]
    youth = plan.goals[1]
    assert youth.title == "Gençlik meclisi ve gençlerin katılımı alanında katılımı güçlendirmek"
    first = youth.actions[0]
    assert first.title == "Gençlik meclisi toplantıları hafta sonu ve çevrim içi katılıma açık yapılsın"
    assert youth.actions[-1].title == "Okullar ve öğrenci kulüpleriyle ortak etkinlik takvimi"
    # power + interest 7 for both, then Turkish alphabet order: G before Ö
    assert first.partners[:2] == [
        "Gençlik Merkezi (Gençlik ve Spor İl Müdürlüğü)",
        "Örnekköy Gençlik Derneği",
    ]
    assert "Gençlik ve Spor Hizmetleri Müdürlüğü" not in first.partners  # internal: not a partner
    after = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    assert after.version == view.version + 1 and after.content["start"] == view.content["start"]


# --- sign-in sheets --------------------------------------------------------------------------------


def sheet(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture
def open_consultations(example):
    svc.review_stage(
        CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Katılım listesi eklenecek."
    )
    return example


def test_sign_in_sheet_sets_counts_names_with_consent_and_inputs_and_is_idempotent(
    open_consultations, tmp_path
):
    path = sheet(
        tmp_path / "liste.xlsx",
        [
            ["Ad Soyad", "Kurum", "Cinsiyet", "Yaş", "Engelli", "Onay", "Görüş", "Odak alanı", "İmza"],
            [
                "Ayşe Kaya",
                "ÖRNEKKÖY KENT KONSEYİ",
                "Kadın",
                24,
                "Hayır",
                "Evet",
                "Konsey bütçesi açıklansın.",
                "Kent konseyinin güçlendirilmesi",
                "",
            ],
            ["Can Demir", "Yeni Platform", "Erkek", 41, "Evet", "Hayır", "", "", ""],
            ["Ece Su", "", "Belirtmek istemiyorum", 19, "Hayır", "", "", "", ""],
        ],
    )
    first = import_attendance(TEAM, SLUG, "T4", path)
    assert (first.people, first.named, first.matched, first.unmatched, first.inputs_added) == (
        3,
        1,
        ["Örnekköy Kent Konseyi"],
        ["Yeni Platform"],
        1,
    )
    second = import_attendance(TEAM, SLUG, "T4", path)
    assert second.inputs_added == 0
    t4 = next(
        m for m in svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).content["meetings"] if m["code"] == "T4"
    )
    assert t4["held"] and t4["participants"] == {"total": 3, "women": 1, "youth": 2, "disability": 1}
    assert [i["source"] for i in t4["inputs"]] == ["Örnekköy Kent Konseyi"]
    assert "Örnekköy Kent Konseyi" in t4["attended"]


def test_a_bad_sheet_or_unknown_meeting_stores_nothing(open_consultations, tmp_path):
    version = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).version
    bad = sheet(tmp_path / "bozuk.xlsx", [["Ad Soyad", "Yaş"], ["Ayşe Kaya", "otuz sekizlik"]])
    with pytest.raises(InvalidInput, match="otuz sekizlik"):
        import_attendance(TEAM, SLUG, "T4", bad)
    good = sheet(tmp_path / "iyi.xlsx", [["Ad Soyad"], ["Ayşe Kaya"]])
    with pytest.raises(Exception, match="T1, T2, T3, T4"):
        import_attendance(TEAM, SLUG, "T9", good)
    assert svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).version == version
    assert svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).status == Status.CHANGES_REQUESTED
