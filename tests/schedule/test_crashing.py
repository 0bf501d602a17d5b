"""Tests of pmcourse.crashing: the time-cost trade-off (lesson 03)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import schedule
from pmcourse.crashing import (
    cheapest_duration,
    crash_estimates,
    crashed_activities,
    step_for,
    time_cost_tradeoff,
    with_indirect_cost,
)
from pmcourse.schedule import crash_cost_slope, project_finish


def _task(tid, duration, preds, crash, normal_cost, crash_cost):
    return {
        "id": tid,
        "duration": duration,
        "predecessors": preds,
        "crash_duration": crash,
        "normal_cost": normal_cost,
        "crash_cost": crash_cost,
    }


#: One path A -> B. Slopes by hand: A (300-100)/(3-1) = 100, B (250-50)/1 = 200.
CHAIN = [
    _task("A", 3, "", 1, 100, 300),
    _task("B", 2, "A", 1, 50, 250),
]

#: Two parallel critical paths A -> C and B -> C, 7 days each.
#: Slopes: A 200/2 = 100, B 150/1 = 150, C 600/2 = 300.
PARALLEL = [
    _task("A", 4, "", 2, 400, 600),
    _task("B", 4, "", 3, 300, 450),
    _task("C", 3, "A, B", 1, 500, 1100),
]


def test_schedule_re_exports_the_tradeoff():
    """Can lessons reach the trade-off through pmcourse.schedule too?"""
    assert schedule.time_cost_tradeoff is time_cost_tradeoff


def test_one_path_is_crashed_cheapest_activity_first():
    """On a single path, is A (100 a day) crashed fully before B (200 a day)?"""
    steps = time_cost_tradeoff(CHAIN, indirect_cost_per_day=150)
    assert steps["duration"].tolist() == [5.0, 4.0, 3.0, 2.0]
    assert [list(c) for c in steps["crashed"]] == [[], ["A"], ["A"], ["B"]]
    assert steps["direct_cost"].tolist() == [150.0, 250.0, 350.0, 550.0]
    # indirect 150 a day: 750, 600, 450, 300
    assert steps["total_cost"].tolist() == [900.0, 850.0, 800.0, 850.0]
    best = cheapest_duration(steps)
    assert (best["duration"], best["total_cost"]) == (3.0, 800.0)


def test_two_parallel_critical_paths_crash_together():
    """With two critical paths, is A+B (250) chosen over the shared C (300)?"""
    steps = time_cost_tradeoff(PARALLEL, indirect_cost_per_day=400)
    assert steps["duration"].tolist() == [7.0, 6.0, 5.0, 4.0]
    assert [tuple(c) for c in steps["crashed"]] == [(), ("A", "B"), ("C",), ("C",)]
    assert steps["step_cost"].tolist() == [0.0, 250.0, 300.0, 300.0]
    assert steps["direct_cost"].tolist() == [1200.0, 1450.0, 1750.0, 2050.0]
    # B is at its crash duration, so A alone cannot shorten the project: stop
    assert steps["total_cost"].tolist() == [4000.0, 3850.0, 3750.0, 3650.0]
    assert cheapest_duration(steps)["duration"] == 4.0


def test_a_path_with_float_joins_the_critical_path():
    """When B's float is used up, are A and B crashed together?"""
    tasks = [
        _task("A", 5, "", 2, 100, 400),  # slope 100
        _task("B", 4, "", 3, 100, 400),  # slope 300, 1 day of float
    ]
    steps = time_cost_tradeoff(tasks)
    assert steps["duration"].tolist() == [5.0, 4.0, 3.0]
    assert steps["step_cost"].tolist() == [0.0, 100.0, 400.0]
    assert steps["indirect_cost"].tolist() == [0.0, 0.0, 0.0]


def test_an_uncrashable_plan_has_only_the_normal_step():
    """Does a plan with no crash room return just step 0?"""
    tasks = [_task("A", 3, "", 3, 100, 100), _task("B", 2, "A", 2, 50, 50)]
    steps = time_cost_tradeoff(tasks, indirect_cost_per_day=10)
    assert len(steps) == 1
    assert steps.loc[0, "total_cost"] == 150 + 50


def test_crashed_activities_and_step_for_a_target():
    """Does reaching 5 days in the parallel network crash A, B and C once each?"""
    steps = time_cost_tradeoff(PARALLEL)
    assert step_for(steps, 5) == 2
    assert step_for(steps, 5.5) == 2
    assert step_for(steps, 10) == 0
    assert crashed_activities(steps, 5).to_dict() == {"A": 1.0, "B": 1.0, "C": 1.0}
    assert crashed_activities(steps, 7).empty
    with pytest.raises(ValueError, match="shorter than the project can be crashed"):
        step_for(steps, 3)


def test_with_indirect_cost_reprices_without_recrashing():
    """Does repricing at 400 a day give the same table as crashing at 400?"""
    base = time_cost_tradeoff(PARALLEL)
    pd.testing.assert_frame_equal(
        with_indirect_cost(base, 400)[base.columns],
        time_cost_tradeoff(PARALLEL, indirect_cost_per_day=400),
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"crash_duration": 5}, r"task 'B'.*crash_duration \(5\) must not exceed"),
        ({"crash_cost": 100}, r"task 'B'.*crash_cost .* at least its normal_cost"),
        ({"crash_duration": -1}, r"task 'B' crash_duration"),
    ],
)
def test_bad_crash_data_names_the_task(change, message):
    """Is a crash estimate that makes no sense refused, naming the task?"""
    tasks = [dict(t) for t in PARALLEL]
    tasks[1].update(change)
    with pytest.raises(ValueError, match=message):
        time_cost_tradeoff(tasks)


def test_missing_columns_and_bad_parameters_are_refused():
    """Are a missing crash column and a negative indirect cost refused?"""
    plain = [{k: v for k, v in t.items() if k != "crash_cost"} for t in PARALLEL]
    with pytest.raises(ValueError, match="missing the column.*'crash_cost'"):
        time_cost_tradeoff(plain)
    with pytest.raises(ValueError, match="indirect_cost_per_day"):
        time_cost_tradeoff(PARALLEL, indirect_cost_per_day=-5)
    with pytest.raises(ValueError, match="max_combination"):
        time_cost_tradeoff(PARALLEL, max_combination=0)


def test_crash_estimates_follow_the_stated_rule():
    """Does the build (15 days, $59,100) get 3 days at 1.5 x $3,940 a day?"""
    plan = [
        {"id": "D", "duration": 15, "cost": 59_100},
        {"id": "K", "duration": 1, "cost": 1_000},
        {"id": "C", "duration": 6, "cost": 25_800},
    ]
    out = crash_estimates(plan)
    assert out["crash_duration"].tolist() == [12, 1, 5]
    # 15 * 0.25 = 3.75 -> 3 days; 59,100 / 15 = 3,940 a day; 1.5 * 3,940 * 3
    assert out.loc[0, "crash_cost"] == pytest.approx(59_100 + 17_730)
    assert out.loc[1, "crash_cost"] == 1_000
    assert out.loc[2, "crash_cost"] == pytest.approx(25_800 + 1.5 * 4_300)
    assert out["normal_cost"].tolist() == [59_100, 1_000, 25_800]
    with pytest.raises(ValueError, match="max_cut"):
        crash_estimates(plan, max_cut=1)
    with pytest.raises(ValueError, match="missing the column 'cost'"):
        crash_estimates([{"id": "A", "duration": 2}])


@st.composite
def networks(draw):
    """Random small networks with crash data: each task may follow earlier ones."""
    n = draw(st.integers(1, 6))
    tasks = []
    for i in range(n):
        tid = chr(ord("A") + i)
        preds = draw(st.lists(st.integers(0, i - 1), unique=True)) if i else []
        duration = draw(st.integers(1, 6))
        crash = draw(st.integers(0, duration))
        normal = draw(st.integers(0, 500))
        extra = draw(st.integers(0, 500)) if crash < duration else 0
        tasks.append(
            _task(
                tid,
                duration,
                ", ".join(chr(ord("A") + p) for p in preds),
                crash,
                normal,
                normal + extra,
            )
        )
    return tasks


@settings(max_examples=60, deadline=None)
@given(networks(), st.floats(0, 1000))
def test_steps_obey_the_time_cost_rules(tasks, rate):
    """Does every step shorten the project, never cut cost, and cost its slopes?"""
    steps = time_cost_tradeoff(tasks, indirect_cost_per_day=rate)
    assert steps.loc[0, "duration"] == project_finish(tasks)
    assert steps.loc[0, "direct_cost"] == sum(t["normal_cost"] for t in tasks)
    assert (np.diff(steps["duration"]) < 0).all()
    assert (np.diff(steps["direct_cost"]) >= 0).all()
    np.testing.assert_allclose(
        steps["total_cost"], steps["direct_cost"] + rate * steps["duration"]
    )
    by_id = {t["id"]: t for t in tasks}
    durations = {t["id"]: float(t["duration"]) for t in tasks}
    for _, row in steps.iloc[1:].iterrows():
        slopes = [
            crash_cost_slope(
                by_id[i]["duration"],
                by_id[i]["normal_cost"],
                by_id[i]["crash_duration"],
                by_id[i]["crash_cost"],
            )
            for i in row["crashed"]
        ]
        assert math.isclose(row["step_cost"], row["crash_days"] * sum(slopes))
        for i in row["crashed"]:
            durations[i] -= row["crash_days"]
            assert durations[i] >= by_id[i]["crash_duration"] - 1e-9
        replay = [dict(t, duration=durations[t["id"]]) for t in tasks]
        assert math.isclose(project_finish(replay), row["duration"])
    # no plan finishes before the one with every activity fully crashed
    fastest = [dict(t, duration=t["crash_duration"]) for t in tasks]
    assert steps["duration"].iloc[-1] >= project_finish(fastest) - 1e-9
