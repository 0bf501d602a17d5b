"""Charts of the capstone: S-curves, progress, team and stakeholders, debrief.

Each function draws on a given axes (or a new course-styled figure) and
returns it, so the lesson 10 dashboard can redraw them every week.

Used in: lesson 10, leading a project.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from pmcourse import evm
from pmcourse.plots.evm import refresh_s_curves, s_curves
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
    "debrief_chart",
    "evm_history",
    "people_chart",
    "progress_chart",
    "refresh_progress",
    "week_table",
]


def week_table(
    reports: Sequence[Mapping[str, Any]], planned_pv: Sequence[float]
) -> pd.DataFrame:
    """Return the cumulative PV, EV and AC per week as an EVM status table.

    Parameters
    ----------
    reports : list of dict
        The reports so far, from week 0 (the start report) on.
    planned_pv : sequence of float
        The current plan's cumulative PV for weeks 0, 1, 2, ... to its end.

    Returns
    -------
    DataFrame
        :func:`pmcourse.evm.status_table` of the weeks (EV and AC empty
        after the last report).

    Examples
    --------
    >>> t = week_table([{"week": 0, "pv": 0, "ev": 0, "ac": 0, "bac": 30},
    ...                 {"week": 1, "pv": 10, "ev": 8, "ac": 9, "bac": 30}],
    ...                [0, 10, 20, 30])
    >>> t["ev"].tolist()[:2], len(t)
    ([0.0, 8.0], 4)
    """
    bac = max([float(r["bac"]) for r in reports] + [max(planned_pv, default=1.0)])
    rows = []
    for k in range(max(len(planned_pv), len(reports))):
        if k < len(reports):
            r = reports[k]
            rows.append({"period": k, "pv": r["pv"], "ev": r["ev"], "ac": r["ac"]})
        else:
            pv = planned_pv[min(k, len(planned_pv) - 1)]
            rows.append({"period": k, "pv": pv, "ev": np.nan, "ac": np.nan})
    return evm.status_table(rows, bac=bac, cumulative=True)


def evm_history(
    reports: Sequence[Mapping[str, Any]],
    planned_pv: Sequence[float],
    ax: Axes | None = None,
    *,
    limits: tuple[float, float] | None = None,
    title: str | None = None,
) -> Axes:
    """Draw (or move) the project's PV, EV and AC S-curves to date, with the EAC.

    Parameters
    ----------
    reports : list of dict
        The reports so far, from week 0 on.
    planned_pv : sequence of float
        The current plan's cumulative PV per week, from week 0.
    ax : matplotlib.axes.Axes, optional
        Where to draw; an axes this function drew before is moved to the new
        status (:func:`pmcourse.plots.evm.refresh_s_curves`).
    limits : (float, float), optional
        Fixed ``(x_max, y_max)``.
    title : str, optional
        By default the week's CPI and SPI.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> p = Project("substation_upgrade", 1)
    >>> _ = p.step()
    >>> pv = [p.w.pv(k) for k in range(18)]
    >>> ax = evm_history([p.start_report, *p.reports], pv)
    >>> ax.get_gid()
    's_curves'
    """
    last = reports[-1]
    table = week_table(reports, planned_pv)
    eac = float(last["eac"])
    options: dict[str, Any] = {
        "status_period": float(last["week"]),
        "bac": float(last["bac"]),
        "eac": eac if np.isfinite(eac) else None,
        "forecast_finish": float(last["forecast_finish"]),
        "limits": limits,
        "title": title
        or (
            f"Week {last['week']}: CPI {last['cpi']:.2f}, SPI {last['spi']:.2f}"
            if last["week"]
            else "Week 0: the plan (PV) before any work"
        ),
    }
    if ax is not None and ax.get_gid() == "s_curves":
        return refresh_s_curves(ax, table, **options)
    return s_curves(table, ax, unit="weeks", **options)


def progress_chart(
    report: Mapping[str, Any],
    ax: Axes | None = None,
    *,
    weeks: float | None = None,
    title: str | None = None,
) -> Axes:
    """Draw each activity's planned bar and how much of it is done (a Gantt).

    Parameters
    ----------
    report : dict
        A report (its ``activities``, ``week``, ``deadline``, forecast).
    ax : matplotlib.axes.Axes, optional
        Where to draw; an axes this function drew for the same activities is
        moved to the new report (see :func:`refresh_progress`).
    weeks : float, optional
        A fixed right end of the time axis.
    title : str, optional
        By default the forecast finish against the deadline.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per activity (gid ``"plan"``) and its done part (gid
        ``"done"``), lines ``"today"`` and ``"deadline"``.

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> ax = progress_chart(Project("clinic_records_rollout", 1).start_report)
    >>> len([p for p in ax.patches if p.get_gid() == "plan"])
    6
    """
    acts = list(report["activities"])
    if (
        ax is not None
        and ax.get_gid() == "progress"
        and len(ax.patches) == 2 * len(acts)
    ):
        return refresh_progress(ax, report, title=title)
    if ax is None:
        _, ax = new_figure(6.0, 3.5)
    with course_style():
        for k in range(len(acts)):
            y = len(acts) - 1 - k
            ax.barh(y, 1, height=0.6, color=COLORS["normal"], alpha=0.35, gid="plan")
            ax.barh(y, 0, height=0.6, color=COLORS["good"], gid="done")
        ax.set_yticks(range(len(acts)), [a["id"] for a in reversed(acts)])
        ax.axvline(
            0, color=COLORS["finish"], linestyle=LINESTYLES["finish"], gid="today"
        )
        ax.axvline(
            0,
            color=COLORS["deadline"],
            linestyle=LINESTYLES["deadline"],
            gid="deadline",
        )
        style_axes(ax, xlabel="Time (weeks; dashed: today, dash-dot: deadline)")
        if weeks is not None:
            ax.set_xlim(0, weeks)
    ax.set_gid("progress")
    return refresh_progress(ax, report, title=title)


def refresh_progress(
    ax: Axes, report: Mapping[str, Any], *, title: str | None = None
) -> Axes:
    """Move a :func:`progress_chart` to a new report (same activities).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`progress_chart` drew.
    report : dict
        The new report.
    title : str, optional
        By default the forecast finish against the deadline.

    Returns
    -------
    matplotlib.axes.Axes
    """
    acts = list(report["activities"])
    plans: list[Any] = [p for p in ax.patches if p.get_gid() == "plan"]
    dones: list[Any] = [p for p in ax.patches if p.get_gid() == "done"]
    for a, plan, done in zip(acts, plans, dones, strict=True):
        start, finish = a["planned_start"], a["planned_finish"]
        width = max(finish - start, 0.1)
        plan.set_x(start)
        plan.set_width(width)
        plan.set_facecolor(COLORS["float"] if a["cut"] else COLORS["normal"])
        done.set_x(start)
        done.set_width(width * a["percent"] / 100.0)
    lines = {line.get_gid(): line for line in ax.lines}
    lines["today"].set_xdata([report["week"]] * 2)
    lines["deadline"].set_xdata([report["deadline"]] * 2)
    late = report["forecast_finish"] - report["deadline"]
    verdict = "on time" if late <= 0 else f"{late:.1f} weeks late"
    default = f"Forecast finish week {report['forecast_finish']:.1f}: {verdict}"
    set_title(ax, title or default)
    return ax


def people_chart(
    reports: Sequence[Mapping[str, Any]],
    ax: Axes | None = None,
    *,
    weeks: float | None = None,
    title: str | None = None,
) -> Axes:
    """Draw (or move) team morale, fatigue and stakeholder satisfaction.

    Parameters
    ----------
    reports : list of dict
        The reports so far.
    ax : matplotlib.axes.Axes, optional
        Where to draw; an axes this function drew before is moved.
    weeks : float, optional
        A fixed right end of the time axis.
    title : str, optional
        By default this week's morale and satisfaction.

    Returns
    -------
    matplotlib.axes.Axes
        Lines with gids ``"morale"``, ``"fatigue"``, ``"satisfaction"``.

    Examples
    --------
    >>> from pmcourse.capstone import Project
    >>> p = Project("substation_upgrade", 1)
    >>> _ = p.step(); _ = p.step()
    >>> [line.get_gid() for line in people_chart(p.reports).lines]
    ['morale', 'fatigue', 'satisfaction']
    """
    if ax is None or ax.get_gid() != "people":
        if ax is None:
            _, ax = new_figure(6.0, 3.5)
        with course_style():
            ax.plot(
                [],
                [],
                color=COLORS["good"],
                marker="o",
                label="team morale",
                gid="morale",
            )
            ax.plot(
                [],
                [],
                color=COLORS["critical"],
                linestyle="--",
                marker="s",
                label="fatigue",
                gid="fatigue",
            )
            ax.plot(
                [],
                [],
                color=COLORS["normal"],
                linestyle="-.",
                marker="^",
                label="stakeholder satisfaction",
                gid="satisfaction",
            )
            ax.set_ylim(0, 100)
            ax.set_xlim(0, weeks if weeks is not None else max(1, len(reports)))
            ax.legend(loc="lower left", fontsize=8)
            style_axes(ax, xlabel="Time (weeks)", ylabel="Score (0-100)", grid="y")
        ax.set_gid("people")
    weeks_ = [r["week"] for r in reports]
    lines = {line.get_gid(): line for line in ax.lines}
    lines["morale"].set_data(weeks_, [r["morale"] for r in reports])
    lines["fatigue"].set_data(weeks_, [r["fatigue"] for r in reports])
    lines["satisfaction"].set_data(
        weeks_, [r["stakeholder_satisfaction"] for r in reports]
    )
    if weeks is None:
        ax.set_xlim(0, max(1, max(weeks_, default=1)))
    last = reports[-1]
    default = (
        f"Morale {last['morale']:.0f}, stakeholders "
        f"{last['stakeholder_satisfaction']:.0f} (out of 100)"
    )
    set_title(ax, title or default)
    return ax


def debrief_chart(debrief: Mapping[str, Any], *, pyplot: bool = True) -> Figure:
    """Draw a debrief: the six scores, and the reference strategies' overall.

    Parameters
    ----------
    debrief : dict
        A :func:`pmcourse.capstone.debrief` result (with ``strategies`` for
        the right panel).
    pyplot : bool
        Register the figure with pyplot (notebooks) or not.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from pmcourse import capstone
    >>> d = capstone.run("substation_upgrade", "sound", 2)
    >>> len(debrief_chart(d, pyplot=False).axes)
    2
    """
    fig, (left, right) = new_panels(2, 11.0, 3.8, pyplot=pyplot)
    names = ["scope", "schedule", "cost", "quality", "team", "stakeholders"]
    values = [debrief[n] for n in names]
    with course_style():
        bars = left.barh(names[::-1], values[::-1], color=COLORS["normal"])
        for bar, v in zip(bars, values[::-1], strict=True):
            left.text(v + 1, bar.get_y() + 0.4, f"{v:.0f}", va="center", fontsize=9)
        left.set_xlim(0, 110)
        weakest = names[int(np.argmin(values))]
        style_axes(
            left,
            title=f"Overall {debrief['overall']:.0f}; weakest: {weakest}",
            xlabel="Score (0-100)",
        )
        others = debrief.get("strategies", {})
        labels = ["you", *others]
        scores = [debrief["overall"], *others.values()]
        colours = [COLORS["highlight"]] + [COLORS["secondary"]] * len(others)
        right.bar(labels, scores, color=colours)
        right.set_ylim(0, 100)
        best = labels[int(np.argmax(scores))]
        style_axes(
            right,
            title=f"Same seed, other strategies: best is {best}",
            ylabel="Overall score (0-100)",
            grid="y",
        )
    return fig
