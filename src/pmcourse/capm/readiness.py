"""Readiness: the probability of passing a full outline-weighted exam, honestly.

A full exam has :data:`SCORED` scored questions split over the domains by the
outline's weights. Given a learner's ability posteriors
(:class:`pmcourse.capm.irt.AbilityTracker`), each domain's share of right
answers is ``P_d(theta)``, the mean probability of a right answer over the
bank's items of that domain; the exam score is a sum of binomials. The pass
probability integrates over both the learner's uncertain abilities and the
luck of the draw; its interval (5 % to 95 %) shows how much of it is
uncertainty about the learner.

The pass line is the course's practice line (70 %), not PMI's: PMI does not
publish its passing score. Per domain the rating follows the exam report's
categories: *below target*, *target*, *above target* (a band of
:data:`TARGET_BAND` either side of the line).

Used in: lesson 00, start here ("My progress"); lesson 09, CAPM practice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special, stats

from pmcourse.capm.irt import GRID, AbilityTracker, p_correct
from pmcourse.capm.schema import OUTLINE_WEIGHTS

__all__ = [
    "SCORED",
    "Readiness",
    "domain_curves",
    "exam_counts",
    "pass_probability",
    "readiness",
]

#: Scored questions of a full exam (150 asked, 15 unscored).
SCORED = 135
#: The practice pass line, as a share of scored questions.
PASS_LINE = 0.70
#: Half-width of the *target* band around the pass line, per domain.
TARGET_BAND = 0.05
RATINGS = ("below target", "target", "above target")


def exam_counts(total: int = SCORED) -> np.ndarray:
    """Return the questions per domain 1..4 of a full outline-weighted exam.

    Parameters
    ----------
    total : int

    Returns
    -------
    ndarray of int

    Examples
    --------
    >>> exam_counts().tolist()
    [49, 23, 27, 36]

    Used in: lesson 09, CAPM practice (readiness).
    """
    weights = np.array([OUTLINE_WEIGHTS[d] for d in (1, 2, 3, 4)])
    raw = weights * total
    counts = np.floor(raw).astype(int)
    order = np.argsort(-(raw - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def domain_curves(params: pd.DataFrame) -> np.ndarray:
    """Return ``P_d(theta)`` on the grid: a domain's expected share right.

    Parameters
    ----------
    params : DataFrame
        :func:`pmcourse.capm.irt.item_parameters`.

    Returns
    -------
    ndarray, shape (4, len(GRID))

    Raises
    ------
    ValueError
        If a domain has no item.

    Examples
    --------
    >>> from pmcourse.capm.irt import item_parameters
    >>> curves = domain_curves(item_parameters())
    >>> bool((np.diff(curves, axis=1) > 0).all())
    True

    Used in: lesson 09, CAPM practice (readiness).
    """
    rows = []
    for d in (1, 2, 3, 4):
        mine = params[params["domain"] == d]
        if mine.empty:
            raise ValueError(f"params: domain {d} has no item")
        a, b = mine["a"].to_numpy(float), mine["b"].to_numpy(float)
        rows.append(p_correct(GRID[:, None], a, b).mean(axis=1))
    return np.array(rows)


def pass_probability(
    weights: np.ndarray,
    curves: np.ndarray,
    counts: np.ndarray | None = None,
    line: float = PASS_LINE,
) -> float:
    """Return P(pass) of a full exam, over the ability posteriors and the draw.

    The score's mean and variance come from the posteriors (each domain's
    share right ``P_d``: its mean and variance, plus the binomial spread of
    the questions); a normal approximation with continuity correction gives
    the probability of reaching the line.

    Parameters
    ----------
    weights : ndarray, shape (4, len(GRID))
        Normalised posteriors (:meth:`AbilityTracker.weights`).
    curves : ndarray, shape (4, len(GRID))
        :func:`domain_curves`.
    counts : ndarray, optional
        Questions per domain (:func:`exam_counts`).
    line : float
        The pass line, a share of the questions.

    Returns
    -------
    float

    Examples
    --------
    >>> from pmcourse.capm.irt import item_parameters
    >>> curves = domain_curves(item_parameters())
    >>> strong = AbilityTracker(prior_mean=2.5, prior_sd=0.1).weights()
    >>> pass_probability(strong, curves) > 0.95
    True

    Used in: lesson 09, CAPM practice (adaptive practice stops on it).
    """
    n = exam_counts() if counts is None else np.asarray(counts)
    m = (weights * curves).sum(axis=1)
    second = (weights * curves**2).sum(axis=1)
    var_share = np.maximum(second - m**2, 0.0)
    mean = float(n @ m)
    var = float(n**2 @ var_share + n @ (m - second))
    cut = math.ceil(line * n.sum() - 1e-9)
    if var <= 0:
        return float(mean >= cut)
    return float(special.ndtr((mean - (cut - 0.5)) / math.sqrt(var)))


@dataclass(frozen=True)
class Readiness:
    """A learner's readiness: pass probability with interval, and domain ratings.

    Attributes
    ----------
    probability : float
        P(pass) of a full outline-weighted exam.
    low, high : float
        The 5 % and 95 % quantiles of P(pass) over the ability posterior.
    domains : DataFrame
        Indexed by domain: ``ability``, ``sd``, ``expected_share`` (the
        share right expected), ``rating``, and ``p_below``, ``p_target``,
        ``p_above`` (the posterior probability of each rating).
    line : float
        The pass line used.
    answered : int
        Answers the estimate rests on.
    """

    probability: float
    low: float
    high: float
    domains: pd.DataFrame = field(repr=False)
    line: float = PASS_LINE
    answered: int = 0

    def confident(self, level: float = 0.95) -> bool:
        """Return whether the pass/fail call is at least ``level`` certain.

        Parameters
        ----------
        level : float

        Returns
        -------
        bool
        """
        return self.probability >= level or self.probability <= 1 - level

    def summary(self) -> str:
        """Return one sentence for the learner.

        Returns
        -------
        str
        """
        return (
            f"Chance of passing a full practice exam (line {self.line:.0%}): "
            f"{self.probability:.0%} (plausible range {self.low:.0%} to "
            f"{self.high:.0%}), from {self.answered} answers."
        )


def readiness(
    tracker: AbilityTracker,
    curves: np.ndarray,
    *,
    line: float = PASS_LINE,
    draws: int = 400,
    rng: np.random.Generator | int | None = 0,
) -> Readiness:
    """Return the learner's :class:`Readiness`.

    Parameters
    ----------
    tracker : AbilityTracker
        The learner's posteriors.
    curves : ndarray
        :func:`domain_curves`.
    line : float
        The pass line.
    draws : int
        Ability draws for the interval.
    rng : numpy.random.Generator or int or None
        For the draws (fixed by default, so the same answers give the same
        interval).

    Returns
    -------
    Readiness

    Examples
    --------
    >>> from pmcourse.capm.irt import item_parameters
    >>> r = readiness(AbilityTracker(), domain_curves(item_parameters()))
    >>> bool(r.low < r.probability < r.high), r.domains["rating"].size
    (True, 4)

    Used in: lesson 00, start here ("My progress"); lesson 09, CAPM practice.
    """
    rng = np.random.default_rng(rng)
    w = tracker.weights()
    n = exam_counts()
    cut = math.ceil(line * n.sum() - 1e-9)
    shares = np.empty((draws, 4))
    for d in range(4):
        idx = rng.choice(len(GRID), size=draws, p=w[d])
        shares[:, d] = curves[d, idx]
    mean = shares @ n
    sd = np.sqrt((shares * (1 - shares)) @ n)
    conditional = stats.norm.sf((cut - 0.5 - mean) / sd)
    m = (w * curves).sum(axis=1)
    below = (w * (curves < line - TARGET_BAND)).sum(axis=1)
    above = (w * (curves >= line + TARGET_BAND)).sum(axis=1)
    rating = np.where(
        m < line - TARGET_BAND,
        RATINGS[0],
        np.where(m >= line + TARGET_BAND, RATINGS[2], RATINGS[1]),
    )
    domains = pd.DataFrame(
        {
            "ability": tracker.means(),
            "sd": tracker.sds(),
            "expected_share": m,
            "rating": rating,
            "p_below": below,
            "p_target": 1 - below - above,
            "p_above": above,
        },
        index=pd.Index([1, 2, 3, 4], name="domain"),
    )
    return Readiness(
        probability=pass_probability(w, curves, n, line),
        low=float(np.quantile(conditional, 0.05)),
        high=float(np.quantile(conditional, 0.95)),
        domains=domains,
        line=line,
        answered=int(tracker.answered.sum()),
    )
