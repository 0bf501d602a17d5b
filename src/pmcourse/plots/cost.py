"""Cost charts: simulated cost with reserves, cash flows, the S-curve, a fit.

Every chart draws what :mod:`pmcourse.cost`, :mod:`pmcourse.finance` or
:mod:`pmcourse.career` computed; none computes a formula of its own. Drawn
elements carry a ``gid`` (``"bin:3"``, ``"baseline"``, ``"flow:2"``...) so
tests and widgets can find them again; the ``refresh_*`` functions move an
existing chart to a new result, which is what keeps simulations fast.

Used in: lesson 02, budgeting.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from pmcourse.cost import ParametricModel, ReserveSizing
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


def dollars(x: float, _pos: object = None) -> str:
    """Format an amount of dollars for an axis: $950, $12.5k, $1.2M.

    Parameters
    ----------
    x : float
        The amount.
    _pos : object
        Ignored (matplotlib passes the tick position).

    Returns
    -------
    str

    Examples
    --------
    >>> dollars(950), dollars(12_500), dollars(-3_000), dollars(1_250_000)
    ('$950', '$12.5k', '-$3k', '$1.25M')

    Used in: lesson 02, budgeting (chart axes).
    """
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a >= 1e6:
        return f"{sign}${a / 1e6:.3g}M"
    if a >= 1e3:
        return f"{sign}${a / 1e3:.3g}k"
    return f"{sign}${a:.0f}"


_DOLLARS = FuncFormatter(dollars)

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
        zeros = np.zeros(len(edges) - 1)
        ax.stairs(zeros, edges, fill=True, color=COLORS["normal"], gid="within")
        ax.stairs(
            zeros,
            edges,
            fill=True,
            facecolor=COLORS["critical"],
            edgecolor=COLORS["face"],
            hatch=HATCH_CRITICAL,
            linewidth=0,
            gid="over",
        )
        for gid, color, style, width_ in (
            ("estimate", COLORS["muted"], LINESTYLES["float"], 1.6),
            ("baseline", COLORS["finish"], LINESTYLES["finish"], 1.8),
            ("budget", COLORS["deadline"], LINESTYLES["deadline"], 2.0),
        ):
            ax.axvline(0, color=color, linestyle=style, linewidth=width_, gid=gid)
        ax.xaxis.set_major_formatter(_DOLLARS)
        ax.set_xlim(edges[0], edges[-1])
        ax.legend(
            handles=[
                Patch(facecolor=COLORS["normal"], label="within the baseline"),
                Patch(
                    facecolor=COLORS["critical"],
                    hatch=HATCH_CRITICAL,
                    edgecolor=COLORS["face"],
                    label="over the baseline",
                ),
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
    steps = {p.get_gid(): p for p in ax.patches}
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
        ax.yaxis.set_major_formatter(_DOLLARS)
        ax.legend(
            handles=[
                Patch(
                    facecolor=COLORS["critical"],
                    hatch=HATCH_CRITICAL,
                    edgecolor=COLORS["face"],
                    label="outlay",
                ),
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
    bars = [p for p in ax.patches if (p.get_gid() or "").startswith("flow:")]
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
        patch.set_hatch(HATCH_CRITICAL if value < 0 else None)
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


# --------------------------------------------------------------------------
# Static charts for the lesson


def s_curve(
    baseline: pd.DataFrame,
    ax: Axes | None = None,
    *,
    budget: float | None = None,
    unit: str = "working days",
) -> Axes:
    """Draw the time-phased cost baseline: spend per period and the S-curve.

    Parameters
    ----------
    baseline : DataFrame
        From :func:`pmcourse.cost.time_phased_baseline` (``end``, ``pv`` and
        ``cumulative_pv`` columns).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    budget : float, optional
        The total budget (baseline plus management reserve), drawn as a
        dash-dot line above the curve.
    unit : str
        The time unit for the axis label.

    Returns
    -------
    matplotlib.axes.Axes
        The S-curve line has gid ``"cumulative_pv"``, the bars ``"pv:<k>"``,
        the budget line ``"budget"``.

    Examples
    --------
    >>> table = pd.DataFrame({"end": [1.0, 2.0, 3.0], "pv": [10.0, 30.0, 10.0],
    ...                       "cumulative_pv": [10.0, 40.0, 50.0]})
    >>> ax = s_curve(table, budget=55)
    >>> ax.lines[0].get_ydata().tolist()
    [0.0, 10.0, 40.0, 50.0]

    Used in: lesson 02, budgeting (the cost baseline); lesson 04.
    """
    for column in ("end", "pv", "cumulative_pv"):
        if column not in baseline.columns:
            raise ValueError(f"baseline is missing the column {column!r}")
    end = baseline["end"].to_numpy(dtype=float)
    start = end - np.diff(np.concatenate([[0.0], end]))
    if ax is None:
        _, ax = new_figure(9.0, 4.0)
    total = float(baseline["cumulative_pv"].iloc[-1])
    with course_style():
        style_axes(ax, xlabel=f"Time ({unit} from the start)", ylabel="US dollars")
        ax.plot(
            np.concatenate([[0.0], end]),
            np.concatenate([[0.0], baseline["cumulative_pv"].to_numpy(dtype=float)]),
            color=COLORS["finish"],
            linewidth=2.2,
            label="cumulative planned cost",
            gid="cumulative_pv",
        )
        bars = ax.bar(
            start,
            baseline["pv"].to_numpy(dtype=float),
            width=end - start,
            align="edge",
            color=COLORS["secondary"],
            label="planned cost per period",
        )
        for k, patch in enumerate(bars.patches):
            patch.set_gid(f"pv:{k}")
        if budget is not None:
            ax.axhline(
                budget,
                color=COLORS["deadline"],
                linestyle=LINESTYLES["deadline"],
                linewidth=1.8,
                label="budget, with reserves",
                gid="budget",
            )
        ax.yaxis.set_major_formatter(_DOLLARS)
        ax.set_ylim(0, max(total, budget or 0.0) * 1.1)
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.16), ncol=3)
    set_title(ax, f"The cost baseline climbs to {dollars(total)} in an S shape")
    return ax


def parametric_fit(
    model: ParametricModel,
    ax: Axes | None = None,
    *,
    new: float | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
) -> Axes:
    """Draw a one-driver parametric model over the projects it was fitted on.

    Parameters
    ----------
    model : ParametricModel
        From :func:`pmcourse.cost.fit_parametric` with one driver.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    new : float, optional
        A new project's driver value: its prediction is marked with a
        diamond.
    xlabel, ylabel : str, optional
        Axis labels (the driver and target names by default).

    Returns
    -------
    matplotlib.axes.Axes
        The past projects have gid ``"projects"``, the fitted curve
        ``"fit"``, the new project ``"new"``.

    Raises
    ------
    ValueError
        If the model has more than one driver.

    Examples
    --------
    >>> from pmcourse.cost import fit_parametric
    >>> m = fit_parametric({"size": [1, 2, 3, 4], "cost": [12, 14, 16, 18]},
    ...                    target="cost", drivers="size")
    >>> ax = parametric_fit(m, new=5)
    >>> ax.lines[-1].get_ydata().tolist()
    [20.0]

    Used in: lesson 02, budgeting (parametric estimating).
    """
    if len(model.drivers) != 1:
        raise ValueError(
            f"parametric_fit draws one-driver models; this one has {model.drivers}"
        )
    driver = model.drivers[0]
    x = model.fitted[driver].to_numpy(dtype=float)
    y = model.fitted["actual"].to_numpy(dtype=float)
    top = max(float(x.max()), float(new or 0.0)) * 1.05
    low = 0.0 if model.kind == "linear" else min(float(x.min()), top) * 0.9
    grid = np.linspace(max(low, 1e-9), top, 200)
    if ax is None:
        _, ax = new_figure(8.0, 4.2)
    with course_style():
        style_axes(
            ax, xlabel=xlabel or driver, ylabel=ylabel or model.target, grid="both"
        )
        ax.plot(
            x,
            y,
            linestyle="none",
            marker="o",
            color=COLORS["normal"],
            alpha=0.8,
            label="past projects",
            gid="projects",
        )
        ax.plot(
            grid,
            model.predict(grid),
            color=COLORS["finish"],
            linewidth=2,
            label=f"fit: {model.formula()}",
            gid="fit",
        )
        if new is not None:
            ax.plot(
                [new],
                [model.predict(new)],
                linestyle="none",
                marker="D",
                markersize=10,
                color=COLORS["highlight"],
                markeredgecolor=COLORS["text"],
                label="the new project",
                gid="new",
            )
        ax.legend(loc="upper left")
    set_title(
        ax,
        f"R² {model.r_squared:.2f}: on past projects the fit misses by "
        f"{model.mmre:.0%} on average",
    )
    return ax
