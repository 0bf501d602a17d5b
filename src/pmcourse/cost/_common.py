"""Shared input checks for the cost modules."""

from __future__ import annotations

import pandas as pd

from pmcourse.core.checks import Table, as_frame


def _table(data: Table, name: str) -> pd.DataFrame:
    table = as_frame(data)
    if table.empty:
        raise ValueError(f"{name} has no rows")
    return table
