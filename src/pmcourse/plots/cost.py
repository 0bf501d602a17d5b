"""Cost charts: simulated cost with reserves, cash flows, the S-curve, a fit.

Every chart draws what :mod:`pmcourse.cost`, :mod:`pmcourse.finance` or
:mod:`pmcourse.career` computed; none computes a formula of its own. Drawn
elements carry a ``gid`` (``"bin:3"``, ``"baseline"``, ``"flow:2"``...) so
tests and widgets can find them again; the ``refresh_*`` functions move an
existing chart to a new result, which is what keeps simulations fast.

The static S-curve and parametric fit are drawn in
:mod:`pmcourse.plots.budgeting`, the ``dollars`` axis format in
:mod:`pmcourse.plots.style`; both are importable from here.

Used in: lesson 02, budgeting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from pmcourse.cost import ReserveSizing
from pmcourse.plots.cost_baseline import parametric_fit, s_curve
from pmcourse.plots.parts import DOLLARS, critical_patch, dollars, split_histogram
from pmcourse.plots.style import (
    COLORS,
    HATCH_CRITICAL,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = [
    "cashflow_chart",
    "cost_histogram",
    "dollars",
    "parametric_fit",
    "refresh_cashflow_chart",
    "refresh_cost_histogram",
    "s_curve",
]


# --------------------------------------------------------------------------
# Simulated total cost with its reserves


def cost_histogram(
    totals: Sequence[float] | np.ndarray,
    sizing: ReserveSizing,
    ax: Axes | None = None,
    *,
    edges: Sequence[float] | np.ndarray | None = None,
) -> Axes:
    """Draw the simulated total costs as a histogram with the reserves marked.

    The runs above the cost baseline (those that would need management
    reserve or more) are vermillion and hatched. Dashed lines mark the base
    estimate (grey), the cost baseline (black) and the budget (purple,
    dash-dot).

    Parameters
    ----------
    totals : array_like
        Simulated total costs, e.g. from
        :func:`pmcourse.montecarlo.monte_carlo_cost`.
    sizing : ReserveSizing
        From :func:`pmcourse.cost.size_reserves` on the same totals.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    edges : array_like, optional
        Bin edges, fixed so that a refreshed chart keeps its bins (60 bins
        over the totals' range by default).

    Returns
    -------
    matplotlib.axes.Axes
        Two step patches (:meth:`~matplotlib.axes.Axes.stairs`) hold the
        counts per bin: gid ``"within"`` (bins up to the baseline) and
        ``"over"`` (bins above it), zero elsewhere; lines ``"estimate"``,
        ``"baseline"`` and ``"budget"``; the axes gid is
        ``"cost_histogram"``.

    Examples
    --------
    >>> from pmcourse.cost import size_reserves
    >>> totals = np.linspace(90, 130, 1_000)
    >>> ax = cost_histogram(totals, size_reserves(totals, 100, confidence=0.8))
    >>> counts = {p.get_gid(): p.get_data().values for p in ax.patches}
    >>> int(counts["within"].sum() + counts["over"].sum())
    1000

    Used in: lesson 02, budgeting (reserves; estimate vs actual).
    """
    t = np.asarray(totals, dtype=float)
    if edges is None:
        edges = np.linspace(t.min(), t.max(), 61)
    edges = np.asarray(edges, dtype=float)
    if ax is None:
        _, ax = new_figure(9.0, 4.2)
    with course_style():
        style_axes(
            ax, xlabel="Total cost (US dollars)", ylabel="Simulated runs", grid="y"
        )
        split_histogram(ax, edges, inside="within", beyond="over")
        for gid, color, style, width_ in (
            ("estimate", COLORS["muted"], LINESTYLES["float"], 1.6),
            ("baseline", COLORS["finish"], LINESTYLES["finish"], 1.8),
            ("budget", COLORS["deadline"], LINESTYLES["deadline"], 2.0),
        ):
            ax.axvline(0, color=color, linestyle=style, linewidth=width_, gid=gid)
        ax.xaxis.set_major_formatter(DOLLARS)
        ax.set_xlim(edges[0], edges[-1])
        ax.legend(
            handles=[
                Patch(facecolor=COLORS["normal"], label="within the baseline"),
                critical_patch("over the baseline"),
                Line2D(
                    [],
                    [],
                    color=COLORS["muted"],
                    linestyle=LINESTYLES["float"],
                    label="estimate",
                ),
                Line2D(
                    [],
                    [],
                    color=COLORS["finish"],
                    linestyle=LINESTYLES["finish"],
                    label="cost baseline",
                ),
                Line2D(
                    [],
                    [],
                    color=COLORS["deadline"],
                    linestyle=LINESTYLES["deadline"],
                    label="budget",
                ),
            ],
            loc="upper right",
        )
    ax.set_gid("cost_histogram")
    ax._course_edges = edges  # type: ignore[attr-defined]
    refresh_cost_histogram(ax, t, sizing)
    return ax


def refresh_cost_histogram(
    ax: Axes, totals: Sequence[float] | np.ndarray, sizing: ReserveSizing
) -> Axes:
    """Move a :func:`cost_histogram` chart to new totals and reserves.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`cost_histogram` (its bins are kept).
    totals : array_like
        The new simulated totals.
    sizing : ReserveSizing
        The new reserves.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the axes was not drawn by :func:`cost_histogram`.

    Examples
    --------
    >>> from pmcourse.cost import size_reserves
    >>> totals = np.linspace(90, 130, 1_000)
    >>> ax = cost_histogram(totals, size_reserves(totals, 100))
    >>> _ = refresh_cost_histogram(ax, totals, size_reserves(totals, 100,
    ...                            confidence=0.5))
    >>> [round(line.get_xdata()[0]) for line in ax.lines]
    [100, 110, 110]

    Used in: lesson 02, budgeting (the reserve sizer).
    """
    if ax.get_gid() != "cost_histogram":
        raise ValueError("ax was not drawn by cost_histogram()")
    edges = ax._course_edges  # type: ignore[attr-defined]
    counts, _ = np.histogram(np.asarray(totals, dtype=float), bins=edges)
    over = (edges[:-1] + edges[1:]) / 2 > sizing.cost_baseline
    steps: dict[str | None, Any] = {p.get_gid(): p for p in ax.patches}  # StepPatch
    steps["within"].set_data(np.where(over, 0.0, counts))
    steps["over"].set_data(np.where(over, counts, 0.0))
    lines = {line.get_gid(): line for line in ax.lines}
    for gid, x in (
        ("estimate", sizing.base_estimate),
        ("baseline", sizing.cost_baseline),
        ("budget", sizing.budget),
    ):
        lines[gid].set_xdata([x, x])
    ax.set_ylim(0, max(1.0, float(counts.max())) * 1.32)
    set_title(
        ax,
        f"P{sizing.confidence * 100:.0f} baseline {dollars(sizing.cost_baseline)}: "
        f"{sizing.probability_over_baseline:.0%} of runs overrun it, "
        f"{sizing.probability_over_budget:.0%} the whole budget",
    )
    return ax


# --------------------------------------------------------------------------
# Cash flows of an investment


def cashflow_chart(
    cashflows: Sequence[float] | np.ndarray,
    cumulative_pv: Sequence[float] | np.ndarray,
    ax: Axes | None = None,
    *,
    max_periods: int | None = None,
) -> Axes:
    """Draw yearly cash flows as bars and their discounted running total as a line.

    The outlay (negative flows) is vermillion and hatched, gains are blue;
    the black line is the cumulative discounted cash flow, which ends at the
    NPV and crosses zero at the discounted payback.

    Parameters
    ----------
    cashflows : array_like
        Cash flow of each year, year 0 first.
    cumulative_pv : array_like
        Running total of the discounted cash flows (same length).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    max_periods : int, optional
        Bars to create (at least ``len(cashflows)``), so that a refreshed
        chart can show more years.

    Returns
    -------
    matplotlib.axes.Axes
        Bars have gid ``"flow:<year>"``, the line ``"cumulative_pv"``; the
        axes gid is ``"cashflow_chart"``.

    Examples
    --------
    >>> ax = cashflow_chart([-100, 60, 60], [-100, -45.5, 4.1])
    >>> [p.get_height() for p in ax.patches if p.get_visible()]
    [-100.0, 60.0, 60.0]

    Used in: lesson 02, budgeting (project selection; certification return).
    """
    flows = np.asarray(cashflows, dtype=float)
    count = max(len(flows), max_periods or 0)
    if ax is None:
        _, ax = new_figure(9.0, 4.0)
    with course_style():
        style_axes(ax, xlabel="Year", ylabel="US dollars", grid="y")
        bars = ax.bar(np.arange(count), np.zeros(count), width=0.6)
        for k, patch in enumerate(bars.patches):
            patch.set_gid(f"flow:{k}")
        ax.plot([], [], color=COLORS["finish"], marker="o", gid="cumulative_pv")
        ax.axhline(0, color=COLORS["muted"], linewidth=0.8, gid="zero")
        ax.yaxis.set_major_formatter(DOLLARS)
        ax.legend(
            handles=[
                critical_patch("outlay"),
                Patch(facecolor=COLORS["normal"], label="yearly gain"),
                Line2D(
                    [],
                    [],
                    color=COLORS["finish"],
                    marker="o",
                    label="running total, discounted",
                ),
            ],
            loc="upper left",
            bbox_to_anchor=(0.0, -0.16),
            ncol=3,
        )
    ax.set_gid("cashflow_chart")
    refresh_cashflow_chart(ax, flows, cumulative_pv)
    return ax


def refresh_cashflow_chart(
    ax: Axes,
    cashflows: Sequence[float] | np.ndarray,
    cumulative_pv: Sequence[float] | np.ndarray,
    *,
    title: str | None = None,
) -> Axes:
    """Move a :func:`cashflow_chart` to new cash flows.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`cashflow_chart`.
    cashflows, cumulative_pv : array_like
        The new flows and running discounted total (same length, at most the
        number of bars the chart was made with).
    title : str, optional
        By default the title states the NPV.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the axes was not drawn by :func:`cashflow_chart`, or there are
        more years than bars.

    Examples
    --------
    >>> ax = cashflow_chart([-100, 60, 60], [-100, -45.5, 4.1], max_periods=4)
    >>> _ = refresh_cashflow_chart(ax, [-100, 30], [-100, -72.7])
    >>> [p.get_visible() for p in ax.patches]
    [True, True, False, False]

    Used in: lesson 02, budgeting (the certification return calculator).
    """
    if ax.get_gid() != "cashflow_chart":
        raise ValueError("ax was not drawn by cashflow_chart()")
    flows = np.asarray(cashflows, dtype=float)
    running = np.asarray(cumulative_pv, dtype=float)
    bars: list[Any] = [p for p in ax.patches if (p.get_gid() or "").startswith("flow:")]
    if len(flows) > len(bars):
        raise ValueError(
            f"the chart has {len(bars)} bars, not enough for {len(flows)} years; "
            "draw it again with a larger max_periods"
        )
    for k, patch in enumerate(bars):
        shown = k < len(flows)
        patch.set_visible(shown)
        value = float(flows[k]) if shown else 0.0
        patch.set_height(value)
        patch.set_facecolor(COLORS["critical"] if value < 0 else COLORS["normal"])
        patch.set_hatch(HATCH_CRITICAL if value < 0 else None)  # type: ignore[arg-type]
        patch.set_edgecolor(COLORS["face"])
    line = next(x for x in ax.lines if x.get_gid() == "cumulative_pv")
    line.set_data(np.arange(len(running)), running)
    low = min(0.0, float(flows.min()), float(running.min()))
    high = max(0.0, float(flows.max()), float(running.max()))
    pad = 0.12 * (high - low or 1.0)
    ax.set_ylim(low - pad, high + 2.2 * pad)
    ax.set_xlim(-0.6, len(flows) - 0.4)
    ax.set_xticks(np.arange(len(flows)))
    if title is None:
        title = f"Net present value {dollars(float(running[-1]))}"
    set_title(ax, title)
    return ax
