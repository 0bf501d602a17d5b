"""Crashing simulation: the time-cost trade-off.

Used in: lesson 03, scheduling (crashing).
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.artist import Artist

from pmcourse.core.format import money
from pmcourse.plots.schedule_crashing import refresh_time_cost_chart, time_cost_chart
from pmcourse.schedule import crashing
from pmcourse.widgets.base import Simulation, drawing_order, left_title

__all__ = ["TimeCostTradeoff"]


def _money(x: float) -> str:
    return money(x, millions=False)


class TimeCostTradeoff(Simulation):
    """Price each day of crashing against the cost of every day the project runs.

    The crashing steps (:func:`pmcourse.crashing.time_cost_tradeoff`) do not
    depend on the indirect cost, so they are computed once; moving the
    indirect-cost slider reprices them (:func:`pmcourse.crashing.with_indirect_cost`)
    and moves the lowest total. The target slider picks a project duration:
    the summary lists the activities crashed to reach it and what that costs.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table with ``crash_duration``, ``normal_cost`` and
        ``crash_cost``, e.g. ``crashing.crash_estimates(datasets.load(
        "product_launch"))``.
    indirect_cost_per_day : float
        The starting value of the indirect-cost slider, in dollars a day.
    max_indirect : float
        The top of that slider.

    Attributes
    ----------
    controls : dict
        ``indirect_cost`` (dollars a day) and ``target`` (days).
    steps : DataFrame
        The crashing steps at no indirect cost.
    result : DataFrame
        The steps priced at the slider's indirect cost.

    Raises
    ------
    ValueError
        If the table is invalid (from :func:`pmcourse.crashing.time_cost_tradeoff`).

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 4, "predecessors": "", "crash_duration": 2,
    ...      "normal_cost": 400, "crash_cost": 600},
    ...     {"id": "B", "duration": 4, "predecessors": "", "crash_duration": 3,
    ...      "normal_cost": 300, "crash_cost": 450},
    ...     {"id": "C", "duration": 3, "predecessors": "A, B",
    ...      "crash_duration": 1, "normal_cost": 500, "crash_cost": 1100},
    ... ]
    >>> app = TimeCostTradeoff(plan, indirect_cost_per_day=400, max_indirect=1000)
    >>> float(app.cheapest["duration"])
    4.0
    >>> app.controls["target"].value = 5
    >>> app.crashed.to_dict()
    {'A': 1.0, 'B': 1.0, 'C': 1.0}

    Used in: lesson 03, scheduling (crashing).
    """

    dpi = 80

    def __init__(
        self,
        tasks: Any,
        *,
        indirect_cost_per_day: float = 7_000.0,
        max_indirect: float = 20_000.0,
    ) -> None:
        self.steps = crashing.time_cost_tradeoff(tasks)
        self.indirect_cost_per_day = indirect_cost_per_day
        self.max_indirect = max_indirect
        super().__init__(figsize=(10.5, 4.2))

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the indirect-cost and target-duration sliders.

        Returns
        -------
        dict of str to ipywidgets.Widget
        """
        days = self.steps["duration"].astype(float)
        whole = all(d.is_integer() for d in days)
        slider = widgets.IntSlider if whole else widgets.FloatSlider
        cast = int if whole else float
        style = {"description_width": "200px"}
        layout = widgets.Layout(width="520px")
        target = slider(
            value=cast(days.max()),
            min=cast(days.min()),
            max=cast(days.max()),
            step=1 if whole else 0.5,
            description="Target duration (days)",
            continuous_update=False,
            style=style,
            layout=layout,
        )
        indirect = widgets.FloatSlider(
            value=self.indirect_cost_per_day,
            min=0,
            max=self.max_indirect,
            step=self.max_indirect / 40,
            readout_format=",.0f",
            description="Indirect cost ($ a day)",
            continuous_update=False,
            style=style,
            layout=layout,
        )
        return {"indirect_cost": indirect, "target": target}

    def compute(self) -> pd.DataFrame:
        """Reprice the crashing steps at the slider's indirect cost.

        Returns
        -------
        DataFrame
            The steps with ``indirect_cost`` and ``total_cost`` recomputed.
        """
        return crashing.with_indirect_cost(
            self.steps, self.controls["indirect_cost"].value
        )

    @property
    def cheapest(self) -> pd.Series:
        """The step with the lowest total cost."""
        return crashing.cheapest_duration(self.result)

    @property
    def target_step(self) -> pd.Series:
        """The step that first reaches the target duration."""
        return self.result.loc[
            crashing.step_for(self.result, self.controls["target"].value)
        ]

    @property
    def crashed(self) -> pd.Series:
        """Days crashed per activity to reach the target duration."""
        return crashing.crashed_activities(self.result, self.controls["target"].value)

    def draw(self) -> None:
        """Draw (the first time) or move (later) the time-cost chart."""
        target = float(self.controls["target"].value)
        if self.ax.get_gid() == "time_cost":
            refresh_time_cost_chart(self.ax, self.result, target=target)
        else:
            time_cost_chart(self.result, target=target, ax=self.ax)
            self.ax.set_gid("time_cost")

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves: the lines, the marker, the cost axis and the title.

        Returns
        -------
        list of matplotlib.artist.Artist
        """
        ax = self.ax
        moving = [ax.yaxis, *ax.lines, *ax.spines.values(), left_title(ax)]
        return drawing_order(moving)

    def describe(self) -> str:
        """Return the cheapest duration and what reaching the target takes.

        Returns
        -------
        str
            HTML for the summary.
        """
        normal = self.result.iloc[0]
        best = self.cheapest
        at = self.target_step
        crashed = self.crashed
        listed = ", ".join(
            f"{html.escape(str(tid))} by {days:g} day{'s' if days != 1 else ''}"
            for tid, days in crashed.items()
        )
        text = (
            f"<b>Lowest total cost: {best['duration']:g} days, "
            f"{_money(best['total_cost'])}</b> (the normal plan: "
            f"{normal['duration']:g} days, {_money(normal['total_cost'])}).<br>"
        )
        if crashed.empty:
            return text + (
                f"<b>Target {at['duration']:g} days:</b> the normal plan, "
                "nothing crashed."
            )
        extra = at["direct_cost"] - normal["direct_cost"]
        saved = normal["indirect_cost"] - at["indirect_cost"]
        return text + (
            f"<b>Target {at['duration']:g} days:</b> crash {listed}. "
            f"Crashing adds {_money(extra)} of direct cost and saves "
            f"{_money(saved)} of indirect cost: total {_money(at['total_cost'])}."
        )
