"""Adaptive practice: the next item where it tells most about a weak domain.

:class:`PracticePlanner` chooses item after item for one learner:

- ``policy="adaptive"``: the domain whose ability is least certain (the
  weakest one among near ties), then the item of that domain with the most
  expected information at the learner's ability (its difficulty nearest the
  learner); a missed item comes back after ``spacing`` other items as a new
  item of the same concept (a fresh draw of the same family, or another
  question of the same outline task), never the same question;
- ``policy="uniform"``: outline-weighted random practice (a domain drawn
  with the outline's weights, then any unused item of it), the baseline.

It stops (:attr:`PracticePlanner.done`) when every domain's ability is known
to within ``tolerance`` logits (posterior sd) or the pass/fail call is
``confidence`` certain. :class:`AdaptivePractice` puts concrete questions on
top (drawn from the bank) for the practice widget. The full mock exam stays
outline-weighted (:func:`pmcourse.capm.assemble_exam`).

Used in: lesson 09, CAPM practice (adaptive practice).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pmcourse.capm.irt import GRID, AbilityTracker, information, item_parameters
from pmcourse.capm.readiness import (
    Readiness,
    domain_curves,
    exam_counts,
    pass_probability,
    readiness,
)
from pmcourse.capm.schema import OUTLINE_WEIGHTS

__all__ = ["POLICIES", "AdaptivePractice", "PracticePlanner"]

POLICIES = ("adaptive", "uniform")
#: Default stopping rule: posterior sd per domain (logits) and call certainty.
TOLERANCE, CONFIDENCE = 0.5, 0.95


class PracticePlanner:
    """Choose practice items for one learner and track what they show.

    Parameters
    ----------
    params : DataFrame, optional
        :func:`pmcourse.capm.irt.item_parameters` (the whole bank by default).
    policy : {"adaptive", "uniform"}
    rng : numpy.random.Generator or int or None
    tolerance : float
        Stop when every domain's posterior sd is at most this (logits).
    confidence : float
        Or when P(pass) is at least this, or at most 1 - this.
    spacing : int
        Items between a missed concept and its new item (adaptive only).
    curves : ndarray, optional
        :func:`pmcourse.capm.readiness.domain_curves` of ``params``.

    Attributes
    ----------
    tracker : AbilityTracker
    history : list of (row, correct)
        Rows of ``params`` answered, in order.

    Raises
    ------
    ValueError
        If the policy is unknown.

    Examples
    --------
    >>> planner = PracticePlanner(rng=3)
    >>> row = planner.choose()
    >>> planner.update(row, correct=False)
    >>> int(planner.tracker.answered.sum()), planner.done
    (1, False)

    Used in: lesson 09, CAPM practice (adaptive practice).
    """

    def __init__(
        self,
        params: pd.DataFrame | None = None,
        *,
        policy: str = "adaptive",
        rng: np.random.Generator | int | None = None,
        tolerance: float = TOLERANCE,
        confidence: float = CONFIDENCE,
        spacing: int = 3,
        curves: np.ndarray | None = None,
    ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"policy must be one of {POLICIES}, got {policy!r}")
        self.params = item_parameters() if params is None else params
        self.policy = policy
        self.rng = np.random.default_rng(rng)
        self.tolerance = float(tolerance)
        self.confidence = float(confidence)
        self.spacing = int(spacing)
        self.curves = domain_curves(self.params) if curves is None else curves
        self.tracker = AbilityTracker()
        self.history: list[tuple[int, bool]] = []
        self._domain = self.params["domain"].to_numpy(int)
        self._family = self.params["family"].to_numpy(bool)
        self._task = self.params["task"].to_numpy(str)
        self._a = self.params["a"].to_numpy(float)
        self._b = self.params["b"].to_numpy(float)
        self._used = np.zeros(len(self.params), dtype=bool)
        self._due: list[tuple[int, int]] = []
        self._counts = exam_counts()
        self._weights = np.array([OUTLINE_WEIGHTS[d] for d in (1, 2, 3, 4)])

    # --- state --------------------------------------------------------------

    def pass_probability(self) -> float:
        """Return the current P(pass) of a full exam.

        Returns
        -------
        float
        """
        return pass_probability(self.tracker.weights(), self.curves, self._counts)

    @property
    def done(self) -> bool:
        """Whether practice can stop: abilities known, or the call is certain."""
        if bool((self.tracker.sds() <= self.tolerance).all()):
            return True
        p = self.pass_probability()
        return p >= self.confidence or p <= 1 - self.confidence

    def readiness(self) -> Readiness:
        """Return the learner's :class:`pmcourse.capm.readiness.Readiness`.

        Returns
        -------
        Readiness
        """
        return readiness(self.tracker, self.curves)

    # --- choosing -----------------------------------------------------------

    def _available(self, mask: np.ndarray) -> np.ndarray:
        return np.flatnonzero(mask & (self._family | ~self._used))

    def _most_informative(self, rows: np.ndarray, domain: int) -> int:
        w = self.tracker.weights()[domain - 1]
        info = w @ information(GRID[:, None], self._a[rows], self._b[rows])
        best = np.flatnonzero(info >= info.max() - 1e-9)
        return int(rows[self.rng.choice(best)])

    def _spaced(self) -> int | None:
        """Return the row of a missed concept that is due again, if any."""
        step = len(self.history)
        while self._due and self._due[0][0] <= step:
            _, row = self._due.pop(0)
            if self._family[row]:
                return row  # a fresh draw of the same family
            same = self._available(
                (self._task == self._task[row]) & (self._domain == self._domain[row])
            )
            if len(same):
                return self._most_informative(same, int(self._domain[row]))
        return None

    def choose(self) -> int:
        """Return the row of ``params`` to ask next.

        Returns
        -------
        int

        Raises
        ------
        ValueError
            If no item is left to ask.
        """
        if self.policy == "uniform":
            open_domains = [
                d for d in (1, 2, 3, 4) if len(self._available(self._domain == d))
            ]
            if not open_domains:
                raise ValueError("no practice item is left to ask")
            p = self._weights[np.array(open_domains) - 1]
            d = int(self.rng.choice(open_domains, p=p / p.sum()))
            return int(self.rng.choice(self._available(self._domain == d)))
        spaced = self._spaced()
        if spaced is not None:
            return spaced
        sds = self.tracker.sds()
        score = sds - 0.01 * self.tracker.means()
        for d in np.argsort(-score, kind="stable") + 1:
            rows = self._available(self._domain == d)
            if len(rows):
                return self._most_informative(rows, int(d))
        raise ValueError("no practice item is left to ask")

    def update(self, row: int, correct: bool) -> None:
        """Record the learner's answer to row ``row``.

        Parameters
        ----------
        row : int
        correct : bool
        """
        self.tracker.update(
            int(self._domain[row]), self._a[row], self._b[row], bool(correct)
        )
        self._used[row] = True
        self.history.append((int(row), bool(correct)))
        if not correct and self.policy == "adaptive":
            self._due.append((len(self.history) + self.spacing, int(row)))


class AdaptivePractice:
    """Adaptive practice with real questions from the bank, one at a time.

    Parameters
    ----------
    bank : DataFrame, optional
        Rows of :func:`pmcourse.capm.load_bank` (the whole bank by default).
    rng : numpy.random.Generator or int or None
        Drives the choice and the families' numbers.
    **planner : Any
        Passed to :class:`PracticePlanner` (``tolerance``, ``spacing``...).

    Attributes
    ----------
    planner : PracticePlanner
    item : pmcourse.capm.Item or None
        The question on screen.

    Examples
    --------
    >>> practice = AdaptivePractice(rng=5)
    >>> item = practice.next_item()
    >>> practice.answer(item.answer)
    True
    >>> practice.asked
    1

    Used in: lesson 09, CAPM practice (adaptive practice).
    """

    def __init__(
        self,
        bank: pd.DataFrame | None = None,
        *,
        rng: np.random.Generator | int | None = None,
        **planner: Any,
    ) -> None:
        from pmcourse.capm.bank import load_bank

        self.bank = load_bank() if bank is None else bank
        self.planner = PracticePlanner(item_parameters(self.bank), rng=rng, **planner)
        self.item: Any = None
        self._row: int | None = None
        self.asked = 0

    def next_item(self) -> Any:
        """Draw the next question (a new family draw each time).

        Returns
        -------
        pmcourse.capm.Item
        """
        from pmcourse.capm.bank import draw

        row = self.planner.choose()
        item_id = str(self.planner.params.loc[row, "id"])
        seed = int(self.planner.rng.integers(1, 2**31 - 1))
        self.item = draw(item_id, seed) if self.planner._family[row] else draw(item_id)
        self._row = row
        return self.item

    def answer(self, response: Any) -> bool:
        """Grade the response to the current question and update the estimate.

        Parameters
        ----------
        response : str, sequence of str or number

        Returns
        -------
        bool
            Whether it was right.

        Raises
        ------
        ValueError
            If no question is on screen.
        """
        from pmcourse.capm.item import grade

        if self.item is None or self._row is None:
            raise ValueError("no question on screen: call next_item() first")
        right = grade(self.item, response)
        self.planner.update(self._row, right)
        self.item, self._row = None, None
        self.asked += 1
        return right

    @property
    def done(self) -> bool:
        """Whether the readiness estimate is confident enough to stop."""
        return self.planner.done

    def readiness(self) -> Readiness:
        """Return the current readiness estimate.

        Returns
        -------
        Readiness
        """
        return self.planner.readiness()
