"""Tests for scoring a practice exam (pmcourse.capm.practice)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.capm import Item, assemble_exam, draw, grade
from pmcourse.capm.practice import (
    EXAM_SCORED,
    describe_response,
    exam_minutes,
    is_blank,
    score_exam,
    why_wrong,
)


def _single(item_id, domain, answer="B"):
    return Item(
        id=item_id,
        domain=domain,
        task=f"{domain}.1",
        type="single",
        scenario=False,
        stem=f"Question {item_id}?",
        options={"A": "alpha", "B": "bravo", "C": "charlie", "D": "delta"},
        answer=answer,
        explanation=f"{answer} is right because of reason {item_id}.",
        distractors={
            x: f"{x} is wrong because of reason {item_id}{x}."
            for x in "ABCD"
            if x != answer
        },
        difficulty=1,
        lesson="01_lifecycles",
    )


MULTI = Item(
    "D4-900", 4, "4.3", "multiple", False, "Choose two.",
    {"A": "a", "B": "b", "C": "c", "D": "d", "E": "e"}, ("A", "D"),
    "A and D are right.", {"B": "B is wrong.", "C": "C is wrong.", "E": "E no."},
    2, "08_business_analysis",
)  # fmt: skip
NUMERIC = Item(
    "D2-900", 2, "2.3", "numeric", False, "What is the CV?", {}, -6000.0,
    "CV = EV - AC.", {}, 1, "04_earned_value", tolerance=0.5, unit="dollars",
)  # fmt: skip


@pytest.fixture
def exam():
    """Eight questions: 4 in domain 1, 2 in domain 2, 1 in domains 3 and 4."""
    return [
        _single("D1-901", 1),
        _single("D1-902", 1, "A"),
        _single("D1-903", 1, "C"),
        _single("D1-904", 1, "D"),
        _single("D2-901", 2),
        NUMERIC,
        _single("D3-901", 3),
        MULTI,
    ]


def test_exam_minutes_follow_the_real_pace():
    """Is the time 1.2 minutes a question, rounded up (180 for 150)?"""
    assert exam_minutes(150) == 180
    assert exam_minutes(10) == 12
    assert exam_minutes(11) == 14  # 13.2 rounds up
    assert exam_minutes(5) == 6
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="n must be"):
            exam_minutes(bad)


def test_scores_by_domain_counted_by_hand(exam):
    """Do the domain scores match a count made by hand?"""
    responses = [
        "B",  # D1 right
        "C",  # D1 wrong
        None,  # D1 blank
        "d",  # D1 right (case ignored)
        "B",  # D2 right
        "-6000.4",  # D2 right, within 0.5
        "A",  # D3 wrong
        "D, A",  # D4 right
    ]
    report = score_exam(exam, responses, pass_mark=0.6)
    table = report.by_domain
    assert table.loc[1, ["questions", "answered", "correct"]].tolist() == [4, 3, 2]
    assert table.loc[2, "correct"] == 2 and table.loc[3, "correct"] == 0
    assert table["score"].to_dict() == {1: 0.5, 2: 1.0, 3: 0.0, 4: 1.0}
    assert table["above_line"].to_dict() == {1: False, 2: True, 3: False, 4: True}
    assert (report.correct, report.answered, report.n) == (5, 7, 8)
    assert report.score == pytest.approx(5 / 8)
    assert report.above_line is True  # 62.5 % >= 60 %


def test_lost_on_exam_weighs_the_error_rate_by_the_outline(exam):
    """Is the cost of a domain weight x 135 x share wrong (36 % of 135 = 48.6)?"""
    report = score_exam(exam, ["B", "C", None, "D", "B", "0", "A", "A, D"])
    lost = report.by_domain["lost_on_exam"]
    assert lost[1] == pytest.approx(0.36 * EXAM_SCORED * 0.5)
    assert lost[2] == pytest.approx(0.17 * EXAM_SCORED * 0.5)
    assert lost[3] == pytest.approx(0.20 * EXAM_SCORED)
    assert lost[4] == 0
    assert report.weakest == 3  # 27 questions at stake beat 24.3 and 11.5


def test_missed_questions_carry_both_explanations(exam):
    """Does each missed question say why the key is right and the pick wrong?"""
    responses = ["C", "A", "C", "D", "B", "-5000", "", ["A", "B"]]
    report = score_exam(exam, responses, flagged=[1, 7])
    missed = report.missed.set_index("number")
    assert list(missed.index) == [1, 6, 7, 8]
    assert missed.loc[1, "why_right"] == "B is right because of reason D1-901."
    assert missed.loc[1, "why_wrong"] == "C: C is wrong because of reason D1-901C."
    assert missed.loc[1, "your_answer"] == "C. charlie"
    assert missed.loc[1, "correct_answer"] == "B. bravo"
    assert missed.loc[1, "flagged"] and missed.loc[7, "flagged"]
    assert "1000 away from -6000" in missed.loc[6, "why_wrong"]
    assert "left it blank" in missed.loc[7, "why_wrong"]
    assert missed.loc[8, "why_wrong"] == (
        "B: B is wrong. You left out D: the question needs exactly A, D."
    )
    assert report.questions["flagged"].sum() == 2


def test_why_wrong_is_empty_for_a_right_answer_and_reads_bad_numbers():
    """Is a right answer given no reason, and a non-number called one?"""
    assert why_wrong(NUMERIC, "-6000") == ""
    assert "could not be read as a number" in why_wrong(NUMERIC, "six")
    assert why_wrong(_single("D1-905", 1), "Z") == "Z is not one of the options."


def test_blank_and_described_responses():
    """Are blanks recognised and responses written out in words?"""
    assert all(is_blank(x) for x in (None, "", "  ", [], float("nan")))
    assert not any(is_blank(x) for x in ("A", 0, 0.0, ["A"]))
    assert describe_response(MULTI, "d,a") == "A. a; D. d"
    assert describe_response(NUMERIC, " 12 ") == "12 dollars"


def test_bad_input_is_named(exam):
    """Are mismatched responses, bad flags and a percentage pass mark refused?"""
    with pytest.raises(ValueError, match="one response per item"):
        score_exam(exam, ["A"])
    with pytest.raises(ValueError, match="flagged question 9"):
        score_exam(exam, [None] * 8, flagged=[9])
    with pytest.raises(ValueError, match="0.7, not 70"):
        score_exam(exam, [None] * 8, pass_mark=70)
    with pytest.raises(ValueError, match="at least one question"):
        score_exam([], [])


def test_a_real_exam_scores_its_keys_full_and_blanks_zero():
    """Does a drawn exam answered with its keys score 100 %, and blank 0 %?"""
    items = assemble_exam(24, rng=5)
    full = score_exam(items, [item.answer for item in items])
    assert full.score == 1 and full.missed.empty
    assert (full.by_domain["questions"].sum(), full.by_domain.index.tolist()) == (
        24,
        [1, 2, 3, 4],
    )
    empty = score_exam(items, [None] * 24)
    assert empty.score == 0 and len(empty.missed) == 24


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["A", "B", "C", "D", None]), min_size=8, max_size=8))
def test_correct_count_matches_grade(picks):
    """Whatever the picks, is the count of right answers the count grade() finds?"""
    items = [draw(i, rng=3) for i in ("F-EVM-01", "F-COM-01")] + [
        _single(f"D1-9{k:02d}", 1 + k % 4) for k in range(6)
    ]
    report = score_exam(items, picks)
    expected = sum(
        p is not None and grade(i, p) for i, p in zip(items, picks, strict=True)
    )
    assert report.correct == expected
    assert 0 <= report.score <= 1
    assert len(report.missed) == len(items) - expected
