"""Item analysis for instructors: which questions work, which domains lag.

From a students x items table of 0/1 scores (a gradebook export, or the
graded answers of a practice exam):

- :func:`item_analysis`: each item's difficulty (proportion correct) and two
  discrimination indices, the corrected point-biserial (the item against the
  rest of the test) and the upper-lower 27 % index;
- :func:`distractor_table`: how often each option was chosen, overall and by
  the upper and lower groups (a good distractor attracts the lower group);
- :func:`mastery_by_domain`: each student's proportion correct per domain.

Used in: lesson 09, CAPM practice; the instructor's grading report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias, cast

import numpy as np
import pandas as pd

from pmcourse.capm.item import Item, grade
from pmcourse.capm.item import chosen_letters as _letters

__all__ = ["distractor_table", "item_analysis", "mastery_by_domain"]

ItemsLike: TypeAlias = Sequence[Item] | pd.DataFrame | Mapping[str, Any]


def _scores(scores: pd.DataFrame) -> np.ndarray:
    if not isinstance(scores, pd.DataFrame) or scores.shape[1] == 0:
        raise ValueError("scores must be a DataFrame: students x items of 0/1")
    try:
        x = scores.astype(float).to_numpy()
    except (TypeError, ValueError):
        raise ValueError("scores must hold 0, 1 or missing values") from None
    bad = np.argwhere(~np.isnan(x) & (x != 0) & (x != 1))
    if bad.size:
        i, j = bad[0]
        raise ValueError(
            f"scores for item {scores.columns[j]!r}, student {scores.index[i]!r} "
            f"is {x[i, j]!r}; expected 0, 1 or missing"
        )
    return x


def _groups(rest: np.ndarray, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the indices of the lower and upper groups by ``rest`` score."""
    k = max(1, int(round(fraction * rest.size)))
    order = np.argsort(rest, kind="stable")
    return order[:k], order[-k:]


def _check_fraction(group_fraction: float) -> None:
    if not 0 < group_fraction <= 0.5:
        raise ValueError(f"group_fraction must be in (0, 0.5], got {group_fraction!r}")


def item_analysis(
    scores: pd.DataFrame,
    *,
    group_fraction: float = 0.27,
    min_discrimination: float = 0.2,
    difficulty_range: tuple[float, float] = (0.25, 0.95),
) -> pd.DataFrame:
    """Compute each item's difficulty and discrimination from 0/1 scores.

    - ``difficulty``: the proportion of students who answered correctly
      (higher is easier);
    - ``discrimination``: the corrected point-biserial, the Pearson
      correlation between the item and the student's total on the *other*
      items (so the item does not correlate with itself);
    - ``upper_lower``: proportion correct in the top ``group_fraction`` of
      students minus that in the bottom, ranked on the same rest score (ties
      keep the table's order).

    Missing scores (NaN: not answered) are left out of that item's figures
    and count 0 in the other items' rest scores.

    Parameters
    ----------
    scores : DataFrame
        Students x items, values 0, 1 or NaN; columns are item ids.
    group_fraction : float
        Size of the upper and lower groups, 0.27 by convention (Kelley).
    min_discrimination : float
        Items whose discrimination is below this (or undefined) are flagged.
    difficulty_range : (float, float)
        Items easier or harder than this are flagged too.

    Returns
    -------
    DataFrame
        Indexed by item, columns ``n, difficulty, discrimination,
        upper_lower, flag, reason``.

    Raises
    ------
    ValueError
        If a score is not 0, 1 or missing (naming the item and the student),
        or ``group_fraction`` is outside (0, 0.5].

    Examples
    --------
    >>> scores = pd.DataFrame({"Q1": [1, 1, 1, 0], "Q2": [1, 1, 0, 0],
    ...                        "Q3": [1, 0, 1, 0]})
    >>> item_analysis(scores, group_fraction=0.5)[["difficulty", "upper_lower"]]
          difficulty  upper_lower
    item
    Q1          0.75          0.5
    Q2          0.50          0.0
    Q3          0.50          0.0

    Used in: lesson 09, CAPM practice; instructor reports.
    """
    _check_fraction(group_fraction)
    x = _scores(scores)
    answered = ~np.isnan(x)
    filled = np.where(answered, x, 0.0)
    total = filled.sum(axis=1)
    rows = []
    low_p, high_p = difficulty_range
    for j, item in enumerate(scores.columns):
        mask = answered[:, j]
        xi = filled[mask, j]
        rest = total[mask] - xi
        n = int(mask.sum())
        p = float(xi.mean()) if n else np.nan
        r = np.nan
        if n > 2 and xi.std() > 0 and rest.std() > 0:
            r = float(np.corrcoef(xi, rest)[0, 1])
        d = np.nan
        if n >= 2:
            lower, upper = _groups(rest, group_fraction)
            d = float(xi[upper].mean() - xi[lower].mean())
        reasons = []
        if not np.isfinite(r) or r < min_discrimination:
            reasons.append("low discrimination")
        if np.isfinite(p) and p < low_p:
            reasons.append("very hard")
        if np.isfinite(p) and p > high_p:
            reasons.append("very easy")
        rows.append(
            {
                "item": item,
                "n": n,
                "difficulty": p,
                "discrimination": r,
                "upper_lower": d,
                "flag": bool(reasons),
                "reason": ", ".join(reasons),
            }
        )
    return pd.DataFrame(rows).set_index("item")


def _item_map(items: ItemsLike) -> dict[str, Any]:
    """Return ``{id: item}`` where item is an Item or a mapping of its fields."""
    if isinstance(items, pd.DataFrame):
        if "id" not in items.columns:
            raise ValueError("items table needs an 'id' column")
        return {str(r["id"]): r.to_dict() for _, r in items.iterrows()}
    if isinstance(items, Mapping):
        return {str(k): v for k, v in items.items()}
    return {item.id: item for item in items}


def _field(item: Any, name: str) -> Any:
    return getattr(item, name) if isinstance(item, Item) else item[name]


def distractor_table(
    responses: pd.DataFrame, items: ItemsLike, *, group_fraction: float = 0.27
) -> pd.DataFrame:
    """Show how often each option was chosen, overall and by upper/lower group.

    Students are ranked by their total score on these responses; the upper
    and lower groups are the top and bottom ``group_fraction``. A working
    distractor draws more of the lower group than the upper; a distractor
    nobody picks, or one the upper group prefers, needs rewriting. Numeric
    items have no options and are skipped.

    Parameters
    ----------
    responses : DataFrame
        Students x item ids, each cell the letter chosen (``"B"``), the
        letters of a multiple-select answer (``"A, D"`` or a list), or
        missing.
    items : sequence of Item, bank DataFrame or dict of id to Item
        The items answered (their options and answers).
    group_fraction : float
        Size of each group, 0.27 by convention.

    Returns
    -------
    DataFrame
        One row per item and option (plus ``omitted`` when some left it
        blank): ``item, option, text, correct, share, upper, lower``, shares
        as fractions of the students (of each group).

    Raises
    ------
    ValueError
        If a response column names no known item, or ``group_fraction`` is
        outside (0, 0.5].

    Examples
    --------
    >>> from pmcourse.capm import draw
    >>> q = draw("F-COM-01", rng=3)
    >>> wrong = next(x for x in "ABCD" if x != q.answer)
    >>> answers = pd.DataFrame({q.id: [q.answer, q.answer, wrong, None]})
    >>> table = distractor_table(answers, [q], group_fraction=0.25)
    >>> table.set_index("option").loc[q.answer, "share"]
    np.float64(0.5)

    Used in: lesson 09, CAPM practice; instructor reports.
    """
    _check_fraction(group_fraction)
    lookup = _item_map(items)
    unknown = [c for c in responses.columns if str(c) not in lookup]
    if unknown:
        raise ValueError(f"responses column {unknown[0]!r} is not one of the items")
    correct = pd.DataFrame(
        {
            c: [not _blank(r) and grade(lookup[str(c)], r) for r in col]
            for c, col in responses.items()
        },
        index=responses.index,
    )
    total = correct.sum(axis=1).to_numpy(dtype=float)
    lower, upper = _groups(total, group_fraction)
    rows = []
    for col, answers in responses.items():
        item = lookup[str(col)]
        if _field(item, "type") == "numeric":
            continue
        key = _field(item, "answer")
        key = {key} if isinstance(key, str) else set(key)
        chosen = [(_letters(r) if not _blank(r) else None) or set() for r in answers]
        options = dict(_field(item, "options"))
        choices = list(options.items())
        if any(not c for c in chosen):
            choices.append(("omitted", ""))
        for letter, text in choices:
            hit = np.array(
                [(not c) if letter == "omitted" else letter in c for c in chosen]
            )
            rows.append(
                {
                    "item": col,
                    "option": letter,
                    "text": text,
                    "correct": letter in key,
                    "share": float(hit.mean()),
                    "upper": float(hit[upper].mean()),
                    "lower": float(hit[lower].mean()),
                }
            )
    return pd.DataFrame(
        rows, columns=["item", "option", "text", "correct", "share", "upper", "lower"]
    )


def _blank(response: Any) -> bool:
    if response is None:
        return True
    if isinstance(response, float) and np.isnan(response):
        return True
    return isinstance(response, str) and not response.strip()


def mastery_by_domain(scores: pd.DataFrame, items: ItemsLike) -> pd.DataFrame:
    """Return each student's proportion correct in each domain.

    Parameters
    ----------
    scores : DataFrame
        Students x item ids, values 0, 1 or NaN (not answered: left out).
    items : sequence of Item, bank DataFrame, or dict of id to domain
        Where each item's domain comes from.

    Returns
    -------
    DataFrame
        Students x domains (columns 1-4, those present), proportions in
        [0, 1]; NaN where a student answered nothing in a domain.

    Raises
    ------
    ValueError
        If a score column names no known item or a score is not 0/1.

    Examples
    --------
    >>> scores = pd.DataFrame({"F-EVM-01": [1, 0], "F-COM-01": [1, 1],
    ...                        "F-CPM-01": [0, 0]}, index=["ann", "bo"])
    >>> mastery_by_domain(scores, {"F-EVM-01": 2, "F-COM-01": 1, "F-CPM-01": 2})
    domain    1    2
    ann     1.0  0.5
    bo      1.0  0.0

    Used in: lesson 09, CAPM practice; instructor reports.
    """
    x = _scores(scores)
    lookup = _item_map(items)
    domains = []
    for c in scores.columns:
        if str(c) not in lookup:
            raise ValueError(f"scores column {c!r} is not one of the items")
        found = lookup[str(c)]
        domain = cast(int, found) if np.isscalar(found) else _field(found, "domain")
        domains.append(int(domain))
    frame = pd.DataFrame(x, index=scores.index, columns=scores.columns)
    by = pd.Series(domains, index=scores.columns)
    out = {d: frame.loc[:, by == d].mean(axis=1) for d in sorted(set(domains))}
    result = pd.DataFrame(out, index=scores.index)
    result.columns.name = "domain"
    return result
