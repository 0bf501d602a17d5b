"""Tests for the exact search behind pmcourse.resources.optimal_schedule.

The optimum is checked against an exhaustive search over every vector of
whole-number start times, written from the link definitions. The search is
run both through the public function (which starts from a good sampling
schedule) and directly from a poor starting schedule, so that the branch and
bound itself, not the sampling, has to find the optimum.
"""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse._rcpsp_search import BranchAndBound
from pmcourse.resources import check_feasible, optimal_schedule

NONE = -(2**40)


def _links(tasks):
    """Yield (i, j, kind, lag) for every link of a task table."""
    ids = tasks["id"].tolist()
    for j, links in enumerate(tasks["predecessors"]):
        for link in links:
            name, rest = link.split(":")
            yield ids.index(name), j, rest[:2], int(rest[2:])


def _distance(d, i, j, kind, lag):
    """Return the least start-to-start distance a link asks for."""
    return lag + d[i] * (kind in ("FS", "FF")) - d[j] * (kind in ("FF", "SF"))


def _exhaustive_optimum(tasks, caps, horizon):
    """Return the least makespan over every vector of starts in 0..horizon."""
    d = tasks["duration"].to_numpy()
    grid = np.array(list(itertools.product(range(horizon + 1), repeat=len(d))))
    start, finish = grid, grid + d
    ok = np.ones(len(grid), dtype=bool)
    for i, j, kind, lag in _links(tasks):
        before = finish[:, i] if kind in ("FS", "FF") else start[:, i]
        after = finish[:, j] if kind in ("FF", "SF") else start[:, j]
        ok &= after >= before + lag
    for t in range(horizon + int(d.max()) + 1):
        running = (start <= t) & (t < finish)
        for r, cap in caps.items():
            ok &= running @ tasks[r].to_numpy() <= cap
    return int(finish[ok].max(axis=1).min())


def _one_at_a_time(tasks):
    """Return starts that run the tasks one after another, honouring links."""
    d = tasks["duration"].to_numpy()
    start = np.zeros(len(d), dtype=np.int64)
    preds = {j: [] for j in range(len(d))}
    for i, j, kind, lag in _links(tasks):
        preds[j].append((i, _distance(d, i, j, kind, lag)))
    end = 0
    for j in range(len(d)):  # predecessors come earlier in the table
        start[j] = max([end] + [start[i] + dist for i, dist in preds[j]])
        end = start[j] + d[j]
    return start


@st.composite
def tiny_networks(draw):
    """Networks of 2-4 tasks, any link type and lag, durations 0-3, one resource."""
    n = draw(st.integers(2, 4))
    cap = draw(st.integers(1, 3))
    rows = []
    for j in range(n):
        preds = []
        chosen = draw(st.sets(st.integers(0, j - 1), max_size=2)) if j else set()
        for i in sorted(chosen):
            kind = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            preds.append(f"T{i}:{kind}{draw(st.integers(-1, 2)):+d}")
        rows.append(
            {
                "id": f"T{j}",
                "duration": draw(st.integers(0, 3)),
                "predecessors": preds,
                "r": draw(st.integers(0, cap)),
            }
        )
    return pd.DataFrame(rows), {"r": cap}


def _backward(tasks):
    """Is there a link that lets a successor start before its predecessor?"""
    d = tasks["duration"].to_numpy()
    return any(_distance(d, *link) < 0 for link in _links(tasks))


@settings(max_examples=80, deadline=None)
@given(tiny_networks())
def test_optimal_schedule_matches_an_exhaustive_search(case):
    """On tiny networks with any link type, is the optimum the exhaustive one?"""
    tasks, caps = case
    if _backward(tasks):
        with pytest.raises(ValueError, match="start at or after its predecessor"):
            optimal_schedule(tasks, caps)
        return
    best = optimal_schedule(tasks, caps)
    assert check_feasible(tasks, best, caps) == []
    horizon = int(_one_at_a_time(tasks).max() + tasks["duration"].max())
    assert best["finish"].max() == _exhaustive_optimum(tasks, caps, horizon)


@settings(max_examples=120, deadline=None)
@given(tiny_networks())
def test_search_from_a_poor_schedule_finds_the_optimum(case):
    """Started from tasks one at a time, does the search reach the optimum?"""
    tasks, caps = case
    if _backward(tasks):
        return
    d = tasks["duration"].to_numpy()
    n = len(d)
    delta = np.full((n, n), NONE, dtype=np.int64)
    for i, j, kind, lag in _links(tasks):
        delta[i, j] = max(delta[i, j], _distance(d, i, j, kind, lag))
    poor = _one_at_a_time(tasks)
    search = BranchAndBound(
        d.astype(np.int64),
        tasks[["r"]].to_numpy(dtype=np.int64),
        np.array([caps["r"]], dtype=np.int64),
        delta,
        NONE,
    )
    starts = search.solve(poor)
    horizon = int((poor + d).max())
    plan = pd.DataFrame({"start": starts, "finish": starts + d}, index=tasks["id"])
    assert check_feasible(tasks, plan, caps) == []
    assert (starts + d).max() == _exhaustive_optimum(tasks, caps, horizon)


def test_search_counts_its_nodes_and_stops_at_the_lower_bound():
    """Does the search skip branching when the start schedule meets the bound?"""
    # Two independent tasks of 2 days, one crane each, two cranes: the
    # critical path (2) is reached by running them together.
    search = BranchAndBound(
        np.array([2, 2]),
        np.array([[1], [1]]),
        np.array([2]),
        np.full((2, 2), NONE),
        NONE,
    )
    assert search.lower == 2
    assert search.solve(np.array([0, 0])).tolist() == [0, 0]
    assert search.nodes == 0
    # one crane: the work bound is 4; from a poor start (0, 5) it finds (0, 2)
    one = BranchAndBound(
        np.array([2, 2]),
        np.array([[1], [1]]),
        np.array([1]),
        np.full((2, 2), NONE),
        NONE,
    )
    assert one.lower == 4
    starts = one.solve(np.array([0, 5]))
    assert sorted((starts + 2).tolist()) == [2, 4]
