"""The time-cost trade-off chart: direct, indirect and total cost by duration.

It draws a table from :func:`pmcourse.crashing.time_cost_tradeoff` and
computes nothing of its own. Each series carries a ``gid`` (``"direct"``,
``"indirect"``, ``"total"``, ``"cheapest"``, ``"target"``) so tests and the
simulation can find it; :func:`refresh_time_cost_chart` moves them to a new
table without rebuilding the chart.

Used in: lesson 03, scheduling (crashing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from pmcourse.plots.parts import DOLLARS, artists_by_gid, dollars
from pmcourse.plots.style import (
    COLORS,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)
from pmcourse.schedule.crashing import cheapest_duration

__all__ = ["refresh_time_cost_chart", "time_cost_chart"]

DURATION_LABEL = "Project duration (working days)"


def _title(best: pd.Series) -> str:
    return (
        f"Total cost is lowest at {best['duration']:g} days: "
        f"{dollars(best['total_cost'])}"
    )


def time_cost_chart(
    tradeoff: pd.DataFrame,
    *,
    target: float | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot direct, indirect and total cost against project duration.

    Direct cost rises as the project is crashed shorter, indirect cost falls;
    the lowest total is marked by a vermillion diamond, and an optional
    target duration by a dash-dotted line.

    Parameters
    ----------
    tradeoff : DataFrame
        A result of :func:`pmcourse.crashing.time_cost_tradeoff`.
    target : float, optional
        A project duration to mark, in days.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-style figure by default.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the table is empty or lacks the cost columns.

    Examples
    --------
    >>> steps = pd.DataFrame({"duration": [7.0, 6.0, 5.0],
    ...                       "direct_cost": [1000.0, 1200.0, 1500.0],
    ...                       "indirect_cost": [700.0, 600.0, 500.0],
    ...                       "total_cost": [1700.0, 1800.0, 2000.0]})
    >>> ax = time_cost_chart(steps, target=6)
    >>> ax.get_title(loc="left")
    'Total cost is lowest at 7 days: $1.7k'

    Used in: lesson 03, scheduling (crashing).
    """
    needed = {"duration", "direct_cost", "indirect_cost", "total_cost"}
    if tradeoff.empty or not needed <= set(tradeoff.columns):
        raise ValueError(
            "tradeoff must be a non-empty time_cost_tradeoff table with "
            + ", ".join(sorted(needed))
        )
    if ax is None:
        _, ax = new_figure(8.5, 4.2)
    x = tradeoff["duration"].to_numpy(dtype=float)
    with course_style():
        ax.plot(
            x,
            tradeoff["direct_cost"],
            color=COLORS["normal"],
            marker="o",
            markersize=4,
            label="direct (the activities, with crashing)",
            gid="direct",
        )
        ax.plot(
            x,
            tradeoff["indirect_cost"],
            color=COLORS["highlight"],
            linestyle=LINESTYLES["float"],
            marker="s",
            markersize=4,
            label="indirect (every day the project runs)",
            gid="indirect",
        )
        ax.plot(
            x,
            tradeoff["total_cost"],
            color=COLORS["text"],
            linewidth=2.2,
            marker="o",
            markersize=4,
            label="total",
            gid="total",
        )
        ax.plot(
            [],
            [],
            linestyle="none",
            marker="D",
            markersize=10,
            color=COLORS["critical"],
            markeredgecolor=COLORS["text"],
            label="lowest total",
            gid="cheapest",
            zorder=5,
        )
        ax.axvline(
            np.nan,
            color=COLORS["deadline"],
            linestyle=LINESTYLES["deadline"],
            linewidth=1.6,
            label="target duration",
            gid="target",
        )
        style_axes(ax, xlabel=DURATION_LABEL, ylabel="Cost (dollars)", grid="both")
        ax.yaxis.set_major_formatter(DOLLARS)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    refresh_time_cost_chart(ax, tradeoff, target=target)
    return ax


def refresh_time_cost_chart(
    ax: Axes, tradeoff: pd.DataFrame, *, target: float | None = None
) -> Axes:
    """Move a chart drawn by :func:`time_cost_chart` to a new table.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`time_cost_chart`.
    tradeoff : DataFrame
        The new trade-off table.
    target : float, optional
        The duration to mark (None hides the line).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> steps = pd.DataFrame({"duration": [7.0, 6.0], "direct_cost": [10.0, 30.0],
    ...                       "indirect_cost": [70.0, 60.0],
    ...                       "total_cost": [80.0, 90.0]})
    >>> ax = time_cost_chart(steps)
    >>> cheaper = steps.assign(indirect_cost=[140.0, 120.0], total_cost=[150.0, 150.0])
    >>> refresh_time_cost_chart(ax, cheaper).get_title(loc="left")
    'Total cost is lowest at 7 days: $150'

    Used in: lesson 03, scheduling (crashing).
    """
    parts = artists_by_gid(ax)
    x = tradeoff["duration"].to_numpy(dtype=float)
    for gid in ("direct", "indirect", "total"):
        parts[gid].set_data(x, tradeoff[f"{gid}_cost"].to_numpy(dtype=float))
    best = cheapest_duration(tradeoff)
    parts["cheapest"].set_data([best["duration"]], [best["total_cost"]])
    line = parts["target"]
    line.set_xdata([np.nan, np.nan] if target is None else [target, target])
    line.set_visible(target is not None)
    costs = tradeoff[["direct_cost", "indirect_cost", "total_cost"]].to_numpy(float)
    top = float(costs.max()) or 1.0
    ax.set_ylim(0, top * 1.08)
    low, high = float(x.min()), float(x.max())
    pad = max(0.5, 0.06 * (high - low))
    ax.set_xlim(low - pad, high + pad)
    set_title(ax, _title(best))
    return ax
