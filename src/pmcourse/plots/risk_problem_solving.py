"""Problem-solving charts: a Pareto chart and a cause-and-effect (fishbone) diagram.

The Pareto chart draws what :func:`pmcourse.problem_solving.pareto` computed.
The fishbone diagram only lays out the causes a team has written down: it is
a picture for a conversation, not a calculation.

Used in: lesson 05, risk (problem-solving tools).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import PercentFormatter

from pmcourse.plots.style import (
    COLORS,
    HATCH_CRITICAL,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["fishbone", "pareto_chart"]


def pareto_chart(
    table: pd.DataFrame,
    ax: Axes | None = None,
    *,
    threshold: float = 0.8,
    unit: str = "occurrences",
    title: str | None = None,
) -> Axes:
    """Draw a Pareto chart: causes as bars, largest first, and the cumulative share.

    The vital few are vermillion and hatched, the rest blue; a line with
    markers on a second axis shows the cumulative share, with the threshold
    as a dashed line.

    Parameters
    ----------
    table : DataFrame
        From :func:`pmcourse.problem_solving.pareto`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    threshold : float
        The threshold used for the vital few (for the dashed line).
    unit : str
        What the counts count, for the axis label.
    title : str, optional
        By default, how many causes make up the vital few and their share.

    Returns
    -------
    matplotlib.axes.Axes
        The bars' axes; bars have gid ``"cause:<name>"``. The cumulative line
        (gid ``"cumulative"``) is on the twin axes, ``ax.cumulative_axes``.

    Raises
    ------
    ValueError
        If a column of the Pareto table is missing.

    Examples
    --------
    >>> from pmcourse.risk.problem_solving import pareto
    >>> ax = pareto_chart(pareto({"a": 6, "b": 3, "c": 1}))
    >>> [round(h.get_height()) for h in ax.patches]
    [6, 3, 1]
    >>> ax.cumulative_axes.lines[0].get_ydata().tolist()
    [0.6, 0.9, 1.0]

    Used in: lesson 05, risk (problem-solving tools).
    """
    for column in ("count", "cumulative_share", "vital_few"):
        if column not in table.columns:
            raise ValueError(f"table is missing {column!r}: pass a pareto() result")
    names = [str(i) for i in table.index]
    x = np.arange(len(names))
    vital = table["vital_few"].to_numpy(dtype=bool)
    if ax is None:
        _, ax = new_figure(9.0, 4.2)
    with course_style():
        style_axes(ax, ylabel=unit.capitalize(), grid="y")
        bars = ax.bar(
            x,
            table["count"].to_numpy(dtype=float),
            color=[COLORS["critical"] if v else COLORS["normal"] for v in vital],
            edgecolor=[COLORS["text"] if v else COLORS["normal"] for v in vital],
            hatch=None,
        )
        for patch, name, v in zip(bars.patches, names, vital, strict=True):
            patch.set_gid(f"cause:{name}")
            if v:
                patch.set_hatch(HATCH_CRITICAL)
        ax.set_xticks(x, names, rotation=20, ha="right")
        twin = ax.twinx()
        twin.plot(
            x,
            table["cumulative_share"].to_numpy(dtype=float),
            color=COLORS["finish"],
            marker="o",
            linewidth=1.8,
            gid="cumulative",
        )
        twin.axhline(
            threshold,
            color=COLORS["deadline"],
            linestyle=LINESTYLES["finish"],
            linewidth=1.4,
            gid="threshold",
        )
        twin.set_ylim(0, 1.05)
        twin.yaxis.set_major_formatter(PercentFormatter(1.0))
        twin.set_ylabel("Cumulative share", color=COLORS["text"])
        for side in ("top", "left", "bottom"):
            twin.spines[side].set_visible(False)
    ax.cumulative_axes = twin  # type: ignore[attr-defined]
    k = int(vital.sum())
    share = float(table["cumulative_share"].iloc[k - 1]) if k else 0.0
    set_title(
        ax,
        title or f"{k} of {len(names)} causes account for {share:.0%} of the problem",
    )
    return ax


def fishbone(
    effect: str,
    causes: Mapping[str, Sequence[str]],
    ax: Axes | None = None,
    *,
    title: str | None = None,
) -> Axes:
    """Draw a cause-and-effect (Ishikawa, fishbone) diagram.

    The effect sits at the head on the right; each category of causes is a
    bone, alternately above and below the spine, with its causes written
    along it.

    Parameters
    ----------
    effect : str
        The problem, stated as an effect ("launch slipped 3 weeks").
    causes : mapping of str to sequence of str
        Causes by category (for example people, process, tools, materials,
        environment, measurement); at least one category.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    title : str, optional
        The chart title.

    Returns
    -------
    matplotlib.axes.Axes
        Texts with gids ``"effect"``, ``"category:<name>"`` and
        ``"cause:<name>:<k>"``.

    Raises
    ------
    ValueError
        If there are no categories.

    Examples
    --------
    >>> ax = fishbone("Late release", {"People": ["new team"], "Tools": []})
    >>> sorted(t.get_gid() for t in ax.texts)
    ['category:People', 'category:Tools', 'cause:People:0', 'effect']

    Used in: lesson 05, risk (problem-solving tools).
    """
    if not causes:
        raise ValueError("causes is empty: give at least one category of causes")
    categories = list(causes)
    per_side = (len(categories) + 1) // 2
    step = 4.6  # room between bones for the cause labels
    length = step * per_side + 0.6
    if ax is None:
        _, ax = new_figure(max(8.0, 2.6 * per_side + 3.0), 4.8)
    with course_style():
        style_axes(ax, grid=None)
        ax.set_axis_off()
        ax.plot([0, length], [0, 0], color=COLORS["text"], linewidth=2.2)
        ax.text(
            length + 0.15,
            0,
            textwrap.fill(effect, 22),
            ha="left",
            va="center",
            fontsize=10,
            fontweight="bold",
            bbox={"boxstyle": "round", "facecolor": "#F4B9A0", "edgecolor": "none"},
            gid="effect",
        )
        for k, name in enumerate(categories):
            up = k % 2 == 0
            x_spine = length - 0.5 - (k // 2) * step
            sign = 1 if up else -1
            x_top = x_spine - 1.4
            ax.plot(
                [x_top, x_spine], [sign * 2.2, 0], color=COLORS["normal"], linewidth=1.6
            )
            ax.text(
                x_top,
                sign * 2.35,
                name,
                ha="center",
                va="bottom" if up else "top",
                fontsize=9.5,
                fontweight="bold",
                color=COLORS["normal"],
                gid=f"category:{name}",
            )
            for j, cause in enumerate(causes[name]):
                frac = (j + 1) / (len(causes[name]) + 1)
                y = sign * 2.2 * (1 - frac)
                x = x_top + (x_spine - x_top) * frac
                ax.plot([x - 0.5, x], [y, y], color=COLORS["muted"], linewidth=0.9)
                ax.text(
                    x - 0.55,
                    y,
                    textwrap.fill(cause, 20),
                    ha="right",
                    va="center",
                    fontsize=8,
                    color=COLORS["text"],
                    gid=f"cause:{name}:{j}",
                )
        ax.set_xlim(-2.8, length + 3.6)
        ax.set_ylim(-3.0, 3.0)
    set_title(ax, title or "Cause and effect: what could have led to this?")
    return ax
