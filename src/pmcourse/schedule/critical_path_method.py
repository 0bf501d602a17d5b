"""Scheduling: the critical path method (CPM), PERT and the chance of a date.

The dates follow the zero-based convention: the project starts at time 0, a
task's early finish is ``ef = es + duration``, and a successor linked
finish-to-start can start at that same number. (Some books count day numbers
instead, ``ef = es + duration - 1``; lesson 03 shows both.)

A task table is a DataFrame or a list of dicts with the columns ``id``,
``duration`` and ``predecessors``. A predecessor entry is ``ID`` (finish-to-
start, no lag), ``ID:TYPE`` or ``ID:TYPE+LAG`` / ``ID:TYPE-LAG`` with TYPE one
of ``FS``, ``SS``, ``FF``, ``SF``.

PERT and the chance of a date (:func:`pert`, :func:`pert_table`,
:func:`path_estimate`, :func:`probability_of_finishing_by`...) live in
:mod:`pmcourse.schedule.three_point`, resource-constrained scheduling
(:func:`resource_schedule`, :func:`optimal_schedule`, :func:`resource_usage`,
:func:`check_feasible`) in :mod:`pmcourse.schedule.resources`, and the time-cost
trade-off of crashing (:func:`time_cost_tradeoff`) in
:mod:`pmcourse.schedule.crashing`; the front :mod:`pmcourse.schedule` gathers
them all.

Used in: lesson 03, scheduling; exercise ps03.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import pandas as pd

from pmcourse.core.checks import Table, number
from pmcourse.schedule import _network, _tasks

__all__ = [
    "cpm",
    "crash_cost_slope",
    "critical_path",
    "critical_paths",
    "project_finish",
]

TaskTable: TypeAlias = Table
_TOL = 1e-9


def network(tasks: TaskTable, duration: str = "duration"):
    """Parse a task table into ids, durations and a network.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        The task table.
    duration : str
        The column holding durations.

    Returns
    -------
    ids : list of str
    durations : numpy.ndarray
    net : pmcourse._network.Network

    Raises
    ------
    ValueError
        For a missing column, a bad duration, an unknown predecessor or a cycle.

    Examples
    --------
    >>> ids, d, net = network([{"id": "A", "duration": 2, "predecessors": []}])
    >>> ids, d.tolist()
    (['A'], [2.0])
    """
    table = _tasks.records(tasks)
    if len(table) == 0:
        raise ValueError("tasks table is empty: add at least one task")
    ids = _tasks.task_ids(table)
    durations = _tasks.numeric_column(table, duration, ids)
    if "predecessors" in table.columns:
        preds = table["predecessors"].tolist()
    else:
        raise ValueError(
            "tasks table is missing the column 'predecessors' "
            "(use an empty list or '' for a task without predecessors)"
        )
    return ids, durations, _network.build(ids, preds)


def cpm(tasks: TaskTable) -> pd.DataFrame:
    """Compute early and late dates, float and the critical path of a network.

    The forward pass gives each task its earliest start (ES) and finish (EF);
    the backward pass, from the project finish ``max(ef)``, gives its latest
    start (LS) and finish (LF). ``total_float = ls - es``: how far a task can
    slip without delaying the project. ``free_float``: how far it can slip
    without moving any successor's early dates. A task is critical when its
    total float is 0.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        Columns ``id`` (str), ``duration`` (number >= 0) and ``predecessors``
        (list of str or comma-separated string; entries ``ID``, ``ID:TYPE``,
        ``ID:TYPE+LAG``, ``ID:TYPE-LAG``). Other columns are ignored.

    Returns
    -------
    DataFrame
        Indexed by ``id`` in input order, with float columns ``es, ef, ls, lf,
        total_float, free_float`` and bool column ``critical``.

    Raises
    ------
    ValueError
        Naming the task with an unknown predecessor or a negative duration,
        the missing column, or every task of a cycle ("cycle: A -> B -> A").

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 2, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A"},
    ...     {"id": "D", "duration": 1, "predecessors": "B, C"},
    ... ]
    >>> cpm(plan)[["es", "ef", "total_float", "critical"]]
         es   ef  total_float  critical
    id
    A   0.0  3.0          0.0      True
    B   3.0  5.0          2.0     False
    C   3.0  7.0          0.0      True
    D   7.0  8.0          0.0      True

    Used in: lesson 03, scheduling; exercise ps03.
    """
    ids, d, net = network(tasks)
    es, ef = net.forward(d)
    finish = float(ef.max())
    ls, lf = net.backward(d, finish)
    total = ls - es
    total[np.abs(total) < _TOL] = 0.0
    total = np.maximum(total, 0.0)
    free = net.free_float(es, ef, total)
    free[np.abs(free) < _TOL] = 0.0
    out = pd.DataFrame(
        {
            "es": es,
            "ef": ef,
            "ls": ls,
            "lf": lf,
            "total_float": total,
            "free_float": free,
            "critical": total <= _TOL,
        },
        index=pd.Index(ids, name="id"),
    )
    return out


def project_finish(tasks: TaskTable) -> float:
    """Return the project's earliest finish, the length of the longest path.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table (see :func:`cpm`).

    Returns
    -------
    float

    Examples
    --------
    >>> project_finish([{"id": "A", "duration": 3, "predecessors": ""},
    ...                 {"id": "B", "duration": 2, "predecessors": "A:SS+1"}])
    3.0

    Used in: lesson 03, scheduling.
    """
    _, d, net = network(tasks)
    return float(net.forward(d)[1].max())


def critical_path(tasks: TaskTable) -> list[str]:
    """Return the ids of the critical tasks in order of their early start.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table, or a result of :func:`cpm` (then it is not recomputed).

    Returns
    -------
    list of str
        Critical task ids sorted by ``es`` (ties keep the input order).

    Examples
    --------
    >>> critical_path([
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 2, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A"},
    ... ])
    ['A', 'C']

    Used in: lesson 03, scheduling; exercise ps03.
    """
    if isinstance(tasks, pd.DataFrame) and {"es", "critical"} <= set(tasks.columns):
        result = tasks
    else:
        result = cpm(tasks)
    crit = result[result["critical"]]
    order = np.argsort(crit["es"].to_numpy(), kind="stable")
    return [str(i) for i in crit.index[order]]


def critical_paths(tasks: TaskTable, *, limit: int = 50) -> list[list[str]]:
    """Return every critical path: chains of critical tasks joined by driving links.

    A network can have several critical paths (two chains of equal length).
    :func:`critical_path` lists the critical *tasks*; this function lists the
    *chains*. A link ``i -> j`` is driving when it sets ``j``'s early date
    (``es[j]`` equals what the link allows: ``ef[i]`` or ``es[i]``, plus the
    lag, minus ``j``'s duration for a link to its finish). A critical path
    starts at a critical task with no driving link from a critical task and
    follows driving links between critical tasks to a task with none onwards.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table (see :func:`cpm`); the links are needed, so not a result.
    limit : int
        Stop after this many paths (a large grid of ties has very many).

    Returns
    -------
    list of list of str
        One list of task ids per path, each in link order; paths are sorted
        by their tasks' early starts, then input order.

    Raises
    ------
    ValueError
        For a bad task table (from :func:`cpm`) or a limit below 1.

    Examples
    --------
    >>> critical_paths([
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 4, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A"},
    ...     {"id": "D", "duration": 1, "predecessors": "B, C"},
    ... ])
    [['A', 'B', 'D'], ['A', 'C', 'D']]

    Used in: lesson 03, scheduling (the critical path explorer).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    ids, d, net = network(tasks)
    es, ef = net.forward(d)
    ls, _ = net.backward(d, float(ef.max()))
    critical = np.abs(ls - es) <= _TOL
    from_finish = np.array([t[0] == "F" for t in _tasks.LINK_TYPES])[net.kind]
    to_finish = np.array([t[1] == "F" for t in _tasks.LINK_TYPES])[net.kind]
    allowed = np.where(from_finish, ef[net.src], es[net.src]) + net.lag
    allowed = allowed - np.where(to_finish, d[net.dst], 0.0)
    driving = (
        (np.abs(allowed - es[net.dst]) <= _TOL) & critical[net.src] & critical[net.dst]
    )
    onward: dict[int, list[int]] = {}
    has_driver = np.zeros(len(ids), dtype=bool)
    for i, j in zip(net.src[driving].tolist(), net.dst[driving].tolist(), strict=True):
        onward.setdefault(i, []).append(j)
        has_driver[j] = True
    rank = {i: (es[i], i) for i in range(len(ids))}
    paths: list[list[str]] = []

    def walk(chain: list[int]) -> None:
        if len(paths) >= limit:
            return
        nexts = sorted(set(onward.get(chain[-1], [])), key=rank.__getitem__)
        if not nexts:
            paths.append([ids[k] for k in chain])
        for j in nexts:
            walk([*chain, j])

    starts = [i for i in range(len(ids)) if critical[i] and not has_driver[i]]
    for start in sorted(starts, key=rank.__getitem__):
        walk([start])
    return paths


def crash_cost_slope(
    normal_duration: float,
    normal_cost: float,
    crash_duration: float,
    crash_cost: float,
) -> float:
    """Return the cost of shortening an activity by one time unit (crashing).

    ``slope = (crash cost - normal cost) / (normal duration - crash duration)``.
    When crashing, shorten first the critical activity with the lowest slope.

    Parameters
    ----------
    normal_duration, normal_cost : float
        Duration and cost at the normal pace; duration > 0, cost >= 0.
    crash_duration, crash_cost : float
        The shortest possible duration and its cost;
        ``crash_duration < normal_duration``, ``crash_cost >= normal_cost``.

    Returns
    -------
    float
        Cost per time unit saved.

    Raises
    ------
    ValueError
        For a negative or non-finite value, a crash duration that is not
        shorter than the normal one, or a crash cost below the normal cost.

    Examples
    --------
    >>> crash_cost_slope(10, 20_000, 6, 30_000)
    2500.0

    Used in: lesson 03, scheduling (crashing).
    """
    d, c, dc, cc = (
        number(value, name)
        for value, name in (
            (normal_duration, "normal_duration"),
            (normal_cost, "normal_cost"),
            (crash_duration, "crash_duration"),
            (crash_cost, "crash_cost"),
        )
    )
    if dc >= d:
        raise ValueError(
            f"crash_duration ({dc:g}) must be shorter than normal_duration ({d:g})"
        )
    if cc < c:
        raise ValueError(
            f"crash_cost ({cc:,.2f}) must be at least normal_cost ({c:,.2f})"
        )
    return (cc - c) / (d - dc)
