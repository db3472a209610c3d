"""Web latency with a national cohort: the journey, stage and cohort pages under concurrent clients.

    .venv/bin/python benchmarks/web.py                       # 1,400 municipalities, 20 clients
    .venv/bin/python benchmarks/web.py --count 200 --clients 5 --rounds 5

Generates the cohort into a fresh SQLite database, starts `roadmap serve` on 127.0.0.1, signs in
20 clients (team members of different municipalities, consultants, the coordinator) and lets each
request its pages in a bounded loop, all at once. Prints p50/p95/max per page kind.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

WORK = Path(os.environ.get("ROADMAP_BENCH_DIR") or tempfile.mkdtemp(prefix="roadmap-web-bench-"))
os.environ.update(ROADMAP_BENCH_DIR=str(WORK), ROADMAP_DATA_DIR=str(WORK), ROADMAP_OUT_DIR=str(WORK / "out"))
PASSWORD = "benchmark-parola-2026"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(count: int, clients: int) -> tuple[str, list[tuple[str, str]]]:
    """The cohort, and (e-mail, municipality) for each client: mostly team members, some reviewers."""
    from sqlmodel import select

    from roadmap.devtools.synthetic import generate_cohort
    from roadmap.domain.stages import Role
    from roadmap.services.access import SYSTEM
    from roadmap.services.accounts import set_password
    from roadmap.services.municipalities import upsert_user
    from roadmap.store.db import init_database, unit_of_work
    from roadmap.store.tables import Municipality, User

    init_database()
    started = time.perf_counter()
    cohort = generate_cohort(count, 11).cohort
    print(f"generated {count} municipalities in {time.perf_counter() - started:.1f} s", flush=True)
    with unit_of_work() as session:
        municipalities = session.exec(select(Municipality).order_by(Municipality.id)).all()
        step = max(1, len(municipalities) // clients)
        people = []
        for n in range(clients - 3):
            target = municipalities[(n * step) % len(municipalities)]
            email = f"ekip{n}@{target.slug}.bel.tr"
            upsert_user(session, email, f"Ekip {n}", Role.TEAM_MEMBER, target)
            people.append((email, target.slug))
        consultants = session.exec(select(User).where(User.role == "consultant").order_by(User.id)).all()
    for email, _ in people:
        set_password(SYSTEM, email, PASSWORD)
    reviewers = [(c.email, "") for c in consultants[:2]] + [(f"koordinator@{cohort}.example.org", "")]
    for email, _ in reviewers:
        set_password(SYSTEM, email, PASSWORD)
    return cohort, people + reviewers


def client_loop(
    think: float,
    base: str,
    email: str,
    slug: str,
    cohort: str,
    rounds: int,
    timings: dict[str, list[float]],
    lock: threading.Lock,
) -> None:
    import httpx

    pace = random.Random(email)
    with httpx.Client(base_url=base, timeout=60) as http:
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text).group(1)  # type: ignore[union-attr]
        signed_in = http.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
        if signed_in.status_code != 303:
            raise SystemExit(f"{email}: sign-in failed (HTTP {signed_in.status_code})")
        if not slug:  # a reviewer looks at municipalities of the cohort table
            page = http.get(f"/cohort?cohort={cohort}").text
            slug = re.search(r'href="/m/([a-z0-9-]+)"', page).group(1)  # type: ignore[union-attr]
        paths = [("journey", f"/m/{slug}")] + [("stage", f"/m/{slug}/stages/{n}") for n in range(7)]
        if "koordinator" in email or "danisman" in email:
            paths.append(("cohort", f"/cohort?cohort={cohort}"))
        for _, path in paths:  # one warm-up round, not measured
            http.get(path)
        for _ in range(rounds):
            for kind, path in paths:
                started = time.perf_counter()
                response = http.get(path)
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise SystemExit(f"{email} {path}: HTTP {response.status_code}")
                with lock:
                    timings.setdefault(kind, []).append(elapsed)
                if think:  # a person reads the page before the next click (people are not in step)
                    time.sleep(pace.uniform(0.5, 1.5) * think)


def run_group(
    think: float, base: str, group: list[tuple[str, str]], cohort: str, rounds: int
) -> dict[str, list[float]]:
    """One client process: a thread per client, all at once; returns the timings by page kind."""
    timings: dict[str, list[float]] = {}
    lock = threading.Lock()
    threads = [
        threading.Thread(target=client_loop, args=(think, base, email, slug, cohort, rounds, timings, lock))
        for email, slug in group
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a client waits between requests")
    parser.add_argument("--client-processes", type=int, default=1, help="processes the clients run in")
    args = parser.parse_args()

    cohort, people = prepare(args.count, args.clients)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "roadmap"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(200):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        # Clients run as threads in a few processes, so that the load generator's own GIL does not
        # add to the latencies it measures.
        groups = [people[n :: args.client_processes] for n in range(args.client_processes)]
        timings: dict[str, list[float]] = {}
        started = time.perf_counter()
        with ProcessPoolExecutor(len(groups), mp_context=multiprocessing.get_context("spawn")) as pool:
            jobs = [
                pool.submit(run_group, args.think, base, group, cohort, args.rounds)
                for group in groups
                if group
            ]
            for job in jobs:
                for kind, values in job.result().items():
                    timings.setdefault(kind, []).extend(values)
        total = time.perf_counter() - started
        expected = sum(args.rounds * (9 if not slug else 8) for _, slug in people)
        if sum(len(v) for v in timings.values()) != expected:
            raise SystemExit("some clients failed; see above")
    finally:
        server.terminate()
        server.wait(timeout=20)

    requests = sum(len(v) for v in timings.values())
    print(
        f"{args.count} municipalities, {len(people)} clients (think {args.think:g} s), "
        f"{args.workers} server processes: "
        f"{requests} requests in {total:.1f} s ({requests / total:.0f}/s)"
    )
    print(f"{'page':8s} {'n':>6s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
    for kind in ("journey", "stage", "cohort"):
        values = sorted(timings.get(kind, []))
        if not values:
            continue
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(
            f"{kind:8s} {len(values):6d} {statistics.median(values) * 1000:8.0f} {p95 * 1000:8.0f} {values[-1] * 1000:8.0f}"
        )


if __name__ == "__main__":
    main()
