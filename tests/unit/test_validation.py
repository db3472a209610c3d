"""What a team sees when a stage is not ready: each gate names what is missing."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap.domain.content import (
    Consultations,
    CoordinationTeam,
    FocusAreas,
    FocusCandidate,
    Goal,
    Indicator,
    Meeting,
    NeedsAnalysis,
    RespondentGroup,
    RoadmapAction,
    RoadmapData,
    RoadmapPlan,
    ShareStage,
    Stakeholder,
    StakeholderMap,
    SurveyResponse,
    TeamMember,
)
from roadmap.domain.stages import Stage, Status
from roadmap.domain.validation import ProgrammeRules, blocking, validate_stage


def data(**overrides) -> RoadmapData:
    base = dict(
        slug="x",
        name="Deneme Belediyesi",
        statuses={s: Status.DRAFT for s in Stage},
        team=CoordinationTeam(),
        needs=NeedsAnalysis(),
        focus=FocusAreas(),
        stakeholders=StakeholderMap(),
        consultations=Consultations(),
        plan=RoadmapPlan(),
        share=ShareStage(),
    )
    return RoadmapData(**{**base, **overrides})


def texts(stage: Stage, content, context: RoadmapData | None = None, lang="tr", rules=None) -> list[str]:
    return [p.text(lang) for p in validate_stage(stage, content, context or data(), rules)]


def member(name, directorate, coordinator=False, email="a@b.tr"):
    return TeamMember(name=name, directorate=directorate, is_coordinator=coordinator, email=email)


def test_a_small_team_is_told_how_many_members_and_directorates_it_lacks():
    team = CoordinationTeam(
        members=[member("Ali Veli", "Fen İşleri", True), member("Ayşe Kaya", "Fen İşleri")]
    )
    assert texts(Stage.TEAM, team) == [
        "Ekipte en az 4 kişi olmalı (şu an 2).",
        "Ekip en az 3 farklı müdürlükten oluşmalı (şu an 1).",
    ]


def test_team_without_a_coordinator_or_contact_is_named_person_by_person():
    team = CoordinationTeam(
        members=[
            member("Ali Veli", "Fen"),
            member("Ayşe Kaya", "Kültür"),
            member("Can Er", "Basın"),
            member("Deniz Su", "Basın", email=""),
        ]
    )
    problems = texts(Stage.TEAM, team)
    assert "Ekipte tam olarak bir koordinatör belirlenmeli (şu an 0)." in problems
    assert "Deniz Su için e-posta ya da telefon girilmeli." in problems


def test_programme_rules_change_the_gate():
    team = CoordinationTeam(members=[member("Ali Veli", "Fen", True), member("Ayşe Kaya", "Kültür")])
    assert texts(Stage.TEAM, team, rules=ProgrammeRules(min_members=2, min_directorates=2)) == []


def test_needs_analysis_needs_ten_staff_responses_and_warns_without_civic_actors():
    needs = NeedsAnalysis(
        responses=[SurveyResponse(respondent=f"P{i}", group=RespondentGroup.STAFF) for i in range(4)]
    )
    problems = validate_stage(Stage.NEEDS, needs, data())
    assert [p.text("tr") for p in blocking(problems)] == ["En az 10 personel yanıtı gerekiyor (şu an 4)."]
    assert [p.severity for p in problems if p.key == "needs_civic"] == ["warning"]


def test_selected_focus_area_needs_a_justification_and_a_link():
    focus = FocusAreas(candidates=[FocusCandidate(code="e-katilim", title="E-katılım", selected=True)])
    assert texts(Stage.FOCUS, focus) == [
        "'E-katılım' odak alanı için seçim gerekçesi yazılmalı.",
        "'E-katılım' odak alanı bir ihtiyaç analizi boyutuna ya da stratejik plan amacına bağlanmalı.",
    ]
    assert texts(Stage.FOCUS, FocusAreas()) == ["1–5 arasında odak alanı seçilmeli (şu an 0)."]


def test_each_selected_focus_area_needs_an_external_stakeholder():
    focus = FocusAreas(candidates=[FocusCandidate(code="e-katilim", title="E-katılım", selected=True)])
    smap = StakeholderMap(
        stakeholders=[
            Stakeholder(
                name="Bilgi İşlem Müdürlüğü",
                type="directorate",
                power=4,
                interest=4,
                level="involve",
                focus_areas=["e-katilim"],
            ),
            Stakeholder(name="Gençlik Derneği", type="cso", power=2),
        ]
    )
    assert texts(Stage.STAKEHOLDERS, smap, data(focus=focus)) == [
        "'E-katılım' odak alanı için en az bir dış paydaş belirlenmeli.",
        "Gençlik Derneği: şu alanlar eksik: interest, level.",
    ]


def test_consultations_need_internal_and_external_meetings_covering_each_focus_area():
    focus = FocusAreas(candidates=[FocusCandidate(code="e-katilim", title="E-katılım", selected=True)])
    held_inside = Meeting(title="İç toplantı", audience="internal", held=True, day=date(2026, 1, 5))
    planned_outside = Meeting(
        title="Dış toplantı", audience="external", held=False, day=date(2026, 2, 5), focus_areas=["e-katilim"]
    )
    assert texts(
        Stage.CONSULTATIONS, Consultations(meetings=[held_inside, planned_outside]), data(focus=focus)
    ) == [
        "En az bir dış paydaş toplantısı yapılmış olmalı.",
        "'E-katılım' odak alanı henüz dış paydaşlarla görüşülmedi.",
    ]


def test_every_action_needs_a_unit_dates_inside_the_period_and_a_measurable_indicator():
    plan = RoadmapPlan(
        start=date(2027, 1, 1),
        months=12,
        goals=[
            Goal(
                focus_area="e-katilim",
                title="Dijital katılım",
                actions=[
                    RoadmapAction(
                        title="Portal",
                        start_month=6,
                        end_month=18,
                        indicators=[Indicator(name="Kullanıcı", unit="kişi")],
                    ),
                ],
            ),
            Goal(focus_area="gonulluluk", title="Gönüllülük"),
        ],
    )
    assert texts(Stage.ROADMAP, plan) == [
        "'Gönüllülük' amacı için en az bir eylem tanımlanmalı.",
        "'Portal' eylemi için sorumlu birim girilmeli.",
        "'Portal' eyleminin tarihleri yol haritası dönemi (1–12. ay) içinde ve sıralı olmalı.",
        "'Portal' eylemi için hedef değeri ve birimi olan ölçülebilir bir gösterge girilmeli.",
        "İzleme ve değerlendirme planında kimin, ne sıklıkla ve kimlerle izleyeceği yazılmalı.",
        "Yol haritasının kimlerle, nasıl ve ne zaman paylaşılacağı en az bir kayıtla yazılmalı.",
    ]


def test_messages_are_available_in_english():
    assert texts(Stage.FOCUS, FocusAreas(), lang="en") == ["Select between 1 and 5 focus areas (now 0)."]


@pytest.mark.parametrize("bad", ["Ali\x00Veli", "Ali\x0bVeli"])
def test_text_with_characters_word_rejects_is_refused(bad):
    with pytest.raises(ValueError, match="kontrol karakteri"):
        TeamMember(name=bad, directorate="Fen İşleri")
