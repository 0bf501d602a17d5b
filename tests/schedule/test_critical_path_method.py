"""Tests of pmcourse.schedule: CPM, PERT and the chance of a date."""

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.schedule import (
    cpm,
    critical_path,
    deadline_for_probability,
    path_estimate,
    pert,
    pert_table,
    probability_of_finishing_by,
    project_finish,
    triangular_mean,
    triangular_std,
)

# A textbook network worked by hand (zero-based convention).
#   A(3) -> B(2) -> D(4) -> F(2)
#   A(3) -> C(6) -> E(1) -> F
#   B -> E
HAND = [
    {"id": "A", "duration": 3, "predecessors": []},
    {"id": "B", "duration": 2, "predecessors": ["A"]},
    {"id": "C", "duration": 6, "predecessors": ["A"]},
    {"id": "D", "duration": 4, "predecessors": ["B"]},
    {"id": "E", "duration": 1, "predecessors": ["B", "C"]},
    {"id": "F", "duration": 2, "predecessors": ["D", "E"]},
]
# Forward: A 0-3, B 3-5, C 3-9, D 5-9, E 9-10, F 10-12.
# Backward from 12: F 10-12, E 9-10, D 6-10, C 3-9, B 4-6 (min(LS_D=6, LS_E=9)), A 0-3.
HAND_EXPECTED = pd.DataFrame(
    {
        "es": [0, 3, 3, 5, 9, 10],
        "ef": [3, 5, 9, 9, 10, 12],
        "ls": [0, 4, 3, 6, 9, 10],
        "lf": [3, 6, 9, 10, 10, 12],
        "total_float": [0, 1, 0, 1, 0, 0],
        # B: min(ES_D - EF_B, ES_E - EF_B) = min(0, 4) = 0; D: ES_F - EF_D = 1
        "free_float": [0, 0, 0, 1, 0, 0],
    },
    index=pd.Index(list("ABCDEF"), name="id"),
    dtype=float,
)


def test_hand_worked_network():
    """Does CPM reproduce a forward and backward pass done by hand?"""
    result = cpm(HAND)
    pd.testing.assert_frame_equal(result[HAND_EXPECTED.columns], HAND_EXPECTED)
    assert result["critical"].tolist() == [True, False, True, False, True, True]
    assert critical_path(HAND) == ["A", "C", "E", "F"]
    assert project_finish(HAND) == 12.0


def test_column_types_and_index():
    """Are the columns floats and bools, indexed by id in input order?"""
    result = cpm(pd.DataFrame(HAND))
    assert list(result.columns) == [
        "es",
        "ef",
        "ls",
        "lf",
        "total_float",
        "free_float",
        "critical",
    ]
    assert result.index.name == "id"
    assert list(result.index) == list("ABCDEF")
    for col in ["es", "ef", "ls", "lf", "total_float", "free_float"]:
        assert result[col].dtype == np.float64
    assert result["critical"].dtype == bool


def test_predecessors_as_comma_separated_strings_and_nan():
    """Are comma-separated predecessors, empty strings and NaN all understood?"""
    table = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "duration": [1, 2, 3],
            "predecessors": [np.nan, "A", " A , B "],
        }
    )
    result = cpm(table)
    assert result.loc["C", "es"] == 3.0


@pytest.mark.parametrize(
    ("link", "b_es", "note"),
    [
        ("A", 5.0, "FS: B starts when A finishes"),
        ("A:FS+2", 7.0, "FS with a 2-day lag"),
        ("A:FS-1", 4.0, "FS with a 1-day lead"),
        ("A:SS", 0.0, "SS: B starts with A"),
        ("A:SS+3", 3.0, "SS with lag 3"),
        ("A:FF", 2.0, "FF: B (3 days) finishes with A at 5"),
        ("A:FF+1", 3.0, "FF with lag 1: B finishes at 6"),
        ("A:SF+4", 1.0, "SF: B finishes 4 days after A starts"),
        ("A:ss+3", 3.0, "link types are case-insensitive"),
    ],
)
def test_link_types_and_lags(link, b_es, note):
    """Does each link type and lag place the successor where the textbook says?"""
    result = cpm(
        [
            {"id": "A", "duration": 5, "predecessors": []},
            {"id": "B", "duration": 3, "predecessors": [link]},
        ]
    )
    assert result.loc["B", "es"] == b_es, note
    assert result.loc["B", "ef"] == b_es + 3


def test_link_never_starts_before_zero():
    """Does a lead or an FF link never push a task before the project start?"""
    result = cpm(
        [
            {"id": "A", "duration": 1, "predecessors": []},
            {"id": "B", "duration": 10, "predecessors": ["A:FF"]},
            {"id": "C", "duration": 2, "predecessors": ["A:FS-5"]},
        ]
    )
    assert result["es"].min() == 0.0
    assert result.loc["B", "es"] == 0.0
    assert result.loc["C", "es"] == 0.0


def test_free_float_honours_link_type():
    """Is free float measured against the date the link constrains (SS, FF)?"""
    result = cpm(
        [
            {"id": "A", "duration": 4, "predecessors": []},
            {"id": "B", "duration": 10, "predecessors": []},
            # C starts 2 days after A starts (SS+2), but B drives it to 10.
            {"id": "C", "duration": 2, "predecessors": ["A:SS+2", "B"]},
            # D must finish no earlier than A finishes + 1 (FF+1): A drives D? no,
            # D also follows B, so D finishes at 13.
            {"id": "D", "duration": 3, "predecessors": ["A:FF+1", "B"]},
        ]
    )
    # A: SS slack = ES_C - (ES_A + 2) = 8; FF slack = EF_D - (EF_A + 1) = 8.
    assert result.loc["A", "free_float"] == 8.0
    assert result.loc["A", "total_float"] == 8.0
    # C has no successor: free float = finish (13) - EF_C (12) = 1.
    assert result.loc["C", "free_float"] == 1.0


def test_zero_duration_milestones():
    """Are milestones (duration 0) scheduled and critical where they should be?"""
    result = cpm(
        [
            {"id": "start", "duration": 0, "predecessors": []},
            {"id": "A", "duration": 5, "predecessors": ["start"]},
            {"id": "done", "duration": 0, "predecessors": ["A"]},
        ]
    )
    assert result.loc["done", "es"] == 5.0
    assert result["critical"].all()


def test_numeric_ids_are_strings():
    """Are integer ids (PSPLIB style) turned into strings consistently?"""
    result = cpm(
        [
            {"id": 1, "duration": 2, "predecessors": []},
            {"id": 2, "duration": 3, "predecessors": [1]},
        ]
    )
    assert list(result.index) == ["1", "2"]
    assert result.loc["2", "es"] == 2.0


# ----------------------------------------------------------------- errors


def test_cycle_names_every_task():
    """Does CPM reject a cycle, naming every task on it in order?"""
    tasks = [
        {"id": "S", "duration": 1, "predecessors": []},
        {"id": "A", "duration": 1, "predecessors": ["S", "C"]},
        {"id": "B", "duration": 1, "predecessors": ["A"]},
        {"id": "C", "duration": 1, "predecessors": ["B"]},
        {"id": "D", "duration": 1, "predecessors": ["C"]},
    ]
    with pytest.raises(ValueError, match=r"^cycle: A -> B -> C -> A$"):
        cpm(tasks)


def test_two_task_cycle():
    """Does CPM reject a two-task loop?"""
    with pytest.raises(ValueError, match=r"cycle: A -> B -> A"):
        cpm(
            [
                {"id": "A", "duration": 1, "predecessors": "B"},
                {"id": "B", "duration": 1, "predecessors": "A:SS"},
            ]
        )


def test_self_loop():
    """Does CPM reject a task that lists itself?"""
    with pytest.raises(ValueError, match="task 'A' lists itself"):
        cpm([{"id": "A", "duration": 1, "predecessors": "A"}])


def test_unknown_predecessor():
    """Does CPM name the task and the unknown predecessor?"""
    with pytest.raises(ValueError, match="task 'C' lists unknown predecessor 'X'"):
        cpm(
            [
                {"id": "A", "duration": 1, "predecessors": ""},
                {"id": "C", "duration": 1, "predecessors": "A, X:SS+1"},
            ]
        )


def test_negative_duration():
    """Does CPM name the task with a negative duration?"""
    with pytest.raises(ValueError, match=r"task 'B' has a negative duration \(-2\)"):
        cpm(
            [
                {"id": "A", "duration": 1, "predecessors": ""},
                {"id": "B", "duration": -2, "predecessors": "A"},
            ]
        )


@pytest.mark.parametrize("missing", ["id", "duration", "predecessors"])
def test_missing_column_is_named(missing):
    """Does a malformed table name its missing column, not a pandas KeyError?"""
    rows = [{"id": "A", "duration": 1, "predecessors": ""}]
    for row in rows:
        del row[missing]
    with pytest.raises(ValueError, match=f"missing the column '{missing}'"):
        cpm(rows)


@pytest.mark.parametrize(
    ("duration", "message"),
    [("three", "not a number: 'three'"), (None, "no duration"), (True, "not a")],
)
def test_bad_duration_values(duration, message):
    """Is a non-numeric duration reported with the task's id?"""
    with pytest.raises(ValueError, match=f"task 'A' has.*{message}"):
        cpm([{"id": "A", "duration": duration, "predecessors": ""}])


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("A:XX", "link type 'XX'"),
        ("A:FS+two", "not of the form"),
        ("A:", "not of the form"),
    ],
)
def test_bad_link_syntax(entry, message):
    """Is a malformed predecessor entry reported with the task's id?"""
    with pytest.raises(ValueError, match=f"task 'B' .*{message}"):
        cpm(
            [
                {"id": "A", "duration": 1, "predecessors": ""},
                {"id": "B", "duration": 1, "predecessors": [entry]},
            ]
        )


def test_duplicate_and_empty_ids():
    """Are duplicate and empty ids rejected by name?"""
    with pytest.raises(ValueError, match="'A' appears more than once"):
        cpm(
            [
                {"id": "A", "duration": 1, "predecessors": ""},
                {"id": "A", "duration": 2, "predecessors": ""},
            ]
        )
    with pytest.raises(ValueError, match="row 1 has an empty id"):
        cpm(
            [
                {"id": "A", "duration": 1, "predecessors": ""},
                {"id": " ", "duration": 2, "predecessors": ""},
            ]
        )


def test_empty_and_wrong_type():
    """Are an empty table and a non-table rejected with a clear message?"""
    with pytest.raises(ValueError, match="empty"):
        cpm([])
    with pytest.raises(TypeError, match="list of dicts"):
        cpm("A,B,C")
    with pytest.raises(TypeError, match="row 0"):
        cpm(["A"])


# ----------------------------------------------------------------- properties


@st.composite
def networks(draw, link_types=("FS", "SS", "FF", "SF")):
    """Random DAGs: each task may depend on earlier ones with any link type."""
    n = draw(st.integers(1, 14))
    tasks = []
    for j in range(n):
        duration = draw(st.integers(0, 9))
        preds = []
        if j:
            chosen = draw(st.sets(st.integers(0, j - 1), max_size=min(j, 3)))
            for i in sorted(chosen):
                kind = draw(st.sampled_from(link_types))
                lag = draw(st.integers(-2, 4))
                preds.append(f"T{i}:{kind}{lag:+d}")
        tasks.append({"id": f"T{j}", "duration": duration, "predecessors": preds})
    # shuffle input order so the topological order is not the input order
    perm = draw(st.permutations(range(n)))
    return [tasks[k] for k in perm]


def _constraints(tasks):
    """Yield (pred, succ, pred_uses_finish, succ_uses_finish, lag) for each link."""
    for t in tasks:
        for entry in t["predecessors"]:
            pid, rest = entry.split(":")
            kind, lag = rest[:2], float(rest[2:])
            yield pid, t["id"], kind[0] == "F", kind[1] == "F", lag


@settings(max_examples=150, deadline=None)
@given(networks())
def test_schedules_are_feasible_and_tight(tasks):
    """Are the early and late schedules feasible, tight, and floats non-negative?"""
    r = cpm(tasks)
    dur = {t["id"]: float(t["duration"]) for t in tasks}
    finish = r["ef"].max()
    assert (r[["total_float", "free_float"]] >= 0).all().all()
    assert (r["free_float"] <= r["total_float"] + 1e-9).all()
    assert (r["es"] >= 0).all()
    assert (r["lf"] <= finish + 1e-9).all()
    np.testing.assert_allclose(r["ef"] - r["es"], [dur[i] for i in r.index])
    np.testing.assert_allclose(r["ls"] - r["es"], r["total_float"], atol=1e-9)
    binding = {i: r.loc[i, "es"] == 0 for i in r.index}
    late_binding = {i: r.loc[i, "lf"] == finish for i in r.index}
    for p, s, pf, sf, lag in _constraints(tasks):
        for start, end in (("es", "ef"), ("ls", "lf")):
            pred_date = r.loc[p, end if pf else start]
            succ_date = r.loc[s, end if sf else start]
            assert succ_date >= pred_date + lag - 1e-9, (p, s, start)
        if math.isclose(
            r.loc[s, "ef" if sf else "es"], r.loc[p, "ef" if pf else "es"] + lag
        ):
            binding[s] = True
        if math.isclose(
            r.loc[s, "lf" if sf else "ls"], r.loc[p, "lf" if pf else "ls"] + lag
        ):
            late_binding[p] = True
    # every early start is pushed by a link or by the project start (not later)
    assert all(binding.values())
    # every late finish is held by a link or by the project finish (not earlier)
    assert all(late_binding.values())
    # the critical path is not empty and its tasks have zero float
    crit = critical_path(r)
    assert crit
    assert (r.loc[crit, "total_float"] == 0).all()


@settings(max_examples=100, deadline=None)
@given(networks(link_types=("FS",)))
def test_finish_equals_longest_path(tasks):
    """Is the finish the longest path, computed independently with networkx?"""
    g = nx.DiGraph()
    for t in tasks:
        g.add_node(t["id"])
    for p, s, _, _, lag in _constraints(tasks):
        # longest path over node weights: edge weight = pred duration + lag
        dur = next(t["duration"] for t in tasks if t["id"] == p)
        g.add_edge(p, s, w=dur + lag)
    es = {}
    for node in nx.topological_sort(g):
        es[node] = max([0.0] + [es[p] + g.edges[p, node]["w"] for p in g.pred[node]])
    expected = max(es[t["id"]] + t["duration"] for t in tasks)
    assert project_finish(tasks) == pytest.approx(expected)


def test_large_network_matches_networkx():
    """Does a 2,000-task random network give networkx's longest path?"""
    rng = np.random.default_rng(7)
    n = 2000
    tasks = []
    for j in range(n):
        k = min(j, 3)
        preds = [f"t{i}" for i in rng.choice(j, size=k, replace=False)] if k else []
        tasks.append(
            {"id": f"t{j}", "duration": int(rng.integers(1, 10)), "predecessors": preds}
        )
    g = nx.DiGraph()
    for t in tasks:
        for p in t["predecessors"]:
            g.add_edge(p, t["id"])
    dur = {t["id"]: t["duration"] for t in tasks}
    ef = {}
    for node in nx.topological_sort(g):
        ef[node] = max([0] + [ef[p] for p in g.pred[node]]) + dur[node]
    r = cpm(tasks)
    assert r["ef"].to_dict() == pytest.approx({k: float(v) for k, v in ef.items()})


# ----------------------------------------------------------------- PERT


def test_pert_textbook_numbers():
    """Does PERT give (o + 4m + p)/6 and (p - o)/6?"""
    assert pert(2, 5, 14) == (6.0, 2.0)
    mean, std = pert(np.array([1, 2]), np.array([2, 4]), np.array([9, 6]))
    np.testing.assert_allclose(mean, [3.0, 4.0])
    np.testing.assert_allclose(std, [8 / 6, 4 / 6])


def test_triangular():
    """Does the triangular distribution give (o + m + p)/3 and its exact std?"""
    assert triangular_mean(2, 5, 14) == 7.0
    rng = np.random.default_rng(1)
    sample = rng.triangular(2, 5, 14, size=400_000)
    assert triangular_std(2, 5, 14) == pytest.approx(sample.std(), rel=0.01)


@pytest.mark.parametrize("func", [pert, triangular_mean, triangular_std])
def test_three_point_order_is_checked(func):
    """Is optimistic > most likely rejected with the three values named?"""
    with pytest.raises(ValueError, match="optimistic <= most_likely <= pessimistic"):
        func(5, 4, 9)
    with pytest.raises(ValueError, match="most_likely"):
        func(1, 10, 9)


def test_path_estimate_adds_variances_not_stds():
    """Is a path's std the root of summed variances (3-4-5), not the sum of stds?"""
    mean, std = path_estimate(
        [
            {"optimistic": 0, "most_likely": 9, "pessimistic": 18},  # std 3
            {"optimistic": 0, "most_likely": 12, "pessimistic": 24},  # std 4
        ]
    )
    assert mean == 21.0
    assert std == pytest.approx(5.0)


def test_pert_table_names_bad_row():
    """Does pert_table name the task whose estimates are out of order?"""
    with pytest.raises(ValueError, match="task 'B' needs optimistic"):
        pert_table(
            [
                {"id": "A", "optimistic": 1, "most_likely": 2, "pessimistic": 3},
                {"id": "B", "optimistic": 5, "most_likely": 2, "pessimistic": 3},
            ]
        )
    with pytest.raises(ValueError, match="missing the column 'pessimistic'"):
        pert_table([{"id": "A", "optimistic": 1, "most_likely": 2}])


def test_probability_of_a_date():
    """Do the normal-approximation figures match the exam's sigma rules?"""
    assert probability_of_finishing_by(10, 10, 2) == pytest.approx(0.5)
    assert probability_of_finishing_by(12, 10, 2) == pytest.approx(0.8413, abs=1e-4)
    assert probability_of_finishing_by(14, 10, 2) == pytest.approx(0.9772, abs=1e-4)
    assert probability_of_finishing_by(9, 10, 0) == 0.0
    assert probability_of_finishing_by(10, 10, 0) == 1.0
    with pytest.raises(ValueError, match="std"):
        probability_of_finishing_by(10, 10, -1)


@given(
    st.floats(0.01, 0.99),
    st.floats(-100, 100),
    st.floats(0.1, 50),
)
def test_deadline_inverts_probability(p, mean, std):
    """Is deadline_for_probability the inverse of probability_of_finishing_by?"""
    d = deadline_for_probability(p, mean, std)
    assert probability_of_finishing_by(d, mean, std) == pytest.approx(p, abs=1e-9)


def test_deadline_for_probability_range():
    """Are probabilities of 0 or 1 rejected (no finite date)?"""
    for p in (0, 1, 1.5):
        with pytest.raises(ValueError, match="probability"):
            deadline_for_probability(p, 10, 2)
