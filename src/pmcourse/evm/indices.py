"""Earned value management: where a project stands and where it is heading.

Three numbers, measured at a status date, describe a project's progress
against its cost baseline:

- ``pv``, planned value: the budgeted cost of the work scheduled by now;
- ``ev``, earned value: the budgeted cost of the work actually done;
- ``ac``, actual cost: what that work really cost.

With ``bac``, the budget at completion, they give the variances and indices
``cv = ev - ac``, ``sv = ev - pv``, ``cpi = ev / ac``, ``spi = ev / pv``
(negative variances and indices below 1 are unfavourable) and the forecasts
``eac`` (estimate at completion), ``etc`` (estimate to complete), ``vac``
(variance at completion) and ``tcpi`` (to-complete performance index).

Division by zero. At the very start of a project PV, EV and AC are often 0.
Any ratio whose denominator is zero (``cpi`` when ``ac = 0``, ``spi`` when
``pv = 0``, the EACs that divide by a zero CPI, ``tcpi`` when ``ac = bac``) is
reported as ``nan`` rather than raising, so that a table of periods can start
at zero; :attr:`EVMResult.notes` then says in words why it is undefined.

:func:`interpret`, the reading of a result in words, is written in
:mod:`pmcourse.evm.reading` and importable from here.

Used in: lesson 04, earned value; exercise ps04.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.core.checks import number
from pmcourse.evm.reading import interpret

__all__ = [
    "EVMResult",
    "eac_with_etc",
    "evm",
    "forecast_duration",
    "status_table",
]

# Relative slack when comparing sums of floats with the BAC.
_TOL = 1e-9

_MEASURES = (
    "cv",
    "sv",
    "cpi",
    "spi",
    "eac",
    "eac_atypical",
    "eac_cpi_spi",
    "etc",
    "vac",
    "tcpi",
    "tcpi_eac",
    "percent_complete",
    "percent_spent",
)


def _ratio(num: Any, den: Any) -> np.ndarray:
    """Return ``num / den`` elementwise, ``nan`` where ``den`` is zero."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    safe = np.where(den == 0, 1.0, den)
    return np.where(den == 0, np.nan, num / safe)


def _measures(
    pv: Any, ev: Any, ac: Any, bac: Any, eac: Any = None
) -> dict[str, np.ndarray]:
    """Compute every EVM measure elementwise (the one place the formulas live)."""
    pv, ev, ac, bac = (np.asarray(x, dtype=float) for x in (pv, ev, ac, bac))
    with np.errstate(over="ignore"):  # a tiny index gives an infinite EAC
        return _formulas(pv, ev, ac, bac, eac)


def _formulas(
    pv: np.ndarray, ev: np.ndarray, ac: np.ndarray, bac: np.ndarray, eac: Any
) -> dict[str, np.ndarray]:
    cpi = _ratio(ev, ac)
    spi = _ratio(ev, pv)
    # A CPI of 0 (money spent, nothing earned) makes bac / cpi undefined too.
    cpi_nonzero = np.where(cpi == 0, np.nan, cpi)
    eac_cpi = bac / cpi_nonzero
    eac_used = eac_cpi if eac is None else np.asarray(eac, dtype=float)
    return {
        "cv": ev - ac,
        "sv": ev - pv,
        "cpi": cpi,
        "spi": spi,
        "eac": eac_used,
        "eac_atypical": ac + bac - ev,
        "eac_cpi_spi": ac + _ratio(bac - ev, cpi_nonzero * spi),
        "etc": eac_used - ac,
        "vac": bac - eac_used,
        "tcpi": _ratio(bac - ev, bac - ac),
        "tcpi_eac": _ratio(bac - ev, eac_used - ac),
        "percent_complete": ev / bac,
        "percent_spent": ac / bac,
    }


def _number(value: Any, name: str) -> float:
    x = number(value, name, low=-math.inf)  # the rule; EVM words the bound itself
    if x < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return x


def _check_against_bac(pv: float, ev: float, bac: float, where: str = "") -> None:
    if bac <= 0:
        raise ValueError(f"{where}bac must be > 0, got {bac!r}")
    slack = _TOL * bac
    if ev > bac + slack:
        raise ValueError(
            f"{where}ev ({ev:,.2f}) exceeds bac ({bac:,.2f}): the work earned "
            "cannot be worth more than the whole budget"
        )
    if pv > bac + slack:
        raise ValueError(
            f"{where}pv ({pv:,.2f}) exceeds bac ({bac:,.2f}): the planned value "
            "reaches the BAC at the planned finish and never goes beyond it"
        )


@dataclass(frozen=True)
class EVMResult:
    """The earned value measures of a project at one status date.

    Attributes
    ----------
    pv, ev, ac, bac : float
        The inputs.
    cv, sv : float
        Cost variance ``ev - ac`` and schedule variance ``ev - pv``.
    cpi, spi : float
        Cost performance index ``ev / ac``, schedule performance index
        ``ev / pv`` (``nan`` when the denominator is 0).
    eac : float
        Estimate at completion ``bac / cpi`` (current cost efficiency goes
        on), unless an EAC was given to :func:`evm`.
    eac_atypical : float
        ``ac + bac - ev``: the variance so far was a one-off.
    eac_cpi_spi : float
        ``ac + (bac - ev) / (cpi * spi)``: cost and schedule performance
        both persist.
    etc, vac : float
        Estimate to complete ``eac - ac``; variance at completion
        ``bac - eac``.
    tcpi : float
        Cost efficiency needed on the remaining work to finish on budget,
        ``(bac - ev) / (bac - ac)``.
    tcpi_eac : float
        The same to finish on the EAC, ``(bac - ev) / (eac - ac)``.
    percent_complete, percent_spent : float
        ``ev / bac`` and ``ac / bac``, as fractions.
    notes : tuple of str
        Why a measure is undefined or should be read with care.
    """

    pv: float
    ev: float
    ac: float
    bac: float
    cv: float
    sv: float
    cpi: float
    spi: float
    eac: float
    eac_atypical: float
    eac_cpi_spi: float
    etc: float
    vac: float
    tcpi: float
    tcpi_eac: float
    percent_complete: float
    percent_spent: float
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, float]:
        """Return the numeric measures as a dict (without the notes).

        Returns
        -------
        dict of str to float

        Examples
        --------
        >>> evm(pv=100, ev=100, ac=100, bac=400).to_dict()["cpi"]
        1.0

        Used in: lesson 04, earned value.
        """
        out = asdict(self)
        out.pop("notes")
        return out

    def reading(self, currency: str = "$") -> str:
        """Return a plain-language reading of these measures for learners.

        Parameters
        ----------
        currency : str
            Symbol written before amounts.

        Returns
        -------
        str

        Examples
        --------
        >>> print(evm(pv=100, ev=100, ac=100, bac=400).reading())
        On budget and on schedule. ...

        See :func:`interpret`. Used in: lesson 04, earned value.
        """
        return interpret(self, currency=currency)


def evm(
    pv: float, ev: float, ac: float, bac: float, *, eac: float | None = None
) -> EVMResult:
    """Compute the earned value measures at one status date.

    The formulas (PMI's, as on the CAPM formula sheets):
    ``cv = ev - ac``, ``sv = ev - pv``, ``cpi = ev / ac``, ``spi = ev / pv``,
    ``eac = bac / cpi``, ``eac_atypical = ac + bac - ev``,
    ``eac_cpi_spi = ac + (bac - ev) / (cpi * spi)``, ``etc = eac - ac``,
    ``vac = bac - eac``, ``tcpi = (bac - ev) / (bac - ac)``,
    ``tcpi_eac = (bac - ev) / (eac - ac)``, ``percent_complete = ev / bac``,
    ``percent_spent = ac / bac``.

    A ratio with a zero denominator is ``nan`` and explained in ``notes``
    (for example ``ac = 0`` before any cost is booked). Note that with the
    default ``eac = bac / cpi``, ``tcpi_eac`` always equals ``cpi``: to land
    on that forecast the team only has to keep its current efficiency.

    Parameters
    ----------
    pv, ev, ac : float
        Cumulative planned value, earned value and actual cost; >= 0.
    bac : float
        Budget at completion; > 0, with ``ev <= bac`` and ``pv <= bac``.
    eac : float, optional
        An estimate at completion to use instead of ``bac / cpi`` for
        ``eac``, ``etc``, ``vac`` and ``tcpi_eac``: for example a bottom-up
        forecast from :func:`eac_with_etc`, or a management-approved EAC.

    Returns
    -------
    EVMResult

    Raises
    ------
    ValueError
        If a value is negative or not a finite number (naming it), ``bac`` is
        not positive, or ``ev`` or ``pv`` exceeds ``bac``.

    Examples
    --------
    >>> r = evm(pv=50_000, ev=40_000, ac=45_000, bac=100_000)
    >>> r.cv, r.sv, round(r.cpi, 3), r.spi, r.eac
    (-5000.0, -10000.0, 0.889, 0.8, 112500.0)
    >>> r.etc, r.vac, round(r.tcpi, 4)
    (67500.0, -12500.0, 1.0909)
    >>> evm(pv=0, ev=0, ac=0, bac=100).notes[0]
    'CPI is undefined: no actual cost has been recorded yet (AC = 0).'

    Used in: lesson 04, earned value; exercise ps04.
    """
    pv_, ev_, ac_, bac_ = (
        _number(v, n) for v, n in ((pv, "pv"), (ev, "ev"), (ac, "ac"), (bac, "bac"))
    )
    _check_against_bac(pv_, ev_, bac_)
    eac_ = None if eac is None else _number(eac, "eac")
    m = {k: float(v) for k, v in _measures(pv_, ev_, ac_, bac_, eac_).items()}

    notes = []
    if ac_ == 0:
        notes.append("CPI is undefined: no actual cost has been recorded yet (AC = 0).")
    elif ev_ == 0:
        notes.append(
            "CPI is 0: money has been spent but no work has been earned yet, "
            "so the CPI-based forecasts (EAC = BAC / CPI) are undefined."
        )
    if pv_ == 0:
        notes.append("SPI is undefined: no work was planned by this date (PV = 0).")
    if eac_ is not None:
        notes.append(
            "EAC was given, not computed as BAC / CPI: ETC, VAC and TCPI(EAC) use it."
        )
    if ac_ >= bac_ and ev_ < bac_:
        notes.append(
            "The whole budget is spent (AC >= BAC) but work remains: finishing "
            "within the BAC is no longer possible, so TCPI is meaningless; use "
            "TCPI against a new EAC."
        )
    return EVMResult(pv=pv_, ev=ev_, ac=ac_, bac=bac_, **m, notes=tuple(notes))


def eac_with_etc(ac: float, etc_bottom_up: float) -> float:
    """Return the estimate at completion ``eac = ac + etc`` from a new estimate.

    Use it when the original estimate is judged flawed and the team has
    re-estimated the remaining work bottom-up. Pass the result to
    :func:`evm` as ``eac`` to get the matching ``vac`` and ``tcpi_eac``.

    Parameters
    ----------
    ac : float
        Actual cost to date; >= 0.
    etc_bottom_up : float
        The new estimate of the cost to complete the remaining work; >= 0.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If either value is negative or not finite.

    Examples
    --------
    >>> eac_with_etc(45_000, 70_000)
    115000.0
    >>> evm(50_000, 40_000, 45_000, 100_000, eac=eac_with_etc(45_000, 70_000)).vac
    -15000.0

    Used in: lesson 04, earned value.
    """
    return _number(ac, "ac") + _number(etc_bottom_up, "etc_bottom_up")


def forecast_duration(planned_duration: float, spi: float) -> float:
    """Return a rough forecast of the total duration, ``planned_duration / spi``.

    If the team keeps delivering work at the rate it has so far (the SPI),
    the whole project takes ``1 / spi`` times as long as planned. Read it as a
    first warning, not a date to promise: SPI is measured in money, not time,
    and it drifts back to 1 as the project nears its end (all the work is
    eventually earned, however late), so late in a project this forecast is
    too optimistic. Check it against the schedule's critical path.

    Parameters
    ----------
    planned_duration : float
        The planned duration (months, weeks or days); > 0.
    spi : float
        Cumulative schedule performance index; > 0.

    Returns
    -------
    float
        The forecast duration, in the unit of ``planned_duration``.

    Raises
    ------
    ValueError
        If either value is not a positive finite number.

    Examples
    --------
    >>> forecast_duration(12, 0.8)
    15.0

    Used in: lesson 04, earned value (the status dashboard).
    """
    duration = _number(planned_duration, "planned_duration")
    index = _number(spi, "spi")
    if duration <= 0:
        raise ValueError(f"planned_duration must be > 0, got {planned_duration!r}")
    if index <= 0:
        raise ValueError(f"spi must be > 0, got {spi!r}")
    return duration / index


_COLUMNS = ("period", "pv", "ev", "ac")


def status_table(
    periods: pd.DataFrame | Iterable[Mapping[str, Any]],
    bac: float,
    *,
    cumulative: bool = False,
) -> pd.DataFrame:
    """Turn a table of reporting periods into cumulative EVM measures per period.

    Each row is one reporting period with the value planned (``pv``), earned
    (``ev``) and spent (``ac``) in that period, or, with
    ``cumulative=True``, the running totals up to its end. The rows are
    sorted by ``period`` and accumulated; every period then gets the same
    measures as :func:`evm` computed on the cumulative values. ``ev`` and
    ``ac`` may be missing (NaN) in the last rows, after the status date:
    the planned value still runs to the end (the full S-curve) while the
    measures of those rows are NaN.

    Parameters
    ----------
    periods : DataFrame or list of dict
        Columns ``period``, ``pv``, ``ev`` and ``ac``; other columns are
        ignored.
    bac : float
        Budget at completion; > 0.
    cumulative : bool
        Whether ``pv``, ``ev`` and ``ac`` are already running totals.

    Returns
    -------
    DataFrame
        Indexed by ``period``, with the cumulative ``pv``, ``ev``, ``ac`` and
        the columns ``cv, sv, cpi, spi, eac, eac_atypical, eac_cpi_spi, etc,
        vac, tcpi, tcpi_eac, percent_complete, percent_spent``.

    Raises
    ------
    ValueError
        If a column is missing, a period is repeated, a value is not a
        number, ``ev`` or ``ac`` has a gap before a later reported value, or a
        cumulative value is negative or (for ``pv`` and ``ev``) above ``bac``;
        the message names the period and the column.

    Examples
    --------
    >>> table = status_table(
    ...     [{"period": 1, "pv": 20, "ev": 15, "ac": 18},
    ...      {"period": 2, "pv": 30, "ev": 25, "ac": 27},
    ...      {"period": 3, "pv": 50, "ev": None, "ac": None}],
    ...     bac=100,
    ... )
    >>> table[["pv", "ev", "ac", "cpi", "spi", "eac"]].round(3)
              pv    ev    ac    cpi  spi      eac
    period
    1       20.0  15.0  18.0  0.833 0.75  120.000
    2       50.0  40.0  45.0  0.889 0.80  112.500
    3      100.0   NaN   NaN    NaN  NaN      NaN

    Used in: lesson 04, earned value (S-curves and the status dashboard);
    exercise ps04.
    """
    bac_ = _number(bac, "bac")
    if bac_ <= 0:
        raise ValueError(f"bac must be > 0, got {bac!r}")
    table = periods if isinstance(periods, pd.DataFrame) else pd.DataFrame(periods)
    missing = [c for c in _COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"periods table is missing the column(s) {missing}; it needs "
            f"{list(_COLUMNS)}"
        )
    if table.empty:
        raise ValueError("periods table has no rows")
    dup = table["period"][table["period"].duplicated()]
    if len(dup):
        raise ValueError(f"period {dup.tolist()[0]!r} appears more than once")
    table = table.sort_values("period", kind="stable")
    labels = table["period"].tolist()

    values = {}
    for col in ("pv", "ev", "ac"):
        try:
            x = pd.to_numeric(table[col], errors="raise").to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"column {col!r} must hold numbers") from None
        bad = np.isinf(x) | (np.isnan(x) if col == "pv" else False)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"period {labels[i]!r}: {col} must be a finite number, got {x[i]!r}"
            )
        reported = ~np.isnan(x)
        if reported.any():
            last = int(np.flatnonzero(reported)[-1])
            gap = np.flatnonzero(~reported[: last + 1])
            if gap.size:
                raise ValueError(
                    f"period {labels[gap[0]]!r}: {col} is missing but a later period "
                    "reports it; only the periods after the status date may be empty"
                )
        values[col] = x if cumulative else np.cumsum(x)

    kind = "cumulative "
    for col in ("pv", "ev", "ac"):
        neg = np.flatnonzero(values[col] < 0)
        if neg.size:
            i = int(neg[0])
            raise ValueError(
                f"period {labels[i]!r}: {kind}{col} must be >= 0, "
                f"got {values[col][i]:g}"
            )
    for i, label in enumerate(labels):
        ev_i = values["ev"][i]
        _check_against_bac(
            values["pv"][i],
            0.0 if np.isnan(ev_i) else ev_i,
            bac_,
            where=f"period {label!r}: {kind}",
        )

    with np.errstate(invalid="ignore", divide="ignore"):
        measures = _measures(values["pv"], values["ev"], values["ac"], bac_)
    out = pd.DataFrame({**values, **measures}, index=pd.Index(labels, name="period"))
    return out[["pv", "ev", "ac", *_MEASURES]]
