"""Charts for agile delivery: burn charts, forecasts, flow and the two simulations.

Every function draws on an axes it is given (or a new course figure) and
returns it; nothing is computed here that :mod:`pmcourse.agile` computes.
The flow charts (cumulative flow, cycle times, the Kanban simulation) are
drawn in :mod:`pmcourse.plots.flow` and re-exported here, as is
:func:`~pmcourse.plots.style.new_panels`.
Agile series are blue and solid, waterfall ones orange and dashed, so the
two stay apart in greyscale and for colour-blind readers.

Used in: lesson 06, Agile vs Waterfall.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from pmcourse.agile import (
    AgileWaterfallResult,
    forecast_percentiles,
)
from pmcourse.plots.agile_flow import (
    cumulative_flow_chart,
    cycle_time_chart,
    kanban_chart,
    refresh_cycle_time,
    refresh_kanban,
)
from pmcourse.plots.agile_flow import flow_axes as _axes
from pmcourse.plots.parts import artists_by_gid as _by_gid
from pmcourse.plots.style import (
    COLORS,
    LINESTYLES,
    course_style,
    new_panels,
    set_title,
    style_axes,
)

__all__ = [
    "agile_waterfall_chart",
    "burn_chart",
    "cumulative_flow_chart",
    "cycle_time_chart",
    "forecast_chart",
    "kanban_chart",
    "new_panels",
    "refresh_agile_waterfall",
    "refresh_cycle_time",
    "refresh_kanban",
]

AGILE: dict[str, Any] = {"color": COLORS["normal"], "linestyle": "-", "linewidth": 2.2}
WATERFALL: dict[str, Any] = {
    "color": COLORS["highlight"],
    "linestyle": "--",
    "linewidth": 2.2,
}


def _mark_percentiles(
    ax: Axes, marks: pd.Series, top: float, *, shift: float = 0.0, unit: str = ""
) -> None:
    """Draw a dashed line per percentile; percentiles with equal values share one.

    The lines carry the percentile's label as gid (``P50``); the labels are
    written above the bars, one line of text per distinct value.
    """
    groups: dict[float, list[str]] = {}
    for label, value in marks.items():
        groups.setdefault(float(value), []).append(str(label))
    for k, (value, labels) in enumerate(groups.items()):
        for label in labels:
            ax.axvline(
                value + shift,
                color=COLORS["finish"],
                linestyle=LINESTYLES["finish"],
                linewidth=1.2,
                gid=label,
            )
        ax.text(
            value + shift,
            top * (1.16 - 0.09 * (k % 2)),
            f" {', '.join(labels)}: {value:g}{unit}",
            fontsize=9,
            va="bottom",
        )


def _ideal_to_the_end(
    sprints: np.ndarray, ideal: pd.Series, target: float
) -> tuple[np.ndarray, np.ndarray]:
    """Extend the ideal line to the planned sprint where it reaches its target.

    A table with fewer sprints of data than planned stops the ideal line
    short; the plan still ends where the line reaches zero (burndown) or the
    starting scope (burnup), read from its slope.
    """
    x = np.asarray(sprints, dtype=float)
    y = np.asarray(ideal, dtype=float)
    if len(y) < 2 or y[1] == y[0] or abs(y[-1] - target) < 1e-9:
        return x, y
    slope = (y[1] - y[0]) / (x[1] - x[0])
    end = x[0] + (target - y[0]) / slope
    if end <= x[-1]:
        return x, y
    return np.append(x, end), np.append(y, target)


def burn_chart(
    table: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Draw a burnup or a burndown chart from a burn table of pmcourse.agile.

    A table with a ``remaining`` column is drawn as a burndown (work left,
    with the ideal line falling to zero); otherwise as a burnup (work done
    climbing towards the scope line, which steps up when work is added).

    Parameters
    ----------
    table : DataFrame
        The output of :func:`~pmcourse.agile.burnup` or
        :func:`~pmcourse.agile.burndown`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        The chart's title; by default one that states where the work stands.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on; lines carry gids ``done``, ``scope``,
        ``remaining`` and ``ideal``.

    Raises
    ------
    ValueError
        If the table lacks the ``sprint`` and ``ideal`` columns.

    Examples
    --------
    >>> from pmcourse.agile import burnup
    >>> ax = burn_chart(burnup([100, 100, 120], [30, 25, 30]))
    >>> [line.get_gid() for line in ax.lines]
    ['scope', 'done', 'ideal']

    Used in: lesson 06, burndown and burnup.
    """
    for column in ("sprint", "ideal"):
        if column not in table.columns:
            raise ValueError(
                f"table needs a '{column}' column (from burnup or burndown); "
                f"it has {list(table.columns)}"
            )
    ax = _axes(ax)
    sprints = table["sprint"].to_numpy()
    with course_style():
        style_axes(ax, xlabel="End of sprint", ylabel="Story points", grid="y")
        if "remaining" in table.columns:
            last = table["remaining"].iloc[-1]
            ax.plot(
                sprints,
                table["remaining"],
                marker="o",
                gid="remaining",
                label="work remaining",
                **AGILE,
            )
            default = f"{last:g} points remain after sprint {sprints[-1]}"
        else:
            ax.step(
                sprints,
                table["scope"],
                where="post",
                gid="scope",
                color=COLORS["muted"],
                linewidth=1.8,
                label="scope",
            )
            ax.plot(
                sprints,
                table["done"],
                marker="o",
                gid="done",
                label="work done",
                **AGILE,
            )
            gap = table["scope"].iloc[-1] - table["done"].iloc[-1]
            default = f"{gap:g} of {table['scope'].iloc[-1]:g} points still to do"
        target = 0.0 if "remaining" in table.columns else float(table["scope"].iloc[0])
        ideal_x, ideal_y = _ideal_to_the_end(sprints, table["ideal"], target)
        ax.plot(
            ideal_x,
            ideal_y,
            gid="ideal",
            color=COLORS["float"],
            linestyle=LINESTYLES["float"],
            linewidth=1.2,
            label="ideal (plan)",
        )
        last = int(np.ceil(max(sprints[-1], ideal_x[-1]) - 1e-6))
        ax.set_xticks(np.arange(sprints[0], last + 1))
        ax.set_ylim(bottom=0)
        ax.legend(loc="best")
    set_title(ax, title or default)
    return ax


def forecast_chart(
    counts: Sequence[int] | np.ndarray,
    ax: Axes | None = None,
    *,
    deadline: float | None = None,
    percentiles: Sequence[float] = (50, 85),
) -> Axes:
    """Draw a Monte Carlo sprint forecast: how often each sprint count came up.

    Parameters
    ----------
    counts : sequence of int
        Sprint counts, e.g. from :func:`pmcourse.agile.forecast_sprints`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    deadline : float, optional
        Sprints available; drawn as a dash-dot line and used in the title.
    percentiles : sequence of float
        Percentiles to mark with dashed lines (read off with
        :func:`pmcourse.agile.forecast_percentiles`).

    Returns
    -------
    matplotlib.axes.Axes
        Bars carry the gid ``runs:<sprints>``; percentile lines ``P50`` etc.

    Raises
    ------
    ValueError
        If ``counts`` is empty.

    Examples
    --------
    >>> ax = forecast_chart([4, 5, 5, 6, 6, 6, 7], percentiles=[50])
    >>> [line.get_gid() for line in ax.lines]
    ['P50']

    Used in: lesson 06, forecasting with velocity.
    """
    x = np.asarray(counts)
    if x.size == 0:
        raise ValueError("counts is empty: run the forecast first")
    ax = _axes(ax)
    values, freq = np.unique(x, return_counts=True)
    share = freq / x.size
    marks = forecast_percentiles(x, percentiles)
    with course_style():
        style_axes(
            ax, xlabel="Sprints needed", ylabel="Share of simulated runs", grid="y"
        )
        for v, s in zip(values, share, strict=True):
            late = deadline is not None and v > deadline
            ax.bar(
                v,
                s,
                width=0.8,
                color=COLORS["critical"] if late else COLORS["normal"],
                hatch="//" if late else None,
                edgecolor=COLORS["face"],
                gid=f"runs:{v}",
            )
        top = share.max()
        _mark_percentiles(ax, marks, top, unit=" sprints")
        if deadline is not None:
            ax.axvline(
                deadline + 0.5,
                color=COLORS["deadline"],
                linestyle=LINESTYLES["deadline"],
                linewidth=1.6,
                gid="deadline",
            )
            ax.text(
                deadline + 0.5,
                top * 1.3,
                "deadline ",
                ha="right",
                va="top",
                fontsize=9,
                color=COLORS["deadline"],
            )
        ax.set_xticks(values)
        ax.set_ylim(0, top * 1.35)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    if deadline is None:
        title = f"Half the runs finish within {marks.iloc[0]:g} sprints"
    else:
        p = float(np.mean(x <= deadline))
        title = f"{p:.0%} of runs finish within {deadline:g} sprints"
    set_title(ax, title)
    return ax


def agile_waterfall_chart(
    result: AgileWaterfallResult,
    axes: Sequence[Axes] | None = None,
    *,
    cost_limit: float | None = None,
) -> list[Axes]:
    """Draw value in use and money spent, week by week, for both approaches.

    Parameters
    ----------
    result : AgileWaterfallResult
        From :func:`pmcourse.agile.agile_vs_waterfall`.
    axes : two Axes, optional
        Left (value) and right (cost) panels; a new figure by default.
    cost_limit : float, optional
        Top of the cost axis, in the result's currency; by default it fits
        the result. A fixed top keeps the axis still in a simulation.

    Returns
    -------
    list of Axes
        The two panels. Lines carry gids ``agile_value``,
        ``waterfall_value``, ``agile_cost`` and ``waterfall_cost``; the
        finish markers ``agile_finish`` and ``waterfall_finish``.

    Examples
    --------
    >>> from pmcourse.agile import agile_vs_waterfall
    >>> left, right = agile_waterfall_chart(agile_vs_waterfall(rng=1))
    >>> sorted(line.get_gid() for line in left.lines)[:2]
    ['agile_value', 'waterfall_value']

    Used in: lesson 06, Agile vs Waterfall (simulation).
    """
    if axes is None:
        _, axes = new_panels(2)
    left, right = axes
    with course_style():
        style_axes(
            left, xlabel="Week", ylabel="Value in use (% of the full product)", grid="y"
        )
        style_axes(right, xlabel="Week", ylabel="Money spent (thousands)", grid="y")
        for name, style in (("agile", AGILE), ("waterfall", WATERFALL)):
            left.step([], [], where="post", gid=f"{name}_value", label=name, **style)
            right.plot([], [], gid=f"{name}_cost", label=name, **style)
            right.plot(
                [],
                [],
                marker="o",
                markersize=8,
                linestyle="none",
                color=style["color"],
                gid=f"{name}_finish",
            )
        weeks = float(result.timeline["week"].iloc[-1])
        left.set_ylim(0, 105)
        left.set_xlim(0, weeks)
        right.set_xlim(0, weeks)
        if cost_limit is not None:
            right.set_ylim(0, cost_limit / 1000)
        left.legend(loc="lower right")
    set_title(left, "Value the users have, week by week")
    set_title(right, "Money spent (dot: project closed)")
    refresh_agile_waterfall([left, right], result, rescale=cost_limit is None)
    return [left, right]


def refresh_agile_waterfall(
    axes: Sequence[Axes], result: AgileWaterfallResult, *, rescale: bool = False
) -> None:
    """Move an :func:`agile_waterfall_chart` to a new result, in place.

    Parameters
    ----------
    axes : two Axes
        The panels drawn by :func:`agile_waterfall_chart`.
    result : AgileWaterfallResult
        The new result.
    rescale : bool
        Fit the cost axis to the new result (False keeps it still).

    Examples
    --------
    >>> from pmcourse.agile import agile_vs_waterfall
    >>> axes = agile_waterfall_chart(agile_vs_waterfall(rng=1), cost_limit=6e5)
    >>> refresh_agile_waterfall(axes, agile_vs_waterfall(volatility=0, rng=1))
    >>> float(axes[0].lines[0].get_ydata()[-1])
    100.0

    Used in: lesson 06, Agile vs Waterfall (simulation).
    """
    left, right = axes
    t = result.timeline
    weeks = t["week"].to_numpy()
    value, cost = _by_gid(left), _by_gid(right)
    for name, summary in (("agile", result.agile), ("waterfall", result.waterfall)):
        value[f"{name}_value"].set_data(weeks, t[f"{name}_value"].to_numpy())
        cost[f"{name}_cost"].set_data(weeks, t[f"{name}_cost"].to_numpy() / 1000)
        done = summary.finish_week is not None
        cost[f"{name}_finish"].set_data(
            [summary.finish_week] if done else [],
            [summary.cost / 1000] if done else [],
        )
    if rescale:
        top = max(t["agile_cost"].max(), t["waterfall_cost"].max()) / 1000
        right.set_ylim(0, top * 1.08 or 1)
