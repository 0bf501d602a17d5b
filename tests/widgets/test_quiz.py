"""Tests of the self-check question widget (pmcourse.widgets.quiz)."""

import pytest

from pmcourse.widgets import SelfCheck


@pytest.fixture
def question():
    return SelfCheck(
        "Which tasks have zero total float?",
        ["All of them", "The critical ones", "None"],
        answer=1,
        explanation="Zero total float is what makes a task critical.",
        hints=["Some tasks can slip.", "", "Look at the critical path."],
    )


def test_right_answer_is_confirmed_with_the_explanation(question):
    """Does the right answer get a green mark and the explanation?"""
    assert question.choose(1) is True
    assert question.correct is True
    assert question.buttons[1].button_style == "success"
    assert "Right." in question.feedback.value
    assert "makes a task critical" in question.feedback.value


def test_wrong_answer_shows_its_hint_then_the_answer(question):
    """Does a wrong pick show its hint, and a second wrong pick reveal the answer?"""
    assert question.choose(0) is False
    assert question.buttons[0].button_style == "danger"
    assert "Some tasks can slip." in question.feedback.value
    assert "makes a task critical" not in question.feedback.value
    question.choose(2)
    assert "The answer is <b>B. The critical ones</b>" in question.feedback.value
    assert question.attempts == 2


def test_button_click_answers(question):
    """Does clicking a button do what choose() does?"""
    question.buttons[1].click()
    assert question.selected == 1 and question.correct


def test_answer_can_be_given_as_text():
    """Can the answer and a choice be given as the option's text?"""
    q = SelfCheck("2 + 2?", ["3", "4"], answer="4", explanation="Arithmetic.")
    assert q.answer == 1
    assert q.choose("4")


@pytest.mark.parametrize(
    ("options", "answer", "hints", "match"),
    [
        (["only one"], 0, None, "2 to"),
        (["a", "b"], 2, None, "not an option position"),
        (["a", "b"], "c", None, "not one of the options"),
        (["a", "b"], True, None, "position or text"),
        (["a", "b"], 0, ["one hint"], "one hint per option"),
    ],
)
def test_bad_questions_are_rejected(options, answer, hints, match):
    """Are malformed questions rejected with a clear ValueError?"""
    with pytest.raises(ValueError, match=match):
        SelfCheck("Q?", options, answer, "E.", hints=hints)


def test_choosing_an_unknown_option_is_rejected(question):
    """Is choosing an option that does not exist a ValueError?"""
    with pytest.raises(ValueError, match="not one of the options"):
        question.choose("Maybe")


def test_it_displays_as_a_widget(question):
    """Does the question display as a widget with a button per option?"""
    assert "application/vnd.jupyter.widget-view+json" in question._repr_mimebundle_()
    assert all(b in question.widget.children for b in question.buttons)


def test_dollar_amounts_stay_money_not_maths():
    """Are "$400,000 ... $40,000" escaped so they are not typeset as maths?"""
    q = SelfCheck(
        "Estimates total $400,000 and contingency $40,000; is $x^2$ maths?",
        ["$440,000", "$400,000"],
        answer=0,
        explanation="Baseline = $400,000 + $40,000.",
        hints=["", "Add the $40,000."],
    )
    title = q.widget.children[0].value
    assert r"\$400,000" in title and r"\$40,000" in title
    assert "$x^2$" in title, "maths that does not start with a digit is kept"
    q.choose(1)
    assert r"Add the \$40,000." in q.feedback.value
    q.choose(0)
    assert r"= \$400,000 + \$40,000." in q.feedback.value
    assert q.buttons[0].description == "A. $440,000", "button labels are plain text"
