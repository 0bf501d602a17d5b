"""Agile simulations: the same project run both ways, and a Kanban board.

- :class:`AgileVsWaterfall`: requirements volatility, sprint length, team
  capacity, the cost of late change and the defect rate -> value in use and
  money spent week by week, for an agile and a waterfall run of one product
  (:func:`pmcourse.agile.agile_vs_waterfall`).
- :class:`KanbanBoard`: WIP limit, arrival rate and team capacity -> work in
  progress over time, throughput and the cycle time distribution
  (:func:`pmcourse.agile.simulate_kanban`).

Used in: lesson 06, Agile vs Waterfall.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from pmcourse.agile import (
    AgileWaterfallResult,
    KanbanResult,
    agile_vs_waterfall,
    forecast_percentiles,
    littles_law,
    simulate_kanban,
)
from pmcourse.plots.agile import (
    agile_waterfall_chart,
    kanban_chart,
    refresh_agile_waterfall,
    refresh_kanban,
)
from pmcourse.widgets.base import Simulation, drawing_order, left_title, slider

__all__ = ["AgileVsWaterfall", "KanbanBoard"]

#: Mean item size in points in the Kanban simulation.
SIZE_MEAN = 3.0
#: Days on the cycle time axis (fixed, so that settings compare); longer
#: cycle times are counted in the last bar.
HISTOGRAM_DAYS = 30
#: The team's cost per week in the Agile-vs-Waterfall model (its default).
COST_PER_WEEK = 10_000.0


def _slider(kind: type, **kwargs: Any) -> widgets.Widget:
    return slider(kind, label_width="290px", width="580px", **kwargs)


class _TwoPanels(Simulation):
    """A simulation whose chart is two side-by-side panels, drawn once then moved."""

    figsize = (11.0, 4.2)
    dpi = 80

    def _panels(self) -> bool:
        """Replace the base class's single axes by two panels, on the first call.

        Returns
        -------
        bool
            True if the panels were just created (the chart must be drawn).
        """
        if self.axes:
            return False
        self.side_by_side(2)
        return True

    def _moving(self, ax: Axes, *, axis: str = "") -> list[Artist]:
        """Return an axes' data artists, its title and the named tick axes."""
        moving: list[Artist] = [*ax.lines, *ax.patches, *ax.texts, *ax.collections]
        moving.append(left_title(ax))  # where set_title(loc="left") puts it
        if "x" in axis:
            moving += [ax.xaxis, ax.spines["bottom"]]
        if "y" in axis:
            moving += [ax.yaxis, ax.spines["left"]]
        return moving


class AgileVsWaterfall(_TwoPanels):
    """Run one product agile and waterfall, and compare value and cost over time.

    The controls are the assumptions of
    :func:`pmcourse.agile.agile_vs_waterfall`: how often requirements change
    (weekly probability per feature), the agile sprint length, the team's
    capacity (points a week), how many times more a change or defect costs
    when found a whole project late, and the defect rate. The random draws
    come from a fixed seed, so a slider changes the result smoothly.

    Parameters
    ----------
    seed : int
        The seed of the product's features and of the change events.
    weeks : int
        The horizon in weeks.

    Attributes
    ----------
    controls : dict
        ``volatility``, ``sprint_length``, ``capacity``, ``late_change_cost``,
        ``defect_rate``.
    result : AgileWaterfallResult
        The latest model result.

    Examples
    --------
    >>> app = AgileVsWaterfall()
    >>> app.result.agile.value_at_end > app.result.waterfall.value_at_end
    True
    >>> app.controls["volatility"].value = 0.0
    >>> app.result.waterfall.rework_effort
    0.0

    Used in: lesson 06, Agile vs Waterfall (simulation).
    """

    def __init__(self, seed: int = 42, weeks: int = 52) -> None:
        self.seed = int(seed)
        self.weeks = int(weeks)
        self.axes: list[Axes] = []  # the two panels, made on the first draw
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the five sliders.

        Returns
        -------
        dict of str to ipywidgets.Widget
            The sliders by the model's parameter names.
        """
        return {
            "volatility": _slider(
                widgets.FloatSlider,
                value=0.02,
                min=0.0,
                max=0.12,
                step=0.005,
                readout_format=".3f",
                description="Requirement changes (per feature-week)",
            ),
            "sprint_length": _slider(
                widgets.IntSlider,
                value=2,
                min=1,
                max=4,
                description="Sprint length (weeks)",
            ),
            "capacity": _slider(
                widgets.FloatSlider,
                value=10.0,
                min=5.0,
                max=20.0,
                step=0.5,
                description="Team capacity (points a week)",
            ),
            "late_change_cost": _slider(
                widgets.FloatSlider,
                value=10.0,
                min=1.0,
                max=50.0,
                step=1.0,
                description="Cost of a change found a project late (x)",
            ),
            "defect_rate": _slider(
                widgets.FloatSlider,
                value=0.1,
                min=0.0,
                max=0.3,
                step=0.01,
                description="Defects (points of fixing per point)",
            ),
        }

    def compute(self) -> AgileWaterfallResult:
        """Run :func:`pmcourse.agile.agile_vs_waterfall` with the controls' values.

        Returns
        -------
        AgileWaterfallResult
            Week-by-week timeline and a summary of each approach.
        """
        return agile_vs_waterfall(
            **self.values(),
            weeks=self.weeks,
            cost_per_week=COST_PER_WEEK,
            rng=self.seed,
        )

    def draw(self) -> None:
        """Draw value in use (left) and money spent (right) for both approaches.

        The first call draws the chart; later calls move its lines.
        """
        if self._panels():
            top = self.weeks * COST_PER_WEEK * 1.05
            agile_waterfall_chart(self.result, self.axes, cost_limit=top)
        else:
            refresh_agile_waterfall(self.axes, self.result)

    def dynamic_artists(self) -> list[Artist]:
        """Return the lines of both panels: axes, legend and titles stay cached.

        Returns
        -------
        list of matplotlib.artist.Artist
            The value and cost lines and the finish markers.
        """
        return [*self.axes[0].lines, *self.axes[1].lines]

    def describe(self) -> str:
        """Return one line per approach: finish, cost, value and rework.

        Returns
        -------
        str
            HTML for the summary.
        """
        lines = []
        for s in (self.result.agile, self.result.waterfall):
            finish = (
                f"closed in week {s.finish_week:.0f}"
                if s.finish_week is not None
                else f"<b>still running at week {self.weeks}</b>"
            )
            lines.append(
                f"<b>{s.approach.capitalize()}:</b> {finish}, spent "
                f"${s.cost:,.0f}; {s.value_at_end:.0f}% of the value in use at the "
                f"end; {s.value_weeks / 100:.1f} product-weeks of value delivered; "
                f"rework {s.rework_effort:.0f} points, defect fixing "
                f"{s.defect_effort:.0f} points."
            )
        return "<br>".join(lines)


class KanbanBoard(_TwoPanels):
    """Simulate a Kanban team with a WIP limit: WIP, throughput and cycle times.

    Work arrives at random (a Poisson number of items a day, sizes varying),
    the team pulls items while fewer than the WIP limit are in progress, and
    shares its daily capacity among them (:func:`pmcourse.agile.simulate_kanban`).
    The left panel shows the items in progress and waiting each day, the
    right one how long finished items took. The draws come from a fixed seed,
    so the same items arrive whatever the limit: comparisons are fair.

    Parameters
    ----------
    seed : int
        The seed of arrivals and item sizes.
    days : int
        Days simulated.

    Attributes
    ----------
    controls : dict
        ``wip_limit`` (items), ``no_limit`` (a checkbox), ``arrival_rate``
        (items a day) and ``capacity`` (points a day; items average 3 points).
    result : KanbanResult
        The latest simulation.

    Examples
    --------
    >>> app = KanbanBoard()
    >>> int(app.result.daily["wip"].max()) <= 4
    True
    >>> limited = app.result.mean_cycle_time
    >>> app.controls["no_limit"].value = True
    >>> app.result.mean_cycle_time > limited
    True

    Used in: lesson 06, Kanban and WIP limits (simulation).
    """

    def __init__(self, seed: int = 7, days: int = 120) -> None:
        self.seed = int(seed)
        self.days = int(days)
        self.axes: list[Axes] = []  # the two panels, made on the first draw
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the WIP limit, the no-limit box, arrivals and capacity.

        Returns
        -------
        dict of str to ipywidgets.Widget
            The controls by name.
        """
        return {
            "wip_limit": _slider(
                widgets.IntSlider,
                value=4,
                min=1,
                max=15,
                description="WIP limit (items in progress)",
            ),
            "no_limit": widgets.Checkbox(
                value=False,
                description="No WIP limit (start everything that arrives)",
                indent=False,
            ),
            "arrival_rate": _slider(
                widgets.FloatSlider,
                value=0.9,
                min=0.2,
                max=1.5,
                step=0.05,
                description="New items a day (average)",
            ),
            "capacity": _slider(
                widgets.FloatSlider,
                value=3.0,
                min=1.0,
                max=6.0,
                step=0.25,
                description="Team capacity (points a day)",
            ),
        }

    @property
    def wip_limit(self) -> int | None:
        """The WIP limit in force (None when the box says no limit)."""
        if self.controls["no_limit"].value:
            return None
        return int(self.controls["wip_limit"].value)

    def compute(self) -> KanbanResult:
        """Run :func:`pmcourse.agile.simulate_kanban` with the controls' values.

        Returns
        -------
        KanbanResult
            Daily series and per-item dates.
        """
        v = self.values()
        return simulate_kanban(
            days=self.days,
            arrival_rate=v["arrival_rate"],
            capacity=v["capacity"],
            wip_limit=self.wip_limit,
            size_mean=SIZE_MEAN,
            rng=self.seed,
        )

    def draw(self) -> None:
        """Draw WIP and backlog by day (left) and the cycle time histogram.

        The first call draws the chart; later calls move its artists.
        """
        self.controls["wip_limit"].disabled = self.wip_limit is None
        days = HISTOGRAM_DAYS
        if self._panels():
            kanban_chart(
                self.result, self.axes, wip_limit=self.wip_limit, max_days=days
            )
        else:
            refresh_kanban(
                self.axes, self.result, wip_limit=self.wip_limit, max_days=days
            )

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves: data, titles and the item-count axes.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order; axis labels and the legend stay cached.
        """
        moving = self._moving(self.axes[0], axis="y")
        moving += self._moving(self.axes[1], axis="y")
        return drawing_order(moving)

    def describe(self) -> str:
        """Return the flow measures and Little's law check in two lines.

        Returns
        -------
        str
            HTML for the summary.
        """
        r = self.result
        ct = r.items["cycle_time"].dropna()
        p85 = forecast_percentiles(ct, [85]).iloc[0] if len(ct) else float("nan")
        v = self.values()
        waiting = int(r.daily["backlog"].iloc[-1])
        limit = "no limit" if self.wip_limit is None else f"limit {self.wip_limit}"
        cycle = littles_law(wip=r.mean_wip, throughput=r.mean_throughput)
        return (
            f"<b>WIP {html.escape(limit)}:</b> average cycle time "
            f"{r.mean_cycle_time:.1f} days (85% within {p85:g}), throughput "
            f"{r.mean_throughput:.2f} items a day, {r.mean_wip:.1f} items in "
            f"progress on average, {waiting} waiting at the end.<br>"
            f"Work arriving: {v['arrival_rate']:g} items a day of {SIZE_MEAN:g} "
            f"points on average, against {v['capacity']:g} points a day. "
            f"Little's law: WIP / throughput = {r.mean_wip:.1f} / "
            f"{r.mean_throughput:.2f} = {cycle:.1f} days."
        )
