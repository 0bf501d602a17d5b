"""Tests for loading the bank, drawing items and assembling exams."""

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from pmcourse.capm import (
    FAMILIES,
    Item,
    assemble_exam,
    domain_counts,
    draw,
    load_bank,
)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_load_bank_columns_and_one_row_per_family(bank):
    """Does load_bank give the documented columns and each family once?"""
    for column in (
        "id",
        "domain",
        "task",
        "type",
        "stem",
        "options",
        "answer",
        "explanation",
        "difficulty",
        "lesson",
        "family",
    ):
        assert column in bank.columns
    families = bank.loc[bank["family"], "id"]
    assert sorted(families) == sorted(FAMILIES)
    assert bank["family"].dtype == bool
    assert set(bank.loc[~bank["family"], "source"]) <= {
        "d1_fundamentals.yaml",
        "d2_predictive.yaml",
        "d3_agile.yaml",
        "d4_business_analysis.yaml",
    }


def test_load_bank_returns_a_fresh_table(bank):
    """Can a caller change its table without changing the next load?"""
    table = load_bank()
    table.loc[:, "stem"] = "changed"
    assert (load_bank()["stem"] != "changed").all()


def test_draw_static_item_keeps_its_letters(bank):
    """Is a static item drawn exactly as written, whatever the rng?"""
    row = bank.loc[~bank["family"]].iloc[0]
    a, b = draw(row["id"], rng=1), draw(row["id"], rng=99)
    assert a == b and not a.family and a.seed is None
    assert a.options == row["options"] and a.stem == row["stem"]


def test_draw_unknown_id():
    """Does draw name an unknown id?"""
    with pytest.raises(KeyError, match="D9-999"):
        draw("D9-999")


# --- domain counts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        # 150: quotas 54, 25.5, 30, 40.5 -> the spare seat goes to the heavier
        # of the tied remainders, domain 4
        (150, {1: 54, 2: 25, 3: 30, 4: 41}),
        # 10: quotas 3.6, 1.7, 2.0, 2.7 -> floors 3, 1, 2, 2; two seats to the
        # .7 remainders (domains 4 and 2)
        (10, {1: 3, 2: 2, 3: 2, 4: 3}),
        (1, {1: 1, 2: 0, 3: 0, 4: 0}),
    ],
)
def test_domain_counts_by_hand(n, expected):
    """Does largest-remainder rounding split n as worked out by hand?"""
    assert domain_counts(n) == expected


def test_domain_counts_with_weights():
    """Do custom weights (mapping or sequence) steer the split?"""
    assert domain_counts(8, {3: 1}) == {1: 0, 2: 0, 3: 8, 4: 0}
    assert domain_counts(9, [1, 1, 1, 0]) == {1: 3, 2: 3, 3: 3, 4: 0}
    for bad in ({5: 1}, [1, 1], [0, 0, 0, 0], [-1, 1, 1, 1]):
        with pytest.raises(ValueError, match="weights"):
            domain_counts(10, bad)
    with pytest.raises(ValueError, match="n must be"):
        domain_counts(0)


# --- exams ---------------------------------------------------------------------


def test_exam_is_stratified_distinct_and_reproducible(bank):
    """Is an exam split by domain, free of repeats and the same for one seed?"""
    exam = assemble_exam(60, rng=11)
    assert all(isinstance(i, Item) for i in exam)
    assert len({i.id for i in exam}) == 60
    assert Counter(i.domain for i in exam) == Counter(domain_counts(60))
    again = assemble_exam(60, rng=11)
    assert again == exam
    other = assemble_exam(60, rng=12)
    assert [i.id for i in other] != [i.id for i in exam]


def test_exam_from_generator_and_family_seeds():
    """Does a Generator seed reproduce, and can each family item be redrawn?"""
    a = assemble_exam(30, rng=np.random.default_rng(3))
    b = assemble_exam(30, rng=np.random.default_rng(3))
    assert a == b
    for item in a:
        if item.family:
            assert draw(item.id, item.seed) == item


def test_full_length_exam(bank):
    """Can the bank give a 150-question exam in the outline's proportions?"""
    exam = assemble_exam(150, rng=0)
    assert Counter(i.domain for i in exam) == Counter({1: 54, 2: 25, 3: 30, 4: 41})


def test_exam_refuses_more_than_the_bank_holds(bank):
    """Does asking for too many items raise, naming the short domain?"""
    with pytest.raises(ValueError, match="domain"):
        assemble_exam(len(bank) + 1, rng=0)
    d4 = int((bank["domain"] == 4).sum())
    with pytest.raises(ValueError, match="domain 4 needs"):
        assemble_exam(d4 + 1, rng=0, weights={4: 1})


def test_exam_from_a_custom_bank():
    """Does assemble_exam draw from a given table, static rows and families?"""
    rows = []
    for k in range(4):
        rows.append(
            {
                "id": f"D{k + 1}-9{k}0",
                "domain": k + 1,
                "task": f"{k + 1}.1",
                "type": "numeric",
                "scenario": False,
                "stem": f"Question {k}?",
                "options": {},
                "answer": float(k),
                "explanation": "Because.",
                "distractors": {},
                "difficulty": 1,
                "lesson": "09_capm_practice",
                "family": False,
                "tolerance": 0.0,
                "unit": "points",
                "source": "test",
            }
        )
    family_row = load_bank().set_index("id").loc["F-COM-01"].to_dict()
    rows.append({**family_row, "id": "F-COM-01"})
    table = pd.DataFrame(rows)
    exam = assemble_exam(5, rng=2, weights=[1, 1, 1, 1], bank=table)
    assert sorted(i.id for i in exam) == sorted(table["id"])
    static = next(i for i in exam if i.id == "D3-920")
    assert static.answer == 2.0 and static.tolerance == 0.0
    assert next(i for i in exam if i.id == "F-COM-01").family
