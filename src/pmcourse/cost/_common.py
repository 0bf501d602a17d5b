"""Shared input checks for the cost modules."""

from __future__ import annotations

import pandas as pd

from pmcourse.core.checks import Table, as_frame


def nonempty_table(data: Table, name: str) -> pd.DataFrame:
    """Return ``data`` as a DataFrame, refusing an empty one (``name`` says which).

    Examples
    --------
    >>> nonempty_table([], "wbs table")
    Traceback (most recent call last):
    ...
    ValueError: wbs table has no rows
    """
    table = as_frame(data)
    if table.empty:
        raise ValueError(f"{name} has no rows")
    return table
