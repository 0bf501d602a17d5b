"""Tests for pmcourse.resources: resource histograms, levelling, feasibility.

Small cases are worked by hand in the comments; PSPLIB instances are checked
against their published optimal makespans.
"""

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.datasets.synthetic import rcpsp_instance
from pmcourse.formats import iter_psplib_archive, read_psplib, read_psplib_optimum
from pmcourse.resources import (
    check_feasible,
    optimal_schedule,
    resource_schedule,
    resource_usage,
)
from pmcourse.schedule import cpm

PSPLIB = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "psplib_j30"

# Four workers. CPM runs A (3 workers) and B (2) together on days 0-1: 5 > 4.
PLAN = pd.DataFrame(
    {
        "id": ["A", "B", "C", "D"],
        "duration": [2, 3, 2, 1],
        "predecessors": ["", "", "A", "B, C"],
        "workers": [3, 2, 2, 3],
    }
)
CAP = {"workers": 4}


def test_cpm_plan_is_overloaded_in_its_histogram():
    """Does the histogram of the CPM plan show the overload on days 0 and 1?"""
    usage = resource_usage(PLAN, cpm(PLAN), ["workers"])
    # day 0-1: A+B = 5; day 2: B+C = 4; day 3: C = 2; day 4: D = 3
    assert usage["workers"].tolist() == [5, 5, 4, 2, 3]
    assert usage.index.tolist() == [0, 1, 2, 3, 4]
    problems = check_feasible(PLAN, cpm(PLAN), CAP)
    assert problems == ["resource 'workers' is used 5 > capacity 4 from 0 to 2"]


def test_serial_lft_levels_the_plan_as_worked_by_hand():
    """Does the serial scheme with LFT priority give the hand-worked schedule?"""
    # LFT: A 2, B 4, C 4, D 5. A goes first at 0; B (tie with C, earlier in
    # the table) cannot run beside A, so it starts at 2; C fits beside B at
    # 2; D waits for B: 5-6. Makespan 6, which is optimal: B cannot overlap A
    # (3 + 2 > 4), so B ends at 5 at the earliest and D at 6.
    plan = resource_schedule(PLAN, CAP)
    assert plan.to_dict("index") == {
        "A": {"start": 0.0, "finish": 2.0},
        "B": {"start": 2.0, "finish": 5.0},
        "C": {"start": 2.0, "finish": 4.0},
        "D": {"start": 5.0, "finish": 6.0},
    }
    assert plan["start"].dtype == float and plan.index.name == "id"
    assert resource_usage(PLAN, plan, CAP)["workers"].tolist() == [3, 3, 4, 4, 2, 3]
    assert check_feasible(PLAN, plan, CAP) == []
    best = resource_schedule(PLAN, CAP, method="sampling", n_schedules=60, rng=1)
    assert best["finish"].max() == 6.0
    assert check_feasible(PLAN, best, CAP) == []


def test_generalised_links_are_minimum_distances():
    """Are SS and FF links with lags honoured under a capacity of one?"""
    ss = [
        {"id": "A", "duration": 3, "predecessors": "", "crane": 1},
        {"id": "B", "duration": 2, "predecessors": "A:SS+1", "crane": 1},
    ]
    # one crane: B may start at 1 by its link, but the crane is busy until 3
    assert resource_schedule(ss, {"crane": 1})["start"].tolist() == [0.0, 3.0]
    # two cranes: the link alone decides
    assert resource_schedule(ss, {"crane": 2})["start"].tolist() == [0.0, 1.0]
    ff = [
        {"id": "A", "duration": 2, "predecessors": "", "crane": 1},
        {"id": "B", "duration": 4, "predecessors": "A:FF+1", "crane": 1},
    ]
    # LFT: B 4, A 3 (must finish 1 before B): A first at 0-2, B after it
    plan = resource_schedule(ff, {"crane": 1})
    assert plan["start"].tolist() == [0.0, 2.0]
    assert check_feasible(ff, plan, {"crane": 1}) == []


def test_fractional_durations_are_scheduled_on_a_finer_grid():
    """Do half-day durations give half-day starts, reported in days?"""
    plan = [
        {"id": "A", "duration": 1.5, "predecessors": "", "tester": 1},
        {"id": "B", "duration": 0.5, "predecessors": "", "tester": 1},
        {"id": "C", "duration": 0.25, "predecessors": "B:FS+0.25", "tester": 0},
    ]
    result = resource_schedule(plan, {"tester": 1})
    # CPM finish 1.5; LFT: A 1.5, C 1.5, B 1.5 - 0.25 - 0.25 = 1.0. B goes
    # first (0-0.5), A after it (0.5-2.0); C needs no tester: 0.75-1.0
    assert result["start"].tolist() == [0.5, 0.0, 0.75]
    assert result["finish"].tolist() == [2.0, 0.5, 1.0]
    assert check_feasible(plan, result, {"tester": 1}) == []


def test_sampling_is_reproducible_with_a_seed():
    """Does the same seed give the same schedule?"""
    tasks, caps = read_psplib_or_skip("j3025_5")
    a = resource_schedule(tasks, caps, method="sampling", n_schedules=90, rng=7)
    b = resource_schedule(tasks, caps, method="sampling", n_schedules=90, rng=7)
    pd.testing.assert_frame_equal(a, b)


def read_psplib_or_skip(name):
    path = PSPLIB / "instances" / f"{name}.sm"
    if not path.exists():
        pytest.skip(f"PSPLIB j30 data not found at {PSPLIB.resolve()}")
    return read_psplib(path)


def test_check_feasible_catches_hand_made_violations():
    """Does the check name every broken link type, duration and capacity?"""
    tasks = [
        {"id": "A", "duration": 2, "predecessors": "", "r": 1},
        {"id": "B", "duration": 2, "predecessors": "A", "r": 1},
        {"id": "C", "duration": 2, "predecessors": "A:SS+1", "r": 0},
        {"id": "D", "duration": 2, "predecessors": "A:FF+2", "r": 0},
        {"id": "E", "duration": 2, "predecessors": "A:SF+3", "r": 0},
    ]
    good = pd.DataFrame(
        {"start": [0, 2, 1, 2, 1], "finish": [2, 4, 3, 4, 3]}, index=list("ABCDE")
    )
    assert check_feasible(tasks, good, {"r": 1}) == []
    bad = pd.DataFrame(
        # B overlaps A (FS and capacity), C starts 0.5 early, D and E finish 1 early
        {"start": [0, 1, 0.5, 1, 0], "finish": [2, 3, 2.5, 3, 2]},
        index=list("ABCDE"),
    )
    problems = check_feasible(tasks, bad, {"r": 1})
    assert problems == [
        "task 'B' starts at 1, but its FS link from 'A' (lag 0) allows 2 at the "
        "earliest",
        "task 'C' starts at 0.5, but its SS link from 'A' (lag 1) allows 1 at the "
        "earliest",
        "task 'D' finishes at 3, but its FF link from 'A' (lag 2) allows 4 at the "
        "earliest",
        "task 'E' finishes at 2, but its SF link from 'A' (lag 3) allows 3 at the "
        "earliest",
        "resource 'r' is used 2 > capacity 1 from 1 to 2",
    ]
    wrong = good.assign(finish=[2, 5, 3, 4, 3], start=[-1, 2, 1, 2, 1])
    assert check_feasible(tasks, wrong, {"r": 1})[:2] == [
        "task 'A' starts at -1, before time 0",
        "task 'B' runs 3 time units, its duration is 2",
    ]
    with pytest.raises(ValueError, match="no row for task 'E'"):
        check_feasible(tasks, good.drop(index="E"), {"r": 1})


def test_resource_usage_counts_part_periods_in_proportion():
    """With half-day tasks and whole-day periods, is the load averaged?"""
    tasks = [
        {"id": "A", "duration": 0.5, "predecessors": "", "r": 2},
        {"id": "B", "duration": 1.5, "predecessors": "A", "r": 4},
    ]
    plan = cpm(tasks)  # A 0-0.5, B 0.5-2
    assert resource_usage(tasks, plan, ["r"])["r"].tolist() == [1 + 2, 4]
    halves = resource_usage(tasks, plan, ["r"], step=0.5)
    assert halves["r"].tolist() == [2, 4, 4, 4]
    with pytest.raises(ValueError, match="step must be a positive number"):
        resource_usage(tasks, plan, ["r"], step=0)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"capacities": {"people": 3}}, "has no column 'people'"),
        ({"capacities": {"workers": -1}}, "capacity of 'workers' must be >= 0"),
        ({"capacities": {"workers": 2}}, "task 'A' needs 3 of 'workers'"),
        ({"capacities": [4]}, "capacities must be a dict"),
        ({"capacities": CAP, "method": "genetic"}, "method must be 'serial'"),
        ({"capacities": CAP, "n_schedules": 0}, "n_schedules must be at least 1"),
    ],
)
def test_resource_schedule_rejects_bad_input(kwargs, expected):
    """Does resource_schedule explain what is wrong with its input?"""
    with pytest.raises(ValueError, match=expected):
        resource_schedule(PLAN, **kwargs)


def test_durations_off_the_grid_are_rejected():
    """Is a duration of 1/7 day refused with the grid explained?"""
    tasks = PLAN.assign(duration=[2, 1 / 7, 2, 1])
    with pytest.raises(ValueError, match="multiples of 1/100"):
        resource_schedule(tasks, CAP)


@st.composite
def networks(draw):
    """Random small networks: any link type, lags from -2 to 3, two resources."""
    n = draw(st.integers(2, 7))
    caps = {"r1": draw(st.integers(1, 5)), "r2": draw(st.integers(1, 5))}
    rows = []
    for j in range(n):
        preds = []
        for i in draw(st.sets(st.integers(0, j - 1), max_size=2)) if j else []:
            kind = draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
            lag = draw(st.integers(-2, 3))
            preds.append(f"T{i}:{kind}{'+' if lag >= 0 else '-'}{abs(lag)}")
        rows.append(
            {
                "id": f"T{j}",
                "duration": draw(st.integers(0, 4)),
                "predecessors": preds,
                "r1": draw(st.integers(0, caps["r1"])),
                "r2": draw(st.integers(0, caps["r2"])),
            }
        )
    return pd.DataFrame(rows), caps


@settings(max_examples=60, deadline=None)
@given(networks())
def test_every_schedule_is_feasible_and_no_shorter_than_cpm(case):
    """For random networks, are both methods feasible, sampling no worse?"""
    tasks, caps = case
    serial = resource_schedule(tasks, caps)
    best = resource_schedule(tasks, caps, method="sampling", n_schedules=30, rng=0)
    assert check_feasible(tasks, serial, caps) == []
    assert check_feasible(tasks, best, caps) == []
    bound = cpm(tasks)["ef"].max()
    assert serial["finish"].max() >= bound - 1e-9
    assert best["finish"].max() <= serial["finish"].max()
    assert best["finish"].max() >= max(bound, _work_bound(tasks, caps)) - 1e-9


def _work_bound(tasks, caps):
    """Return the makespan lower bound sum(use * duration) / capacity."""
    return max(
        (tasks[r] * tasks["duration"]).sum() / c for r, c in caps.items() if c > 0
    )


def _brute_force_optimum(tasks, caps):
    """Return the best makespan over every task order, each placed greedily.

    The serial scheme over all precedence-feasible orders reaches an optimal
    schedule (Kolisch 1996); this plain loop is written apart from the library.
    """
    ids = tasks["id"].tolist()
    d = dict(zip(ids, tasks["duration"], strict=True))
    preds = {
        t: [p for p in ps.split(",") if p]
        for t, ps in zip(ids, tasks["predecessors"], strict=True)
    }
    best = np.inf
    for order in itertools.permutations(ids):
        pos = {t: k for k, t in enumerate(order)}
        if any(pos[p] > pos[t] for t in ids for p in preds[t]):
            continue
        start, load = {}, {}
        for t in order:
            s = max([start[p] + d[p] for p in preds[t]], default=0)
            while any(
                load.get((u, r), 0) + tasks.set_index("id").loc[t, r] > caps[r]
                for u in range(s, s + d[t])
                for r in caps
            ):
                s += 1
            start[t] = s
            for u in range(s, s + d[t]):
                for r in caps:
                    load[(u, r)] = load.get((u, r), 0) + tasks.set_index("id").loc[t, r]
        best = min(best, max(start[t] + d[t] for t in ids))
    return best


def test_sampling_finds_the_brute_force_optimum_of_a_small_network():
    """On a 6-task network, does sampling reach the optimum found by brute force?"""
    tasks = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D", "E", "F"],
            "duration": [3, 2, 4, 2, 3, 1],
            "predecessors": ["", "", "A", "B", "B", "C,D,E"],
            "r": [2, 2, 1, 2, 1, 2],
        }
    )
    caps = {"r": 3}
    optimum = _brute_force_optimum(tasks, caps)
    best = resource_schedule(tasks, caps, method="sampling", n_schedules=300, rng=3)
    assert best["finish"].max() == optimum
    assert resource_schedule(tasks, caps)["finish"].max() >= optimum


def test_psplib_subset_is_feasible_and_close_to_the_optimum():
    """On 26 j30 instances, are schedules feasible, >= optimum, and within 1 %?"""
    if not PSPLIB.is_dir():
        pytest.skip(f"PSPLIB j30 data not found at {PSPLIB.resolve()}")
    optimum = read_psplib_optimum(PSPLIB / "j30opt.sm")["makespan"]
    instances = [read_psplib(p) for p in sorted((PSPLIB / "instances").glob("*.sm"))]
    instances += list(iter_psplib_archive(PSPLIB / "j30_all_480.tgz"))[5::24]
    assert len(instances) == 26
    rng = np.random.default_rng(2024)
    deviation = []
    for inst in instances:
        serial = resource_schedule(inst.tasks, inst.capacities)
        best = resource_schedule(
            inst.tasks, inst.capacities, method="sampling", n_schedules=1000, rng=rng
        )
        for plan in (serial, best):
            assert check_feasible(inst.tasks, plan, inst.capacities) == [], inst.name
            assert plan["finish"].max() >= optimum[inst.name], inst.name
        assert best["finish"].max() <= serial["finish"].max()
        deviation.append(best["finish"].max() / optimum[inst.name] - 1)
    assert np.mean(deviation) <= 0.01


# --- optimal_schedule --------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    st.integers(5, 9),
    st.sampled_from([0.0, 0.2, 0.5, 0.8]),
    st.integers(0, 10**6),
)
def test_optimum_is_no_worse_than_sampling_and_serial(n_tasks, strength, seed):
    """On generated overloaded plans, is optimal <= sampling <= serial?"""
    tasks, caps = rcpsp_instance(n_tasks, 2, resource_strength=strength, rng=seed)
    serial = resource_schedule(tasks, caps)
    best = resource_schedule(tasks, caps, method="sampling", n_schedules=60, rng=0)
    optimum = optimal_schedule(tasks, caps)
    assert check_feasible(tasks, optimum, caps) == []
    assert optimum["finish"].max() <= best["finish"].max() <= serial["finish"].max()
    lower = max(cpm(tasks)["ef"].max(), np.ceil(_work_bound(tasks, caps)))
    assert optimum["finish"].max() >= lower


def test_optimum_equals_the_permutation_brute_force():
    """On a 7-task generated plan, does the optimum equal the brute force above?"""
    tasks, caps = rcpsp_instance(7, 1, resource_strength=0.2, rng=11)
    tasks = tasks.assign(predecessors=tasks["predecessors"].str.replace(" ", ""))
    assert optimal_schedule(tasks, caps)["finish"].max() == _brute_force_optimum(
        tasks, caps
    )


def test_optimal_schedule_beats_serial_on_a_hand_worked_plan():
    """Does the optimum find the day the latest-finish rule loses (worked by hand)?"""
    # Two people. LFT: C 3 (D follows it), A, B, D 5. Serial: C 0-3 beside
    # A 0-3, B 3-7, D (2 people) 7-9. Better: A and B first (0-3, 0-4), C
    # 3-6 beside B, D 6-8. D needs C, C needs a free person: 8 is optimal.
    plan = pd.DataFrame(
        {
            "id": list("ABCD"),
            "duration": [3, 4, 3, 2],
            "predecessors": ["", "", "", "C"],
            "people": [1, 1, 1, 2],
        }
    )
    assert resource_schedule(plan, {"people": 2})["finish"].max() == 9
    assert optimal_schedule(plan, {"people": 2})["finish"].max() == 8


def test_optimal_schedule_refuses_large_plans_and_backward_links():
    """Does optimal_schedule refuse too many tasks and a link with a lead?"""
    tasks, caps = rcpsp_instance(15, 2, rng=0)
    with pytest.raises(ValueError, match="15 tasks, more than max_tasks=14"):
        optimal_schedule(tasks, caps)
    lead = PLAN.assign(predecessors=["", "A:SS-1", "A", "B, C"])
    with pytest.raises(ValueError, match="lets 'B' start 1 before 'A' starts"):
        optimal_schedule(lead, CAP)
    with pytest.raises(ValueError, match="max_tasks must be a whole number"):
        optimal_schedule(PLAN, CAP, max_tasks=2.5)


def test_optimal_schedule_reaches_a_published_psplib_optimum():
    """On j3011_2 (32 jobs), is the optimum the published makespan of 56?"""
    # Other j30 instances take minutes in this pure-Python search: not run.
    tasks, caps = read_psplib_or_skip("j3011_2")
    optimum = read_psplib_optimum(PSPLIB / "j30opt.sm")["makespan"]["j3011_2"]
    best = optimal_schedule(tasks, caps, max_tasks=32)
    assert check_feasible(tasks, best, caps) == []
    assert best["finish"].max() == optimum == 56
