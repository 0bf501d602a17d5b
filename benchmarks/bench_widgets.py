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
from types import SimpleNamespace
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


def _backlog_prioritiser():
    from pmcourse import datasets
    from pmcourse.widgets import BacklogPrioritiser

    return BacklogPrioritiser(datasets.load("fieldfix_backlog"))


def _life_cycle_chooser():
    from pmcourse import datasets
    from pmcourse.widgets import LifeCycleChooser

    return LifeCycleChooser(datasets.load("lifecycle_scenarios"))


def _reserve_sizer():
    from pmcourse import datasets
    from pmcourse.widgets import ReserveSizer

    return ReserveSizer(datasets.load("launch_budget"))


def _certification_roi():
    from pmcourse.widgets import CertificationROI

    return CertificationROI()


def _agile_vs_waterfall():
    from pmcourse.widgets import AgileVsWaterfall

    return AgileVsWaterfall()


def _kanban_board():
    from pmcourse.widgets import KanbanBoard

    return KanbanBoard()


def _channels_growth():
    from pmcourse.widgets import ChannelsGrowth

    return ChannelsGrowth()


def _power_interest_grid():
    from pmcourse import datasets
    from pmcourse.widgets import PowerInterestGrid

    return PowerInterestGrid(datasets.load("stakeholder_register"))


def _status_dashboard():
    from pmcourse import datasets
    from pmcourse.widgets import StatusDashboard

    return StatusDashboard(datasets.load("evm_status_reports"))


def _schedule_risk():
    from pmcourse import datasets
    from pmcourse.widgets import ScheduleRiskSimulator

    return ScheduleRiskSimulator(datasets.load("product_launch"), deadline=38)


def _time_cost_tradeoff():
    from pmcourse import crashing, datasets
    from pmcourse.widgets import TimeCostTradeoff

    return TimeCostTradeoff(crashing.crash_estimates(datasets.load("product_launch")))


class _Press:
    """A button seen as a control: setting ``value`` runs ``action(value)``."""

    def __init__(self, action):
        self.action, self._value = action, None

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value):
        self._value = value
        self.action(value)


def _practice_exam(questions=20):
    from pmcourse.widgets.capm import PracticeExam

    app = PracticeExam(questions=questions, seed=1)
    app.start()
    return app


def _practice_answer():
    app = _practice_exam()
    app.goto(next(k for k, i in enumerate(app.items, 1) if i.type == "single"))
    return app


def _practice_start(questions=20):
    app = _practice_exam(questions)
    return SimpleNamespace(controls={"seed": _Press(lambda v: app.start(seed=v))})


def _practice_submit():
    """Eleven exams half answered; each press submits the next (a first report)."""
    from pmcourse.capm import load_bank
    from pmcourse.widgets.capm import PracticeExam

    bank, pool = load_bank(), []
    for seed in range(11):
        app = PracticeExam(questions=20, seed=seed, bank=bank)
        app.start()
        for k, item in enumerate(app.items[:10], start=1):
            app.answer(item.answer, number=k)
        pool.append(app)
    exams = iter(pool)
    return SimpleNamespace(controls={"exam": _Press(lambda _: next(exams).submit())})


def _practice_report():
    app = _practice_exam()
    for k, item in enumerate(app.items[:12], start=1):
        app.answer(item.answer, number=k)
    app.submit()
    return app.report


CASES: list[Case] = [
    Case(
        "lesson 09 practice exam (go to question)",
        _practice_exam,
        "goto",
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    ),
    Case(
        "lesson 09 practice exam (answer a question)",
        _practice_answer,
        "choice",
        ["A", "B", "C", "D", "A", "C", "B", "D", "A", "B"],
    ),
    Case(
        "lesson 09 practice exam (start a 20-question exam)",
        _practice_start,
        "seed",
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    ),
    Case(
        "lesson 09 practice exam (start a full 150-question exam)",
        lambda: _practice_start(150),
        "seed",
        [2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    ),
    Case(
        "lesson 09 practice exam (submit and score, first report)",
        _practice_submit,
        "exam",
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ),
    Case(
        "lesson 09 practice exam report (practice line)",
        _practice_report,
        "pass_mark",
        [75, 80, 85, 60, 55, 50, 65, 90, 45, 70],
    ),
    Case(
        "lesson 04 status dashboard (status month)",
        _status_dashboard,
        "period",
        [7, 6, 5, 4, 3, 2, 1, 8, 5, 6],
    ),
    Case(
        "lesson 04 status dashboard (EAC method)",
        _status_dashboard,
        "method",
        ["atypical", "cpi_spi", "typical", "cpi_spi", "atypical", "typical"],
    ),
    Case(
        "lesson 05 Monte Carlo schedule risk (deadline)",
        _schedule_risk,
        "deadline",
        [39, 40, 41, 42, 37, 36, 38, 43, 44, 40],
    ),
    Case(
        "lesson 05 Monte Carlo schedule risk (uncertainty width)",
        _schedule_risk,
        "width",
        [1.2, 1.5, 0.8, 0.5, 1.8, 2.0, 1.1, 0.9, 1.3, 1.0],
    ),
    Case(
        "lesson 05 Monte Carlo schedule risk (correlation)",
        _schedule_risk,
        "correlation",
        [0.2, 0.4, 0.6, 0.8, 0.9, 0.5, 0.3, 0.1, 0.7, 0.0],
    ),
    Case(
        "lesson 05 Monte Carlo schedule risk (distribution)",
        _schedule_risk,
        "distribution",
        ["triangular", "uniform", "pert", "uniform", "triangular", "pert"],
    ),
    Case(
        "lesson 05 Monte Carlo schedule risk (iterations)",
        _schedule_risk,
        "iterations",
        [1_000, 2_000, 10_000, 20_000, 500, 5_000],
    ),
    Case(
        "lesson 03 critical path explorer (slider D)",
        _critical_path_explorer,
        "D",
        [16, 17, 18, 19, 20, 15, 14, 9, 12, 13],
    ),
    Case(
        "lesson 03 time-cost trade-off (indirect cost)",
        _time_cost_tradeoff,
        "indirect_cost",
        [8_000, 9_000, 12_000, 3_000, 0, 5_000, 15_000, 20_000, 6_500, 7_500],
    ),
    Case(
        "lesson 03 time-cost trade-off (target duration)",
        _time_cost_tradeoff,
        "target",
        [34, 33, 32, 31, 35, 33, 31, 34, 32, 35],
    ),
    Case(
        "lesson 03 critical path explorer (slider B)",
        _critical_path_explorer,
        "B",
        [2, 5, 8, 3, 6, 9, 4, 7, 1, 5],
    ),
    Case(
        "lesson 01 life-cycle chooser (requirements volatility)",
        _life_cycle_chooser,
        "requirements_volatility",
        [4, 5, 2, 1, 3, 4, 2, 5, 1, 3],
    ),
    Case(
        "lesson 02 reserve sizer (confidence)",
        _reserve_sizer,
        "confidence",
        [0.85, 0.9, 0.95, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
    ),
    Case(
        "lesson 02 reserve sizer (correlation, new simulation each time)",
        _reserve_sizer,
        "correlation",
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    ),
    Case(
        "lesson 02 certification ROI (pay rise)",
        _certification_roi,
        "uplift",
        [0.06, 0.07, 0.1, 0.15, 0.2, 0.25, 0.0, 0.02, 0.03, 0.04],
    ),
    Case(
        "lesson 02 certification ROI (years)",
        _certification_roi,
        "years",
        [6, 7, 8, 9, 10, 1, 2, 3, 4, 5],
    ),
    Case(
        "lesson 00 time split (team size)",
        _time_split,
        "team_size",
        [7, 8, 9, 10, 11, 6, 5, 12, 4, 8],
    ),
    Case(
        "lesson 08 backlog prioritisation (method)",
        _backlog_prioritiser,
        "method",
        ["moscow", "wsjf", "moscow_wsjf", "cost_of_delay"] * 3,
    ),
    Case(
        "lesson 08 backlog prioritisation (capacity)",
        _backlog_prioritiser,
        "capacity",
        [30, 35, 45, 50, 25, 38, 42, 36, 48, 40],
    ),
    Case(
        "lesson 08 backlog prioritisation (item job size)",
        _backlog_prioritiser,
        "job_size",
        [1, 2, 3, 8, 13, 20, 8, 3, 2, 5],
    ),
    Case(
        "lesson 06 agile vs waterfall (volatility)",
        _agile_vs_waterfall,
        "volatility",
        [0.025, 0.03, 0.04, 0.05, 0.06, 0.01, 0.0, 0.08, 0.1, 0.02],
    ),
    Case(
        "lesson 06 agile vs waterfall (sprint length)",
        _agile_vs_waterfall,
        "sprint_length",
        [1, 3, 4, 2, 1, 3, 4, 2, 1, 2],
    ),
    Case(
        "lesson 06 Kanban board (WIP limit)",
        _kanban_board,
        "wip_limit",
        [5, 6, 3, 2, 1, 8, 10, 7, 3, 4],
    ),
    Case(
        "lesson 06 Kanban board (arrival rate)",
        _kanban_board,
        "arrival_rate",
        [1.0, 1.1, 1.2, 0.8, 0.7, 1.3, 0.5, 1.0, 0.95, 0.9],
    ),
    Case(
        "lesson 07 communication channels (team size)",
        _channels_growth,
        "team_size",
        [6, 7, 8, 9, 10, 12, 15, 4, 3, 5],
    ),
    Case(
        "lesson 07 power-interest grid (power)",
        _power_interest_grid,
        "power",
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 10],
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
