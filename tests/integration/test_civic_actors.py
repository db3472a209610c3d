"""The directory of civic actors: an import with duplicates, consent, matchmaking and the one-step register."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from sqlmodel import select

from roadmap.domain.actors import ActorFields, ActorKind, IntroductionStatus
from roadmap.domain.content import StakeholderType
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, PermissionDenied, StaleVersion, TransitionRefused
from roadmap.i18n import translate
from roadmap.imports.files import RefusedFile
from roadmap.services import stages as stage_service
from roadmap.services.actors import actor_details, add_to_register, import_actors, list_actors, save_actor
from roadmap.services.matchmaking import (
    introduce,
    introductions,
    make_partner,
    match_actors,
    update_introduction,
)
from roadmap.settings import EXAMPLES_DIR
from roadmap.store.db import unit_of_work
from roadmap.store.tables import AuditRecord, CivicActor

DIRECTORY = EXAMPLES_DIR / "programme" / "sivil-aktorler.csv"


@pytest.fixture
def directory(example: Path) -> Path:
    import_actors(COORDINATOR, DIRECTORY)
    return example


def _id(name: str) -> int:
    return next(a.id for a in list_actors(COORDINATOR) if a.name == name)


def test_a_directory_with_duplicates_and_near_duplicates_lists_each_organisation_once(example):
    result = import_actors(COORDINATOR, DIRECTORY)
    assert (result.rows_read, result.added, result.merged, result.total) == (11, 9, 2, 9)
    said = {(note.row, note.name, note.like, note.merged) for note in result.duplicates}
    assert said == {
        (9, "ÖRNEKKÖY GENÇLİK DERNEĞİ", "Örnekköy Gençlik Derneği", True),  # the same name in capitals
        (10, "Engelsiz Yasam Dern.", "Engelsiz Yaşam Derneği", True),  # without Turkish letters, shortened
        (12, "Acik Veri Platfomu", "Açık Veri Platformu", False),  # a typo: probably the same, only said
    }
    youth = actor_details(COORDINATOR, _id("Örnekköy Gençlik Derneği"))
    assert youth.derbis == "26-001-101" and youth.focus_areas == ["genclik-meclisi", "gonulluluk"]
    again = import_actors(COORDINATOR, DIRECTORY)
    assert (again.added, again.total) == (0, 9)  # importing the file again adds nobody


def test_a_near_duplicate_is_merged_when_asked(example):
    result = import_actors(COORDINATOR, DIRECTORY, merge_duplicates=True)
    assert result.total == 8
    assert "Acik Veri Platfomu" not in {a.name for a in list_actors(COORDINATOR)}


def test_a_bad_row_names_its_row_and_column_and_nothing_is_stored(example, tmp_path):
    bad = tmp_path / "rehber.csv"
    bad.write_bytes(
        "Kuruluş adı;Tür;İl;DERBİS no;MERSİS no\n"
        "Yeni Umut Derneği;dernek;Örnekil;06-012-345;\n"
        "Işık Kooperatifi;kooperatif;Örnekil;;12345\n"
        "Kıyı Topluluğu;topluluk;Örnekil;;\n".encode("cp1254")  # Turkish Excel's own encoding
    )
    with pytest.raises(RefusedFile) as refused:
        import_actors(COORDINATOR, bad)
    text = refused.value.render("tr")
    assert "Satır 3, sütun 'MERSİS no'" in text and "'12345' bir MERSİS numarası değil" in text
    assert "Satır 4, sütun 'Tür'" in text and "'topluluk' bir kuruluş türü değil" in text
    assert list_actors(COORDINATOR) == []  # the good row was not stored either


def test_teams_see_a_contact_only_where_it_may_be_listed_and_no_organisation_without_kvkk_consent(directory):
    seen = {a.name: a for a in list_actors(TEAM)}
    assert seen["Örnekköy Gençlik Derneği"].contact_email == "iletisim@ornekkoygenclik.org"
    assert seen["Kadın Emeği Kooperatifi"].contact_email == ""  # did not agree to be listed
    assert "Gençlik Çalışmaları Federasyonu" not in seen  # no consent to sharing (KVKK) yet
    assert "Gençlik Çalışmaları Federasyonu" in {a.name for a in list_actors(COORDINATOR)}
    assert {a.name for a in list_actors(TEAM, province="ÖRNEKİL", focus="genclik-meclisi")} == {
        "Örnekil Üniversitesi Katılım Kulübü",
        "Örnekköy Gençlik Derneği",
    }


def test_only_programme_staff_edit_the_directory_and_a_stale_edit_is_refused(directory):
    club = actor_details(COORDINATOR, _id("Örnekil Üniversitesi Katılım Kulübü"))
    with pytest.raises(PermissionDenied):
        save_actor(TEAM, club.id, club.fields(), club.version)
    save_actor(COORDINATOR, club.id, club.fields().model_copy(update={"district": "Örnekköy"}), club.version)
    with pytest.raises(StaleVersion):
        save_actor(COORDINATOR, club.id, club.fields(), club.version)
    assert actor_details(TEAM, club.id).district == "Örnekköy"
    current = actor_details(COORDINATOR, club.id)
    save_actor(
        COORDINATOR, club.id, current.fields().model_copy(update={"kvkk_consent": False}), current.version
    )
    assert club.id not in {a.id for a in list_actors(TEAM)}  # consent withdrawn: no longer shared
    with unit_of_work() as session:
        notes = [
            a.comment for a in session.exec(select(AuditRecord).where(AuditRecord.action == "actor_edit"))
        ]
    assert notes[-1] == "Örnekil Üniversitesi Katılım Kulübü: KVKK kapsamında paylaşım onayı geri çekildi"
    with pytest.raises(InvalidInput) as listed:
        save_actor(COORDINATOR, None, ActorFields(name="Orneknkoy Genclik Dernegi", kind=ActorKind.DERNEK))
    assert "Örnekköy Gençlik Derneği" in listed.value.text("tr")


def test_matches_for_the_example_are_ranked_local_first_with_reasons_in_words(directory):
    found = {item.action_code: item for item in match_actors(TEAM, SLUG)}
    complaints = [s.actor.name for s in found["3.1"].suggestions]  # a complaints-and-feedback action
    assert complaints[0] == "Engelsiz Yaşam Derneği"  # in the district and on the goal's focus area
    assert complaints.index("Katılımcı Kent Vakfı") == len(complaints) - 1  # on the subject, but in Ankara
    first = found["3.1"].suggestions[0]
    said = [translate(r.key, "tr", **r.params) for r in first.reasons]
    assert said == [
        "aynı ilçede (Örnekköy)",
        "hedefin odak alanında çalışıyor (Şikâyet, talep ve geri bildirim mekanizmaları)",
        "paydaş listenizde zaten var",
    ]
    youth = [s.actor.name for s in found["2.1"].suggestions]
    assert youth[0] == "Örnekköy Gençlik Derneği"
    assert "Örnekil Üniversitesi Katılım Kulübü" in youth  # same province, on the subject
    english = {item.action_code: item for item in match_actors(TEAM, SLUG, "en")}
    kulup = next(
        s for s in english["2.1"].suggestions if s.actor.name == "Örnekil Üniversitesi Katılım Kulübü"
    )
    assert [translate(r.key, "en", **r.params) for r in kulup.reasons] == [
        "in the same province (Örnekil)",
        "works on the goal's focus area (Youth council and youth participation)",
        "not yet in your stakeholder register",
    ]
    assert "Gençlik Çalışmaları Federasyonu" not in youth  # no KVKK consent: never suggested


def test_an_introduction_is_logged_and_the_organisation_becomes_a_partner_on_the_action(directory):
    club = _id("Örnekil Üniversitesi Katılım Kulübü")
    number = introduce(CONSULTANT, SLUG, club, "2.1", "Ocak'ta birebir görüşme")
    logged = introductions(TEAM, SLUG)[0]
    assert (logged.id, logged.actor_name, logged.action_code, logged.introduced_by) == (
        number,
        "Örnekil Üniversitesi Katılım Kulübü",
        "2.1",
        CONSULTANT,
    )
    with pytest.raises(InvalidInput) as twice:
        introduce(TEAM, SLUG, club, "2.1")
    assert f"no. {number}" in twice.value.text("tr")
    suggestion = next(
        s
        for item in match_actors(TEAM, SLUG)
        if item.action_code == "2.1"
        for s in item.suggestions
        if s.actor.id == club
    )
    assert suggestion.introduced and any(r.key == "match.reason.active" for r in suggestion.reasons)
    update_introduction(TEAM, SLUG, number, IntroductionStatus.MEETING, "Görüşme 12 Ocak'ta", logged.version)
    with pytest.raises(StaleVersion):
        update_introduction(TEAM, SLUG, number, IntroductionStatus.IN_CONTACT, "", logged.version)
    make_partner(TEAM, SLUG, club, "2.1")
    plan = stage_service.show_stage(TEAM, SLUG, Stage.ROADMAP).content
    action = plan["goals"][1]["actions"][0]
    assert "Örnekil Üniversitesi Katılım Kulübü" in action["partners"]
    assert introductions(TEAM, SLUG)[0].status == IntroductionStatus.PARTNER
    with pytest.raises(InvalidInput):
        make_partner(TEAM, SLUG, club, "2.1")


def test_a_directory_organisation_joins_the_register_in_one_step_through_the_stage_service(directory):
    social = _id("Sosyal Fayda Girişimi")
    with pytest.raises(TransitionRefused):  # the stakeholder map is approved: it is reopened first
        add_to_register(TEAM, SLUG, social)
    stage_service.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Rehberden yeni paydaş")
    before = stage_service.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version
    add_to_register(TEAM, SLUG, social)
    after = stage_service.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    assert after.version == before + 1
    entry = next(s for s in after.content["stakeholders"] if s["name"] == "Sosyal Fayda Girişimi")
    assert entry["type"] == StakeholderType.SOCIAL_ENTERPRISE.value
    assert entry["email"] == ""  # its contact did not agree to be listed
    assert entry["focus_areas"] == ["gonulluluk", "stk-isbirligi"]
    with pytest.raises(InvalidInput) as again:
        add_to_register(TEAM, SLUG, social)
    assert "zaten var" in again.value.text("tr")
    with pytest.raises(InvalidInput):  # the register already has it under its own name (the same e-mail)
        add_to_register(TEAM, SLUG, _id("Kadın Emeği Kooperatifi"))
    with unit_of_work() as session:
        audit = session.exec(select(AuditRecord).where(AuditRecord.stage == int(Stage.STAKEHOLDERS))).all()
        assert any("Sosyal Fayda Girişimi" in a.comment for a in audit)
        assert session.exec(select(CivicActor)).all()
