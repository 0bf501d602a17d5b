"""Kano analysis: classify survey answers with the Kano evaluation table.

Each respondent answers a functional question ("how do you feel if the
product has X?") and a dysfunctional one ("...if it does not?"); the pair of
answers gives a category through the evaluation table of Kano, Seraku,
Takahashi and Tsuji, "Attractive quality and must-be quality", Journal of the
Japanese Society for Quality Control 14(2), 1984. The better and worse
coefficients are from Berger et al., "Kano's methods for understanding
customer-defined quality", Center for Quality Management Journal 2(4), 1993.

Used in: lesson 08, business analysis (Kano); exercise ps08.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "kano_category",
    "kano_classify",
]

#: The five answers of a Kano question, in the order of the evaluation table.
KANO_ANSWERS: tuple[str, ...] = ("like", "expect", "neutral", "tolerate", "dislike")

#: Kano categories, in the order used to break a tie between equally frequent
#: categories (Berger et al. 1993: must-be > one-dimensional > attractive >
#: indifferent). One-dimensional features are also called performance features,
#: attractive ones delighters.
KANO_CATEGORIES: tuple[str, ...] = (
    "must-be",
    "one-dimensional",
    "attractive",
    "indifferent",
    "reverse",
    "questionable",
)

_K = {
    "A": "attractive",
    "O": "one-dimensional",
    "M": "must-be",
    "I": "indifferent",
    "R": "reverse",
    "Q": "questionable",
}
_ROWS = ("QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ")

#: The Kano evaluation table (Kano et al. 1984):
#: ``KANO_TABLE[(functional, dysfunctional)]`` is the category.
KANO_TABLE: dict[tuple[str, str], str] = {
    (f, d): _K[_ROWS[i][j]]
    for i, f in enumerate(KANO_ANSWERS)
    for j, d in enumerate(KANO_ANSWERS)
}

_KANO_ALIASES = {
    "like": "like",
    "i like it": "like",
    "expect": "expect",
    "expected": "expect",
    "must-be": "expect",
    "must be": "expect",
    "it must be that way": "expect",
    "neutral": "neutral",
    "i am neutral": "neutral",
    "tolerate": "tolerate",
    "live with": "tolerate",
    "can live with": "tolerate",
    "i can live with it": "tolerate",
    "dislike": "dislike",
    "i dislike it": "dislike",
}


def _kano_answer(value: Any, name: str) -> str:
    """Return the canonical Kano answer for a word or a number 1-5."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        if 1 <= value <= 5:
            return KANO_ANSWERS[int(value) - 1]
    elif isinstance(value, str):
        key = re.sub(r"\s+", " ", value.replace("’", "'")).strip().lower()
        if key in _KANO_ALIASES:
            return _KANO_ALIASES[key]
    raise ValueError(
        f"{name} answer {value!r} is not one of {', '.join(KANO_ANSWERS)} (or 1-5)"
    )


def kano_category(functional: Any, dysfunctional: Any) -> str:
    """Classify one pair of Kano answers with the Kano evaluation table.

    The functional question asks how a person feels if the product has the
    feature, the dysfunctional one how they feel if it does not. Answers:
    like, expect (it must be that way), neutral, tolerate (can live with it),
    dislike; or their positions 1 to 5. The table (Kano et al. 1984):

    ==========  ====  ======  =======  ========  =======
    functional  like  expect  neutral  tolerate  dislike
    ==========  ====  ======  =======  ========  =======
    like        Q     A       A        A         O
    expect      R     I       I        I         M
    neutral     R     I       I        I         M
    tolerate    R     I       I        I         M
    dislike     R     R       R        R         Q
    ==========  ====  ======  =======  ========  =======

    (columns: dysfunctional answer; A attractive, O one-dimensional, M
    must-be, I indifferent, R reverse, Q questionable).

    Parameters
    ----------
    functional, dysfunctional : str or int
        The two answers.

    Returns
    -------
    str
        One of :data:`KANO_CATEGORIES`.

    Raises
    ------
    ValueError
        If an answer is not a Kano answer.

    Examples
    --------
    >>> kano_category("like", "dislike")
    'one-dimensional'
    >>> kano_category("neutral", "dislike"), kano_category(1, 3)
    ('must-be', 'attractive')

    Used in: lesson 08, business analysis (Kano); exercise ps08.
    """
    f = _kano_answer(functional, "functional")
    d = _kano_answer(dysfunctional, "dysfunctional")
    return KANO_TABLE[(f, d)]


def kano_classify(
    responses: pd.DataFrame,
    *,
    feature: str = "feature",
    functional: str = "functional",
    dysfunctional: str = "dysfunctional",
) -> pd.DataFrame:
    """Classify each feature of a Kano survey by its most frequent category.

    Every response (one person, one feature) is classified with
    :func:`kano_category`; a feature takes the category most of its
    responses fall in, ties broken in the order of :data:`KANO_CATEGORIES`.
    The coefficients of Berger et al. (1993), counting only A, O, M and I
    answers: ``better = (A + O) / (A + O + M + I)`` (how much having the
    feature pleases) and ``worse = -(O + M) / (A + O + M + I)`` (how much
    missing it displeases).

    Parameters
    ----------
    responses : DataFrame
        One row per response, with the feature and the two answers.
    feature, functional, dysfunctional : str
        Column names.

    Returns
    -------
    DataFrame
        Indexed by feature (in order of first appearance): a count per
        category of :data:`KANO_CATEGORIES`, ``responses``, ``category``,
        ``better`` and ``worse`` (NaN when a feature has no A, O, M or I).

    Raises
    ------
    ValueError
        If a column is missing or an answer is not a Kano answer (naming the
        row).

    Examples
    --------
    >>> survey = pd.DataFrame({"feature": ["maps"] * 3 + ["alerts"] * 2,
    ...                        "functional": ["like", "like", "expect", "like", "like"],
    ...                        "dysfunctional": ["neutral", "neutral", "dislike",
    ...                                          "dislike", "neutral"]})
    >>> kano_classify(survey)[["category", "better", "worse"]].round(2)
                    category  better  worse
    feature
    maps          attractive    0.67  -0.33
    alerts   one-dimensional    1.00  -0.50

    Used in: lesson 08, business analysis (Kano); exercise ps08.
    """
    for column in (feature, functional, dysfunctional):
        if column not in responses.columns:
            raise ValueError(
                f"responses needs a column {column!r}; it has {list(responses.columns)}"
            )
    categories = []
    for i, (f, d) in enumerate(
        zip(responses[functional], responses[dysfunctional], strict=True)
    ):
        try:
            categories.append(kano_category(f, d))
        except ValueError as exc:
            raise ValueError(f"row {i}: {exc}") from None
    names = responses[feature].astype(str)
    counts = pd.crosstab(pd.Categorical(names, pd.unique(names)), pd.Series(categories))
    counts = counts.reindex(columns=list(KANO_CATEGORIES), fill_value=0)
    counts.index = pd.Index(list(counts.index), name=feature)
    counts.columns.name = None
    out = counts.astype(int)
    out["responses"] = out[list(KANO_CATEGORIES)].sum(axis=1)
    out["category"] = out[list(KANO_CATEGORIES)].idxmax(axis=1)
    a, o = out["attractive"], out["one-dimensional"]
    m, i = out["must-be"], out["indifferent"]
    base = (a + o + m + i).replace(0, np.nan)
    out["better"] = (a + o) / base
    out["worse"] = -(o + m) / base
    return out
