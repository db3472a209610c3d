"""Records inside a stage keep their identity: through edits, imports, bundles, migrations and diffs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from alembic import command
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM
from sqlalchemy import text

from roadmap.domain.content import Consultations, RoadmapPlan
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput
from roadmap.pipeline import load_roadmap
from roadmap.services import review
from roadmap.services import stages as svc
from roadmap.services.bundle import export_bundle, import_bundle
from roadmap.settings import EXAMPLES_DIR, get_settings
from roadmap.store.db import _alembic_config, get_engine, init_database

ROADMAP = [sys.executable, "-m", "roadmap"]


def _changes(stage: Stage, old: str = "1", new: str = "current") -> list[str]:
    return [line.render("tr") for line in review.stage_diff(TEAM, SLUG, stage, old, new)]


def test_every_record_of_the_example_has_an_id_that_a_second_read_gives_again(example):
    first = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).content
    again = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).content
    ids = [m["id"] for m in first["meetings"]] + [i["id"] for m in first["meetings"] for i in m["inputs"]]
    assert all(ids) and len(set(ids)) == len(ids)
    assert first == again
    members = svc.show_stage(TEAM, SLUG, Stage.TEAM).content["members"]
    assert all(m["id"] for m in members)


def test_a_second_member_with_an_existing_members_name_is_added_not_a_change(example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.TEAM, "Yeni üye")
    view = svc.show_stage(TEAM, SLUG, Stage.TEAM)
    first = view.content["members"][0]
    namesake = {
        "name": first["name"],
        "directorate": "Fen İşleri Müdürlüğü",
        "email": "ikinci@ornekkoy.bel.tr",
    }
    view.content["members"].append(namesake)
    svc.update_stage(TEAM, SLUG, Stage.TEAM, view.content, view.version)
    assert _changes(Stage.TEAM) == [f"ekip üyesi eklendi: {first['name']}"]


def test_a_renamed_member_is_reported_as_renamed_and_keeps_the_rest(example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.TEAM, "Soyadı değişti")
    view = svc.show_stage(TEAM, SLUG, Stage.TEAM)
    member = view.content["members"][1]
    old_name, member_id = member["name"], member["id"]
    member["name"] = "Mehmet Demir-Kaya"
    svc.update_stage(TEAM, SLUG, Stage.TEAM, view.content, view.version)
    assert _changes(Stage.TEAM) == [f"ekip üyesi yeniden adlandırıldı: {old_name} → Mehmet Demir-Kaya"]
    assert svc.show_stage(TEAM, SLUG, Stage.TEAM).content["members"][1]["id"] == member_id


def test_an_inputs_action_link_survives_renumbering_the_actions(example):
    data = load_roadmap(SLUG).data
    given = next(i for _, i in data.consultations.inputs() if i.action)
    action = data.action_of(given)
    assert action is not None
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True)
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    view.content["goals"].reverse()  # goal 3 becomes goal 1: every action code changes
    for goal in view.content["goals"]:
        goal["actions"].reverse()
    svc.update_stage(TEAM, SLUG, Stage.ROADMAP, view.content, view.version)
    after = load_roadmap(SLUG).data
    moved = after.action_of(next(i for _, i in after.consultations.inputs() if i.id == given.id))
    assert moved is not None and moved.id == action.id and moved.title == action.title
    assert after.plan.action_codes()[action.id] != data.plan.action_codes()[action.id]


def test_an_older_input_that_names_its_action_by_code_is_linked_to_that_actions_id():
    plan = RoadmapPlan.model_validate(
        {
            "goals": [
                {
                    "focus_area": "kent-konseyi",
                    "title": "Amaç",
                    "actions": [{"title": "Bir"}, {"title": "İki"}],
                }
            ]
        }
    )
    consultations = Consultations.model_validate(
        {
            "meetings": [
                {"title": "Toplantı", "audience": "external", "held": True, "day": "2026-05-01",
                 "inputs": [{"text": "Bir öneri", "response": "accepted", "action": "1.2"}]}
            ]
        }
    )  # fmt: skip
    from test_validation import data as roadmap_data

    data = roadmap_data(consultations=consultations, plan=plan)
    given = data.consultations.inputs()[0][1]
    assert given.action == plan.goals[0].actions[1].id


def test_two_records_with_one_id_are_refused_with_the_id_named(example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Kopya")
    view = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    copy = dict(view.content["stakeholders"][0], name="Kopyalanan Dernek")
    view.content["stakeholders"].append(copy)
    with pytest.raises(InvalidInput) as refused:
        svc.update_stage(TEAM, SLUG, Stage.STAKEHOLDERS, view.content, view.version)
    assert copy["id"] in refused.value.render("tr") and "iki kayıtta" in refused.value.render("tr")
    assert svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).version == view.version


def test_reimporting_the_stakeholder_list_keeps_every_stakeholders_id(example):
    from roadmap.services.stakeholders import import_stakeholders

    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Liste yeniden")
    before = {
        s["name"]: s["id"] for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]
    }
    import_stakeholders(TEAM, SLUG, EXAMPLES_DIR / "ornekkoy" / "paydaslar.csv")
    after = {
        s["name"]: s["id"] for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]
    }
    assert {name: after[name] for name in before} == before  # probable duplicates are added beside


def test_a_bundle_carries_the_ids_to_another_database(example, tmp_path):
    ids = [s["id"] for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]]
    members = [m["id"] for m in svc.show_stage(TEAM, SLUG, Stage.TEAM).content["members"]]
    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)
    import_bundle(COORDINATOR, bundle, replace=True)
    assert [s["id"] for s in svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]] == ids
    assert [m["id"] for m in svc.show_stage(TEAM, SLUG, Stage.TEAM).content["members"]] == members


def test_the_migration_gives_existing_records_ids_and_links_inputs_by_id(example):
    config = _alembic_config(get_settings().resolved_database_url())
    command.downgrade(config, "0005")
    engine = get_engine()
    with engine.begin() as connection:  # the data as an older version of the tool wrote it
        for row_id, stage, raw in connection.execute(text("SELECT id, stage, data FROM stage_record")).all():
            data = json.loads(raw) if isinstance(raw, str) else raw
            if stage == 4:
                for meeting in data["meetings"]:
                    meeting.pop("id")
                    for given in meeting["inputs"]:
                        given.pop("id")
                        if given.get("action") == "eylem-3-1":
                            given["action"] = "3.1"
            if stage == 5:
                for goal in data["goals"]:
                    goal.pop("id")
                    for action in goal["actions"]:
                        action.pop("id")
            connection.execute(
                text("UPDATE stage_record SET data = :data WHERE id = :id"),
                {"data": json.dumps(data), "id": row_id},
            )
    engine.dispose()
    init_database()
    data = load_roadmap(SLUG).data
    assert all(m.id for m in data.consultations.meetings) and all(m.id for m in data.team.members)
    stored = svc.show_stage(TEAM, SLUG, Stage.CONSULTATIONS).content
    linked = next(i for m in stored["meetings"] for i in m["inputs"] if i["text"].startswith("Beyaz Masa"))
    third_goal_first_action = svc.show_stage(TEAM, SLUG, Stage.ROADMAP).content["goals"][2]["actions"][0]
    assert linked["action"] == third_goal_first_action["id"]


def test_roadmap_diff_on_the_command_line_says_added_for_a_namesake(example):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.TEAM, "Yeni üye")
    view = svc.show_stage(TEAM, SLUG, Stage.TEAM)
    name = view.content["members"][0]["name"]
    view.content["members"].append(
        {"name": name, "directorate": "Zabıta Müdürlüğü", "phone": "0224 000 00 00"}
    )
    svc.update_stage(TEAM, SLUG, Stage.TEAM, view.content, view.version)
    done = subprocess.run(
        [*ROADMAP, "diff", SLUG, "0", "1", "current", "--as", TEAM], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"ekip üyesi eklendi: {name}" in done.stdout
    assert "→" not in done.stdout  # nobody "changed directorate"


def test_a_comment_can_anchor_to_a_record_and_an_unknown_record_is_refused(example):
    from roadmap.errors import NotFound
    from roadmap.store.db import unit_of_work
    from roadmap.store.tables import ReviewComment

    stakeholder = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"][2]
    number = review.add_comment(
        CONSULTANT, SLUG, Stage.STAKEHOLDERS, "İlgi düzeyi yüksek mi?", record_id=stakeholder["id"]
    )
    with unit_of_work() as session:
        assert session.get(ReviewComment, number).record_id == stakeholder["id"]  # type: ignore[union-attr]
    with pytest.raises(NotFound, match="kimlikli bir kayıt yok"):
        review.add_comment(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "?", record_id="yok-boyle-bir-kayit")
