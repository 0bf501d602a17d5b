"""Tests of the PSPLIB-like generator and the levelling datasets.

Covers :func:`pmcourse.datasets.synthetic.rcpsp_instance` and the
``levelling_plan`` / ``levelling_capacities`` datasets built with it.
"""

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import datasets
from pmcourse.datasets import generate
from pmcourse.datasets.levelling import LEVELLING_SEED, levelling_plan
from pmcourse.datasets.synthetic import rcpsp_instance
from pmcourse.resources import (
    check_feasible,
    optimal_schedule,
    resource_schedule,
)
from pmcourse.schedule import cpm


def _daily_peak(tasks, column):
    """Return the peak daily use of the early-start plan, counted day by day."""
    plan = cpm(tasks)
    finish = int(plan["ef"].max())
    days = np.zeros(finish)
    for tid, row in plan.iterrows():
        use = tasks.set_index("id").loc[tid, column]
        days[int(row["es"]) : int(row["ef"])] += use
    return days.max()


@settings(max_examples=30, deadline=None)
@given(
    st.integers(4, 15),
    st.integers(1, 3),
    st.sampled_from([0.0, 0.3, 0.7, 0.95]),
    st.integers(0, 10**6),
)
def test_instances_have_the_psplib_shape(n_tasks, n_resources, strength, seed):
    """Single start and finish, FS links backwards, ranges kept, capacity by RS?"""
    tasks, caps = rcpsp_instance(
        n_tasks, n_resources, resource_strength=strength, max_use=5, rng=seed
    )
    names = [f"R{k}" for k in range(1, n_resources + 1)]
    assert list(tasks.columns) == ["id", "duration", "predecessors", *names]
    assert list(caps) == names
    ids = tasks["id"].tolist()
    preds = [[p for p in s.split(", ") if p] for s in tasks["predecessors"]]
    assert [k for k, p in enumerate(preds) if not p] == [0]  # one start
    has_successor = {p for ps in preds for p in ps}
    assert [t for t in ids if t not in has_successor] == [ids[-1]]  # one finish
    for k, ps in enumerate(preds):
        assert all(ids.index(p) < k for p in ps)  # links point backwards, FS
    assert tasks["duration"].between(1, 10).all()
    use = tasks[names].to_numpy()
    assert ((use >= 0) & (use <= 5)).all() and (use.sum(axis=1) > 0).all()
    overloaded = False
    for name in names:
        k_min, peak = tasks[name].max(), _daily_peak(tasks, name)
        assert caps[name] == k_min + np.floor(strength * (peak - k_min))
        overloaded |= peak > caps[name]
    assert overloaded
    assert check_feasible(tasks, cpm(tasks), caps)  # the plan needs levelling
    assert check_feasible(tasks, resource_schedule(tasks, caps), caps) == []


def test_same_seed_same_instance():
    """Does a seed give the same instance again, and another seed another one?"""
    a, caps_a = rcpsp_instance(rng=5)
    b, caps_b = rcpsp_instance(rng=5)
    pd.testing.assert_frame_equal(a, b)
    assert caps_a == caps_b
    assert not a.equals(rcpsp_instance(rng=6)[0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_tasks": 3}, "n_tasks must be at least 4"),
        ({"n_resources": 0}, "n_resources must be at least 1"),
        ({"n_tasks": 4.5}, "n_tasks must be a whole number"),
        ({"resource_strength": 1.0}, r"resource_strength must be in \[0, 1\)"),
        ({"resource_factor": 0}, r"resource_factor must be in \(0, 1\]"),
        ({"max_use": 0}, "max_use must be at least 1"),
    ],
)
def test_bad_parameters_are_named(kwargs, message):
    """Does each out-of-range parameter raise ValueError naming it?"""
    with pytest.raises(ValueError, match=message):
        rcpsp_instance(**kwargs)


def test_giving_up_when_nothing_is_overloaded(monkeypatch):
    """If no draw overloads a resource, does it stop with a ValueError?"""
    calls = []

    def idle(tasks, schedule, resources):
        calls.append(1)
        return pd.DataFrame({name: [0.0] for name in resources})

    monkeypatch.setattr("pmcourse.datasets.synthetic.resource_usage", idle)
    with pytest.raises(ValueError, match="100 draws gave no overloaded resource"):
        rcpsp_instance(6, 1, rng=0)
    assert len(calls) == 100


def _capacities():
    table = datasets.load("levelling_capacities")
    return table.set_index("resource")["capacity"].to_dict()


def test_levelling_plan_is_overloaded_as_worked_by_hand():
    """Does the stored plan need 9 engineers and 10 testers on days 14-17?"""
    plan = datasets.load("levelling_plan")
    caps = _capacities()
    assert caps == {"engineers": 6, "testers": 6}
    assert plan.loc[0, "predecessors"] == ""
    # CPM: T1 0-6; T3 6-14; T4 14-18 and T11 14-18 (after T8 6-14); T6, T7
    # 14-20. On days 14-17: engineers 2 + 2 + 5 + 0 = 9, testers 4 + 3 + 2 + 1
    # = 10. The critical path T1-T3-T4-T5-T12 ends on day 28.
    early = cpm(plan)
    assert early["ef"].max() == 28
    assert _daily_peak(plan, "engineers") == 9
    assert _daily_peak(plan, "testers") == 10
    problems = check_feasible(plan, early, caps)
    assert "resource 'engineers' is used 9 > capacity 6 from 14 to 18" in problems


def test_levelling_plan_separates_the_heuristic_from_the_optimum():
    """Is the serial heuristic longer than the optimum, as the lesson says?"""
    plan, caps = datasets.load("levelling_plan"), _capacities()
    serial = resource_schedule(plan, caps)["finish"].max()
    sampling = resource_schedule(plan, caps, method="sampling", rng=42)
    optimum = optimal_schedule(plan, caps)["finish"].max()
    assert 28 < optimum <= sampling["finish"].max() <= serial
    assert optimum < serial
    # the figures the README quotes are the ones computed here
    readme = (generate.DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    quoted = re.search(
        r"heuristic \((\d+) days\) misses the optimum \((\d+) days\)", readme
    )
    assert quoted and (int(quoted[1]), int(quoted[2])) == (serial, optimum)


def test_levelling_builders_share_the_seed():
    """Do the plan and the capacities come from the same generated instance?"""
    tasks, caps = rcpsp_instance(
        12, 2, resource_strength=0.3, max_use=5, rng=LEVELLING_SEED
    )
    plan = levelling_plan(LEVELLING_SEED)
    assert plan[["engineers", "testers"]].to_numpy().tolist() == (
        tasks[["R1", "R2"]].to_numpy().tolist()
    )
    assert _capacities() == {"engineers": caps["R1"], "testers": caps["R2"]}
