"""What every reader in :mod:`pmcourse.formats` shares.

One pattern for all readers: a reader returns a frozen dataclass holding its
tables, a ``skipped`` DataFrame and a ``warnings`` tuple.

- ``skipped`` has one row per piece of the file that was *not* used, with the
  columns ``where`` (the element or line, e.g. ``"Task UID 0"`` or
  ``"line 17"``), ``item`` (its id, when it has one) and ``reason`` (why it
  was left out). Nothing is dropped without a row here.
- ``warnings`` holds sentences about values that were used but converted
  with an assumption (an elapsed lag read as working time, for instance).
- Malformed input raises ``ValueError`` naming the file and the element or
  line, so the learner can open the file at the right place.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd

SKIPPED_COLUMNS = ["where", "item", "reason"]


class SkipLog:
    """Collect the rows a reader did not use, with the reason why."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(self, where: str, item: object, reason: str) -> None:
        """Record one skipped element or line."""
        text = "" if item is None else str(item)
        self.rows.append({"where": where, "item": text, "reason": reason})

    def frame(self) -> pd.DataFrame:
        """Return the log as a DataFrame with the columns where, item, reason."""
        return pd.DataFrame(self.rows, columns=SKIPPED_COLUMNS, dtype=object)


def file_label(path: str | os.PathLike[str]) -> str:
    """Return the file name used at the start of every error message."""
    return Path(path).name


def format_days(days: float) -> str:
    """Return a lag in days without exponent or trailing zeros (``2``, ``0.5``)."""
    text = f"{abs(days):.6f}".rstrip("0").rstrip(".")
    return text or "0"


def link_entry(pred_id: str, link_type: str, lag: float) -> str:
    """Return one predecessor entry in the ``ID:TYPE+LAG`` notation of ``cpm``.

    A plain finish-to-start link without lag is just the id.

    Examples
    --------
    >>> link_entry("3", "FS", 0.0), link_entry("3", "SS", 0.0)
    ('3', '3:SS')
    >>> link_entry("7", "FS", 1.0), link_entry("7", "FF", -0.5)
    ('7:FS+1', '7:FF-0.5')
    """
    lag = round(float(lag), 6)
    if lag == 0 or math.isclose(lag, 0.0, abs_tol=1e-9):
        return pred_id if link_type == "FS" else f"{pred_id}:{link_type}"
    sign = "+" if lag > 0 else "-"
    return f"{pred_id}:{link_type}{sign}{format_days(lag)}"
