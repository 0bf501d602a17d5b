"""Read task tables: ids, numeric columns and predecessor entries (private).

The checks every scheduling function shares, so that a bad table is refused
the same way everywhere, naming the task and the column: a table given as a
DataFrame or a list of dicts (:func:`records`), unique non-empty ids
(:func:`task_ids`), numeric columns (:func:`numeric_column`) and predecessor
entries in the ``ID[:TYPE[+LAG|-LAG]]`` notation (:func:`parse_link`,
:func:`entries`). :mod:`pmcourse.schedule._network` builds networks from
them.

Used in: lesson 03, scheduling; lesson 05, risk.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: The link types, in the order of their index in a network.
LINK_TYPES = ("FS", "SS", "FF", "SF")

_LINK_RE = re.compile(
    r"^\s*(?P<id>[^:]+?)\s*(?::\s*(?P<type>[A-Za-z]{2})\s*"
    r"(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d*)?|\.\d+)\s*[dD]?)?)?\s*$"
)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return False


def records(tasks: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Return the task table as a DataFrame, whatever form it came in.

    Parameters
    ----------
    tasks : DataFrame or iterable of dict
        A task table.

    Returns
    -------
    DataFrame
        The same table (not copied when it already was a DataFrame).

    Raises
    ------
    TypeError
        If ``tasks`` is neither a DataFrame nor a list of dicts.
    """
    if isinstance(tasks, pd.DataFrame):
        return tasks
    if isinstance(tasks, (str, bytes)) or not isinstance(tasks, Iterable):
        raise TypeError(
            "tasks must be a DataFrame or a list of dicts with 'id', 'duration' "
            f"and 'predecessors', got {type(tasks).__name__}"
        )
    rows = list(tasks)
    for i, row in enumerate(rows):
        if type(row) is not dict and not isinstance(row, Mapping):
            raise TypeError(
                f"tasks row {i} must be a dict with 'id', 'duration' and "
                f"'predecessors', got {type(row).__name__}"
            )
    keys = dict.fromkeys(rows[0]) if rows else {}
    if set().union(*rows) - keys.keys():  # rows with other keys: keep their order
        keys = dict.fromkeys(k for row in rows for k in row)
    # column by column is several times faster than pandas' list-of-dicts path
    return pd.DataFrame({k: [row.get(k) for row in rows] for k in keys})


def task_ids(table: pd.DataFrame) -> list[str]:
    """Return the task ids of a table as strings, checking they are unique.

    The ids come from an ``id`` column or, failing that, from an index named
    ``id`` (a :func:`pmcourse.schedule.cpm` result).

    Raises
    ------
    ValueError
        If there is no id column, an id is empty or an id is repeated.
    """
    if "id" in table.columns:
        raw = table["id"].tolist()
    elif table.index.name == "id":
        raw = table.index.tolist()
    else:
        raise ValueError(
            "tasks table is missing the column 'id' "
            f"(columns: {', '.join(map(str, table.columns)) or 'none'})"
        )
    if all(type(v) is str for v in raw):  # fast path: the usual case
        ids = [v.strip() for v in raw]
        if all(ids) and len(set(ids)) == len(ids):
            return ids
    ids = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        if _is_missing(value) or str(value).strip() == "":
            raise ValueError(f"task in row {i} has an empty id")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        tid = str(value).strip()
        if tid in seen:
            raise ValueError(f"task id '{tid}' appears more than once")
        seen.add(tid)
        ids.append(tid)
    return ids


def numeric_column(
    table: pd.DataFrame, column: str, ids: Sequence[str], *, allow_negative=False
) -> np.ndarray:
    """Return a column as floats, naming the task and column of any bad value.

    Raises
    ------
    ValueError
        If the column is missing, or a value is not a finite number (or is
        negative when ``allow_negative`` is false).
    """
    if column not in table.columns:
        raise ValueError(
            f"tasks table is missing the column '{column}' "
            f"(columns: {', '.join(map(str, table.columns))})"
        )
    col = table[column]
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        fast = col.to_numpy(dtype=float)
        if np.isfinite(fast).all() and (allow_negative or (fast >= 0).all()):
            return fast
    values = col.tolist()
    out = np.empty(len(values), dtype=float)
    for i, (tid, value) in enumerate(zip(ids, values, strict=True)):
        if _is_missing(value):
            raise ValueError(f"task '{tid}' has no {column} (the cell is empty)")
        try:
            if isinstance(value, bool):
                raise TypeError
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"task '{tid}' has a {column} that is not a number: {value!r}"
            ) from None
        if not math.isfinite(number):
            raise ValueError(f"task '{tid}' has no {column} (got {value!r})")
        if number < 0 and not allow_negative:
            raise ValueError(
                f"task '{tid}' has a negative {column} ({value!r}); "
                f"a {column} must be 0 or more"
            )
        out[i] = number
    return out


def parse_link(text: str, task: str) -> tuple[str, int, float]:
    """Parse one predecessor entry such as ``A``, ``A:SS`` or ``A:FS+2``.

    Parameters
    ----------
    text : str
        The entry.
    task : str
        The task that lists it (named in errors).

    Returns
    -------
    tuple
        ``(predecessor id, link type index, lag)``.

    Raises
    ------
    ValueError
        If the entry does not follow ``ID[:TYPE[+LAG|-LAG]]``.
    """
    m = _LINK_RE.match(text)
    if not m:
        raise ValueError(
            f"task '{task}' has a predecessor entry {text!r} that is not of the "
            "form ID, ID:TYPE or ID:TYPE+LAG (TYPE one of FS, SS, FF, SF)"
        )
    kind = (m["type"] or "FS").upper()
    if kind not in LINK_TYPES:
        raise ValueError(
            f"task '{task}' has a predecessor entry {text!r} with link type "
            f"'{m['type']}'; expected one of FS, SS, FF, SF"
        )
    lag = float(m["lag"]) if m["lag"] else 0.0
    if m["sign"] == "-":
        lag = -lag
    return m["id"].strip(), LINK_TYPES.index(kind), lag


def entries(value: Any, task: str) -> list[str]:
    """Return one task's predecessor entries as a list of stripped strings."""
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return [p for p in (s.strip() for s in value.split(",")) if p]
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Series)):
        out = []
        for p in value:
            if _is_missing(p):
                continue
            if isinstance(p, float) and p.is_integer():
                p = int(p)
            if str(p).strip():
                out.append(str(p).strip())
        return out
    if isinstance(value, (int, np.integer)):
        return [str(value)]
    raise ValueError(
        f"task '{task}' has predecessors of type {type(value).__name__}; expected "
        "a list of ids or a comma-separated string"
    )
