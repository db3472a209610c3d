"""How the benchmarks time things: seconds of one call, and the median of several (after a warm-up
call where the benchmark asks for one)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_seconds(action: Callable[[], object], runs: int, warm: bool = False) -> float:
    if warm:
        action()  # imports, caches, the first query plan
    return statistics.median(seconds(action) for _ in range(runs))
