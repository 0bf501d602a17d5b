"""Earned value simulation: a project status dashboard over time.

Used in: lesson 04, earned value.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.artist import Artist

from pmcourse import evm as ev
from pmcourse.core.format import money
from pmcourse.plots.evm import refresh_s_curves, s_curves
from pmcourse.widgets.base import Simulation, drawing_order, left_title

__all__ = ["DashboardState", "StatusDashboard"]

#: The EAC a learner can pick: control value -> (label, EVMResult field).
EAC_METHODS: dict[str, tuple[str, str]] = {
    "typical": ("BAC / CPI: today's cost efficiency continues", "eac"),
    "atypical": ("AC + (BAC − EV): the overrun was a one-off", "eac_atypical"),
    "cpi_spi": (
        "AC + (BAC − EV) / (CPI × SPI): cost and schedule pressure persist",
        "eac_cpi_spi",
    ),
}


@dataclass(frozen=True)
class DashboardState:
    """What the dashboard shows at one status date.

    Attributes
    ----------
    period : int
        The status date (a reported period).
    table : DataFrame
        :func:`pmcourse.evm.status_table` of all the reports (the status
        date's row holds the cumulative values up to that date).
    status : EVMResult
        :func:`pmcourse.evm.evm` at the status date, with the chosen EAC.
    method : str
        The chosen EAC method, a key of :data:`EAC_METHODS`.
    forecast_finish : float
        :func:`pmcourse.evm.forecast_duration` of the plan at today's SPI
        (NaN when the SPI is undefined).
    """

    period: int
    table: pd.DataFrame
    status: ev.EVMResult
    method: str
    forecast_finish: float


class StatusDashboard(Simulation):
    """Pick a status date and see the S-curves, indices and forecasts move.

    The slider picks the month of the status report; the buttons pick which
    estimate at completion to forecast with. The chart shows PV over the
    whole plan and EV and AC up to the status date, with a dotted line from
    today's actual cost to the EAC at a rough forecast finish (planned
    duration / SPI). Beside it, a small table gives the indices and
    forecasts, and a paragraph reads them in plain language
    (:func:`pmcourse.evm.interpret`).

    Parameters
    ----------
    reports : DataFrame or list of dict
        One row per period with ``period``, ``pv``, ``ev`` and ``ac`` for
        that period (EV and AC empty after the latest report), as in the
        ``evm_status_reports`` dataset.
    bac : float, optional
        Budget at completion; the sum of ``pv`` by default.
    cumulative : bool
        Whether the reports hold running totals instead of monthly amounts.

    Attributes
    ----------
    controls : dict
        ``period`` (an IntSlider over the reported periods) and ``method``
        (ToggleButtons over :data:`EAC_METHODS`).
    result : DashboardState
        The latest state.

    Raises
    ------
    ValueError
        If the reports are invalid (from :func:`pmcourse.evm.status_table`)
        or none has an earned value yet.

    Examples
    --------
    >>> reports = [
    ...     {"period": 1, "pv": 100, "ev": 90, "ac": 100},
    ...     {"period": 2, "pv": 100, "ev": 90, "ac": 120},
    ...     {"period": 3, "pv": 200, "ev": None, "ac": None},
    ... ]
    >>> app = StatusDashboard(reports)
    >>> app.result.period, round(app.result.status.cpi, 2)
    (2, 0.82)
    >>> app.controls["period"].value = 1
    >>> app.result.status.cpi, app.result.status.eac
    (0.9, 444.44...)

    Used in: lesson 04, earned value.
    """

    figsize = (8.6, 4.4)
    dpi = 80

    def __init__(
        self,
        reports: Any,
        *,
        bac: float | None = None,
        cumulative: bool = False,
    ) -> None:
        table = reports if isinstance(reports, pd.DataFrame) else pd.DataFrame(reports)
        self.reports = table.copy()
        if bac is None:
            column = pd.to_numeric(table.get("pv"), errors="coerce")
            bac = float(column.max() if cumulative else column.sum())
        self.bac = float(bac)
        self.cumulative = cumulative
        self.table = ev.status_table(self.reports, self.bac, cumulative=cumulative)
        reported = self.table[self.table["ev"].notna()]
        self.periods = [int(p) for p in reported.index]
        if not self.periods:
            raise ValueError("reports: no period has an earned value yet")
        self.planned_duration = float(self.table.index[-1])
        # Fixed axes that hold every status date's curves and forecasts, so an
        # update only moves the curves (the axes stay in the cached background).
        forecasts = reported[["eac", "eac_atypical", "eac_cpi_spi"]].to_numpy()
        slowest = reported["spi"][reported["spi"] > 0].min()
        x_max = self.planned_duration / min(1.0, slowest if slowest > 0 else 1.0)
        y_max = max(self.bac, float(pd.Series(forecasts.ravel()).max(skipna=True)))
        self.limits = (math.ceil(x_max) + 0.3, y_max * 1.12)
        self.table_html = widgets.HTML()
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the status-date slider and the EAC method buttons.

        Returns
        -------
        dict of str to ipywidgets.Widget
            ``period`` and ``method``.
        """
        return {
            "period": widgets.IntSlider(
                value=self.periods[-1],
                min=self.periods[0],
                max=self.periods[-1],
                description="Status at the end of month",
                continuous_update=False,
                style={"description_width": "190px"},
                layout=widgets.Layout(width="520px"),
            ),
            "method": widgets.ToggleButtons(
                options=[
                    (label.split(":")[0], key)
                    for key, (label, _) in EAC_METHODS.items()
                ],
                value="typical",
                description="EAC",
                tooltips=[label for label, _ in EAC_METHODS.values()],
                style={"description_width": "40px", "button_width": "240px"},
            ),
        }

    def compute(self) -> DashboardState:
        """Compute the status table and the measures at the chosen date.

        Returns
        -------
        DashboardState
            The table, the :class:`~pmcourse.evm.EVMResult` with the chosen
            EAC, and the rough forecast finish.
        """
        period = int(self.controls["period"].value)
        method = str(self.controls["method"].value)
        table = self.table
        row = table.loc[period]
        base = ev.evm(row["pv"], row["ev"], row["ac"], self.bac)
        chosen = getattr(base, EAC_METHODS[method][1])
        status = (
            base
            if method == "typical" or not math.isfinite(chosen)
            else ev.evm(row["pv"], row["ev"], row["ac"], self.bac, eac=chosen)
        )
        spi = status.spi
        finish = (
            ev.forecast_duration(self.planned_duration, spi)
            if math.isfinite(spi) and spi > 0
            else float("nan")
        )
        return DashboardState(period, table, status, method, finish)

    def draw(self) -> None:
        """Draw the S-curves at the status date (move them after the first time)."""
        state = self.result
        kwargs = {
            "status_period": state.period,
            "bac": self.bac,
            "eac": state.status.eac,
            "forecast_finish": (
                state.forecast_finish if math.isfinite(state.forecast_finish) else None
            ),
            "limits": self.limits,
        }
        if self.ax.get_gid() == "s_curves":
            refresh_s_curves(self.ax, state.table, **kwargs)
        else:
            s_curves(state.table, ax=self.ax, **kwargs)
        self.table_html.value = self._measures_html()

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves on an update: the curves and the title.

        The axes' limits are fixed for all status dates, so the axes, the
        legend and the frame stay in the cached background.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order.
        """
        ax = self.ax
        moving = [*ax.lines, *ax.texts]
        moving.append(left_title(ax))  # where set_title(loc="left") puts it
        return drawing_order(moving)

    def measures(self) -> pd.DataFrame:
        """Return the indices and forecasts at the status date as a small table.

        Returns
        -------
        DataFrame
            Columns ``measure``, ``value`` (numbers as computed) and
            ``shown`` (formatted for the dashboard).
        """
        r = self.result.status
        rows = [
            ("PV (planned value)", r.pv, money(r.pv)),
            ("EV (earned value)", r.ev, money(r.ev)),
            ("AC (actual cost)", r.ac, money(r.ac)),
            ("CV = EV − AC", r.cv, money(r.cv)),
            ("SV = EV − PV", r.sv, money(r.sv)),
            ("CPI = EV / AC", r.cpi, f"{r.cpi:.2f}"),
            ("SPI = EV / PV", r.spi, f"{r.spi:.2f}"),
            ("EAC (chosen)", r.eac, money(r.eac)),
            ("ETC = EAC − AC", r.etc, money(r.etc)),
            ("VAC = BAC − EAC", r.vac, money(r.vac)),
            ("TCPI to the BAC", r.tcpi, f"{r.tcpi:.2f}"),
            ("Percent complete", r.percent_complete, f"{r.percent_complete:.0%}"),
            (
                "Forecast finish (month)",
                self.result.forecast_finish,
                f"{self.result.forecast_finish:.1f}",
            ),
        ]
        return pd.DataFrame(rows, columns=["measure", "value", "shown"])

    def _measures_html(self) -> str:
        cells = "".join(
            f"<tr><td style='padding:1px 8px'>{html.escape(m)}</td>"
            f"<td style='padding:1px 8px; text-align:right'>{html.escape(s)}</td></tr>"
            for m, _, s in self.measures().itertuples(index=False)
        )
        return f"<table style='font-size:90%'>{cells}</table>"

    def describe(self) -> str:
        """Return the plain-language reading of the status (HTML).

        Returns
        -------
        str
            The EAC method in use and :func:`pmcourse.evm.interpret`'s reading.
        """
        state = self.result
        label = EAC_METHODS[state.method][0]
        reading = ev.interpret(state.status)
        return (
            f"<b>Month {state.period}, EAC by {html.escape(label)}.</b> "
            f"{html.escape(reading)}"
        )

    def layout(self) -> widgets.Widget:
        """Arrange the controls, the reading, and the chart beside the table.

        Returns
        -------
        ipywidgets.Widget
            The dashboard as one widget.
        """
        side = widgets.VBox(
            [widgets.HTML("<b>At the status date</b>"), self.table_html],
            layout=widgets.Layout(min_width="250px"),
        )
        return widgets.VBox(
            [
                *self.controls.values(),
                self.summary,
                self.message,
                widgets.HBox([self.image, side]),
            ]
        )
