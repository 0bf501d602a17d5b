"""Tests of pmcourse.risk.decision_tree: rolling a tree back to its EMV."""

import pytest

from pmcourse.risk import Chance, Decision, End, rollback


def test_build_or_buy_worked_by_hand():
    # build: pay 100, then 60 % a saving worth 300, 40 % an overrun of -50
    #        0.6 * 300 + 0.4 * -50 = 160, net of the 100 paid: 60
    # buy:   pay 20, then a sure 50: net 30
    tree = Decision(
        {
            "build": (100, Chance(((0.6, End(300)), (0.4, End(-50))), label="demand")),
            "buy": (20, End(50)),
        },
        label="source",
    )
    result = rollback(tree)
    assert result.value == pytest.approx(60)
    assert result.choices == {"source": "build"}
    assert result.option_values["source"] == pytest.approx({"build": 60, "buy": 30})


def test_nested_decisions_choose_inside_out():
    inner = Decision({"repair": (10, End(40)), "scrap": (0, End(0))}, label="after")
    tree = Chance(((0.5, inner), (0.5, End(100))), label="test")
    result = rollback(tree)
    assert result.value == pytest.approx(0.5 * 30 + 0.5 * 100)
    assert result.choices == {"after": "repair"}


def test_probabilities_must_sum_to_one():
    with pytest.raises(ValueError):
        Chance(((0.5, End(1)), (0.4, End(2))))
    with pytest.raises(ValueError):
        Chance(((1.5, End(1)), (-0.5, End(2))))


def test_a_decision_needs_an_option():
    with pytest.raises(ValueError, match="has no options"):
        Decision({}, label="empty")
