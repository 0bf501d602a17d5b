"""Problem-solving tools for when a risk has become an issue: Pareto analysis.

When something keeps going wrong (defects, support tickets, late deliveries),
a lead first asks which few causes account for most of it. A Pareto table
sorts the causes by how often they occur and adds up their shares: the
"vital few" at the top usually explain most of the problem (the 80/20
pattern), so that is where a fix pays off first. The cause-and-effect
(fishbone) diagram and the five whys that help find those causes are drawn
and taught in lesson 05; :func:`pmcourse.plots.problem_solving.fishbone` draws one.

Used in: lesson 05, risk (problem-solving tools); exercise ps05.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["pareto"]


def pareto(
    counts: Mapping[str, float] | pd.Series, threshold: float = 0.8
) -> pd.DataFrame:
    """Sort causes by count and mark the vital few that reach a threshold share.

    ``share = count / total`` and ``cumulative_share`` is the running sum of
    the shares, largest cause first. The *vital few* are the fewest top
    causes whose cumulative share reaches ``threshold``: a cause belongs to
    them when the causes above it add up to less than the threshold.

    Parameters
    ----------
    counts : mapping or Series
        How often each cause occurred (or what it cost), by cause name; each
        >= 0, with a total above 0.
    threshold : float
        The cumulative share the vital few must reach, between 0 and 1
        (0.8 for the usual 80 %).

    Returns
    -------
    DataFrame
        Indexed by ``cause``, largest first (ties keep their given order),
        with ``count``, ``share``, ``cumulative_share`` and ``vital_few``.

    Raises
    ------
    ValueError
        If there are no causes, a count is negative or not a number (naming
        the cause), all counts are 0, or ``threshold`` is not in (0, 1].

    Examples
    --------
    >>> table = pareto({"late parts": 12, "wrong spec": 30, "test rig": 8,
    ...                 "staffing": 50})
    >>> table
                count  share  cumulative_share  vital_few
    cause
    staffing       50   0.50              0.50       True
    wrong spec     30   0.30              0.80       True
    late parts     12   0.12              0.92      False
    test rig        8   0.08              1.00      False

    Used in: lesson 05, risk (problem-solving tools); exercise ps05.
    """
    try:
        level = float(threshold)
    except (TypeError, ValueError):
        raise ValueError(
            f"threshold must be between 0 and 1, got {threshold!r}"
        ) from None
    if not 0 < level <= 1:
        raise ValueError(
            f"threshold must be between 0 and 1 (0.8 for 80 %), got {threshold!r}"
        )
    items = counts.items() if isinstance(counts, pd.Series) else dict(counts).items()
    names: list[str] = []
    values: list[Any] = []
    for name, value in items:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < 0:
            raise ValueError(
                f"cause {name!r}: count must be a number >= 0, got {value!r}"
            )
        names.append(str(name))
        values.append(value)
    if not names:
        raise ValueError("counts is empty: give at least one cause and its count")
    count = pd.Series(values, index=pd.Index(names, name="cause"), name="count")
    total = float(count.astype(float).sum())
    if total <= 0:
        raise ValueError("every count is 0: there is nothing to analyse")
    order = np.argsort(-count.astype(float).to_numpy(), kind="stable")
    count = count.iloc[order]
    share = count.astype(float) / total
    cumulative = share.cumsum()
    before = cumulative - share
    return pd.DataFrame(
        {
            "count": count,
            "share": share.round(12),
            "cumulative_share": cumulative.round(12),
            "vital_few": (before < level - 1e-12).to_numpy(),
        },
        index=count.index,
    )
