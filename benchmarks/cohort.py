"""A national cohort: generate N municipalities, build every roadmap three ways, side by side.

    .venv/bin/python benchmarks/cohort.py --count 1390          # the whole country (about 35 minutes)
    .venv/bin/python benchmarks/cohort.py --count 120 --profile 20
    .venv/bin/python benchmarks/cohort.py --count 30 --modes pool --compare e2f192d

Modes, each building every roadmap (``force``: nothing is skipped as unchanged):
- loop:    a plain Python loop in this process;
- pool:    a plain ``ProcessPoolExecutor`` of ``--workers``, chunks of municipalities;
- prefect: the ``cohort_build`` flow (local mode, ProcessPoolTaskRunner of ``--workers``), same chunks.
Prints documents per second, total time, the Prefect overhead against the pool, and peak memory.

With --compare REV, REV is checked out into a temporary git worktree and this benchmark runs as a
child process against each build's code in turn (alternating, --repeat times each, a fresh folder
and database every time); the medians are printed side by side with the ratio new/old.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from revisions import ROOT, checkout, environment, label_of_working_tree, ratio  # benchmarks/revisions.py

# Worker processes are spawned and import this module again: they must find the same folder.
WORK = Path(os.environ.get("ROADMAP_BENCH_DIR") or tempfile.mkdtemp(prefix="roadmap-cohort-bench-"))
os.environ["ROADMAP_BENCH_DIR"] = str(WORK)
os.environ.update(
    ROADMAP_DATA_DIR=str(WORK),
    ROADMAP_OUT_DIR=str(WORK / "out"),
    PREFECT_HOME=str(WORK / "prefect"),
    PREFECT_LOGGING_LEVEL="WARNING",
)

from roadmap.services.access import SYSTEM  # noqa: E402
from roadmap.settings import configure_prefect_defaults  # noqa: E402

configure_prefect_defaults(WORK / "prefect")


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1390)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=None, help="municipalities per task (default: chosen)")
    parser.add_argument("--modes", default="loop,pool,prefect")
    parser.add_argument("--profile", type=int, default=0, help="profile building this many, in-process")
    parser.add_argument("--compare", metavar="REV", help="also run against this git revision, side by side")
    parser.add_argument("--repeat", type=int, default=1, help="runs per build when comparing")
    parser.add_argument("--json", metavar="OUT", help="also write the figures to this file")
    parser.add_argument(
        "--prefect-home",
        choices=("warm", "cold"),
        default="warm",
        help="warm: Prefect's database is made before timing, as an installed product has it "
        "(its data/prefect outlives a run); cold: the first run on a new machine",
    )
    args = parser.parse_args()
    if args.compare:
        compare(args)
        return

    from roadmap.batch import build_many, chunk_size_for
    from roadmap.devtools.synthetic import generate_cohort
    from roadmap.services.cohorts import cohort_members
    from roadmap.store.db import init_database

    init_database()
    started = time.perf_counter()
    cohort = generate_cohort(args.count, args.seed).cohort
    print(
        f"generated {args.count} municipalities in {time.perf_counter() - started:.1f} s  ({WORK})",
        flush=True,
    )
    slugs = list(cohort_members(SYSTEM, cohort))
    database = WORK / "roadmap.db"
    size = database.stat().st_size if database.exists() else 0
    chunk = args.chunk or chunk_size_for(len(slugs), args.workers)
    print(f"workers {args.workers}, {chunk} municipalities per chunk", flush=True)

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        build_many(slugs[: args.profile], "tr", WORK / "profile", force=True)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    if "prefect" in args.modes.split(",") and args.prefect_home == "warm":
        warm_prefect_home(WORK / "prefect")
    results: dict[str, tuple[float, int, int]] = {}
    for mode in args.modes.split(","):
        out = WORK / "out" / mode
        started = time.perf_counter()
        if mode == "loop":
            summary = build_many(slugs, "tr", out, workers=1, force=True)
        elif mode == "pool":
            summary = build_many(slugs, "tr", out, workers=args.workers, chunk_size=chunk, force=True)
        elif mode == "prefect":  # as `roadmap cohort build --orchestrate` runs it
            from roadmap.runner import build_cohort

            summary = build_cohort(
                cohort,
                slugs,
                "tr",
                engine="flow",
                out_dir=out,
                workers=args.workers,
                chunk_size=chunk,
                force=True,
            )
        else:
            raise SystemExit(f"unknown mode {mode}")
        elapsed = time.perf_counter() - started
        for failure in summary.failures()[:3]:
            print(f"  failed: {failure.slug}: {failure.error}", flush=True)
        results[mode] = (elapsed, summary.built, summary.failed)
        note = f" (flow body {summary.seconds:.1f} s)" if mode == "prefect" else ""
        note += f"  building {sum(o.seconds for o in summary.outcomes):.1f} s of worker time"
        if database.exists():  # the documents are in the file store: the database keeps their hashes
            grown, size = database.stat().st_size - size, database.stat().st_size
            note += f"  database +{grown / 1024 / max(summary.built, 1):.1f} KB per document"
        print(
            f"{mode:8s} {elapsed:8.1f} s  {summary.built / elapsed:6.2f} docs/s  built {summary.built}"
            f"  failed {summary.failed}{note}",
            flush=True,
        )

    print()
    print(f"{'mode':8s} {'total':>10s} {'docs/s':>8s} {'per doc':>9s}")
    for mode, (elapsed, built, _) in results.items():
        print(f"{mode:8s} {elapsed:9.1f}s {built / elapsed:8.2f} {elapsed / max(built, 1):8.3f}s")
    if "pool" in results and "prefect" in results:
        ratio = results["prefect"][0] / results["pool"][0]
        print(f"Prefect overhead against the plain pool: {ratio:.3f}x ({(ratio - 1) * 100:+.1f} %)")
    print(
        f"peak memory: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB, largest child {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )
    if database.exists():
        files = sum(f.stat().st_size for f in (WORK / "files").rglob("*") if f.is_file())
        print(f"database size {database.stat().st_size / 1e6:.1f} MB, file store {files / 1e6:.1f} MB")
    if args.json:
        figures = {
            "modes": {mode: {"seconds": e, "built": b, "failed": f} for mode, (e, b, f) in results.items()},
            "peak_mb": peak_mb(resource.RUSAGE_SELF),
            "peak_child_mb": peak_mb(resource.RUSAGE_CHILDREN),
            "database_mb": database.stat().st_size / 1e6 if database.exists() else 0.0,
        }
        Path(args.json).write_text(json.dumps(figures))


def warm_prefect_home(home: Path) -> None:
    """Make Prefect's database in ``home`` (untimed), as the product's data/prefect is after a first run."""
    command = [sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"]
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, "PREFECT_HOME": str(home)})


def _without(argv: list[str], option: str) -> list[str]:
    """``argv`` without ``option`` and its value."""
    return [a for n, a in enumerate(argv) if a != option and (n == 0 or argv[n - 1] != option)]


def compare(args: argparse.Namespace) -> None:
    """This benchmark against REV's code and the working tree's, alternating, side by side."""
    passed = [a for a in sys.argv[1:] if a not in ("--compare", args.compare)]
    passed = _without(_without(passed, "--repeat"), "--prefect-home")  # REV may not know the option
    figures: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    with checkout(args.compare) as (commit, tree):
        builds = [(commit, tree), (label_of_working_tree(), ROOT)]
        for run in range(args.repeat):
            for label, code in builds if run % 2 == 0 else builds[::-1]:
                folder = Path(tempfile.mkdtemp(prefix="roadmap-cohort-bench-"))
                out = folder / "figures.json"
                print(f"--- {label}, run {run + 1}", flush=True)
                if "prefect" in args.modes.split(",") and args.prefect_home == "warm":
                    warm_prefect_home(folder / "prefect")
                child = subprocess.run(
                    [sys.executable, __file__, *passed, "--json", str(out)],
                    env=environment(code, ROADMAP_BENCH_DIR=str(folder)),
                    cwd=code,
                )
                if child.returncode != 0:
                    raise SystemExit(f"{label}: the benchmark failed")
                figures.setdefault(label, []).append(json.loads(out.read_text()))
                shutil.rmtree(folder, ignore_errors=True)  # a national build leaves gigabytes
    (old, old_runs), (new, new_runs) = [(label, figures[label]) for label, _ in builds]
    print()
    print(f"cohort of {args.count}, {args.workers} workers, median of {args.repeat} run(s) per build")
    print(
        f"{'mode':10s} {old + ' s':>12s} {new + ' s':>12s} {'new/old':>8s} {old + ' docs/s':>16s} {new + ' docs/s':>16s}"
    )
    for mode in old_runs[0]["modes"]:
        before = statistics.median(r["modes"][mode]["seconds"] for r in old_runs)
        after = statistics.median(r["modes"][mode]["seconds"] for r in new_runs)
        built = old_runs[0]["modes"][mode]["built"], new_runs[0]["modes"][mode]["built"]
        print(
            f"{mode:10s} {before:12.1f} {after:12.1f} {ratio(before, after):>8s}"
            f" {built[0] / before:16.2f} {built[1] / after:16.2f}"
        )
    for name, key in (("peak MB, largest child", "peak_child_mb"), ("database MB", "database_mb")):
        before = statistics.median(r[key] for r in old_runs)
        after = statistics.median(r[key] for r in new_runs)
        print(f"{name:24s} {before:8.0f} {after:8.0f} {ratio(before, after):>8s}")


if __name__ == "__main__":
    main()
