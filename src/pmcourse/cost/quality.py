"""Cost of quality: what a project spends to get quality right, and to fix it.

The cost of quality (COQ) sorts every quality-related cost into four
categories, two that buy conformance and two that pay for its absence:

- ``prevention``: keeping defects from being made (training, design
  reviews, coding standards, better tools, process improvement);
- ``appraisal``: finding defects before the customer does (inspections,
  testing, audits, measuring equipment);
- ``internal_failure``: defects found before delivery (rework, scrap,
  re-testing, delay caused by fixing);
- ``external_failure``: defects found after delivery (warranty claims,
  returns, field repairs, support load, lost customers, liability).

``cost of conformance = prevention + appraisal``,
``cost of nonconformance = internal failure + external failure`` and
``cost of quality = conformance + nonconformance``. The usual lesson: money
moved into prevention tends to save more in failure costs, and a defect gets
dearer to fix the later it is found.

Used in: lesson 01, life cycles (quality planning); exercise ps01.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from pmcourse.core.checks import as_frame

__all__ = ["COQ_CATEGORIES", "CostOfQuality", "cost_of_quality", "coq_summary"]

#: The four categories, conformance first.
COQ_CATEGORIES: tuple[str, ...] = (
    "prevention",
    "appraisal",
    "internal_failure",
    "external_failure",
)


@dataclass(frozen=True)
class CostOfQuality:
    """The cost of quality of a project or product, by category.

    Attributes
    ----------
    prevention, appraisal, internal_failure, external_failure : float
        The total cost in each category.
    """

    prevention: float
    appraisal: float
    internal_failure: float
    external_failure: float

    @property
    def conformance(self) -> float:
        """Prevention plus appraisal: the cost of getting it right."""
        return self.prevention + self.appraisal

    @property
    def nonconformance(self) -> float:
        """Internal plus external failure: the cost of getting it wrong."""
        return self.internal_failure + self.external_failure

    @property
    def total(self) -> float:
        """The cost of quality: conformance plus nonconformance."""
        return self.conformance + self.nonconformance

    @property
    def failure_share(self) -> float:
        """Nonconformance as a fraction of the total (``nan`` if the total is 0)."""
        return self.nonconformance / self.total if self.total else math.nan

    def to_dict(self) -> dict[str, float]:
        """Return the four categories and the three totals as a dict.

        Returns
        -------
        dict of str to float

        Examples
        --------
        >>> CostOfQuality(10, 20, 30, 40).to_dict()["nonconformance"]
        70

        Used in: lesson 01, life cycles (cost of quality).
        """
        return {
            **asdict(self),
            "conformance": self.conformance,
            "nonconformance": self.nonconformance,
            "total": self.total,
        }


def _table(items: Any) -> pd.DataFrame:
    if isinstance(items, pd.DataFrame):
        return items
    if isinstance(items, Mapping):
        raise ValueError(
            "items must be a table of cost items (a DataFrame or a list of dicts), "
            "not a single dict"
        )
    return as_frame(items)


def cost_of_quality(
    items: pd.DataFrame | Iterable[Mapping[str, Any]],
    *,
    category: str = "category",
    cost: str = "cost",
) -> CostOfQuality:
    """Add up quality-related costs by cost-of-quality category.

    Parameters
    ----------
    items : DataFrame or list of dict
        One row per cost item, with its category (one of
        :data:`COQ_CATEGORIES`; spaces, hyphens and capitals are forgiven,
        so ``"Internal failure"`` works) and its cost.
    category : str
        Column holding the category.
    cost : str
        Column holding the cost (>= 0).

    Returns
    -------
    CostOfQuality

    Raises
    ------
    ValueError
        If a column is missing, or naming the row whose category is unknown
        or whose cost is not a number >= 0.

    Examples
    --------
    >>> coq = cost_of_quality([
    ...     {"item": "design review", "category": "prevention", "cost": 4_000},
    ...     {"item": "system test", "category": "appraisal", "cost": 9_000},
    ...     {"item": "rework", "category": "internal failure", "cost": 6_000},
    ...     {"item": "warranty", "category": "external_failure", "cost": 15_000},
    ... ])
    >>> coq.conformance, coq.nonconformance, coq.total
    (13000.0, 21000.0, 34000.0)

    Used in: lesson 01, life cycles (cost of quality); exercise ps01.
    """
    table = _table(items)
    for column in (category, cost):
        if column not in table.columns:
            raise ValueError(f"items is missing the column {column!r}")
    totals = dict.fromkeys(COQ_CATEGORIES, 0.0)
    for label, kind, amount in zip(
        table.index, table[category], table[cost], strict=True
    ):
        key = str(kind).strip().lower().replace(" ", "_").replace("-", "_")
        if key not in totals:
            raise ValueError(
                f"row {label}: category {kind!r} is not one of "
                f"{', '.join(COQ_CATEGORIES)}"
            )
        try:
            value = float(amount)
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"row {label}: cost must be a number >= 0, got {amount!r}")
        totals[key] += value
    return CostOfQuality(**totals)


def coq_summary(coq: CostOfQuality) -> pd.DataFrame:
    """Tabulate a cost of quality by category, with each category's share.

    Parameters
    ----------
    coq : CostOfQuality
        From :func:`cost_of_quality`.

    Returns
    -------
    DataFrame
        Indexed by category, with ``group`` (conformance or
        nonconformance), ``cost`` and ``share`` of the total.

    Examples
    --------
    >>> coq_summary(CostOfQuality(10, 30, 20, 40))["share"].tolist()
    [0.1, 0.3, 0.2, 0.4]

    Used in: lesson 01, life cycles (cost of quality).
    """
    costs = [getattr(coq, c) for c in COQ_CATEGORIES]
    total = coq.total
    return pd.DataFrame(
        {
            "group": ["conformance"] * 2 + ["nonconformance"] * 2,
            "cost": costs,
            "share": [c / total if total else math.nan for c in costs],
        },
        index=pd.Index(COQ_CATEGORIES, name="category"),
    )
