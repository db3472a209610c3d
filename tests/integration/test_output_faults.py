"""Faults people meet when writing files: a folder that cannot be written, an export killed halfway,
the stage changing while an import reads its file. Each says what happened; nothing is left wrong."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import SLUG, TEAM
from docx import Document

from roadmap import pipeline
from roadmap.errors import OutputError, StaleVersion, importing
from roadmap.services.exports import export_versions

ROADMAP = str(Path(sys.executable).parent / "roadmap")
COORDINATOR = "koordinator@katiliyoruz.example.org"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200", ROADMAP_USER=COORDINATOR)
    return subprocess.run([ROADMAP, *args], capture_output=True, text=True, env=env, timeout=180)


@pytest.mark.parametrize(
    "where, turkish, english",
    [
        ("/sys/yol-haritasi.docx", "bu klasöre yazma izniniz yok", "no permission to write"),  # even for root
        ("{tmp}/not-a-folder.txt/yol-haritasi.docx", "klasör değil, dosya", "is a file, not a folder"),
    ],
)
def test_an_export_into_a_folder_that_cannot_be_written_says_what_and_where(
    example, tmp_path, where, turkish, english
):
    (tmp_path / "not-a-folder.txt").write_text("x")
    out = where.format(tmp=tmp_path)
    before = [v.number for v in export_versions(COORDINATOR, SLUG)]
    for lang, reason in (("tr", turkish), ("en", english)):
        result = run("--lang", lang, "export", SLUG, "--out", out)
        assert result.returncode == 1, result.stderr
        said = " ".join((result.stdout + result.stderr).split())
        assert out in said and reason in said
        assert "Beklenmeyen" not in said and "Unexpected" not in said and "Traceback" not in said
    assert [v.number for v in export_versions(COORDINATOR, SLUG)] == before  # no version for no file


def test_the_cohort_workbook_into_a_folder_that_cannot_be_written_says_so(example, tmp_path):
    from roadmap.services.cohorts import add_to_cohort, create_cohort

    create_cohort(COORDINATOR, "deneme-2026", "Deneme dönemi", date(2026, 9, 1), date(2027, 8, 31))
    add_to_cohort(COORDINATOR, "deneme-2026", [SLUG], [])
    (tmp_path / "dosya").write_text("x")
    result = run("cohort", "report", "deneme-2026", "--out", str(tmp_path / "dosya" / "rapor.xlsx"))
    said = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1 and "klasör değil, dosya" in said, said


def _cover_version(path: Path) -> str:
    text = "\n".join(p.text for p in Document(str(path)).paragraphs[:40])
    return next(line for line in text.splitlines() if "Belge sürümü" in line)


def test_an_export_killed_after_recording_leaves_no_file_that_names_another_version(example, tmp_path):
    out = tmp_path / "yol-haritasi.docx"
    first = pipeline.build_roadmap_document(SLUG, "tr", out=out, actor=TEAM)
    first_sha = hashlib.sha256(out.read_bytes()).hexdigest()

    # The next export records its version and is killed before its file is put in place.
    options = pipeline.ExportOptions(
        lang="tr",
        out=out,
        reference=pipeline.check_template(pipeline.get_settings().reference_docx),
        actor=TEAM,
    )
    state = pipeline.load_roadmap(SLUG, False, TEAM)
    analysis = pipeline.analyse_roadmap(state.data, "tr")
    written = pipeline.write_document(
        state, analysis, pipeline.draw_charts(state.data, analysis, "tr"), options
    )
    recorded = pipeline.record_export(
        pipeline.acting(TEAM), SLUG, state.next_number, "tr", False, True, state.data, written
    )
    # ... killed here: the old file is still in place, whole, and is the version it says it is.
    versions = {v.number: v.sha256 for v in export_versions(TEAM, SLUG)}
    assert hashlib.sha256(out.read_bytes()).hexdigest() == first_sha == versions[first.number]
    assert recorded == first.number + 1

    # The next export takes a new number; the stale partial file is cleaned up when its writer is gone.
    os.rename(written, written.with_name(written.name.replace(str(os.getpid()), "999999999")))
    third = pipeline.build_roadmap_document(SLUG, "tr", out=out, actor=TEAM)
    assert third.number == recorded + 1
    versions = {v.number: v.sha256 for v in export_versions(TEAM, SLUG)}
    assert hashlib.sha256(out.read_bytes()).hexdigest() == versions[third.number]
    assert third.version == first.version  # the data did not change: the same version, a new export
    assert _cover_version(out).endswith(f": {third.version}")
    assert not list(tmp_path.glob(".*.partial*"))


def test_an_import_refused_for_a_stage_changed_meanwhile_says_to_import_again(tmp_path):
    with pytest.raises(StaleVersion) as refused, importing(tmp_path / "paydaslar.xlsx"):
        raise StaleVersion("refused.stale", given=3, current=4)
    assert refused.value.key == "refused.stale_import"
    turkish, english = refused.value.text("tr"), refused.value.text("en")
    assert "paydaslar.xlsx" in turkish and "yeniden içe aktarın" in turkish and "stage show" not in turkish
    assert "Import the file again" in english


def test_writing_refusals_name_the_reason_for_every_common_fault(tmp_path):
    from roadmap.atomic import write_atomically

    folder = tmp_path / "klasor"
    folder.mkdir()
    with pytest.raises(OutputError) as refused:
        write_atomically(folder, lambda temporary: temporary.write_bytes(b"x"))  # a folder by that name
    assert "bu adda bir klasör var" in refused.value.text("tr")
    with pytest.raises(OutputError) as refused:
        write_atomically(tmp_path / ("a" * 300 + ".docx"), lambda temporary: temporary.write_bytes(b"x"))
    assert "too long" in refused.value.text("en")
    assert not list(tmp_path.glob(".*.partial*"))
