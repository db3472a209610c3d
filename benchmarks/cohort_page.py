"""The cohort page after a write (a miss of the kept page): the monitoring heatmap, the office rows and
the whole page, on a generated national cohort in a scratch data folder.

    .venv/bin/python benchmarks/cohort_page.py                    # 1,390 municipalities, seed 11
    .venv/bin/python benchmarks/cohort_page.py --count 200 --dir /tmp/kohort-200   # keep the folder

The folder's database is generated once (about a minute for 1,390) and reused by later runs given the
same --dir. Prints the median of --repeat runs of each part, in seconds; every page request follows a
write, so the page is made afresh each time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PASSWORD = "benchmark-parola-2026"


CPU: list[
    float
] = []  # the process's CPU seconds of the last measure: steadier than wall time on a busy machine


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times, cpu = [], []
    for _ in range(repeat):
        started, busy = time.perf_counter(), time.process_time()
        work()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - busy)
    CPU[:] = [statistics.median(cpu)]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1390)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--dir", type=Path, default=None, help="scratch data folder (kept; reused if it exists)"
    )
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="roadmap-cohort-page-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(ROADMAP_DATA_DIR=str(folder), ROADMAP_OUT_DIR=str(folder / "out"))

    from fastapi.testclient import TestClient

    from roadmap.devtools.synthetic import generate_cohort
    from roadmap.services.access import SYSTEM
    from roadmap.services.accounts import set_password
    from roadmap.services.cohort_monitoring import cohort_monitoring
    from roadmap.services.office import office_rows
    from roadmap.store.db import init_database, unit_of_work
    from roadmap.store.repository import write_admin_audit
    from roadmap.web.app import create_app

    cohort = f"sentetik-{args.seed}"
    coordinator = f"koordinator@{cohort}.example.org"
    fresh = not (folder / "roadmap.db").exists()
    init_database()
    if fresh:
        started = time.perf_counter()
        generate_cohort(args.count, args.seed)
        print(f"generated {args.count} municipalities in {time.perf_counter() - started:.1f} s ({folder})")

    set_password(SYSTEM, coordinator, PASSWORD)

    def write() -> None:
        with unit_of_work() as session:
            write_admin_audit(session, coordinator, "benchmark", None, "a write: the kept page is stale")

    status = cohort_monitoring(coordinator, cohort)
    monitored = sum(1 for row in status.rows if row.monitored)
    print(f"{len(status.rows)} municipalities, {monitored} monitored, quarters {status.periods}")
    heatmap = median_seconds(lambda: cohort_monitoring(coordinator, cohort), args.repeat)
    heatmap_cpu = CPU[0]
    first_page = [row.slug for row in sorted(status.rows, key=lambda r: r.name)][:50]
    office = median_seconds(lambda: office_rows(coordinator, cohort, first_page), args.repeat)
    office_cpu = CPU[0]

    browser = TestClient(create_app(), base_url="http://testserver", follow_redirects=False)
    login = browser.get("/login").text
    csrf = login.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    signed = browser.post(
        "/login", data={"email": coordinator, "password": PASSWORD, "next": "/", "csrf_token": csrf}
    )
    assert signed.status_code == 303, signed.text

    def page() -> None:
        write()
        response = browser.get(f"/cohort?cohort={cohort}")
        assert response.status_code == 200, response.status_code

    whole = median_seconds(page, args.repeat)
    whole_cpu = CPU[0]
    write_cost = median_seconds(write, args.repeat)
    kept = median_seconds(lambda: browser.get(f"/cohort?cohort={cohort}"), args.repeat)
    print(f"cohort_monitoring         {heatmap:.3f} s (CPU {heatmap_cpu:.3f} s)")
    print(f"office_rows (50 shown)    {office:.3f} s (CPU {office_cpu:.3f} s)")
    print(
        f"GET /cohort after a write {whole:.3f} s (CPU {whole_cpu:.3f} s; the write itself {write_cost:.3f} s)"
    )
    print(f"GET /cohort kept          {kept:.3f} s")
    print(f"page size {len(browser.get(f'/cohort?cohort={cohort}').content) / 1024:.0f} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
