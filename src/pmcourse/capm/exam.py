"""Practice exams: split questions among the domains, then draw them.

Used in: lesson 09, CAPM practice; exercise ps09.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.capm.bank import draw, load_bank
from pmcourse.capm.bank import static_by_id as _static_by_id
from pmcourse.capm.bank import static_item as _static_item
from pmcourse.capm.families import FAMILIES, build
from pmcourse.capm.item import Item
from pmcourse.capm.schema import DOMAIN_NAMES, OUTLINE_WEIGHTS

__all__ = ["assemble_exam", "domain_counts"]


def _weights(weights: Mapping[int, float] | Sequence[float] | None) -> dict:
    if weights is None:
        return dict(OUTLINE_WEIGHTS)
    if isinstance(weights, Mapping):
        bad = [k for k in weights if k not in DOMAIN_NAMES]
        if bad:
            raise ValueError(f"weights has unknown domain {bad[0]!r}; use 1 to 4")
        w = {d: float(weights.get(d, 0.0)) for d in DOMAIN_NAMES}
    else:
        values = list(weights)
        if len(values) != len(DOMAIN_NAMES):
            raise ValueError(f"weights needs 4 values (domains 1-4), got {values}")
        w = {d: float(v) for d, v in zip(DOMAIN_NAMES, values, strict=True)}
    if any(not math.isfinite(v) or v < 0 for v in w.values()) or sum(w.values()) <= 0:
        raise ValueError(f"weights must be >= 0 and not all 0, got {w}")
    return w


def domain_counts(
    n: int, weights: Mapping[int, float] | Sequence[float] | None = None
) -> dict[int, int]:
    """Split ``n`` questions among the domains by largest-remainder rounding.

    Parameters
    ----------
    n : int
        Number of questions.
    weights : mapping or sequence, optional
        Domain weights (default: the outline's 36/17/20/27).

    Returns
    -------
    dict of int to int
        Questions per domain, summing to ``n``.

    Raises
    ------
    ValueError
        For a bad ``n`` or bad weights.

    Examples
    --------
    >>> domain_counts(150)
    {1: 54, 2: 25, 3: 30, 4: 41}

    Used in: lesson 09, CAPM practice.
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a whole number of questions >= 1, got {n!r}")
    w = _weights(weights)
    total = sum(w.values())
    quotas = {d: n * v / total for d, v in w.items()}
    counts = {d: math.floor(q) for d, q in quotas.items()}
    # Round the remainders so that 150 x 0.17 = 25.500000000000004 ties 40.5.
    order = sorted(w, key=lambda d: (-round(quotas[d] - counts[d], 9), -w[d], d))
    for d in order[: n - sum(counts.values())]:
        counts[d] += 1
    return counts


def assemble_exam(
    n: int,
    rng: np.random.Generator | int | None = None,
    weights: Mapping[int, float] | Sequence[float] | None = None,
    *,
    bank: pd.DataFrame | None = None,
) -> list[Item]:
    """Assemble a practice exam of ``n`` distinct items, stratified by domain.

    Each domain gets its share of ``n`` by largest-remainder rounding of the
    weights; within a domain, items are sampled without replacement; the
    exam is then shuffled and each family item drawn with its own seed. The
    same ``rng`` seed and bank give the same exam.

    Parameters
    ----------
    n : int
        Number of questions (>= 1).
    rng : numpy.random.Generator or int or None
        Random source or seed.
    weights : mapping or sequence, optional
        Domain weights, ``{1: 0.36, 2: 0.17, 3: 0.20, 4: 0.27}`` by default;
        ``{3: 1}`` gives an agile-only quiz.
    bank : DataFrame, optional
        The items to draw from (rows of :func:`load_bank`, e.g. one
        lesson's); the whole bank by default.

    Returns
    -------
    list of Item

    Raises
    ------
    ValueError
        If a domain has fewer items than its share of ``n`` (naming it), or
        for a bad ``n`` or bad weights.

    Examples
    --------
    >>> exam = assemble_exam(10, rng=1)
    >>> len(exam), len({item.id for item in exam})
    (10, 10)
    >>> [i.id for i in exam] == [i.id for i in assemble_exam(10, rng=1)]
    True

    Used in: lesson 09, CAPM practice; exercise ps09.
    """
    table = load_bank() if bank is None else bank
    counts = domain_counts(n, weights)
    gen = np.random.default_rng(rng)
    chosen: list[Any] = []
    for d, k in counts.items():
        pool = table.loc[table["domain"] == d]
        pool = pool.sort_values("id", kind="stable")
        if k > len(pool):
            raise ValueError(
                f"domain {d} needs {k} of the {n} items but the bank has only "
                f"{len(pool)}; ask for fewer items or change the weights"
            )
        picks: np.ndarray | list[int] = (
            gen.choice(len(pool), size=k, replace=False) if k else []
        )
        chosen += [pool.iloc[int(i)] for i in picks]
    order = gen.permutation(len(chosen))
    exam = []
    for i in order:
        row = chosen[int(i)]
        seed = int(gen.integers(0, 2**63 - 1))
        if bool(row["family"]):
            exam.append(build(FAMILIES[row["id"]], seed))
        elif bank is None or row["id"] in _static_by_id():
            exam.append(draw(row["id"]))
        else:
            exam.append(_static_item(row.to_dict()))
    return exam
