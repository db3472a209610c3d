"""Backup and restore: a bundle restored elsewhere reproduces the same roadmap."""

from __future__ import annotations

import json

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM, use_data_dir
from test_document import content_text

from roadmap.cli import explain
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput, RoadmapError
from roadmap.pipeline import build_roadmap_document, load_roadmap
from roadmap.services import review
from roadmap.services import stages as svc
from roadmap.services.bundle import SCHEMA, export_bundle, import_bundle
from roadmap.services.exports import export_versions
from roadmap.store.db import init_database


def test_a_restored_municipality_has_the_same_data_history_and_document(example, tmp_path):
    first = review.add_comment(CONSULTANT, SLUG, Stage.ROADMAP, "Bütçe kalemleri eksik.")
    review.reply(TEAM, SLUG, first, "Eklendi.")
    original = build_roadmap_document(SLUG, out=tmp_path / "original.docx")
    data = load_roadmap(SLUG).data
    trail = [(a.actor, a.action, a.comment) for a in svc.audit_trail(COORDINATOR, SLUG)]
    bundle = tmp_path / "yedek.json"
    assert export_bundle(COORDINATOR, SLUG, bundle) == 1

    use_data_dir(tmp_path / "elsewhere")  # an empty database on another machine
    init_database()
    assert import_bundle(None, bundle) == [SLUG]
    assert load_roadmap(SLUG).data == data
    assert [(a.actor, a.action, a.comment) for a in svc.audit_trail(COORDINATOR, SLUG)] == trail
    (thread,) = review.threads(TEAM, SLUG)
    assert (thread.text, [r.text for r in thread.replies]) == ("Bütçe kalemleri eksik.", ["Eklendi."])
    assert [v.number for v in export_versions(TEAM, SLUG)] == [1]
    restored = build_roadmap_document(SLUG, out=tmp_path / "restored.docx")
    assert restored.number == 2 and content_text(restored.path) == content_text(original.path)
    assert svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True).value == "approved"


def test_restoring_over_an_existing_municipality_needs_replace_and_a_coordinator(example, tmp_path):
    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)
    with pytest.raises(RoadmapError) as refused:
        import_bundle(COORDINATOR, bundle)
    assert "--replace" in explain(refused.value, "tr")  # the CLI says how; the product's words name no flag
    assert "--replace" not in refused.value.text("tr")
    with pytest.raises(RoadmapError):
        import_bundle(TEAM, bundle, replace=True)
    assert import_bundle(COORDINATOR, bundle, replace=True) == [SLUG]


def test_a_bundle_from_a_newer_version_or_not_a_bundle_is_refused(example, tmp_path):
    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)
    newer = json.loads(bundle.read_text(encoding="utf-8")) | {"schema": SCHEMA + 1}
    (tmp_path / "yeni.json").write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(InvalidInput, match="daha yeni bir sürümün"):
        import_bundle(COORDINATOR, tmp_path / "yeni.json", replace=True)
    (tmp_path / "liste.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidInput, match="yol haritası yedeği değil"):
        import_bundle(COORDINATOR, tmp_path / "liste.json")


def test_a_bundle_that_fails_halfway_restores_nothing(example, tmp_path):
    bundle = tmp_path / "yedek.json"
    export_bundle(COORDINATOR, SLUG, bundle)
    content = json.loads(bundle.read_text(encoding="utf-8"))
    good = content["municipalities"][0]
    broken = json.loads(json.dumps(good))
    broken["municipality"]["slug"] = "bozukkoy"
    broken["stages"][3]["content"]["stakeholders"][0]["power"] = 9
    content["municipalities"] = [
        json.loads(json.dumps(good)) | {"municipality": good["municipality"] | {"slug": "yenikoy"}},
        broken,
    ]
    (tmp_path / "iki.json").write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(InvalidInput, match="bozukkoy.*3. aşama") as refused:
        import_bundle(COORDINATOR, tmp_path / "iki.json")
    assert "stakeholders.0.power" in str(refused.value)
    from roadmap.services.municipalities import list_municipalities

    assert [m.slug for m in list_municipalities(COORDINATOR)] == [SLUG]
