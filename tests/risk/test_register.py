"""Tests of pmcourse.risk: register, scoring, EMV and decision trees."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.risk import (
    Chance,
    Decision,
    End,
    emv,
    probability_impact_matrix,
    register_emv,
    rollback,
    score_register,
    validate_register,
)

REGISTER = [
    {
        "id": "R1",
        "description": "Supplier delivers late",
        "probability": 0.4,
        "impact": 25_000,
        "response": "mitigate",
    },
    {
        "id": "R2",
        "description": "Test lab unavailable",
        "probability": 0.1,
        "impact": 8_000,
    },
    {
        "id": "O1",
        "description": "Reuse of an existing module",
        "probability": 0.5,
        "impact": 12_000,
        "kind": "opportunity",
        "response": "exploit",
    },
]


def test_emv_textbook():
    """Does EMV sum probability x impact with threats negative?"""
    assert emv([(0.4, -25_000), (0.1, -8_000), (0.5, 12_000)]) == pytest.approx(-4_800)
    table = register_emv(REGISTER)
    assert table["emv"].tolist() == pytest.approx([-10_000, -800, 6_000])


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(-1e6, 1e6)), max_size=20))
def test_emv_bounded_by_impacts(outcomes):
    """Is EMV never beyond the sum of the absolute impacts?"""
    assert abs(emv(outcomes)) <= sum(abs(i) for _, i in outcomes) + 1e-6


def test_emv_rejects_bad_probability():
    """Is a probability above 1 rejected, naming its position?"""
    with pytest.raises(ValueError, match="outcome 1 has probability 1.5"):
        emv([(0.2, 10), (1.5, 10)])
    with pytest.raises(ValueError, match="pair"):
        emv([(0.2,)])


def test_register_validation_lists_every_problem():
    """Does validation list every problem with the risk's id?"""
    bad = [
        {"id": "R1", "description": "a", "probability": 30, "impact": 100},
        {"id": "R1", "description": "b", "probability": 0.2, "impact": -5},
        {
            "id": "R3",
            "description": "c",
            "probability": "often",
            "impact": 1,
            "kind": "hazard",
        },
    ]
    with pytest.raises(ValueError) as err:
        validate_register(bad)
    text = str(err.value)
    assert "risk 'R1' has probability 30" in text
    assert "risk 'R1' appears more than once" in text
    assert "negative impact" in text
    assert "risk 'R3' has no numeric probability" in text
    assert "kind 'hazard'" in text
    with pytest.raises(ValueError, match="missing the column.*'impact'"):
        validate_register([{"id": "R1", "description": "a", "probability": 0.1}])


def test_scoring_with_scales_and_bands():
    """Are ratings, scores and bands those worked by hand?"""
    out = score_register(
        REGISTER,
        probability_scale=(0.1, 0.3, 0.5, 0.7, 0.9),
        impact_scale=(5_000, 10_000, 20_000, 40_000, 80_000),
    )
    rows = {r["id"]: r for r in out.to_dict("records")}
    # R1: p 0.4 -> rating 3; impact 25k -> rating 4; score 3*4/25 = 0.48
    assert (rows["R1"]["p_rating"], rows["R1"]["i_rating"]) == (3, 4)
    assert rows["R1"]["score"] == pytest.approx(0.48)
    assert rows["R1"]["band"] == "high"
    # R2: p 0.1 -> 1, impact 8k -> 2: 2/25 = 0.08, low
    assert rows["R2"]["score"] == pytest.approx(0.08)
    assert rows["R2"]["band"] == "low"
    assert out["id"].tolist()[0] == "R1"
    with pytest.raises(ValueError, match="increasing"):
        score_register(REGISTER, probability_scale=(0.5, 0.2, 1.0))
    with pytest.raises(ValueError, match="above the top of impact_scale"):
        score_register(REGISTER, impact_scale=(1_000, 2_000))


def test_scoring_without_scales_uses_relative_impact():
    """Without scales, is the score probability x impact / largest impact?"""
    out = score_register(REGISTER)
    r2 = out.set_index("id").loc["R2"]
    assert r2["score"] == pytest.approx(0.1 * 8_000 / 25_000)


def test_decision_tree_rollback():
    """Does rolling back pick the option with the best EMV net of its cost?"""
    # Test early (costs 5k) and catch a 40% defect that would cost 50k later,
    # or skip testing: 40% chance of the 50k defect.
    tree = Decision(
        {
            "test early": (5_000, End(0)),
            "skip tests": (0, Chance(((0.4, End(-50_000)), (0.6, End(0))))),
        },
        label="testing",
    )
    result = rollback(tree)
    assert result.choices == {"testing": "test early"}
    assert result.value == -5_000
    assert result.option_values["testing"]["skip tests"] == pytest.approx(-20_000)


def test_nested_tree():
    """Do nested decisions roll back from the leaves?"""
    inner = Decision(
        {"rework": (10_000, End(60_000)), "scrap": (0, End(0))}, "after fail"
    )
    tree = Chance(((0.7, End(100_000)), (0.3, inner)), label="prototype")
    result = rollback(tree)
    assert result.value == pytest.approx(0.7 * 100_000 + 0.3 * 50_000)
    assert result.choices == {"after fail": "rework"}


def test_chance_node_validation():
    """Are probabilities that do not sum to 1 rejected?"""
    with pytest.raises(ValueError, match="sum to 1"):
        Chance(((0.5, End(1)), (0.4, End(2))), label="x")
    with pytest.raises(ValueError, match="expected 0 to 1"):
        Chance(((1.5, End(1)), (-0.5, End(2))), label="x")
    with pytest.raises(ValueError, match="no options"):
        Decision({}, label="empty")


def test_matrix_cells_score_like_the_register():
    """Does each cell of the 5 x 5 matrix get the score and band that
    score_register gives a risk with the same ratings?"""
    scales = {
        "probability_scale": (0.1, 0.3, 0.5, 0.7, 0.9),
        "impact_scale": (5_000, 10_000, 20_000, 40_000, 80_000),
    }
    matrix = probability_impact_matrix(5, 5).set_index(["p_rating", "i_rating"])
    assert len(matrix) == 25
    scored = score_register(REGISTER, **scales)
    for row in scored.itertuples():
        cell = matrix.loc[(row.p_rating, row.i_rating)]
        assert cell["score"] == pytest.approx(row.score)
        assert cell["band"] == row.band
    # by hand: 5 x 5 = 25 / 25 = 1.0, high; 1 x 2 = 2 / 25 = 0.08, low;
    # 2 x 2 = 4 / 25 = 0.16, medium
    assert matrix.loc[(5, 5), "band"] == "high"
    assert matrix.loc[(1, 2), "band"] == "low"
    assert matrix.loc[(2, 2), "band"] == "medium"


def test_matrix_rejects_bad_levels_and_bands():
    """Are zero levels and unordered bands refused with the parameter named?"""
    with pytest.raises(ValueError, match="impact_levels must be a whole number"):
        probability_impact_matrix(5, 0)
    with pytest.raises(ValueError, match="increasing lower bounds"):
        probability_impact_matrix(bands=((0.0, "low"), (0.5, "high"), (0.2, "x")))
