"""Shared input checks for the cost modules."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

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
