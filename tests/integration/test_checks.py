"""The consultant's checklist: each check catches its break on a variant of the example, names the
record, and its resolution (a fix, a recorded reason, a waiver) clears it; blocking points hold up the
roadmap and the final document; people are protected."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from test_document import full_text

from roadmap.analysis.chain import chain_findings, resolve
from roadmap.devtools.example import read_example
from roadmap.domain.checklist import CheckRules, Finding, check_rules
from roadmap.domain.content import (
    Explanation,
    InputResponse,
    MeetingInput,
    Participant,
    RoadmapData,
    SharingPlanItem,
)
from roadmap.domain.stages import Stage, Status
from roadmap.errors import InvalidInput, NotFound, TransitionRefused
from roadmap.pipeline import build_roadmap_document
from roadmap.services import stages as svc
from roadmap.services.checks import check_roadmap, explain_finding
from roadmap.settings import EXAMPLES_DIR


def example_data() -> RoadmapData:
    """The example as the team wrote it (from its files, no database): a model roadmap."""
    _, content = read_example(EXAMPLES_DIR / "ornekkoy")
    return RoadmapData(
        slug=SLUG,
        name="Örnekköy Belediyesi",
        statuses={s: Status.APPROVED for s in Stage},
        team=content[Stage.TEAM],
        needs=content[Stage.NEEDS],
        focus=content[Stage.FOCUS],
        stakeholders=content[Stage.STAKEHOLDERS],
        consultations=content[Stage.CONSULTATIONS],
        plan=content[Stage.ROADMAP],
        share={"shares": []},
    )


EXAMPLE = example_data()


def open_points(data: RoadmapData, rules: CheckRules | None = None, waivers=None) -> list[Finding]:
    found = chain_findings(data, rules or check_rules())
    return [f for f in resolve(found, data, waivers or {}) if f.open]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def variant() -> RoadmapData:
    return EXAMPLE.model_copy(deep=True)


def explained(stage: Stage, code: str, subject: str) -> Callable[[RoadmapData], None]:
    """A resolution: the team records its reason for the point."""

    def record(data: RoadmapData) -> None:
        content = data.content(stage)
        content.explanations.append(Explanation(check=code, subject=subject, text="Ekibin gerekçesi burada."))

    return record


def test_the_example_answers_every_warning_of_its_checklist():
    still = [f for f in open_points(EXAMPLE) if f.severity.value != "note"]
    assert still == [], [f.render("tr") for f in still]


# --- one variant per check: (break it, the code, the record's name as shown, resolve it) ---------------


def _goal_without_actions_for_inclusion(data: RoadmapData) -> None:
    data.plan.goals = [g for g in data.plan.goals if g.focus_area != "genclik-meclisi"]


def _unlink_feedback_reason(data: RoadmapData) -> None:
    data.focus.explanations = [e for e in data.focus.explanations if e.check != "focus.strategy_conflict"]


def _strength_reason_removed(data: RoadmapData) -> None:
    data.focus.explanations = [e for e in data.focus.explanations if e.check != "focus.strength"]


def _no_gap_reading(data: RoadmapData) -> None:
    data.needs.explanations = []


def _unknown_goal(data: RoadmapData) -> None:
    data.focus.candidates[1].strategic_goal = "SP 2025–2029 Amaç 9"


def _input(data: RoadmapData, text_start: str) -> MeetingInput:
    return next(i for _, i in data.consultations.inputs() if i.text.startswith(text_start))


def _unanswered_input(data: RoadmapData) -> None:
    data.consultations.meetings[2].inputs.append(
        MeetingInput(
            id="yeni-gorus", text="Mahalle meclisleri yeniden kurulsun.", source="Mahalle Dayanışma Ağı"
        )
    )


def _answer_it(data: RoadmapData) -> None:
    given = _input(data, "Mahalle meclisleri")
    given.response, given.reason = InputResponse.CONSIDER, "2028 planlamasında değerlendirilecek."


def _reason_names_another_action(data: RoadmapData) -> None:
    _input(data, "Toplantı mekânları").reason = "Erişilebilirlik kontrol listesi kullanılacak (Eylem 3.2)."


def _reason_corrected(data: RoadmapData) -> None:
    _input(data, "Toplantı mekânları").reason = "Erişilebilirlik kontrol listesi kullanılacak (Eylem 2.1)."


def _action_lists_rejected_input(data: RoadmapData) -> None:
    rejected = _input(data, "Muhtarlar mahalle")
    data.plan.goals[2].actions[0].answers.append(rejected.id)


def _action_list_cleared(data: RoadmapData) -> None:
    data.plan.goals[2].actions[0].answers = []


def _indicator_without_source(data: RoadmapData) -> None:
    indicator = data.plan.goals[0].actions[0].indicators[0]
    indicator.data_source, indicator.frequency = "", ""


def _indicator_source_back(data: RoadmapData) -> None:
    indicator = data.plan.goals[0].actions[0].indicators[0]
    indicator.data_source, indicator.frequency = "İK görevlendirme yazısı", "Yılda bir"


def _indicator_twice(data: RoadmapData) -> None:
    action = data.plan.goals[1].actions[0]
    action.indicators.append(action.indicators[0].model_copy(update={"id": "kopya"}))


def _indicator_removed(data: RoadmapData) -> None:
    data.plan.goals[1].actions[0].indicators.pop()


def _indicator_as_event(data: RoadmapData) -> None:
    data.plan.goals[0].actions[0].indicators[0].name = "Sekretarya personeli görevlendirildi"


def _indicator_as_measure(data: RoadmapData) -> None:
    data.plan.goals[0].actions[0].indicators[0].name = "Görevlendirilen sekretarya personeli sayısı"


def _unfunded(data: RoadmapData) -> None:
    data.plan.goals[2].actions[1].funding = ""


def _funded(data: RoadmapData) -> None:
    data.plan.goals[2].actions[1].funding = "Belediye bütçesi"


def _summary_overstates(data: RoadmapData) -> None:
    data.plan.summary = data.plan.summary.replace("10 görüş", "25 görüş")


def _summary_corrected(data: RoadmapData) -> None:
    data.plan.summary = data.plan.summary.replace("25 görüş", "10 görüş")


def _local_sharing_only(data: RoadmapData) -> None:
    data.plan.sharing = [SharingPlanItem(audience="Örnekköy halkı", channel="İnternet sitesi")]


def _national_sharing_added(data: RoadmapData) -> None:
    data.plan.sharing.append(SharingPlanItem(audience="Türkiye Belediyeler Birliği"))


def _international_sharing_added(data: RoadmapData) -> None:
    data.plan.sharing.append(SharingPlanItem(audience="Avrupa Konseyi Kongresi"))


def _validation_after_start(data: RoadmapData) -> None:
    data.consultations.meetings[3].day = date(2027, 2, 10)


def _validation_before_start(data: RoadmapData) -> None:
    data.consultations.meetings[3].day = date(2026, 12, 10)


def _key_stakeholder_uninvited(data: RoadmapData) -> None:
    data.consultations.meetings[3].invited.remove("Örnekköy Kaymakamlığı")


def _key_stakeholder_invited(data: RoadmapData) -> None:
    data.consultations.meetings[3].invited.append("Örnekköy Kaymakamlığı")


def _stakeholder_id(name: str) -> str:
    return next(s.id for s in EXAMPLE.stakeholders.stakeholders if s.name == name)


def _minor_named(data: RoadmapData) -> None:
    data.consultations.meetings[1].people.append(
        Participant(
            id="ogrenci", name="Elif Kaya", organisation="Örnekköy Anadolu Lisesi", age=15, consent=True
        )
    )


def _guardian_agreed(data: RoadmapData) -> None:
    data.consultations.meetings[1].people[-1].guardian_consent = True


def _young_without_age(data: RoadmapData) -> None:
    data.consultations.meetings[1].people.append(
        Participant(id="genc", name="Can Er", youth=True, consent=True)
    )


def _age_recorded(data: RoadmapData) -> None:
    data.consultations.meetings[1].people[-1].age = 24


def _input_from_unconsenting_person(data: RoadmapData) -> None:
    data.consultations.meetings[1].people.append(Participant(id="kisi", name="Ayşe Kurtuluş", consent=False))
    data.consultations.meetings[1].inputs.append(
        MeetingInput(
            id="kisinin-gorusu",
            text="Gençlik merkezi akşamları açık olsun.",
            source="Ayşe Kurtuluş",
            response=InputResponse.CONSIDER,
            reason="Değerlendirilecek.",
        )
    )


def _source_made_anonymous(data: RoadmapData) -> None:
    _input(data, "Gençlik merkezi akşamları").source = ""


def _private_contact(data: RoadmapData) -> None:
    data.team.members[0].email = "ayse.yilmaz1985@gmail.com"


def _work_contact(data: RoadmapData) -> None:
    data.team.members[0].email = "ayse.yilmaz@ornekkoy.bel.tr"


VARIANTS = [
    # (break, code, a word of the record as shown, resolution)
    (
        _goal_without_actions_for_inclusion,
        "needs.no_action",
        "Dezavantajlı",
        explained(Stage.ROADMAP, "needs.no_action", "inclusion"),
    ),
    (
        _no_gap_reading,
        "needs.gap_unexplained",
        "şeffaflık",
        explained(Stage.NEEDS, "needs.gap_unexplained", "transparency"),
    ),
    (
        _strength_reason_removed,
        "focus.strength",
        "Kent konseyi",
        explained(Stage.FOCUS, "focus.strength", "kent-konseyi"),
    ),
    (
        _unlink_feedback_reason,
        "focus.strategy_conflict",
        "Şikâyet",
        explained(Stage.FOCUS, "focus.strategy_conflict", "sikayet-geri-bildirim"),
    ),
    (
        _unknown_goal,
        "focus.strategy_unknown",
        "Gençlik",
        explained(Stage.FOCUS, "focus.strategy_unknown", "genclik-meclisi"),
    ),
    (_unanswered_input, "inputs.no_response", "Mahalle meclisleri", _answer_it),
    (_reason_names_another_action, "inputs.not_listed", "Toplantı mekânları", _reason_corrected),
    (_action_lists_rejected_input, "inputs.listed_not_accepted", "Beyaz Masa", _action_list_cleared),
    (_indicator_without_source, "indicators.incomplete", "sekretarya", _indicator_source_back),
    (_indicator_twice, "indicators.duplicate", "Gençlik meclisine kayıtlı", _indicator_removed),
    (_indicator_as_event, "indicators.event", "görevlendirildi", _indicator_as_measure),
    (_unfunded, "budget.no_funding", "izleme sayfası", _funded),
    (_summary_overstates, "text.claim", "", _summary_corrected),
    (_local_sharing_only, "sharing.no_national", "", _national_sharing_added),
    (_local_sharing_only, "sharing.no_international", "", _international_sharing_added),
    (_validation_after_start, "plan.validation_late", "taslağının", _validation_before_start),
    (_key_stakeholder_uninvited, "consult.key_not_invited", "Kaymakamlığı", _key_stakeholder_invited),
    (_minor_named, "privacy.minor_named", "Elif Kaya", _guardian_agreed),
    (_young_without_age, "privacy.age_unknown", "Can Er", _age_recorded),
    (_input_from_unconsenting_person, "privacy.source_named", "Gençlik merkezi", _source_made_anonymous),
    (_private_contact, "privacy.private_contact", "Ayşe Yılmaz", _work_contact),
]


@pytest.mark.parametrize("breaking, code, shown, resolution", VARIANTS, ids=[v[1] for v in VARIANTS])
def test_each_check_names_the_record_and_its_resolution_clears_it(breaking, code, shown, resolution):
    data = variant()
    breaking(data)
    caught = [f for f in open_points(data) if f.code == code]
    assert caught, f"{code} not caught: {[f.render('tr') for f in open_points(data)]}"
    line = caught[0].render("tr")
    assert shown in line and f"[{code}]" in line
    assert caught[0].fix("tr") and caught[0].fix("en") != caught[0].fix("tr")
    resolution(data)
    assert code not in codes(open_points(data))


def test_a_waiver_clears_a_blocking_point_and_a_reason_does_not():
    data = variant()
    _minor_named(data)
    (minor,) = [f for f in open_points(data) if f.code == "privacy.minor_named"]
    explained(Stage.CONSULTATIONS, minor.code, minor.subject)(data)
    assert minor.key in {f.key for f in open_points(data)}  # a reason never closes a blocking point
    waived = open_points(data, waivers={Stage.CONSULTATIONS: {minor.key: "Veli onayı dosyada, tarandı."}})
    assert minor.key not in {f.key for f in waived}


def test_a_programme_tunes_severities_and_thresholds():
    data = variant()
    _indicator_as_event(data)
    rules = check_rules().model_copy(
        update={"severity": {**check_rules().severity, "indicators.event": "off"}, "large_gap": 0.5}
    )
    found = open_points(data, rules)
    assert "indicators.event" not in codes(found)
    assert "needs.gap_unexplained" in codes(found)  # 0.5 catches the gaps 0.8 let through


def test_participants_are_counted_not_named_in_the_open_points_annex():
    data = variant()
    _minor_named(data)
    (minor,) = [f for f in open_points(data) if f.code == "privacy.minor_named"]
    assert "Elif Kaya" in minor.record.render("tr")
    assert "Elif Kaya" not in minor.record.render("tr", named=False)


# --- through the services, the CLI's and the web's one implementation -----------------------------


def test_the_example_reports_nothing_blocking(example):
    report = check_roadmap(CONSULTANT, SLUG)
    assert report.blocking() == []
    assert report.counts()["resolved"] >= 4  # the team's reasons, read from the example's files


def _add_input_without_response() -> None:
    svc.override_stage(COORDINATOR, SLUG, Stage.CONSULTATIONS, Status.DRAFT, "Yeni görüş eklenecek.")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content = view.content
    content["meetings"][2]["inputs"].append({"text": "Mahalle meclisleri yeniden kurulsun.", "source": ""})
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)


def _approve(stage: Stage) -> None:
    svc.submit_stage(TEAM, SLUG, stage)
    svc.review_stage(CONSULTANT, SLUG, stage, approve=True, comment="Uygundur.")


def test_an_input_without_response_blocks_the_roadmap_and_is_named(example):
    _add_input_without_response()
    report = check_roadmap(CONSULTANT, SLUG)
    (point,) = [f for f in report.blocking() if f.code == "inputs.no_response"]
    assert "Mahalle meclisleri" in point.render("tr") and "T3.4" in point.render("tr")
    _approve(Stage.CONSULTATIONS)  # stage 4 itself may go: the roadmap is where an answer is due
    with pytest.raises(TransitionRefused) as refused:
        svc.submit_stage(TEAM, SLUG, Stage.ROADMAP)
    assert any("Mahalle meclisleri" in line for line in refused.value.details("tr"))


def _with_minor(example_dir: Path) -> str:
    """A 15-year-old named on T2's list without a guardian's consent (stage 4 sent back to add her)."""
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Katılımcı listesi.")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content = view.content
    content["meetings"][1]["people"].append(
        {
            "id": "ogrenci-15",
            "name": "Elif Kaya",
            "organisation": "Örnekköy Anadolu Lisesi",
            "age": 15,
            "consent": True,
        }
    )
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)
    return "privacy.minor_named:ogrenci-15"


def test_a_minor_named_without_a_guardian_is_named_by_the_check_and_blocks_the_final_document(
    example, tmp_path
):
    key = _with_minor(example)
    (point,) = [f for f in check_roadmap(CONSULTANT, SLUG).blocking() if f.key == key]
    assert "Elif Kaya" in point.render("tr") and "15" in point.text("tr")
    with pytest.raises(TransitionRefused):  # stage 4 cannot be submitted with it
        svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    # the programme forces the stage through: the final document is still refused, naming the person
    svc.override_stage(COORDINATOR, SLUG, Stage.CONSULTATIONS, Status.APPROVED, "Takvim nedeniyle.")
    _approve(Stage.ROADMAP)
    with pytest.raises(TransitionRefused) as refused:
        build_roadmap_document(SLUG, out=tmp_path / "son.docx")
    assert refused.value.key == "refused.final_blocked"
    assert any("Elif Kaya" in line for line in refused.value.details("tr"))
    assert not (tmp_path / "son.docx").exists()


def test_a_consultants_waiver_lets_the_final_document_through_without_naming_the_minor(example, tmp_path):
    key = _with_minor(example)
    svc.waive_requirement(CONSULTANT, SLUG, Stage.CONSULTATIONS, key, "Veli onayı yazılı olarak alındı.")
    assert svc.audit_trail(CONSULTANT, SLUG)[-1].comment.startswith(key)
    _approve(Stage.CONSULTATIONS)
    _approve(Stage.ROADMAP)
    final = build_roadmap_document(SLUG, out=tmp_path / "son.docx")
    assert not final.draft
    text = full_text(final.path)
    assert "Elif Kaya" not in text  # the renderer names no minor without a guardian's consent
    assert "Açık noktalar" not in text  # the final document never carries the checklist


def test_a_reason_is_kept_with_the_stage_printed_in_the_document_and_blocking_points_refuse_one(
    example, tmp_path
):
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)  # a draft, still locked behind stage 4
    content = view.content
    content["explanations"] = []
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, content, view.version)
    (point,) = [f for f in check_roadmap(TEAM, SLUG).findings if f.code == "needs.no_action"]
    assert point.open
    explain_finding(TEAM, SLUG, point.key, "Bu boyut için ikinci dönemde eylem planlanacak.")
    (point,) = [f for f in check_roadmap(CONSULTANT, SLUG).findings if f.code == "needs.no_action"]
    assert point.state == "explained"
    audit = svc.audit_trail(CONSULTANT, SLUG)
    assert audit[-1].comment == point.key and audit[-1].actor == TEAM
    draft = build_roadmap_document(SLUG, out=tmp_path / "taslak.docx")
    text = full_text(draft.path)
    assert "Bu boyut için ikinci dönemde eylem planlanacak." in text  # in the needs chapter and the annex
    assert "Açık noktalar" in text
    _add_input_without_response()
    (blocking,) = [f for f in check_roadmap(TEAM, SLUG).blocking() if f.code == "inputs.no_response"]
    with pytest.raises(TransitionRefused):
        explain_finding(TEAM, SLUG, blocking.key, "Sonra yanıtlanacak.")
    with pytest.raises(NotFound):
        explain_finding(TEAM, SLUG, "needs.no_action:nothing", "x")


def test_the_document_never_names_who_was_not_invited(example, tmp_path):
    svc.override_stage(COORDINATOR, SLUG, Stage.CONSULTATIONS, Status.DRAFT, "Test")
    view = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    content = view.content
    content["meetings"][3]["invited"].remove("Örnekköy Kaymakamlığı")
    svc.update_stage(TEAM, SLUG, Stage.CONSULTATIONS, content, view.version)
    assert "consult.key_not_invited" in {f.code for f in check_roadmap(TEAM, SLUG).findings}
    text = full_text(build_roadmap_document(SLUG, out=tmp_path / "taslak.docx").path)
    assert "1 paydaş henüz davet edilmedi" in text  # how many, in the chapter
    assert "henüz davet edilmeyen paydaşlar:" not in text  # never a list of who


def test_a_programmes_own_rules_file_changes_what_it_names_and_keeps_the_rest(tmp_path):
    own = tmp_path / "kontroller.yaml"
    own.write_text(
        "severity:\n  consult.key_absent: warning\n  indicators.event: off\nlarge_gap: 0.6\n", "utf-8"
    )
    rules = check_rules(own)
    assert rules.severity_of("consult.key_absent").value == "warning"
    assert rules.severity_of("indicators.event") is None
    assert rules.severity_of("privacy.minor_named").value == "blocking"  # left out: as bundled
    assert rules.large_gap == 0.6 and rules.adult_age == 18
    broken = tmp_path / "bozuk.yaml"
    broken.write_text("large_gap: çok\n", "utf-8")
    with pytest.raises(InvalidInput) as refused:
        check_rules(broken)
    assert "bozuk.yaml" in refused.value.render("tr") and "large_gap" in refused.value.render("tr")
