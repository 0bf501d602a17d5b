"""Earned value charts: the PV, EV and AC S-curves with the forecast.

The chart draws what :func:`pmcourse.evm.status_table` and
:func:`pmcourse.evm.evm` computed; it computes no formula of its own. Every
line carries a ``gid`` (``"pv"``, ``"ev"``, ``"ac"``, ``"eac"``, ``"bac"``,
``"status"``) so tests and widgets can find it again; :func:`curve_data`
reads the lines back and :func:`refresh_s_curves` moves them, which is what
keeps the status dashboard fast.

Used in: lesson 04, earned value.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from pmcourse.plots.cost import dollars
from pmcourse.plots.style import (
    COLORS,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["curve_data", "evm_title", "refresh_s_curves", "s_curves"]

#: How each curve is drawn: colour *and* line style or marker tell them apart.
_STYLE: dict[str, dict[str, Any]] = {
    "pv": {"color": COLORS["normal"], "linestyle": "-", "linewidth": 2.2},
    "ev": {
        "color": COLORS["good"],
        "linestyle": "-",
        "linewidth": 2.2,
        "marker": "o",
        "markersize": 5,
    },
    "ac": {
        "color": COLORS["critical"],
        "linestyle": "--",
        "linewidth": 2.2,
        "marker": "s",
        "markersize": 5,
    },
    "eac": {"color": COLORS["critical"], "linestyle": ":", "linewidth": 2.0},
}
_LABELS = {
    "pv": "PV, planned value",
    "ev": "EV, earned value",
    "ac": "AC, actual cost",
    "eac": "forecast to the EAC",
}


def _points(
    table: pd.DataFrame, status_period: float | None
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], float]:
    """Return each curve's (x, y), starting at (0, 0), and the status period."""
    for column in ("pv", "ev", "ac"):
        if column not in table.columns:
            raise ValueError(
                f"table is missing the column {column!r}; pass a status_table() result"
            )
    x = np.asarray(table.index, dtype=float)
    reported = x[table["ev"].notna().to_numpy()]
    if status_period is None:
        if reported.size == 0:
            raise ValueError("the table has no period with an earned value yet")
        status = float(reported[-1])
    else:
        status = float(status_period)
        if status not in set(reported.tolist()):
            raise ValueError(
                f"status_period {status_period!r} is not a reported period; "
                f"reported: {[int(p) if p.is_integer() else p for p in reported]}"
            )
    upto = x <= status
    xs = np.concatenate([[0.0], x])
    out = {"pv": (xs, np.concatenate([[0.0], table["pv"].to_numpy(dtype=float)]))}
    for name in ("ev", "ac"):
        y = table[name].to_numpy(dtype=float)[upto]
        out[name] = (np.concatenate([[0.0], x[upto]]), np.concatenate([[0.0], y]))
    return out, status


def evm_title(table: pd.DataFrame, status_period: float) -> str:
    """Return a title that says where the project stands at the status date.

    Parameters
    ----------
    table : DataFrame
        A :func:`pmcourse.evm.status_table` result.
    status_period : float
        A reported period of the table.

    Returns
    -------
    str
        For example "Month 8: behind schedule (SPI 0.93) and over budget
        (CPI 0.90)".

    Examples
    --------
    >>> from pmcourse.evm import status_table
    >>> t = status_table([{"period": 1, "pv": 20, "ev": 15, "ac": 18}], bac=100)
    >>> evm_title(t, 1)
    'Month 1: behind schedule (SPI 0.75) and over budget (CPI 0.83)'

    Used in: lesson 04, earned value (the status dashboard).
    """
    row = table.loc[status_period]
    sv, cv, spi, cpi = (float(row[k]) for k in ("sv", "cv", "spi", "cpi"))
    when = "behind schedule" if sv < 0 else "ahead of schedule" if sv > 0 else ""
    cost = "over budget" if cv < 0 else "under budget" if cv > 0 else ""
    when = f"{when or 'on schedule'}" + ("" if math.isnan(spi) else f" (SPI {spi:.2f})")
    cost = f"{cost or 'on budget'}" + ("" if math.isnan(cpi) else f" (CPI {cpi:.2f})")
    label = int(status_period) if float(status_period).is_integer() else status_period
    return f"Month {label}: {when} and {cost}"


def s_curves(
    table: pd.DataFrame,
    ax: Axes | None = None,
    *,
    status_period: float | None = None,
    bac: float | None = None,
    eac: float | None = None,
    forecast_finish: float | None = None,
    unit: str = "months",
    title: str | None = None,
    limits: tuple[float, float] | None = None,
) -> Axes:
    """Draw the PV, EV and AC S-curves to a status date, with the forecast.

    PV (blue, solid) runs over the whole plan; EV (green, circles) and AC
    (vermillion, dashed, squares) stop at the status date, drawn as a grey
    vertical line. A dotted vermillion line runs from today's AC to the EAC
    at the forecast finish, and a dash-dot line marks the BAC.

    Parameters
    ----------
    table : DataFrame
        A :func:`pmcourse.evm.status_table` result: cumulative ``pv``, ``ev``
        and ``ac`` indexed by period (EV and AC empty after the last report).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    status_period : float, optional
        The status date; the last reported period by default.
    bac : float, optional
        Budget at completion; the last cumulative PV by default.
    eac : float, optional
        An estimate at completion to draw the forecast line to.
    forecast_finish : float, optional
        When the forecast line reaches the EAC (for example
        :func:`pmcourse.evm.forecast_duration`); the plan's last period by
        default.
    unit : str
        The period's unit, for the axis label.
    title : str, optional
        By default, :func:`evm_title` at the status date.
    limits : (float, float), optional
        Fixed ``(x_max, y_max)`` of the axes; by default they fit the curves
        and the forecast. A dashboard fixes them so that only the curves move.

    Returns
    -------
    matplotlib.axes.Axes
        Lines with gids ``"pv"``, ``"ev"``, ``"ac"``, ``"eac"`` (empty
        without an EAC), ``"bac"`` and ``"status"``; texts ``"bac_label"``,
        ``"eac_label"`` and ``"status_label"``.

    Raises
    ------
    ValueError
        If a column is missing or ``status_period`` was not reported.

    Examples
    --------
    >>> from pmcourse.evm import status_table
    >>> t = status_table([{"period": 1, "pv": 20, "ev": 15, "ac": 18},
    ...                   {"period": 2, "pv": 80, "ev": None, "ac": None}],
    ...                  bac=100)
    >>> data = curve_data(s_curves(t, eac=120, forecast_finish=2.5))
    >>> data["ac"].tolist(), data["eac"].tolist()
    ([[0.0, 0.0], [1.0, 18.0]], [[1.0, 18.0], [2.5, 120.0]])

    Used in: lesson 04, earned value; the status dashboard.
    """
    if ax is None:
        _, ax = new_figure(9.0, 4.5)
    with course_style():
        style_axes(
            ax,
            xlabel=f"Time ({unit} from the start)",
            ylabel="Cumulative US dollars",
            grid="y",
        )
        for name in ("pv", "ev", "ac", "eac"):
            ax.plot([], [], label=_LABELS[name], gid=name, **_STYLE[name])
        ax.axhline(
            0,
            color=COLORS["muted"],
            linestyle=LINESTYLES["deadline"],
            linewidth=1.2,
            gid="bac",
        )
        ax.axvline(0, color=COLORS["float"], linestyle=":", linewidth=1.2, gid="status")
        text: dict[str, Any] = {"fontsize": 9, "color": COLORS["text"]}
        ax.text(0, 0, "", ha="right", va="bottom", gid="bac_label", **text)
        ax.text(0, 0, "", ha="right", va="bottom", gid="eac_label", **text)
        ax.text(
            0,
            0,
            "status date",
            ha="right",
            va="top",
            rotation=90,
            gid="status_label",
            fontsize=8,
            color=COLORS["muted"],
        )
        ax.yaxis.set_major_formatter(FuncFormatter(dollars))
        ax.legend(loc="lower right")
        x = np.asarray(table.index, dtype=float)
        ax.set_xticks(np.concatenate([[0.0], x]))
    ax.set_gid("s_curves")
    return refresh_s_curves(
        ax,
        table,
        status_period=status_period,
        bac=bac,
        eac=eac,
        forecast_finish=forecast_finish,
        title=title,
        limits=limits,
    )


def refresh_s_curves(
    ax: Axes,
    table: pd.DataFrame,
    *,
    status_period: float | None = None,
    bac: float | None = None,
    eac: float | None = None,
    forecast_finish: float | None = None,
    title: str | None = None,
    limits: tuple[float, float] | None = None,
) -> Axes:
    """Move the curves of a chart drawn by :func:`s_curves` to a new status.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`s_curves` drew on.
    table : DataFrame
        A :func:`pmcourse.evm.status_table` result for the same periods.
    status_period, bac, eac, forecast_finish, title, limits
        As for :func:`s_curves`.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the axes holds no S-curve chart or the status period was not
        reported.

    Examples
    --------
    >>> from pmcourse.evm import status_table
    >>> t = status_table([{"period": 1, "pv": 20, "ev": 15, "ac": 18},
    ...                   {"period": 2, "pv": 30, "ev": 25, "ac": 27}], bac=100)
    >>> ax = s_curves(t, status_period=2)
    >>> curve_data(refresh_s_curves(ax, t, status_period=1))["ev"].tolist()
    [[0.0, 0.0], [1.0, 15.0]]

    Used in: lesson 04, the status dashboard.
    """
    if ax.get_gid() != "s_curves":
        raise ValueError("refresh_s_curves needs an axes drawn by s_curves()")
    lines = {line.get_gid(): line for line in ax.lines}
    points, status = _points(table, status_period)
    for name, (x, y) in points.items():
        lines[name].set_data(x, y)
    total = float(table["pv"].iloc[-1]) if bac is None else float(bac)
    last = float(np.asarray(table.index, dtype=float)[-1])
    if eac is None or not math.isfinite(eac):
        lines["eac"].set_data([], [])
        top = total
    else:
        end = last if forecast_finish is None else float(forecast_finish)
        ac_now = float(points["ac"][1][-1])
        lines["eac"].set_data([status, end], [ac_now, float(eac)])
        top = max(total, float(eac))
        last = max(last, end)
    lines["bac"].set_ydata([total, total])
    lines["status"].set_xdata([status, status])
    if limits is None:
        ax.set_xlim(0, last * 1.02)
        ax.set_ylim(0, top * 1.12)
    elif ax.get_xlim() != (0, limits[0]) or ax.get_ylim() != (0, limits[1]):
        ax.set_xlim(0, limits[0])
        ax.set_ylim(0, limits[1])
    texts = {t.get_gid(): t for t in ax.texts}
    x_right = ax.get_xlim()[1]
    texts["bac_label"].set_position((x_right, total))
    texts["bac_label"].set_text(f"BAC {dollars(total)}")
    x_eac, y_eac = (np.asarray(v, dtype=float) for v in lines["eac"].get_data())
    if len(x_eac):
        texts["eac_label"].set_position((float(x_eac[-1]), float(y_eac[-1])))
        texts["eac_label"].set_text(f"EAC {dollars(float(y_eac[-1]))}  ")
    else:
        texts["eac_label"].set_text("")
    texts["status_label"].set_position((status - 0.05, ax.get_ylim()[1] * 0.98))
    set_title(ax, title if title is not None else evm_title(table, status))
    return ax


def curve_data(ax: Axes) -> dict[str, np.ndarray]:
    """Read the curves of an S-curve chart back as arrays of (x, y) points.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`s_curves` drew on.

    Returns
    -------
    dict of str to numpy.ndarray
        ``"pv"``, ``"ev"``, ``"ac"`` and ``"eac"``, each of shape ``(n, 2)``;
        ``"bac"`` the BAC level and ``"status"`` the status date, as floats.

    Examples
    --------
    >>> from pmcourse.evm import status_table
    >>> t = status_table([{"period": 1, "pv": 20, "ev": 15, "ac": 18}], bac=50)
    >>> float(curve_data(s_curves(t, bac=50))["bac"])
    50.0

    Used in: tests of the charts and the status dashboard.
    """
    lines = {line.get_gid(): line for line in ax.lines}
    out: dict[str, np.ndarray] = {}
    for name in ("pv", "ev", "ac", "eac"):
        x, y = lines[name].get_data()
        out[name] = np.column_stack(
            [np.asarray(x, dtype=float), np.asarray(y, dtype=float)]
        )
    out["bac"] = np.asarray(lines["bac"].get_ydata(), dtype=float)[0]  # a float64
    out["status"] = np.asarray(lines["status"].get_xdata(), dtype=float)[0]
    return out
