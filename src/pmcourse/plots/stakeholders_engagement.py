"""The chart of stakeholder engagement over the weeks of a communication plan.

Used in: lesson 07, stakeholders (the engagement simulation).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from pmcourse.plots.alt import set_alt_text
from pmcourse.plots.style import (
    COLORS,
    OKABE_ITO,
    course_style,
    new_figure,
    set_title,
    style_axes,
)
from pmcourse.stakeholders.engagement_weeks import KEY_POWER, LEVELS, EngagementRun

__all__ = ["engagement_chart"]

_KEY_STYLES = [
    (OKABE_ITO["vermillion"], "-", "o"),
    (OKABE_ITO["blue"], "--", "s"),
    (OKABE_ITO["bluish_green"], "-.", "^"),
    (OKABE_ITO["reddish_purple"], ":", "D"),
    (COLORS["highlight"], "-", "v"),
    (COLORS["secondary"], "--", "P"),
    (COLORS["text"], ":", "X"),
]


def engagement_chart(
    run: EngagementRun, power: dict[str, float], ax: Axes | None = None
) -> Axes:
    """Draw each stakeholder's engagement week by week; key ones in colour.

    Key stakeholders (power >= 7) get a colour, a line style and a marker
    each (told apart without colour); the others are thin grey lines. Drawn
    once, then moved: calling it again on the same axes with a run of the
    same stakeholders only moves the lines.

    Parameters
    ----------
    run : EngagementRun
        From :func:`pmcourse.stakeholders.engagement_weeks.simulate_engagement`.
    power : dict of str to float
        Each stakeholder's power rating (picks the key ones).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.

    Returns
    -------
    matplotlib.axes.Axes
        Lines carry gids ``"engagement:<name>"``.

    Examples
    --------
    >>> from pmcourse import datasets
    >>> from pmcourse.stakeholders.engagement_weeks import simulate_engagement
    >>> register = datasets.load("stakeholder_register")
    >>> power = dict(zip(register["stakeholder"], register["power"]))
    >>> ax = engagement_chart(simulate_engagement(register), power)
    >>> ax.get_title(loc="left")
    'Week 12: 7.8 days of decision delay, 52.5 hours of contact'
    """
    names = list(run.levels.columns)
    weeks = run.levels.index.to_numpy()
    if ax is None:
        _, ax = new_figure(9.0, 4.4)
    if ax.get_gid() != "engagement:" + ",".join(names):
        _create(ax, names, weeks, power)
    for line in ax.lines:
        if not str(line.get_gid()).startswith("engagement:"):
            continue  # the legend's "others" sample
        name = str(line.get_gid())[len("engagement:") :]
        line.set_data(weeks, run.levels[name].to_numpy(dtype=float))
    set_title(
        ax,
        f"Week {weeks[-1]}: {run.slip_days:.3g} days of decision delay, "
        f"{run.lead_hours:.3g} hours of contact",
    )
    end = run.levels.iloc[-1]
    key = [n for n in names if power.get(n, 0) >= KEY_POWER]
    below = [n for n in key if end[n] < LEVELS["neutral"]]
    set_alt_text(
        ax,
        f"Lines of the engagement of {len(names)} stakeholders over "
        f"{weeks[-1]} weeks, from resistant (-1) to leading (3). At week "
        f"{weeks[-1]}: "
        + "; ".join(f"{n} {_level_name(end[n])}" for n in key)
        + (f". Below neutral: {', '.join(below)}" if below else "")
        + f". Decisions delayed {run.slip_days:.3g} days in all.",
    )
    return ax


def _level_name(value: float) -> str:
    """Name the level a number is at or just above."""
    name = "resistant"
    for level, number in LEVELS.items():
        if value >= number - 1e-9:
            name = level
    return name


def _create(ax: Axes, names: list[str], weeks: np.ndarray, power: dict) -> None:
    ax.clear()
    with course_style():
        style_axes(ax, xlabel="Week of the project", ylabel="Engagement", grid="y")
        styles = iter(_KEY_STYLES)
        for name in names:
            if power.get(name, 0) >= KEY_POWER:
                color, style, marker = next(styles, _KEY_STYLES[-1])
                ax.plot(
                    weeks,
                    np.zeros(len(weeks)),
                    color=color,
                    linestyle=style,
                    marker=marker,
                    markersize=4,
                    linewidth=1.8,
                    label=name,
                    gid=f"engagement:{name}",
                )
            else:
                ax.plot(
                    weeks,
                    np.zeros(len(weeks)),
                    color=COLORS["muted"],
                    linewidth=0.8,
                    alpha=0.7,
                    label="_nolegend_",
                    gid=f"engagement:{name}",
                )
        ax.plot([], [], color=COLORS["muted"], linewidth=0.8, label="others")
        ax.set_yticks(list(LEVELS.values()), list(LEVELS))
        ax.set_ylim(-1.3, 3.3)
        ax.set_xlim(weeks[0], weeks[-1])
        ax.set_xticks(weeks)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    ax.set_gid("engagement:" + ",".join(names))
