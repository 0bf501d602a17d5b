"""Tests of a practice exam taken headless (pmcourse.capm.session)."""

from types import SimpleNamespace

import pytest

from pmcourse.capm import assemble_exam, grade, load_bank
from pmcourse.capm.session import (
    ExamSession,
    check_settings,
    number_warning,
)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture
def clock():
    """A clock the test moves by hand: ``clock.now`` seconds."""
    return SimpleNamespace(now=500.0)


def _session(bank, clock, seed):
    return ExamSession(seed=seed, clock=lambda: clock.now, bank=bank)


@pytest.fixture
def session(bank, clock):
    exam = _session(bank, clock, 5)
    exam.start(8, minutes=10)
    return exam


def test_the_exam_is_the_one_assemble_exam_draws(bank, session):
    """Does a session draw the same items as assemble_exam with its seed?"""
    expected = assemble_exam(8, rng=5, bank=bank)
    assert [i.id for i in session.items] == [i.id for i in expected]
    assert session.phase == "exam" and session.responses == [None] * 8


def test_answers_are_normalised_and_refused(session):
    """Are letters upper-cased and sorted, and letters that are no option refused?"""
    kinds = {}
    for number, item in enumerate(session.items, start=1):
        kinds.setdefault(item.type, number)
    k = kinds["single"]
    assert session.answer(session.items[k - 1].answer.lower(), k) == (
        k,
        session.items[k - 1].answer,
    )
    with pytest.raises(ValueError, match="not an option of question"):
        session.answer("Z", k)
    with pytest.raises(ValueError, match="takes one answer"):
        session.answer("A, B", k)
    assert session.answer("", k) == (k, None)


def test_flags_and_navigation_wrap_round(session):
    """Does the next flagged question after the last flag wrap to the first?"""
    assert session.flag(number=2) == (2, True)
    assert session.flag(number=6) == (6, True)
    session.goto(7)
    assert session.next_among(session.flags) == 2
    assert session.next_among(set()) is None
    assert session.flag(number=2) == (2, False)
    assert session.review()["flagged"].sum() == 1
    session.goto(8)
    assert session.next_number() == 8
    session.goto(1)
    assert session.previous_number() == 1
    with pytest.raises(ValueError, match="from 1 to 8"):
        session.goto(9)


def test_clock_and_score(session, clock):
    """Is the time left 10 minutes minus the time spent, and a full score 100 %?"""
    clock.now += 90
    assert session.time_left() == pytest.approx(510)
    assert session.elapsed() == pytest.approx(90)
    for number, item in enumerate(session.items, start=1):
        session.answer(item.answer, number)
    assert session.answered_count() == 8 and not session.unanswered()
    assert all(
        grade(i, r) for i, r in zip(session.items, session.responses, strict=True)
    )
    clock.now += 600
    assert session.time_is_up()
    report = session.submit(timed_out=True)
    assert report.score == 1 and report.timed_out
    assert session.submit() is report and session.phase == "report"


def test_each_question_is_timed_from_shown_to_answered(session, clock):
    """Is a question's time the seconds it was on screen until its last answer,
    counting every visit, and not the time spent elsewhere or after answering?"""
    first, second = session.items[0], session.items[1]
    clock.now += 20
    session.answer(first.answer)  # question 1, shown at the start, 20 s
    clock.now += 10  # still looking at question 1 after answering it
    session.goto(2)
    clock.now += 15
    session.goto(3)  # question 2 skipped after 15 s
    clock.now += 100  # question 3 left blank
    session.goto(2)
    clock.now += 30
    session.answer(second.answer)  # 15 + 30 s on question 2
    clock.now += 5
    session.goto(1)
    clock.now += 8
    session.answer(first.answer)  # changed its mind: 20 + 10 + 8 s
    assert session.item_seconds[:3] == [
        pytest.approx(38.0),
        pytest.approx(45.0),
        None,
    ]
    session.answer("", 1)  # cleared again: no time for a blank
    assert session.item_seconds[0] is None


def test_untimed_and_default_pace(bank, clock):
    """Is an untimed exam never up, and a timed one given 1.2 minutes a question?"""
    exam = _session(bank, clock, 1)
    exam.start(10, timed=False)
    clock.now += 10_000
    assert exam.time_left() is None and not exam.time_is_up()
    exam.start(10)
    assert exam.time_left() == pytest.approx(12 * 60)


def test_bad_settings_are_refused(bank, clock):
    """Are no domain, an unknown domain and 151 questions refused by name?"""
    exam = _session(bank, clock, 1)
    with pytest.raises(ValueError, match="at least one domain"):
        exam.start(5, domains=())
    with pytest.raises(ValueError, match="among 1-4"):
        check_settings(10, [5])
    with pytest.raises(ValueError, match="1 to 150"):
        check_settings(151, [1])
    with pytest.raises(ValueError, match="before submitting"):
        exam.submit()


def test_number_warning():
    """Is a number with commas accepted and a word flagged?"""
    assert number_warning("-6,000") == ""
    assert "does not read as a number" in number_warning("six")
