"""Tests for pmcourse.finance: hand-worked figures, a reference library, properties."""

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.finance import (
    benefit_cost_ratio,
    discounted_payback_period,
    irr,
    npv,
    payback_period,
    present_value,
    roi,
)

# Conventional projects: one outlay now, then non-negative inflows (at least
# one positive), so exactly one IRR exists.
conventional = (
    st.tuples(
        st.floats(1.0, 1e6),
        st.lists(st.floats(0.0, 1e6), min_size=1, max_size=15),
    )
    .filter(lambda t: any(v > 1e-3 for v in t[1]))
    .map(lambda t: [-t[0], *t[1]])
)

# The same in whole currency units: numpy-financial's root finder is reliable
# on these (it is not on flows spanning hundreds of orders of magnitude).
conventional_whole = (
    st.tuples(
        st.integers(1, 10**6),
        st.lists(st.integers(0, 10**6), min_size=1, max_size=15),
    )
    .filter(lambda t: any(t[1]))
    .map(lambda t: [-t[0], *t[1]])
)


# --- present value and NPV ------------------------------------------------


def test_present_value_by_hand():
    """Is 1,210 received in two years worth 1,000 today at 10 %?"""
    assert present_value(1210, 0.10, 2) == pytest.approx(1000.0)
    assert isinstance(present_value(1210, 0.10, 2), float)


def test_present_value_broadcasts():
    """Does present_value discount several amounts and periods in one call?"""
    out = present_value([100, 100, 100], 0.05, [0, 1, 2])
    np.testing.assert_allclose(out, [100, 100 / 1.05, 100 / 1.05**2])


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        ({"amount": 100, "rate": -1.0, "periods": 1}, "rate"),
        ({"amount": 100, "rate": -1.5, "periods": 1}, "rate"),
        ({"amount": 100, "rate": 0.1, "periods": -1}, "periods"),
        ({"amount": math.inf, "rate": 0.1, "periods": 1}, "amount"),
    ],
)
def test_present_value_rejects_bad_input(kwargs, word):
    """Does present_value name the argument that is out of range?"""
    with pytest.raises(ValueError, match=word):
        present_value(**kwargs)


def test_npv_by_hand():
    """Does NPV match 500/1.1 + 500/1.1² + 500/1.1³ - 1,000 = 243.43?"""
    by_hand = -1000 + 500 / 1.1 + 500 / 1.21 + 500 / 1.331
    assert npv(0.10, [-1000, 500, 500, 500]) == pytest.approx(by_hand)
    assert round(by_hand, 2) == 243.43


def test_npv_does_not_discount_time_zero():
    """Is the first cash flow counted at face value, whatever the rate?"""
    assert npv(0.5, [-700]) == -700
    assert npv(0.0, [-1000, 400, 400, 400]) == pytest.approx(200)


def test_npv_profile_over_rates():
    """Does an array of rates give one NPV per rate, each as if computed alone?"""
    cf = [-1000, 300, 400, 500]
    rates = np.array([0.0, 0.05, 0.1, 0.2])
    profile = npv(rates, cf)
    assert profile.shape == (4,)
    np.testing.assert_allclose(profile, [npv(r, cf) for r in rates])
    assert np.all(np.diff(profile) < 0)  # a conventional project loses value


@settings(max_examples=60, deadline=None)
@given(
    rate=st.floats(-0.9, 2.0),
    cf=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=20),
)
def test_npv_agrees_with_numpy_financial(rate, cf):
    """Does npv agree with numpy-financial's npv (same t = 0 convention)?"""
    assert npv(rate, cf) == pytest.approx(npf.npv(rate, cf), rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("cf", [[], [[1, 2], [3, 4]], [1, float("nan")]])
def test_npv_rejects_bad_cashflows(cf):
    """Does npv refuse empty, two-dimensional or non-finite cash flows?"""
    with pytest.raises(ValueError, match="cashflows"):
        npv(0.1, cf)


def test_npv_rejects_rate_at_or_below_minus_one():
    """Does npv refuse a rate of -100 % or less, naming the rate?"""
    with pytest.raises(ValueError, match="rate must be greater than -1"):
        npv(-1, [-100, 200])


# --- IRR --------------------------------------------------------------------


def test_irr_single_period_by_hand():
    """Is the IRR of paying 1,000 to get 1,100 a year later exactly 10 %?"""
    assert irr([-1000, 1100]) == pytest.approx(0.10, abs=1e-12)


def test_irr_two_periods_by_hand():
    """Does IRR solve 60x + 60x² = 100 (x = 1/(1+r)) like the quadratic formula?"""
    x = (-1 + math.sqrt(1 + 4 * 100 / 60)) / 2
    assert irr([-100, 60, 60]) == pytest.approx(1 / x - 1, rel=1e-10)


def test_irr_matches_numpy_financial_docs_example():
    """Does IRR give numpy-financial's documented 28.095 % for -100, 39, 59, 55, 20?"""
    assert irr([-100, 39, 59, 55, 20]) == pytest.approx(0.28095, abs=1e-5)


def test_irr_with_two_roots_returns_the_one_nearest_zero():
    """With IRRs of 10 % and 20 % (-100, 230, -132), is 10 % returned?"""
    # -100 y² + 230 y - 132 = 0 with y = 1 + r: y = 1.1 or 1.2.
    assert irr([-100, 230, -132]) == pytest.approx(0.10, abs=1e-9)
    assert npv(0.20, [-100, 230, -132]) == pytest.approx(0, abs=1e-9)


def test_irr_double_root():
    """Is the touching root of -1, 2, -1 (NPV = -(1 - x)²) found at 0 %?"""
    assert irr([-1, 2, -1]) == pytest.approx(0.0, abs=1e-6)


def test_irr_ignores_leading_and_trailing_zeros():
    """Do zero flows before the first and after the last flow leave IRR alone?"""
    assert irr([0, -1000, 1100, 0, 0]) == pytest.approx(0.10)


@pytest.mark.parametrize("cf", [[100, 50, 25], [-100, -50], [0, 0, 0], [-5, 0, -1]])
def test_irr_same_sign_raises(cf):
    """Does IRR refuse cash flows that never change sign?"""
    with pytest.raises(ValueError, match="same sign"):
        irr(cf)


def test_irr_without_real_root_raises():
    """Does IRR raise when the NPV polynomial has no real root (-100, 100, -100)?"""
    # -100 y² + 100 y - 100 = 0 has a negative discriminant.
    with pytest.raises(ValueError, match="no IRR"):
        irr([-100, 100, -100])


@settings(max_examples=150, deadline=None)
@given(cf=conventional)
def test_npv_at_irr_is_zero(cf):
    """Is the NPV at the IRR zero, relative to the size of the discounted flows?"""
    r = irr(cf)
    assert r > -1
    t = np.arange(len(cf))
    scale = float(np.sum(np.abs(cf) * (1.0 + r) ** -t))
    assert abs(npv(r, cf)) <= 1e-8 * scale


@settings(max_examples=80, deadline=None)
@given(cf=conventional_whole)
def test_irr_agrees_with_numpy_financial(cf):
    """Does IRR agree with numpy-financial wherever numpy-financial finds one?"""
    reference = npf.irr(cf)
    if not math.isnan(reference):
        assert irr(cf) == pytest.approx(reference, rel=1e-6, abs=1e-9)


# --- payback --------------------------------------------------------------


def test_payback_fractional_by_hand():
    """Is the payback of -1,000, 300, 400, 500 two periods plus 300/500?"""
    assert payback_period([-1000, 300, 400, 500]) == pytest.approx(2.6)


def test_payback_exactly_at_period_boundary():
    """Does a cumulative flow reaching exactly zero give a whole number?"""
    assert payback_period([-1000, 500, 500]) == 2.0
    assert payback_period([-1000, 500, 500, 500]) == 2.0


def test_payback_at_boundary_despite_rounding():
    """Do ten flows of 0.1 repay 1.0 at period 10, despite float rounding?"""
    cf = [-1.0] + [0.1] * 10
    assert sum(cf) != 0  # the float sum misses zero by a rounding error
    assert payback_period(cf) == pytest.approx(10.0)


def test_payback_never():
    """Is None returned when the outlay is never recovered?"""
    assert payback_period([-1000, 300, 300, 300]) is None
    assert payback_period([-1000]) is None


def test_payback_no_outlay_is_zero():
    """Is the payback 0 when the cumulative flow is never negative?"""
    assert payback_period([0, 100, 100]) == 0.0
    assert payback_period([50]) == 0.0


def test_payback_outlay_after_time_zero():
    """Does an outlay spread over periods 1 count from when the money went out?"""
    # cumulative 0, -100, -40, 20: repaid 40/60 into period 3.
    assert payback_period([0, -100, 60, 60]) == pytest.approx(2 + 40 / 60)


def test_payback_ignores_later_outflows():
    """Does payback stop at the first recovery, as the classic method does?"""
    assert payback_period([-100, 150, -100, 100]) == pytest.approx(100 / 150)


def test_discounted_payback_by_hand():
    """Is the discounted payback of -1,000, 600, 600 at 10 % 1 + 454.55/495.87?"""
    by_hand = 1 + (1000 - 600 / 1.1) / (600 / 1.21)
    assert discounted_payback_period(0.10, [-1000, 600, 600]) == pytest.approx(by_hand)


def test_discounted_payback_never():
    """Is None returned when discounting makes the flows fall short?"""
    assert payback_period([-1000, 500, 500]) == 2.0
    assert discounted_payback_period(0.10, [-1000, 500, 500]) is None


@settings(max_examples=80, deadline=None)
@given(cf=conventional, rate=st.floats(0.0, 1.0))
def test_discounted_payback_not_shorter(cf, rate):
    """Is the discounted payback never shorter than the plain one at rate >= 0?"""
    plain = payback_period(cf)
    disc = discounted_payback_period(rate, cf)
    if plain is None:
        assert disc is None
    elif disc is not None:
        assert disc >= plain - 1e-9


def test_discounted_payback_rejects_bad_rate():
    """Does discounted payback reject a rate of -100 % and an array of rates?"""
    with pytest.raises(ValueError, match="rate"):
        discounted_payback_period(-1, [-100, 200])
    with pytest.raises(ValueError, match="single number"):
        discounted_payback_period([0.1, 0.2], [-100, 200])


# --- BCR and ROI ----------------------------------------------------------


def test_bcr_by_hand_and_vectorised():
    """Is BCR benefits over costs, for one project and for several?"""
    assert benefit_cost_ratio(150_000, 100_000) == 1.5
    np.testing.assert_allclose(benefit_cost_ratio([90, 240], [100, 200]), [0.9, 1.2])


@pytest.mark.parametrize(
    ("benefits", "costs", "word"),
    [(100, 0, "costs_pv"), (100, -5, "costs_pv"), (-1, 100, "benefits_pv")],
)
def test_bcr_rejects_bad_input(benefits, costs, word):
    """Does BCR name the argument that is zero or negative?"""
    with pytest.raises(ValueError, match=word):
        benefit_cost_ratio(benefits, costs)


def test_roi_is_net_benefit_over_cost():
    """Is ROI the net benefit over the cost (25,000 / 100,000 = 25 %)?"""
    assert roi(25_000, 100_000) == 0.25
    assert roi(-10_000, 100_000) == -0.1
    np.testing.assert_allclose(roi([10, 30], [100, 100]), [0.1, 0.3])


def test_roi_rejects_zero_cost():
    """Does ROI refuse a zero cost, naming it?"""
    with pytest.raises(ValueError, match="cost"):
        roi(10, 0)


def test_irr_unaffected_by_negligible_flow():
    """Does a vanishingly small last flow leave the IRR of -1, 1 at 0 %?"""
    assert irr([-1.0, 1.0, 5e-324]) == pytest.approx(0.0, abs=1e-12)
    assert irr([-1.0, 0.0, 1.0, 4e-268]) == pytest.approx(0.0, abs=1e-12)


def test_irr_refuses_rate_indistinguishable_from_minus_one():
    """Is an IRR of -1 + 1e-20 (not a float above -1) reported as no IRR?"""
    with pytest.raises(ValueError, match="no IRR"):
        irr([-1.0, 1e-20])
