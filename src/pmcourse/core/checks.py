"""Input checks shared across the library (private).

The pure modules accept a table as a DataFrame or as a list of dicts, and
numbers as anything ``float()`` reads; bad input raises a ``ValueError`` that
names the parameter and what was expected. These helpers are the one place
those rules live.

Used in: every lesson (through the modules that check their input).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

import pandas as pd

__all__ = ["Table", "as_frame", "is_whole", "number"]

#: A table given as a DataFrame or as rows (a list of dicts).
Table: TypeAlias = pd.DataFrame | Iterable[Mapping[str, Any]]


def as_frame(
    data: Table, *, copy: bool = False, what: str | None = None
) -> pd.DataFrame:
    """Return a table as a DataFrame, whatever form it came in.

    Parameters
    ----------
    data : DataFrame or iterable of dict
        The table.
    copy : bool
        Copy a DataFrame (so that the caller may change it); rows always
        make a new one.
    what : str, optional
        The parameter's name: if given, data that is not iterable raises a
        ``TypeError`` naming it.

    Returns
    -------
    DataFrame

    Raises
    ------
    TypeError
        If ``data`` is not iterable (naming ``what`` when given).

    Examples
    --------
    >>> as_frame([{"id": "A", "duration": 3}]).shape
    (1, 2)
    >>> as_frame(5, what="register")
    Traceback (most recent call last):
    ...
    TypeError: register must be a DataFrame or a list of dicts
    """
    if isinstance(data, pd.DataFrame):
        return data.copy() if copy else data
    if what is None:
        return pd.DataFrame(list(data))
    try:
        rows = list(data)
    except TypeError:
        raise TypeError(f"{what} must be a DataFrame or a list of dicts") from None
    return pd.DataFrame(rows)


def is_whole(value: Any, low: float = -math.inf) -> bool:
    """Return True if ``value`` is a whole number (not a bool) and ``>= low``.

    A whole number is an int or a float with nothing after the point
    (``3`` and ``3.0``, numpy's too); text, booleans, NaN and infinity are not.

    Examples
    --------
    >>> is_whole(3, 1), is_whole(3.0, 1), is_whole(2.5, 1), is_whole(True, 0)
    (True, True, False, False)
    >>> is_whole("3", 1), is_whole(None, 1), is_whole(0, 1), is_whole(-4)
    (False, False, False, True)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    if isinstance(value, numbers.Integral):
        return int(value) >= low
    return float(value).is_integer() and float(value) >= low


def number(
    value: Any,
    name: str,
    *,
    low: float = 0.0,
    strict: bool = False,
    high: float = math.inf,
    numeric_only: bool = False,
) -> float:
    """Return ``value`` as a finite float ``>= low`` (``> low`` if ``strict``).

    Parameters
    ----------
    value : object
        Anything ``float()`` reads (a number, or a numeric string).
    name : str
        The parameter's name, for the error message.
    low : float
        The lowest value allowed.
    strict : bool
        Whether ``low`` itself is refused.
    high : float
        The highest value allowed.
    numeric_only : bool
        Refuse text and booleans (``"3"``, ``True``): only real numbers pass.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``value`` is not a number, not finite, or below the bound; the
        message names ``name``.

    Examples
    --------
    >>> number("2.5", "rate"), number(0, "cost")
    (2.5, 0.0)
    >>> number(0, "capacity", strict=True)
    Traceback (most recent call last):
    ...
    ValueError: capacity must be a finite number > 0, got 0
    >>> number(0.5, "share", high=1), number(-2, "change", low=-math.inf)
    (0.5, -2.0)
    >>> number(True, "cost", numeric_only=True)
    Traceback (most recent call last):
    ...
    ValueError: cost must be a number, got True
    """
    if numeric_only and (
        isinstance(value, bool) or not isinstance(value, numbers.Real)
    ):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if math.isfinite(x) and low <= x <= high and not (strict and x == low):
        return x
    if math.isfinite(high):
        raise ValueError(
            f"{name} must be a finite number from {low:g} to {high:g}, got {value!r}"
        )
    if low == -math.inf:
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    bound = ">" if strict else ">="
    raise ValueError(f"{name} must be a finite number {bound} {low:g}, got {value!r}")
