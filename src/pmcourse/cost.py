"""Cost: estimating, reserves, the cost baseline and its time-phased S-curve.

Estimating techniques, from the quickest to the most detailed:

- *analogous*: scale a similar past project's cost by the size ratio;
- *parametric*: fit cost (or effort) against size drivers by least squares
  on past projects, then read new estimates off the fitted line or curve;
- *three-point*: mean and standard deviation from optimistic, most likely
  and pessimistic estimates (PERT or triangular);
- *bottom-up*: estimate the work packages of the WBS and add them up.

Reserves: the contingency reserve (for identified risks, "known unknowns") is
part of the cost baseline; the management reserve (for unidentified risks,
"unknown unknowns") is not. So ``cost baseline = estimates + contingency`` and
``budget = cost baseline + management reserve``. The baseline spread over the
schedule gives the planned value curve (the S-curve) that earned value
management (:mod:`pmcourse.evm`) measures against.

Used in: lesson 02, budgeting; exercise ps02.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from pmcourse.schedule import pert, triangular_mean, triangular_std

__all__ = [
    "CostBudget",
    "ParametricModel",
    "analogous_estimate",
    "contingency_reserve",
    "cost_budget",
    "fit_parametric",
    "management_reserve",
    "rollup_wbs",
    "three_point_costs",
    "three_point_estimate",
    "time_phased_baseline",
]

Table = pd.DataFrame | Iterable[Mapping[str, Any]]


def _table(data: Table, name: str) -> pd.DataFrame:
    table = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    if table.empty:
        raise ValueError(f"{name} has no rows")
    return table


def _positive(value: Any, name: str, *, allow_zero: bool = False) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(x) or x < 0 or (x == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be a finite number {bound}, got {value!r}")
    return x


# --------------------------------------------------------------------------
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
    cost = _positive(past_cost, "past_cost")
    ratio = _positive(new_size, "new_size") / _positive(past_size, "past_size")
    adj = _positive(adjustment, "adjustment")
    b = _positive(exponent, "exponent")
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
    order = np.flatnonzero((o > m) | (m > p))
    if order.size:
        i = int(order[0])
        raise ValueError(
            f"row {table.index[i]}: needs optimistic <= most_likely <= pessimistic, "
            f"got {o[i]:g}, {m[i]:g}, {p[i]:g}"
        )
    mean, std = three_point_estimate(o, m, p, method=method)
    table["mean"] = np.asarray(mean, dtype=float)
    table["std"] = np.asarray(std, dtype=float)
    table["variance"] = table["std"] ** 2
    return table


# --------------------------------------------------------------------------
# Bottom-up: rolling up a WBS

_WBS_CODE = re.compile(r"^\d+(\.\d+)*$")


def _wbs_code(value: Any, label: Any, column: str) -> str:
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (float, np.floating)):
        raise ValueError(
            f"row {label}: {column} code {value!r} must be text such as '1.2.3' "
            "(stored as a number, 1.10 would read as 1.1)"
        )
    text = str(value).strip()
    if not _WBS_CODE.match(text):
        raise ValueError(
            f"row {label}: {column} code {value!r} is not a dotted code "
            "such as '1', '1.2' or '1.2.3'"
        )
    return text


def rollup_wbs(wbs: Table, *, code: str = "wbs", cost: str = "cost") -> pd.DataFrame:
    """Add up work-package costs through a work breakdown structure.

    Each row is a WBS element with a dotted code (``1``, ``1.2``, ``1.2.3``):
    the parent of ``1.2.3`` is ``1.2``. Costs are estimated on the leaves
    (work packages); every parent's cost becomes the sum of its children's.
    A parent's cost may be left empty, or given if it equals that sum (so a
    rolled-up table rolls up to itself).

    Parameters
    ----------
    wbs : DataFrame or list of dict
        The WBS table; other columns (a name, an owner) are kept.
    code : str
        Column with the dotted codes (text).
    cost : str
        Column with the costs.

    Returns
    -------
    DataFrame
        Indexed by code in WBS order (``1.2`` before ``1.10``), with the
        original columns, ``cost`` rolled up, and ``level`` (1 for ``1``,
        2 for ``1.2``, ...), ``parent`` (None at level 1) and ``leaf``.

    Raises
    ------
    ValueError
        Naming the row: a malformed or repeated code, a parent missing from
        the table, a leaf without a cost, a negative cost, or a parent cost
        that differs from the sum of its children.

    Examples
    --------
    >>> t = rollup_wbs([
    ...     {"wbs": "1", "name": "House"},
    ...     {"wbs": "1.1", "name": "Foundation", "cost": 20_000},
    ...     {"wbs": "1.2", "name": "Frame"},
    ...     {"wbs": "1.2.1", "name": "Walls", "cost": 30_000},
    ...     {"wbs": "1.2.2", "name": "Roof", "cost": 15_000},
    ... ])
    >>> t[["name", "level", "cost"]]
                 name  level     cost
    wbs
    1           House      1  65000.0
    1.1    Foundation      2  20000.0
    1.2         Frame      2  45000.0
    1.2.1       Walls      3  30000.0
    1.2.2        Roof      3  15000.0

    Used in: lesson 02, budgeting (bottom-up estimating); lesson 03 (the WBS);
    exercise ps02.
    """
    table = _table(wbs, "wbs table")
    for c in (code, cost):
        if c not in table.columns:
            raise ValueError(f"wbs table is missing the column {c!r}")
    labels = list(table.index)
    codes = [
        _wbs_code(v, label, code) for v, label in zip(table[code], labels, strict=True)
    ]
    row_of: dict[str, Any] = {}
    for c, label in zip(codes, labels, strict=True):
        if c in row_of:
            raise ValueError(
                f"row {label}: {code} '{c}' repeats row {row_of[c]}; codes must be "
                "unique"
            )
        row_of[c] = label
    parents = [c.rpartition(".")[0] or None for c in codes]
    for c, parent, label in zip(codes, parents, labels, strict=True):
        if parent is not None and parent not in row_of:
            raise ValueError(
                f"row {label} ({code} '{c}'): its parent '{parent}' is not in the "
                "table; add the parent element"
            )
    has_child = set(p for p in parents if p is not None)

    raw = pd.to_numeric(table[cost], errors="coerce").to_numpy(dtype=float)
    given = {}
    for c, value, original, label in zip(codes, raw, table[cost], labels, strict=True):
        missing = bool(np.ndim(original) == 0 and pd.isna(original))
        if not missing and not math.isfinite(value):
            raise ValueError(
                f"row {label} ({code} '{c}'): cost must be a number, got {original!r}"
            )
        if not missing and value < 0:
            raise ValueError(
                f"row {label} ({code} '{c}'): cost must be >= 0, got {original!r}"
            )
        if missing and c not in has_child:
            raise ValueError(
                f"row {label} ({code} '{c}'): a work package (leaf) needs a cost"
            )
        given[c] = None if missing else value

    total = {c: (given[c] if c not in has_child else 0.0) for c in codes}
    for c in sorted(codes, key=lambda s: s.count("."), reverse=True):
        parent = c.rpartition(".")[0]
        if c in has_child and given[c] is not None:
            if not math.isclose(given[c], total[c], rel_tol=1e-9, abs_tol=1e-9):
                raise ValueError(
                    f"row {row_of[c]} ({code} '{c}'): cost {given[c]:,.2f} differs "
                    f"from the sum of its children ({total[c]:,.2f}); leave a "
                    "parent's cost empty to have it rolled up"
                )
        if parent:
            total[parent] += total[c]

    out = table.copy()
    out[code] = codes
    out[cost] = [total[c] for c in codes]
    out["level"] = [c.count(".") + 1 for c in codes]
    out["parent"] = pd.Series(parents, index=out.index, dtype=object)
    out["leaf"] = [c not in has_child for c in codes]
    out = out.set_index(code)
    order = sorted(out.index, key=lambda s: tuple(int(k) for k in s.split(".")))
    return out.loc[order]


# --------------------------------------------------------------------------
# Reserves, baseline and budget


def contingency_reserve(
    *,
    emv: float | Sequence[float] | None = None,
    percent: float | None = None,
    base_cost: float | None = None,
) -> float:
    """Size the contingency reserve for identified risks, one of two ways.

    - From the risk register: ``emv`` is the expected monetary value of the
      identified risks (one total or one value per risk, as
      :mod:`pmcourse.risk` computes it, with threats negative and
      opportunities positive). The reserve covers the net expected cost,
      ``max(0, -sum(emv))``.
    - As a percentage of the estimates: ``percent * base_cost`` (``percent``
      as a fraction: 0.1 is 10 %).

    Parameters
    ----------
    emv : float or sequence of float, optional
        Total EMV of the register, or each risk's EMV.
    percent : float, optional
        Fraction of ``base_cost``; >= 0.
    base_cost : float, optional
        The summed cost estimates; >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Unless exactly one way is given (``emv``, or ``percent`` with
        ``base_cost``), or if a value is negative or not finite.

    Examples
    --------
    >>> contingency_reserve(emv=[-0.2 * 50_000, -0.5 * 10_000, 0.1 * 20_000])
    13000.0
    >>> contingency_reserve(percent=0.10, base_cost=400_000)
    40000.0

    Used in: lesson 02, budgeting (reserves); lesson 05, risk.
    """
    if (emv is None) == (percent is None):
        raise ValueError(
            "give either emv (from the risk register) or percent with base_cost"
        )
    if emv is not None:
        if base_cost is not None:
            raise ValueError("base_cost is only used with percent, not with emv")
        values = np.asarray(emv, dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"emv must hold finite numbers, got {values.tolist()!r}")
        return max(0.0, -float(values.sum()))
    if base_cost is None:
        raise ValueError("percent needs base_cost, the summed estimates")
    return _positive(percent, "percent", allow_zero=True) * _positive(
        base_cost, "base_cost", allow_zero=True
    )


def management_reserve(cost_baseline: float, percent: float) -> float:
    """Size the management reserve as a percentage of the cost baseline.

    ``management reserve = percent * cost baseline``, for risks nobody has
    identified. It sits outside the cost baseline (earned value is not
    measured against it) and releasing it needs management approval.

    Parameters
    ----------
    cost_baseline : float
        Estimates plus contingency reserve; >= 0.
    percent : float
        Fraction of the baseline (0.05 is 5 %); >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a value is negative or not finite.

    Examples
    --------
    >>> management_reserve(440_000, 0.05)
    22000.0

    Used in: lesson 02, budgeting (reserves).
    """
    return _positive(cost_baseline, "cost_baseline", allow_zero=True) * _positive(
        percent, "percent", allow_zero=True
    )


@dataclass(frozen=True)
class CostBudget:
    """How a project budget is built up.

    Attributes
    ----------
    estimates : float
        Sum of the activity or work-package cost estimates.
    contingency_reserve : float
        Reserve for identified risks (inside the baseline).
    cost_baseline : float
        ``estimates + contingency_reserve``: what performance is measured
        against (the BAC).
    management_reserve : float
        Reserve for unidentified risks (outside the baseline).
    budget : float
        ``cost_baseline + management_reserve``: the total funds authorised.
    """

    estimates: float
    contingency_reserve: float
    cost_baseline: float
    management_reserve: float
    budget: float

    def to_dict(self) -> dict[str, float]:
        """Return the amounts as a dict.

        Returns
        -------
        dict of str to float

        Examples
        --------
        >>> cost_budget([100, 50], contingency=15).to_dict()["cost_baseline"]
        165.0

        Used in: lesson 02, budgeting (cost baseline).
        """
        return asdict(self)


def cost_budget(
    estimates: float | Sequence[float],
    *,
    contingency: float = 0.0,
    management_reserve: float = 0.0,
) -> CostBudget:
    """Build the cost baseline and the project budget from estimates and reserves.

    ``cost baseline = sum(estimates) + contingency`` and
    ``budget = cost baseline + management reserve``.

    Parameters
    ----------
    estimates : float or sequence of float
        Cost estimates (work packages or activities); each >= 0.
    contingency : float
        Contingency reserve, e.g. from :func:`contingency_reserve`; >= 0.
    management_reserve : float
        Management reserve, e.g. from the function of that name; >= 0.

    Returns
    -------
    CostBudget

    Raises
    ------
    ValueError
        If an estimate or reserve is negative or not finite (naming it).

    Examples
    --------
    >>> b = cost_budget([250_000, 150_000], contingency=40_000,
    ...                 management_reserve=22_000)
    >>> b.cost_baseline, b.budget
    (440000.0, 462000.0)

    Used in: lesson 02, budgeting (cost baseline); exercise ps02.
    """
    values = np.atleast_1d(np.asarray(estimates, dtype=float))
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"estimates[{i}] must be a cost >= 0, got {values[i]!r}")
    total = float(values.sum())
    cr = _positive(contingency, "contingency", allow_zero=True)
    mr = _positive(management_reserve, "management_reserve", allow_zero=True)
    return CostBudget(
        estimates=total,
        contingency_reserve=cr,
        cost_baseline=total + cr,
        management_reserve=mr,
        budget=total + cr + mr,
    )


# --------------------------------------------------------------------------
# Time-phased cost baseline (the S-curve)


def time_phased_baseline(
    schedule: pd.DataFrame,
    costs: Mapping[str, float] | pd.Series | None = None,
    *,
    period: float = 1.0,
) -> pd.DataFrame:
    """Spread task costs over the schedule: planned value per period (S-curve).

    Each task's cost is spread evenly from its early start ``es`` to its
    early finish ``ef`` (the plan the baseline records). A zero-duration task
    (a milestone payment) puts its whole cost in the period containing its
    date; one dated exactly at the project finish goes in the last period.
    Period ``k`` covers ``[k * period, (k + 1) * period)``, counting from
    the project start at 0.

    Parameters
    ----------
    schedule : DataFrame
        A :func:`pmcourse.schedule.cpm` result (indexed by task id) or any
        table with ``es`` and ``ef`` and task ids in the index or an ``id``
        column; a ``cost`` column is used when ``costs`` is not given.
    costs : mapping or Series, optional
        Cost of each task, by id; every task needs one (0 if it costs
        nothing), each >= 0.
    period : float
        Length of a period in schedule time units (1 for days, 7 for weeks
        when durations are in days); > 0.

    Returns
    -------
    DataFrame
        Indexed by ``period`` (0, 1, ...), with ``start`` and ``end`` of each
        period, ``pv`` (cost planned in the period) and ``cumulative_pv``
        (the S-curve; its last value is the total cost).

    Raises
    ------
    ValueError
        If ``es`` or ``ef`` is missing or ``ef < es`` (naming the task), a
        task has no cost or a negative one, or ``costs`` names an unknown
        task.

    Examples
    --------
    >>> import pandas as pd
    >>> sched = pd.DataFrame({"es": [0.0, 2.0, 4.0], "ef": [2.0, 4.0, 4.0]},
    ...                      index=pd.Index(["A", "B", "M"], name="id"))
    >>> time_phased_baseline(sched, {"A": 100, "B": 300, "M": 50}, period=1)
            start  end     pv  cumulative_pv
    period
    0         0.0  1.0   50.0           50.0
    1         1.0  2.0   50.0          100.0
    2         2.0  3.0  150.0          250.0
    3         3.0  4.0  200.0          450.0

    Used in: lesson 02, budgeting (cost baseline); lesson 04, earned value
    (the S-curve); exercise ps04.
    """
    if not isinstance(schedule, pd.DataFrame):
        schedule = pd.DataFrame(list(schedule))
    for col in ("es", "ef"):
        if col not in schedule.columns:
            raise ValueError(
                f"schedule is missing the column {col!r}; pass a cpm() result"
            )
    ids = (
        [str(i) for i in schedule["id"]]
        if "id" in schedule.columns
        else [str(i) for i in schedule.index]
    )
    if len(set(ids)) != len(ids):
        raise ValueError("schedule has repeated task ids")
    step = _positive(period, "period")
    es = pd.to_numeric(schedule["es"], errors="coerce").to_numpy(dtype=float)
    ef = pd.to_numeric(schedule["ef"], errors="coerce").to_numpy(dtype=float)
    for i, task in enumerate(ids):
        if not (math.isfinite(es[i]) and math.isfinite(ef[i])) or es[i] < 0:
            raise ValueError(
                f"task '{task}': es and ef must be numbers >= 0, got "
                f"{es[i]!r} and {ef[i]!r}"
            )
        if ef[i] < es[i]:
            raise ValueError(f"task '{task}': ef ({ef[i]:g}) is before es ({es[i]:g})")

    if costs is None:
        if "cost" not in schedule.columns:
            raise ValueError("give costs, or a 'cost' column in the schedule")
        by_id = dict(zip(ids, schedule["cost"], strict=True))
    else:
        by_id = {str(k): v for k, v in dict(costs).items()}
        unknown = sorted(set(by_id) - set(ids))
        if unknown:
            raise ValueError(f"costs names task(s) not in the schedule: {unknown}")
    amount = np.empty(len(ids))
    for i, task in enumerate(ids):
        if task not in by_id:
            raise ValueError(f"task '{task}' has no cost; give 0 if it costs nothing")
        value = by_id[task]
        try:
            amount[i] = float(value)
        except (TypeError, ValueError):
            amount[i] = math.nan
        if not math.isfinite(amount[i]) or amount[i] < 0:
            raise ValueError(f"task '{task}': cost must be >= 0, got {value!r}")

    finish = float(ef.max()) if len(ef) else 0.0
    n = max(1, math.ceil(finish / step - 1e-9))
    bounds = np.arange(n + 1) * step
    duration = ef - es
    spread = duration > 0
    # Share of each task's cost spent by each boundary: a ramp from es to ef
    # for a task with duration, a step just after its date for a milestone.
    with np.errstate(divide="ignore", invalid="ignore"):
        ramp = (bounds[np.newaxis, :] - es[:, np.newaxis]) / np.where(
            spread, duration, 1.0
        )[:, np.newaxis]
    share = np.where(
        spread[:, np.newaxis],
        np.clip(ramp, 0.0, 1.0),
        (bounds[np.newaxis, :] > es[:, np.newaxis]).astype(float),
    )
    share[:, -1] = 1.0  # everything is spent by the end of the last period
    cumulative = amount @ share
    return pd.DataFrame(
        {
            "start": bounds[:-1],
            "end": bounds[1:],
            "pv": np.diff(cumulative),
            "cumulative_pv": cumulative[1:],
        },
        index=pd.RangeIndex(n, name="period"),
    )
