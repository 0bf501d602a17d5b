r"""An item-response model of the bank: abilities per domain with their uncertainty.

The model is the two-parameter logistic one: a learner of ability
:math:`\theta` in an item's domain answers it right with probability

.. math:: P(\text{right}) = \frac{1}{1 + e^{-a(\theta - b)}}

where ``b`` is the item's difficulty and ``a`` its discrimination, both on
the logit scale. An item's ``b`` starts from the bank's difficulty (1 easy,
2 medium, 3 hard -> -2, -1, 0: an average learner of the course answers
three in four medium items right) and ``a`` from 1; :func:`calibrate` re-estimates
them from responses (simulated ones now, real ones later). A learner's ability
in each domain is a posterior on a grid of abilities: a normal prior
(mean 0, sd 1: an average learner of the course) times the likelihood of the
answers given, so the estimate is the posterior mean and its uncertainty the
posterior sd, honest after two answers as after two hundred.

Used in: lesson 00, start here ("My progress"); lesson 09, CAPM practice
(adaptive practice and readiness).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import optimize, special

__all__ = [
    "DIFFICULTY_B",
    "GRID",
    "AbilityTracker",
    "calibrate",
    "estimate_abilities",
    "estimate_tasks",
    "information",
    "item_parameters",
    "p_correct",
]

#: The grid of abilities (logits) on which posteriors are computed.
GRID = np.linspace(-4.0, 4.0, 81)
#: The starting difficulty ``b`` of the bank's difficulty levels.
DIFFICULTY_B: dict[int, float] = {1: -2.0, 2: -1.0, 3: 0.0}
#: The prior on a domain ability: an average learner of the course.
PRIOR_MEAN, PRIOR_SD = 0.0, 1.0
#: How far a task's ability may sit from its domain's (prior sd, logits).
TASK_SD = 0.5
_DOMAINS = (1, 2, 3, 4)


def p_correct(theta: np.ndarray | float, a: np.ndarray | float, b: np.ndarray | float):
    """Return the probability of a right answer, ``1 / (1 + exp(-a (theta - b)))``.

    Parameters
    ----------
    theta, a, b : float or array
        Ability, discrimination and difficulty (broadcast together).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> float(p_correct(0.0, 1.0, 0.0))
    0.5
    >>> round(float(p_correct(1.0, 1.0, 0.0)), 3)
    0.731

    Used in: lesson 09, CAPM practice (adaptive practice).
    """
    return special.expit(np.multiply(a, np.subtract(theta, b)))


def information(
    theta: np.ndarray | float, a: np.ndarray | float, b: np.ndarray | float
):
    """Return the Fisher information of an item at ability ``theta``: ``a² p (1-p)``.

    An item tells most about a learner whose ability is near its difficulty.

    Parameters
    ----------
    theta, a, b : float or array

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> float(information(0.0, 1.0, 0.0)), round(float(information(2, 1, 0)), 3)
    (0.25, 0.105)

    Used in: lesson 09, CAPM practice (adaptive practice).
    """
    p = p_correct(theta, a, b)
    return np.square(a) * p * (1 - p)


def item_parameters(
    bank: pd.DataFrame | None = None,
    calibration: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the model's parameters of every bank item (a family once).

    Parameters
    ----------
    bank : DataFrame, optional
        Rows of :func:`pmcourse.capm.load_bank` (the whole bank by default).
    calibration : DataFrame, optional
        Output of :func:`calibrate` (``item``, ``a``, ``b``); its items
        override the starting values.

    Returns
    -------
    DataFrame
        ``id``, ``domain``, ``task``, ``family``, ``difficulty``, ``lesson``,
        ``a``, ``b``.

    Examples
    --------
    >>> params = item_parameters()
    >>> sorted(params["b"].unique().tolist())
    [-2.0, -1.0, 0.0]

    Used in: lesson 09, CAPM practice (adaptive practice).
    """
    if bank is None:
        from pmcourse.capm.bank import load_bank

        bank = load_bank()
    out = bank[["id", "domain", "task", "family", "difficulty", "lesson"]].copy()
    out["domain"] = out["domain"].astype(int)
    out["family"] = out["family"].astype(bool)
    out["a"] = 1.0
    out["b"] = out["difficulty"].map(DIFFICULTY_B).astype(float)
    if calibration is not None and not calibration.empty:
        fitted = calibration.set_index("item")
        known = out["id"].isin(fitted.index)
        out.loc[known, "a"] = out.loc[known, "id"].map(fitted["a"]).to_numpy()
        out.loc[known, "b"] = out.loc[known, "id"].map(fitted["b"]).to_numpy()
    return out.reset_index(drop=True)


def _normal_log_prior(mean: float, sd: float) -> np.ndarray:
    return -0.5 * ((GRID - mean) / sd) ** 2


def _log_likelihood(a: np.ndarray, b: np.ndarray, correct: np.ndarray) -> np.ndarray:
    """Sum over answers of log P(answer | theta), on the grid."""
    if len(a) == 0:
        return np.zeros_like(GRID)
    z = np.outer(GRID, a) - a * b  # (grid, answers)
    sign = np.where(correct, 1.0, -1.0)
    return (-np.logaddexp(0.0, -sign * z)).sum(axis=1)


def _summary(log_post: np.ndarray) -> tuple[np.ndarray, float, float, float, float]:
    w = np.exp(log_post - log_post.max())
    w /= w.sum()
    mean = float(w @ GRID)
    sd = float(np.sqrt(max(w @ (GRID - mean) ** 2, 0.0)))
    cdf = np.cumsum(w)
    low = float(GRID[np.searchsorted(cdf, 0.05)])
    high = float(GRID[min(int(np.searchsorted(cdf, 0.95)), len(GRID) - 1)])
    return w, mean, sd, low, high


class AbilityTracker:
    """The posterior of a learner's four domain abilities, updated answer by answer.

    Parameters
    ----------
    prior_mean, prior_sd : float
        The normal prior of every domain ability.

    Attributes
    ----------
    log_post : ndarray, shape (4, len(GRID))
        Unnormalised log posterior of domains 1..4 on :data:`GRID`.
    answered : ndarray of int, shape (4,)
        Answers per domain.

    Examples
    --------
    >>> t = AbilityTracker()
    >>> t.update(2, a=1.0, b=0.0, correct=True)
    >>> round(float(t.means()[1]), 2), bool(t.sds()[1] < 1)
    (0.41, True)

    Used in: lesson 09, CAPM practice (adaptive practice).
    """

    def __init__(self, prior_mean: float = PRIOR_MEAN, prior_sd: float = PRIOR_SD):
        self.log_post = np.tile(_normal_log_prior(prior_mean, prior_sd), (4, 1))
        self.answered = np.zeros(4, dtype=int)

    def update(self, domain: int, a: float, b: float, correct: bool) -> None:
        """Add one answer to a domain's posterior.

        Parameters
        ----------
        domain : int
            1 to 4.
        a, b : float
            The item's parameters.
        correct : bool
        """
        sign = 1.0 if correct else -1.0
        row = self.log_post[domain - 1]
        row -= np.logaddexp(0.0, -sign * a * (GRID - b))
        row -= row.max()
        self.answered[domain - 1] += 1

    def weights(self) -> np.ndarray:
        """Return the normalised posteriors, shape (4, len(GRID)).

        Returns
        -------
        ndarray
        """
        w = np.exp(self.log_post - self.log_post.max(axis=1, keepdims=True))
        return w / w.sum(axis=1, keepdims=True)

    def means(self) -> np.ndarray:
        """Return the posterior means of domains 1..4.

        Returns
        -------
        ndarray
        """
        return self.weights() @ GRID

    def sds(self) -> np.ndarray:
        """Return the posterior sds of domains 1..4.

        Returns
        -------
        ndarray
        """
        w = self.weights()
        mean = w @ GRID
        return np.sqrt(np.maximum((w * (GRID - mean[:, None]) ** 2).sum(axis=1), 0))


def _answers(
    responses: pd.DataFrame,
    params: pd.DataFrame | None,
    columns: tuple[str, ...] = ("domain", "a", "b"),
) -> pd.DataFrame:
    """Join responses (``item``, ``correct``) to item parameters when needed."""
    frame = responses.copy()
    need = [c for c in columns if c not in frame]
    if need:
        if params is None:
            params = item_parameters()
        p = params.set_index("id")
        unknown = sorted(set(frame["item"]) - set(p.index))
        if unknown:
            raise ValueError(f"responses: unknown item(s) {', '.join(unknown[:5])}")
        for c in need:
            frame[c] = frame["item"].map(p[c])
    frame["correct"] = frame["correct"].astype(bool)
    return frame


def estimate_abilities(
    responses: pd.DataFrame, params: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return each domain's ability estimate with its uncertainty.

    Parameters
    ----------
    responses : DataFrame
        One row per answer: ``item`` and ``correct`` (and, optionally,
        ``domain``, ``a``, ``b``; else looked up in ``params``).
    params : DataFrame, optional
        :func:`item_parameters` (the whole bank by default).

    Returns
    -------
    DataFrame
        Indexed by ``domain`` 1..4: ``answered``, ``right``, ``ability``
        (posterior mean, logits), ``sd``, ``low`` and ``high`` (a 90 %
        credible interval).

    Examples
    --------
    >>> r = pd.DataFrame({"item": ["x", "y"], "domain": [2, 2], "a": [1, 1],
    ...                   "b": [0, 0], "correct": [True, True]})
    >>> est = estimate_abilities(r)
    >>> int(est.loc[2, "answered"]), bool(est.loc[2, "ability"] > est.loc[1, "ability"])
    (2, True)

    Used in: lesson 00, start here ("My progress").
    """
    frame = _answers(responses, params) if len(responses) else responses
    rows = []
    for d in _DOMAINS:
        mine = frame[frame["domain"] == d] if len(frame) else frame
        log_post = _normal_log_prior(PRIOR_MEAN, PRIOR_SD)
        if len(mine):
            log_post = log_post + _log_likelihood(
                mine["a"].to_numpy(float),
                mine["b"].to_numpy(float),
                mine["correct"].to_numpy(bool),
            )
        _, mean, sd, low, high = _summary(log_post)
        right = int(mine["correct"].sum()) if len(mine) else 0
        rows.append((d, len(mine), right, mean, sd, low, high))
    columns = ["domain", "answered", "right", "ability", "sd", "low", "high"]
    return pd.DataFrame(rows, columns=columns).set_index("domain")


def estimate_tasks(
    responses: pd.DataFrame, params: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return each outline task's ability estimate, shrunk towards its domain's.

    A task's prior is its domain's posterior from the *other* tasks' answers,
    widened by :data:`TASK_SD`; its own answers then move it.

    Parameters
    ----------
    responses : DataFrame
        As for :func:`estimate_abilities`, with ``task`` (or looked up).
    params : DataFrame, optional

    Returns
    -------
    DataFrame
        Indexed by ``task`` (every task of the outline): ``domain``,
        ``answered``, ``right``, ``ability``, ``sd``.

    Examples
    --------
    >>> r = pd.DataFrame({"item": ["x"], "domain": [2], "task": ["2.2"],
    ...                   "a": [1.0], "b": [0.0], "correct": [False]})
    >>> est = estimate_tasks(r)
    >>> bool(est.loc["2.2", "ability"] < est.loc["2.1", "ability"] < 0)
    True

    Used in: lesson 00, start here ("My progress").
    """
    from pmcourse.capm.schema import TASKS

    columns = ("domain", "task", "a", "b")
    frame = _answers(responses, params, columns) if len(responses) else responses
    rows = []
    for d, tasks in TASKS.items():
        in_domain = frame[frame["domain"] == d] if len(frame) else frame
        for task in tasks:
            mine = in_domain[in_domain["task"] == task] if len(in_domain) else in_domain
            others = in_domain[in_domain["task"] != task] if len(in_domain) else mine
            log_prior = _normal_log_prior(PRIOR_MEAN, PRIOR_SD)
            if len(others):
                log_prior = log_prior + _log_likelihood(
                    others["a"].to_numpy(float),
                    others["b"].to_numpy(float),
                    others["correct"].to_numpy(bool),
                )
            _, m, s, _, _ = _summary(log_prior)
            log_post = _normal_log_prior(m, float(np.hypot(s, TASK_SD)))
            if len(mine):
                log_post = log_post + _log_likelihood(
                    mine["a"].to_numpy(float),
                    mine["b"].to_numpy(float),
                    mine["correct"].to_numpy(bool),
                )
            _, mean, sd, _, _ = _summary(log_post)
            right = int(mine["correct"].sum()) if len(mine) else 0
            rows.append((task, d, len(mine), right, mean, sd))
    names = ["task", "domain", "answered", "right", "ability", "sd"]
    return pd.DataFrame(rows, columns=names).set_index("task")


def calibrate(
    responses: pd.DataFrame,
    *,
    a: float | Mapping[str, float] = 1.0,
    min_answers: int = 20,
) -> pd.DataFrame:
    r"""Estimate each item's difficulty from how often it was answered right.

    With abilities spread as the prior (normal, mean 0, sd 1), an item of
    difficulty ``b`` is answered right by a share
    :math:`\int P(\text{right} \mid \theta)\, \phi(\theta)\, d\theta`
    of learners; ``b`` is the value that makes this share equal the
    observed one (smoothed: (right + 0.5) / (answers + 1)). Families are
    calibrated as one item (every draw of a family shares its difficulty).

    Parameters
    ----------
    responses : DataFrame
        ``item`` and ``correct``, one row per answer.
    a : float or mapping of item to float
        The discrimination assumed for each item.
    min_answers : int
        Items with fewer answers are left out (their starting values stand).

    Returns
    -------
    DataFrame
        ``item``, ``answers``, ``share_right``, ``a``, ``b``.

    Raises
    ------
    ValueError
        If ``responses`` lacks ``item`` or ``correct``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> theta = rng.normal(size=4000)
    >>> right = rng.random(4000) < p_correct(theta, 1.0, 0.8)
    >>> fit = calibrate(pd.DataFrame({"item": "F-EVM-01", "correct": right}))
    >>> round(float(fit.loc[0, "b"]), 1)
    0.8

    Used in: lesson 09, CAPM practice (calibrating the bank).
    """
    missing = [c for c in ("item", "correct") if c not in responses]
    if missing:
        raise ValueError(f"responses lacks column(s) {', '.join(missing)}")
    nodes, weights = np.polynomial.hermite_e.hermegauss(41)
    weights = weights / weights.sum()
    rows = []
    for item, group in responses.groupby("item", sort=True):
        n = len(group)
        if n < min_answers:
            continue
        share = (float(group["correct"].sum()) + 0.5) / (n + 1.0)
        slope = float(a[str(item)]) if isinstance(a, Mapping) else float(a)

        def gap(b: float, slope: float = slope, share: float = share) -> float:
            return float(weights @ p_correct(nodes, slope, b)) - share

        b = float(optimize.brentq(gap, -10.0, 10.0))
        rows.append((item, n, share, slope, b))
    return pd.DataFrame(rows, columns=["item", "answers", "share_right", "a", "b"])
