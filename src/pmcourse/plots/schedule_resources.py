"""Resource charts: how much of each resource a schedule uses, day by day.

:func:`resource_profile` draws the resource histogram of a schedule (the
plan before levelling, from :func:`pmcourse.schedule.cpm`, or a levelled one
from :func:`pmcourse.schedule.resource_schedule`): one panel per resource,
the use in each period as a bar, the capacity as a dashed line, and the part
of a bar above the capacity in the critical colour with a hatch. The numbers
come from :func:`pmcourse.resources.resource_usage`; nothing is computed here
beyond splitting each bar at the capacity. :func:`profile_bars` reads the
bars back as a table.

Used in: lesson 03, scheduling (resource levelling).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from pmcourse.plots.parts import critical_patch
from pmcourse.plots.parts import number_text as _fmt
from pmcourse.plots.style import (
    COLORS,
    DAYS_LABEL,
    HATCH_CRITICAL,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)
from pmcourse.schedule.resources import resource_usage

__all__ = ["profile_bars", "resource_profile"]


def _axes_for(ax: Axes | Sequence[Axes] | None, n: int) -> list[Axes]:
    """Return one axes per resource: the ones given, or a new stacked figure."""
    if ax is None:
        fig, first = new_figure(10.0, 1.0 + 2.3 * n)
        first.remove()
        with course_style():
            made = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
        return list(made)
    axes = [ax] if isinstance(ax, Axes) else list(ax)
    if len(axes) != n or not all(isinstance(a, Axes) for a in axes):
        raise ValueError(
            f"ax must be one matplotlib Axes per resource ({n}), got {len(axes)}"
        )
    return axes


def _default_title(usage: pd.DataFrame, caps: dict[str, float], finish: float) -> str:
    """Say what the reader should see: where the plan is over capacity, or not."""
    over = usage.gt(pd.Series(caps) + 1e-9)
    days = int(over.any(axis=1).sum())
    if days == 0:
        return f"Every resource stays within its capacity; finish day {_fmt(finish)}"
    peaks = ", ".join(
        f"{name} peak {_fmt(usage[name].max())} of {_fmt(caps[name])}"
        for name in usage.columns
        if over[name].any()
    )
    return (
        f"Over capacity on {days} day{'s' if days > 1 else ''} ({peaks}); "
        f"finish day {_fmt(finish)}"
    )


def resource_profile(
    schedule: pd.DataFrame,
    tasks: Any,
    capacities: Mapping[str, float],
    ax: Axes | Sequence[Axes] | None = None,
    *,
    unit: str = "units",
    title: str | None = None,
    step: float = 1.0,
) -> list[Axes]:
    """Draw each resource's use over time against its capacity.

    One panel per resource, sharing the time axis. Each period's use is a
    bar: blue up to the capacity, vermillion *and* hatched above it (the
    overload). A dashed line marks the capacity and a dashed vertical line
    the schedule's finish.

    Parameters
    ----------
    schedule : DataFrame
        ``start`` and ``finish`` per task (a :func:`resource_schedule`
        result) or ``es`` and ``ef`` (a :func:`pmcourse.schedule.cpm`
        result: the plan before levelling).
    tasks : DataFrame or list of dict
        The task table, with one column per resource.
    capacities : dict of str to float
        The resources to draw and their capacities.
    ax : matplotlib.axes.Axes or sequence of Axes, optional
        One axes per resource; a new course-styled figure by default.
    unit : str
        What the resource is counted in, for the y labels (e.g. "people").
    title : str, optional
        The default says on how many periods the schedule is over capacity,
        each overloaded resource's peak, and the finish.
    step : float
        Length of a period (bar width), as in :func:`resource_usage`.

    Returns
    -------
    list of matplotlib.axes.Axes
        One per resource, in the order of ``capacities``. Bars have gid
        ``"usage:<resource>"`` (within capacity) and ``"overload:<resource>"``;
        the capacity line ``"capacity:<resource>"`` and the finish line
        ``"finish"``. :func:`profile_bars` reads the bars back.

    Raises
    ------
    ValueError
        For an empty ``capacities``, a wrong number of axes, or any input
        :func:`resource_usage` rejects.

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 2, "predecessors": "", "people": 3},
    ...     {"id": "B", "duration": 1, "predecessors": "", "people": 2},
    ... ]
    >>> from pmcourse.schedule import cpm
    >>> axes = resource_profile(cpm(plan), plan, {"people": 4})
    >>> axes[0].get_title(loc="left")
    'Over capacity on 1 day (people peak 5 of 4); finish day 2'
    >>> profile_bars(axes[0]).to_dict("list")
    {'period': [0.0, 1.0], 'within': [4.0, 3.0], 'over': [1.0, 0.0]}

    Used in: lesson 03, scheduling (resource levelling).
    """
    if not isinstance(capacities, Mapping) or not capacities:
        raise ValueError(
            "capacities must be a dict mapping each resource column to its "
            "capacity, e.g. {'engineers': 6}"
        )
    caps = {str(k): float(v) for k, v in capacities.items()}
    names = list(caps)
    usage = resource_usage(tasks, schedule, names, step=step)
    periods = usage.index.to_numpy(dtype=float)
    finish = float(periods.max() + step) if len(periods) else 0.0
    axes = _axes_for(ax, len(names))
    top = max(max(caps.values()), float(usage.to_numpy().max(initial=0.0)))
    with course_style():
        for k, (a, name) in enumerate(zip(axes, names, strict=True)):
            used = usage[name].to_numpy(dtype=float)
            within = np.minimum(used, caps[name])
            over = np.maximum(used - caps[name], 0.0)
            last = k == len(names) - 1
            style_axes(
                a,
                xlabel=DAYS_LABEL if last else None,
                ylabel=f"{name} ({unit})",
                grid="y",
            )
            bars = a.bar(
                periods,
                within,
                width=step,
                align="edge",
                color=COLORS["normal"],
                edgecolor=COLORS["face"],
                linewidth=0.6,
            )
            for patch in bars.patches:
                patch.set_gid(f"usage:{name}")
            extra = a.bar(
                periods,
                over,
                bottom=within,
                width=step,
                align="edge",
                facecolor=COLORS["critical"],
                edgecolor=COLORS["text"],
                hatch=HATCH_CRITICAL,
                linewidth=0.6,
            )
            for patch in extra.patches:
                patch.set_gid(f"overload:{name}")
            a.axhline(
                caps[name],
                color=COLORS["finish"],
                linestyle=LINESTYLES["finish"],
                linewidth=1.4,
                gid=f"capacity:{name}",
            )
            a.text(
                1.0,
                caps[name],
                f" capacity {_fmt(caps[name])}",
                transform=a.get_yaxis_transform(),
                va="center",
                ha="left",
                fontsize=8.5,
                color=COLORS["text"],
            )
            a.axvline(
                finish,
                color=COLORS["muted"],
                linestyle=LINESTYLES["float"],
                linewidth=1.0,
                gid="finish",
            )
            a.set_ylim(0, top * 1.15 + 0.5)
            a.set_xlim(0, finish + step)
            a.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
        handles = [
            Patch(facecolor=COLORS["normal"], label="in use, within capacity"),
            critical_patch("over capacity", edgecolor=COLORS["text"]),
            Line2D([], [], color=COLORS["finish"], linestyle="--", label="capacity"),
            Line2D(
                [],
                [],
                color=COLORS["muted"],
                linestyle=LINESTYLES["float"],
                label="finish",
            ),
        ]
        axes[-1].legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.3 if len(axes) > 1 else -0.2),
            ncols=4,
        )
        set_title(
            axes[0], title if title is not None else _default_title(usage, caps, finish)
        )
    return axes


def profile_bars(ax: Axes) -> pd.DataFrame:
    """Read the bars of one panel drawn by :func:`resource_profile`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        One of the axes :func:`resource_profile` returned.

    Returns
    -------
    DataFrame
        Float columns ``period`` (start of the period), ``within`` (use up to
        the capacity) and ``over`` (use above it), one row per period.

    Examples
    --------
    >>> plan = [{"id": "A", "duration": 2, "predecessors": "", "crane": 1}]
    >>> from pmcourse.schedule import cpm
    >>> ax = resource_profile(cpm(plan), plan, {"crane": 1})[0]
    >>> profile_bars(ax)["within"].tolist()
    [1.0, 1.0]

    Used in: the plot tests; lesson 03.
    """
    parts: dict[str, dict[float, float]] = {"usage": {}, "overload": {}}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        kind = gid.split(":", 1)[0]
        if isinstance(patch, Rectangle) and kind in parts:
            parts[kind][float(patch.get_x())] = float(patch.get_height())
    periods = sorted(parts["usage"])
    return pd.DataFrame(
        {
            "period": periods,
            "within": [parts["usage"][p] for p in periods],
            "over": [parts["overload"].get(p, 0.0) for p in periods],
        },
        dtype=float,
    )
