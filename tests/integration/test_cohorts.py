"""Cohorts: the synthetic generator, building a whole cohort, the progress report, a cohort's own instrument."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import CONSULTANT, COORDINATOR, SLUG, TEAM, use_data_dir
from openpyxl import load_workbook
from sqlalchemy import text
from test_document import full_text

from roadmap.batch import build_many
from roadmap.devtools.synthetic import generate_cohort
from roadmap.domain.stages import Stage, Status
from roadmap.domain.validation import ProgrammeRules, validate_stage
from roadmap.errors import InvalidInput, NotFound, PermissionDenied
from roadmap.render.cohort_report import write_report_xlsx
from roadmap.services.access import SYSTEM
from roadmap.services.cohorts import (
    add_to_cohort,
    cohort_members,
    cohort_progress,
    cohort_status,
    create_cohort,
)
from roadmap.store.db import get_engine, init_database, unit_of_work
from roadmap.store.repository import roadmap_data
from roadmap.store.tables import Municipality


def _snapshot() -> dict[str, dict]:
    from sqlmodel import select

    with unit_of_work() as session:
        rows = session.exec(select(Municipality)).all()
        return {
            m.slug: {"name": m.name, "kind": m.kind, **roadmap_data(session, m).model_dump(mode="json")}
            for m in rows
        }


def test_the_generator_gives_the_same_cohort_for_the_same_seed_and_another_for_another(tmp_path):
    snapshots = []
    for folder, seed in (("a", 5), ("b", 5), ("c", 6)):
        use_data_dir(tmp_path / folder)
        init_database()
        generate_cohort(12, seed)
        snapshots.append(json.dumps(_snapshot(), sort_keys=True))
    assert snapshots[0] == snapshots[1]
    assert snapshots[0] != snapshots[2]


def test_a_generated_cohort_is_plausible_and_at_mixed_stages(empty_db):
    result = generate_cohort(60, 11)
    assert result.created == 60 and len(cohort_members(SYSTEM, result.cohort)) == 60
    assert {"il", "ilçe", "belde"} <= {k for k, n in result.by_kind.items() if n}
    assert len(result.by_stage) >= 5  # municipalities at many different points of the journey
    rules = ProgrammeRules()
    with unit_of_work() as session:
        from sqlmodel import select

        for municipality in session.exec(select(Municipality)).all():
            assert municipality.name.endswith("Belediyesi")
            data = roadmap_data(session, municipality)
            for stage in Stage:
                if data.statuses[stage] == Status.APPROVED and stage < Stage.SHARE:
                    errors = [
                        p
                        for p in validate_stage(stage, data.content(stage), data, rules)
                        if p.severity == "error"
                    ]
                    assert not errors, (municipality.slug, stage, errors)


def test_one_municipality_with_broken_data_fails_alone_and_is_named(empty_db, tmp_path):
    cohort = generate_cohort(6, 3).cohort
    slugs = list(cohort_members(SYSTEM, cohort))
    broken = slugs[2]
    with get_engine().begin() as connection:  # data an older version (or a hand edit) left behind
        connection.execute(
            text(
                "UPDATE stage_record SET data = :data WHERE stage = 2 AND municipality_id ="
                " (SELECT id FROM municipality WHERE slug = :slug)"
            ),
            {"data": json.dumps({"candidates": [{"code": "x", "local_priority": 9}]}), "slug": broken},
        )
    summary = build_many(slugs, "tr", tmp_path / "docs", workers=2, chunk_size=2)
    assert summary.built == 5 and summary.failed == 1
    failure = summary.failures()[0]
    assert failure.slug == broken and "local_priority" in failure.error
    names = cohort_members(SYSTEM, cohort)
    for outcome in summary.outcomes:
        if outcome.ok:
            assert names[outcome.slug] in full_text(Path(outcome.path))

    again = build_many(slugs, "tr", tmp_path / "docs", workers=1)  # nothing changed: nothing rebuilt
    assert (again.built, again.unchanged, again.failed) == (0, 5, 1)


def _example_cohort(starts: date) -> None:
    create_cohort(COORDINATOR, "katiliyoruz-2026", "KATILIYORUZ 2026", starts, starts + timedelta(days=350))
    add_to_cohort(COORDINATOR, "katiliyoruz-2026", [SLUG], [CONSULTANT])


def test_the_cohort_status_says_who_waits_on_whom_and_what_is_overdue(example):
    _example_cohort(date.today() - timedelta(days=300))
    later = date.today() + timedelta(days=30)
    status = cohort_status(COORDINATOR, "katiliyoruz-2026", today=later)
    (row,) = status.rows
    assert (row.stage, row.status, row.waiting_on) == (Stage.CONSULTATIONS, Status.SUBMITTED, "consultant")
    assert {o.kind for o in row.overdue} == {"schedule", "review"}
    assert status.consultants == [CONSULTANT]
    assert status.by_stage()["consultations"] == 1


def test_a_consultant_sees_only_assigned_municipalities_and_a_team_member_no_cohort(example):
    _example_cohort(date.today())
    generate_cohort(3, 1, cohort_slug="katiliyoruz-2026-b")
    with unit_of_work() as session:
        from sqlmodel import select

        other = session.exec(select(Municipality).where(Municipality.slug != SLUG)).first()
        other.cohort_id = session.exec(select(Municipality.cohort_id).where(Municipality.slug == SLUG)).one()
        session.add(other)
    assert len(cohort_status(COORDINATOR, "katiliyoruz-2026").rows) == 2
    assert [r.slug for r in cohort_status(CONSULTANT, "katiliyoruz-2026").rows] == [SLUG]
    with pytest.raises(NotFound):
        cohort_status(TEAM, "katiliyoruz-2026")
    with pytest.raises(PermissionDenied):
        add_to_cohort(CONSULTANT, "katiliyoruz-2026", [SLUG], [])


def test_a_cohort_needs_a_period_and_a_coordinator(example):
    with pytest.raises(InvalidInput, match="bitiş"):
        create_cohort(COORDINATOR, "ters", "Ters", date(2027, 1, 1), date(2026, 1, 1))
    with pytest.raises(PermissionDenied):
        create_cohort(TEAM, "yeni", "Yeni", date(2027, 1, 1), date(2027, 6, 1))
    with pytest.raises(NotFound):
        add_to_cohort(COORDINATOR, "olmayan", [SLUG], [])


def test_the_report_workbook_lists_every_municipality_and_keeps_formulas_as_text(example, tmp_path):
    _example_cohort(date.today() - timedelta(days=300))
    with unit_of_work() as session:
        from sqlmodel import select

        municipality = session.exec(select(Municipality).where(Municipality.slug == SLUG)).one()
        municipality.name = '=HYPERLINK("http://kotu.example","Tıkla")'
        session.add(municipality)
    path = write_report_xlsx(cohort_progress(COORDINATOR, "katiliyoruz-2026"), "tr", tmp_path / "rapor.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Özet", "Belediyeler"]
    sheet = book["Belediyeler"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Belediye", "Tür", "İl", "Bulunduğu aşama"]
    name, *_ = (c for c in sheet[2])
    assert name.data_type == "s" and name.value.startswith("'=HYPERLINK")
    values = [c.value for c in sheet[2]]
    assert "4 Katılım toplantıları" in values and "danışman" in values


def test_a_cohort_with_its_own_instrument_builds_with_its_dimensions(example, tmp_path):
    instrument = tmp_path / "arac.yaml"
    instrument.write_text(
        """id: programme-tool
version: 1
scale: {1: {tr: Hiç, en: Never}, 5: {tr: Her zaman, en: Always}}
dimensions:
  - id: special
    tr: Programa özgü katılım boyutu
    en: A programme's own dimension
    source: Program
    statements:
      - {id: ST1, tr: Birinci ifade, en: First statement}
      - {id: ST2, tr: İkinci ifade, en: Second statement}
""",
        encoding="utf-8",
    )
    with unit_of_work() as session:  # the example's survey answered the bundled statements
        from sqlmodel import select

        municipality = session.exec(select(Municipality).where(Municipality.slug == SLUG)).one()
        data = roadmap_data(session, municipality)
    first, second = sorted(data.needs.responses[0].answers)[:2]
    instrument.write_text(
        instrument.read_text().replace("ST1", first).replace("ST2", second), encoding="utf-8"
    )
    create_cohort(
        COORDINATOR, "ozel", "Özel araçlı kohort", date(2026, 1, 1), date(2026, 12, 31), instrument=instrument
    )
    add_to_cohort(COORDINATOR, "ozel", [SLUG], [])
    summary = build_many([SLUG], "tr", tmp_path / "docs")
    assert summary.built == 1, summary.failures()
    text_ = full_text(Path(summary.outcomes[0].path))
    assert "Programa özgü katılım boyutu" in text_


@pytest.mark.flow
def test_the_cohort_build_flow_builds_every_roadmap_in_processes_and_lists_each_outcome(
    empty_db, prefect_harness, tmp_path
):
    import asyncio

    from prefect.client.orchestration import get_client

    from flows.cohort import cohort_report, run_cohort_build

    cohort = generate_cohort(6, 2).cohort
    done: list[int] = []
    summary = run_cohort_build(
        cohort, "tr", tmp_path / "docs", workers=2, chunk_size=3, progress=lambda o: done.append(len(o))
    )
    assert (summary.built, summary.failed) == (6, 0) and sorted(done) == [3, 3]
    assert all(Path(o.path).exists() for o in summary.outcomes)
    report = Path(cohort_report(cohort, "tr", str(tmp_path / "rapor.xlsx")))
    assert load_workbook(report)["Belediyeler"].max_row == 7

    async def artifacts() -> dict[str, object]:
        async with get_client() as client:
            return {a.key: a.data for a in await client.read_latest_artifacts()}

    found = asyncio.run(artifacts())
    rows = found[f"cohort-build-{cohort}"]
    rows = json.loads(rows) if isinstance(rows, str) else rows
    assert sorted(r["slug"] for r in rows) == sorted(cohort_members(SYSTEM, cohort)) and {
        r["result"] for r in rows
    } == {"built"}
    assert "Bulunduğu aşama" in found[f"cohort-report-{cohort}"]


def test_a_cohorts_own_focus_catalogue_is_what_its_municipalities_choose_from(example, tmp_path):
    from roadmap.domain.catalogues import focus_catalogue
    from roadmap.services.consultations import read_data

    areas = [
        {**area.model_dump(), "code": f"ozel-{n}", "tr": f"Programa özgü alan {n}"}
        for n, area in enumerate(list(focus_catalogue().values())[:3])
    ]
    path = tmp_path / "katalog.yaml"
    path.write_text(__import__("yaml").safe_dump(areas, allow_unicode=True), encoding="utf-8")
    create_cohort(
        COORDINATOR, "ozel", "Özel kataloglu kohort", date(2026, 1, 1), date(2026, 12, 31), catalogue=path
    )
    add_to_cohort(COORDINATOR, "ozel", [SLUG], [])
    data = read_data(TEAM, SLUG)  # the catalogue travels with the municipality's data, not in a global
    assert sorted(data.catalogues.catalogue) == ["ozel-0", "ozel-1", "ozel-2"]
    assert sorted(focus_catalogue()) != sorted(data.catalogues.catalogue)  # the bundled one is untouched
    assert data.catalogues.focus_title("ozel-1", "tr") == "Programa özgü alan 1"


def test_a_cohorts_partners_with_their_logos_are_on_the_cover_of_its_roadmaps(example, tmp_path):
    from docx import Document
    from PIL import Image

    from roadmap.pipeline import build_roadmap_document
    from roadmap.services.cohorts import add_to_cohort, create_cohort, set_cohort_partners

    logo = tmp_path / "ndi.png"
    Image.new("RGB", (120, 40), "navy").save(logo)
    fake = tmp_path / "logo.png"
    fake.write_text("not an image")
    create_cohort(COORDINATOR, "ortakli", "KATILIYORUZ 2027", date(2027, 1, 1), date(2027, 12, 31))
    add_to_cohort(COORDINATOR, "ortakli", [SLUG], [])
    with pytest.raises(InvalidInput, match="PNG ya da JPEG"):
        set_cohort_partners(COORDINATOR, "ortakli", [("NDI Türkiye", fake)])
    with pytest.raises(PermissionDenied):
        set_cohort_partners(TEAM, "ortakli", [("NDI Türkiye", logo)])
    assert (
        set_cohort_partners(
            COORDINATOR, "ortakli", [("NDI Türkiye", logo), ("Türkiye Kent Konseyleri Birliği", None)]
        )
        == 2
    )
    document = Document(str(build_roadmap_document(SLUG, out=tmp_path / "kapak.docx").path))
    cover = "\n".join(p.text for p in document.paragraphs[:20])
    assert "Program ortakları: NDI Türkiye ve Türkiye Kent Konseyleri Birliği" in cover
    assert logo.read_bytes() in [
        part.blob for part in document.part.package.iter_parts()
    ]  # the logo, as given
