"""Tests of pmcourse.evm.reading: a result read in plain words."""

from pmcourse.evm import evm, interpret


def test_over_budget_and_behind_schedule_say_so_in_money():
    text = interpret(evm(pv=50_000, ev=40_000, ac=45_000, bac=100_000))
    assert text.startswith("Over budget and behind schedule.")
    assert "$5,000" in text  # CV = 40,000 - 45,000
    assert "$10,000" in text  # SV = 40,000 - 50,000


def test_under_budget_and_ahead_and_another_currency():
    text = interpret(evm(pv=40_000, ev=50_000, ac=45_000, bac=100_000), currency="€")
    assert text.startswith("Under budget and ahead of schedule.")
    assert "€" in text and "$" not in text


def test_the_method_and_the_function_read_alike():
    result = evm(pv=10, ev=10, ac=10, bac=100)
    assert result.reading() == interpret(result)
