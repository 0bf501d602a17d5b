"""Benchmark: one update of every course simulation at its default settings.

Target (issues 3 and 5): each update answers a control change within 100 ms
(the widget budget, CONVENTIONS.md). For each simulation we move one control
through a list of values and report the median and 90th percentile wall time of
``Simulation.update`` (model + chart), and the same for CPU time.

To add a simulation: append a ``Case`` to ``CASES``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

BUDGET_MS = 100.0


@dataclass(frozen=True)
class Case:
    """One simulation, the control to move and the values to move it through."""

    name: str
    make: Callable[[], Any]
    control: str
    values: Sequence[Any]


def _critical_path_explorer():
    from pmcourse import datasets
    from pmcourse.widgets import CriticalPathExplorer

    return CriticalPathExplorer(datasets.load("product_launch"), deadline=38)


def _time_split():
    from pmcourse.widgets import TimeSplit

    return TimeSplit()


CASES: list[Case] = [
    Case(
        "lesson 03 critical path explorer (slider D)",
        _critical_path_explorer,
        "D",
        [16, 17, 18, 19, 20, 15, 14, 9, 12, 13],
    ),
    Case(
        "lesson 03 critical path explorer (slider B)",
        _critical_path_explorer,
        "B",
        [2, 5, 8, 3, 6, 9, 4, 7, 1, 5],
    ),
    Case(
        "lesson 00 time split (team size)",
        _time_split,
        "team_size",
        [7, 8, 9, 10, 11, 6, 5, 12, 4, 8],
    ),
]


def measure(case: Case) -> tuple[float, float, float]:
    """Return (median wall ms, p90 wall ms, median CPU ms) of one update."""
    app = case.make()
    control = app.controls[case.control]
    control.value = case.values[-1]  # warm up
    wall, cpu = [], []
    for value in case.values:
        if control.value == value:
            continue
        w0, c0 = time.perf_counter(), time.process_time()
        control.value = value
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    wall.sort()
    p90 = wall[min(len(wall) - 1, int(round(0.9 * (len(wall) - 1))))]
    return statistics.median(wall), p90, statistics.median(cpu)


def main() -> None:
    worst = 0.0
    for case in CASES:
        med, p90, cpu = measure(case)
        worst = max(worst, med)
        print(
            f"{case.name}: median {med:.1f} ms (p90 {p90:.1f} ms, CPU {cpu:.1f} ms) "
            f"| budget {BUDGET_MS:.0f} ms | ratio {BUDGET_MS / med:.1f}x under"
        )
    print("target met" if worst < BUDGET_MS else "TARGET MISSED")


if __name__ == "__main__":
    main()
