"""Budgeting simulations: reserve sizing, and the return on a certification.

Used in: lesson 02, budgeting.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist

from pmcourse.core.checks import as_frame
from pmcourse.cost import ReserveSizing, size_reserves
from pmcourse.plots.cost import (
    cashflow_chart,
    cost_histogram,
    dollars,
    refresh_cashflow_chart,
    refresh_cost_histogram,
)
from pmcourse.risk.montecarlo import monte_carlo_cost
from pmcourse.stakeholders import career
from pmcourse.widgets.base import Simulation, drawing_order, left_title, slider

__all__ = ["CertificationROI", "ReserveSizer"]

_WIDE = {"description_width": "260px"}


def _slider(kind: type, description: str, **kwargs: Any) -> widgets.Widget:
    return slider(
        kind, label_width="260px", width="550px", description=description, **kwargs
    )


def _moving(ax: Any) -> list[Artist]:
    moving = [ax.xaxis, ax.yaxis, *ax.patches, *ax.lines, *ax.texts]
    moving += [*ax.spines.values(), left_title(ax)]
    return drawing_order(moving)


class ReserveSizer(Simulation):
    """Simulate a project's total cost and size its reserves at a confidence level.

    The work packages' three-point cost estimates are sampled
    (:func:`pmcourse.montecarlo.monte_carlo_cost`) to give thousands of
    possible actual totals; the cost baseline is set at the chosen
    confidence level and the reserves follow
    (:func:`pmcourse.cost.size_reserves`). The histogram shows the simulated
    actual costs against the estimate, the baseline and the budget.

    Parameters
    ----------
    items : DataFrame or list of dict
        Cost items with ``optimistic``, ``most_likely`` and ``pessimistic``
        costs in dollars (rows with missing costs, such as WBS summary rows,
        are left out).
    iterations : int
        Simulated projects per setting (10,000 by default).
    seed : int
        Seed of the simulation, so that the same settings give the same
        picture.

    Attributes
    ----------
    controls : dict
        ``confidence`` (0.5 to 0.95), ``correlation`` (0 to 0.9),
        ``distribution`` (triangular or PERT) and ``management_percent``
        (0 to 0.2).
    result : pmcourse.cost.ReserveSizing
        The latest reserves.
    totals : numpy.ndarray
        The latest simulated totals.
    base_estimate : float
        The sum of the most likely costs.

    Raises
    ------
    ValueError
        If no item has all three estimates, or from the Monte Carlo.

    Examples
    --------
    >>> items = [{"optimistic": 80, "most_likely": 100, "pessimistic": 160},
    ...          {"optimistic": 40, "most_likely": 50, "pessimistic": 90}]
    >>> app = ReserveSizer(items, iterations=20_000)
    >>> app.base_estimate
    150.0
    >>> # means 113.3 + 60, sd sqrt(288.9 + 116.7) = 20.1: P80 about 173.3 + 0.84 * 20.1
    >>> round(app.result.cost_baseline, -1), app.result.confidence
    (190.0, 0.8)

    Used in: lesson 02, budgeting (estimate vs actual; reserves).
    """

    figsize = (9.0, 4.2)

    def __init__(
        self, items: Any, *, iterations: int = 10_000, seed: int = 2024
    ) -> None:
        table = as_frame(items)
        columns = ["optimistic", "most_likely", "pessimistic"]
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ValueError(f"items is missing the column(s) {missing}")
        self.items = table.dropna(subset=columns).reset_index(drop=True)
        if self.items.empty:
            raise ValueError("items holds no row with all three cost estimates")
        self.base_estimate = float(self.items["most_likely"].sum())
        self.iterations = int(iterations)
        self.seed = int(seed)
        self._cache: dict[tuple[str, float], np.ndarray] = {}
        low = float(self.items["optimistic"].sum())
        high = float(self.items["pessimistic"].sum())
        self.edges = np.linspace(low, high, 61)
        self.totals = np.empty(0)
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the four controls.

        Returns
        -------
        dict of str to ipywidgets.Widget
            By parameter name.
        """
        return {
            "confidence": _slider(
                widgets.FloatSlider,
                "Confidence for the baseline",
                value=0.8,
                min=0.5,
                max=0.95,
                step=0.05,
                readout_format=".0%",
            ),
            "correlation": _slider(
                widgets.FloatSlider,
                "Correlation between packages",
                value=0.0,
                min=0.0,
                max=0.9,
                step=0.1,
            ),
            "distribution": widgets.Dropdown(
                options=[("triangular", "triangular"), ("PERT (beta)", "pert")],
                value="triangular",
                description="Shape of each estimate",
                style=_WIDE,
                layout=widgets.Layout(width="550px"),
            ),
            "management_percent": _slider(
                widgets.FloatSlider,
                "Management reserve (of baseline)",
                value=0.05,
                min=0.0,
                max=0.2,
                step=0.01,
                readout_format=".0%",
            ),
        }

    def simulate(self, distribution: str, correlation: float) -> np.ndarray:
        """Return the simulated totals for a distribution and correlation.

        Each pair is simulated once with the widget's seed and kept, so that
        moving the confidence or management reserve redraws at once.

        Parameters
        ----------
        distribution : str
            ``"triangular"`` or ``"pert"``.
        correlation : float
            Correlation between every pair of packages, 0 to below 1.

        Returns
        -------
        numpy.ndarray
            ``iterations`` simulated total costs.
        """
        key = (distribution, round(float(correlation), 6))
        if key not in self._cache:
            self._cache[key] = monte_carlo_cost(
                self.items,
                self.iterations,
                rng=self.seed,
                distribution=distribution,
                correlation=key[1] or None,
            )
        return self._cache[key]

    def compute(self) -> ReserveSizing:
        """Simulate (or reuse) the totals and size the reserves.

        Returns
        -------
        pmcourse.cost.ReserveSizing
            The reserves for the controls' settings.
        """
        v = self.values()
        self.totals = self.simulate(v["distribution"], v["correlation"])
        return size_reserves(
            self.totals,
            self.base_estimate,
            confidence=v["confidence"],
            management_percent=v["management_percent"],
        )

    def draw(self) -> None:
        """Draw the histogram of simulated totals with the reserve lines."""
        if self.ax.get_gid() == "cost_histogram":
            refresh_cost_histogram(self.ax, self.totals, self.result)
        else:
            cost_histogram(self.totals, self.result, ax=self.ax, edges=self.edges)

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves: bars, lines, the count axis and the title.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order; the cost axis and legend stay cached.
        """
        ax = self.ax
        moving = [ax.yaxis, *ax.patches, *ax.lines, *ax.spines.values()]
        moving.append(left_title(ax))
        return drawing_order(moving)

    def describe(self) -> str:
        """Return the estimate, reserves and chances of overrun as HTML.

        Returns
        -------
        str
            Two lines of text.
        """
        r = self.result
        return (
            f"Estimate {dollars(r.base_estimate)} (sum of most likely costs); "
            f"simulated mean {dollars(r.mean)}; "
            f"<b>{r.probability_over_estimate:.0%} of runs overrun the "
            f"estimate</b>.<br>"
            f"Contingency reserve {dollars(r.contingency_reserve)} → cost baseline "
            f"{dollars(r.cost_baseline)} (P{r.confidence * 100:.0f}); management "
            f"reserve {dollars(r.management_reserve)} → budget "
            f"<b>{dollars(r.budget)}</b>. Runs over the baseline: "
            f"{r.probability_over_baseline:.0%}; over the budget: "
            f"{r.probability_over_budget:.0%}."
        )


class CertificationROI(Simulation):
    """Work out whether a certification pays for itself, and how fast.

    The controls are the fees, the study hours and what an hour of your
    time is worth, your salary, the pay rise you expect, the years you count
    and the discount rate. Each change reruns
    :func:`pmcourse.career.certification_roi`; the chart shows the outlay,
    the yearly gains and their discounted running total, which ends at the
    NPV.

    Parameters
    ----------
    max_years : int
        The largest number of years on the slider (10 by default).

    Attributes
    ----------
    controls : dict
        ``cost``, ``study_hours``, ``hour_value``, ``salary``, ``uplift``,
        ``years``, ``rate``.
    result : pmcourse.career.CertificationROI
        The latest return.

    Examples
    --------
    >>> app = CertificationROI()
    >>> app.result.outlay
    6000.0
    >>> app.controls["uplift"].value = 0.0
    >>> app.result.npv
    -6000.0

    Used in: lesson 02, budgeting (the return on a certification).
    """

    figsize = (9.0, 4.0)

    def __init__(self, max_years: int = 10) -> None:
        self.max_years = int(max_years)
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the seven sliders.

        Returns
        -------
        dict of str to ipywidgets.Widget
            By parameter name of :func:`pmcourse.career.certification_roi`.
        """
        return {
            "cost": _slider(
                widgets.IntSlider,
                "Fees: exam, course, membership ($)",
                value=3000,
                min=0,
                max=8000,
                step=100,
            ),
            "study_hours": _slider(
                widgets.IntSlider,
                "Study hours",
                value=120,
                min=0,
                max=300,
                step=10,
            ),
            "hour_value": _slider(
                widgets.IntSlider,
                "Value of an hour of your time ($)",
                value=25,
                min=0,
                max=100,
                step=5,
            ),
            "salary": _slider(
                widgets.IntSlider,
                "Salary now ($ a year)",
                value=80_000,
                min=40_000,
                max=200_000,
                step=5_000,
            ),
            "uplift": _slider(
                widgets.FloatSlider,
                "Pay rise it brings",
                value=0.05,
                min=0.0,
                max=0.25,
                step=0.01,
                readout_format=".0%",
            ),
            "years": _slider(
                widgets.IntSlider,
                "Years you count",
                value=5,
                min=1,
                max=self.max_years,
            ),
            "rate": _slider(
                widgets.FloatSlider,
                "Discount rate",
                value=0.08,
                min=0.0,
                max=0.15,
                step=0.01,
                readout_format=".0%",
            ),
        }

    def compute(self) -> career.CertificationROI:
        """Compute the return for the sliders' values.

        Returns
        -------
        pmcourse.career.CertificationROI
        """
        return career.certification_roi(**self.values())

    def draw(self) -> None:
        """Draw or move the cash-flow chart."""
        r = self.result
        if self.ax.get_gid() != "cashflow_chart":
            cashflow_chart(
                r.cashflows, r.cumulative_pv, ax=self.ax, max_periods=self.max_years + 1
            )
        back = r.discounted_payback
        title = f"NPV {dollars(r.npv)}: " + (
            f"the outlay is repaid, discounted, in {back:.1f} years"
            if back is not None
            else "the outlay is not repaid in the years counted"
        )
        refresh_cashflow_chart(self.ax, r.cashflows, r.cumulative_pv, title=title)

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves: everything but the legend.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order.
        """
        return _moving(self.ax)

    def describe(self) -> str:
        """Return the outlay, NPV, IRR, payback and ROI as HTML.

        Returns
        -------
        str
            Two lines of text.
        """
        r = self.result
        irr = f"{r.irr:.0%}" if r.irr is not None else "none (no gain)"
        payback = f"{r.payback:.1f} years" if r.payback is not None else "never"
        if r.payback is not None and r.discounted_payback is not None:
            payback += f" ({r.discounted_payback:.1f} discounted, as charted)"
        return (
            f"Outlay {dollars(r.outlay)} (fees plus study time); yearly gain "
            f"{dollars(float(r.cashflows[1]))} before tax.<br>"
            f"<b>NPV {dollars(r.npv)}</b>, IRR {irr}, payback {payback}, "
            f"ROI {r.roi:.0%} over {len(r.cashflows) - 1} years."
        )
