"""MoSCoW prioritisation: normalise the labels and check the balance of a plan.

Must, Should, Could, Won't (this time), from DSDM. DSDM advises keeping the
Must items to no more than about 60 % of the planned effort (Agile Business
Consortium, *The DSDM Agile Project Framework*, 2014, chapter on MoSCoW), so
that the Should and Could items leave room to absorb surprises.

Used in: lesson 08, business analysis (MoSCoW); exercise ps08.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pmcourse.analysis._common import numbers

__all__ = ["MOSCOW", "MoscowCheck", "moscow_categories", "moscow_check"]

#: MoSCoW categories from most to least important.
MOSCOW: tuple[str, ...] = ("Must", "Should", "Could", "Won't")

_MOSCOW_ALIASES = {
    "must": "Must",
    "must have": "Must",
    "m": "Must",
    "should": "Should",
    "should have": "Should",
    "s": "Should",
    "could": "Could",
    "could have": "Could",
    "c": "Could",
    "won't": "Won't",
    "wont": "Won't",
    "won't have": "Won't",
    "will not": "Won't",
    "w": "Won't",
}


def moscow_categories(values: Iterable[Any]) -> pd.Series:
    """Normalise MoSCoW labels to ``Must``, ``Should``, ``Could``, ``Won't``.

    Accepts any case and the usual spellings: ``"must have"``, ``"M"``,
    ``"wont"``, ``"won't have"``, a curly apostrophe.

    Parameters
    ----------
    values : iterable
        The labels, one per backlog item.

    Returns
    -------
    pandas.Series
        The canonical labels (a Series keeps the input's index).

    Raises
    ------
    ValueError
        If a label is not a MoSCoW category (the message names its position).

    Examples
    --------
    >>> moscow_categories(["must", "Should have", "C", "Won’t"]).tolist()
    ['Must', 'Should', 'Could', "Won't"]

    Used in: lesson 08, business analysis (MoSCoW); exercise ps08.
    """
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(values)
    out = []
    for i, value in enumerate(series.tolist()):
        key = re.sub(r"\s+", " ", str(value).replace("’", "'")).strip().lower()
        if not isinstance(value, str) or key not in _MOSCOW_ALIASES:
            raise ValueError(
                f"row {i}: moscow {value!r} is not one of {', '.join(MOSCOW)}"
            )
        out.append(_MOSCOW_ALIASES[key])
    return pd.Series(out, index=series.index, name="moscow", dtype=object)


@dataclass(frozen=True)
class MoscowCheck:
    """The result of :func:`moscow_check`.

    Attributes
    ----------
    table : DataFrame
        Indexed by category (Must, Should, Could, Won't): ``items``,
        ``effort`` and ``share`` (of the planned effort, Won't excluded).
    must_share : float
        The Must items' share of the planned effort (0 to 1).
    must_limit : float
        The share above which the check warns.
    warnings : tuple of str
        One sentence per problem found; empty when the plan looks balanced.
    """

    table: pd.DataFrame
    must_share: float
    must_limit: float
    warnings: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when no warning was raised."""
        return not self.warnings


def moscow_check(
    backlog: pd.DataFrame,
    *,
    effort: str = "job_size",
    must_limit: float = 0.6,
    capacity: float | None = None,
) -> MoscowCheck:
    """Summarise a MoSCoW-labelled backlog and warn about an unsafe balance.

    The planned effort is that of the Must, Should and Could items. Warnings:

    - Must items above ``must_limit`` of it (DSDM's guidance: about 60 %):
      if estimates grow, there is too little lower-priority work to drop;
    - no Could items at all: no contingency;
    - Must items alone larger than ``capacity``: the release cannot succeed
      as planned.

    Parameters
    ----------
    backlog : DataFrame
        Columns ``moscow`` and ``effort`` (any label :func:`moscow_categories`
        accepts; effort >= 0).
    effort : str
        The effort column (job size, story points, days).
    must_limit : float
        Largest healthy Must share, between 0 and 1.
    capacity : float, optional
        Effort that fits in the release or timebox.

    Returns
    -------
    MoscowCheck
        The summary table, the Must share and the warnings.

    Raises
    ------
    ValueError
        For a missing column, an unknown category or effort value (naming the
        row), or a limit or capacity out of range.

    Examples
    --------
    >>> items = pd.DataFrame({"moscow": ["Must", "Must", "Should", "Could"],
    ...                       "job_size": [5, 3, 1, 1]})
    >>> check = moscow_check(items)
    >>> check.table.loc["Must"].tolist()
    [2.0, 8.0, 0.8]
    >>> check.ok, check.warnings[0][:36]
    (False, 'Must items take 80% of the planned e')

    Used in: lesson 08, business analysis (MoSCoW); exercise ps08.
    """
    if not isinstance(must_limit, int | float) or not 0 <= must_limit <= 1:
        raise ValueError(f"must_limit must be between 0 and 1, got {must_limit!r}")
    if "moscow" not in backlog.columns:
        raise ValueError(
            f"backlog needs a 'moscow' column; it has {list(backlog.columns)}"
        )
    table = backlog.reset_index(drop=True)
    category = moscow_categories(table["moscow"])
    size = pd.Series(numbers(table, effort, positive=False))
    rows = {
        c: {"items": float((category == c).sum()), "effort": size[category == c].sum()}
        for c in MOSCOW
    }
    summary = pd.DataFrame.from_dict(rows, orient="index").astype(float)
    planned = summary.loc[["Must", "Should", "Could"], "effort"].sum()
    summary["share"] = summary["effort"] / planned if planned > 0 else 0.0
    summary.loc["Won't", "share"] = 0.0
    must_share = float(summary.loc["Must", "share"])
    warnings = []
    if must_share > must_limit:
        warnings.append(
            f"Must items take {must_share:.0%} of the planned effort, above "
            f"{must_limit:.0%}: if estimates grow there is little lower-priority "
            "work to drop; agree which Must items are really Should"
        )
    if planned > 0 and summary.loc["Could", "items"] == 0:
        warnings.append("no Could items: the plan has no contingency to drop")
    if capacity is not None:
        if not isinstance(capacity, int | float) or not capacity >= 0:
            raise ValueError(f"capacity must be a number >= 0, got {capacity!r}")
        must = summary.loc["Must", "effort"]
        if must > capacity:
            warnings.append(
                f"Must items alone ({must:g}) exceed the capacity ({capacity:g}): "
                "the release cannot deliver its minimum as planned"
            )
    return MoscowCheck(summary, must_share, float(must_limit), tuple(warnings))
