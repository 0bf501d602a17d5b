"""Tests of pmcourse.core.format: how numbers are written for a learner."""

import math

import pytest

from pmcourse.core import days, money, number_text, percent


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "$0"),
        (0.4, "$0"),
        (-0.4, "$0"),
        (999.5, "$1,000"),
        (-45_312.6, "-$45,313"),
        (999_999.4, "$999,999"),
        (1_164_735.55, "$1.16 million"),
        (-2_500_000, "-$2.5 million"),
        (1_234_000_000, "$1,234 million"),
    ],
)
def test_money(amount, text):
    assert money(amount) == text


def test_money_in_full_and_undefined():
    assert money(1_164_735.55, millions=False) == "$1,164,736"
    assert money(float("nan")) == "n/a"
    with pytest.raises(ValueError, match="finite"):
        money(math.inf)


def test_days_percent_and_bare_numbers():
    assert [days(1), days(1.0), days(0), days(2.5)] == [
        "1 day",
        "1 day",
        "0 days",
        "2.5 days",
    ]
    assert percent(0.8413) == "84.1%" and percent(1, decimals=0) == "100%"
    assert number_text(3.0) == "3" and number_text(-0.25) == "-0.25"
