"""Monte Carlo schedule charts: finish histogram, criticality, tornado.

Every chart draws what :mod:`pmcourse.montecarlo` computed; none computes a
formula of its own (binning a histogram is drawing). Drawn elements carry a
``gid`` (``"on_time"``, ``"deadline"``, ``"crit:A"``...) so tests and
widgets can find them again; the ``refresh_*`` functions move an existing
chart to a new result, which is what keeps the Monte Carlo simulator fast.
All are re-exported by :mod:`pmcourse.plots.risk`.

Used in: lesson 05, risk (the Monte Carlo simulator).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from pmcourse.plots.parts import critical_patch, split_histogram
from pmcourse.plots.style import (
    COLORS,
    HATCH_CRITICAL,
    LINESTYLES,
    OKABE_ITO,
    course_style,
    new_figure,
    set_title,
    style_axes,
)
from pmcourse.risk.montecarlo import ScheduleSimulation

__all__ = [
    "criticality_bars",
    "finish_histogram",
    "histogram_counts",
    "refresh_criticality_bars",
    "refresh_finish_histogram",
    "tornado",
]

_TIME_LABEL = "Project finish (working days from the start)"


def histogram_counts(
    finish: Sequence[float] | np.ndarray,
    edges: Sequence[float] | np.ndarray,
    deadline: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the share of runs per bin, split into on time and late.

    A bin counts as late when it starts at or after the deadline (bins are
    drawn whole, so a bin straddling the deadline counts as on time).

    Parameters
    ----------
    finish : array_like
        Simulated finish times.
    edges : array_like
        Increasing bin edges.
    deadline : float, optional
        Without one, every run is on time.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Shares of all runs in each bin, on time and late (one is 0 in each
        bin).

    Examples
    --------
    >>> histogram_counts([1, 2, 2, 3], [0, 1.5, 2.5, 3.5], deadline=2.5)
    (array([0.25, 0.5 , 0.  ]), array([0.  , 0.  , 0.25]))

    Used in: lesson 05, the Monte Carlo simulator.
    """
    f = np.asarray(finish, dtype=float)
    e = np.asarray(edges, dtype=float)
    counts = np.histogram(np.clip(f, e[0], e[-1]), bins=e)[0] / max(f.size, 1)
    late = np.zeros_like(counts, dtype=bool)
    if deadline is not None:
        late = e[:-1] >= deadline - 1e-9
    return np.where(late, 0.0, counts), np.where(late, counts, 0.0)


def finish_histogram(
    sim: ScheduleSimulation,
    ax: Axes | None = None,
    *,
    deadline: float | None = None,
    plan_finish: float | None = None,
    edges: Sequence[float] | np.ndarray | None = None,
    title: str | None = None,
) -> Axes:
    """Draw the simulated finish dates with the deadline, P50 and P80 marked.

    Runs finishing after the deadline are vermillion and hatched, the others
    blue. Lines mark the deadline (purple, dash-dot), the P80 (black,
    dashed), the P50 (grey, dotted) and the plan's deterministic finish
    (grey, solid).

    Parameters
    ----------
    sim : ScheduleSimulation
        From :func:`pmcourse.montecarlo.simulate_schedule`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    deadline : float, optional
        The date to compare with, in days.
    plan_finish : float, optional
        The finish of the plan's most likely durations.
    edges : array_like, optional
        Bin edges, fixed so that a refreshed chart keeps its bins (half-day
        bins over the runs' range by default).
    title : str, optional
        By default, the chance of the deadline and the P80.

    Returns
    -------
    matplotlib.axes.Axes
        Step patches ``"on_time"`` and ``"late"`` hold the share of runs per
        bin; lines ``"deadline"``, ``"p80"``, ``"p50"`` and ``"plan"``; the
        axes gid is ``"finish_histogram"``.

    Examples
    --------
    >>> from pmcourse.risk.montecarlo import simulate_schedule
    >>> sim = simulate_schedule([{"id": "A", "optimistic": 2, "most_likely": 4,
    ...     "pessimistic": 9, "predecessors": ""}], 2_000, rng=1)
    >>> ax = finish_histogram(sim, deadline=6)
    >>> shares = {p.get_gid(): p.get_data().values.sum() for p in ax.patches}
    >>> round(float(shares["on_time"] + shares["late"]), 6)
    1.0

    Used in: lesson 05, risk.
    """
    f = np.asarray(sim.finish, dtype=float)
    if edges is None:
        low, high = np.floor(f.min()), np.ceil(f.max())
        edges = np.arange(low, max(high, low + 1) + 0.5, 0.5)
    e = np.asarray(edges, dtype=float)
    if ax is None:
        _, ax = new_figure(9.0, 4.2)
    with course_style():
        style_axes(ax, xlabel=_TIME_LABEL, ylabel="Share of simulated runs", grid=None)
        split_histogram(ax, e, inside="on_time", beyond="late")
        styles = {
            "plan": (COLORS["float"], "-", 1.4, "plan"),
            "p50": (COLORS["muted"], ":", 1.8, "P50"),
            "p80": (COLORS["finish"], LINESTYLES["finish"], 1.8, "P80"),
            "deadline": (COLORS["deadline"], LINESTYLES["deadline"], 2.2, "deadline"),
        }
        for gid, (color, style, width, _) in styles.items():
            ax.axvline(e[0], color=color, linestyle=style, linewidth=width, gid=gid)
        ax.set_xlim(e[0], e[-1])
        # the bars are shares of the runs: say how large, as percentages
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        ax.grid(axis="y", color=COLORS["grid"], linewidth=0.6)
        ax.set_axisbelow(True)
        ax.legend(
            handles=[
                Patch(facecolor=COLORS["normal"], label="on time"),
                critical_patch("after the deadline"),
                *(
                    Line2D([], [], color=c, linestyle=s, linewidth=w, label=lab)
                    for c, s, w, lab in styles.values()
                ),
            ],
            loc="upper right",
            fontsize=8,
        )
    ax.set_gid("finish_histogram")
    return refresh_finish_histogram(
        ax, sim, deadline=deadline, plan_finish=plan_finish, title=title
    )


def refresh_finish_histogram(
    ax: Axes,
    sim: ScheduleSimulation,
    *,
    deadline: float | None = None,
    plan_finish: float | None = None,
    title: str | None = None,
) -> Axes:
    """Move a :func:`finish_histogram` chart to a new simulation and deadline.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`finish_histogram` drew on (its bins are kept).
    sim : ScheduleSimulation
        The new simulation.
    deadline, plan_finish, title
        As for :func:`finish_histogram`.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the axes holds no finish histogram.

    Used in: lesson 05, the Monte Carlo simulator.
    """
    if ax.get_gid() != "finish_histogram":
        raise ValueError(
            "refresh_finish_histogram needs an axes drawn by finish_histogram()"
        )
    steps: dict[str | None, Any] = {  # StepPatch
        p.get_gid(): p for p in ax.patches if p.get_gid() in ("on_time", "late")
    }
    edges = steps["on_time"].get_data().edges
    on_time, late = histogram_counts(sim.finish, edges, deadline)
    steps["on_time"].set_data(values=on_time)
    steps["late"].set_data(values=late)
    top = max(float((on_time + late).max()), 1e-9) * 1.25
    ax.set_ylim(0, top)
    summary = sim.summary(deadline)
    marks = {
        "p50": summary["p50"],
        "p80": summary["p80"],
        "plan": plan_finish,
        "deadline": deadline,
    }
    lines = {line.get_gid(): line for line in ax.lines}
    for gid, x in marks.items():
        lines[gid].set_visible(x is not None)
        if x is not None:
            lines[gid].set_xdata([x, x])
    if title is None:
        title = f"P80 = day {summary['p80']:.1f}"
        if deadline is not None:
            title = (
                f"{summary['probability']:.0%} chance of finishing by day "
                f"{deadline:g}; {title}"
            )
    set_title(ax, title)
    return ax


def criticality_bars(
    criticality: pd.Series,
    ax: Axes | None = None,
    *,
    names: Mapping[str, str] | None = None,
    title: str | None = "How often each activity was critical",
    show_values: bool = True,
) -> Axes:
    """Draw each activity's criticality index as a horizontal bar (0 to 100 %).

    Parameters
    ----------
    criticality : Series
        From :meth:`pmcourse.montecarlo.ScheduleSimulation.criticality`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    names : mapping of str to str, optional
        Activity names by id, for the row labels.
    title : str, optional
        The chart title.
    show_values : bool
        Write each percentage after its bar (a simulation leaves them out:
        text is the slowest thing to draw).

    Returns
    -------
    matplotlib.axes.Axes
        Bars with gid ``"crit:<id>"`` and value labels ``"crit_label:<id>"``;
        the axes gid is ``"criticality"``.

    Examples
    --------
    >>> ax = criticality_bars(pd.Series({"A": 1.0, "B": 0.25}))
    >>> {p.get_gid(): p.get_width() for p in ax.patches}
    {'crit:A': 1.0, 'crit:B': 0.25}

    Used in: lesson 05, risk.
    """
    ids = [str(i) for i in criticality.index]
    y = np.arange(len(ids), dtype=float)
    if ax is None:
        _, ax = new_figure(5.0, 0.32 * len(ids) + 1.4)
    labels = [f"{i} {names[i]}" if names and i in names else i for i in ids]
    with course_style():
        style_axes(ax, xlabel="Share of runs on the critical path", grid="x")
        bars = ax.barh(y, np.zeros(len(ids)), height=0.65, color=COLORS["normal"])
        for patch, tid in zip(bars.patches, ids, strict=True):
            patch.set_gid(f"crit:{tid}")
            if not show_values:
                continue
            ax.text(
                0,
                0,
                "",
                va="center",
                fontsize=8,
                color=COLORS["text"],
                gid=f"crit_label:{tid}",
            )
        ax.set_yticks(y, labels, fontsize=8)
        ax.set_ylim(len(ids) - 0.4, -0.6)
        ax.set_xlim(0, 1.18)
        ax.set_xticks([0, 0.5, 1], ["0%", "50%", "100%"])
    ax.set_gid("criticality")
    refresh_criticality_bars(ax, criticality)
    if title:
        set_title(ax, title)
    return ax


def refresh_criticality_bars(ax: Axes, criticality: pd.Series) -> Axes:
    """Move a :func:`criticality_bars` chart to new criticality indexes.

    Bars of activities critical in at least 95 % of the runs turn vermillion
    and hatched.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`criticality_bars` drew on, for the same activities.
    criticality : Series
        The new criticality indexes.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the axes holds no criticality chart for these activities.

    Used in: lesson 05, the Monte Carlo simulator.
    """
    bars: dict[str, Any] = {  # Rectangle
        str(p.get_gid())[5:]: p
        for p in ax.patches
        if (p.get_gid() or "").startswith("crit:")
    }
    ids = [str(i) for i in criticality.index]
    if ax.get_gid() != "criticality" or sorted(bars) != sorted(ids):
        raise ValueError(
            "refresh_criticality_bars needs a criticality_bars() axes for the same ids"
        )
    texts = {t.get_gid(): t for t in ax.texts}
    for k, tid in enumerate(ids):
        value = float(criticality.iloc[k])
        bar = bars[tid]
        bar.set_width(value)
        always = value >= 0.95
        bar.set_facecolor(COLORS["critical"] if always else COLORS["normal"])
        bar.set_hatch(HATCH_CRITICAL if always else None)  # type: ignore[arg-type]
        bar.set_edgecolor(COLORS["text"] if always else COLORS["normal"])
        label = texts.get(f"crit_label:{tid}")
        if label is None:
            continue
        label.set_position((value + 0.02, bar.get_y() + bar.get_height() / 2))
        label.set_text(f"{value:.0%}")
    return ax


def tornado(
    sensitivity: pd.Series,
    ax: Axes | None = None,
    *,
    names: Mapping[str, str] | None = None,
    top: int = 8,
) -> Axes:
    """Draw a tornado chart: which activities' uncertainty drives the finish.

    Parameters
    ----------
    sensitivity : Series
        From :meth:`pmcourse.montecarlo.ScheduleSimulation.sensitivity`
        (rank correlation of each duration with the finish, largest first).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    names : mapping of str to str, optional
        Activity names by id.
    top : int
        How many activities to show (the strongest).

    Returns
    -------
    matplotlib.axes.Axes
        Bars with gid ``"sens:<id>"``, the strongest at the top.

    Examples
    --------
    >>> ax = tornado(pd.Series({"D": 0.7, "C": 0.4, "A": -0.1}))
    >>> [p.get_gid() for p in ax.patches]
    ['sens:D', 'sens:C', 'sens:A']

    Used in: lesson 05, risk.
    """
    shown = sensitivity.reindex(
        sensitivity.abs().sort_values(ascending=False, kind="stable").index
    ).iloc[:top]
    ids = [str(i) for i in shown.index]
    y = np.arange(len(ids), dtype=float)
    if ax is None:
        _, ax = new_figure(7.0, 0.4 * len(ids) + 1.4)
    labels = [f"{i} {names[i]}" if names and i in names else i for i in ids]
    with course_style():
        style_axes(
            ax,
            xlabel="Rank correlation of the activity's duration with the finish",
            grid="x",
        )
        bars = ax.barh(
            y,
            shown.to_numpy(dtype=float),
            height=0.6,
            color=[OKABE_ITO["blue"] if v >= 0 else COLORS["highlight"] for v in shown],
        )
        for patch, tid in zip(bars.patches, ids, strict=True):
            patch.set_gid(f"sens:{tid}")
        ax.axvline(0, color=COLORS["muted"], linewidth=0.8)
        ax.set_yticks(y, labels, fontsize=9)
        ax.set_ylim(len(ids) - 0.4, -0.6)
        ax.set_xlim(min(-0.05, float(shown.min()) - 0.05), 1)
    lead = ids[0] if ids else "-"
    if names and lead in names:
        lead = f"{lead}, {names[lead]}"
    set_title(ax, f"The finish date is most sensitive to {lead}")
    return ax
