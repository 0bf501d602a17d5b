"""Input checks shared by the business analysis modules."""

from __future__ import annotations

import numpy as np
import pandas as pd


def label(backlog: pd.DataFrame, i: int) -> str:
    """Name row ``i`` of a table for an error message: by id when it has one."""
    if "id" in backlog.columns:
        return f"row {i} (id {backlog['id'].iloc[i]!r})"
    return f"row {i}"


def numbers(backlog: pd.DataFrame, column: str, *, positive: bool) -> np.ndarray:
    """Return a column as floats, or raise naming the first bad row."""
    if column not in backlog.columns:
        raise ValueError(
            f"backlog needs a column {column!r}; it has {list(backlog.columns)}"
        )
    values = pd.to_numeric(backlog[column], errors="coerce").to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values <= 0 if positive else values < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        bound = "> 0" if positive else ">= 0"
        raise ValueError(
            f"{label(backlog, i)}: {column} must be a number {bound}, "
            f"got {backlog[column].iloc[i]!r}"
        )
    return values
