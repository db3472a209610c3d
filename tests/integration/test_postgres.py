"""The same product on PostgreSQL: migrations, the workflow, concurrent editors, SQLite ↔ PostgreSQL backups."""

from __future__ import annotations

import os
import threading

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM, use_data_dir
from test_document import content_text

from roadmap.devtools.example import load_example
from roadmap.domain.stages import Stage
from roadmap.errors import StaleVersion
from roadmap.pipeline import build_roadmap_document, load_roadmap
from roadmap.services import stages as svc
from roadmap.services.bundle import export_bundle, import_bundle
from roadmap.settings import reset_settings
from roadmap.store.db import init_database

pytestmark = pytest.mark.postgres


def test_the_workflow_runs_on_postgresql(postgres, tmp_path):
    assert init_database().startswith("postgresql")
    load_example()
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True)
    assert svc.submit_stage(TEAM, SLUG, Stage.ROADMAP) == 1
    result = build_roadmap_document(SLUG, out=tmp_path / "pg.docx")
    assert result.number == 1 and "Örnekköy" in content_text(result.path)


def test_two_editors_on_postgresql_one_wins(postgres):
    init_database()
    load_example()
    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP)
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    start, outcomes = threading.Barrier(2), []

    def edit(who: str) -> None:
        start.wait()
        try:
            svc.update_stage(TEAM, SLUG, Stage.ROADMAP, dict(view.content, vision=who), view.version)
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("refused")

    threads = [threading.Thread(target=edit, args=(w,)) for w in ("Ayşe", "Mehmet")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]


def test_a_backup_moves_from_sqlite_to_postgresql_and_back(example, tmp_path, postgres):
    # ``example`` made a SQLite database; ``postgres`` switched to PostgreSQL: go back to fetch the bundle.
    use_data_dir(example)
    data, original = load_roadmap(SLUG).data, build_roadmap_document(SLUG, out=tmp_path / "sqlite.docx")
    export_bundle(COORDINATOR, SLUG, tmp_path / "sqlite.json")

    os.environ["ROADMAP_DATABASE_URL"] = postgres
    reset_settings()
    init_database()
    import_bundle(None, tmp_path / "sqlite.json")
    assert load_roadmap(SLUG).data == data
    on_postgres = build_roadmap_document(SLUG, out=tmp_path / "pg.docx")
    assert content_text(on_postgres.path) == content_text(original.path)
    export_bundle(COORDINATOR, SLUG, tmp_path / "pg.json")

    use_data_dir(tmp_path / "back")  # a fresh SQLite database
    init_database()
    import_bundle(None, tmp_path / "pg.json")
    assert load_roadmap(SLUG).data == data


def test_a_generated_cohort_is_built_and_reported_on_postgresql(postgres, tmp_path):
    from roadmap.batch import build_many
    from roadmap.devtools.synthetic import generate_cohort
    from roadmap.services.access import SYSTEM
    from roadmap.services.cohorts import cohort_members, cohort_progress

    init_database()
    cohort = generate_cohort(8, 4).cohort
    slugs = list(cohort_members(SYSTEM, cohort))
    summary = build_many(slugs[:4], "tr", tmp_path / "docs", workers=2, chunk_size=2)
    assert (summary.built, summary.failed) == (4, 0)
    status = cohort_progress(SYSTEM, cohort)
    assert len(status.rows) == 8 and sum(r.exports for r in status.rows) == 4
