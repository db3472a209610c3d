"""Deploy our flows to a Prefect server's process work pool (``scripts/prefect-stack.sh`` calls this).

    PREFECT_API_URL=http://127.0.0.1:4200/api .venv/bin/python -m flows.deploy --pool roadmap-pool

The source is this project folder: the workers run in the same virtualenv, with the project installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from roadmap.settings import configure_prefect_defaults

configure_prefect_defaults()

from prefect import flow  # noqa: E402
from prefect.schedules import Cron  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
FLOWS = {
    "cohort-build": "flows/cohort.py:cohort_build",
    "cohort-report": "flows/cohort.py:cohort_report",
    "build-roadmap": "flows/build_roadmap.py:build_roadmap",
    "monitoring-reminders": "flows/monitoring.py:monitoring_reminders",
    "daily-digest": "flows/monitoring.py:daily_digest",
}
TIMEZONE = "Europe/Istanbul"
# Flows that run by themselves on a server: reminders each morning, the digest at the settings' hour.
SCHEDULES = {
    "monitoring-reminders": "0 9 * * *",
    "daily-digest": "0 8 * * *",
}


def schedules(name: str) -> list[Cron]:
    """The schedule a deployment runs on (none: it runs when asked)."""
    return [Cron(SCHEDULES[name], timezone=TIMEZONE)] if name in SCHEDULES else []


def deploy(pool: str) -> list[str]:
    """Create or update one deployment per flow; returns their names (``flow/deployment``)."""
    names = []
    for name, entrypoint in FLOWS.items():
        source = flow.from_source(source=str(PROJECT), entrypoint=entrypoint)
        source.deploy(name=name, work_pool_name=pool, print_next_steps=False, schedules=schedules(name))
        names.append(f"{name}/{name}")
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pool", default="roadmap-pool")
    args = parser.parse_args()
    for name in deploy(args.pool):
        print(f"deployed {name}")


if __name__ == "__main__":
    main()
