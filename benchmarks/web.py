"""Web pages under load: a national cohort behind `roadmap serve --workers 2`, and the example's
stakeholder stage on one server process.

    .venv/bin/python benchmarks/web.py                       # 1,400 municipalities, 20 clients
    .venv/bin/python benchmarks/web.py --compare e2f192d     # the same against that commit, side by side
    .venv/bin/python benchmarks/web.py --count 200 --clients 5 --rounds 5 --rate-pages 3,journey

Two measures:
- latency: the cohort is generated into a fresh SQLite database (with the example municipality);
  20 clients (team members of different municipalities, two consultants, the coordinator) sign in
  and request their pages in a closed loop, all at once, against `roadmap serve --workers 2`.
  Prints p50/p95/max per page kind (journey, stage, cohort).
- rate: the example's stakeholder stage (57 stakeholders, as its team member reads it) requested
  by --connections clients in a closed loop for --seconds against `roadmap serve --workers 1`:
  requests a second on one server process (wrk when installed, else httpx clients).

With --compare REV, REV is checked out into a temporary git worktree; each build generates its
database with its own code (same seed) and runs its own servers; the measurements alternate between
the builds (--repeat times each), and both are printed side by side with the ratio new/old.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from revisions import ROOT, checkout, environment, label_of_working_tree, ratio  # benchmarks/revisions.py

PASSWORD = "benchmark-parola-2026"
EXAMPLE_TEAM = "ayse.yilmaz@ornekkoy.bel.tr"
KINDS = ("journey", "stage", "cohort")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- the database: run in a child process with the build's own code on the path ----------------------


def prepare(count: int, clients: int) -> dict[str, object]:
    """The cohort and the example, and (e-mail, municipality) for each client: mostly team members,
    some reviewers (whose municipality is the first of the cohort table)."""
    from sqlmodel import select

    from roadmap.devtools.example import load_example
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
    seconds = time.perf_counter() - started
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
    reviewers = [(c.email, "") for c in consultants[:2]] + [(f"koordinator@{cohort}.example.org", "")]
    load_example()
    for email, _ in [*people, *reviewers, (EXAMPLE_TEAM, "")]:
        set_password(SYSTEM, email, PASSWORD)
    return {"cohort": cohort, "people": people + reviewers, "seconds": seconds}


@dataclass
class Build:
    """One revision of the project: its code, its data folder, its servers."""

    label: str
    tree: Path
    data: Path
    cohort: str = ""
    people: list[tuple[str, str]] = field(default_factory=list)
    servers: dict[int, str] = field(default_factory=dict)  # server processes -> base URL

    def env(self) -> dict[str, str]:
        return environment(
            self.tree,
            ROADMAP_DATA_DIR=str(self.data),
            ROADMAP_OUT_DIR=str(self.data / "out"),
            ROADMAP_SECRET_KEY="benchmark-" + "k" * 40,  # two servers share the data folder
        )


def generate(builds: list[Build], count: int, clients: int) -> None:
    """Each build's database, by its own code, at once."""
    children = []
    for build in builds:
        build.data.mkdir(parents=True, exist_ok=True)
        out = build.data / "prepared.json"
        command = [sys.executable, __file__, "--prepare", str(out), "--count", str(count)]
        command += ["--clients", str(clients)]
        children.append((build, out, subprocess.Popen(command, env=build.env(), cwd=build.tree)))
    for build, out, child in children:
        if child.wait() != 0:
            raise SystemExit(f"{build.label}: generating the cohort failed")
        prepared = json.loads(out.read_text())
        build.cohort = prepared["cohort"]
        build.people = [tuple(p) for p in prepared["people"]]
        print(f"{build.label}: generated {count} municipalities in {prepared['seconds']:.1f} s", flush=True)


def start_server(build: Build, workers: int, stack: ExitStack) -> None:
    port = free_port()
    command = [sys.executable, "-m", "roadmap", "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(
        command, env=build.env(), cwd=build.tree, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def stop() -> None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    stack.callback(stop)
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(600):
        try:
            httpx.get(base + "/login", timeout=1)
            break
        except httpx.HTTPError:
            if server.poll() is not None:
                raise SystemExit(f"{build.label}: the server did not start") from None
            time.sleep(0.1)
    build.servers[workers] = base


# --- latency: many clients in a closed loop -----------------------------------------------------------


def sign_in(http: object, email: str) -> None:
    import httpx

    assert isinstance(http, httpx.Client)
    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text)
    assert token is not None
    signed_in = http.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
    if signed_in.status_code != 303:
        raise SystemExit(f"{email}: sign-in failed (HTTP {signed_in.status_code})")


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
        sign_in(http, email)
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


def latency(build: Build, args: argparse.Namespace) -> tuple[dict[str, list[float]], float]:
    """The timings by page kind of one closed-loop run against the build's two-process server, and
    the requests a second over the run."""
    # Clients run as threads in a few processes, so that the load generator's own GIL does not
    # add to the latencies it measures.
    groups = [build.people[n :: args.client_processes] for n in range(args.client_processes)]
    timings: dict[str, list[float]] = {}
    started = time.perf_counter()
    with ProcessPoolExecutor(len(groups), mp_context=multiprocessing.get_context("spawn")) as pool:
        base = build.servers[args.workers]
        jobs = [
            pool.submit(run_group, args.think, base, group, build.cohort, args.rounds)
            for group in groups
            if group
        ]
        for job in jobs:
            for kind, values in job.result().items():
                timings.setdefault(kind, []).extend(values)
    total = time.perf_counter() - started
    expected = sum(args.rounds * (9 if not slug else 8) for _, slug in build.people)
    if sum(len(v) for v in timings.values()) != expected:
        raise SystemExit(f"{build.label}: some clients failed; see above")
    return timings, sum(len(v) for v in timings.values()) / total


# --- rate: one page, one server process ------------------------------------------------------------


def rate_path(page: str) -> str:
    return "/m/ornekkoy" if page == "journey" else f"/m/ornekkoy/stages/{page}"


def rate(base: str, path: str, seconds: float, connections: int) -> float:
    """Requests a second for ``path`` as the example's team member, ``connections`` at once, no pause."""
    import httpx

    with httpx.Client(base_url=base, timeout=60) as http:
        sign_in(http, EXAMPLE_TEAM)
        if http.get(path).status_code != 200:
            raise SystemExit(f"{path}: not served")
        cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
    wrk = shutil.which("wrk")
    if wrk:
        threads = str(min(2, connections))
        command = [
            wrk,
            "-t",
            threads,
            "-c",
            str(connections),
            "-d",
            f"{seconds:g}s",
            "-H",
            f"Cookie: {cookie}",
        ]
        output = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout
        if "Non-2xx" in output:
            raise SystemExit(f"{path}: some answers were not 200\n{output}")
        found = re.search(r"Requests/sec:\s+([\d.]+)", output)
        assert found is not None, output
        return float(found.group(1))
    return _rate_with_httpx(base + path, cookie, seconds, connections)


def _rate_with_httpx(url: str, cookie: str, seconds: float, connections: int) -> float:
    import httpx

    done = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def loop() -> None:
        with httpx.Client(timeout=60, headers={"Cookie": cookie}) as http:
            while time.perf_counter() < stop:
                if http.get(url).status_code != 200:
                    raise SystemExit(f"{url}: not 200")
                with lock:
                    done[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.perf_counter() - started)


# --- the report ------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def report(builds: list[Build], args: argparse.Namespace, results: dict[str, dict[str, object]]) -> None:
    print()
    print(
        f"latency: {args.count} municipalities, {args.clients} clients in a closed loop "
        f"(think {args.think:g} s), `roadmap serve --workers {args.workers}`, "
        f"{args.repeat} run(s) per build, alternating; ms"
    )
    head = f"{'page':8s} {'n':>6s}"
    for build in builds:
        head += f" | {build.label + ' p50':>14s} {'p95':>6s} {'max':>6s}"
    if len(builds) == 2:
        head += f" | {'p50 new/old':>11s} {'p95 new/old':>11s}"
    print(head)
    for kind in KINDS:
        rows = [results[b.label]["timings"].get(kind, []) for b in builds]  # type: ignore[union-attr]
        if not all(rows):
            continue
        line = f"{kind:8s} {len(rows[-1]):6d}"
        for values in rows:
            line += f" | {statistics.median(values) * 1000:14.0f} {percentile(values, 0.95) * 1000:6.0f}"
            line += f" {max(values) * 1000:6.0f}"
        if len(rows) == 2:
            line += f" | {ratio(statistics.median(rows[0]), statistics.median(rows[1])):>11s}"
            line += f" {ratio(percentile(rows[0], 0.95), percentile(rows[1], 0.95)):>11s}"
        print(line)
    line = f"{'req/s':8s} {'':6s}"
    for build in builds:
        throughput = results[build.label]["throughput"]
        line += f" | {statistics.median(throughput):14.0f} {'':6s} {'':6s}"  # type: ignore[arg-type]
    print(line + "   (all pages, median of the runs)")
    if not args.rate_pages:
        return
    print()
    print(
        f"rate: the example's pages as its team member reads them, one server process, "
        f"{args.connections} connections, {args.seconds:g} s x {args.repeat} per build, alternating; "
        f"requests/s (median, [min-max])"
    )
    head = f"{'page':24s}" + "".join(f" | {b.label:>20s}" for b in builds)
    print(head + (f" | {'new/old':>8s}" if len(builds) == 2 else ""))
    for page in args.rate_pages.split(","):
        rates = [results[b.label]["rates"][page] for b in builds]  # type: ignore[index]
        line = f"{rate_path(page):24s}"
        for values in rates:
            line += f" | {statistics.median(values):8.1f} [{min(values):4.0f}-{max(values):4.0f}]"
        if len(rates) == 2:
            line += f" | {ratio(statistics.median(rates[0]), statistics.median(rates[1])):>8s}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="server processes for the latency runs")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a client waits between requests")
    parser.add_argument("--client-processes", type=int, default=1, help="processes the clients run in")
    parser.add_argument("--rate-pages", default="3", help="the example's pages for the rate: 0-6, journey")
    parser.add_argument("--seconds", type=float, default=5, help="length of one rate measurement")
    parser.add_argument("--connections", type=int, default=4, help="clients at once for the rate")
    parser.add_argument("--repeat", type=int, default=0, help="runs per build (default: 1, or 3 to compare)")
    parser.add_argument("--compare", metavar="REV", help="also measure this git revision, side by side")
    parser.add_argument("--prepare", metavar="OUT", help=argparse.SUPPRESS)  # the child that generates
    args = parser.parse_args()

    if args.prepare:
        Path(args.prepare).write_text(json.dumps(prepare(args.count, args.clients)))
        return
    args.repeat = args.repeat or (3 if args.compare else 1)
    work = Path(tempfile.mkdtemp(prefix="roadmap-web-bench-"))
    with ExitStack() as stack:
        builds = [Build(label_of_working_tree(), ROOT, work / "now")]
        if args.compare:
            commit, tree = stack.enter_context(checkout(args.compare))
            builds.insert(0, Build(commit, tree, work / "old"))
        generate(builds, args.count, args.clients)
        for build in builds:
            start_server(build, args.workers, stack)
            if args.rate_pages and args.workers != 1:
                start_server(build, 1, stack)
        results: dict[str, dict[str, object]] = {
            b.label: {"timings": {}, "throughput": [], "rates": {}} for b in builds
        }
        for run in range(args.repeat):
            for build in builds if run % 2 == 0 else reversed(builds):  # the order alternates too
                timings, throughput = latency(build, args)
                for kind, values in timings.items():
                    results[build.label]["timings"].setdefault(kind, []).extend(values)  # type: ignore[union-attr]
                results[build.label]["throughput"].append(throughput)  # type: ignore[union-attr]
                print(f"{build.label}: latency run {run + 1}: {throughput:.0f} requests/s", flush=True)
        for page in args.rate_pages.split(",") if args.rate_pages else []:
            for run in range(args.repeat):
                for build in builds if run % 2 == 0 else reversed(builds):
                    value = rate(build.servers[1], rate_path(page), args.seconds, args.connections)
                    results[build.label]["rates"].setdefault(page, []).append(value)  # type: ignore[union-attr]
                    print(f"{build.label}: {rate_path(page)}: {value:.1f} requests/s", flush=True)
    report(builds, args, results)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
