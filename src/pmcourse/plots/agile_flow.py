"""Charts of flow: cumulative flow, cycle times and the Kanban simulation.

Every function draws on an axes it is given (or a new course figure) and
returns it; nothing is computed here that :mod:`pmcourse.agile` computes.
All are re-exported by :mod:`pmcourse.plots.agile`.

Used in: lesson 06, Agile vs Waterfall (flow metrics, Kanban and WIP limits).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.text import Text

from pmcourse.agile import KanbanResult, forecast_percentiles
from pmcourse.plots.parts import artists_by_gid as _by_gid
from pmcourse.plots.style import (
    COLORS,
    LINESTYLES,
    course_style,
    new_figure,
    new_panels,
    set_title,
    style_axes,
)

__all__ = [
    "cumulative_flow_chart",
    "cycle_time_chart",
    "kanban_chart",
    "refresh_cycle_time",
    "refresh_kanban",
]


def flow_axes(ax: Axes | None, width: float = 8.0, height: float = 4.2) -> Axes:
    """Return ``ax``, or the axes of a new figure of that size without a grid.

    Examples
    --------
    >>> ax = flow_axes(None)
    >>> ax.figure.get_size_inches().tolist()
    [8.0, 4.2]
    """
    if ax is None:
        _, ax = new_figure(width, height)
        ax.grid(False)
    return ax


def _day_key(gid: str) -> int:
    return int(gid.split(":")[1]) if gid.startswith("days:") else -1


def cumulative_flow_chart(
    cfd: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Draw a cumulative flow diagram from :func:`pmcourse.agile.cumulative_flow`.

    Bands are stacked with ``done`` at the bottom: the band's thickness is the
    number of items in that state each day; the in-progress band is the work
    in progress, and the slope of the done band is the throughput.

    Parameters
    ----------
    cfd : DataFrame
        Columns ``to_do``, ``in_progress``, ``done`` indexed by day.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        The chart's title.

    Returns
    -------
    matplotlib.axes.Axes
        The bands carry gids ``done``, ``in_progress`` and ``to_do``.

    Raises
    ------
    ValueError
        If a column is missing.

    Examples
    --------
    >>> from pmcourse.agile import cumulative_flow
    >>> items = [{"created": 0, "started": 1, "finished": 3}]
    >>> ax = cumulative_flow_chart(cumulative_flow(items))
    >>> [c.get_gid() for c in ax.collections]
    ['done', 'in_progress', 'to_do']

    Used in: lesson 06, cumulative flow diagrams.
    """
    bands = ["done", "in_progress", "to_do"]
    missing = [c for c in bands if c not in cfd.columns]
    if missing:
        raise ValueError(f"cfd needs the columns {missing}; it has {list(cfd.columns)}")
    ax = flow_axes(ax, 9.0)
    x = cfd.index.to_numpy()
    colours = {
        "done": COLORS["good"],
        "in_progress": COLORS["normal"],
        "to_do": COLORS["secondary"],
    }
    labels = {"done": "done", "in_progress": "in progress", "to_do": "to do"}
    bottom = np.zeros(len(cfd))
    with course_style():
        style_axes(ax, xlabel="Day", ylabel="Items", grid="y")
        for band in bands:
            top = bottom + cfd[band].to_numpy(dtype=float)
            ax.fill_between(
                x,
                bottom,
                top,
                step="post",
                color=colours[band],
                alpha=0.85,
                linewidth=0,
                gid=band,
                label=labels[band],
                hatch="..." if band == "in_progress" else None,
            )
            bottom = top
        handles, names = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], names[::-1], loc="upper left")
        ax.set_ylim(bottom=0)
        ax.set_xlim(x[0], x[-1])
    mean_wip = float(cfd["in_progress"].mean())
    set_title(ax, title or f"On average {mean_wip:.1f} items were in progress")
    return ax


def cycle_time_chart(
    cycle_times: Sequence[float] | pd.Series,
    ax: Axes | None = None,
    *,
    percentiles: Sequence[float] = (50, 85),
    max_days: int | None = None,
    bars: int | None = None,
) -> Axes:
    """Draw the distribution of cycle times, with percentile lines.

    Parameters
    ----------
    cycle_times : sequence of float
        Days per finished item, e.g. :func:`pmcourse.agile.cycle_times`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    percentiles : sequence of float
        Percentiles to mark ("85 % of items finished within N days").
    max_days : int, optional
        Right end of the day axis; longer cycle times are counted in the last
        bar. By default the longest cycle time.
    bars : int, optional
        How many day bars to create (at least ``max_days``); more than are
        shown lets :func:`refresh_cycle_time` widen the axis later.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per day with gid ``days:<n>``; lines ``P50``, ``P85``... and
        their labels, texts with gids ``label:P50``...

    Raises
    ------
    ValueError
        If there is no cycle time.

    Examples
    --------
    >>> ax = cycle_time_chart([1, 2, 2, 3, 8], percentiles=[85])
    >>> [line.get_gid() for line in ax.lines]
    ['P85']
    >>> [p.get_height() for p in ax.patches][:4]
    [1.0, 2.0, 1.0, 0.0]

    Used in: lesson 06, flow metrics.
    """
    ct = _cycle_array(cycle_times)
    ax = flow_axes(ax)
    top_day = int(max_days or np.ceil(ct.max()))
    n_bars = max(top_day, int(bars or 0))
    with course_style():
        style_axes(
            ax,
            xlabel="Cycle time (days, start and finish day counted)",
            ylabel="Items",
            grid="y",
        )
        for d in range(1, n_bars + 1):
            ax.bar(d, 0, width=0.85, color=COLORS["normal"], gid=f"days:{d}")
        for q in percentiles:
            label = f"P{q:g}"
            ax.axvline(
                0,
                color=COLORS["finish"],
                linestyle=LINESTYLES["finish"],
                linewidth=1.2,
                gid=label,
            )
            ax.text(0, 0, "", fontsize=9, va="bottom", gid=f"label:{label}")
    refresh_cycle_time(ax, ct, max_days=top_day)
    return ax


def _cycle_array(cycle_times: Sequence[float] | pd.Series) -> np.ndarray:
    ct = np.asarray(pd.Series(cycle_times, dtype=float).dropna(), dtype=float)
    if ct.size == 0:
        raise ValueError("cycle_times is empty: no item has finished")
    return ct


def refresh_cycle_time(
    ax: Axes, cycle_times: Sequence[float] | pd.Series, *, max_days: int | None = None
) -> None:
    """Move a :func:`cycle_time_chart` to new cycle times, in place.

    Bars beyond ``max_days`` are hidden (the last shown one counts the longer
    cycle times); the percentile lines, their labels, the limits and the
    title follow.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`cycle_time_chart`.
    cycle_times : sequence of float
        The new cycle times, in days.
    max_days : int, optional
        Right end of the day axis; by default the longest cycle time, capped
        at the number of bars the chart has.

    Raises
    ------
    ValueError
        If there is no cycle time.

    Examples
    --------
    >>> ax = cycle_time_chart([1, 2, 2], bars=10)
    >>> refresh_cycle_time(ax, [5, 5, 6, 9])
    >>> [p.get_height() for p in ax.patches if p.get_visible()][-5:]
    [2.0, 1.0, 0.0, 0.0, 1.0]

    Used in: lesson 06, Kanban and WIP limits (simulation).
    """
    ct = _cycle_array(cycle_times)
    art = _by_gid(ax)
    bars = [art[g] for g in sorted(art, key=_day_key) if g.startswith("days:")]
    top_day = min(len(bars), int(max_days or np.ceil(ct.max())))
    counts = np.bincount(
        np.clip(np.ceil(ct).astype(int), 1, top_day), minlength=top_day + 1
    )[1:]
    for d, bar in enumerate(bars, start=1):
        bar.set_visible(d <= top_day)
        bar.set_height(float(counts[d - 1]) if d <= top_day else 0.0)
    labels = [g for g in art if g.startswith("P") and f"label:{g}" in art]
    marks = forecast_percentiles(np.ceil(ct), [float(g[1:]) for g in labels])
    top = float(counts.max())
    seen: dict[float, Text] = {}
    for k, (label, value) in enumerate(zip(labels, marks, strict=True)):
        art[label].set_xdata([value + 0.45, value + 0.45])
        text = art[f"label:{label}"]
        if value in seen:  # share the text of the first percentile at this value
            first = seen[value]
            first.set_text(first.get_text().replace(":", f", {label}:", 1))
            text.set_text("")
            continue
        seen[value] = text
        text.set_text(f" {label}: {value:g} d")
        text.set_position((value + 0.45, top * (1.16 - 0.09 * (k % 2))))
    ax.set_ylim(0, top * 1.35)
    ax.set_xlim(0.3, top_day + 0.7)
    if labels:
        set_title(
            ax,
            f"{labels[-1][1:]} % of items finished within {marks.iloc[-1]:g} days",
        )


def kanban_chart(
    result: KanbanResult,
    axes: Sequence[Axes] | None = None,
    *,
    wip_limit: int | None = None,
    max_days: int | None = None,
    bars: int | None = None,
) -> list[Axes]:
    """Draw a Kanban simulation: WIP and backlog by day, and cycle times.

    Parameters
    ----------
    result : KanbanResult
        From :func:`pmcourse.agile.simulate_kanban`.
    axes : two Axes, optional
        Left (WIP over time) and right (cycle time histogram) panels.
    wip_limit : int, optional
        The limit, drawn as a dash-dot line on the left panel.
    max_days : int, optional
        Right end of the histogram; longer cycle times go in the last bar.
        By default the longest cycle time, and at least 15 days.
    bars : int, optional
        Day bars to create in the histogram (see :func:`cycle_time_chart`).

    Returns
    -------
    list of Axes
        Left lines carry gids ``backlog``, ``wip`` and ``wip_limit`` (hidden
        when there is no limit), the shaded WIP ``wip_area``; the right panel
        is a :func:`cycle_time_chart`.

    Examples
    --------
    >>> from pmcourse.agile import simulate_kanban
    >>> left, right = kanban_chart(simulate_kanban(rng=1), wip_limit=4)
    >>> [line.get_gid() for line in left.lines]
    ['backlog', 'wip', 'wip_limit']

    Used in: lesson 06, Kanban and WIP limits (simulation).
    """
    if axes is None:
        _, axes = new_panels(2)
    left, right = axes
    with course_style():
        style_axes(left, xlabel="Day", ylabel="Items", grid="y")
        left.plot(
            [],
            [],
            color=COLORS["highlight"],
            linestyle=":",
            linewidth=2.0,
            gid="backlog",
            label="waiting (backlog)",
        )
        left.step(
            [],
            [],
            where="post",
            color=COLORS["normal"],
            linewidth=1.6,
            gid="wip",
            label="in progress (WIP)",
        )
        left.axhline(
            0,
            color=COLORS["deadline"],
            linestyle=LINESTYLES["deadline"],
            linewidth=2.0,
            gid="wip_limit",
            label="WIP limit",
        )
        left.set_xlim(0, result.daily["day"].iloc[-1])
        left.legend(loc="upper left")
    ct = result.items["cycle_time"].dropna()
    top = max(15, int(np.ceil(ct.max()))) if len(ct) else 15
    cycle_time_chart(
        ct if len(ct) else [1.0], right, max_days=max_days or top, bars=bars
    )
    refresh_kanban([left, right], result, wip_limit=wip_limit, max_days=max_days)
    return [left, right]


def refresh_kanban(
    axes: Sequence[Axes],
    result: KanbanResult,
    *,
    wip_limit: int | None = None,
    max_days: int | None = None,
) -> None:
    """Move a :func:`kanban_chart` to a new simulation, in place.

    Parameters
    ----------
    axes : two Axes
        The panels drawn by :func:`kanban_chart`.
    result : KanbanResult
        The new simulation.
    wip_limit : int, optional
        The limit in force (None hides the limit line).
    max_days : int, optional
        Right end of the histogram; by default the longest cycle time, at
        least 15 days.

    Examples
    --------
    >>> from pmcourse.agile import simulate_kanban
    >>> axes = kanban_chart(simulate_kanban(rng=1), wip_limit=4, bars=60)
    >>> refresh_kanban(axes, simulate_kanban(wip_limit=2, rng=1), wip_limit=2)
    >>> axes[0].lines[2].get_ydata()[0]
    2

    Used in: lesson 06, Kanban and WIP limits (simulation).
    """
    left, right = axes
    daily = result.daily
    art = _by_gid(left)
    days = daily["day"].to_numpy()
    art["backlog"].set_data(days, daily["backlog"].to_numpy())
    art["wip"].set_data(days, daily["wip"].to_numpy())
    if "wip_area" in art:
        art["wip_area"].remove()
    with course_style():
        left.fill_between(
            days,
            daily["wip"].to_numpy(),
            step="post",
            color=COLORS["normal"],
            alpha=0.25,
            linewidth=0,
            gid="wip_area",
        )
    art["wip_limit"].set_visible(wip_limit is not None)
    art["wip_limit"].set_ydata([wip_limit or 0] * 2)
    top = max(int(daily["backlog"].max()), int(daily["wip"].max()), wip_limit or 0)
    left.set_ylim(0, top * 1.15 + 1)
    set_title(left, f"{result.mean_wip:.1f} items in progress on average")
    ct = result.items["cycle_time"].dropna()
    if len(ct):
        days_axis = max_days or max(15, int(np.ceil(ct.max())))
        refresh_cycle_time(right, ct, max_days=days_axis)
    else:
        set_title(right, "No item has finished yet")
