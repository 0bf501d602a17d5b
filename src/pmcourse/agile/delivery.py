"""Agile vs Waterfall: the same product delivered both ways, week by week.

The model is small on purpose: a learner should be able to read its rules,
move a slider and explain what changed. Its rules are the assumptions listed
in :func:`agile_vs_waterfall`. What it is meant to reproduce, qualitatively:

- The later a change or defect is found, the more it costs to put right
  (Barry Boehm's cost-of-change curve, *Software Engineering Economics*,
  1981; Boehm and Basili's "Software Defect Reduction Top 10 List", IEEE
  Computer, 2001, puts a problem found after delivery at often about 100
  times the cost of one found during requirements and design, and far less
  for small, non-critical systems).
- So when requirements change often, short feedback loops win: changes are
  found within a sprint, when they are cheap, and value arrives early. Boehm
  and Turner (*Balancing Agility and Discipline*, 2003) place agile methods'
  "home ground" where requirements change often and plan-driven methods'
  where they are stable; the Standish Group's CHAOS Report 2015 found agile
  projects succeeded more often, and failed outright less often, than
  waterfall ones.
- When scope is stable and well understood, the gap narrows, and the fixed
  cost of running every sprint (planning, review, retrospective, release)
  can make a plan-driven project the cheaper one.

Used in: lesson 06, Agile vs Waterfall (simulation).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.core import is_whole
from pmcourse.core.checks import number

__all__ = ["AgileWaterfallResult", "ApproachSummary", "agile_vs_waterfall"]

_EPS = 1e-9


@dataclass(frozen=True)
class ApproachSummary:
    """How one approach did over the horizon.

    ``value_at_end`` is the share of the product's full value in use at the
    last week (percent); ``value_weeks`` adds up the value in use week by week
    (percent x weeks: the benefit users actually got); ``cost`` is what the
    team cost until it finished or the horizon came; ``finish_week`` is when
    the project closed (None if it was still running at the horizon). Efforts
    are in story points.

    Examples
    --------
    >>> s = agile_vs_waterfall(volatility=0.0, rng=1).waterfall
    >>> s.approach, s.value_at_end, s.rework_effort
    ('waterfall', 100.0, 0.0)
    >>> sorted(s.milestones)
    ['build done', 'released', 'requirements frozen', 'test done']
    """

    approach: str
    finish_week: float | None
    value_at_end: float
    value_weeks: float
    cost: float
    rework_effort: float
    defect_effort: float
    overhead_effort: float
    milestones: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class AgileWaterfallResult:
    """Output of :func:`agile_vs_waterfall`.

    ``timeline`` has one row per week end, from week 0: ``week,
    agile_value, waterfall_value, agile_cost, waterfall_cost`` (value in
    percent of the full product, cost in currency).

    Examples
    --------
    >>> r = agile_vs_waterfall(weeks=30, rng=1)
    >>> len(r.timeline), r.agile.approach
    (31, 'agile')
    """

    timeline: pd.DataFrame
    agile: ApproachSummary
    waterfall: ApproachSummary

    def summary(self) -> pd.DataFrame:
        """Return both summaries side by side, one row per approach.

        Examples
        --------
        >>> agile_vs_waterfall(rng=1).summary().index.tolist()
        ['agile', 'waterfall']
        """
        rows = []
        for s in (self.agile, self.waterfall):
            rows.append(
                {
                    "finish_week": s.finish_week,
                    "value_at_end": s.value_at_end,
                    "value_weeks": s.value_weeks,
                    "cost": s.cost,
                    "rework_effort": s.rework_effort,
                    "defect_effort": s.defect_effort,
                    "overhead_effort": s.overhead_effort,
                }
            )
        return pd.DataFrame(
            rows, index=pd.Index(["agile", "waterfall"], name="approach")
        )


def _number(name: str, value: float, low: float, high: float = math.inf) -> float:
    return number(value, name, low=low, high=high)


def _whole(name: str, value: int, low: int) -> int:
    if not is_whole(value, low):
        raise ValueError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(value)


def _agile(
    size: np.ndarray,
    value: np.ndarray,
    changes: np.ndarray,
    cost_factor: Callable[[Any], np.ndarray],
    *,
    sprint_length: int,
    capacity: float,
    overhead: float,
    defect_rate: float,
    change_effort: float,
    stale_value: float,
    cost_per_week: float,
) -> tuple[np.ndarray, np.ndarray, ApproachSummary]:
    weeks, n = changes.shape
    L = sprint_length
    # In-sprint testing finds defects, on average half a sprint after injection.
    defect_share = defect_rate * cost_factor(L / 2)
    feature_left = size * (1 + defect_share)
    feature_priority = value / feature_left
    built = np.zeros(n, dtype=bool)
    stale = np.zeros(n, dtype=bool)
    pending = np.zeros(n, dtype=bool)
    rework_left = np.zeros(n)
    rework_priority = np.zeros(n)
    changed_at = np.full(n, np.nan)  # first change not yet reworked
    found_at = np.full(n, np.nan)  # review at which that change was found
    val = np.zeros(weeks + 1)
    cost = np.zeros(weeks + 1)
    spent = {"feature": 0.0, "rework": 0.0, "defect": 0.0, "overhead": 0.0}
    finish: float | None = None
    first_release = math.nan
    available = capacity * L - overhead

    for start in range(0, weeks, L):
        end = start + L
        working = finish is None
        # Sprint planning: fill the sprint from the top of the value-ordered backlog.
        todo_f: Any = np.flatnonzero(~built & (feature_left > _EPS)) if working else []
        todo_r: Any = np.flatnonzero(pending) if working else []
        kinds = np.concatenate([np.zeros(len(todo_f), int), np.ones(len(todo_r), int)])
        idx = np.concatenate([todo_f, todo_r]).astype(int)
        left = np.concatenate([feature_left[todo_f], rework_left[todo_r]])
        prio = np.concatenate([feature_priority[todo_f], rework_priority[todo_r]])
        order = np.argsort(-prio, kind="stable")
        kinds, idx, left = kinds[order], idx[order], left[order]
        before = np.concatenate([[0.0], np.cumsum(left)[:-1]])
        applied = np.clip(available - before, 0.0, left) if working else left * 0
        complete = applied >= left - _EPS
        feature_left[idx[kinds == 0]] -= applied[kinds == 0]
        rework_left[idx[kinds == 1]] -= applied[kinds == 1]
        if working:
            f_applied = applied[kinds == 0].sum()
            spent["defect"] += f_applied * defect_share / (1 + defect_share)
            spent["feature"] += f_applied / (1 + defect_share)
            spent["rework"] += applied[kinds == 1].sum()
            spent["overhead"] += overhead
        in_sprint = np.zeros(n, dtype=bool)
        in_sprint[idx[complete]] = True
        changed_in_sprint = np.full(n, np.nan)

        for week in range(start, min(end, weeks)):
            if not working:  # handed over: the value delivered stays as it was
                val[week + 1] = val[week]
                cost[week + 1] = cost[week]
                continue
            hit = changes[week]
            # A change to a released feature: it keeps only part of its value
            # until the team reworks it.
            new = hit & built & ~stale
            stale |= hit & built
            changed_at[new] = week + 0.5
            late = hit & in_sprint & np.isnan(changed_in_sprint)
            changed_in_sprint[late] = week + 0.5
            val[week + 1] = value[built].sum() - (1 - stale_value) * value[stale].sum()
            cost[week + 1] = cost[week] + cost_per_week

        if end > weeks or not working:
            continue
        # Sprint review: release what was finished, learn which features changed.
        done_f = idx[complete & (kinds == 0)]
        done_r = idx[complete & (kinds == 1)]
        built[done_f] = True
        if done_f.size and math.isnan(first_release):
            first_release = float(end)
        for group in (done_f, done_r):
            again = group[~np.isnan(changed_in_sprint[group])]
            fresh = group[np.isnan(changed_in_sprint[group])]
            stale[fresh] = False
            changed_at[fresh] = np.nan
            stale[again] = True
            changed_at[again] = changed_in_sprint[again]
        pending[done_r] = False
        found = stale & ~pending
        rework_left[found] = (
            change_effort * size[found] * cost_factor(end - changed_at[found])
        )
        rework_priority[found] = (
            value[found] * (1 - stale_value) / np.maximum(rework_left[found], _EPS)
        )
        found_at[found] = end
        pending |= found
        val[end] = value[built].sum() - (1 - stale_value) * value[stale].sum()
        # Close once everything is built and all rework known at the previous
        # review is done; changes found only now ship as they are.
        if built.all() and not np.any(pending & (found_at < end)):
            finish = float(end)

    summary = ApproachSummary(
        approach="agile",
        finish_week=finish,
        value_at_end=float(val[-1]),
        value_weeks=float(val[1:].sum()),
        cost=float(cost[-1]),
        rework_effort=spent["rework"],
        defect_effort=spent["defect"],
        overhead_effort=spent["overhead"],
        milestones={"first release": first_release, "backlog done": finish or math.nan},
    )
    return val, cost, summary


def _waterfall(
    size: np.ndarray,
    value: np.ndarray,
    changes: np.ndarray,
    cost_factor: Callable[[Any], np.ndarray],
    *,
    capacity: float,
    upfront_fraction: float,
    defect_rate: float,
    change_effort: float,
    stale_value: float,
    cost_per_week: float,
) -> tuple[np.ndarray, np.ndarray, ApproachSummary]:
    weeks, n = changes.shape
    total = size.sum()
    upfront = upfront_fraction * total
    t_freeze = upfront / capacity
    built_at = t_freeze + np.cumsum(size) / capacity
    t_build = t_freeze + total / capacity
    # System test finds the defects, long after some features were built.
    defect_effort = float(defect_rate * np.sum(size * cost_factor(t_build - built_at)))
    t_test = t_build + defect_effort / capacity
    # Acceptance testing shows which requirements changed after the freeze.
    when = np.arange(weeks) + 0.5
    window = (when >= t_freeze) & (when < t_test)
    hits = changes & window[:, None]
    changed = hits.any(axis=0)
    first = np.where(changed, when[hits.argmax(axis=0)], np.nan)
    rework_effort = float(
        np.sum(change_effort * size[changed] * cost_factor(t_test - first[changed]))
    )
    t_release = t_test + rework_effort / capacity
    # Changes during the rework are not reworked: the product ships with them.
    late = (when >= t_test) & (when < t_release)
    stale = (changes & late[:, None]).any(axis=0)
    delivered = value.sum() - (1 - stale_value) * value[stale].sum()
    in_use = np.arange(1, weeks + 1) >= t_release - _EPS
    val = np.zeros(weeks + 1)
    val[1:] = np.where(in_use, delivered, 0.0)
    cost = cost_per_week * np.minimum(np.arange(weeks + 1), t_release)
    finish = float(t_release) if t_release <= weeks + _EPS else None
    summary = ApproachSummary(
        approach="waterfall",
        finish_week=finish,
        value_at_end=float(val[-1]),
        value_weeks=float(val[1:].sum()),
        cost=float(cost[-1]),
        rework_effort=rework_effort,
        defect_effort=defect_effort,
        overhead_effort=float(upfront),
        milestones={
            "requirements frozen": float(t_freeze),
            "build done": float(t_build),
            "test done": float(t_test),
            "released": float(t_release),
        },
    )
    return val, cost, summary


def agile_vs_waterfall(
    volatility: float = 0.02,
    sprint_length: int = 2,
    capacity: float = 10.0,
    late_change_cost: float = 10.0,
    defect_rate: float = 0.1,
    *,
    features: int = 30,
    feature_size: float = 5.0,
    weeks: int = 52,
    upfront_fraction: float = 0.1,
    sprint_overhead_days: float = 1.0,
    change_effort: float = 0.5,
    stale_value: float = 0.5,
    cost_per_week: float = 10_000.0,
    rng: np.random.Generator | int | None = None,
) -> AgileWaterfallResult:
    """Deliver the same product agile and waterfall, and compare value and cost.

    Assumptions (time in weeks, effort in story points):

    1. The product is ``features`` features. Sizes vary (mean
       ``feature_size``); values are skewed (a few features carry much of the
       value) and add up to 100 (percent of the full product's value).
    2. The team completes ``capacity`` points a week and costs
       ``cost_per_week`` while it works, whatever it works on; both approaches
       have the same team.
    3. Requirements volatility: in every week, each feature's requirement
       changes with probability ``volatility``. A feature built to an outdated
       requirement keeps only ``stale_value`` of its value until reworked.
    4. Cost of change: putting a change right takes ``change_effort`` times the
       feature's size, multiplied by ``late_change_cost ** (lag / plan)``,
       where ``lag`` is how long after the change it was found and ``plan`` is
       the waterfall's planned length; found at once it costs 1x, found a
       whole project later ``late_change_cost``-x (Boehm's curve as a smooth
       exponential). Defects work the same way: ``defect_rate`` points of fixing
       per point built, multiplied by the same factor for how late they are
       found.
    5. Waterfall: a requirements and design phase (``upfront_fraction`` of the
       build effort) ends with the requirements frozen; changes before the
       freeze are free. Then all features are built in plan order, system
       testing finds the defects, and acceptance testing finds every change
       since the freeze, which is reworked before one release. Changes after
       acceptance testing are not reworked.
    6. Agile: sprints of ``sprint_length`` weeks, each costing
       ``sprint_overhead_days`` team-days of planning, review, retrospective
       and release. The backlog is ordered by value per point; a sprint is
       filled from the top (unfinished work carries over). Defects are found
       inside the sprint. A change to a feature not yet built is free (the
       story is refined before it is built); a change to a released feature
       is found at the next review and its rework joins the backlog, ranked by
       the value it restores per point. Finished work is released at the end
       of every sprint. The project closes at the first review at which every
       feature is built and all rework known at the previous review is done;
       changes found only at that last review ship as they are (as in
       waterfall, where changes made during the final rework ship unfixed).
    7. When a project closes, the product is handed over and the team leaves;
       the value delivered then stays as it was (later changes belong to
       whoever runs the product, outside this comparison). A project still
       running at the horizon is compared as it stands.

    Random draws (sizes, values and the weeks each feature changes) are
    taken from ``rng`` in a fixed order, and a change happens when a fixed
    uniform draw falls below ``volatility``: with a fixed seed, moving a
    slider changes the results smoothly instead of re-rolling the dice.

    Parameters
    ----------
    volatility : float
        Weekly probability that a feature's requirement changes, in [0, 1].
    sprint_length : int
        Agile feedback cadence, in whole weeks (>= 1).
    capacity : float
        Team capacity in points per week (> 0).
    late_change_cost : float
        How many times more a change or defect costs when found a whole
        planned project length late (>= 1).
    defect_rate : float
        Points of fixing per point built, if found at once (>= 0).
    features : int
        Number of features (>= 1).
    feature_size : float
        Mean feature size in points (> 0).
    weeks : int
        Horizon in weeks (>= 1).
    upfront_fraction : float
        Waterfall requirements and design effort as a share of the build.
    sprint_overhead_days : float
        Team-days each sprint spends on its ceremonies (5 days a week).
    change_effort : float
        Share of a feature redone for a change found at once.
    stale_value : float
        Share of a feature's value kept while it is outdated, in [0, 1].
    cost_per_week : float
        The team's cost per week.
    rng : numpy.random.Generator or int or None
        Random source or seed.

    Returns
    -------
    AgileWaterfallResult
        ``timeline`` (DataFrame, week by week) with ``agile`` and
        ``waterfall`` summaries (:class:`ApproachSummary`).

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it).

    Examples
    --------
    With volatile requirements, the agile team ends with more value in use:

    >>> r = agile_vs_waterfall(volatility=0.08, rng=1)
    >>> r.agile.value_at_end > r.waterfall.value_at_end
    True
    >>> r.timeline.columns.tolist()
    ['week', 'agile_value', 'waterfall_value', 'agile_cost', 'waterfall_cost']

    With stable requirements both deliver everything:

    >>> r = agile_vs_waterfall(volatility=0.0, rng=1)
    >>> r.agile.value_at_end, r.waterfall.value_at_end
    (100.0, 100.0)

    Used in: lesson 06, Agile vs Waterfall (simulation); exercise ps06.
    """
    volatility = _number("volatility", volatility, 0.0, 1.0)
    sprint_length = _whole("sprint_length", sprint_length, 1)
    capacity = _number("capacity", capacity, _EPS)
    late_change_cost = _number("late_change_cost", late_change_cost, 1.0)
    defect_rate = _number("defect_rate", defect_rate, 0.0)
    features = _whole("features", features, 1)
    feature_size = _number("feature_size", feature_size, _EPS)
    weeks = _whole("weeks", weeks, 1)
    upfront_fraction = _number("upfront_fraction", upfront_fraction, 0.0)
    change_effort = _number("change_effort", change_effort, 0.0)
    stale_value = _number("stale_value", stale_value, 0.0, 1.0)
    cost_per_week = _number("cost_per_week", cost_per_week, 0.0)
    sprint_overhead_days = _number("sprint_overhead_days", sprint_overhead_days, 0.0)
    overhead = capacity * sprint_overhead_days / 5
    if overhead >= capacity * sprint_length:
        raise ValueError(
            f"sprint_overhead_days ({sprint_overhead_days:g}) must be shorter than a "
            f"sprint ({5 * sprint_length} days)"
        )

    gen = np.random.default_rng(rng)
    # Mean-one lognormal sizes; lognormal values normalised to 100.
    size = feature_size * np.exp(0.5 * gen.standard_normal(features) - 0.125)
    raw = np.exp(gen.standard_normal(features))
    value = 100 * raw / raw.sum()
    changes = gen.random((weeks, features)) < volatility

    plan = (1 + upfront_fraction) * size.sum() / capacity

    def cost_factor(lag: Any) -> np.ndarray:
        return late_change_cost ** (np.maximum(lag, 0.0) / plan)

    a_val, a_cost, a_sum = _agile(
        size,
        value,
        changes,
        cost_factor,
        sprint_length=sprint_length,
        capacity=capacity,
        overhead=overhead,
        defect_rate=defect_rate,
        change_effort=change_effort,
        stale_value=stale_value,
        cost_per_week=cost_per_week,
    )
    w_val, w_cost, w_sum = _waterfall(
        size,
        value,
        changes,
        cost_factor,
        capacity=capacity,
        upfront_fraction=upfront_fraction,
        defect_rate=defect_rate,
        change_effort=change_effort,
        stale_value=stale_value,
        cost_per_week=cost_per_week,
    )
    timeline = pd.DataFrame(
        {
            "week": np.arange(weeks + 1),
            "agile_value": a_val,
            "waterfall_value": w_val,
            "agile_cost": a_cost,
            "waterfall_cost": w_cost,
        }
    )
    return AgileWaterfallResult(timeline=timeline, agile=a_sum, waterfall=w_sum)
