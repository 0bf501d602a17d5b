"""Tests of the per-student numbers of problem set 5 (pmcourse.variants.ps05)."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse import cost, risk, schedule, variants
from pmcourse.problem_solving import pareto
from pmcourse.variants import params_of, ps05
from pmcourse.variants import spec as answer_spec

SALT = "pmcourse-2026"
SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"


def _response_key(v) -> dict:
    """Part 5's key: the strategies live in the specification, not the package."""
    answer = answer_spec.load("ps05_risk", SOLUTIONS).part("check_responses").answers[0]
    return answer.key({"actions": list(params_of(v)["actions"])})


# The numbers of the exercise before it had variants (its two CSV files and
# the text of part 4), written out by hand.
ORIGINAL = {
    "estimates": {
        "A": [3, 4, 6],
        "B": [10, 14, 22],
        "C": [6, 9, 15],
        "D": [8, 12, 18],
        "E": [2, 3, 5],
        "F": [4, 5, 9],
        "G": [2, 3, 6],
        "H": [1, 2, 3],
    },
    "lease_end": 25,
    "register": {
        "R1": {"probability": 0.35, "impact": 30000},
        "R2": {"probability": 0.2, "impact": 45000},
        "R3": {"probability": 0.4, "impact": 12000},
        "R4": {"probability": 0.3, "impact": 8000},
        "R5": {"probability": 0.5, "impact": 6000},
        "R6": {"probability": 0.25, "impact": 40000},
        "O1": {"probability": 0.4, "impact": 15000},
        "O2": {"probability": 0.6, "impact": 5000},
    },
    "rigs": {
        "repair": 45000,
        "excess": 10000,
        "options": {
            "general": {"cost": 0, "branches": [[0.2, -45000], [0.8, 0]]},
            "specialist": {"cost": 9000, "branches": [[0.05, -45000], [0.95, 0]]},
            "insured": {"cost": 3000, "branches": [[0.2, -10000], [0.8, 0]]},
        },
    },
    "actions": ["insurance", "crates", "board", "local_stock", "dealer", "morale"],
    "tickets": {
        "printer set-up": 23,
        "network drive access": 41,
        "desk phone": 9,
        "badge access": 17,
        "monitor cables": 6,
        "other": 4,
    },
}


def _answers(v) -> dict:
    """Return the expected answer of every autograded part, through pmcourse."""
    plan = ps05.plan(v)
    reg = ps05.register(v)
    emv = risk.register_emv(reg)
    scored = risk.score_register(reg, ps05.PROBABILITY_SCALE, ps05.IMPACT_SCALE)
    decision = risk.rollback(ps05.rig_decision(v))
    sim = ps05.reference_simulation(v)
    means = schedule.pert_table(plan)["mean"].to_numpy()
    table = pareto(ps05.tickets(v))
    return {
        "emv_by_risk": dict(zip(emv["id"], emv["emv"].round(6), strict=True)),
        "contingency": cost.contingency_reserve(emv=emv["emv"]),
        "high_risks": frozenset(scored.loc[scored["band"] == "high", "id"]),
        "decision": (decision.choices["rigs"], round(decision.value, 6)),
        "responses": _response_key(v),
        "p80": sim.percentile(80),
        "p_lease": sim.probability_by(v["lease_end"]),
        "merge_bias": float(sim.finish.mean())
        - schedule.project_finish(plan.assign(duration=means)),
        "criticality_d": float(sim.criticality()["D"]),
        "vital_few": frozenset(table.index[table["vital_few"]]),
    }


@pytest.fixture(scope="module")
def fifty() -> list[variants.Variant]:
    return [
        variants.scenario(ps05.ASSIGNMENT, salt=SALT, student=f"student{i:03d}")
        for i in range(50)
    ]


@pytest.fixture(scope="module")
def fifty_answers(fifty) -> list[dict]:
    return [_answers(v) for v in fifty]


@pytest.mark.slow
def test_two_hundred_ids_are_valid_and_reproducible():
    """Does every one of 200 students get a draw that passes the check, and
    the same numbers when drawn again?"""
    for i in range(200):
        one = variants.scenario(ps05.ASSIGNMENT, salt=SALT, student=f"id{i}")
        assert ps05.check(one.params) == [], one.student
        if i % 10 == 0:
            two = variants.scenario(ps05.ASSIGNMENT, salt=SALT, student=f"id{i}")
            assert one.params == two.params and one.code == two.code


def test_fifty_ids_pass_the_check_and_redraw_identically(fifty):
    """Does each of 50 students' draw pass the check, and come out the same when
    drawn again from the same salt and id?"""
    for v in fifty:
        assert ps05.check(v.params) == [], v.student
    for v in fifty[:10]:
        again = variants.scenario(ps05.ASSIGNMENT, salt=SALT, student=v.student)
        assert again.params == v.params


def test_params_are_plain_json(fifty):
    """Are the params plain JSON values that survive a round trip unchanged?"""
    for v in fifty[:10]:
        assert json.loads(json.dumps(v.params)) == v.params


def test_no_two_students_share_all_numbers(fifty):
    """Do 50 students get 50 different sets of numbers?"""
    texts = {json.dumps(v.params, sort_keys=True) for v in fifty}
    assert len(texts) == len(fifty)


@pytest.mark.parametrize(
    ("part", "share"),
    [
        ("emv_by_risk", 0.99),
        ("contingency", 0.99),
        ("high_risks", 0.75),
        ("decision", 0.95),
        ("responses", 0.99),
        ("p80", 0.85),
        ("p_lease", 0.85),
        ("merge_bias", 0.6),
        ("criticality_d", 0.8),
        ("vital_few", 0.6),
    ],
)
def test_each_part_answer_differs_between_most_pairs(fifty_answers, part, share):
    """Does each autograded part's expected answer differ between most pairs of
    students (numbers by more than the grading tolerance)?"""
    tolerance = {"p80": 0.3, "p_lease": 0.025, "merge_bias": 0.15}
    tolerance["criticality_d"] = 0.03
    pairs = list(itertools.combinations(fifty_answers, 2))
    if part in tolerance:
        differ = [abs(a[part] - b[part]) > tolerance[part] for a, b in pairs]
    else:
        differ = [a[part] != b[part] for a, b in pairs]
    assert np.mean(differ) >= share


def test_answers_are_not_degenerate(fifty_answers):
    """Are the Monte Carlo answers away from 0 and 1, the decision a real
    choice, and the register a net cost?"""
    for a in fifty_answers:
        assert 0.1 < a["p_lease"] < 0.95
        assert 0.03 < a["criticality_d"] < 0.85
        assert a["merge_bias"] > 0.3
        assert a["contingency"] >= 5_000
        assert 1 <= len(a["high_risks"]) <= 5
        assert 1 <= len(a["vital_few"]) < 6
    winners = {a["decision"][0] for a in fifty_answers}
    assert winners == {"general", "specialist", "insured"}


def test_check_agrees_with_pmcourse_on_the_register(fifty):
    """Does each accepted register have a net EMV cost of at least $5,000 and
    1 to 5 risks in the high band when pmcourse.risk computes them?"""
    for v in fifty:
        reg = ps05.register(v)
        assert risk.register_emv(reg)["emv"].sum() <= -5_000
        scored = risk.score_register(reg, ps05.PROBABILITY_SCALE, ps05.IMPACT_SCALE)
        assert 1 <= (scored["band"] == "high").sum() <= 5


@settings(max_examples=60, deadline=None)
@given(
    probabilities=st.lists(
        st.integers(1, 19).map(lambda k: k / 20), min_size=8, max_size=8
    ),
    impacts=st.lists(
        st.integers(1, 160).map(lambda k: k * 500), min_size=8, max_size=8
    ),
)
def test_register_check_matches_the_heat_map(probabilities, impacts):
    """Does check's quick count of the high band agree with score_register for
    any register, and its net EMV with register_emv?"""
    params = copy.deepcopy(ORIGINAL)
    for rid, p, i in zip(params["register"], probabilities, impacts, strict=True):
        params["register"][rid] = {"probability": p, "impact": i}
    reg = ps05.register(params)
    scored = risk.score_register(reg, ps05.PROBABILITY_SCALE, ps05.IMPACT_SCALE)
    high = int((scored["band"] == "high").sum())
    net = float(risk.register_emv(reg)["emv"].sum())
    problems = " ".join(ps05.check(params))
    assert ("in the high band" in problems) == (not 1 <= high <= 5)
    assert ("net EMV" in problems) == (net > -5_000)


def test_builders_keep_the_exercise_structure():
    """Do the builders give the original exercise's tables back from its own
    numbers: ids, names, links, kinds?"""
    plan = ps05.plan(ORIGINAL)
    assert plan["id"].tolist() == list("ABCDEFGH")
    assert plan["predecessors"].tolist() == [
        "",
        "A",
        "A",
        "A",
        "B, D",
        "C",
        "B, C",
        "E, F, G",
    ]
    assert plan.loc[1, "name"] == "Fit out the new office"
    assert plan.loc[1, ["optimistic", "most_likely", "pessimistic"]].tolist() == [
        10,
        14,
        22,
    ]
    reg = ps05.register(ORIGINAL)
    assert reg["id"].tolist() == ["R1", "R2", "R3", "R4", "R5", "R6", "O1", "O2"]
    assert reg["kind"].tolist() == ["threat"] * 6 + ["opportunity"] * 2
    assert ps05.tickets(ORIGINAL)["network drive access"] == 41


def test_original_numbers_give_the_textbook_answers():
    """Do the builders reproduce the original exercise's hand-computed answers:
    EMVs, a $30,700 reserve, and the insured option at -$5,000 (general
    -$9,000, specialist -$11,250)?"""
    emv = risk.register_emv(ps05.register(ORIGINAL)).set_index("id")["emv"]
    assert emv["R1"] == pytest.approx(-0.35 * 30_000)
    assert emv["O2"] == pytest.approx(0.6 * 5_000)
    assert cost.contingency_reserve(emv=emv) == pytest.approx(30_700)
    result = risk.rollback(ps05.rig_decision(ORIGINAL))
    assert result.choices["rigs"] == "insured"
    assert result.option_values["rigs"] == pytest.approx(
        {"general": -9_000, "specialist": -11_250, "insured": -5_000}
    )
    assert ps05.rig_options(ORIGINAL).loc["specialist"].tolist() == [9000, 0.05]
    assert _response_key(ORIGINAL) == {
        "a": "transfer",
        "b": "mitigate",
        "c": "escalate",
        "d": "avoid",
        "e": "share",
        "f": "accept",
    }


def test_the_original_plan_is_rejected_for_its_tied_critical_paths():
    """Does check reject the original plan, whose most likely durations make
    both A-B-E-H and A-B-G-H critical?"""
    problems = ps05.check(ORIGINAL)
    assert any("no unique critical path" in p for p in problems)


def _valid() -> dict:
    return copy.deepcopy(
        variants.scenario(ps05.ASSIGNMENT, salt=SALT, student="ana").params
    )


def _spoil_estimate(params, aid, values):
    params["estimates"][aid] = values


def _spoil_branches(params):
    params["rigs"]["options"]["specialist"]["branches"][1][0] += 0.1


def _near_tie(params):
    # make the specialist exactly as good as the best other option
    rigs = params["rigs"]
    values = risk.rollback(ps05.rig_decision(params)).option_values["rigs"]
    best_other = max(v for k, v in values.items() if k != "specialist")
    p, loss = rigs["options"]["specialist"]["branches"][0]
    rigs["options"]["specialist"]["cost"] = -best_other + p * loss + 100


def _tie_e_and_g(params):
    # the fit-out path well ahead of the others, and E as long as G: both
    # A-B-E-H and A-B-G-H are critical
    est = params["estimates"]
    est.update(B=[14, 16, 20], C=[4, 5, 7], F=[3, 4, 6], D=[5, 6, 9])
    est.update(E=[2, 3, 4], G=[2, 3, 5])


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (lambda p: _spoil_estimate(p, "C", [-2, 3, 6]), "activity C"),
        (lambda p: _spoil_estimate(p, "D", [9, 7, 12]), "activity D"),
        (lambda p: _spoil_estimate(p, "H", [2, 2, 2]), "activity H"),
        (_tie_e_and_g, "no unique critical path"),
        (lambda p: p.update(lease_end=3), "inside the lease"),
        (_spoil_branches, "sum to 1"),
        (_near_tie, "near tie"),
        (lambda p: p["register"]["R3"].update(probability=1.2), "risk R3"),
        (lambda p: p["register"]["R6"].update(impact=95_000), "risk R6"),
        (lambda p: p["register"]["R2"].update(impact=1), "R2"),
        (lambda p: p["rigs"].update(excess=10**6), "story"),
        (lambda p: p["actions"].__setitem__(0, p["actions"][1]), "actions"),
        (lambda p: p["tickets"].update({"other": p["tickets"]["desk phone"]}), "same"),
    ],
)
def test_check_catches_hand_made_invalid_params(spoil, words):
    """Does check reject a spoiled draw (bad estimates, tied critical paths, a
    lease that ends too soon, branches not summing to 1, a near tie, a
    probability out of range, an inconsistent story, tied ticket counts)?"""
    params = _valid()
    assert ps05.check(params) == []
    spoil(params)
    problems = ps05.check(params)
    assert any(words in p for p in problems), problems


def test_check_needs_a_chance_of_the_lease_that_is_not_certain():
    """Does check reject a lease so long that finishing by it is all but
    certain?"""
    params = _valid()
    params["lease_end"] += 30
    assert any("chance of the lease end" in p for p in ps05.check(params))


def test_practice_variant_is_the_same_for_everyone(monkeypatch):
    """Without any student id, does everyone get the same practice numbers?"""
    for name in (variants.STUDENT_ENV, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    one = variants.scenario(ps05.ASSIGNMENT, salt=SALT)
    two = variants.scenario(ps05.ASSIGNMENT, salt=SALT)
    assert one.practice and two.practice
    assert one.params == two.params
    named = variants.scenario(ps05.ASSIGNMENT, salt=SALT, student="ana")
    assert named.params != one.params


def test_grading_as_a_student_gives_their_numbers():
    """Does the grader, acting as a student, draw that student's numbers?"""
    with variants.grading_as("ana"):
        graded = variants.scenario(ps05.ASSIGNMENT, salt=SALT)
    assert (
        graded.params
        == variants.scenario(ps05.ASSIGNMENT, salt=SALT, student="ana").params
    )


def test_reference_simulation_is_reproducible():
    """Does the reference simulation give the same finishes every time?"""
    params = _valid()
    one = ps05.reference_simulation(params, n=5_000)
    two = ps05.reference_simulation(params, n=5_000)
    assert np.array_equal(one.finish, two.finish)


def test_a_student_simulation_is_within_the_grading_tolerances(fifty, fifty_answers):
    """Does a student's own 10,000-run simulation with another seed land within
    the hidden tests' tolerances of the reference, for every one of 50
    variants?"""
    for k, (v, want) in enumerate(zip(fifty, fifty_answers, strict=True)):
        sim = ps05.reference_simulation(v, n=10_000, rng=1_000 + k)
        plan = ps05.plan(v)
        means = schedule.pert_table(plan)["mean"].to_numpy()
        bias = sim.finish.mean() - schedule.project_finish(plan.assign(duration=means))
        assert abs(sim.percentile(80) - want["p80"]) < 0.3
        assert abs(sim.probability_by(v["lease_end"]) - want["p_lease"]) < 0.025
        assert abs(bias - want["merge_bias"]) < 0.15
        assert abs(sim.criticality()["D"] - want["criticality_d"]) < 0.03
