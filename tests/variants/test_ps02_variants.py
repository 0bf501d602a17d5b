"""Per-student variants of exercise ps02 (budgeting a platform migration)."""

from __future__ import annotations

import copy
import itertools
import json
import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import variants
from pmcourse.variants import params_of, ps02
from pmcourse.variants import spec as answer_spec

SALT = "pmcourse-2026"
IDS = [f"student{i:03d}" for i in range(200)]
FOLDER = Path(__file__).resolve().parents[2] / "solutions" / "ps02_budgeting"
SOURCE = FOLDER / "ps02_budgeting.ipynb"
# The keys live in the answer specification (the instructor's side), the one
# place they are computed; the package only draws the numbers.
SPEC = answer_spec.load("ps02_budgeting", FOLDER.parent)
PARTS = {p.grade_id: tuple(a.name for a in p.answers) for p in SPEC.parts}


def _answers(source) -> dict:
    return SPEC.key(params_of(source))


# The migration as it was before it had variants (its model solution worked
# these figures by hand), with a history that lies exactly on 12 hours per
# function point so that the fit is known too.
HAND_WBS = {
    "1.1.1": [18_000, 22_000, 30_000],
    "1.2.1": [8_000, 10_000, 15_000],
    "1.2.2": [20_000, 26_000, 40_000],
    "1.3.1": [60_000, 80_000, 130_000],
    "1.3.2": [90_000, 120_000, 200_000],
    "1.3.3": [30_000, 40_000, 75_000],
    "1.4.1": [15_000, 20_000, 35_000],
    "1.4.2": [12_000, 16_000, 28_000],
    "1.5.1": [10_000, 12_000, 20_000],
    "1.5.2": [8_000, 10_000, 18_000],
    "1.5.3": [6_000, 8_000, 10_000],
}
HAND_SIZES = [100 + 20 * i for i in range(40)]
HAND = {
    "past_cost": 210_000,
    "past_services": 6,
    "new_services": 10,
    "adjustment": 1.10,
    "history": {
        "size_fp": HAND_SIZES,
        "estimated_hours": [10 * s for s in HAND_SIZES],
        "actual_hours": [12 * s for s in HAND_SIZES],
    },
    "size_fp": 380,
    "hourly_rate": 70,
    "wbs": HAND_WBS,
    "risks": {
        "R1": [0.4, 30_000],
        "R2": [0.25, 40_000],
        "R3": [0.1, 50_000],
        "R4": [0.5, 12_000],
        "O1": [0.3, 20_000],
    },
    "management_percent": 0.08,
    "discount_rate": 0.08,
    "flows_a": [-380_000] + [110_000] * 5,
    "flows_b": [-520_000, 90_000, 150_000, 190_000, 190_000, 190_000],
}


@pytest.fixture(scope="module")
def fifty():
    """Fifty students' variants with their expected answers."""
    drawn = [variants.scenario(ps02.ASSIGNMENT, salt=SALT, student=s) for s in IDS[:50]]
    return [(v, _answers(v)) for v in drawn]


def test_hand_worked_scenario_gives_the_hand_figures():
    """Do the builders and answers reproduce the figures of the original
    migration, worked by hand (385,000 by analogy, 364,000 bottom-up, a
    27,000 contingency, a 391,000 baseline, a 3.45-year payback)?"""
    got = _answers(HAND)
    assert got["analogous"] == pytest.approx(210_000 * 10 / 6 * 1.10)
    assert got["analogous"] == pytest.approx(385_000)
    assert got["a"] == pytest.approx(12.0) and got["b"] == pytest.approx(1.0)
    assert got["parametric_cost"] == pytest.approx(12 * 380 * 70)
    assert got["branch_costs"] == pytest.approx(
        {"1.1": 22_000, "1.2": 36_000, "1.3": 240_000, "1.4": 36_000, "1.5": 30_000}
    )
    assert got["bottom_up_total"] == pytest.approx(364_000)
    assert got["pert_mean"] == pytest.approx(389_000)
    # 0.4*30k + 0.25*40k + 0.1*50k + 0.5*12k - 0.3*20k
    assert got["contingency"] == pytest.approx(27_000)
    assert got["cost_baseline"] == pytest.approx(391_000)
    assert got["budget"] == pytest.approx(391_000 * 1.08)
    assert got["payback_a"] == pytest.approx(380 / 110)
    assert got["payback_b"] == pytest.approx(3 + 90 / 190)
    annuity = sum(1.08**-t for t in range(1, 6))
    assert got["npv_a"] == pytest.approx(110_000 * annuity - 380_000)
    assert got["bcr_a"] == pytest.approx(110_000 * annuity / 380_000)
    assert got["choice"] == "B"


def test_builders_keep_the_story_structure():
    """Do the tables keep the exercise's structure: 40 past projects, the
    WBS codes and names, the register ids and kinds, options A and B?"""
    v = variants.scenario(ps02.ASSIGNMENT, salt=SALT, student="ana")
    past = ps02.history(v)
    assert list(past.columns) == [
        "id",
        "year",
        "domain",
        "size_fp",
        "estimated_hours",
        "actual_hours",
    ]
    assert past["id"].tolist() == [f"P{i:02d}" for i in range(1, 41)]
    assert past["year"].is_monotonic_increasing
    table = ps02.wbs(v)
    assert table["wbs"].tolist() == [code for code, _n, _b in ps02.WBS_ELEMENTS]
    assert table.loc[table["wbs"] == "1.3.2", "name"].item() == "Service re-platforming"
    leaves = table.dropna(subset=["most_likely"])
    assert len(leaves) == 11
    assert (leaves["optimistic"] < leaves["most_likely"]).all()
    assert (leaves["most_likely"] < leaves["pessimistic"]).all()
    register = ps02.risks(v)
    assert register["id"].tolist() == ["R1", "R2", "R3", "R4", "O1"]
    assert register["kind"].tolist() == ["threat"] * 4 + ["opportunity"]
    flows = ps02.options(v)
    assert flows.shape == (2, 6) and list(flows.index) == ["A", "B"]
    assert set(ps02.constants(v)) == set(ps02.CONSTANTS)


def test_first_students_draws_are_valid_and_reproducible():
    """Does every one of 20 students get a draw that passes check, the same
    each time it is drawn, with plain JSON-able numbers?"""
    for student in IDS[:20]:
        v = variants.scenario(ps02.ASSIGNMENT, salt=SALT, student=student)
        assert ps02.check(v.params) == [], student
        again = variants.scenario(ps02.ASSIGNMENT, salt=SALT, student=student)
        assert again.params == v.params and again.code == v.code
        assert json.loads(json.dumps(v.params)) == v.params


@pytest.mark.slow
def test_every_draw_of_200_students_is_valid_and_reproducible():
    """Does every one of 200 students get a draw that passes check, and the
    same draw again under the same salt?"""
    for student in IDS:
        v = variants.scenario(ps02.ASSIGNMENT, salt=SALT, student=student)
        assert ps02.check(v.params) == [], student
        again = variants.variant(
            ps02.ASSIGNMENT, ps02.draw, None, salt=SALT, student=student
        )
        if v.attempts == 1:  # without the check, the first draw is the same
            assert again.params == v.params


def _broken(change) -> list[str]:
    params = copy.deepcopy(variants.scenario(ps02.ASSIGNMENT, student="ana").params)
    change(params)
    return ps02.check(params)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda p: p["wbs"]["1.3.1"].__setitem__(0, 999_999), "1.3.1"),
        (lambda p: p["wbs"]["1.2.1"].__setitem__(1, -500), "1.2.1"),
        (lambda p: p["wbs"].pop("1.5.3"), "work packages"),
        (lambda p: p["risks"]["R2"].__setitem__(0, 1.0), "R2"),
        (lambda p: p["risks"]["R3"].__setitem__(0, 0.0), "R3"),
        (lambda p: p["risks"]["O1"].__setitem__(1, -5_000), "O1"),
        (lambda p: p["risks"]["O1"].__setitem__(1, 900_000), "contingency"),
        (lambda p: p.__setitem__("new_services", p["past_services"]), "new_services"),
        (lambda p: p.__setitem__("hourly_rate", 0), "hourly_rate"),
        (lambda p: p.__setitem__("discount_rate", 8), "discount_rate"),
        (lambda p: p["flows_a"].__setitem__(0, 380_000), "flows_a"),
        (lambda p: p["flows_b"].__setitem__(3, -10), "flows_b"),
        (lambda p: p["history"]["actual_hours"].pop(), "history"),
        (lambda p: p.__setitem__("flows_b", list(p["flows_a"])), "tie"),
        (lambda p: p.__setitem__("flows_a", [-900_000] + [100_000] * 5), "option A"),
        (lambda p: p.__setitem__("history", HAND["history"]), "too close to 1"),
        (lambda p: p.__setitem__("size_fp", 5 * p["size_fp"]), "parametric_cost"),
        (lambda p: p.__setitem__("past_cost", 3 * p["past_cost"]), "analogous"),
    ],
)
def test_check_catches_invalid_params(change, words):
    """Does check name the problem in a draw broken by hand (estimates out of
    order, a probability of 0 or 1, a negative impact, a net opportunity,
    tied NPVs, a payback never reached, an exponent of exactly 1, ...)?"""
    problems = _broken(change)
    assert problems, "check accepted a broken draw"
    assert any(words in problem for problem in problems), problems


def test_check_reports_malformed_params_instead_of_raising():
    """Does check answer with a problem, not an exception, when the draw is
    not even the right shape?"""
    assert ps02.check({"wbs": {"1.1.1": [1, 2]}})
    assert ps02.check({})


def test_practice_variant_is_the_same_for_everyone(monkeypatch):
    """Without any student id, does everyone get the one practice variant,
    marked as such?"""
    for name in ("PMCOURSE_STUDENT_ID", "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    first = variants.scenario(ps02.ASSIGNMENT, salt=SALT)
    second = variants.scenario(ps02.ASSIGNMENT, salt=SALT)
    assert first.practice and second.practice
    assert first.params == second.params and first.code == second.code
    given_id = variants.scenario(
        ps02.ASSIGNMENT, salt=SALT, student=variants.PRACTICE_ID
    )
    assert given_id.params == first.params
    ana = variants.scenario(ps02.ASSIGNMENT, salt=SALT, student="ana")
    assert ana.params != first.params


def test_no_two_of_50_students_share_all_numbers(fifty):
    """Do 50 students get 50 different sets of numbers?"""
    texts = {json.dumps(v.params, sort_keys=True) for v, _ in fifty}
    assert len(texts) == 50


@pytest.mark.parametrize("part", list(PARTS))
def test_each_autograded_answer_differs_between_most_pairs(fifty, part):
    """For each autograded part, do most pairs of 50 students have different
    expected answers (so copying a classmate's answer scores nothing)?"""
    names = PARTS[part]
    keys = [json.dumps([got[n] for n in names], sort_keys=True) for _, got in fifty]
    pairs = list(itertools.combinations(keys, 2))
    same = sum(a == b for a, b in pairs)
    assert same <= 0.02 * len(pairs), f"{part}: {same} of {len(pairs)} pairs agree"


def test_choice_and_exponent_vary_between_students(fifty):
    """Does the choice of option come out A for some students and B for
    others, and the fitted exponent above 1 for some and below for others?"""
    choices = {got["choice"] for _, got in fifty}
    sides = {got["b"] > 1 for _, got in fifty}
    assert choices == {"A", "B"} and sides == {True, False}


def test_answers_are_plain_values_that_round_trip_through_repr(fifty):
    """Is every expected answer a plain Python value that repr() writes and
    eval() reads back unchanged, as the 50-student grading test needs?"""
    for _, got in fifty[:10]:
        for name, value in got.items():
            assert type(value) in (float, str, dict), name
            if isinstance(value, dict):
                assert all(type(x) is float for x in value.values()), name
            assert eval(repr(value)) == value, name  # noqa: S307


def test_answers_match_an_independent_computation(fifty):
    """Do the expected answers agree with the textbook formulas computed here
    with plain numpy (not through pmcourse)?"""
    for v, got in fifty[:10]:
        p = v.params
        assert got["analogous"] == pytest.approx(
            p["past_cost"] * p["new_services"] / p["past_services"] * p["adjustment"]
        )
        size = np.log(p["history"]["size_fp"])
        hours = np.log(p["history"]["actual_hours"])
        slope, intercept = np.polyfit(size, hours, 1)
        assert got["b"] == pytest.approx(slope)
        assert got["a"] == pytest.approx(math.exp(intercept))
        assert got["parametric_cost"] == pytest.approx(
            math.exp(intercept) * p["size_fp"] ** slope * p["hourly_rate"]
        )
        o, m, pe = np.array(list(p["wbs"].values()), dtype=float).T
        assert got["bottom_up_total"] == pytest.approx(m.sum())
        assert got["pert_mean"] == pytest.approx(((o + 4 * m + pe) / 6).sum())
        assert got["pert_std"] == pytest.approx(math.sqrt((((pe - o) / 6) ** 2).sum()))
        emv = sum(
            prob * impact * (1 if rid == "O1" else -1)
            for rid, (prob, impact) in p["risks"].items()
        )
        assert got["contingency"] == pytest.approx(-emv)
        assert got["budget"] == pytest.approx(
            (m.sum() - emv) * (1 + p["management_percent"])
        )
        rate = p["discount_rate"]
        for low in ("a", "b"):
            flows = p[f"flows_{low}"]
            npv = sum(f / (1 + rate) ** t for t, f in enumerate(flows))
            assert got[f"npv_{low}"] == pytest.approx(npv)
            irr = got[f"irr_{low}"]
            assert sum(f / (1 + irr) ** t for t, f in enumerate(flows)) == (
                pytest.approx(0, abs=1e-3)
            )
            assert got[f"bcr_{low}"] == pytest.approx((npv - flows[0]) / -flows[0])
            cumulative = np.cumsum(flows)
            year = int(np.argmax(cumulative >= 0))
            assert got[f"payback_{low}"] == pytest.approx(
                year - 1 - cumulative[year - 1] / flows[year]
            )
        best = max(("A", "B"), key=lambda n: got[f"npv_{n.lower()}"])
        assert got["choice"] == best


def test_the_wrong_answer_of_the_grading_test_stays_wrong(fifty):
    """Is the end-to-end test's wrong answer (one hour per function point at
    the old rate, 380 * 70) wrong for every variant?"""
    for _, got in fifty:
        assert abs(got["parametric_cost"] - 380 * 70.0) > 0.5 * got["parametric_cost"]


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**63))
def test_every_accepted_draw_keeps_the_budget_in_order(seed):
    """For any seed, does a draw that check accepts give estimates and
    reserves in the order the questions assume (most likely total < PERT
    mean, contingency < baseline < budget, a positive P80 reserve)?"""
    params = ps02.draw(np.random.default_rng(seed))
    problems = ps02.check(params)
    assert all(isinstance(problem, str) for problem in problems)
    if problems:
        return
    got = _answers(params)
    assert got["bottom_up_total"] < got["pert_mean"]
    assert 0 < got["contingency"] < got["cost_baseline"] < got["budget"]
    assert got["p80_contingency"] > 0
    assert abs(got["b"] - 1) >= 0.03
    assert abs(got["npv_a"] - got["npv_b"]) >= 10_000


# ---- the source notebook


def _cells() -> dict[str, nbformat.NotebookNode]:
    nb = nbformat.read(SOURCE, as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}


def test_notebook_draws_its_numbers_and_reads_no_csv():
    """Does the setup cell draw the student's variant and show it, with no
    data file left in the assignment folder and no cell reading one?"""
    cells = _cells()
    setup = cells["setup"].source
    assert 'variants.scenario("ps02_budgeting", salt=COURSE_SALT)' in setup
    assert "display(my_variant)" in setup
    assert not list(FOLDER.glob("*.csv"))
    assert not any("read_csv" in c.source for c in cells.values())


def test_hidden_tests_rebuild_from_the_variant():
    """Is every hidden test one call into the specification with the
    notebook's names (its ``my_variant``), and does the specification build
    its keys from the variant (ps02 builders and pmcourse), never from a
    fixed number of one variant?"""
    hidden = re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.S)
    for grade_id, cell in _cells().items():
        if not cell.metadata["nbgrader"].get("grade") or cell.cell_type != "code":
            continue
        (body,) = hidden.findall(cell.source)
        assert f'"ps02_budgeting", "{grade_id}", globals()' in body, grade_id
    spec = (FOLDER / "answers.py").read_text(encoding="utf-8")
    assert "ps02.constants(params)" in spec and "ps02.wbs(params)" in spec
    for literal in ("380", "210_000", "0.08", "110_000", "520_000"):
        assert literal not in spec, literal


def test_markdown_quotes_none_of_the_old_fixed_numbers():
    """Do the questions refer to the named constants instead of quoting
    numbers that now vary?"""
    for grade_id, cell in _cells().items():
        if cell.cell_type != "markdown" or grade_id == "answer_budget_message":
            continue
        for old in ("380", "210,000", "$70", "8 %", "110,000", "520,000"):
            assert old not in cell.source, (grade_id, old)
