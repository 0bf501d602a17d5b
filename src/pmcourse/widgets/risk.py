"""Risk simulation: Monte Carlo schedule risk of a plan with three-point estimates.

Used in: lesson 05, risk.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.artist import Artist

from pmcourse import schedule as sched
from pmcourse.core.checks import as_frame
from pmcourse.plots.risk import (
    criticality_bars,
    finish_histogram,
    refresh_criticality_bars,
    refresh_finish_histogram,
)
from pmcourse.plots.style import course_style
from pmcourse.risk.montecarlo import (
    ScheduleSimulation,
    simulate_schedule,
    widen_estimates,
)
from pmcourse.widgets.base import Simulation, drawing_order, left_title, slider

__all__ = ["ScheduleRisk", "ScheduleRiskSimulator"]

#: The iteration counts offered on the slider.
ITERATIONS = (500, 1_000, 2_000, 5_000, 10_000, 20_000)
#: The largest uncertainty factor on the slider.
MAX_WIDTH = 2.0


@dataclass(frozen=True)
class ScheduleRisk:
    """One run of the simulator.

    Attributes
    ----------
    sim : ScheduleSimulation
        From :func:`pmcourse.montecarlo.simulate_schedule` (with criticality).
    summary : dict
        :meth:`~pmcourse.montecarlo.ScheduleSimulation.summary` at the
        deadline: mean, std, p10, p50, p80, p90 and probability.
    criticality : Series
        Each activity's criticality index.
    deadline : float
        The deadline the probability refers to.
    """

    sim: ScheduleSimulation
    summary: dict[str, float]
    criticality: pd.Series
    deadline: float


class ScheduleRiskSimulator(Simulation):
    """Run a Monte Carlo schedule simulation and see the finish-date risk.

    Every change reruns :func:`pmcourse.montecarlo.simulate_schedule` on the
    plan (with a fixed seed, so the same settings give the same picture) and
    redraws a histogram of the simulated finish dates, with the deadline,
    the P50 and the P80 marked and the late runs hatched, beside each
    activity's criticality index.

    Controls: ``width`` stretches every three-point range around its most
    likely value (:func:`pmcourse.montecarlo.widen_estimates`; 1 is the
    team's estimates, 0 removes all uncertainty), ``correlation`` makes the
    durations move together, ``iterations`` is the number of simulated runs,
    ``deadline`` the date to beat and ``distribution`` the shape built on
    each estimate.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A plan with ``id``, ``predecessors``, ``optimistic``,
        ``most_likely`` and ``pessimistic`` (and optional ``name``), e.g.
        ``pmcourse.datasets.load("product_launch")``.
    deadline : float, optional
        The starting deadline; by default the plan's finish on its most
        likely durations.
    rng : int
        The seed of every run.

    Attributes
    ----------
    result : ScheduleRisk
        The latest run.
    plan_finish : float
        The finish of the most likely durations (what CPM alone promises).

    Raises
    ------
    ValueError
        If the plan is invalid (from :func:`pmcourse.schedule.cpm` or
        :func:`pmcourse.montecarlo.simulate_schedule`).

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "optimistic": 2, "most_likely": 4, "pessimistic": 9,
    ...      "predecessors": ""},
    ...     {"id": "B", "optimistic": 3, "most_likely": 4, "pessimistic": 8,
    ...      "predecessors": ""},
    ... ]
    >>> app = ScheduleRiskSimulator(plan, deadline=5)
    >>> app.plan_finish
    4.0
    >>> app.controls["width"].value = 0
    >>> app.result.summary["probability"]
    1.0

    Used in: lesson 05, risk.
    """

    figsize = (10.0, 4.4)
    dpi = 80

    def __init__(
        self, tasks: Any, *, deadline: float | None = None, rng: int = 2024
    ) -> None:
        table = as_frame(tasks)
        self.tasks = table.copy()
        self.seed = int(rng)
        likely = self.tasks.assign(duration=self.tasks["most_likely"])
        self.plan_finish = float(sched.project_finish(likely))
        self.ids = [str(i) for i in self.tasks["id"]]
        self.names: dict[str, str] = {}
        if "name" in self.tasks.columns:
            self.names = {
                tid: str(name)
                for tid, name in zip(self.ids, self.tasks["name"], strict=True)
                if isinstance(name, str) and name
            }
        # The widest the finish can ever be on the slider's range: every
        # activity at its stretched optimistic, or pessimistic, value. The
        # histogram's bins and axis are fixed to it, so only the bars move.
        widest = widen_estimates(self.tasks, MAX_WIDTH)
        low = sched.project_finish(widest.assign(duration=widest["optimistic"]))
        high = sched.project_finish(widest.assign(duration=widest["pessimistic"]))
        self.edges = np.arange(math.floor(low) - 1, math.ceil(high) + 1.5, 0.5)
        self._start_deadline = self.plan_finish if deadline is None else float(deadline)
        self._sim_key: tuple[Any, ...] | None = None
        self._sim: ScheduleSimulation | None = None
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the five controls.

        Returns
        -------
        dict of str to ipywidgets.Widget
            ``width``, ``correlation``, ``iterations``, ``deadline`` and
            ``distribution``.
        """
        common = {"label_width": "230px", "width": "540px"}
        low, high = int(self.edges[0]), int(self.edges[-1])
        return {
            "width": slider(
                widgets.FloatSlider,
                value=1.0,
                min=0.0,
                max=MAX_WIDTH,
                step=0.1,
                description="Uncertainty (× the team's ranges)",
                **common,
            ),
            "correlation": slider(
                widgets.FloatSlider,
                value=0.0,
                min=0.0,
                max=0.9,
                step=0.1,
                description="Correlation between durations",
                **common,
            ),
            "iterations": slider(
                widgets.SelectionSlider,
                options=list(ITERATIONS),
                value=5_000,
                description="Simulated runs",
                **common,
            ),
            "deadline": slider(
                widgets.IntSlider,
                value=int(round(min(max(self._start_deadline, low), high))),
                min=low,
                max=high,
                description="Deadline (working day)",
                **common,
            ),
            "distribution": widgets.ToggleButtons(
                options=[
                    ("PERT (beta)", "pert"),
                    ("triangular", "triangular"),
                    ("uniform", "uniform"),
                ],
                value="pert",
                description="Duration shape",
                style={"description_width": "100px", "button_width": "110px"},
            ),
        }

    def compute(self) -> ScheduleRisk:
        """Simulate the plan with the controls' settings.

        Returns
        -------
        ScheduleRisk
            The simulation, its summary at the deadline and the criticality.
        """
        v = self.values()
        key = (v["width"], v["correlation"], v["iterations"], v["distribution"])
        if key != self._sim_key:  # a new deadline needs no new simulation
            self._sim = simulate_schedule(
                widen_estimates(self.tasks, v["width"]),
                int(v["iterations"]),
                rng=self.seed,
                distribution=v["distribution"],
                correlation=float(v["correlation"]),
                criticality=True,
            )
            self._sim_key = key
        sim = self._sim
        assert sim is not None  # simulated above on the first call
        deadline = float(v["deadline"])
        return ScheduleRisk(sim, sim.summary(deadline), sim.criticality(), deadline)

    def draw(self) -> None:
        """Draw the histogram and the criticality bars (move them after the first)."""
        r = self.result
        if self.ax.get_gid() != "finish_histogram":
            self._create_chart()
        refresh_finish_histogram(
            self.ax, r.sim, deadline=r.deadline, plan_finish=self.plan_finish
        )
        refresh_criticality_bars(self.ax_crit, r.criticality)

    def _create_chart(self) -> None:
        """Split the figure in two and draw both charts once."""
        r = self.result
        self.figure.set_layout_engine(None)
        self.ax.set_position((0.045, 0.13, 0.59, 0.78))
        with course_style():
            self.ax_crit = self.figure.add_axes((0.71, 0.13, 0.27, 0.78))
        finish_histogram(
            r.sim,
            ax=self.ax,
            deadline=r.deadline,
            plan_finish=self.plan_finish,
            edges=self.edges,
        )
        criticality_bars(
            r.criticality,
            ax=self.ax_crit,
            title="Criticality index",
            show_values=False,
        )

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves on an update: bars, lines, labels, titles, y axis.

        The legend and the time axis stay in the cached background (the
        histogram's bins are fixed); its height axis, which states the share
        of runs, moves with the data and is redrawn.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order.
        """
        moving: list[Artist] = [self.ax.yaxis]
        for ax in (self.ax, self.ax_crit):
            moving += [*ax.patches, *ax.lines, *ax.texts, left_title(ax)]
        return drawing_order(moving)

    def describe(self) -> str:
        """Return the chance of the deadline, P50, P80 and the merge-bias gap.

        Returns
        -------
        str
            HTML for the summary line.
        """
        r = self.result
        s = r.summary
        crit = r.criticality.sort_values(ascending=False, kind="stable")
        near = [f"{html.escape(t)} {c:.0%}" for t, c in crit.items() if 0.05 < c < 0.95]
        always = [html.escape(t) for t, c in crit.items() if c >= 0.95]
        gap = s["mean"] - self.plan_finish
        return (
            f"<b>{s['probability']:.0%} chance of finishing by day "
            f"{r.deadline:g}.</b> P50: day {s['p50']:.1f}; P80: day "
            f"{s['p80']:.1f}. The mean finish is day {s['mean']:.1f}, "
            f"{abs(gap):.1f} days {'later' if gap >= 0 else 'earlier'} than the "
            f"plan's day {self.plan_finish:g}."
            f"<br><b>Critical in (almost) every run:</b> "
            f"{', '.join(always) or 'none'}. <b>Sometimes critical:</b> "
            f"{', '.join(near) or 'none'}."
        )

    def layout(self) -> widgets.Widget:
        """Arrange the controls in two columns above the summary and the chart.

        Returns
        -------
        ipywidgets.Widget
            The simulator as one widget.
        """
        c = self.controls
        left = widgets.VBox([c["width"], c["correlation"], c["iterations"]])
        right = widgets.VBox([c["deadline"], c["distribution"]])
        return widgets.VBox(
            [widgets.HBox([left, right]), self.summary, self.message, self.image]
        )
