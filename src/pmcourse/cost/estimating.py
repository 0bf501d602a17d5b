"""Estimating: analogous, parametric (least squares) and three-point.

Used in: lesson 02, budgeting; exercise ps02.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from pmcourse.core.checks import Table, number
from pmcourse.cost._common import nonempty_table as _table
from pmcourse.schedule import pert, triangular_mean, triangular_std, with_estimates

# Analogous and parametric estimating


def analogous_estimate(
    past_cost: float,
    past_size: float,
    new_size: float,
    *,
    adjustment: float = 1.0,
    exponent: float = 1.0,
) -> float:
    """Estimate a cost by scaling a similar past project's actual cost.

    ``estimate = past_cost * (new_size / past_size) ** exponent * adjustment``.
    With the default ``exponent = 1`` the cost grows in proportion to size;
    an exponent above 1 models diseconomies of scale (see
    :func:`fit_parametric` to estimate it from data). ``adjustment`` carries
    the expert's judgement of what differs: 1.1 for a 10 % harder project,
    1.03 for a year of 3 % inflation.

    Parameters
    ----------
    past_cost : float
        Actual cost of the past project; > 0.
    past_size, new_size : float
        Size of the past and the new project in the same unit (square
        metres, function points, kilometres); > 0.
    adjustment : float
        Multiplier for known differences; > 0.
    exponent : float
        Scale exponent applied to the size ratio; > 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If an argument is not a positive finite number (naming it).

    Examples
    --------
    >>> analogous_estimate(200_000, past_size=400, new_size=500)
    250000.0
    >>> analogous_estimate(200_000, 400, 500, adjustment=1.1)
    275000.0

    Used in: lesson 02, budgeting (estimating); exercise ps02.
    """
    cost = number(past_cost, "past_cost", strict=True)
    ratio = number(new_size, "new_size", strict=True) / number(
        past_size, "past_size", strict=True
    )
    adj = number(adjustment, "adjustment", strict=True)
    b = number(exponent, "exponent", strict=True)
    return cost * ratio**b * adj


@dataclass(frozen=True)
class ParametricModel:
    """A cost or effort model fitted by least squares.

    ``kind == "linear"``: ``target = constant + sum(coefficients[d] * d)``.
    ``kind == "power"``: ``target = constant * prod(d ** coefficients[d])``,
    fitted as a straight line on the logarithms.

    Attributes
    ----------
    kind : {"linear", "power"}
    target : str
        The column that was predicted.
    drivers : tuple of str
        The size drivers, in order.
    constant : float
        The intercept (linear) or the multiplier ``a`` (power).
    coefficients : dict of str to float
        One slope (linear) or exponent (power) per driver.
    r_squared : float
        Share of the variance explained, in the space the fit was made
        (logarithms for a power model); ``nan`` if the targets do not vary.
    standard_error : float
        Residual standard error ``sqrt(SSR / (n - p))`` in that same space
        (for a power model a factor of ``exp(standard_error)`` either way is
        one typical error).
    mmre : float
        Mean magnitude of relative error ``mean(|actual - predicted| /
        actual)`` in the original units, comparable between models.
    pred_25 : float
        Share of the projects predicted within 25 % of the actual value.
    n : int
        Number of projects fitted.
    fitted : DataFrame
        The drivers, ``actual``, ``predicted``, ``residual`` (actual minus
        predicted) and ``relative_error`` of every project: the fit's error
        project by project.
    """

    kind: Literal["linear", "power"]
    target: str
    drivers: tuple[str, ...]
    constant: float
    coefficients: dict[str, float]
    r_squared: float
    standard_error: float
    mmre: float
    pred_25: float
    n: int
    fitted: pd.DataFrame = field(repr=False, compare=False)

    def predict(self, data: Any) -> Any:
        """Predict the target for new projects.

        Parameters
        ----------
        data : DataFrame, dict, float or array_like
            The driver values: a table or mapping with one column per
            driver, or, for a one-driver model, the values themselves.

        Returns
        -------
        float or numpy.ndarray
            A float for a single project given as a number.

        Raises
        ------
        ValueError
            If a driver is missing or not a finite number (or not positive
            for a power model).

        Examples
        --------
        >>> m = fit_parametric({"size": [1, 2, 3, 4], "cost": [12, 14, 16, 18]},
        ...                    target="cost", drivers="size")
        >>> m.predict(10)
        30.0

        Used in: lesson 02, budgeting (estimating).
        """
        if isinstance(data, (pd.DataFrame, Mapping)):
            missing = [d for d in self.drivers if d not in data]
            if missing:
                raise ValueError(f"data is missing the driver column(s) {missing}")
            x = np.column_stack(
                [np.asarray(data[d], dtype=float).ravel() for d in self.drivers]
            )
            scalar = False
        elif len(self.drivers) == 1:
            arr = np.asarray(data, dtype=float)
            scalar = arr.ndim == 0
            x = arr.reshape(-1, 1)
        else:
            raise ValueError(
                f"this model has {len(self.drivers)} drivers {list(self.drivers)}: "
                "give a DataFrame or dict with one column per driver"
            )
        _check_drivers(x, self.drivers, self.kind)
        b = np.array([self.coefficients[d] for d in self.drivers])
        if self.kind == "linear":
            y = self.constant + x @ b
        else:
            y = self.constant * np.exp(np.log(x) @ b)
        return float(y[0]) if scalar else y

    def formula(self, digits: int = 3) -> str:
        """Return the fitted equation as text.

        Parameters
        ----------
        digits : int
            Significant digits of each number.

        Returns
        -------
        str

        Examples
        --------
        >>> fit_parametric({"kloc": [1, 2, 4], "effort": [3, 6, 12]},
        ...                target="effort", drivers="kloc",
        ...                kind="power").formula()
        'effort = 3 * kloc^1'

        Used in: lesson 02, budgeting (estimating).
        """
        c = f"{self.constant:.{digits}g}"
        if self.kind == "linear":
            terms = "".join(
                f" {'-' if b < 0 else '+'} {abs(b):.{digits}g} * {d}"
                for d, b in self.coefficients.items()
            )
            return f"{self.target} = {c}{terms}"
        terms = "".join(f" * {d}^{b:.{digits}g}" for d, b in self.coefficients.items())
        return f"{self.target} = {c}{terms}"


def _check_drivers(x: np.ndarray, drivers: Sequence[str], kind: str) -> None:
    for j, d in enumerate(drivers):
        col = x[:, j]
        bad = ~np.isfinite(col) | ((col <= 0) if kind == "power" else False)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            need = "a positive number (a power model takes logarithms)"
            raise ValueError(
                f"driver {d!r} row {i}: expected "
                f"{need if kind == 'power' else 'a finite number'}, got {col[i]!r}"
            )


def fit_parametric(
    data: Table | Mapping[str, Sequence[float]],
    target: str,
    drivers: str | Sequence[str],
    *,
    kind: Literal["linear", "power"] = "linear",
) -> ParametricModel:
    """Fit a parametric cost or effort model to past projects by least squares.

    - ``kind="linear"``: ``target = c + b1 * x1 + b2 * x2 + ...``, ordinary
      least squares on the values.
    - ``kind="power"``: ``target = a * x1**b1 * x2**b2 ...`` (for one driver
      ``effort = a * size**b``, the COCOMO form), fitted as a straight line
      on the logarithms: ``log(target) = log(a) + b1 * log(x1) + ...``.

    The returned model shows the error of the fit (R², standard error, MMRE,
    PRED(25) and each project's residual) so a learner can judge how far to
    trust it.

    Parameters
    ----------
    data : DataFrame, list of dict or dict of columns
        One row per past project.
    target : str
        Column to predict (cost or effort); every value > 0.
    drivers : str or sequence of str
        Column(s) of size drivers (lines of code, floor area, ...).
    kind : {"linear", "power"}
        The model's form.

    Returns
    -------
    ParametricModel

    Raises
    ------
    ValueError
        If ``kind`` is unknown, a column is missing, a value is not a finite
        number (or not positive where logarithms are taken), there are not
        more projects than coefficients, or the drivers are collinear.

    Examples
    --------
    >>> projects = {"size": [10, 20, 30, 40], "cost": [25, 45, 65, 85]}
    >>> m = fit_parametric(projects, target="cost", drivers="size")
    >>> round(m.constant, 6), round(m.coefficients["size"], 6), m.r_squared
    (5.0, 2.0, 1.0)
    >>> m.formula()
    'cost = 5 + 2 * size'

    Used in: lesson 02, budgeting (estimating); exercise ps02.
    """
    if kind not in ("linear", "power"):
        raise ValueError(f"kind must be 'linear' or 'power', got {kind!r}")
    table = (
        pd.DataFrame(dict(data)) if isinstance(data, Mapping) else _table(data, "data")
    )
    names = (drivers,) if isinstance(drivers, str) else tuple(drivers)
    if not names:
        raise ValueError("drivers is empty: name at least one size driver column")
    missing = [c for c in (target, *names) if c not in table.columns]
    if missing:
        raise ValueError(f"data is missing the column(s) {missing}")
    n, p = len(table), len(names) + 1
    if n <= p:
        raise ValueError(
            f"need more projects than coefficients to fit and measure the error: "
            f"{p} coefficients, {n} projects"
        )
    x = table[list(names)].to_numpy(dtype=float)
    y = table[target].to_numpy(dtype=float)
    _check_drivers(x, names, kind)
    bad = ~np.isfinite(y) | (y <= 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"target {target!r} row {table.index[i]}: expected a positive number, "
            f"got {y[i]!r}"
        )

    xs, ys = (np.log(x), np.log(y)) if kind == "power" else (x, y)
    design = np.column_stack([np.ones(n), xs])
    if np.linalg.matrix_rank(design) < p:
        raise ValueError(
            f"the drivers {list(names)} are constant or collinear: least squares "
            "cannot separate their effects"
        )
    beta, *_ = np.linalg.lstsq(design, ys, rcond=None)
    fit_resid = ys - design @ beta
    ssr = float(fit_resid @ fit_resid)
    sst = float(((ys - ys.mean()) ** 2).sum())
    r2 = 1.0 - ssr / sst if sst > 0 else math.nan

    constant = float(np.exp(beta[0])) if kind == "power" else float(beta[0])
    predicted = np.exp(design @ beta) if kind == "power" else design @ beta
    rel = np.abs(y - predicted) / y
    fitted = table[list(names)].copy()
    fitted["actual"] = y
    fitted["predicted"] = predicted
    fitted["residual"] = y - predicted
    fitted["relative_error"] = rel
    return ParametricModel(
        kind=kind,
        target=target,
        drivers=names,
        constant=constant,
        coefficients={d: float(b) for d, b in zip(names, beta[1:], strict=True)},
        r_squared=r2,
        standard_error=math.sqrt(ssr / (n - p)),
        mmre=float(rel.mean()),
        pred_25=float((rel <= 0.25).mean()),
        n=n,
        fitted=fitted,
    )


# --------------------------------------------------------------------------
# Three-point estimates (the formulas live in pmcourse.schedule)


def three_point_estimate(
    optimistic: Any,
    most_likely: Any,
    pessimistic: Any,
    *,
    method: Literal["pert", "triangular"] = "pert",
) -> tuple[Any, Any]:
    """Return the mean and standard deviation of a three-point cost estimate.

    - ``method="pert"`` (beta): ``mean = (o + 4m + p) / 6``,
      ``std = (p - o) / 6``;
    - ``method="triangular"``: ``mean = (o + m + p) / 3``,
      ``std = sqrt((o² + m² + p² - om - op - mp) / 18)``.

    The same formulas estimate durations: they are
    :func:`pmcourse.schedule.pert`, :func:`~pmcourse.schedule.triangular_mean`
    and :func:`~pmcourse.schedule.triangular_std`. Works elementwise on arrays.

    Parameters
    ----------
    optimistic, most_likely, pessimistic : float or array_like
        The three estimates, ``optimistic <= most_likely <= pessimistic``.
    method : {"pert", "triangular"}

    Returns
    -------
    mean, std : float or numpy.ndarray

    Raises
    ------
    ValueError
        If ``method`` is unknown or the estimates are out of order.

    Examples
    --------
    >>> three_point_estimate(40_000, 50_000, 90_000)
    (55000.0, 8333.333333333334)
    >>> mean, std = three_point_estimate(40_000, 50_000, 90_000, method="triangular")
    >>> round(mean), round(std)
    (60000, 10801)

    Used in: lesson 02, budgeting (estimating); exercise ps02.
    """
    if method == "pert":
        return pert(optimistic, most_likely, pessimistic)
    if method == "triangular":
        return (
            triangular_mean(optimistic, most_likely, pessimistic),
            triangular_std(optimistic, most_likely, pessimistic),
        )
    raise ValueError(f"method must be 'pert' or 'triangular', got {method!r}")


def three_point_costs(
    items: Table, *, method: Literal["pert", "triangular"] = "pert"
) -> pd.DataFrame:
    """Add the three-point mean, standard deviation and variance to cost items.

    The total of independent items is ``table["mean"].sum()`` with standard
    deviation ``sqrt(table["variance"].sum())`` (add variances, never
    standard deviations).

    Parameters
    ----------
    items : DataFrame or list of dict
        Rows with ``optimistic``, ``most_likely`` and ``pessimistic`` costs,
        each >= 0; other columns are kept.
    method : {"pert", "triangular"}

    Returns
    -------
    DataFrame
        A copy of the table with columns ``mean``, ``std`` and ``variance``.

    Raises
    ------
    ValueError
        If a column is missing, or naming the row whose costs are negative,
        not numbers or out of order.

    Examples
    --------
    >>> t = three_point_costs([
    ...     {"item": "design", "optimistic": 8, "most_likely": 10,
    ...      "pessimistic": 18},
    ...     {"item": "build", "optimistic": 20, "most_likely": 30,
    ...      "pessimistic": 52},
    ... ])
    >>> t[["item", "mean", "std"]]
         item  mean       std
    0  design  11.0  1.666667
    1   build  32.0  5.333333
    >>> float(t["mean"].sum()), round(float(np.sqrt(t["variance"].sum())), 3)
    (43.0, 5.588)

    Used in: lesson 02, budgeting (estimating); exercise ps02.
    """
    table = _table(items, "items").copy()
    cols = ("optimistic", "most_likely", "pessimistic")
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise ValueError(f"items table is missing the column(s) {missing}")
    values = {}
    for c in cols:
        x = pd.to_numeric(table[c], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(x) | (x < 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"row {table.index[i]}: {c} must be a cost >= 0, "
                f"got {table[c].iloc[i]!r}"
            )
        values[c] = x
    o, m, p = (values[c] for c in cols)
    rows = [f"row {label}:" for label in table.index]
    return with_estimates(table, o, m, p, rows=rows, method=method)
