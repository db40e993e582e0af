"""What several benchmarks measure the same way."""

import statistics
import time


def median_ms(function, runs: int = 20) -> float:
    """The median of `runs` calls of `function`, in milliseconds: one slow call (a GC pause) does not move it."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000
