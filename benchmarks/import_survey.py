"""Time to import and score 10,000 survey responses, from CSV and from XLSX.

Run with `.venv/bin/python benchmarks/import_survey.py`. Each figure is the median of 3 runs of the
whole path a user triggers: read and check the file, store the responses in SQLite (version-checked,
audited), and compute the findings.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

RESPONSES = 10_000
RUNS = 3
WORK = Path(tempfile.mkdtemp(prefix="roadmap-bench-survey-"))
os.environ.update(ROADMAP_DATA_DIR=str(WORK), ROADMAP_OUT_DIR=str(WORK / "out"))

TEAM = "ayse.yilmaz@ornekkoy.bel.tr"


def make_files(statements: list[str]) -> tuple[Path, Path]:
    from openpyxl import Workbook

    rng = random.Random(1)
    rows = [[f"R-{n:05d}", *[str(rng.randint(1, 5)) for _ in statements]] for n in range(RESPONSES)]
    csv_path = WORK / "survey.csv"
    with open(csv_path, "w", newline="", encoding="cp1254") as handle:  # as Turkish Excel saves it
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Katılımcı No", *statements])
        writer.writerows(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["respondent", *statements])
    for row in rows:
        sheet.append([row[0], *[int(v) for v in row[1:]]])
    xlsx_path = WORK / "survey.xlsx"
    book.save(xlsx_path)
    return csv_path, xlsx_path


def main() -> None:
    from roadmap.devtools.example import load_example
    from roadmap.domain.catalogues import instrument
    from roadmap.domain.content import RespondentGroup
    from roadmap.domain.stages import Stage
    from roadmap.services.needs import findings, import_survey
    from roadmap.services.stages import reopen_stage
    from roadmap.store.db import init_database

    init_database()
    load_example()
    reopen_stage("danisman@katiliyoruz.example.org", "ornekkoy", Stage.NEEDS, "benchmark")
    csv_path, xlsx_path = make_files(sorted(instrument().statement_ids()))

    def whole_path(path: Path) -> float:
        started = time.perf_counter()
        import_survey(TEAM, "ornekkoy", path, RespondentGroup.CIVIC)
        result = findings(TEAM, "ornekkoy")
        elapsed = time.perf_counter() - started
        assert result.civic_responses >= RESPONSES
        return elapsed

    print(f"{RESPONSES:,} responses × {len(instrument().statement_ids())} statements")
    print(f"{'file':<40}{'seconds (median of 3)':>24}")
    for label, path in (
        ("CSV (; cp1254), import + findings", csv_path),
        ("XLSX, import + findings", xlsx_path),
    ):
        times = [whole_path(path) for _ in range(RUNS)]  # the 2nd and 3rd runs replace, not add
        print(f"{label:<40}{statistics.median(times):>24.2f}")


if __name__ == "__main__":
    main()
