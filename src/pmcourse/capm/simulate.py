"""Simulated learners: adaptive practice against random, and readiness checked.

Each simulated learner has known abilities in the four domains (a general
ability plus a domain offset) and answers items by the same response model
(:mod:`pmcourse.capm.irt`). A practice policy asks items until *mastery*:
every domain's estimate is within ``tolerance`` logits of the truth with a
posterior sd of at most ``tolerance`` (the estimate is right and known to be),
or the pass/fail call is 95 % certain; at most ``max_items``. The learner then
sits a simulated full exam (135 scored items, outline-weighted); the readiness
estimate at mastery is scored against that result with the Brier score, next
to a constant predictor (the pass rate of the whole group).

Run ``python -m pmcourse.capm.simulate --policy adaptive --learners 500
--seed 1 --json``.

Used in: lesson 09, CAPM practice (why adaptive practice); the benchmark
``benchmarks/bench_adaptive.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from pmcourse.capm.adaptive import CONFIDENCE, POLICIES, TOLERANCE, PracticePlanner
from pmcourse.capm.irt import item_parameters, p_correct
from pmcourse.capm.readiness import PASS_LINE, domain_curves, exam_counts

__all__ = ["SimulationResult", "learners", "main", "simulate"]

#: The simulated population: general ability ~ N(MEAN, GENERAL_SD) plus a
#: domain offset ~ N(0, DOMAIN_SD).
MEAN, GENERAL_SD, DOMAIN_SD = 0.0, 0.8, 0.5
MAX_ITEMS = 400


@dataclass(frozen=True)
class SimulationResult:
    """What a run of simulated learners shows.

    Attributes
    ----------
    policy : str
    learners : int
    seed : int
    tolerance : float
    items_to_mastery_mean, items_to_mastery_median : float
        Items asked until mastery (``max_items`` when not reached).
    reached_mastery : float
        Share of learners who reached mastery within ``max_items``.
    readiness_brier : float
        Brier score of the readiness estimate at mastery against each
        learner's simulated full-exam result.
    constant_brier : float
        Brier score of the group's pass rate given to everyone.
    pass_rate : float
        Share of learners who passed their simulated exam.
    """

    policy: str
    learners: int
    seed: int
    tolerance: float
    items_to_mastery_mean: float
    items_to_mastery_median: float
    reached_mastery: float
    readiness_brier: float
    constant_brier: float
    pass_rate: float


def learners(n: int, rng: np.random.Generator | int | None = None) -> np.ndarray:
    """Return ``n`` learners' true abilities in domains 1..4.

    Parameters
    ----------
    n : int
    rng : numpy.random.Generator or int or None

    Returns
    -------
    ndarray, shape (n, 4)

    Examples
    --------
    >>> learners(3, rng=0).shape
    (3, 4)

    Used in: lesson 09, CAPM practice (simulated learners).
    """
    rng = np.random.default_rng(rng)
    general = rng.normal(MEAN, GENERAL_SD, size=(n, 1))
    return general + rng.normal(0.0, DOMAIN_SD, size=(n, 4))


def _full_exam(
    theta: np.ndarray, params: pd.DataFrame, rng: np.random.Generator
) -> bool:
    """Sit a simulated outline-weighted exam; return whether it is passed."""
    right = 0
    counts = exam_counts()
    for d, n in zip((1, 2, 3, 4), counts, strict=True):
        mine = params[params["domain"] == d]
        rows = rng.choice(len(mine), size=int(n), replace=True)
        p = p_correct(
            theta[d - 1], mine["a"].to_numpy()[rows], mine["b"].to_numpy()[rows]
        )
        right += int((rng.random(int(n)) < p).sum())
    return right >= math.ceil(PASS_LINE * counts.sum() - 1e-9)


def simulate(
    policy: str = "adaptive",
    n_learners: int = 500,
    seed: int = 0,
    *,
    tolerance: float = TOLERANCE,
    max_items: int = MAX_ITEMS,
    params: pd.DataFrame | None = None,
) -> SimulationResult:
    """Run simulated learners through a practice policy.

    Parameters
    ----------
    policy : {"adaptive", "uniform"}
    n_learners : int
    seed : int
        The same seed gives the same learners (whatever the policy), so two
        policies are compared on the same people.
    tolerance : float
        Mastery tolerance, in logits.
    max_items : int
        Practice stops here if mastery is not reached.
    params : DataFrame, optional
        :func:`pmcourse.capm.irt.item_parameters` (the whole bank by default).

    Returns
    -------
    SimulationResult

    Raises
    ------
    ValueError
        If the policy is unknown or ``n_learners`` is below 1.

    Examples
    --------
    >>> r = simulate("adaptive", 5, seed=2)
    >>> r.learners, 0 < r.items_to_mastery_mean <= 400
    (5, True)

    Used in: lesson 09, CAPM practice; ``benchmarks/bench_adaptive.py``.
    """
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, got {policy!r}")
    if n_learners < 1:
        raise ValueError(f"n_learners must be at least 1, got {n_learners}")
    params = item_parameters() if params is None else params
    curves = domain_curves(params)
    truths = learners(n_learners, rng=seed)
    answer_rngs = np.random.default_rng(seed + 1).spawn(n_learners)
    exam_rngs = np.random.default_rng(seed + 2).spawn(n_learners)
    items, reached, predicted, passed = [], [], [], []
    for k in range(n_learners):
        theta, rng = truths[k], answer_rngs[k]
        planner = PracticePlanner(
            params, policy=policy, rng=rng, tolerance=tolerance, curves=curves
        )
        mastered = False
        while len(planner.history) < max_items:
            sds = planner.tracker.sds()
            errors = np.abs(planner.tracker.means() - theta)
            p_pass = planner.pass_probability()
            if ((errors <= tolerance) & (sds <= tolerance)).all() or not (
                1 - CONFIDENCE < p_pass < CONFIDENCE
            ):
                mastered = True
                break
            row = planner.choose()
            d = int(planner._domain[row])
            p = float(p_correct(theta[d - 1], planner._a[row], planner._b[row]))
            planner.update(row, bool(rng.random() < p))
        items.append(len(planner.history))
        reached.append(mastered)
        predicted.append(planner.pass_probability())
        passed.append(_full_exam(theta, params, exam_rngs[k]))
    pred, outcome = np.array(predicted), np.array(passed, dtype=float)
    rate = float(outcome.mean())
    return SimulationResult(
        policy=policy,
        learners=n_learners,
        seed=int(seed),
        tolerance=float(tolerance),
        items_to_mastery_mean=float(np.mean(items)),
        items_to_mastery_median=float(np.median(items)),
        reached_mastery=float(np.mean(reached)),
        readiness_brier=float(np.mean((pred - outcome) ** 2)),
        constant_brier=float(np.mean((rate - outcome) ** 2)),
        pass_rate=rate,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m pmcourse.capm.simulate``.

    Parameters
    ----------
    argv : sequence of str, optional

    Returns
    -------
    int
        The exit status.

    Examples
    --------
    >>> main(["--policy", "uniform", "--learners", "2", "--seed", "1", "--json"])
    {"policy": "uniform", "learners": 2, ...}
    0

    Used in: lesson 09, CAPM practice; ``benchmarks/bench_adaptive.py``.
    """
    parser = argparse.ArgumentParser(
        prog="python -m pmcourse.capm.simulate",
        description="Simulated learners practising CAPM items: items to "
        "mastery and the Brier score of the readiness estimate.",
    )
    parser.add_argument("--policy", choices=POLICIES, default="adaptive")
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--max-items", type=int, default=MAX_ITEMS)
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    result = simulate(
        args.policy,
        args.learners,
        args.seed,
        tolerance=args.tolerance,
        max_items=args.max_items,
    )
    if args.json:
        print(json.dumps(asdict(result)))
    else:
        for name, value in asdict(result).items():
            print(f"{name:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
