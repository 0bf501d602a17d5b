"""Tests for pmcourse.contracts: hand-worked figures and properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.analysis import weighted_score, wsjf
from pmcourse.contracts import (
    cpif_final_fee,
    fpif_final_price,
    point_of_total_assumption,
)
from pmcourse.schedule import crash_cost_slope

# --- fixed-price incentive fee ---------------------------------------------


def test_pta_reference_example():
    """Is the PTA of the reference sheet's example 10,000 / 0.7 + 100,000?"""
    # target price 110,000; ceiling - target price = 10,000; / 0.7 = 14,285.71
    assert point_of_total_assumption(100_000, 10_000, 120_000, 0.7) == pytest.approx(
        114_285.714286
    )


def test_pta_at_ceiling_equal_target_price_is_target_cost():
    """With the ceiling at the target price, is the PTA the target cost?"""
    assert point_of_total_assumption(50_000, 5_000, 55_000, 0.5) == 50_000


def test_fpif_underrun_shares_the_saving():
    """Does a 10,000 underrun at 70/30 raise the fee by 3,000?"""
    # fee = 10,000 + 10,000 * 0.3 = 13,000; price = 90,000 + 13,000
    assert fpif_final_price(100_000, 10_000, 120_000, 0.7, 90_000) == 103_000


def test_fpif_overrun_below_pta_is_not_capped():
    """Does a 10,000 overrun at 70/30 cut the fee to 7,000, below the ceiling?"""
    assert fpif_final_price(100_000, 10_000, 120_000, 0.7, 110_000) == 117_000


def test_fpif_price_reaches_ceiling_exactly_at_pta():
    """Is the FPIF price equal to the ceiling at the PTA and capped beyond it?"""
    pta = point_of_total_assumption(100_000, 10_000, 120_000, 0.7)
    assert fpif_final_price(100_000, 10_000, 120_000, 0.7, pta) == pytest.approx(
        120_000
    )
    assert fpif_final_price(100_000, 10_000, 120_000, 0.7, pta + 5_000) == 120_000


@settings(max_examples=60, deadline=None)
@given(
    cost=st.integers(10_000, 10**6),
    fee_pct=st.floats(0, 0.3),
    room=st.floats(0, 0.5),
    share=st.floats(0.05, 0.95),
)
def test_pta_is_where_the_price_meets_the_ceiling(cost, fee_pct, room, share):
    """Does the FPIF price equal the ceiling at the PTA, for any contract?"""
    fee = cost * fee_pct
    ceiling = (cost + fee) * (1 + room)
    pta = point_of_total_assumption(cost, fee, ceiling, share)
    assert pta >= cost
    assert fpif_final_price(cost, fee, ceiling, share, pta) == pytest.approx(ceiling)


@pytest.mark.parametrize(
    ("args", "word"),
    [
        ((100, 10, 105, 0.7), "ceiling_price"),
        ((100, 10, 120, 1.0), "buyer_share"),
        ((100, 10, 120, 0), "buyer_share"),
        ((0, 10, 120, 0.5), "target_cost"),
        ((100, -1, 120, 0.5), "target_fee"),
    ],
)
def test_pta_rejects_bad_input(args, word):
    """Does the PTA reject a bad contract, naming the parameter?"""
    with pytest.raises(ValueError, match=word):
        point_of_total_assumption(*args)


# --- cost-plus incentive fee -------------------------------------------------


def test_cpif_overrun_and_bounds():
    """Does a CPIF overrun cut the fee by the seller's share, within bounds?"""
    # 80/20: an overrun of 20,000 costs the seller 4,000 of its 15,000 fee
    assert cpif_final_fee(200_000, 15_000, 0.8, 220_000) == 11_000
    assert cpif_final_fee(200_000, 15_000, 0.8, 260_000, min_fee=5_000) == 5_000
    with pytest.raises(ValueError, match="min_fee"):
        cpif_final_fee(200_000, 15_000, 0.8, 1, min_fee=9, max_fee=8)


# --- crashing ------------------------------------------------------------------


def test_crash_cost_slope_by_hand():
    """Is the slope of 8 -> 5 days for 12,000 -> 18,000 equal to 2,000 a day?"""
    assert crash_cost_slope(8, 12_000, 5, 18_000) == 2_000


@pytest.mark.parametrize(
    ("args", "word"),
    [((5, 100, 5, 200), "crash_duration"), ((5, 100, 3, 50), "crash_cost")],
)
def test_crash_cost_slope_rejects_impossible_crash(args, word):
    """Does crashing reject no time saved or a cheaper crash?"""
    with pytest.raises(ValueError, match=word):
        crash_cost_slope(*args)


# --- prioritisation ----------------------------------------------------------


def test_wsjf_by_hand():
    """Is the WSJF of (13 + 8 + 5) / 2 equal to 13?"""
    assert wsjf(13, 8, 5, 2) == 13.0


def test_wsjf_rejects_zero_job():
    """Does WSJF reject a job of size zero?"""
    with pytest.raises(ValueError, match="job_size"):
        wsjf(1, 1, 1, 0)


def test_weighted_score_by_hand_and_missing_weight():
    """Does the weighted score add weight times score and name a missing weight?"""
    out = weighted_score(
        {"X": {"value": 9, "risk": 2}, "Y": {"value": 6, "risk": 8}},
        {"value": 0.5, "risk": 0.5},
    )
    assert out.to_dict() == {"X": 5.5, "Y": 7.0}
    with pytest.raises(ValueError, match="'risk' has no weight"):
        weighted_score({"X": {"value": 9, "risk": 2}}, {"value": 1})
