"""Tests for pmcourse.cost: estimating, WBS roll-up, reserves and the S-curve."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pmcourse import schedule
from pmcourse.cost import (
    CostBudget,
    analogous_estimate,
    contingency_reserve,
    cost_budget,
    fit_parametric,
    management_reserve,
    rollup_wbs,
    size_reserves,
    three_point_costs,
    three_point_estimate,
    time_phased_baseline,
)

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


def _arff(name: str) -> pd.DataFrame:
    path = DATA / "promise_effort" / name
    if not path.exists():
        pytest.skip(f"reference data {path} is absent (see shared/data/README.md)")
    from scipy.io import arff

    records, _ = arff.loadarff(path)
    return pd.DataFrame(records)


# --- analogous ------------------------------------------------------------


def test_analogous_by_hand():
    """Does a 500 m² build cost 200,000 x 500/400 = 250,000 by analogy?"""
    assert analogous_estimate(200_000, 400, 500) == pytest.approx(250_000)


def test_analogous_adjustment_and_exponent():
    """Do the adjustment and the scale exponent apply as the formula says?"""
    assert analogous_estimate(200_000, 400, 500, adjustment=1.1) == pytest.approx(
        275_000
    )
    assert analogous_estimate(100, 1, 8, exponent=1 / 3) == pytest.approx(200)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"past_cost": -1, "past_size": 1, "new_size": 1}, "past_cost"),
        ({"past_cost": 1, "past_size": 0, "new_size": 1}, "past_size"),
        ({"past_cost": 1, "past_size": 1, "new_size": "big"}, "new_size"),
        ({"past_cost": 1, "past_size": 1, "new_size": 1, "adjustment": 0}, "adjust"),
    ],
)
def test_analogous_rejects_bad_input(kwargs, name):
    """Does analogous_estimate name the argument that is not a positive number?"""
    with pytest.raises(ValueError, match=f"^{name}"):
        analogous_estimate(**kwargs)


# --- parametric -----------------------------------------------------------


def test_linear_fit_recovers_known_coefficients():
    """Does least squares recover cost = 3 + 2 x1 + 0.5 x2 from noisy data?"""
    rng = np.random.default_rng(7)
    x1 = rng.uniform(10, 100, 400)
    x2 = rng.uniform(0, 50, 400)
    cost = 3 + 2 * x1 + 0.5 * x2 + rng.normal(0, 1, 400)
    data = pd.DataFrame({"x1": x1, "x2": x2, "cost": cost})
    m = fit_parametric(data, target="cost", drivers=["x1", "x2"])
    assert m.kind == "linear" and m.n == 400 and m.drivers == ("x1", "x2")
    assert m.constant == pytest.approx(3, abs=0.5)
    assert m.coefficients["x1"] == pytest.approx(2, abs=0.01)
    assert m.coefficients["x2"] == pytest.approx(0.5, abs=0.01)
    assert m.standard_error == pytest.approx(1.0, rel=0.1)
    assert m.r_squared > 0.99


def test_power_fit_recovers_exponent():
    """Does the log-log fit recover effort = 2.5 x size^1.2 from noisy data?"""
    rng = np.random.default_rng(11)
    size = rng.uniform(1, 500, 300)
    effort = 2.5 * size**1.2 * np.exp(rng.normal(0, 0.1, 300))
    m = fit_parametric({"size": size, "effort": effort}, "effort", "size", kind="power")
    assert m.coefficients["size"] == pytest.approx(1.2, abs=0.02)
    assert m.constant == pytest.approx(2.5, rel=0.1)
    assert m.standard_error == pytest.approx(0.1, rel=0.15)


def test_exact_power_law():
    """On data exactly on y = 4 x^0.5, is the fit exact with no error?"""
    x = np.array([1.0, 4.0, 9.0, 16.0])
    m = fit_parametric({"x": x, "y": 4 * np.sqrt(x)}, "y", "x", kind="power")
    assert m.constant == pytest.approx(4)
    assert m.coefficients["x"] == pytest.approx(0.5)
    assert m.r_squared == pytest.approx(1.0)
    assert m.mmre == pytest.approx(0.0, abs=1e-12)
    assert m.pred_25 == 1.0
    assert m.predict(25.0) == pytest.approx(20.0)


def test_single_driver_matches_scipy_linregress():
    """Does a one-driver linear fit match scipy's linregress (slope, R²)?"""
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 30)
    y = 5 + 3 * x + rng.normal(0, 2, 30)
    m = fit_parametric({"x": x, "y": y + 20}, "y", "x")
    ref = stats.linregress(x, y + 20)
    assert m.coefficients["x"] == pytest.approx(ref.slope)
    assert m.constant == pytest.approx(ref.intercept)
    assert m.r_squared == pytest.approx(ref.rvalue**2)
    # The residual standard error: sqrt(SSR / (n - 2)).
    resid = (y + 20) - (ref.intercept + ref.slope * x)
    assert m.standard_error == pytest.approx(math.sqrt((resid**2).sum() / 28))


def test_fit_error_by_hand():
    """Are residuals, MMRE and PRED(25) those computed by hand on 4 projects?"""
    # Points (1, 2), (2, 5), (3, 6), (4, 9): slope 2.2, intercept 0 (by hand:
    # x̄ = 2.5, ȳ = 5.5, Sxy = 11, Sxx = 5). Predictions 2.2, 4.4, 6.6, 8.8.
    m = fit_parametric({"x": [1, 2, 3, 4], "y": [2, 5, 6, 9]}, "y", "x")
    assert m.coefficients["x"] == pytest.approx(2.2)
    assert m.constant == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_allclose(m.fitted["residual"], [-0.2, 0.6, -0.6, 0.2])
    rel = np.array([0.2 / 2, 0.6 / 5, 0.6 / 6, 0.2 / 9])
    assert m.mmre == pytest.approx(rel.mean())
    assert m.pred_25 == 1.0
    # SSR = 0.8, SST = 25: R² = 1 - 0.8 / 25.
    assert m.r_squared == pytest.approx(1 - 0.8 / 25)
    assert list(m.fitted.columns) == [
        "x", "actual", "predicted", "residual", "relative_error",
    ]  # fmt: skip


def test_predict_forms():
    """Does predict take a number, an array or a table, and refuse bad drivers?"""
    m = fit_parametric({"x": [1, 2, 3, 4], "y": [3, 5, 7, 9]}, "y", "x")
    assert m.predict(10) == pytest.approx(21)
    np.testing.assert_allclose(m.predict([0, 1]), [1, 3])
    np.testing.assert_allclose(m.predict(pd.DataFrame({"x": [5]})), [11])
    with pytest.raises(ValueError, match="missing the driver"):
        m.predict({"size": [1]})
    two = fit_parametric(
        {"a": [1, 2, 3, 4, 5], "b": [1, 0, 1, 0, 2], "y": [3, 4, 7, 8, 12]},
        "y",
        ["a", "b"],
    )
    with pytest.raises(ValueError, match="2 drivers"):
        two.predict(3)
    power = fit_parametric({"x": [1, 2, 4], "y": [3, 6, 12]}, "y", "x", kind="power")
    with pytest.raises(ValueError, match="driver 'x' row 0: expected a positive"):
        power.predict(0)


def test_fit_rejects_bad_input():
    """Does fit_parametric name the problem: kind, column, rows, collinearity?"""
    data = {"x": [1, 2, 3, 4], "y": [2, 4, 6, 9]}
    with pytest.raises(ValueError, match="kind must be"):
        fit_parametric(data, "y", "x", kind="cubic")
    with pytest.raises(ValueError, match=r"missing the column\(s\) \['z'\]"):
        fit_parametric(data, "y", "z")
    with pytest.raises(ValueError, match="2 coefficients, 2 projects"):
        fit_parametric({"x": [1, 2], "y": [2, 4]}, "y", "x")
    with pytest.raises(ValueError, match="constant or collinear"):
        fit_parametric(
            {"x": [1, 2, 3, 4], "w": [2, 4, 6, 8], "y": [1, 2, 4, 5]}, "y", ["x", "w"]
        )
    with pytest.raises(ValueError, match="target 'y' row 1: expected a positive"):
        fit_parametric({"x": [1, 2, 3], "y": [1, 0, 4]}, "y", "x")
    with pytest.raises(ValueError, match="driver 'x' row 2"):
        fit_parametric({"x": [1, 2, -3], "y": [1, 2, 4]}, "y", "x", kind="power")


def test_albrecht_gaffney_published_equation():
    """Does the Albrecht data give the published 54 h per FP - 13,390 h?"""
    # Albrecht & Gaffney (1983), IEEE TSE 9(6): work-hours = 54 FP - 13,390.
    # The PROMISE copy records effort in thousands of hours.
    data = _arff("albrecht.arff")
    m = fit_parametric(data, target="Effort", drivers="AdjFP")
    assert m.coefficients["AdjFP"] * 1000 == pytest.approx(54, abs=0.5)
    assert m.constant * 1000 == pytest.approx(-13_390, abs=50)


def test_cocomo81_power_fit_matches_linregress_on_logs():
    """On COCOMO81, does the power fit equal a linregress of log effort on log KLOC?"""
    data = _arff("cocomo811.arff")
    m = fit_parametric(data, target="actual", drivers="loc", kind="power")
    ref = stats.linregress(np.log(data["loc"]), np.log(data["actual"]))
    assert m.coefficients["loc"] == pytest.approx(ref.slope)
    assert m.constant == pytest.approx(math.exp(ref.intercept))
    assert m.r_squared == pytest.approx(ref.rvalue**2)
    # Boehm's nominal exponents run from 1.05 (organic) to 1.20 (embedded).
    assert 1.0 < m.coefficients["loc"] < 1.25


# --- three-point ----------------------------------------------------------


def test_pert_cost_by_hand():
    """Do 40k/50k/90k give a PERT mean 55,000 and std 8,333?"""
    mean, std = three_point_estimate(40_000, 50_000, 90_000)
    assert mean == pytest.approx((40_000 + 4 * 50_000 + 90_000) / 6)
    assert std == pytest.approx(50_000 / 6)


def test_triangular_cost_by_hand():
    """Do 40k/50k/90k give a triangular mean 60,000 and std √(2.1e9/18)?"""
    mean, std = three_point_estimate(40_000, 50_000, 90_000, method="triangular")
    assert mean == pytest.approx(60_000)
    # o² + m² + p² - om - op - mp = (16 + 25 + 81 - 20 - 36 - 45) x 1e8 = 21e8.
    assert std == pytest.approx(math.sqrt(21e8 / 18))


def test_three_point_uses_the_schedule_formulas():
    """Are the cost figures exactly those of pmcourse.schedule (one formula)?"""
    o, m, p = np.array([1.0, 2.0]), np.array([2.0, 5.0]), np.array([6.0, 9.0])
    mean, std = three_point_estimate(o, m, p)
    ref_mean, ref_std = schedule.pert(o, m, p)
    np.testing.assert_array_equal(mean, ref_mean)
    np.testing.assert_array_equal(std, ref_std)
    tri_mean, tri_std = three_point_estimate(o, m, p, method="triangular")
    np.testing.assert_array_equal(tri_mean, schedule.triangular_mean(o, m, p))
    np.testing.assert_array_equal(tri_std, schedule.triangular_std(o, m, p))


def test_three_point_rejects_unknown_method_and_disorder():
    """Are an unknown method and optimistic > most likely refused?"""
    with pytest.raises(ValueError, match="method must be"):
        three_point_estimate(1, 2, 3, method="beta")
    with pytest.raises(ValueError, match="optimistic <= most_likely"):
        three_point_estimate(5, 2, 3)


def test_three_point_costs_table():
    """Does the table get mean, std and variance, and name a bad row?"""
    items = pd.DataFrame(
        {
            "item": ["a", "b"],
            "optimistic": [8, 20],
            "most_likely": [10, 30],
            "pessimistic": [18, 52],
        }
    )
    t = three_point_costs(items)
    np.testing.assert_allclose(t["mean"], [11, 32])
    np.testing.assert_allclose(t["variance"], [(10 / 6) ** 2, (32 / 6) ** 2])
    assert "mean" not in items.columns  # the input is left alone
    bad = items.copy()
    bad.loc[1, "optimistic"] = 40
    with pytest.raises(ValueError, match="row 1: needs optimistic <= most_likely"):
        three_point_costs(bad)
    bad = items.copy()
    bad.loc[0, "pessimistic"] = -1
    with pytest.raises(ValueError, match="row 0: pessimistic must be a cost >= 0"):
        three_point_costs(bad)
    with pytest.raises(ValueError, match="missing the column"):
        three_point_costs(items.drop(columns="most_likely"))


# --- WBS roll-up ------------------------------------------------------------

HOUSE = [
    {"wbs": "1", "name": "House"},
    {"wbs": "1.1", "name": "Foundation", "cost": 20_000},
    {"wbs": "1.2", "name": "Frame"},
    {"wbs": "1.2.1", "name": "Walls", "cost": 30_000},
    {"wbs": "1.2.2", "name": "Roof", "cost": 15_000},
    {"wbs": "1.3", "name": "Fit-out"},
    {"wbs": "1.3.1", "name": "Kitchen", "cost": 12_000},
    {"wbs": "1.3.2", "name": "Bathroom", "cost": 8_000},
]


def test_rollup_by_hand():
    """Does each parent get the sum of its work packages (65k, 20k, 85k total)?"""
    t = rollup_wbs(HOUSE)
    assert t.loc["1.2", "cost"] == 45_000
    assert t.loc["1.3", "cost"] == 20_000
    assert t.loc["1", "cost"] == 85_000
    assert t.loc["1.2.1", "parent"] == "1.2" and t.loc["1", "parent"] is None
    assert list(t["level"]) == [1, 2, 2, 3, 3, 2, 3, 3]
    assert t.loc["1.2", "leaf"] == False  # noqa: E712
    assert t["leaf"].sum() == 5
    # Every level's elements add up to the total when all leaves are deepest.
    assert t[t["level"] == 2]["cost"].sum() == 85_000


def test_rollup_orders_codes_numerically():
    """Does 1.10 come after 1.9, not after 1.1?"""
    rows = [{"wbs": "1"}] + [{"wbs": f"1.{i}", "cost": i} for i in (10, 9, 1, 2)]
    t = rollup_wbs(rows)
    assert list(t.index) == ["1", "1.1", "1.2", "1.9", "1.10"]
    assert t.loc["1", "cost"] == 22


def test_rollup_allows_several_top_elements():
    """Can a WBS have several level-1 elements with no common root?"""
    t = rollup_wbs([{"wbs": 1, "cost": 5}, {"wbs": 2}, {"wbs": "2.1", "cost": 7}])
    assert t.loc["2", "cost"] == 7 and t.loc["1", "cost"] == 5


def test_rollup_is_idempotent():
    """Does a rolled-up table roll up to itself (parent costs equal to sums)?"""
    once = rollup_wbs(HOUSE)
    twice = rollup_wbs(once.reset_index()[["wbs", "name", "cost"]])
    pd.testing.assert_series_equal(once["cost"], twice["cost"])


def test_rollup_orphan_names_row():
    """Does a code whose parent is absent raise naming the row and the parent?"""
    rows = HOUSE + [{"wbs": "1.4.1", "name": "Garden", "cost": 3_000}]
    with pytest.raises(ValueError, match=r"row 8 \(wbs '1.4.1'\): its parent '1.4'"):
        rollup_wbs(rows)


def test_rollup_negative_cost_names_row():
    """Does a negative cost raise naming the row?"""
    rows = [dict(r) for r in HOUSE]
    rows[4]["cost"] = -15_000
    with pytest.raises(ValueError, match=r"row 4 \(wbs '1.2.2'\): cost must be >= 0"):
        rollup_wbs(rows)


def test_rollup_leaf_without_cost_names_row():
    """Does a work package with no cost raise naming it?"""
    rows = [dict(r) for r in HOUSE]
    del rows[6]["cost"]
    with pytest.raises(ValueError, match=r"row 6 \(wbs '1.3.1'\): a work package"):
        rollup_wbs(rows)


def test_rollup_parent_cost_mismatch():
    """Does a parent cost that differs from its children's sum raise?"""
    rows = [dict(r) for r in HOUSE]
    rows[2]["cost"] = 50_000
    with pytest.raises(ValueError, match=r"row 2 \(wbs '1.2'\): cost 50,000.00"):
        rollup_wbs(rows)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("1..2", "not a dotted code"),
        ("A.1", "not a dotted code"),
        (1.1, "must be text"),
    ],
)
def test_rollup_bad_codes(code, message):
    """Are malformed codes and codes stored as floats refused, naming the row?"""
    rows = [{"wbs": "1"}, {"wbs": code, "cost": 1}]
    with pytest.raises(ValueError, match=f"row 1: wbs code .*{message}"):
        rollup_wbs(rows)


def test_rollup_duplicate_code():
    """Is a repeated code refused, naming both rows?"""
    rows = HOUSE + [{"wbs": "1.1", "cost": 1}]
    with pytest.raises(ValueError, match="row 8: wbs '1.1' repeats row 1"):
        rollup_wbs(rows)


def test_rollup_custom_column_names():
    """Can the code and cost columns have other names?"""
    t = rollup_wbs(
        [{"code": "1"}, {"code": "1.1", "amount": 4}, {"code": "1.2", "amount": 6}],
        code="code",
        cost="amount",
    )
    assert t.loc["1", "amount"] == 10


@st.composite
def wbs_trees(draw):
    """A random WBS: each new element hangs under an existing one."""
    codes = ["1"]
    children: dict[str, int] = {}
    for _ in range(draw(st.integers(0, 25))):
        parent = draw(st.sampled_from(codes))
        children[parent] = children.get(parent, 0) + 1
        codes.append(f"{parent}.{children[parent]}")
    leaves = [c for c in codes if c not in children]
    costs = {c: draw(st.integers(0, 10**6)) for c in leaves}
    rows = [{"wbs": c, "cost": costs.get(c)} for c in codes]
    return rows, costs


@settings(max_examples=60, deadline=None)
@given(wbs_trees())
def test_rollup_root_is_sum_of_leaves(tree):
    """Is the root's total the sum of the work packages, whatever the shape?"""
    rows, costs = tree
    t = rollup_wbs(rows)
    assert t.loc["1", "cost"] == sum(costs.values())
    # Each parent equals the sum of its direct children.
    for code, row in t[~t["leaf"]].iterrows():
        assert row["cost"] == t[t["parent"] == code]["cost"].sum()


# --- reserves and budget ----------------------------------------------------


def test_contingency_from_emv_by_hand():
    """Is the reserve the net expected cost of the register's risks?"""
    # Threats: 20 % x 50,000 and 50 % x 10,000; opportunity: 10 % x 20,000.
    emvs = [-0.2 * 50_000, -0.5 * 10_000, 0.1 * 20_000]
    assert contingency_reserve(emv=emvs) == pytest.approx(13_000)
    assert contingency_reserve(emv=-13_000) == 13_000


def test_contingency_never_negative():
    """When opportunities outweigh threats, is the reserve 0 rather than negative?"""
    assert contingency_reserve(emv=[5_000, -1_000]) == 0.0


def test_contingency_from_percentage():
    """Is a 10 % reserve on 400,000 of estimates 40,000?"""
    assert contingency_reserve(percent=0.10, base_cost=400_000) == pytest.approx(40_000)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "either emv"),
        ({"emv": -1, "percent": 0.1, "base_cost": 1}, "either emv"),
        ({"percent": 0.1}, "needs base_cost"),
        ({"emv": -1, "base_cost": 5}, "only used with percent"),
        ({"percent": -0.1, "base_cost": 5}, "percent"),
        ({"emv": [float("nan")]}, "emv must hold finite"),
    ],
)
def test_contingency_rejects_bad_combinations(kwargs, message):
    """Does contingency_reserve insist on exactly one valid way?"""
    with pytest.raises(ValueError, match=message):
        contingency_reserve(**kwargs)


def test_baseline_and_budget_by_hand():
    """Is baseline = estimates + contingency and budget = baseline + MR?"""
    estimates = [250_000, 150_000]
    cr = contingency_reserve(percent=0.10, base_cost=sum(estimates))
    baseline = sum(estimates) + cr
    mr = management_reserve(baseline, 0.05)
    assert mr == pytest.approx(22_000)
    b = cost_budget(estimates, contingency=cr, management_reserve=mr)
    assert isinstance(b, CostBudget)
    assert b.estimates == 400_000
    assert b.cost_baseline == pytest.approx(440_000)
    assert b.budget == pytest.approx(462_000)
    assert b.to_dict()["management_reserve"] == pytest.approx(22_000)


def test_cost_budget_rejects_negative_estimate():
    """Does a negative estimate raise naming its position?"""
    with pytest.raises(ValueError, match=r"estimates\[1\] must be a cost >= 0"):
        cost_budget([10, -5])
    with pytest.raises(ValueError, match="management_reserve"):
        cost_budget([10], management_reserve=-1)
    with pytest.raises(ValueError, match="cost_baseline"):
        management_reserve(-1, 0.1)


# --- time-phased baseline ---------------------------------------------------


def _sched(rows):
    """A schedule table indexed by id, with es and ef."""
    df = pd.DataFrame(rows, columns=["id", "es", "ef"]).set_index("id")
    return df.astype(float)


def test_time_phased_by_hand():
    """Is each task's cost spread evenly over its days, milestones on their day?"""
    # A: days 0-4, 400 -> 100 a day; B: days 2-3, 90 -> 90 on day 2;
    # M: milestone at day 1 -> 50 on day 1; C: days 3.5-5, 30 -> 10 on day 3,
    # 20 on day 4.
    sched = _sched([("A", 0, 4), ("B", 2, 3), ("M", 1, 1), ("C", 3.5, 5)])
    t = time_phased_baseline(sched, {"A": 400, "B": 90, "M": 50, "C": 30})
    np.testing.assert_allclose(t["pv"], [100, 150, 190, 110, 20])
    np.testing.assert_allclose(t["cumulative_pv"], [100, 250, 440, 550, 570])
    np.testing.assert_allclose(t["start"], [0, 1, 2, 3, 4])
    assert t.index.name == "period"


def test_time_phased_weekly_periods():
    """With 7-day periods, is a 14-day task split half and half?"""
    t = time_phased_baseline(_sched([("A", 0, 14)]), {"A": 700}, period=7)
    np.testing.assert_allclose(t["pv"], [350, 350])
    np.testing.assert_allclose(t["end"], [7, 14])


def test_time_phased_milestones_at_start_and_finish():
    """Is a milestone at 0 in the first period and one at the finish in the last?"""
    sched = _sched([("S", 0, 0), ("A", 0, 3), ("F", 3, 3)])
    t = time_phased_baseline(sched, {"S": 10, "A": 30, "F": 5})
    np.testing.assert_allclose(t["pv"], [20, 10, 15])


def test_time_phased_all_milestones_at_zero():
    """Does a schedule of only zero-duration tasks at 0 give one period?"""
    t = time_phased_baseline(_sched([("S", 0, 0)]), {"S": 10})
    assert len(t) == 1 and t["pv"].iloc[0] == 10


def test_time_phased_from_cpm():
    """Does a cpm() result with a cost column give an S-curve ending at the total?"""
    tasks = [
        {"id": "A", "duration": 3, "predecessors": "", "cost": 300},
        {"id": "B", "duration": 2, "predecessors": "A", "cost": 100},
        {"id": "C", "duration": 4, "predecessors": "A", "cost": 800},
        {"id": "D", "duration": 0, "predecessors": "B, C", "cost": 50},
    ]
    result = schedule.cpm(tasks)
    result["cost"] = pd.DataFrame(tasks).set_index("id")["cost"]
    t = time_phased_baseline(result)
    assert len(t) == 7
    assert t["cumulative_pv"].iloc[-1] == pytest.approx(1250)
    # Days 3-4 hold B (50 a day) and C (200 a day); day 6 holds C and D.
    np.testing.assert_allclose(t["pv"], [100, 100, 100, 250, 250, 200, 250])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 15), st.integers(0, 10**6)),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from([0.5, 1.0, 3.0, 7.0]),
)
def test_time_phased_sums_to_total(tasks, period):
    """Does the S-curve end at the total cost, never falling, whatever the plan?"""
    sched = _sched([(f"T{i}", es, es + d) for i, (es, d, _) in enumerate(tasks)])
    costs = {f"T{i}": c for i, (_, _, c) in enumerate(tasks)}
    t = time_phased_baseline(sched, costs, period=period)
    total = sum(costs.values())
    assert t["pv"].sum() == pytest.approx(total, rel=1e-12, abs=1e-6)
    assert t["cumulative_pv"].iloc[-1] == pytest.approx(total, rel=1e-12, abs=1e-6)
    assert (t["pv"] >= -1e-9).all()
    assert t["end"].iloc[-1] >= max(es + d for es, d, _ in tasks)
    assert t["start"].iloc[-1] < max(max(es + d for es, d, _ in tasks), 1e-9)


def test_time_phased_feeds_status_table():
    """Can the baseline's pv column be a status table's planned values?"""
    from pmcourse.evm import status_table

    t = time_phased_baseline(_sched([("A", 0, 4)]), {"A": 400})
    periods = t[["pv"]].reset_index().assign(ev=[90, 90, None, None])
    periods["ac"] = [100, 100, None, None]
    table = status_table(periods, bac=400)
    assert table.loc[1, "cpi"] == pytest.approx(0.9)
    assert table.loc[3, "pv"] == pytest.approx(400)


@pytest.mark.parametrize(
    ("costs", "message"),
    [
        ({"A": 10}, "task 'B' has no cost"),
        ({"A": 10, "B": -1}, "task 'B': cost must be >= 0"),
        ({"A": 10, "B": "x"}, "task 'B': cost must be >= 0"),
        ({"A": 10, "B": 1, "Z": 3}, r"not in the schedule: \['Z'\]"),
    ],
)
def test_time_phased_cost_errors(costs, message):
    """Are missing, negative and unknown task costs refused, naming the task?"""
    with pytest.raises(ValueError, match=message):
        time_phased_baseline(_sched([("A", 0, 1), ("B", 1, 2)]), costs)


def test_time_phased_schedule_errors():
    """Are a missing column, ef before es and a bad period refused?"""
    with pytest.raises(ValueError, match="missing the column 'ef'"):
        time_phased_baseline(_sched([("A", 0, 1)]).drop(columns="ef"), {"A": 1})
    with pytest.raises(ValueError, match=r"task 'A': ef \(1\) is before es \(2\)"):
        time_phased_baseline(_sched([("A", 2, 1)]), {"A": 1})
    with pytest.raises(ValueError, match="period must be"):
        time_phased_baseline(_sched([("A", 0, 1)]), {"A": 1}, period=0)
    with pytest.raises(ValueError, match="give costs"):
        time_phased_baseline(_sched([("A", 0, 1)]))


# --------------------------------------------------------------------------
# Reserves sized from simulated totals (size_reserves)


def test_size_reserves_on_a_uniform_grid_worked_by_hand():
    """Do the reserves of 1,000 ... 100,000 at P80 match a hand calculation?

    The 0.8 quantile (linear interpolation) of 100 evenly spaced totals is at
    position 0.8 x 99 = 79.2: 80,000 + 0.2 x 1,000 = 80,200. Contingency
    80,200 - 50,000 = 30,200; management reserve 5 % of 80,200 = 4,010.
    """
    totals = np.arange(1, 101) * 1_000.0
    r = size_reserves(totals, 50_000, confidence=0.8, management_percent=0.05)
    assert r.cost_at_confidence == pytest.approx(80_200)
    assert r.contingency_reserve == pytest.approx(30_200)
    assert r.cost_baseline == pytest.approx(80_200)
    assert r.management_reserve == pytest.approx(4_010)
    assert r.budget == pytest.approx(84_210)
    assert r.mean == pytest.approx(50_500)
    assert r.probability_over_estimate == 0.5  # 51,000 ... 100,000
    assert r.probability_over_baseline == 0.2  # 81,000 ... 100,000
    assert r.probability_over_budget == 0.16  # 85,000 ... 100,000


def test_size_reserves_needs_no_contingency_for_a_generous_estimate():
    """If the estimate is above the chosen percentile, is the contingency 0 and
    the baseline the estimate itself?"""
    r = size_reserves([90.0, 100.0, 110.0], 200.0, confidence=0.9)
    assert r.contingency_reserve == 0
    assert r.cost_baseline == 200 and r.probability_over_baseline == 0


@settings(max_examples=50, deadline=None)
@given(st.floats(0.05, 0.95), st.integers(0, 10_000))
def test_size_reserves_overrun_chance_matches_the_confidence(confidence, seed):
    """Is the share of runs over a baseline set at confidence c about 1 - c,
    whatever the base estimate below it?"""
    totals = np.random.default_rng(seed).lognormal(12, 0.3, 4_000)
    r = size_reserves(totals, float(totals.min()), confidence=confidence)
    assert r.probability_over_baseline == pytest.approx(1 - confidence, abs=2e-3)
    assert r.probability_over_budget <= r.probability_over_baseline
    assert r.probability_over_baseline <= r.probability_over_estimate


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"totals": [], "base_estimate": 1}, "at least one finite"),
        ({"totals": [1, np.nan], "base_estimate": 1}, "finite"),
        ({"totals": [1], "base_estimate": 1, "confidence": 80}, "confidence"),
        ({"totals": [1], "base_estimate": -1}, "base_estimate"),
        ({"totals": [1], "base_estimate": 1, "management_percent": -0.1}, "management"),
    ],
)
def test_size_reserves_rejects_bad_input(kwargs, message):
    """Is each bad argument rejected with a message naming it?"""
    with pytest.raises(ValueError, match=message):
        size_reserves(**kwargs)
