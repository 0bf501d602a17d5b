"""Resource-constrained scheduling: histograms, levelling heuristics, a check.

The critical path assumes every task can start as soon as its predecessors
allow. Real teams have a fixed number of people and machines: when tasks that
overlap need more than there is, some must wait, and the project gets longer.
This module schedules a task table under resource capacities.

A task table is the ``cpm`` table (``id``, ``duration``, ``predecessors``)
with one extra column per resource holding the task's use of it per time unit
(``R1 = 3``: three units while the task runs). ``capacities`` maps each of
those columns to the number of units available at any time.

Links: all four types of the ``cpm`` notation with lags are supported. Each
is a minimum distance between two starts, ``start[j] >= start[i] + delta``:

- FS: ``delta = d[i] + lag``; SS: ``delta = lag``;
- FF: ``delta = d[i] + lag - d[j]``; SF: ``delta = lag - d[j]``.

Tasks are not split, and use their resources for their whole duration. Times
run on a grid: durations and lags must be multiples of 1/100 (the schedule is
built in that unit and reported in the table's unit).

The heuristics:

- **serial** (for learners): the serial schedule generation scheme. Take the
  tasks one at a time, always the *eligible* one (all predecessors placed)
  with the smallest latest finish time (LFT, from the critical path; ties by
  table order), and start it at the earliest time its links and the
  remaining capacity allow.
- **sampling** (to compare with the optimum): multi-pass regret-based biased
  random sampling (Kolisch 1996): the same scheme, but each choice is drawn
  at random, an eligible task being more likely the smaller its LFT compared
  with the worst eligible one (weight ``max LFT - LFT + 1``). Every sampled
  schedule is then improved by forward-backward improvement, or
  justification (Tormos and Lova 2001; Valls, Ballestin and Quintanilla
  2005): schedule the tasks as late as possible in order of their finish
  times, then as early as possible in order of those starts. Each pass
  counts as one schedule of the ``n_schedules`` budget: 1,000 buys 333
  samples and their 666 justification passes.

For small plans, :func:`optimal_schedule` finds the shortest schedule
exactly (a branch and bound over the serial scheme, in
:mod:`pmcourse._rcpsp_search`), so a lesson can show how far each heuristic
is from the best possible. The schedule passes themselves are in
:mod:`pmcourse._rcpsp`.

Used in: lesson 03, scheduling (resource levelling).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from pmcourse.schedule import _tasks
from pmcourse.schedule._rcpsp import (
    NONE,
    TOL,
    TaskTable,
    build_problem,
    parse_tasks,
    resource_names,
    sample_best,
    serial_sgs,
    use_matrix,
)
from pmcourse.schedule._rcpsp_search import BranchAndBound

__all__ = [
    "check_feasible",
    "optimal_schedule",
    "resource_schedule",
    "resource_usage",
]


def resource_schedule(
    tasks: TaskTable,
    capacities: Mapping[str, float],
    method: Literal["serial", "sampling"] = "serial",
    n_schedules: int = 1000,
    rng: np.random.Generator | int | None = None,
) -> pd.DataFrame:
    """Schedule tasks so that no resource is ever used beyond its capacity.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A ``cpm`` task table with one column per resource (the task's use of
        it while running).
    capacities : dict of str to float
        Units of each resource column available at any time.
    method : {"serial", "sampling"}
        ``"serial"``: one schedule, latest-finish-time priority. ``"sampling"``:
        the best of up to ``n_schedules`` schedules from biased random
        sampling with forward-backward improvement (see the module notes); its
        first sample is the serial schedule, so it is never worse.
    n_schedules : int
        Budget of schedules for ``"sampling"`` (each pass counts as one).
    rng : numpy.random.Generator, int or None
        Random numbers for ``"sampling"``.

    Returns
    -------
    DataFrame
        Indexed by ``id`` in input order, float columns ``start`` and
        ``finish`` (whole numbers for whole-number durations and lags).

    Raises
    ------
    ValueError
        For a task table ``cpm`` rejects, a missing resource column, a
        negative capacity or use, a task that needs more than a capacity,
        durations off a 1/100 grid, an unknown method or a budget below 1.

    Examples
    --------
    Two tasks of two people each, a team of three: they cannot overlap.

    >>> plan = [
    ...     {"id": "A", "duration": 3, "predecessors": "", "people": 2},
    ...     {"id": "B", "duration": 2, "predecessors": "", "people": 2},
    ...     {"id": "C", "duration": 1, "predecessors": "A, B", "people": 1},
    ... ]
    >>> resource_schedule(plan, {"people": 3})
        start  finish
    id
    A     0.0     3.0
    B     3.0     5.0
    C     5.0     6.0

    Used in: lesson 03, scheduling (resource levelling).
    """
    if method not in ("serial", "sampling"):
        raise ValueError(f"method must be 'serial' or 'sampling', got {method!r}")
    if isinstance(n_schedules, bool) or not isinstance(n_schedules, (int, np.integer)):
        raise ValueError(f"n_schedules must be a whole number, got {n_schedules!r}")
    if n_schedules < 1:
        raise ValueError(f"n_schedules must be at least 1, got {n_schedules}")
    p = build_problem(tasks, capacities)
    lft_first = -p.lft[None, :]
    if method == "serial" or n_schedules == 1:
        best = serial_sgs(p, lft_first)[0]
    else:
        best = sample_best(p, n_schedules, np.random.default_rng(rng))
    start = best / p.scale
    return pd.DataFrame(
        {"start": start, "finish": (best + p.dur) / p.scale},
        index=pd.Index(p.ids, name="id"),
    )


def optimal_schedule(
    tasks: TaskTable, capacities: Mapping[str, float], max_tasks: int = 14
) -> pd.DataFrame:
    """Find a shortest schedule that never uses a resource beyond its capacity.

    An exact method for small plans, to measure the heuristics of
    :func:`resource_schedule` against: a depth-first branch and bound over
    the orders of the serial schedule generation scheme, started from a
    sampling schedule and cut by critical-path and resource-work bounds (see
    :mod:`pmcourse._rcpsp_search`). Its time grows exponentially with the
    number of tasks: a second or so at 14 tasks, hence ``max_tasks``.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A ``cpm`` task table with one column per resource (the task's use of
        it while running). Every link must keep the successor's start at or
        after the predecessor's start (any finish-to-start link does).
    capacities : dict of str to float
        Units of each resource column available at any time.
    max_tasks : int
        Refuse plans with more tasks than this, rather than search for hours.

    Returns
    -------
    DataFrame
        Indexed by ``id`` in input order, float columns ``start`` and
        ``finish``; its largest finish is the optimal makespan.

    Raises
    ------
    ValueError
        For a plan with more than ``max_tasks`` tasks, a link that lets a
        successor start before its predecessor (such as ``SS-2``, or an FF
        link to a longer task), and any input :func:`resource_schedule`
        rejects.

    Examples
    --------
    Two people; D needs both. The serial heuristic starts C first (it has
    the least float), beside A, and D then waits for B until day 7; the
    optimum runs A and B first and finishes a day earlier:

    >>> plan = [
    ...     {"id": "A", "duration": 3, "predecessors": "", "people": 1},
    ...     {"id": "B", "duration": 4, "predecessors": "", "people": 1},
    ...     {"id": "C", "duration": 3, "predecessors": "", "people": 1},
    ...     {"id": "D", "duration": 2, "predecessors": "C", "people": 2},
    ... ]
    >>> resource_schedule(plan, {"people": 2})["finish"].max()
    np.float64(9.0)
    >>> optimal_schedule(plan, {"people": 2})
        start  finish
    id
    A     0.0     3.0
    B     0.0     4.0
    C     3.0     6.0
    D     6.0     8.0

    Used in: lesson 03, scheduling (resource levelling).
    """
    if isinstance(max_tasks, bool) or not isinstance(max_tasks, (int, np.integer)):
        raise ValueError(f"max_tasks must be a whole number, got {max_tasks!r}")
    p = build_problem(tasks, capacities)
    if len(p.ids) > max_tasks:
        raise ValueError(
            f"the plan has {len(p.ids)} tasks, more than max_tasks={max_tasks}: "
            "the exact search could take hours; use resource_schedule(..., "
            "method='sampling') or raise max_tasks if you can wait"
        )
    backward = np.argwhere((p.delta > NONE) & (p.delta < 0))
    if backward.size:
        i, j = backward[0]
        raise ValueError(
            f"the link from '{p.ids[i]}' to '{p.ids[j]}' lets '{p.ids[j]}' start "
            f"{-p.delta[i, j] / p.scale:g} before '{p.ids[i]}' starts; "
            "optimal_schedule needs every successor to start at or after its "
            "predecessor"
        )
    incumbent = sample_best(p, 300, np.random.default_rng(0))
    best = BranchAndBound(p.dur, p.use, p.cap, p.delta, NONE).solve(incumbent)
    return pd.DataFrame(
        {"start": best / p.scale, "finish": (best + p.dur) / p.scale},
        index=pd.Index(p.ids, name="id"),
    )


def _times(schedule: pd.DataFrame, ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return start and finish per task from a schedule (start/finish or es/ef)."""
    if {"start", "finish"} <= set(schedule.columns):
        begin, end = "start", "finish"
    elif {"es", "ef"} <= set(schedule.columns):
        begin, end = "es", "ef"
    else:
        raise ValueError(
            "schedule needs the columns 'start' and 'finish' (or 'es' and 'ef'), "
            f"got {', '.join(map(str, schedule.columns))}"
        )
    frame = schedule.set_index("id") if "id" in schedule.columns else schedule
    frame.index = frame.index.map(str)
    missing = [tid for tid in ids if tid not in frame.index]
    if missing:
        raise ValueError(f"schedule has no row for task '{missing[0]}'")
    rows = frame.loc[ids]
    return (
        rows[begin].to_numpy(dtype=float, na_value=np.nan),
        rows[end].to_numpy(dtype=float, na_value=np.nan),
    )


def resource_usage(
    tasks: TaskTable,
    schedule: pd.DataFrame,
    resources: Sequence[str] | Mapping[str, Any],
    step: float = 1.0,
) -> pd.DataFrame:
    """Return how much of each resource a schedule uses in every time period.

    This is the resource histogram: period ``k`` covers ``[k*step,
    (k+1)*step)``; a task that runs through part of a period counts in
    proportion (the period's average load), so with whole-number times and
    ``step = 1`` every value is exact.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        The task table with one column per resource.
    schedule : DataFrame
        Indexed by task id (or with an ``id`` column), with ``start`` and
        ``finish`` (a :func:`resource_schedule` result) or ``es`` and ``ef``
        (a :func:`pmcourse.schedule.cpm` result: the plan before levelling).
    resources : list of str or dict
        The resource columns (the keys of a capacities dict will do).
    step : float
        Length of a period.

    Returns
    -------
    DataFrame
        Indexed by ``period`` start time (0, step, 2 step, ...), one float
        column per resource.

    Raises
    ------
    ValueError
        For a missing column or task, a non-positive ``step``, or a schedule
        with missing or negative times.

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 2, "predecessors": "", "people": 2},
    ...     {"id": "B", "duration": 1, "predecessors": "", "people": 2},
    ... ]
    >>> from pmcourse.schedule import cpm
    >>> resource_usage(plan, cpm(plan), ["people"])
            people
    period
    0.0        4.0
    1.0        2.0

    Used in: lesson 03, scheduling (resource histograms).
    """
    if not (isinstance(step, (int, float)) and math.isfinite(step) and step > 0):
        raise ValueError(f"step must be a positive number, got {step!r}")
    table = _tasks.records(tasks)
    ids = _tasks.task_ids(table)
    names = resource_names(resources)
    use = use_matrix(table, ids, names)
    begin, end = _times(schedule, ids)
    bad = np.flatnonzero(~np.isfinite(begin) | ~np.isfinite(end) | (begin < 0))
    if bad.size:
        raise ValueError(f"schedule has no valid start and finish for '{ids[bad[0]]}'")
    periods = max(1, math.ceil(end.max() / step - TOL))
    edges = np.arange(periods) * step
    overlap = np.clip(
        np.minimum(end[:, None], edges[None, :] + step)
        - np.maximum(begin[:, None], edges[None, :]),
        0.0,
        None,
    )
    load = overlap.T @ use / step
    return pd.DataFrame(load, index=pd.Index(edges, name="period"), columns=names)


def check_feasible(
    tasks: TaskTable, schedule: pd.DataFrame, capacities: Mapping[str, float]
) -> list[str]:
    """List every way a schedule breaks its links, durations or capacities.

    Written apart from the schedulers, as plainly as possible, to check them:
    each task must run for exactly its duration from a start >= 0; each link
    must hold (FS: ``start[j] >= finish[i] + lag``; SS: ``start[j] >=
    start[i] + lag``; FF: ``finish[j] >= finish[i] + lag``; SF: ``finish[j]
    >= start[i] + lag``); and between any two consecutive start or finish
    times, the running tasks' total use of each resource must not exceed its
    capacity.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        The task table with one column per resource.
    schedule : DataFrame
        ``start`` and ``finish`` (or ``es`` and ``ef``) per task id.
    capacities : dict of str to float
        Units of each resource available at any time.

    Returns
    -------
    list of str
        One sentence per violation; empty when the schedule is feasible.

    Raises
    ------
    ValueError
        If the task table or schedule cannot be read at all.

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 2, "predecessors": "", "people": 2},
    ...     {"id": "B", "duration": 1, "predecessors": "A", "people": 2},
    ... ]
    >>> from pmcourse.schedule import cpm
    >>> check_feasible(plan, cpm(plan), {"people": 2})
    []
    >>> overlap = pd.DataFrame({"start": [0.0, 1.0], "finish": [2.0, 2.0]},
    ...                        index=["A", "B"])
    >>> for problem in check_feasible(plan, overlap, {"people": 2}):
    ...     print(problem)
    task 'B' starts at 1, but its FS link from 'A' (lag 0) allows 2 at the earliest
    resource 'people' is used 4 > capacity 2 from 1 to 2

    Used in: lesson 03, scheduling (resource levelling); the PSPLIB benchmark.
    """
    table = _tasks.records(tasks)
    ids, durations, net = parse_tasks(table)
    begin, end = _times(schedule, ids)
    names = resource_names(capacities)
    use = use_matrix(table, ids, names)
    problems: list[str] = []
    for i, tid in enumerate(ids):
        if not (math.isfinite(begin[i]) and math.isfinite(end[i])):
            problems.append(f"task '{tid}' has no start or finish")
        elif begin[i] < -TOL:
            problems.append(f"task '{tid}' starts at {begin[i]:g}, before time 0")
        elif abs(end[i] - begin[i] - durations[i]) > TOL:
            problems.append(
                f"task '{tid}' runs {end[i] - begin[i]:g} time units, "
                f"its duration is {durations[i]:g}"
            )
    names_of_kind = _tasks.LINK_TYPES
    for s, d, k, lag in zip(net.src, net.dst, net.kind, net.lag, strict=True):
        kind = names_of_kind[k]
        before = end[s] if kind in ("FS", "FF") else begin[s]
        after = end[d] if kind in ("FF", "SF") else begin[d]
        if after < before + lag - TOL:
            word = "finishes" if kind in ("FF", "SF") else "starts"
            problems.append(
                f"task '{ids[d]}' {word} at {after:g}, but its {kind} link from "
                f"'{ids[s]}' (lag {lag:g}) allows {before + lag:g} at the earliest"
            )
    events = np.concatenate([begin, end])
    times = np.unique(events[np.isfinite(events)])
    for t0, t1 in zip(times[:-1], times[1:], strict=True):
        running = (begin <= t0 + TOL) & (end >= t1 - TOL) & (end - begin > TOL)
        total = use[running].sum(axis=0)
        for r, name in enumerate(names):
            cap = float(capacities[name])
            if total[r] > cap + TOL:
                problems.append(
                    f"resource '{name}' is used {total[r]:g} > capacity {cap:g} "
                    f"from {t0:g} to {t1:g}"
                )
    return problems
