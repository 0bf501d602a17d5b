"""Helpers shared by the benchmarks: timing and a uniform report line."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def best_of(func: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Return the best wall-clock time of ``repeat`` calls, in seconds."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def median_of(func: Callable[[], object], repeat: int = 5) -> float:
    """Return the median wall-clock time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def report(name: str, ours: float, peer_name: str, peer: float, target: str) -> str:
    """Print one benchmark line with both times and the ratio, and return it."""
    line = (
        f"{name}: ours {ours * 1000:.1f} ms | {peer_name} {peer * 1000:.1f} ms | "
        f"ratio {peer / ours:.2f}x ({target})"
    )
    print(line, flush=True)
    return line
