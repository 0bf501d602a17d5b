"""Do the response model, readiness and adaptive practice behave (issue 20)?"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from pmcourse.capm import adaptive, irt, readiness, simulate
from pmcourse.capm.schema import OUTLINE_WEIGHTS


@pytest.fixture(scope="module")
def params():
    return irt.item_parameters()


@pytest.fixture(scope="module")
def curves(params):
    return readiness.domain_curves(params)


def test_calibration_recovers_known_difficulties():
    """From simulated answers, are the families' difficulties found again?"""
    rng = np.random.default_rng(4)
    truth = {"F-A-01": -1.5, "F-B-01": 0.0, "F-C-01": 1.2}
    frames = []
    for item, b in truth.items():
        theta = rng.normal(size=3000)
        right = rng.random(3000) < irt.p_correct(theta, 1.0, b)
        frames.append(pd.DataFrame({"item": item, "correct": right}))
    fit = irt.calibrate(pd.concat(frames)).set_index("item")
    for item, b in truth.items():
        assert fit.loc[item, "b"] == pytest.approx(b, abs=0.12)


def test_calibration_overrides_the_starting_values(params):
    """Do calibrated values replace an item's starting difficulty?"""
    fit = pd.DataFrame({"item": ["F-EVM-01"], "a": [1.3], "b": [0.4]})
    mine = irt.item_parameters(calibration=fit).set_index("id")
    assert mine.loc["F-EVM-01", ["a", "b"]].tolist() == [1.3, 0.4]


def test_abilities_move_with_answers_and_uncertainty_shrinks(params):
    """Does a domain answered well rise, and its sd fall with more answers?"""
    d2 = params[params["domain"] == 2].head(12)
    few = pd.DataFrame({"item": d2["id"].head(2), "correct": True})
    many = pd.DataFrame({"item": d2["id"], "correct": True})
    est_few, est_many = irt.estimate_abilities(few), irt.estimate_abilities(many)
    assert est_many.loc[2, "ability"] > est_few.loc[2, "ability"] > 0
    assert est_many.loc[2, "sd"] < est_few.loc[2, "sd"] < 1.0
    assert est_few.loc[1, "ability"] == pytest.approx(0.0, abs=1e-9)
    assert est_few.loc[1, "sd"] == pytest.approx(1.0, abs=0.02)
    low, high = est_many.loc[2, ["low", "high"]]
    assert low < est_many.loc[2, "ability"] < high


def test_task_estimates_share_their_domain(params):
    """Does a task with no answers borrow its domain's estimate?"""
    rows = params[(params["task"] == "2.2")].head(6)
    answers = pd.DataFrame({"item": rows["id"], "correct": False})
    tasks = irt.estimate_tasks(answers)
    assert tasks.loc["2.2", "ability"] < tasks.loc["2.1", "ability"] < 0
    assert tasks.loc["1.1", "ability"] == pytest.approx(0.0, abs=1e-9)
    assert tasks.loc["2.2", "answered"] == 6


def test_readiness_of_strong_weak_and_unknown_learners(curves):
    """Is readiness high for a strong learner, low for a weak one, unsure at start?"""
    strong = irt.AbilityTracker(prior_mean=2.0, prior_sd=0.2)
    weak = irt.AbilityTracker(prior_mean=-2.0, prior_sd=0.2)
    r_strong = readiness.readiness(strong, curves)
    r_weak = readiness.readiness(weak, curves)
    r_new = readiness.readiness(irt.AbilityTracker(), curves)
    assert r_strong.probability > 0.95 and r_strong.confident()
    assert r_weak.probability < 0.05 and r_weak.confident()
    assert 0.2 < r_new.probability < 0.8 and not r_new.confident()
    assert r_new.high - r_new.low > r_strong.high - r_strong.low
    assert set(r_strong.domains["rating"]) == {"above target"}
    assert set(r_weak.domains["rating"]) == {"below target"}
    shares = r_new.domains[["p_below", "p_target", "p_above"]].sum(axis=1)
    assert np.allclose(shares, 1.0)
    assert "Chance of passing" in r_new.summary()


def test_exam_counts_follow_the_outline():
    """Does a full exam split 135 scored questions by 36/17/20/27?"""
    counts = readiness.exam_counts()
    assert counts.sum() == 135
    weights = np.array([OUTLINE_WEIGHTS[d] for d in (1, 2, 3, 4)])
    assert np.all(np.abs(counts - 135 * weights) < 1)


def test_adaptive_asks_the_least_certain_domain(params):
    """After many domain-1 answers, does adaptive turn to another domain?"""
    planner = adaptive.PracticePlanner(params, rng=0)
    d1 = np.flatnonzero(planner._domain == 1)[:15]
    for row in d1:
        planner.update(int(row), True)
    chosen = [int(planner._domain[planner.choose()]) for _ in range(5)]
    assert 1 not in chosen


def test_uniform_follows_the_outline_weights(params):
    """Does the baseline draw domains in the outline's proportions?"""
    planner = adaptive.PracticePlanner(params, policy="uniform", rng=1)
    domains = [int(planner._domain[planner.choose()]) for _ in range(3000)]
    share = np.bincount(domains, minlength=5)[1:] / 3000
    for d in (1, 2, 3, 4):
        assert share[d - 1] == pytest.approx(OUTLINE_WEIGHTS[d], abs=0.03)


def test_a_missed_concept_comes_back_as_a_new_item(params):
    """Is a missed static item followed later by another item of its task?"""
    planner = adaptive.PracticePlanner(params, rng=2, spacing=2)
    static = int(np.flatnonzero(~planner._family & (planner._domain == 4))[0])
    planner.update(static, False)
    asked = []
    for _ in range(3):
        row = planner.choose()
        asked.append(row)
        planner.update(row, True)
    again = asked[-1]
    assert again != static
    assert planner._task[again] == planner._task[static]
    assert static not in asked


def test_adaptive_practice_never_repeats_a_question():
    """Does adaptive practice draw new family numbers and new static items?"""
    practice = adaptive.AdaptivePractice(rng=3)
    seen = set()
    for k in range(25):
        item = practice.next_item()
        key = (item.id, item.seed if item.family else None)
        assert key not in seen
        seen.add(key)
        practice.answer(item.answer if k % 3 else "no answer")
    assert practice.asked == 25
    r = practice.readiness()
    assert r.answered == 25
    with pytest.raises(ValueError, match="next_item"):
        practice.answer("A")


def test_simulated_adaptive_beats_uniform_and_readiness_is_honest():
    """On the same 40 simulated learners, does adaptive need fewer items?"""
    a = simulate.simulate("adaptive", 40, seed=11)
    u = simulate.simulate("uniform", 40, seed=11)
    assert a.items_to_mastery_mean < 0.85 * u.items_to_mastery_mean
    assert a.constant_brier == u.constant_brier  # same learners, same exams
    assert a.readiness_brier < a.constant_brier
    assert a.reached_mastery >= 0.95


def test_simulate_command_prints_json(capsys):
    """Does python -m pmcourse.capm.simulate --json print the figures?"""
    code = simulate.main(
        ["--policy", "adaptive", "--learners", "3", "--seed", "5", "--json"]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["policy"] == "adaptive" and out["learners"] == 3
    assert {"items_to_mastery_mean", "readiness_brier"} <= set(out)


def test_bad_settings_are_refused(params):
    """Does an unknown policy name say which ones exist?"""
    with pytest.raises(ValueError, match="policy must be one of"):
        adaptive.PracticePlanner(params, policy="random")
    with pytest.raises(ValueError, match="n_learners"):
        simulate.simulate("uniform", 0)
