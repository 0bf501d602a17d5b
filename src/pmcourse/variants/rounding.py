"""Rounding as a person does it, and the verdict on a part's answers.

The judging half of :mod:`pmcourse.variants.spec`: how far a typed answer may
be from its key (:func:`half_unit`), how a person rounds (:func:`person_round`)
and what to tell a student whose answer is wrong (:func:`verdict`). It holds
no key: it reads the entries a specification (or the practice data) gives.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from typing import Any


def is_number(value: Any) -> bool:
    """Return whether a value is a real number (a bool is not).

    Examples
    --------
    >>> is_number(2.5), is_number(True), is_number("2")
    (True, False, False)
    """
    return isinstance(value, Real) and not isinstance(value, bool)


def plain(value: Any) -> Any:
    """Return a value as plain Python.

    Numpy scalars and arrays are unwrapped; a table becomes a dict of rows.

    Examples
    --------
    >>> import numpy as np
    >>> plain({"x": np.float64(1.5), "n": [np.int64(2)]})
    {'x': 1.5, 'n': [2]}
    """
    if hasattr(value, "columns") and hasattr(value, "to_dict"):
        return plain(value.to_dict(orient="index"))  # a table, as rows
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Integral) and not isinstance(value, bool):
        return int(value)
    if is_number(value):
        return float(value)
    return value


def half_unit(kind: str, value: float) -> float:
    """Return half the unit a person rounds a value of this kind to.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    value : float
        The value (money from 1,000 and ratios depend on its size).

    Returns
    -------
    float
        0 for kinds compared exactly.

    Examples
    --------
    >>> half_unit("money", 372_333.33), half_unit("money", 12.5)
    (0.5, 0.005)
    >>> half_unit("ratio", 0.9271), half_unit("days", 23.456)
    (0.0005, 0.005)
    """
    size = abs(float(value))
    if kind == "money":
        return 0.5 if size >= 1000 else 0.005
    if kind in ("days", "points"):
        return 0.005
    if kind in ("ratio", "probability"):
        if size == 0:
            return 0.0005
        return 0.5 * 10 ** (math.floor(math.log10(size)) - 2)
    return 0.0


def person_round(kind: str, value: Any) -> Any:
    """Round an answer as a person working by hand does (numbers in lists too).

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`.
    value : object
        The answer.

    Returns
    -------
    object
        Money to the cent (whole dollars from 1,000), days and points to
        hundredths, ratios and probabilities to three significant figures;
        other kinds unchanged.

    Examples
    --------
    >>> person_round("money", 372_333.3333), person_round("ratio", 0.92714)
    (372333.0, 0.927)
    >>> person_round("days", [1.234, 5.678])
    [1.23, 5.68]
    """
    if isinstance(value, list):
        return [person_round(kind, v) for v in value]
    if isinstance(value, Mapping):
        return {k: person_round(kind, v) for k, v in value.items()}
    if not is_number(value) or kind not in _ROUNDING:
        return value
    unit = 2 * half_unit(kind, value)
    return float(round(round(float(value) / unit) * unit, 12))


def _close(
    kind: str, got: Any, want: Any, low: float | None = None, high: float | None = None
) -> bool:
    if is_number(want):
        if not is_number(got) or not math.isfinite(float(got)):
            return False
        slack = 1e-9 * max(1.0, abs(float(want)))
        if low is None or high is None:
            half = half_unit(kind, float(want))
            low, high = float(want) - half, float(want) + half
        return low - slack <= float(got) <= high + slack
    if isinstance(want, Mapping):
        return (
            isinstance(got, Mapping)
            and {str(k) for k in got} == {str(k) for k in want}
            and all(_close(kind, _get(got, k), v) for k, v in want.items())
        )
    if isinstance(want, list):
        if kind == "id set":
            return isinstance(got, (list, tuple, set, frozenset)) and sorted(
                map(str, got)
            ) == sorted(map(str, want))
        return (
            isinstance(got, (list, tuple))
            and len(got) == len(want)
            and all(_close(kind, g, w) for g, w in zip(got, want, strict=True))
        )
    return bool(plain(got) == want)


def _mistake_said(entry: Mapping[str, Any], kind: str, got: Any, width: float) -> str:
    """Return the sentence of the listed mistake ``got`` matches, or ``""``."""
    for mistake in entry.get("mistakes", []):
        value = mistake["value"]
        if is_number(value) and is_number(got):
            if abs(float(got) - float(value)) <= width + half_unit(kind, value):
                return str(mistake["says"])
        elif _close(kind, got, value):
            return str(mistake["says"])
    return ""


def _normalised(normalise: Any, got: Any) -> Any:
    """Apply an answer's ``normalise`` to a label, or to each value of a dict/list."""
    if normalise is None:
        return got
    if isinstance(got, Mapping):
        return {k: _normalised(normalise, v) for k, v in got.items()}
    if isinstance(got, list):
        return [_normalised(normalise, v) for v in got]
    try:
        return normalise(got)
    except (ValueError, TypeError, AttributeError):
        return got


def _get(mapping: Mapping[Any, Any], key: Any) -> Any:
    for k, v in mapping.items():
        if str(k) == str(key):
            return v
    return None


def _shape_problem(entry: Mapping[str, Any], got: Any) -> str:
    key = entry["key"]
    if is_number(key) and not is_number(got):
        return f"expected a number, got {type(got).__name__}"
    if isinstance(key, list) and not isinstance(got, (list, tuple, set)):
        return f"expected a list, got {type(got).__name__}"
    if isinstance(key, Mapping) and not isinstance(got, Mapping):
        return f"expected a dict, got {type(got).__name__}"
    return ""


_ROUNDING = {
    "money": "to the cent (whole dollars from $1,000)",
    "days": "to hundredths of a day",
    "points": "to hundredths",
    "ratio": "to three significant figures",
    "probability": "to three significant figures",
}


def verdict(
    entries: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]
) -> list[str]:
    """Return what is wrong with a part's answers (empty: the part is right).

    Parameters
    ----------
    entries : sequence of dict
        The part's entries from :meth:`Spec.judge` (or the practice data).
    answers : mapping
        The student's names and values (a notebook's namespace).

    Returns
    -------
    list of str
        One sentence per wrong answer, naming the part and, where the value
        is a listed common mistake, the mistake; never the key.

    Examples
    --------
    >>> entry = {"name": "cpi", "kind": "ratio", "part": "Part 3", "key": 0.9271,
    ...          "mistakes": [{"name": "inverted", "value": 1.0786,
    ...                        "says": "this is AC / EV; CPI is EV / AC"}]}
    >>> verdict([entry], {"cpi": 0.927})
    []
    >>> verdict([entry], {"cpi": 1.079})
    ['Part 3, `cpi`: this is AC / EV; CPI is EV / AC.']
    >>> verdict([entry], {})
    ['Part 3, `cpi`: not defined; run the cell where you set it.']
    >>> kinds = {"name": "kinds", "kind": "label", "part": "Part 1",
    ...          "key": {"a": "project", "b": "program"}, "mistakes": []}
    >>> verdict([kinds], {"kinds": {"a": "project", "b": "portfolio"}})
    ['Part 1, `kinds`: 1 of 2 entries are not right for your numbers.']
    """
    problems = []
    for entry in entries:
        name, kind, part = entry["name"], entry["kind"], entry["part"]
        where = f"{part}, `{name}`"
        if name not in answers:
            problems.append(f"{where}: not defined; run the cell where you set it.")
            continue
        got = _normalised(entry.get("normalise"), plain(answers[name]))
        width = 0.0
        if "low" in entry:
            width = (entry["high"] - entry["low"]) / 2
        if "rule" in entry:
            # A custom judge: it says what is wrong, unless a listed mistake does.
            ruled = entry["rule"](got)
            if ruled:
                said = _mistake_said(entry, kind, got, width)
                problems.append(f"{where}: {said or ruled}.")
            continue
        if _close(kind, got, entry["key"], entry.get("low"), entry.get("high")):
            continue
        shape = _shape_problem(entry, got)
        if shape:
            problems.append(f"{where}: {shape}.")
            continue
        said = _mistake_said(entry, kind, got, width)
        wrong = _how_many_wrong(kind, got, entry["key"]) + "not right for your numbers"
        if said:
            problems.append(f"{where}: {said}.")
        elif kind in _ROUNDING:
            problems.append(f"{where}: {wrong} (checked {_ROUNDING[kind]}).")
        else:
            problems.append(f"{where}: {wrong}.")
    return problems


def _how_many_wrong(kind: str, got: Any, want: Any) -> str:
    """For a dict or list answer, how many of its entries are wrong (not which)."""
    if isinstance(want, Mapping) and isinstance(got, Mapping):
        wrong = sum(not _close(kind, _get(got, k), v) for k, v in want.items())
    elif (
        kind != "id set"
        and isinstance(want, list)
        and isinstance(got, (list, tuple))
        and len(got) == len(want)
    ):
        wrong = sum(not _close(kind, g, w) for g, w in zip(got, want, strict=True))
    else:
        return ""
    return f"{wrong} of {len(want)} entries are " if wrong else ""


__all__ = ["half_unit", "person_round", "verdict"]
