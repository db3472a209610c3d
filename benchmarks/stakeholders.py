"""Time to import 5,000 stakeholders (CSV and XLSX) and to build the register's grid, warnings and chart.

Run with `.venv/bin/python benchmarks/stakeholders.py`. Figures are medians of 3 runs.
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
from pathlib import Path

from timing import median_seconds  # benchmarks/timing.py

COUNT = 5_000
RUNS = 3
WORK = Path(tempfile.mkdtemp(prefix="roadmap-bench-stakeholders-"))
os.environ.update(ROADMAP_DATA_DIR=str(WORK), ROADMAP_OUT_DIR=str(WORK / "out"))
TEAM = "ayse.yilmaz@ornekkoy.bel.tr"
TYPES = ["STK", "dernek", "üniversite", "sosyal girişim", "özel sektör", "kamu kurumu", "medya", "muhtarlık"]
LEVELS = ["bilgilendirme", "danışma", "dahil etme", "işbirliği", "yetkilendirme"]
FOCUS = ["Kent konseyinin güçlendirilmesi", "Gençlik meclisi ve gençlerin katılımı", "e-katilim", ""]


def rows() -> list[list[str]]:
    rng = random.Random(5)
    return [
        [
            f"Paydaş Kuruluşu {n:05d}",
            rng.choice(TYPES),
            f"Kişi {n}",
            f"iletisim{n}@example.org",
            f"0 (5{n % 100:02d}) 555 {n % 10000:04d}",
            rng.choice(["1", "2", "3", "4", "5", "düşük", "orta", "yüksek"]),
            str(rng.randint(1, 5)),
            rng.choice(FOCUS),
            rng.choice(LEVELS),
        ]
        for n in range(COUNT)
    ]


def main() -> None:
    from openpyxl import Workbook

    from roadmap.analysis.stakeholders import numbered, power_interest_grid, register_warnings
    from roadmap.devtools.example import load_example
    from roadmap.domain.content import FocusAreas
    from roadmap.domain.stages import Stage
    from roadmap.render.charts import power_interest_chart
    from roadmap.services.stages import reopen_stage
    from roadmap.services.stakeholders import import_stakeholders, stakeholder_register
    from roadmap.store.db import init_database

    init_database()
    load_example()
    reopen_stage("danisman@katiliyoruz.example.org", "ornekkoy", Stage.STAKEHOLDERS, "benchmark")
    header = [
        "Ad",
        "Tür",
        "İletişim kişisi",
        "E-posta",
        "Telefon",
        "Güç",
        "İlgi",
        "Odak alanları",
        "Katılım düzeyi",
    ]
    data = rows()
    csv_path = WORK / "paydaslar.csv"
    with open(csv_path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *data])
    xlsx_path = WORK / "paydaslar.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in [header, *data]:
        sheet.append(row)
    book.save(xlsx_path)

    csv_time = median_seconds(lambda: import_stakeholders(TEAM, "ornekkoy", csv_path), RUNS)
    xlsx_time = median_seconds(lambda: import_stakeholders(TEAM, "ornekkoy", xlsx_path), RUNS)
    register = stakeholder_register(TEAM, "ornekkoy")
    people = [s for members in register.grid.values() for s in members] + register.unplaced

    def grid_and_warnings() -> None:
        power_interest_grid(people)
        register_warnings(people, FocusAreas(), {})

    grid_time = median_seconds(grid_and_warnings, RUNS)

    def chart(count: int) -> float:
        placed = [(n, s) for n, _, s in numbered(power_interest_grid(people))][:count]
        return median_seconds(
            lambda: power_interest_chart(placed, ("İlgi", "Güç"), ["a", "b", "c", "d"]), RUNS
        )

    chart_80, chart_all = chart(80), chart(len(people))
    print(f"{len(people):,} stakeholders in the register after importing {COUNT:,} rows")
    print(f"{'step':<52}{'seconds (median of 3)':>24}")
    print(f"{'import 5,000 rows from CSV (re-import: all updates)':<52}{csv_time:>24.2f}")
    print(f"{'import 5,000 rows from XLSX (re-import: all updates)':<52}{xlsx_time:>24.2f}")
    print(f"{'grid by quadrant + warnings (incl. duplicates)':<52}{grid_time:>24.2f}")
    print(f"{'power/interest chart, 80 numbered points (PNG)':<52}{chart_80:>24.2f}")
    print(f"{'power/interest chart, all as bubbles per cell (PNG)':<52}{chart_all:>24.2f}")


if __name__ == "__main__":
    main()
