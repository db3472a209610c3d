"""Several people at once, and processes killed halfway: no lost update, no half-written file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import CONSULTANT, SLUG, TEAM
from docx import Document

from roadmap.domain.stages import Stage
from roadmap.errors import StaleVersion
from roadmap.pipeline import build_roadmap_document
from roadmap.services import stages as svc


def test_two_editors_saving_the_same_version_at_once_one_wins_the_other_is_told(example):
    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP)
    view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(who: str) -> None:
        content = dict(view.content, vision=f"{who} tarafından yazılan vizyon")
        start.wait()
        try:
            svc.update_stage(TEAM, SLUG, Stage.ROADMAP, content, view.version)
            outcomes[who] = "saved"
        except StaleVersion:
            outcomes[who] = "refused"

    threads = [threading.Thread(target=edit, args=(who,)) for who in ("Ayşe", "Mehmet")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(who for who, result in outcomes.items() if result == "saved")
    after = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
    assert after.version == view.version + 1 and after.content["vision"].startswith(winner)


def test_a_build_during_edits_writes_a_whole_document_from_one_snapshot(example, tmp_path):
    svc.open_stage_early(CONSULTANT, SLUG, Stage.ROADMAP)
    stop = threading.Event()

    def keep_editing() -> None:
        n = 0
        while not stop.is_set():
            view = svc.show_stage(TEAM, SLUG, Stage.ROADMAP)
            with contextlib.suppress(StaleVersion):
                svc.update_stage(
                    TEAM, SLUG, Stage.ROADMAP, dict(view.content, vision=f"Sürüm {n}"), view.version
                )
            n += 1

    editor = threading.Thread(target=keep_editing)
    editor.start()
    try:
        results = [build_roadmap_document(SLUG, out=tmp_path / "yol.docx") for _ in range(3)]
    finally:
        stop.set()
        editor.join()
    text = "\n".join(p.text for p in Document(str(results[-1].path)).paragraphs)
    visions = [line for line in text.splitlines() if line.startswith("Sürüm ")]
    assert len(visions) == 1  # one snapshot, not a mix of two
    assert [r.number for r in results] == [1, 2, 3]
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".docx") == ["yol.docx"]


def _run_and_kill(args: list[str], after: float) -> None:
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "roadmap"), *args],
        env=dict(os.environ, ROADMAP_USER=TEAM),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(after)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_an_export_killed_halfway_leaves_the_previous_document_whole(example, tmp_path):
    out = tmp_path / "out" / "yol.docx"
    build_roadmap_document(SLUG, out=out)
    before = out.read_bytes()
    for delay in (0.8, 1.4, 2.0):
        _run_and_kill(["export", SLUG, "--out", str(out)], delay)
        after = out.read_bytes()
        assert after == before or Document(str(out)).paragraphs  # old file, or a complete new one
        before = after
    build_roadmap_document(SLUG, out=out)  # the next export clears what killed writers left behind
    assert [p.name for p in out.parent.iterdir()] == ["yol.docx"]


def test_an_import_killed_halfway_changes_nothing(example, tmp_path):
    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Büyük liste gelecek.")
    before = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    rows = "\n".join(f"Dernek {n:05d};STK;{n % 5 + 1};{(n * 3) % 5 + 1}" for n in range(40_000))
    big = tmp_path / "buyuk.csv"
    big.write_text("ad;tür;güç;ilgi\n" + rows + "\n", encoding="utf-8")
    _run_and_kill(["import", "stakeholders", SLUG, str(big)], 1.5)
    after = svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS)
    assert (after.version, after.content) == (before.version, before.content)


def test_an_import_during_a_build_neither_blocks_nor_breaks_the_other(example, tmp_path):
    from roadmap.services.stakeholders import import_stakeholders

    svc.reopen_stage(CONSULTANT, SLUG, Stage.STAKEHOLDERS, "Yeni liste.")
    rows = "\n".join(f"Yeni Dernek {n:04d};STK;2;4" for n in range(2_000))
    path = tmp_path / "liste.csv"
    path.write_text("ad;tür;güç;ilgi\n" + rows + "\n", encoding="utf-8")
    built: list = []
    builder = threading.Thread(
        target=lambda: built.extend(
            build_roadmap_document(SLUG, out=tmp_path / f"yol-{n}.docx") for n in range(3)
        )
    )
    builder.start()
    result = import_stakeholders(TEAM, SLUG, path)
    builder.join()
    assert result.added == 2_000
    assert [b.number for b in built] == [1, 2, 3]
    assert all(Document(str(b.path)).paragraphs for b in built)
    assert len(svc.show_stage(TEAM, SLUG, Stage.STAKEHOLDERS).content["stakeholders"]) == 57 + 2_000


def test_two_processes_building_the_same_municipality_record_it_once_per_number(example, tmp_path):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from roadmap.batch import build_one
    from roadmap.services.exports import export_versions

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(build_one, "ornekkoy", "tr", tmp_path / "docs", True) for _ in range(2)]
        outcomes = [f.result() for f in futures]
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    numbers = [v.number for v in export_versions("koordinator@katiliyoruz.example.org", "ornekkoy")]
    assert len(numbers) == len(set(numbers)) >= 1  # never the same number twice
    assert {o.number for o in outcomes} <= set(numbers)
    Document(str(tmp_path / "docs" / "ornekkoy-yol-haritasi-tr.docx"))  # a whole document
