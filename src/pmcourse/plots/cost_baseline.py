"""Static charts of the budgeting lesson: the cost baseline's S-curve, a fit.

Each draws what :mod:`pmcourse.cost` computed (a time-phased baseline, a
parametric model fitted to past projects) and computes no formula of its
own. Both are re-exported by :mod:`pmcourse.plots.cost`.

Used in: lesson 02, budgeting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from pmcourse.cost import ParametricModel
from pmcourse.plots.parts import DOLLARS, dollars
from pmcourse.plots.style import (
    COLORS,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["parametric_fit", "s_curve"]


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
        ax.yaxis.set_major_formatter(DOLLARS)
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
