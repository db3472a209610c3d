"""What the consultant's checklist costs: the checks alone, `status_report` (which now carries them) and
the stage pages (which show them), on the example.

    .venv/bin/python benchmarks/checks.py

Prints medians of warm runs. It uses only what a checkout before the checklist also has (except the
first line), so running it with another checkout on PYTHONPATH puts two commits side by side:

    git worktree add /tmp/before e38f395
    PYTHONPATH=/tmp/before .venv/bin/python benchmarks/checks.py
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import median_seconds  # benchmarks/timing.py

WORK = Path(tempfile.mkdtemp(prefix="roadmap-bench-checks-"))
os.environ.update(ROADMAP_DATA_DIR=str(WORK), ROADMAP_OUT_DIR=str(WORK / "out"))
RUNS = 21
TEAM = "ayse.yilmaz@ornekkoy.bel.tr"
COORDINATOR = "koordinator@katiliyoruz.example.org"
PASSWORD = "benchmark-parola-2026"


def median_ms(action: Callable[[], object]) -> float:
    return 1000 * median_seconds(action, RUNS, warm=True)


def main() -> None:
    from fastapi.testclient import TestClient

    from roadmap.devtools.example import load_example
    from roadmap.services.accounts import set_password
    from roadmap.services.stages import status_report
    from roadmap.store.db import init_database
    from roadmap.web.app import create_app

    init_database()
    load_example()
    set_password(COORDINATOR, TEAM, PASSWORD)
    print(f"{'measure (median of 21, warm)':<48}{'ms':>10}")
    try:
        from roadmap.analysis.chain import chain_findings
        from roadmap.domain.checklist import check_rules
        from roadmap.services.consultations import read_data

        data = read_data(TEAM, "ornekkoy")
        rules = check_rules()
        print(
            f"{'chain checks on the example (pure)':<48}{median_ms(lambda: chain_findings(data, rules)):>10.1f}"
        )
    except ImportError:
        print(f"{'chain checks on the example (pure)':<48}{'—':>10}")
    print(
        f"{'status_report (service, one transaction)':<48}{median_ms(lambda: status_report(TEAM, 'ornekkoy')):>10.1f}"
    )
    browser = TestClient(create_app(), base_url="http://testserver", follow_redirects=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
    assert token is not None
    browser.post(
        "/login", data={"email": TEAM, "password": PASSWORD, "next": "/", "csrf_token": token.group(1)}
    )
    for number in range(6):
        path = f"/m/ornekkoy/stages/{number}"
        assert browser.get(path).status_code == 200
        print(f"{'GET ' + path:<48}{median_ms(lambda path=path: browser.get(path)):>10.1f}")


if __name__ == "__main__":
    main()
