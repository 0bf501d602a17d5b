"""How the course writes numbers for a learner: money, days, percentages.

One rule each, used by the readings of the library, the widgets, the charts
and the question bank alike, so that ``$12,345``, ``1 day`` and ``84.1%``
look the same everywhere. Only text is rounded here, never a number a
computation goes on with.

Used in: every lesson (through the modules that write numbers in words).
"""

from __future__ import annotations

import math

__all__ = ["days", "money", "number_text", "percent"]


def number_text(x: float) -> str:
    """Format a number without a trailing ``.0``.

    Parameters
    ----------
    x : float
        A day count, an amount or a float.

    Returns
    -------
    str

    Examples
    --------
    >>> number_text(4.0), number_text(2.5), number_text(-3)
    ('4', '2.5', '-3')
    """
    return f"{x:g}"


def money(x: float, currency: str = "$", *, millions: bool = True) -> str:
    """Format an amount of money: whole units, large amounts in millions.

    Forecasts are estimates, so cents would claim a precision they do not
    have. Amounts are rounded to whole units with thousands separators; from
    one million up, unless ``millions`` is false, they are given in millions
    to three significant figures.

    Parameters
    ----------
    x : float
        The amount.
    currency : str
        Symbol written before the amount.
    millions : bool
        Whether amounts of a million or more are written in millions.

    Returns
    -------
    str
        For example ``"$112,500"``, ``"-$45,313"`` or ``"$1.16 million"``;
        ``"n/a"`` for NaN (a measure that is undefined).

    Raises
    ------
    ValueError
        If ``x`` is infinite.

    Examples
    --------
    >>> money(112_500), money(-45_312.6), money(1_164_735.55), money(0.4)
    ('$112,500', '-$45,313', '$1.16 million', '$0')
    >>> money(23_400_000, currency="€"), money(float("nan"))
    ('€23.4 million', 'n/a')
    >>> money(1_164_735.55, millions=False)
    '$1,164,736'
    """
    x = float(x)
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        raise ValueError(f"x must be a finite amount or NaN, got {x!r}")
    units = abs(round(x))
    sign = "-" if x < 0 and units else ""
    if millions and units >= 1_000_000:
        in_millions = abs(x) / 1e6
        shown = f"{in_millions:.3g}" if in_millions < 999.5 else f"{in_millions:,.0f}"
        return f"{sign}{currency}{shown} million"
    return f"{sign}{currency}{units:,}"


def days(n: float) -> str:
    """Format a number of days with its unit, singular for exactly one.

    Parameters
    ----------
    n : float
        The number of days.

    Returns
    -------
    str

    Examples
    --------
    >>> days(1), days(2.5), days(12.0)
    ('1 day', '2.5 days', '12 days')
    """
    return f"{number_text(n)} day" if n == 1 else f"{number_text(n)} days"


def percent(x: float, decimals: int = 1) -> str:
    """Format a fraction as a percentage: ``0.841`` is ``84.1%``.

    Parameters
    ----------
    x : float
        The fraction (1 is 100 %).
    decimals : int
        Decimals shown.

    Returns
    -------
    str

    Examples
    --------
    >>> percent(0.8413), percent(0.5, decimals=0)
    ('84.1%', '50%')
    """
    return f"{100 * float(x):.{decimals}f}%"
