"""Choosing a life cycle: score how well each approach fits a project's situation.

A teaching model, not a law. A project is described by seven factors, each
rated from 1 (low) to 5 (high) (see :data:`FACTORS`). Each rating is centred,
``x = (level - 3) / 2``, so that 3 is neutral and 1 and 5 are -1 and +1. Each
of the four basic approaches has one weight per factor (:data:`WEIGHTS`): a
positive weight means "a high rating favours this approach", a negative one
"a low rating does". An approach's fit, from 0 to 100 with 50 neutral, is::

    contribution[f] = 50 * weight[f] * x[f] / sum(|weight|)
    fit             = 50 + sum(contribution)

so a project rated at the favourable end of every factor scores 100 and one
at the unfavourable end scores 0. The contributions are the *reasons*: how
many points each factor adds to or takes from the approach.

A hybrid approach (a plan-driven frame with adaptive parts, or the reverse)
fits best when the project gives strong reasons for *both* predictive and
adaptive work, such as regulated hardware alongside software whose
requirements will keep changing::

    support_predictive = sum of the positive contributions to predictive
    support_adaptive   = sum of the positive contributions to adaptive
    fit_hybrid = (fit_predictive + fit_adaptive) / 2
                 + min(support_predictive, support_adaptive)

clipped to 0-100. Its per-factor contributions are the average of the
predictive and adaptive ones, plus one more reason, ``mixed_signals``, worth
``min(support_predictive, support_adaptive)``.

The weights follow the two questions the common life-cycle diagrams ask:
how much will the requirements change (predictive and incremental expect
little change; iterative and adaptive expect a lot), and how often must
something usable be delivered (predictive and iterative deliver once;
incremental and adaptive deliver often). Regulation and a high cost of late
change favour settling things early; a team used to short self-managed
iterations and customers available to give feedback make adaptive work
possible.

Used in: lesson 01, life cycles; exercise ps01.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.core.checks import as_frame, is_whole

__all__ = [
    "APPROACHES",
    "FACTORS",
    "WEIGHTS",
    "Factor",
    "LifeCycleFit",
    "assess",
    "assess_table",
]


@dataclass(frozen=True)
class Factor:
    """One factor of a project's situation, rated 1 to 5.

    Attributes
    ----------
    name : str
        The identifier used in code and data (``requirements_clarity``).
    label : str
        A short label for controls and charts.
    low, high : str
        What a rating of 1 and of 5 mean.
    """

    name: str
    label: str
    low: str
    high: str


#: The seven factors, in the order used by tables and charts.
FACTORS: tuple[Factor, ...] = (
    Factor(
        "requirements_clarity",
        "Requirements clarity",
        "only a rough idea of what is needed",
        "fully specified and agreed",
    ),
    Factor(
        "requirements_volatility",
        "Requirements volatility",
        "will hardly change",
        "will keep changing",
    ),
    Factor(
        "delivery_cadence",
        "Need for frequent delivery",
        "one delivery at the end is fine",
        "users need something usable every few weeks",
    ),
    Factor(
        "regulatory_constraints",
        "Regulation and formal approvals",
        "none",
        "heavy: audits, certification, signed-off gates",
    ),
    Factor(
        "cost_of_change",
        "Cost of a late change",
        "cheap: change and redeploy",
        "very high: tooling, concrete, contracts",
    ),
    Factor(
        "team_experience",
        "Team's experience with short iterations",
        "none",
        "seasoned, self-managing",
    ),
    Factor(
        "stakeholder_availability",
        "Customer and user availability",
        "rarely available for feedback",
        "available any time",
    ),
)

_NAMES = tuple(f.name for f in FACTORS)
_BY_NAME = {f.name: f for f in FACTORS}

#: The approaches scored, in the order used for ties and charts.
APPROACHES: tuple[str, ...] = (
    "predictive",
    "iterative",
    "incremental",
    "adaptive",
    "hybrid",
)

# One row per basic approach, one weight per factor in the order of FACTORS:
#                 clarity volatility cadence regulation change team stakeholders
_WEIGHT_ROWS: tuple[tuple[str, tuple[float, ...]], ...] = (
    ("predictive", (2.0, -2.0, -1.5, 1.5, 1.5, -0.5, -0.5)),
    ("iterative", (-2.0, 1.5, -1.5, 0.0, -1.0, 0.5, 1.5)),
    ("incremental", (1.5, -1.0, 2.0, 0.0, -0.5, 0.5, 0.5)),
    ("adaptive", (-1.5, 2.0, 2.0, -1.0, -1.5, 1.5, 1.5)),
)

#: Weight of each factor for the four basic approaches (hybrid is derived).
WEIGHTS: dict[str, dict[str, float]] = {
    approach: dict(zip(_NAMES, weights, strict=True))
    for approach, weights in _WEIGHT_ROWS
}

_LEVEL_WORDS = {1: "very low", 2: "low", 3: "moderate", 4: "high", 5: "very high"}


@dataclass(frozen=True)
class LifeCycleFit:
    """How well each approach fits one scenario, and why.

    Attributes
    ----------
    levels : dict of str to int
        The scenario's rating of each factor (1 to 5).
    fit : Series
        Fit of each approach, 0 to 100 (50 neutral), indexed by
        :data:`APPROACHES`.
    contributions : DataFrame
        Points each factor adds to (positive) or takes from (negative) each
        approach's fit: one row per approach, one column per factor plus
        ``mixed_signals`` (non-zero for hybrid only). Each row sums to
        ``fit - 50`` before clipping.
    recommended : str
        The approach with the highest fit (ties go to the earlier one in
        :data:`APPROACHES`).
    margin : float
        Points between the recommended approach and the runner-up; under 5
        is a close call.
    reasons : tuple of str
        Sentences explaining the recommendation: the strongest factors for
        it, then the strongest against.
    """

    levels: dict[str, int]
    fit: pd.Series = field(repr=False)
    contributions: pd.DataFrame = field(repr=False)
    recommended: str
    margin: float
    reasons: tuple[str, ...] = field(repr=False)

    @property
    def runner_up(self) -> str:
        """The approach with the second-highest fit."""
        return str(self._ranking()[1])

    def _ranking(self) -> list[str]:
        order = {a: i for i, a in enumerate(APPROACHES)}
        return sorted(APPROACHES, key=lambda a: (-self.fit[a], order[a]))


def _level(value: Any, name: str) -> int:
    if not is_whole(value, 1) or float(value) > 5:
        raise ValueError(f"{name} must be a whole number from 1 to 5, got {value!r}")
    return int(float(value))


def _levels(scenario: Mapping[str, Any] | None, given: Mapping[str, Any]) -> dict:
    merged = {} if scenario is None else dict(scenario)
    merged.update(given)  # keywords override: handy for "what if" questions
    unknown = sorted(set(merged) - set(_NAMES))
    if unknown:
        raise ValueError(f"unknown factor(s) {unknown}; the factors are {list(_NAMES)}")
    missing = [n for n in _NAMES if n not in merged]
    if missing:
        raise ValueError(f"missing factor(s) {missing}: rate each from 1 to 5")
    return {n: _level(merged[n], n) for n in _NAMES}


def _reasons(
    levels: dict[str, int],
    contrib: pd.DataFrame,
    best: str,
    runner_up: str,
    margin: float,
) -> list[str]:
    row = contrib.loc[best]
    factors = row.drop("mixed_signals").sort_values(ascending=False)

    def said(name: str) -> str:
        level = levels[name]
        return f"{_BY_NAME[name].label.lower()}: {_LEVEL_WORDS[level]} ({level}/5)"

    out = []
    if margin < 5:
        out.append(f"a close call: {runner_up} is only {margin:.0f} points behind")
    if best == "hybrid" and row["mixed_signals"] >= 0.5:
        pulls = {}
        for side in ("predictive", "adaptive"):
            strongest = contrib.loc[side, list(_NAMES)].sort_values(ascending=False)
            pulls[side] = [
                _BY_NAME[f].label.lower() for f, v in strongest.items() if v >= 0.5
            ][:2]
        out.append(
            f"mixed signals, +{row['mixed_signals']:.0f}: "
            f"{' and '.join(pulls['predictive'])} call for a plan, while "
            f"{' and '.join(pulls['adaptive'])} call for adaptive work"
        )
    for name, points in factors.items():
        if points >= 0.5 and len(out) < 4:
            out.append(f"{said(name)}, +{points:.0f}")
    if factors.iloc[-1] <= -0.5:
        out.append(f"against it: {said(factors.index[-1])}, {factors.iloc[-1]:.0f}")
    return out


def assess(scenario: Mapping[str, Any] | None = None, **levels: Any) -> LifeCycleFit:
    """Score how well each life cycle fits a scenario, with the reasons.

    The fit of each basic approach is ``50 + sum(contribution)`` with
    ``contribution = 50 * weight * (level - 3) / 2 / sum(|weights|)``; the
    hybrid fit is the average of the predictive and adaptive fits plus the
    smaller of their two supports (see the module docstring).

    Parameters
    ----------
    scenario : mapping, optional
        A rating from 1 to 5 for each factor in :data:`FACTORS`, by name
        (a dict, or a row of a DataFrame).
    **levels
        Ratings given as keyword arguments instead; a keyword overrides the
        same factor in ``scenario``, which makes "what if" questions short.

    Returns
    -------
    LifeCycleFit

    Raises
    ------
    ValueError
        If a factor is missing, unknown, or not a whole number from 1 to 5
        (naming it).

    Examples
    --------
    >>> bridge = dict(requirements_clarity=5, requirements_volatility=1,
    ...               delivery_cadence=1, regulatory_constraints=4,
    ...               cost_of_change=5, team_experience=2,
    ...               stakeholder_availability=2)
    >>> result = assess(bridge)
    >>> result.recommended, round(float(result.fit["predictive"]), 1)
    ('predictive', 93.4)
    >>> what_if = assess(bridge, requirements_clarity=1)  # 50 + 50 * 4.25 / 9.5
    >>> round(float(what_if.fit["predictive"]), 1)
    72.4

    Used in: lesson 01, life cycles; exercise ps01.
    """
    rated = _levels(scenario, levels)
    x = (np.array([rated[n] for n in _NAMES], dtype=float) - 3.0) / 2.0
    rows = {}
    for approach, weights in WEIGHTS.items():
        w = np.array([weights[n] for n in _NAMES])
        rows[approach] = 50.0 * w * x / np.abs(w).sum() + 0.0  # no "-0.0"
    support_p = float(np.clip(rows["predictive"], 0, None).sum())
    support_a = float(np.clip(rows["adaptive"], 0, None).sum())
    rows["hybrid"] = 0.5 * (rows["predictive"] + rows["adaptive"])
    contrib = pd.DataFrame(rows, index=list(_NAMES)).T.loc[list(APPROACHES)]
    contrib["mixed_signals"] = 0.0
    contrib.loc["hybrid", "mixed_signals"] = min(support_p, support_a)
    contrib.columns.name = "factor"
    contrib.index.name = "approach"
    fit = (50.0 + contrib.sum(axis=1)).clip(0.0, 100.0).rename("fit")
    order = {a: i for i, a in enumerate(APPROACHES)}
    ranking = sorted(APPROACHES, key=lambda a: (-fit[a], order[a]))
    best, margin = ranking[0], float(fit[ranking[0]] - fit[ranking[1]])
    return LifeCycleFit(
        levels=rated,
        fit=fit,
        contributions=contrib,
        recommended=best,
        margin=margin,
        reasons=tuple(_reasons(rated, contrib, best, ranking[1], margin)),
    )


def assess_table(scenarios: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Score several scenarios at once: one row of fits per scenario.

    Parameters
    ----------
    scenarios : DataFrame or list of dict
        One row per scenario with a column per factor (other columns, such
        as a name, are kept in front).

    Returns
    -------
    DataFrame
        The other columns, then one fit column per approach, then
        ``recommended`` and ``margin``.

    Raises
    ------
    ValueError
        Naming the row whose ratings are missing or out of range.

    Examples
    --------
    >>> rows = [dict(name="app", requirements_clarity=1,
    ...              requirements_volatility=5, delivery_cadence=5,
    ...              regulatory_constraints=1, cost_of_change=1,
    ...              team_experience=4, stakeholder_availability=5)]
    >>> assess_table(rows)[["name", "recommended"]]
      name recommended
    0  app    adaptive

    Used in: lesson 01, life cycles; exercise ps01.
    """
    table = as_frame(scenarios, copy=True)
    others = [c for c in table.columns if c not in _NAMES]
    out = []
    for label, row in table.iterrows():
        try:
            result = assess({n: row[n] for n in _NAMES if n in row.index})
        except ValueError as exc:
            raise ValueError(f"row {label}: {exc}") from None
        out.append(
            {
                **{c: row[c] for c in others},
                **result.fit.to_dict(),
                "recommended": result.recommended,
                "margin": result.margin,
            }
        )
    return pd.DataFrame(out, index=table.index)
