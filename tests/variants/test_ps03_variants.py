"""Per-student variants of exercise ps03 (scheduling a product launch)."""

from __future__ import annotations

import copy
import itertools
import json
import math
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import schedule, variants
from pmcourse.variants import ps03
from pmcourse.variants import spec as answer_spec

SALT = "pmcourse-2026"
IDS = [f"student{i:03d}" for i in range(200)]
SOURCE = (
    Path(__file__).resolve().parents[2]
    / "solutions"
    / "ps03_scheduling"
    / "ps03_scheduling.ipynb"
)
SPEC = answer_spec.load("ps03_scheduling", SOURCE.parents[1])


def _answers(v) -> dict:
    """The answer key (from the specification) and the plan's own finish."""
    params = variants.params_of(v)
    finish = schedule.project_finish(ps03.plan(params))
    return {**SPEC.key(params), "finish": finish}


# The launch plan of ps03 before it had variants, worked by hand in its model
# solution: finish 22, critical path A-B-D-H-I, E with 8 days of free float.
HAND_PLAN = {
    "A": (3, 2, 3, 5),
    "B": (6, 4, 6, 10),
    "C": (5, 4, 5, 8),
    "D": (8, 7, 8, 15),
    "E": (4, 3, 4, 6),
    "F": (9, 7, 9, 14),
    "G": (4, 3, 4, 6),
    "H": (4, 3, 4, 8),
    "I": (1, 1, 1, 1),
}


def _params(rows: dict[str, tuple[int, int, int, int]], fair: int) -> dict:
    activities = []
    for task, name, predecessors in ps03.NETWORK:
        duration, low, mode, high = rows[task]
        activities.append(
            {
                "id": task,
                "activity": name,
                "duration": duration,
                "predecessors": predecessors,
                "optimistic": low,
                "most_likely": mode,
                "pessimistic": high,
            }
        )
    return {"activities": activities, "fair_day": fair}


def _hand() -> dict:
    return _params(HAND_PLAN, 23)


def _with(params: dict, task: str, **values) -> dict:
    params = copy.deepcopy(params)
    row = next(r for r in params["activities"] if r["id"] == task)
    row.update(values)
    return params


def _ml(task: str, days: int, params: dict) -> dict:
    """Set a task's most likely duration (and duration) keeping O <= M <= P."""
    return _with(
        params,
        task,
        duration=days,
        most_likely=days,
        optimistic=min(days, 1 if days > 0 else days),
        pessimistic=max(days, days * 2),
    )


@pytest.fixture(scope="module")
def fifty() -> list[variants.Variant]:
    return [variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=i) for i in IDS[:50]]


def test_every_draw_of_200_students_is_valid_and_reproducible():
    """For 200 student ids, does every variant pass the check, come out the
    same when drawn again, and survive a round trip through JSON?"""
    for student in IDS:
        first = variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=student)
        again = variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=student)
        assert ps03.check(first.params) == [], student
        assert first.params == again.params and first.code == again.code
        assert json.loads(json.dumps(first.params)) == first.params


def test_the_hand_worked_plan_gives_the_textbook_answers():
    """Does the pre-variant plan, worked by hand (finish 22, critical path
    A-B-D-H-I, PERT mean 24 with variance 3.72), pass the check and give
    those answers?"""
    params = _hand()
    assert ps03.check(params) == []
    got = _answers(params)
    assert got["es"] == {
        "A": 0,
        "B": 3,
        "C": 2,
        "D": 9,
        "E": 9,
        "F": 7,
        "G": 13,
        "H": 17,
        "I": 21,
    }
    assert got["lf"] == {
        "A": 3,
        "B": 9,
        "C": 11,
        "D": 17,
        "E": 21,
        "F": 20,
        "G": 21,
        "H": 21,
        "I": 22,
    }
    assert got["free_float"]["E"] == 8 and got["free_float"]["G"] == 4
    assert got["critical"] == ["A", "B", "D", "H", "I"]
    # means 19/6 + 38/6 + 54/6 + 27/6 + 1; variances (3/6)^2 + (6/6)^2 + ...
    assert got["path_mean"] == pytest.approx(24.0)
    variance = (3 / 6) ** 2 + (6 / 6) ** 2 + (8 / 6) ** 2 + (5 / 6) ** 2
    assert got["path_std"] == pytest.approx(math.sqrt(variance))
    z = (23 - 24) / math.sqrt(variance)
    assert got["p_on_time"] == pytest.approx(0.5 * (1 + math.erf(z / math.sqrt(2))))


def _chains(params: dict) -> dict[tuple[str, ...], int]:
    """Length of each chain of the fixed network, worked out by hand."""
    d = {r["id"]: r["duration"] for r in params["activities"]}
    return {
        ("A", "B", "D", "H", "I"): d["A"] + d["B"] + d["D"] + d["H"] + d["I"],
        ("A", "B", "E", "I"): d["A"] + d["B"] + d["E"] + d["I"],
        # A:SS+2 -> C -> F -> G:FF+1 -> I
        ("A", "C", "F", "G", "I"): 2 + d["C"] + d["F"] + 1 + d["I"],
        # A:SS+2 -> C -> E:FF+2 -> I
        ("A", "C", "E", "I"): 2 + d["C"] + 2 + d["I"],
    }


def test_each_variant_has_one_finish_to_start_critical_chain():
    """In every variant, is one finish-to-start chain (A-B-D-H-I or A-B-E-I)
    strictly longer than every other chain of the network, is it the critical
    path, and does the plan finish at its length?"""
    for student in IDS:
        params = variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=student).params
        lengths = _chains(params)
        longest = max(lengths, key=lengths.get)
        others = [v for k, v in lengths.items() if k != longest]
        assert lengths[longest] > max(others), student
        assert longest in ps03.ALLOWED_PATHS
        plan = ps03.plan(params)
        assert schedule.critical_path(plan) == list(longest)
        assert schedule.project_finish(plan) == lengths[longest]


def test_estimates_are_positive_and_ordered_and_the_answers_not_degenerate():
    """Are durations positive with optimistic <= most likely <= pessimistic,
    is the chance of meeting the fair strictly inside (0, 1) at 3 decimals,
    and is the fair after the plan's own finish?"""
    for student in IDS:
        params = variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=student).params
        plan = ps03.plan(params)
        assert (plan["optimistic"] > 0).all()
        assert (plan["optimistic"] <= plan["most_likely"]).all()
        assert (plan["most_likely"] <= plan["pessimistic"]).all()
        assert (plan["duration"] == plan["most_likely"]).all()
        got = _answers(params)
        assert 0 < round(got["p_on_time"], 3) < 1
        assert got["finish"] < ps03.fair_day(params) < got["commit_day"]


def test_the_plans_own_finish_is_never_the_commit_day():
    """Is quoting the plan's own finish as the 90 % date (the wrong answer the
    grading tests hand in) wrong for every variant, by more than the hidden
    test's tolerance?"""
    for student in IDS:
        params = variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=student).params
        got = _answers(params)
        assert got["commit_day"] - schedule.project_finish(ps03.plan(params)) >= 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda p: _with(p, "D", duration=-2), "positive"),
        (lambda p: _with(p, "B", optimistic=7), "optimistic <= most_likely"),
        (lambda p: _with(p, "H", pessimistic=2), "optimistic <= most_likely"),
        (lambda p: _with(p, "C", duration=6), "duration must equal most_likely"),
        (lambda p: _with(p, "E", predecessors="B"), "predecessors"),
        (lambda p: {**p, "fair_day": 22.5}, "fair_day"),
        (lambda p: {**p, "fair_day": 22}, "after the plan's finish"),
        (lambda p: {**p, "fair_day": 40}, "p_on_time"),
        # E as long as D + H: two critical chains through B
        (lambda p: _ml("E", 12, p), "critical path"),
        # the beta test long enough to drive the finish through C, F and G
        (lambda p: _ml("F", 16, p), "critical path"),
        (lambda p: {**p, "activities": p["activities"][:-1]}, "activities"),
    ],
)
def test_check_names_what_is_wrong_with_a_bad_draw(change, problem):
    """Does check() reject a negative duration, estimates out of order, a
    duration that is not the most likely one, a changed link, a fair that is
    not a whole day, not after the finish or too far out, tied or FF/SS-driven
    critical paths, and a missing activity, naming the problem?"""
    problems = ps03.check(change(_hand()))
    assert problems, "the bad draw was accepted"
    assert any(problem in text for text in problems), problems


def test_check_rejects_a_critical_path_without_spread():
    """Does check() reject a variant whose critical path has no uncertainty
    at all (a zero standard deviation)?"""
    params = _hand()
    for task in ("A", "B", "D", "H"):
        days = HAND_PLAN[task][0]
        params = _with(params, task, optimistic=days, pessimistic=days)
    assert any("spread" in text for text in ps03.check(params))


def test_fifty_students_never_share_all_numbers(fifty):
    """Do no two of 50 students get exactly the same numbers?"""
    seen = {json.dumps(v.params, sort_keys=True) for v in fifty}
    assert len(seen) == len(fifty)


PARTS = {
    "forward pass": ("es", "ef"),
    "backward pass": ("ls", "lf"),
    "float": ("total_float", "free_float"),
    "PERT": ("path_mean", "path_std"),
    "probability": ("p_on_time",),
    "commit day": ("commit_day",),
}


def _same(a, b, names) -> bool:
    def close(x, y) -> bool:
        if isinstance(x, dict):
            return all(abs(x[k] - y[k]) < 1e-3 for k in x)
        return abs(x - y) < 1e-3

    return all(close(a[n], b[n]) for n in names)


@pytest.mark.parametrize("part", PARTS)
def test_expected_answers_differ_between_most_pairs_of_students(fifty, part):
    """For each numeric autograded part, do at least 90 % of the pairs among
    50 students have different expected answers?"""
    keys = [_answers(v) for v in fifty]
    pairs = list(itertools.combinations(keys, 2))
    same = sum(_same(a, b, PARTS[part]) for a, b in pairs)
    assert same / len(pairs) <= 0.10, f"{part}: {same} of {len(pairs)} pairs agree"


def test_the_critical_path_itself_differs_between_students(fifty):
    """Do both critical paths occur among 50 students, the rarer one in at
    least a sixth of them?"""
    paths = [tuple(_answers(v)["critical"]) for v in fifty]
    counts = {path: paths.count(path) for path in ps03.ALLOWED_PATHS}
    assert min(counts.values()) >= len(fifty) / 6, counts


def test_practice_variant_is_the_same_for_everyone(monkeypatch):
    """Without any student id, does everyone get the one practice variant?"""
    for name in (variants.STUDENT_ENV, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    first = variants.scenario(ps03.ASSIGNMENT, salt=SALT)
    again = variants.scenario(ps03.ASSIGNMENT, salt=SALT)
    named = variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=variants.PRACTICE_ID)
    assert first.practice and first.params == again.params == named.params
    assert ps03.check(first.params) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**64))
def test_any_seed_draws_the_fixed_network_with_ordered_estimates(seed):
    """Whatever the seed, does a draw keep the network's ids and links, with
    whole-day estimates in order, and does check() answer with a list of
    sentences?"""
    import numpy as np

    params = ps03.draw(np.random.default_rng(seed))
    rows = params["activities"]
    assert [(r["id"], r["predecessors"]) for r in rows] == [
        (task, links) for task, _, links in ps03.NETWORK
    ]
    for row in rows:
        assert 1 <= row["optimistic"] <= row["most_likely"] <= row["pessimistic"]
        whole_days = ("duration", "optimistic", "most_likely", "pessimistic")
        assert all(isinstance(row[c], int) for c in whole_days)
    problems = ps03.check(params)
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)


def test_the_model_solution_gives_every_variants_answers():
    """Run on 25 variants, do the solution cells of the source notebook give
    the library's answers as plain Python values, and do the notebook's own
    tests, hidden ones included, pass?"""
    nb = nbformat.read(SOURCE, as_version=4)
    meta = [(c, c.metadata.get("nbgrader", {})) for c in nb.cells]
    answers = [c.source for c, m in meta if c.cell_type == "code" and m["solution"]]
    tests = [c.source for c, m in meta if c.cell_type == "code" and m["grade"]]
    for student in IDS[:25]:
        mine = variants.scenario(ps03.ASSIGNMENT, salt=SALT, student=student)
        names = {
            "plan": ps03.plan(mine),
            "FAIR_DAY": ps03.fair_day(mine),
            "my_variant": mine,
            "schedule": schedule,
            "print": lambda *args, **kwargs: None,
        }
        exec("from numbers import Real", names)
        for source in answers + tests:
            exec(source, names)
        key = _answers(mine)
        for name in ("es", "ef", "ls", "lf", "total_float", "free_float"):
            assert names[name] == key[name], (student, name)
            assert all(type(v) is float for v in names[name].values())
        assert names["critical"] == key["critical"]
        for name in ("path_mean", "path_std", "p_on_time", "commit_day"):
            assert type(names[name]) is float
            assert names[name] == pytest.approx(key[name], abs=1e-9)
