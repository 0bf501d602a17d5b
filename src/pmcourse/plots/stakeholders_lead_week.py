"""The chart of a lead's week: leading work stacked over hands-on work, by team size.

Used in: lesson 00, start here (the lead's week simulation).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
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
from pmcourse.stakeholders.lead_week import LEADING

__all__ = ["lead_week_chart"]

#: colour and hatch of each kind of work: hatches keep them apart without colour
STYLE = {
    "hands_on_hours": (COLORS["normal"], "", "hands-on work"),
    "meetings": (COLORS["highlight"], "//", "meetings"),
    "one_to_ones": (COLORS["secondary"], "..", "one-to-ones"),
    "interrupts": (OKABE_ITO["vermillion"], "xx", "interrupts"),
    "planning": (OKABE_ITO["reddish_purple"], "\\\\", "planning and reporting"),
    "coaching": (OKABE_ITO["bluish_green"], "--", "coaching the deputy"),
}


def lead_week_chart(
    week: pd.DataFrame, ax: Axes | None = None, *, highlight: int | None = None
) -> Axes:
    """Stack each team size's week: hands-on work at the bottom, leading above.

    Drawn once, then moved: calling it again on the same axes with a table of
    the same team sizes only changes the bars' heights (fast, for widgets).
    A black line with dots marks the focus hours inside the hands-on work.

    Parameters
    ----------
    week : DataFrame
        From :func:`pmcourse.stakeholders.lead_week.lead_week`, one row per team size.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    highlight : int, optional
        A team size to outline and describe in the title.

    Returns
    -------
    matplotlib.axes.Axes
        Bars carry gids ``"<kind>:<size>"``; the focus line ``"focus"``.

    Examples
    --------
    >>> from pmcourse.stakeholders.lead_week import lead_week
    >>> ax = lead_week_chart(lead_week(range(1, 7)), highlight=6)
    >>> ax.get_title(loc="left")
    'With 6 people, 25.2 of 40 hours are hands-on, 15.5 in focus blocks'
    """
    sizes = week["team_size"].to_numpy()
    if ax is None:
        _, ax = new_figure(9.0, 4.2)
    if ax.get_gid() != f"lead_week:{len(sizes)}":
        _create(ax, sizes)
    bottom = np.zeros(len(sizes))
    for kind in STYLE:
        heights = week[kind].to_numpy(dtype=float)
        for k, patch in enumerate(_bars(ax, kind)):
            patch.set_y(bottom[k])
            patch.set_height(heights[k])
            chosen = highlight is not None and sizes[k] == highlight
            patch.set_linewidth(2.0 if chosen else 0.4)
            patch.set_edgecolor(COLORS["text"] if chosen else COLORS["face"])
        bottom = bottom + heights
    ax.lines[0].set_data(sizes, week["focus_hours"].to_numpy(dtype=float))
    total = float(week[["hands_on_hours", *LEADING]].sum(axis=1).max())
    ax.set_ylim(0, 10 * np.ceil(max(total, 40.0) / 10))
    row = week[week["team_size"] == highlight] if highlight is not None else week[:0]
    if len(row):
        r = row.iloc[0]
        hours = float(r["hands_on_hours"] + r["leading_hours"])
        title = (
            f"With {highlight} people, {r['hands_on_hours']:.3g} of {hours:.3g} hours"
            f" are hands-on, {r['focus_hours']:.3g} in focus blocks"
        )
    else:
        title = "Leading work grows with the team; hands-on work shrinks"
    set_title(ax, title)
    first, last = week.iloc[0], week.iloc[-1]
    set_alt_text(
        ax,
        f"Stacked bars of a lead's week for teams of {sizes[0]} to {sizes[-1]} "
        f"people. Hands-on hours fall from {first['hands_on_hours']:.3g} to "
        f"{last['hands_on_hours']:.3g} and focus hours from "
        f"{first['focus_hours']:.3g} to {last['focus_hours']:.3g}, while leading "
        f"work (meetings, one-to-ones, interrupts, planning, coaching) grows from "
        f"{first['leading_hours']:.3g} to {last['leading_hours']:.3g} hours. "
        + (title + "." if len(row) else ""),
    )
    return ax


def _bars(ax: Axes, kind: str) -> list[Any]:
    """Return the bars of one kind of work, in team-size order."""
    return [p for p in ax.patches if str(p.get_gid()).startswith(f"{kind}:")] or list(
        getattr(ax.containers[list(STYLE).index(kind)], "patches", [])
    )


def _create(ax: Axes, sizes: np.ndarray) -> None:
    ax.clear()
    with course_style():
        style_axes(
            ax,
            xlabel="Team size (people, the lead included)",
            ylabel="Hours a week",
            grid="y",
        )
        for kind, (color, hatch, label) in STYLE.items():
            ax.bar(
                sizes,
                np.zeros(len(sizes)),
                width=0.75,
                color=color,
                hatch=hatch,
                label=label,
                edgecolor=COLORS["face"],
                linewidth=0.4,
                gid=kind,
            )
            for size, patch in zip(sizes, _bars(ax, kind), strict=True):
                patch.set_gid(f"{kind}:{size}")
        ax.plot(
            sizes,
            np.zeros(len(sizes)),
            color=COLORS["text"],
            marker="o",
            markersize=4,
            linewidth=1.4,
            label="of which focus time",
            gid="focus",
        )
        ax.set_xticks(sizes)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)
    ax.set_gid(f"lead_week:{len(sizes)}")
