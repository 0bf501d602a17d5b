"""Item families on the critical path method: duration, float, lags (domain 2).

Networks are drawn at random (6 to 8 activities, finish-to-start links, one
final activity closing every open end) and kept only when their critical path
is unique. Every key comes from :mod:`pmcourse.schedule` (``cpm``, ``project_finish``,
``critical_path``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import (
    days,
    listing,
    person,
    pick,
    project,
)
from pmcourse.schedule import (
    cpm,
    critical_path,
    project_finish,
)

_LESSON = "03_scheduling"
#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=2, task="2.2", lesson=_LESSON)
_IDS = "ABCDEFGHIJ"
_ZERO_BASED = (
    "Use the zero-based convention: the project starts at day 0 and EF = ES + duration."
)


def random_network(rng: np.random.Generator, low: int = 6, high: int = 8) -> list:
    """Draw a small activity network with finish-to-start links.

    Parameters
    ----------
    rng : numpy.random.Generator
    low, high : int
        Bounds on the number of activities (A, B, C...).

    Returns
    -------
    list of dict
        A task table (``id``, ``duration`` in 2-10 days, ``predecessors``)
        whose last activity follows every activity without a successor.

    Examples
    --------
    >>> tasks = random_network(np.random.default_rng(0))
    >>> tasks[0]["predecessors"], 6 <= len(tasks) <= 8
    ([], True)
    """
    n = int(rng.integers(low, high + 1))
    ids = list(_IDS[:n])
    preds: dict[str, list[str]] = {ids[0]: []}
    for i in range(1, n - 1):
        if i == 1 and rng.random() < 0.4:
            preds[ids[i]] = []
            continue
        k = 1 if (i == 1 or rng.random() < 0.6) else 2
        chosen = rng.choice(i, size=k, replace=False)
        preds[ids[i]] = sorted(ids[int(j)] for j in chosen)
    has_successor = {p for ps in preds.values() for p in ps}
    preds[ids[-1]] = [t for t in ids[:-1] if t not in has_successor]
    durations = rng.integers(2, 11, size=n)
    return [
        {"id": t, "duration": int(d), "predecessors": preds[t]}
        for t, d in zip(ids, durations, strict=True)
    ]


def _paths(tasks: list[dict[str, Any]]) -> list[tuple[list[str], int]]:
    """List every start-to-end path of a network with its length, longest first."""
    succ: dict[str, list[str]] = {t["id"]: [] for t in tasks}
    for t in tasks:
        for p in t["predecessors"]:
            succ[p].append(t["id"])
    length = {t["id"]: t["duration"] for t in tasks}
    found: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        path = [*path, node]
        if not succ[node]:
            found.append(path)
        for nxt in succ[node]:
            walk(nxt, path)

    for t in tasks:
        if not t["predecessors"]:
            walk(t["id"], [])
    out = [(p, sum(length[x] for x in p)) for p in found]
    return sorted(out, key=lambda x: -x[1])


def unique_critical(tasks: list[dict[str, Any]], min_paths: int = 2):
    """Return (paths, cpm table), or raise Redraw unless one path is longest.

    Parameters
    ----------
    tasks : list of dict
        A network from :func:`random_network`.
    min_paths : int
        Redraw networks with fewer start-to-end paths.

    Returns
    -------
    paths : list of (list of str, int)
        Every path with its length, longest first.
    table : DataFrame
        :func:`pmcourse.schedule.cpm` of the network.

    Raises
    ------
    Redraw
        If two paths tie for longest or there are too few paths.

    Examples
    --------
    >>> chain = [{"id": "A", "duration": 2, "predecessors": []},
    ...          {"id": "B", "duration": 3, "predecessors": []},
    ...          {"id": "C", "duration": 1, "predecessors": ["A", "B"]}]
    >>> unique_critical(chain)[0]
    [(['B', 'C'], 4), (['A', 'C'], 3)]
    """
    all_paths = _paths(tasks)
    if len(all_paths) < min_paths or all_paths[0][1] == all_paths[1][1]:
        raise Redraw
    table = cpm(tasks)
    if critical_path(table) != all_paths[0][0]:
        raise Redraw
    return all_paths, table


def describe(tasks: list[dict[str, Any]]) -> str:
    """Describe a network in one clause per activity.

    Parameters
    ----------
    tasks : list of dict
        A task table with finish-to-start predecessors.

    Returns
    -------
    str

    Examples
    --------
    >>> describe([{"id": "A", "duration": 2, "predecessors": []},
    ...           {"id": "B", "duration": 3, "predecessors": ["A"]}])
    'A (2 days, starts the project); B (3 days, after A).'
    """
    parts = []
    for t in tasks:
        after = (
            "starts the project"
            if not t["predecessors"]
            else "after " + listing(t["predecessors"])
        )
        parts.append(f"{t['id']} ({t['duration']} days, {after})")
    return "; ".join(parts) + "."


def _successors(tasks: list[dict[str, Any]], tid: str) -> list[str]:
    return [t["id"] for t in tasks if tid in t["predecessors"]]


def _loose_activity(rng: np.random.Generator) -> tuple[list[dict[str, Any]], Any, str]:
    """Draw a network with one longest path; pick an activity that has float.

    Returns the network, its :func:`pmcourse.schedule.cpm` table and the
    activity's id; raises :class:`Redraw` when every activity is critical.
    """
    tasks = random_network(rng)
    _, table = unique_critical(tasks)
    loose = [t for t in table.index if table.loc[t, "total_float"] > 0]
    if not loose:
        raise Redraw
    return tasks, table, pick(rng, loose)


@_family("F-CPM-01", difficulty=2, scenario=True, fmt=days)
def project_duration(rng: np.random.Generator) -> Draft:
    """Ask for the project duration from a network diagram."""
    tasks = random_network(rng)
    all_paths, _ = unique_critical(tasks)
    finish = project_finish(tasks)
    crit = all_paths[0][0]
    return Draft(
        stem=(
            f"{person(rng)} has built the network for {project(rng)}. Activities, "
            f"durations and finish-to-start predecessors: {describe(tasks)} What "
            "is the shortest possible project duration?"
        ),
        key=finish,
        explanation=(
            f"The longest path, {'-'.join(crit)}, takes {finish:g} days; no "
            "other path is as long, so it sets the project duration."
        ),
        wrong=[
            (
                all_paths[1][1],
                f"This is path {'-'.join(all_paths[1][0])}; the longest path sets "
                "the finish.",
            ),
            (
                sum(t["duration"] for t in tasks),
                "This adds every duration, as if no activities ran in parallel.",
            ),
            (
                finish + len(crit) - 1,
                "This adds a day at each hand-off, mixing in day-number counting.",
            ),
            (all_paths[-1][1], "This is the shortest path, not the longest."),
        ],
        params={"tasks": tasks},
    )


@_family("F-CPM-02", difficulty=2, scenario=False, fmt=str)
def which_critical_path(rng: np.random.Generator) -> Draft:
    """Ask which path is critical."""
    tasks = random_network(rng, 7, 8)
    all_paths, _ = unique_critical(tasks, min_paths=4)
    key = "-".join(critical_path(tasks))
    top = all_paths[0][1]
    most = max(all_paths[1:], key=lambda x: len(x[0]))
    wrong = [
        (
            "-".join(most[0]),
            f"It has the most activities but lasts {most[1]} days; the critical "
            f"path is the longest in time ({top} days).",
        )
    ]
    wrong += [
        ("-".join(p), f"This path lasts {length} days, less than {top}.")
        for p, length in all_paths[1:]
    ]
    return Draft(
        stem=(
            "A network has these activities, durations in days and "
            f"finish-to-start predecessors: {describe(tasks)} Which is the "
            "critical path?"
        ),
        key=key,
        explanation=(
            f"Adding the durations along each path, {key} is the longest at "
            f"{top} days, so its activities have zero total float."
        ),
        wrong=wrong,
        params={"tasks": tasks},
    )


@_family("F-CPM-03", difficulty=2, scenario=True, fmt=days)
def total_float(rng: np.random.Generator) -> Draft:
    """Ask for the total float of a non-critical activity."""
    tasks, table, x = _loose_activity(rng)
    row = table.loc[x]
    finish = float(table["ef"].max())
    return Draft(
        stem=(
            f"In {project(rng)}, the activities, durations and finish-to-start "
            f"predecessors are: {describe(tasks)} How much total float does "
            f"activity {x} have?"
        ),
        key=row["total_float"],
        explanation=(
            f"Forward pass: ES = {row['es']:g}, EF = {row['ef']:g}; backward pass: "
            f"LS = {row['ls']:g}, LF = {row['lf']:g}. Total float = LS - ES = "
            f"{row['total_float']:g} days."
        ),
        wrong=[
            (row["free_float"], "This is free float, the slack before a successor."),
            (row["lf"] - row["es"], "LF - ES still contains the activity's duration."),
            (finish - row["ef"], "This gap to the project end ignores successors."),
            (row["total_float"] + 1, "Counting days inclusively adds one."),
        ],
        params={"tasks": tasks, "activity": x},
    )


@_family("F-CPM-04", difficulty=3, scenario=False, fmt=days)
def free_float(rng: np.random.Generator) -> Draft:
    """Ask for the free float, as opposed to total float."""
    tasks = random_network(rng)
    _, table = unique_critical(tasks)
    pool = [
        t
        for t in table.index
        if _successors(tasks, t)
        and table.loc[t, "free_float"] != table.loc[t, "total_float"]
    ]
    if not pool:
        raise Redraw
    x = pick(rng, pool)
    row = table.loc[x]
    succ = _successors(tasks, x)
    first = float(table.loc[succ, "es"].min())
    return Draft(
        stem=(
            f"A network has these activities: {describe(tasks)} {_ZERO_BASED} "
            f"What is the free float of activity {x}?"
        ),
        key=row["free_float"],
        explanation=(
            f"{x} finishes early at {row['ef']:g}; its earliest successor start is "
            f"{first:g}. Free float = {first:g} - {row['ef']:g} = "
            f"{row['free_float']:g} days."
        ),
        wrong=[
            (row["total_float"], "This is total float, slack against the finish."),
            (first - row["es"], "This measures from ES; free float starts at EF."),
            (row["free_float"] + 1, "Counting days inclusively adds one."),
            (0, f"{x} has slack: its successors start after it can finish."),
        ],
        params={"tasks": tasks, "activity": x},
    )


@_family("F-CPM-05", difficulty=2, scenario=False, fmt=days)
def early_finish(rng: np.random.Generator) -> Draft:
    """Ask for the early finish by the forward pass."""
    tasks = random_network(rng)
    table = cpm(tasks)
    pool = [
        t["id"]
        for t in tasks
        if len(t["predecessors"]) >= 2
        and table.loc[t["predecessors"], "ef"].nunique() > 1
    ]
    if not pool:
        raise Redraw
    x = pick(rng, pool)
    row = table.loc[x]
    d = next(t["duration"] for t in tasks if t["id"] == x)
    preds = next(t["predecessors"] for t in tasks if t["id"] == x)
    low = float(table.loc[preds, "ef"].min())
    return Draft(
        stem=(
            f"Activities with durations in days and finish-to-start predecessors: "
            f"{describe(tasks)} {_ZERO_BASED} What is the early finish of {x}?"
        ),
        key=row["ef"],
        explanation=(
            f"{x} waits for its last predecessor, so ES = {row['es']:g}; "
            f"EF = ES + duration = {row['es']:g} + {d} = {row['ef']:g}."
        ),
        wrong=[
            (low + d, "An activity waits for all predecessors, not the first."),
            (row["ef"] - 1, "EF = ES + D - 1 is day-number counting, not zero-based."),
            (row["lf"], "This is the late finish from the backward pass."),
            (row["es"], "This is the early start; add the duration."),
        ],
        params={"tasks": tasks, "activity": x},
    )


@_family("F-CPM-06", difficulty=3, scenario=True, fmt=days)
def late_start(rng: np.random.Generator) -> Draft:
    """Ask for the late start by the backward pass."""
    tasks = random_network(rng)
    _, table = unique_critical(tasks)
    pool = [
        t
        for t in table.index
        if table.loc[t, "total_float"] > 0 and _successors(tasks, t)
    ]
    if not pool:
        raise Redraw
    x = pick(rng, pool)
    row = table.loc[x]
    d = next(t["duration"] for t in tasks if t["id"] == x)
    latest = float(table.loc[_successors(tasks, x), "ls"].max())
    return Draft(
        stem=(
            f"{person(rng)} is checking the schedule of {project(rng)}: "
            f"{describe(tasks)} {_ZERO_BASED} What is the late start of {x}?"
        ),
        key=row["ls"],
        explanation=(
            f"Backward pass: LF of {x} = the earliest LS of its successors = "
            f"{row['lf']:g}; LS = LF - duration = {row['lf']:g} - {d} = "
            f"{row['ls']:g}."
        ),
        wrong=[
            (latest - d, "The backward pass takes the earliest successor start."),
            (row["es"], "This is the early start from the forward pass."),
            (row["lf"], "This is the late finish; subtract the duration."),
            (row["ls"] + 1, "LS = LF - D + 1 is day-number counting."),
        ],
        params={"tasks": tasks, "activity": x},
    )


@_family("F-CPM-07", difficulty=2, scenario=True, fmt=days)
def delay_impact(rng: np.random.Generator) -> Draft:
    """Ask how far a slip beyond an activity's float delays the project."""
    tasks, table, x = _loose_activity(rng)
    tf = float(table.loc[x, "total_float"])
    slip = int(tf) + int(rng.integers(1, 5))
    late = [
        {**t, "duration": t["duration"] + slip} if t["id"] == x else t for t in tasks
    ]
    delay = project_finish(late) - project_finish(tasks)
    return Draft(
        stem=(
            f"In {project(rng)}: {describe(tasks)} A supplier tells "
            f"{person(rng)} that activity {x} will take {slip} days longer than "
            "planned. By how many days will the project finish later?"
        ),
        key=delay,
        explanation=(
            f"{x} has {tf:g} days of total float, which absorbs part of the slip: "
            f"the project moves by {slip} - {tf:g} = {delay:g} days."
        ),
        wrong=[
            (slip, f"The full slip ignores the {tf:g} days of float."),
            (0, f"Float absorbs only {tf:g} days, not all {slip}."),
            (slip + tf, "Float reduces the delay; it is not added to it."),
        ],
        params={"tasks": tasks, "activity": x, "slip": slip},
    )


def _lag_network(a, b, c, d, e, lag1, lag2, *, ss="SS", sign="+"):
    return [
        {"id": "A", "duration": a, "predecessors": []},
        {"id": "B", "duration": b, "predecessors": [f"A:FS{sign}{lag1}"]},
        {"id": "C", "duration": c, "predecessors": [f"B:{ss}{sign}{lag2}"]},
        {"id": "E", "duration": e, "predecessors": ["A"]},
        {"id": "D", "duration": d, "predecessors": ["B", "C", "E"]},
    ]


@_family("F-CPM-08", difficulty=3, scenario=True, fmt=days)
def lags(rng: np.random.Generator) -> Draft:
    """Ask for the project duration with a lag and a start-to-start link."""
    a, b, c, d, e = (int(x) for x in rng.integers(2, 10, size=5))
    lag1, lag2 = int(rng.integers(1, 5)), int(rng.integers(1, 4))
    if lag2 >= b:
        raise Redraw
    tasks = _lag_network(a, b, c, d, e, lag1, lag2)
    key = project_finish(tasks)
    return Draft(
        stem=(
            f"{person(rng)} plans a floor refurbishment. A, demolition, takes {a} "
            f"days. B, screeding, takes {b} days and can start {days(lag1)} after "
            f"A finishes (drying time). C, electrical work, takes {c} days and can "
            f"start {days(lag2)} after B starts. E, ordering fittings, takes {e} "
            f"days after A. D, finishing, takes {d} days after B, C and E are all "
            "done. What is the project duration?"
        ),
        key=key,
        explanation=(
            f"B starts at {a} + {lag1} = {a + lag1}; C starts {lag2} days after B "
            f"starts. D starts when the last of B, C and E finishes, so the "
            f"project takes {key:g} days."
        ),
        wrong=[
            (
                project_finish(_lag_network(a, b, c, d, e, 0, 0)),
                "This drops both lags, as if B and C could start at once.",
            ),
            (
                project_finish(_lag_network(a, b, c, d, e, lag1, lag2, ss="FS")),
                "C's lag counts from B's start (SS), not its finish.",
            ),
            (
                project_finish(_lag_network(a, b, c, d, e, lag1, lag2, sign="-")),
                "A lag adds waiting time; subtracting it treats it as a lead.",
            ),
            (
                project_finish(_lag_network(a, b, c, d, e, 0, lag2)),
                f"This forgets the {lag1}-day drying lag before B.",
            ),
        ],
        params={"tasks": tasks},
    )
