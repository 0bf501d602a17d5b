"""Crashing: the time-cost trade-off of shortening a schedule with money.

Each activity has a **normal** duration and cost and a **crash** duration and
cost: the shortest it can be done in and what that costs. Its crash cost
slope (:func:`pmcourse.schedule.crash_cost_slope`) is the price of one day
saved. :func:`time_cost_tradeoff` shortens a project one day at a time, each
time at the lowest price, and lists every step: the project duration, the
direct cost (the activities' own cost), the indirect cost (a cost per day the
project runs: the team, offices, the launch waiting) and their total.

The method, and its limits
--------------------------
At each step the candidates are the critical activities (total float 0) that
can still be shortened. Every combination of up to ``max_combination`` of
them is tried: each activity in it is shortened by one day (or by what is
left of its crash room, if less), the network is recomputed, and the
combination that saves project time at the lowest cost per day saved wins
(ties: more time saved, then fewer activities, then table order). When up to
``max_combination`` (4) critical paths run side by side, that finds the
cheapest way to shorten all of them: one activity on each, or one activity
they share. The networks are recomputed together, as columns of one array.
The steps stop when no combination shortens the project. Recomputing matters
with SS and FF links: there, shortening a critical activity may not shorten
the project at all (the launch plan's testing is an example).

This greedy method is right for the small networks of a lesson. It never
lengthens again an activity crashed at an earlier step, which an exact method
sometimes does, and it cannot shorten more than ``max_combination`` parallel
critical paths at once. So its direct cost is an upper bound on the cheapest
possible at each duration; the exact answer comes from a linear programme or
the min-cut algorithms of Fulkerson (1961) and Kelley (1961).

Used in: lesson 03, scheduling (crashing).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd

from pmcourse.core.checks import Table, as_frame, number
from pmcourse.schedule.critical_path_method import crash_cost_slope, network

__all__ = [
    "cheapest_duration",
    "crash_estimates",
    "crashed_activities",
    "step_for",
    "time_cost_tradeoff",
    "with_indirect_cost",
]

_TOL = 1e-9
_CRASH_COLUMNS = ("crash_duration", "normal_cost", "crash_cost")


def _crash_data(table: pd.DataFrame, ids: list[str], durations: np.ndarray):
    """Return crash durations and slopes (NaN where an activity cannot crash)."""
    missing = [c for c in _CRASH_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            "tasks table is missing the column(s) "
            + ", ".join(repr(c) for c in missing)
            + " (see crash_estimates to derive them)"
        )
    crash = np.empty(len(ids))
    slope = np.full(len(ids), np.nan)
    normal_total = 0.0
    rows = zip(
        ids,
        durations,
        table["crash_duration"],
        table["normal_cost"],
        table["crash_cost"],
        strict=True,
    )
    for k, (tid, d, dc, c, cc) in enumerate(rows):
        dc = number(dc, f"task {tid!r} crash_duration")
        c = number(c, f"task {tid!r} normal_cost")
        cc = number(cc, f"task {tid!r} crash_cost")
        if dc > d + _TOL:
            raise ValueError(
                f"task {tid!r}: crash_duration ({dc:g}) must not exceed its "
                f"duration ({d:g})"
            )
        if cc < c:
            raise ValueError(
                f"task {tid!r}: crash_cost ({cc:,.2f}) must be at least its "
                f"normal_cost ({c:,.2f})"
            )
        crash[k] = min(dc, d)
        normal_total += c
        if d - dc > _TOL:
            slope[k] = crash_cost_slope(d, c, dc, cc)
    return crash, slope, normal_total


def time_cost_tradeoff(
    tasks: Table,
    indirect_cost_per_day: float = 0.0,
    *,
    max_combination: int = 4,
) -> pd.DataFrame:
    """List the steps of crashing a project one day at a time, cheapest first.

    See the module docstring for the method and its limits.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table (``id``, ``duration``, ``predecessors``, see
        :func:`pmcourse.schedule.cpm`; ``duration`` is the normal duration)
        with ``crash_duration``, ``normal_cost`` and ``crash_cost``.
    indirect_cost_per_day : float
        The cost of every day the project runs, >= 0.
    max_combination : int
        The most activities shortened together in one step, >= 1.

    Returns
    -------
    DataFrame
        One row per step, indexed by ``step`` (0 is the normal plan), with
        ``duration`` (project duration, days), ``direct_cost``,
        ``indirect_cost``, ``total_cost``, ``crashed`` (tuple of the ids
        shortened at that step), ``crash_days`` (by how much each) and
        ``step_cost`` (what the step added to the direct cost).

    Raises
    ------
    ValueError
        For a bad task table, a missing crash column, a crash duration longer
        than the duration or a crash cost below the normal cost (naming the
        task), or a negative ``indirect_cost_per_day``.

    Examples
    --------
    Two paths, A -> C and B -> C; A and B both take 4 days:

    >>> plan = [
    ...     {"id": "A", "duration": 4, "predecessors": "", "crash_duration": 2,
    ...      "normal_cost": 400, "crash_cost": 600},
    ...     {"id": "B", "duration": 4, "predecessors": "", "crash_duration": 3,
    ...      "normal_cost": 300, "crash_cost": 450},
    ...     {"id": "C", "duration": 3, "predecessors": "A, B",
    ...      "crash_duration": 1, "normal_cost": 500, "crash_cost": 1100},
    ... ]
    >>> steps = time_cost_tradeoff(plan, indirect_cost_per_day=400)
    >>> steps[["duration", "direct_cost", "total_cost", "crashed", "step_cost"]]
          duration  direct_cost  total_cost  crashed  step_cost
    step
    0          7.0       1200.0      4000.0       ()        0.0
    1          6.0       1450.0      3850.0  (A, B)      250.0
    2          5.0       1750.0      3750.0     (C,)      300.0
    3          4.0       2050.0      3650.0     (C,)      300.0

    Used in: lesson 03, scheduling (crashing).
    """
    if int(max_combination) != max_combination or max_combination < 1:
        raise ValueError(
            f"max_combination must be a whole number >= 1, got {max_combination!r}"
        )

    rate = number(indirect_cost_per_day, "indirect_cost_per_day")
    table = as_frame(tasks, what="tasks")
    ids, durations, net = network(table)
    current = np.asarray(durations, dtype=float).copy()
    crash, slope, direct = _crash_data(table, ids, current)

    _, ef = net.forward(current)
    finish = float(ef.max())
    rows = [(finish, direct, (), 0.0, 0.0)]
    while True:
        es, ef = net.forward(current)
        ls, _ = net.backward(current, finish)
        room = current - crash
        candidates = np.flatnonzero((ls - es <= _TOL) & (room > _TOL))
        if candidates.size == 0:
            break
        combos = [
            combo
            for size in range(1, min(int(max_combination), candidates.size) + 1)
            for combo in itertools.combinations(candidates.tolist(), size)
        ]
        amount = np.array([min(1.0, room[list(c)].min()) for c in combos])
        trial = np.repeat(current[:, None], len(combos), axis=1)
        for j, combo in enumerate(combos):
            trial[list(combo), j] -= amount[j]
        _, trial_ef = net.forward(trial)
        saved = finish - trial_ef.max(axis=0)
        useful = np.flatnonzero(saved > _TOL)
        if useful.size == 0:
            break
        cost = np.array([amount[j] * slope[list(combos[j])].sum() for j in useful])
        best = min(
            range(useful.size),
            key=lambda k: (
                cost[k] / saved[useful[k]],
                -saved[useful[k]],
                len(combos[useful[k]]),
                k,
            ),
        )
        j = int(useful[best])
        current[list(combos[j])] -= amount[j]
        finish -= float(saved[j])
        direct += float(cost[best])
        crashed = tuple(ids[i] for i in combos[j])
        rows.append((finish, direct, crashed, float(amount[j]), float(cost[best])))

    out = pd.DataFrame(
        rows, columns=["duration", "direct_cost", "crashed", "crash_days", "step_cost"]
    )
    out.index.name = "step"
    out = with_indirect_cost(out, rate)
    return out[
        [
            "duration",
            "direct_cost",
            "indirect_cost",
            "total_cost",
            "crashed",
            "crash_days",
            "step_cost",
        ]
    ]


def with_indirect_cost(
    tradeoff: pd.DataFrame, indirect_cost_per_day: float
) -> pd.DataFrame:
    """Return a trade-off table priced at another indirect cost per day.

    The crashing steps do not depend on the indirect cost, so a simulation
    can compute them once and reprice them as the learner moves a slider:
    ``indirect_cost = indirect_cost_per_day * duration`` and
    ``total_cost = direct_cost + indirect_cost``.

    Parameters
    ----------
    tradeoff : DataFrame
        A result of :func:`time_cost_tradeoff` (``duration`` and
        ``direct_cost`` are used).
    indirect_cost_per_day : float
        The cost of every day the project runs, >= 0.

    Returns
    -------
    DataFrame
        A copy with ``indirect_cost`` and ``total_cost`` (re)computed.

    Raises
    ------
    ValueError
        If ``indirect_cost_per_day`` is negative or not a number.

    Examples
    --------
    >>> steps = pd.DataFrame({"duration": [10.0, 9.0], "direct_cost": [100.0, 150.0]})
    >>> with_indirect_cost(steps, 40)["total_cost"].tolist()
    [500.0, 510.0]

    Used in: lesson 03, scheduling (crashing).
    """
    rate = number(indirect_cost_per_day, "indirect_cost_per_day")
    out = tradeoff.copy()
    out["indirect_cost"] = rate * out["duration"].astype(float)
    out["total_cost"] = out["direct_cost"] + out["indirect_cost"]
    return out


def cheapest_duration(tradeoff: pd.DataFrame) -> pd.Series:
    """Return the step with the lowest total cost (the longest one on a tie).

    Parameters
    ----------
    tradeoff : DataFrame
        A result of :func:`time_cost_tradeoff` or :func:`with_indirect_cost`.

    Returns
    -------
    Series
        That step's row; its ``name`` is the step number.

    Raises
    ------
    ValueError
        If the table is empty or has no ``total_cost`` column.

    Examples
    --------
    >>> steps = pd.DataFrame(
    ...     {"duration": [7.0, 6.0, 5.0], "total_cost": [900.0, 850.0, 850.0]}
    ... )
    >>> best = cheapest_duration(steps)
    >>> int(best.name), float(best["duration"])
    (1, 6.0)

    Used in: lesson 03, scheduling (crashing).
    """
    if "total_cost" not in tradeoff.columns or tradeoff.empty:
        raise ValueError("tradeoff must be a non-empty table with a 'total_cost'")
    costs = tradeoff["total_cost"].to_numpy(dtype=float)
    lowest = costs.min()
    k = int(np.flatnonzero(costs <= lowest + 1e-6 * max(1.0, abs(lowest)))[0])
    return tradeoff.iloc[k]


def step_for(tradeoff: pd.DataFrame, duration: float) -> int:
    """Return the first step whose project duration is at most ``duration``.

    Parameters
    ----------
    tradeoff : DataFrame
        A result of :func:`time_cost_tradeoff`.
    duration : float
        The target project duration, in days.

    Returns
    -------
    int
        The step number (0 when the normal plan already meets the target).

    Raises
    ------
    ValueError
        If the target is shorter than the project can be crashed to.

    Examples
    --------
    >>> steps = pd.DataFrame({"duration": [7.0, 6.0, 5.0]})
    >>> step_for(steps, 6.5), step_for(steps, 9)
    (1, 0)

    Used in: lesson 03, scheduling (crashing).
    """
    target = number(duration, "duration")
    days = tradeoff["duration"].to_numpy(dtype=float)
    meets = np.flatnonzero(days <= target + _TOL)
    if meets.size == 0:
        raise ValueError(
            f"duration {target:g} is shorter than the project can be crashed to "
            f"({days.min():g} days)"
        )
    return int(tradeoff.index[meets[0]])


def crashed_activities(tradeoff: pd.DataFrame, duration: float) -> pd.Series:
    """Return how many days each activity is crashed to reach ``duration``.

    Parameters
    ----------
    tradeoff : DataFrame
        A result of :func:`time_cost_tradeoff`.
    duration : float
        The target project duration, in days.

    Returns
    -------
    Series
        Days crashed, indexed by activity id in the order first crashed
        (empty when no crashing is needed).

    Raises
    ------
    ValueError
        If the target is shorter than the project can be crashed to.

    Examples
    --------
    >>> steps = pd.DataFrame(
    ...     {"duration": [7.0, 6.0, 5.0], "crashed": [(), ("A", "B"), ("A",)],
    ...      "crash_days": [0.0, 1.0, 1.0]}
    ... )
    >>> crashed_activities(steps, 5).to_dict()
    {'A': 2.0, 'B': 1.0}

    Used in: lesson 03, scheduling (crashing).
    """
    last = step_for(tradeoff, duration)
    days: dict[str, float] = {}
    upto = tradeoff.loc[:last]
    for crashed, amount in zip(upto["crashed"], upto["crash_days"], strict=True):
        for tid in crashed:
            days[tid] = days.get(tid, 0.0) + float(amount)
    out = pd.Series(days, dtype=float, name="crash_days")
    out.index.name = "id"
    return out


def crash_estimates(
    tasks: Table,
    *,
    max_cut: float = 0.25,
    premium: float = 1.5,
    cost: str = "cost",
) -> pd.DataFrame:
    """Add crash durations and costs to a plan by a simple, stated rule.

    A teaching stand-in for the estimates a team would give activity by
    activity: each activity can be shortened by ``floor(max_cut * duration)``
    whole days (so 1- to 3-day activities cannot be crashed at the default
    25 %), and each day saved costs ``premium`` times the activity's normal
    cost per day (overtime, a contractor, express delivery):

    - ``crash_duration = duration - floor(max_cut * duration)``;
    - ``crash_cost = normal_cost + premium * (normal_cost / duration) * days cut``.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table with ``id``, ``duration`` and a cost column.
    max_cut : float
        The largest share of an activity's duration that can be cut, in [0, 1).
    premium : float
        The price of a day saved as a multiple of a normal day's cost, >= 0.
    cost : str
        The column holding each activity's normal cost.

    Returns
    -------
    DataFrame
        A copy of the table with ``normal_cost``, ``crash_duration`` and
        ``crash_cost`` added.

    Raises
    ------
    ValueError
        If a column is missing, ``max_cut`` or ``premium`` is out of range, or
        an activity's duration or cost is negative (naming the task).

    Examples
    --------
    >>> plan = [{"id": "D", "duration": 15, "cost": 60_000},
    ...         {"id": "K", "duration": 1, "cost": 1_000}]
    >>> crash_estimates(plan)[["id", "crash_duration", "crash_cost"]]
      id  crash_duration  crash_cost
    0  D              12     78000.0
    1  K               1      1000.0

    Used in: lesson 03, scheduling (crashing).
    """
    cut = number(max_cut, "max_cut")
    if cut >= 1:
        raise ValueError(f"max_cut must be in [0, 1), got {cut:g}")
    extra = number(premium, "premium")
    out = as_frame(tasks, copy=True, what="tasks")
    for column in ("id", "duration", cost):
        if column not in out.columns:
            raise ValueError(f"tasks table is missing the column {column!r}")
    crash_duration, crash_cost, normal = [], [], []
    for tid, d, c in zip(out["id"], out["duration"], out[cost], strict=True):
        d = number(d, f"task {tid!r} duration")
        c = number(c, f"task {tid!r} {cost}")
        days = math.floor(cut * d + _TOL)
        crash_duration.append(d - days)
        normal.append(c)
        crash_cost.append(c + (extra * c / d * days if days else 0.0))
    out["normal_cost"] = normal
    out["crash_duration"] = crash_duration
    out["crash_cost"] = crash_cost
    if pd.api.types.is_integer_dtype(out["duration"]):  # keep whole days whole
        out["crash_duration"] = out["crash_duration"].astype(out["duration"].dtype)
    return out
