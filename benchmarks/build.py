"""Time to build the example roadmap: its steps (charts, document, total), direct steps vs the
Prefect flow, and `roadmap status`.

Run with `make bench` (or `.venv/bin/python benchmarks/build.py`). Prints medians of 5 warm runs.
`--steps` prints only the steps, without Prefect: run it with another checkout on PYTHONPATH to put
two commits side by side (the script uses only what both have).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
WORK = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
os.environ.update(
    ROADMAP_DATA_DIR=str(WORK), ROADMAP_OUT_DIR=str(WORK / "out"), PREFECT_HOME=str(WORK / "prefect")
)

from timing import median_seconds, seconds  # noqa: E402  # benchmarks/timing.py

from roadmap.settings import configure_prefect_defaults  # noqa: E402

configure_prefect_defaults(WORK / "prefect")


def steps() -> None:
    """Each step of one build, warm, with no LibreOffice layout pass (a cohort build's case)."""
    from roadmap import pipeline

    options = pipeline.ExportOptions(
        lang="tr",
        out=WORK / "out" / "steps.docx",
        reference=pipeline.check_template(pipeline.get_settings().reference_docx),
    )
    timings: dict[str, list[float]] = {"read": [], "analyse": [], "charts": [], "document": [], "total": []}
    for _ in range(RUNS + 1):
        started = time.perf_counter()
        state = pipeline.load_roadmap("ornekkoy")
        read = time.perf_counter()
        analysis = pipeline.analyse_roadmap(state.data, "tr")
        analysed = time.perf_counter()
        charts = pipeline.draw_charts(state.data, analysis, "tr")
        drawn = time.perf_counter()
        written = pipeline.write_document(state, analysis, charts, options)
        done = time.perf_counter()
        if written != options.out:
            written.unlink(missing_ok=True)  # a partial file: this measures writing, not recording
        for name, value in zip(
            timings,
            (read - started, analysed - read, drawn - analysed, done - drawn, done - started),
            strict=True,
        ):
            timings[name].append(value)
    print(f"{'step (median of 5, warm)':<48}{'seconds':>10}")
    for name, values in timings.items():
        print(f"{name:<48}{statistics.median(values[1:]):>10.3f}")


def main() -> None:
    from roadmap.devtools.example import load_example
    from roadmap.pipeline import build_roadmap_document
    from roadmap.store.db import init_database

    init_database()
    load_example()
    os.environ["ROADMAP_DOCUMENT_LAYOUT"] = "never"  # builds, not LibreOffice, are measured here
    steps()
    if "--steps" in sys.argv:
        return
    out = WORK / "out" / "bench.docx"

    build_roadmap_document("ornekkoy", out=out)  # warm: imports, fonts, caches
    started = time.perf_counter()
    from flows.build_roadmap import run_in_process

    run_in_process("ornekkoy", out=out)
    cold = time.perf_counter() - started
    run_in_process("ornekkoy", out=out)

    # Interleaved, so the Prefect server's background work (it runs beside us on the same two
    # cores) weighs on both paths alike.
    pairs = [
        (
            seconds(lambda: build_roadmap_document("ornekkoy", out=out)),
            seconds(lambda: run_in_process("ornekkoy", out=out)),
        )
        for _ in range(RUNS)
    ]
    direct = statistics.median(d for d, _ in pairs)
    orchestrated = statistics.median(o for _, o in pairs)

    roadmap = str(Path(sys.executable).parent / "roadmap")
    env = dict(os.environ, ROADMAP_USER="ayse.yilmaz@ornekkoy.bel.tr")
    status = median_seconds(
        lambda: subprocess.run([roadmap, "status", "ornekkoy"], env=env, capture_output=True, check=True),
        RUNS,
    )

    from docx import Document

    document = Document(str(out))
    rows = sum(len(t.rows) for t in document.tables)
    print(
        f"Example document: {len(document.tables)} tables, {rows} table rows, {len(document.inline_shapes)} charts"
    )
    print(f"{'measure':<48}{'seconds':>10}")
    print(f"{'build, direct (median of 5, warm)':<48}{direct:>10.3f}")
    print(f"{'build, Prefect flow (median of 5, warm)':<48}{orchestrated:>10.3f}")
    print(f"{'  ratio Prefect / direct':<48}{orchestrated / direct:>10.2f}x")
    print(f"{'first Prefect flow call (cold, boots server)':<48}{cold:>10.1f}")
    print(f"{'roadmap status, whole process (median of 5)':<48}{status:>10.3f}")


if __name__ == "__main__":
    main()
