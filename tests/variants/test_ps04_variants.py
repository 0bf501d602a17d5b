"""Tests of the per-student variants of exercise ps04 (pmcourse.variants.ps04).

The expected answers here come from a reference computation written out by
hand with numpy (each budget spread evenly over its months, then the PMI
formulas), independent of pmcourse.cost and pmcourse.evm; the notebook's
model solution and hidden tests are then run in this process for many
students and compared with it.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import variants
from pmcourse.variants import ps04

ASSIGNMENT = "ps04_earned_value"
SALT = "pmcourse-2026"
NOTEBOOK = (
    Path(__file__).resolve().parents[2]
    / "solutions"
    / ASSIGNMENT
    / f"{ASSIGNMENT}.ipynb"
)
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.S)

# The exercise's fixed work packages: planned start and finish, in months.
DATES = {
    "WP-A": (0, 10),
    "WP-B": (0, 2),
    "WP-C": (1, 5),
    "WP-D": (2, 6),
    "WP-E": (3, 5),
    "WP-F": (5, 8),
    "WP-G": (7, 9),
    "WP-H": (8, 10),
}

# The scenario as it stood before variants (checked by hand in the docstring
# of test_the_original_scenario_gives_the_hand_computed_answers).
ORIGINAL = {
    "budgets": {
        "WP-A": 40_000,
        "WP-B": 60_000,
        "WP-C": 120_000,
        "WP-D": 100_000,
        "WP-E": 50_000,
        "WP-F": 60_000,
        "WP-G": 30_000,
        "WP-H": 40_000,
    },
    "problem_month": 3,
    "ev": [33_000, 58_000, 52_000, 70_000, 72_000, 45_000],
    "ac": [33_000, 62_000, 60_000, 80_000, 85_000, 55_000],
    "approved_eac": 560_000,
    "situation_order": [0, 1, 2, 3],
}

# The answers each part reads, part by part.
PARTS = {
    "check_baseline": ("bac", "pv_cumulative"),
    "check_variances": ("cv", "sv"),
    "check_indices": ("cpi", "spi"),
    "check_eac": ("eac_typical", "eac_atypical", "eac_cpi_spi"),
    "check_etc_vac": ("etc", "vac"),
    "check_tcpi": ("tcpi_bac", "tcpi_approved"),
    "check_percent": ("percent_complete", "percent_spent"),
    "check_trend": ("first_month_below",),
    "check_choice": ("eac_choice",),
}
ANSWERS = [name for names in PARTS.values() for name in names]


def reference(params: dict) -> dict:
    """Compute every autograded answer by hand from a variant's parameters."""
    budgets = params["budgets"]
    pv_month = np.zeros(10)
    for wp, (es, ef) in DATES.items():
        pv_month[es:ef] += budgets[wp] / (ef - es)
    pv_cum = np.cumsum(pv_month)
    ev_cum = np.cumsum(params["ev"])
    ac_cum = np.cumsum(params["ac"])
    bac = float(sum(budgets.values()))
    pv, ev, ac = pv_cum[5], ev_cum[-1], ac_cum[-1]
    cpi, spi = ev / ac, ev / pv
    eac = bac / cpi
    # Which EAC each situation calls for, found from its words.
    words = {
        "one-off": "atypical",
        "Nothing has changed": "typical",
        "fixed by a customer contract": "cpi_spi",
        "wrong assumption": "bottom_up",
    }
    choice = {}
    for letter, i in zip("abcd", params["situation_order"], strict=True):
        text = ps04.SITUATIONS[i]
        (kind,) = [k for w, k in words.items() if w in text]
        choice[letter] = kind
    return {
        "bac": bac,
        "pv_cumulative": pv_cum.tolist(),
        "cv": ev - ac,
        "sv": ev - pv,
        "cpi": cpi,
        "spi": spi,
        "eac_typical": eac,
        "eac_atypical": ac + bac - ev,
        "eac_cpi_spi": ac + (bac - ev) / (cpi * spi),
        "etc": eac - ac,
        "vac": bac - eac,
        "tcpi_bac": (bac - ev) / (bac - ac),
        "tcpi_approved": (bac - ev) / (params["approved_eac"] - ac),
        "percent_complete": ev / bac,
        "percent_spent": ac / bac,
        "first_month_below": int(np.flatnonzero(ev_cum / ac_cum < 0.95)[0]) + 1,
        "eac_choice": choice,
    }


def same(a, b, tol: float = 1e-6) -> bool:
    """Whether two answers agree as the hidden tests would judge them."""
    if isinstance(a, dict | str):
        return a == b
    if isinstance(a, list):
        if len(a) != len(b):
            return False
        return all(same(x, y, tol) for x, y in zip(a, b, strict=True))
    return abs(a - b) < tol


def params_of(student: str) -> dict:
    return variants.scenario(ASSIGNMENT, salt=SALT, student=student).params


# ---- the draws


def test_every_draw_of_200_students_is_valid_and_reproducible():
    """Does every one of 200 students get a variant that passes check(), and
    the same one each time it is drawn?"""
    for k in range(200):
        first = variants.scenario(ASSIGNMENT, salt=SALT, student=f"student{k}")
        again = variants.scenario(ASSIGNMENT, salt=SALT, student=f"student{k}")
        assert ps04.check(first.params) == [], first.label
        assert json.dumps(first.params) == json.dumps(again.params)
        assert first.code == again.code


def test_params_are_plain_json():
    """Are a variant's parameters plain JSON (ints, lists, dicts), so they can
    be stored and compared?"""
    p = params_of("ana")
    assert json.loads(json.dumps(p)) == p
    assert all(type(x) is int for x in p["ev"] + p["ac"])
    assert all(type(x) is int for x in p["budgets"].values())


def test_no_two_of_50_students_share_all_numbers():
    """Do 50 students get 50 different sets of numbers, and different budgets
    and monthly reports in almost every pair?"""
    drawn = [params_of(f"s{k}") for k in range(50)]
    assert len({json.dumps(p, sort_keys=True) for p in drawn}) == 50
    assert len({json.dumps(p["budgets"], sort_keys=True) for p in drawn}) == 50
    assert len({tuple(p["ev"] + p["ac"]) for p in drawn}) == 50


def test_the_practice_variant_is_the_same_for_everyone(monkeypatch):
    """Does everyone without a student id get the same practice variant?"""
    for name in ("JUPYTERHUB_USER", variants.STUDENT_ENV, "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    one = variants.scenario(ASSIGNMENT, salt=SALT)
    two = variants.scenario(ASSIGNMENT, salt=SALT)
    assert one.practice and two.practice
    assert one.params == two.params and one.code == two.code
    assert one.params == params_of(variants.PRACTICE_ID)
    assert one.params != params_of("ana")


def test_redraws_are_rare():
    """Does a valid variant come within a few draws (so drawing stays fast)?"""
    attempts = [
        variants.scenario(ASSIGNMENT, salt=SALT, student=f"r{k}").attempts
        for k in range(200)
    ]
    assert np.mean(attempts) < 3
    assert max(attempts) < 30


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=20).filter(lambda s: s.strip()))
def test_any_student_gets_a_coherent_story(student):
    """For any student id, is the project over budget and behind at month 6,
    with EV within the BAC, cumulative figures that never go down, a finite
    TCPI well above 1 and an approved EAC between the BAC and a TCPI of 1.1?"""
    p = variants.scenario(ASSIGNMENT, salt=SALT, student=student).params
    r = reference(p)
    ev_cum, ac_cum = np.cumsum(p["ev"]), np.cumsum(p["ac"])
    assert (np.diff(ev_cum) > 0).all() and (np.diff(ac_cum) > 0).all()
    assert (np.diff(r["pv_cumulative"]) >= 0).all()
    assert ev_cum[-1] <= r["bac"] and ac_cum[-1] < r["bac"]
    assert r["cv"] < 0 and r["sv"] < 0
    assert 0.78 <= r["cpi"] <= 0.93 and 0.78 <= r["spi"] <= 0.95
    assert np.isfinite(r["tcpi_bac"]) and 1.08 <= r["tcpi_bac"] <= 2
    assert 0.85 <= r["tcpi_approved"] <= 1.10
    assert r["bac"] < p["approved_eac"]
    assert p["problem_month"] <= r["first_month_below"] <= 6


# ---- check() catches bad draws


def test_the_original_scenario_gives_the_hand_computed_answers():
    """Does the pre-variant scenario pass check(), and do the builders and
    pmcourse give its hand-computed answers: BAC 500,000, PV 34,000 in month 1
    (30,000 + 4,000) and 374,000 by month 6, CV = 330,000 - 375,000 = -45,000,
    CPI 0.88, TCPI 170,000 / 125,000 = 1.36 and 170,000 / 185,000 on the
    approved 560,000, CPI first below 0.95 in month 3 (143 / 155 = 0.923)?"""
    from pmcourse import cost, evm

    assert ps04.check(ORIGINAL) == []
    base = cost.time_phased_baseline(
        ps04.work_packages(ORIGINAL).set_index("id"), period=1
    )
    assert base["cumulative_pv"].tolist() == [
        34_000,
        98_000,
        157_000,
        241_000,
        325_000,
        374_000,
        398_000,
        437_000,
        476_000,
        500_000,
    ]
    table = evm.status_table(ps04.reports(ORIGINAL), 500_000)
    r = evm.evm(*table.loc[6, ["pv", "ev", "ac"]], 500_000, eac=560_000)
    assert r.cv == -45_000 and r.sv == -44_000
    assert r.cpi == pytest.approx(0.88)
    assert r.tcpi == pytest.approx(1.36)
    assert r.tcpi_eac == pytest.approx(170 / 185)
    assert int(table.index[table["cpi"] < 0.95][0]) == 3
    assert reference(ORIGINAL)["first_month_below"] == 3


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"ac": [33_000, -62_000, 60_000, 80_000, 85_000, 55_000]}, "ac:"),
        ({"ev": [33_000, 58_000, 52_000]}, "ev:"),
        ({"budgets": {**ORIGINAL["budgets"], "WP-C": 0}}, "budgets"),
        ({"budgets": {"WP-A": 40_000}}, "budgets"),
        ({"problem_month": 5}, "problem_month"),
        ({"situation_order": [0, 1, 1, 3]}, "situation_order"),
        ({"approved_eac": -1}, "approved_eac"),
        # EV above the whole budget.
        ({"ev": [200_000, 200_000, 100_000, 1, 1, 1]}, "exceeds the BAC"),
        # Spent exactly what was earned: on budget, so CPI 1.
        ({"ac": ORIGINAL["ev"]}, "cpi at month 6"),
        # Behind schedule but the CPI never reaches the warning line.
        ({"ac": [33_000, 58_000, 53_000, 72_000, 74_000, 46_000]}, "never falls"),
        # Falls below 0.95 in month 3, then climbs back above it.
        ({"ac": [33_000, 58_000, 64_000, 62_000, 70_000, 45_000]}, "climbs back"),
        # Month 3 ends at a CPI of exactly 0.95: ambiguous when rounded.
        ({"ac": [33_000, 58_000, 59_789, 80_000, 85_000, 55_000]}, "within 0.003"),
        # The approved EAC is below the BAC.
        ({"approved_eac": 480_000}, "above the bac"),
        # The approved EAC is the typical EAC: its TCPI is just the CPI.
        ({"approved_eac": 568_182}, "too close"),
        # An approved EAC so tight that it needs a TCPI far above 1.
        ({"approved_eac": 520_000}, "tcpi on the approved eac"),
    ],
)
def test_check_catches_bad_params(change, expected):
    """Does check() reject a hand-made bad draw, saying what is wrong?"""
    problems = ps04.check({**ORIGINAL, **change})
    assert any(expected in p for p in problems), problems


def test_check_rejects_a_trend_already_below_the_line_before_the_trouble():
    """Does check() reject a CPI that falls near 0.95 before the month the
    integration trouble starts (the reports would not explain it)?"""
    bad = {**ORIGINAL, "problem_month": 4}
    bad["ac"] = [33_000, 62_000, 60_000, 80_000, 85_000, 55_000]
    assert any("before the problem month" in p for p in ps04.check(bad))


def test_check_rejects_a_spent_out_budget():
    """Does check() reject a draw with more than 85 % of the BAC spent (TCPI
    would explode or be undefined)?"""
    bad = {**ORIGINAL, "ac": [33_000, 62_000, 60_000, 80_000, 85_000, 120_000]}
    assert any("85 %" in p for p in ps04.check(bad))


# ---- the answers differ between students


def test_every_part_usually_differs_between_two_students():
    """Is the expected answer of each autograded part different for most
    pairs of 50 students (the trend month and the situations' order, which
    take few values, less often)?"""
    answers = [reference(params_of(f"d{k}")) for k in range(50)]
    pairs = list(itertools.combinations(answers, 2))
    for part, names in PARTS.items():
        differ = np.mean([any(not same(a[n], b[n]) for n in names) for a, b in pairs])
        floor = {"check_trend": 0.4, "check_choice": 0.85}.get(part, 0.98)
        assert differ >= floor, (part, differ)


def test_the_trend_month_and_the_problem_month_vary():
    """Does the month the CPI first drops below 0.95 take more than one value,
    and the trouble start in month 3 for some students and 4 for others?"""
    drawn = [params_of(f"t{k}") for k in range(60)]
    assert {p["problem_month"] for p in drawn} == {3, 4}
    assert len({reference(p)["first_month_below"] for p in drawn}) >= 3


def test_the_situations_texts_are_in_the_order_the_hidden_key_assumes():
    """Is ps04.SITUATIONS in the order the hidden test's key assumes (a
    one-off, nothing changed, a fixed date, a wrong estimate)?"""
    for text, words in zip(
        ps04.SITUATIONS,
        ["one-off", "Nothing has changed", "fixed by a customer", "wrong assumption"],
        strict=True,
    ):
        assert words in text
    s = ps04.situations({"situation_order": [2, 3, 0, 1]})
    assert s == {
        "a": ps04.SITUATIONS[2],
        "b": ps04.SITUATIONS[3],
        "c": ps04.SITUATIONS[0],
        "d": ps04.SITUATIONS[1],
    }


# ---- the notebook, run in this process


def _cells() -> dict:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return {
        c.metadata["nbgrader"]["grade_id"]: c
        for c in nb.cells
        if c.cell_type == "code" and "nbgrader" in c.metadata
    }


def _setup(student: str) -> dict:
    ns = {"display": lambda *args, **kwargs: None, "print": lambda *a, **k: None}
    with variants.grading_as(student):
        exec(_cells()["setup"].source, ns)
    return ns


def _solve(student: str) -> dict:
    """Run the model solution (and its tests) as a student: their namespace."""
    ns = _setup(student)
    for grade_id, cell in _cells().items():
        if grade_id != "setup":
            exec(cell.source, ns)  # a failing hidden test raises here
    return ns


def test_the_model_solution_passes_every_hidden_test_for_30_students():
    """Does the notebook's model solution pass every test for 30 students'
    variants, with answers equal to the hand-made reference?"""
    for k in range(30):
        student = f"nb{k}"
        ns = _solve(student)
        want = reference(params_of(student))
        for name in ANSWERS:
            assert same(ns[name], want[name]), (student, name)


def test_the_answers_are_plain_python_values():
    """Is every answer a plain Python value that survives repr() (no numpy or
    pandas types), as the grader and the 50-student test need?"""
    ns = _solve("plain")
    for name in ANSWERS:
        value = ns[name]
        assert type(value) in (int, float, str, bool, list, dict), (name, type(value))
        assert ast.literal_eval(repr(value)) == value, name
        if isinstance(value, list):
            assert all(type(x) is float for x in value), name


def test_another_students_answers_score_nothing_on_the_numbers():
    """Do one student's correct answers fail the hidden tests of another
    student on every numeric part (parts 1 to 7)?"""
    cells = _cells()
    for k in range(8):
        mine = _solve(f"x{k}")
        theirs = _setup(f"y{k}")
        for grade_id, names in list(PARTS.items())[:7]:
            ns = {**theirs, **{n: mine[n] for n in names}}
            with pytest.raises(AssertionError):
                exec(cells[grade_id].source, ns)


def test_the_hidden_tests_compute_from_the_variant_not_files_or_numbers():
    """Is each hidden test one call into the answer specification, and does the
    specification take every key from the variant through pmcourse, never from
    CSV files or numbers typed in?"""
    for grade_id, cell in _cells().items():
        match = HIDDEN.search(cell.source)
        if not match:
            continue
        assert f'"ps04_earned_value", "{grade_id}", globals()' in match.group(1)
    spec = (NOTEBOOK.parent / "answers.py").read_text(encoding="utf-8")
    assert ".csv" not in spec and "read_csv" not in spec
    assert "ps04.work_packages(params)" in spec and "ps04.reports(params)" in spec
    numbers = {
        node.value
        for node in ast.walk(ast.parse(spec))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    }
    # Allowed: period=1, percentages (a listed mistake), 0 and 1.
    assert numbers <= {0, 1, 100}, numbers


def test_the_markdown_quotes_no_number_that_varies():
    """Does the notebook's text (outside the model answer) avoid the old
    fixed figures, which now differ per student, and tell students about
    their own numbers?"""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    text = "\n".join(
        c.source
        for c in nb.cells
        if c.cell_type == "markdown"
        and c.metadata["nbgrader"]["grade_id"] != "answer_status_message"
    )
    for old in ("560,000", "500,000", "work_packages.csv", "monthly_actuals.csv"):
        assert old not in text
    assert "Your numbers" in text and "practice variant" in text
    setup = _cells()["setup"].source
    assert 'variants.scenario("ps04_earned_value", salt=COURSE_SALT)' in setup
