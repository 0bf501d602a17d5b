"""Tests of the certification return calculator (pmcourse.career)."""

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.career import certification_roi

BASE = dict(
    cost=3_000,
    study_hours=120,
    hour_value=25,
    salary=80_000,
    uplift=0.05,
    years=5,
    rate=0.08,
)


def test_cash_flows_and_summary_worked_by_hand():
    """Do the flows, payback and ROI match a hand calculation?

    Outlay 3,000 + 120 x 25 = 6,000; gain 80,000 x 5 % = 4,000 a year for 5
    years. Payback: 1 year repays 4,000, the remaining 2,000 takes half of
    year 2, so 1.5 years. ROI = (20,000 - 6,000) / 6,000 = 2.333.
    """
    r = certification_roi(**BASE)
    assert r.cashflows.tolist() == [-6_000] + [4_000] * 5
    assert r.outlay == 6_000
    assert r.payback == pytest.approx(1.5)
    assert r.roi == pytest.approx(14_000 / 6_000)


def test_npv_and_irr_agree_with_numpy_financial():
    """Do the NPV and IRR agree with numpy-financial's own functions?"""
    r = certification_roi(**BASE)
    assert r.npv == pytest.approx(npf.npv(0.08, r.cashflows))
    assert r.irr == pytest.approx(npf.irr(r.cashflows), abs=1e-9)
    assert r.cumulative_pv[-1] == pytest.approx(r.npv)


def test_discounted_payback_is_later_than_plain_payback():
    """Does discounting at 8 % push the payback later than 1.5 years?

    Discounted flows: -6,000, 3,703.7, 3,429.4: still owed 2,296.3 after
    year 1, so 1 + 2,296.3 / 3,429.4 = 1.67 years.
    """
    r = certification_roi(**BASE)
    assert r.discounted_payback == pytest.approx(
        1 + (6_000 - 4_000 / 1.08) / (4_000 / 1.08**2)
    )
    assert r.discounted_payback > r.payback


def test_no_uplift_never_pays_back():
    """With no pay rise, is the NPV minus the outlay, and is there no IRR and no
    payback?"""
    r = certification_roi(**{**BASE, "uplift": 0.0})
    assert r.npv == -6_000
    assert r.irr is None and r.payback is None and r.discounted_payback is None
    assert r.roi == -1


def test_salary_growth_compounds():
    """Does a 3 % yearly growth multiply year t's gain by 1.03 ** (t - 1)?"""
    r = certification_roi(**{**BASE, "salary_growth": 0.03})
    assert r.cashflows[1:].tolist() == pytest.approx(
        [4_000 * 1.03**k for k in range(5)]
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cost": -1}, "cost must be a finite number >= 0"),
        ({"uplift": float("nan")}, "uplift must be a finite number"),
        ({"years": 0}, "years must be a whole number from 1 to 50"),
        ({"years": 2.5}, "years must be a whole number"),
        ({"rate": -1}, "rate must be a finite number"),
        ({"salary": "a lot"}, "salary must be a number"),
        ({"cost": 0, "study_hours": 0}, "nothing to earn a return on"),
    ],
)
def test_bad_inputs_are_named(change, message):
    """Is each bad input rejected with a message naming it?"""
    with pytest.raises(ValueError, match=message):
        certification_roi(**{**BASE, **change})


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.0, 0.2),
    st.floats(0.0, 0.2),
    st.integers(1, 15),
)
def test_npv_falls_with_the_rate_and_rises_with_the_uplift(rate, uplift, years):
    """Does a higher discount rate never raise the NPV, and a higher uplift
    never lower it?"""
    args = {**BASE, "years": years, "uplift": uplift}
    low = certification_roi(**{**args, "rate": rate})
    high = certification_roi(**{**args, "rate": rate + 0.05})
    more = certification_roi(**{**args, "rate": rate, "uplift": uplift + 0.01})
    assert high.npv <= low.npv + 1e-9
    assert more.npv >= low.npv - 1e-9
    assert np.isclose(low.cumulative_pv[-1], low.npv)
