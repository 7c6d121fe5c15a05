"""Helpers shared by the benchmarks: timing, peak memory, a context object."""

from __future__ import annotations

import resource
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Context:
    name: str
    database: str
    notes: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        print(f"  {line}", flush=True)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def children_peak_rss_mb() -> float:
    """Peak resident memory of the largest child process this one has waited for, in MB (the
    import's reading process, say); 0 if none."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def children_cpu_seconds() -> float:
    """CPU time of the child processes this one has waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextmanager
def stopwatch():
    result = {"seconds": 0.0}
    start = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start


def median_ms(func, repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
