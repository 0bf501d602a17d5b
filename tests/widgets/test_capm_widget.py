"""Tests of the CAPM practice exam widget (pmcourse.widgets.capm)."""

import numpy as np
import pytest

from pmcourse.capm import grade, load_bank
from pmcourse.plots.capm import DOMAIN_LABELS
from pmcourse.widgets.capm import PracticeExam, ScoreReport


class FakeClock:
    """A clock the test moves by hand, in seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(bank, clock):
    exam = PracticeExam(questions=12, seed=11, minutes=15, clock=clock, bank=bank)
    exam.start()
    return exam


def _wrong(item):
    """A well-formed wrong answer to an item."""
    if item.type == "single":
        return next(x for x in item.options if x != item.answer)
    if item.type == "multiple":
        return [x for x in item.options if x not in item.answer][:2]
    return str(float(item.answer) + 10 * (item.tolerance or 0) + 7)


def test_same_seed_same_exam_new_seed_new_exam(app, bank, clock):
    """Does the seed reproduce an exam, and does New exam draw another?"""
    other = PracticeExam(questions=12, seed=11, clock=clock, bank=bank)
    other.start()
    assert [i.id for i in other.items] == [i.id for i in app.items]
    assert [i.stem for i in other.items] == [i.stem for i in app.items]
    ids = [i.id for i in app.items]
    app.new_exam()
    assert app.seed != 11 and [i.id for i in app.items] != ids
    app.retake()
    assert app.responses == [None] * 12 and app.phase == "exam"


def test_only_the_chosen_domains_are_drawn(bank, clock):
    """Does a domain-3-and-4 exam hold only agile and business-analysis items?"""
    exam = PracticeExam(questions=10, domains=(3, 4), seed=2, clock=clock, bank=bank)
    exam.start()
    assert {i.domain for i in exam.items} == {3, 4}
    # weights 20:27 -> 4 agile and 6 business analysis (largest remainder)
    assert [i.domain for i in exam.items].count(3) == 4


def test_scores_by_domain_when_one_domain_is_answered_wrong(app):
    """Answering every question right except domain 2's: is domain 2 at 0 % and
    every other domain at 100 %, with one explanation per missed question?"""
    for number, item in enumerate(app.items, start=1):
        app.goto(number)
        app.answer(_wrong(item) if item.domain == 2 else item.answer)
    report = app.submit()
    table = report.by_domain
    wrong = [i for i in app.items if i.domain == 2]
    assert table.loc[2, "score"] == 0 and table.loc[2, "questions"] == len(wrong)
    assert (table.drop(index=2)["score"] == 1).all()
    assert report.correct == 12 - len(wrong)
    assert list(report.missed["id"]) == [i.id for i in wrong]
    for (_, row), item in zip(report.missed.iterrows(), wrong, strict=True):
        assert row["why_right"] == item.explanation
        assert row["why_wrong"]  # the chosen distractor's note, or the gap
        if item.type == "single":
            assert item.distractors[_wrong(item)] in row["why_wrong"]
    assert app.phase == "report" and app.result is report


def test_explanations_appear_in_the_report_widget(app):
    """Does the report show the table, the chart and each missed explanation?"""
    first, second = app.items[0], app.items[1]
    app.answer(_wrong(first), number=1)
    app.answer(second.answer, number=2)
    app.submit()
    feedback = app.report.feedback.value
    assert "Question 1</b>" in feedback and "Question 2</b>" not in feedback
    assert "Question 3</b>" in feedback  # left blank
    assert "left it blank" in feedback
    assert "Practice scoring, not PMI" in app.report.ax.get_xlabel()
    assert "not PMI's" in app.report.summary.value
    assert "exam questions at stake" in app.report.table.value
    assert app.report.image.png[:4] == b"\x89PNG"


def test_the_chart_draws_each_domain_score_and_the_line(app):
    """Are the bars the domain scores in percent, and the line the practice line?"""
    for number, item in enumerate(app.items, start=1):
        if number % 2:
            app.answer(item.answer, number=number)
    report = app.submit()
    ax = app.report.ax
    widths = {
        p.get_gid().split(":")[1]: p.get_width()
        for p in ax.patches
        if (p.get_gid() or "").startswith("score:")
    }
    expected = {str(d): 100 * s for d, s in report.by_domain["score"].items()}
    assert widths == pytest.approx(expected)
    line = next(ln for ln in ax.lines if ln.get_gid() == "practice_line")
    assert line.get_xdata()[0] == 70
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [DOMAIN_LABELS[d] for d in report.by_domain.index]


def test_moving_the_practice_line_updates_result_and_chart(app):
    """Does the pass-line slider move the line and the verdict of each domain?"""
    for number, item in enumerate(app.items, start=1):
        if number <= 6:
            app.answer(item.answer, number=number)
    app.submit()
    scores = app.result.by_domain["score"]
    app.report.controls["pass_mark"].value = 40
    assert app.report.result.pass_mark == 0.4
    assert (
        app.report.result.by_domain["above_line"].tolist() == (scores >= 0.4).tolist()
    )
    line = next(ln for ln in app.report.ax.lines if ln.get_gid() == "practice_line")
    assert line.get_xdata()[0] == 40
    assert "40% line" in app.report.ax.get_title(loc="left")


def test_controls_record_answers_like_a_learner(app):
    """Do the buttons, check boxes and text box record the answer shown?"""
    kinds = {}
    for number, item in enumerate(app.items, start=1):
        kinds.setdefault(item.type, number)
    app.goto(kinds["single"])
    item = app.items[kinds["single"] - 1]
    app.controls["choice"].value = item.answer
    assert app.responses[kinds["single"] - 1] == item.answer
    if "multiple" in kinds:
        app.goto(kinds["multiple"])
        for letter in app.items[kinds["multiple"] - 1].answer:
            app.checkboxes[letter].value = True
        assert app.responses[kinds["multiple"] - 1] == tuple(
            sorted(app.items[kinds["multiple"] - 1].answer)
        )
    app.controls["goto"].value = 5
    assert app.current == 5
    app.controls["flag"].value = True
    assert 5 in app.flags


def test_answers_of_each_type_are_graded(bank, clock):
    """Are single, multiple-select and numeric answers recorded and graded?"""
    # one item per domain: two choose-two items (keys A+E and C+D), two numbers
    ids = ["D1-010", "D2-017", "D3-011", "D4-009"]
    table = bank[bank["id"].isin(ids)]
    exam = PracticeExam(questions=4, seed=3, clock=clock, bank=table)
    exam.start()
    by_id = {item.id: k for k, item in enumerate(exam.items, start=1)}
    exam.answer("E, a", number=by_id["D1-010"])  # choose two, any order
    exam.answer("-6,000", number=by_id["D2-017"])  # a number with a comma
    exam.answer("7", number=by_id["D3-011"])  # 180 / 24 rounds up to 8: wrong
    exam.answer(["C"], number=by_id["D4-009"])  # only one of two: wrong
    report = exam.submit()
    right = report.questions.set_index("id")["correct"].to_dict()
    assert right == {"D1-010": True, "D2-017": True, "D3-011": False, "D4-009": False}


def test_bad_answers_are_refused_with_a_message(app):
    """Is a letter that is not an option refused, and a learner told why?"""
    single = next(k for k, i in enumerate(app.items, start=1) if i.type == "single")
    with pytest.raises(ValueError, match="not an option of question"):
        app.answer("Z", number=single)
    with pytest.raises(ValueError, match="from 1 to 12"):
        app.goto(13)
    app.goto(single)
    app.controls["goto"].value = 12  # fine
    assert app.current == 12


def test_flags_and_the_review_list(app):
    """Are flagged and blank questions listed and reachable for review?"""
    app.flag(number=3)
    app.flag(number=8)
    app.flag(number=3)  # toggles off
    app.flag(True, number=10)
    app.answer(app.items[0].answer, number=1)
    review = app.review()
    assert review.index.tolist() == list(range(1, 13))
    assert review.index[review["flagged"]].tolist() == [8, 10]
    assert review.loc[1, "answered"] and not review.loc[2, "answered"]
    app.goto(9)
    app.next_flagged()
    assert app.current == 10
    app.next_flagged()
    assert app.current == 8  # wraps round
    app.next_unanswered()
    assert app.current == 9
    assert "⚑" in app.review_strip.value
    report = app.submit()
    assert report.questions.loc[report.questions["flagged"], "number"].tolist() == [
        8,
        10,
    ]


def test_next_and_previous_stay_inside_the_exam(app):
    """Do Previous and Next move one question and stop at the ends?"""
    app.previous()
    assert app.current == 1 and app.buttons["previous"].disabled
    app.next()
    app.next()
    assert app.current == 3
    app.goto(12)
    app.next()
    assert app.current == 12 and app.buttons["next"].disabled


def test_time_running_out_ends_and_scores_the_exam(app, clock):
    """With the clock past the limit, does the next tick end and score the exam,
    counting unanswered questions as wrong, and refuse later answers?"""
    app.answer(app.items[0].answer, number=1)
    clock.now += 14 * 60
    app.tick()
    assert app.phase == "exam" and app.time_left() == pytest.approx(60)
    assert "time left 01:00" in app.timer.value
    clock.now += 61
    app.tick()
    assert app.phase == "report"
    assert app.result.timed_out and app.result.correct == 1
    assert app.result.answered == 1 and len(app.result.missed) == 11
    assert "Time ran out" in app.report.summary.value
    app.answer(app.items[1].answer, number=2)  # too late: ignored
    assert app.responses[1] is None


def test_any_action_after_the_deadline_submits(app, clock):
    """Does moving to another question after time is up end the exam?"""
    clock.now += 15 * 60 + 1
    app.next()
    assert app.phase == "report" and app.result.timed_out


def test_untimed_exam_never_times_out(bank, clock):
    """Does an untimed exam show elapsed time and keep going?"""
    exam = PracticeExam(questions=3, seed=1, timed=False, clock=clock, bank=bank)
    exam.start()
    clock.now += 10 * 3600
    exam.tick()
    assert exam.phase == "exam" and exam.time_left() is None
    assert "untimed" in exam.timer.value


def test_minutes_follow_the_number_of_questions(bank, clock):
    """Does changing the number of questions set the exam's pace of time?"""
    exam = PracticeExam(questions=10, clock=clock, bank=bank)
    assert exam.controls["minutes"].value == 12
    exam.controls["questions"].value = 150
    assert exam.controls["minutes"].value == 180
    exam.controls["timed"].value = False
    assert exam.controls["minutes"].disabled


def test_settings_errors_are_shown_not_raised_from_a_button(bank, clock):
    """Does Start with no domain chosen show a message instead of a traceback?"""
    exam = PracticeExam(questions=5, clock=clock, bank=bank)
    for d in (1, 2, 3, 4):
        exam.controls[f"domain_{d}"].value = False
    exam.buttons["start"].click()
    assert exam.phase == "setup"
    assert "choose at least one domain" in exam.notice.value
    with pytest.raises(ValueError, match="at least one domain"):
        exam.start()
    exam.controls["domain_3"].value = True
    exam.controls["questions"].value = 120
    exam.buttons["start"].click()
    assert "domain 3 needs 120" in exam.message
    with pytest.raises(ValueError, match="submitting"):
        exam.submit()


def test_phases_show_one_view_at_a_time(app):
    """Is only the current phase's part of the widget displayed?"""
    shown = lambda: [  # noqa: E731
        box.layout.display != "none"
        for box in (app.setup_box, app.exam_box, app.report_box)
    ]
    assert shown() == [False, True, False]
    app.submit()
    assert shown() == [False, False, True]
    app.settings()
    assert shown() == [True, False, False]
    assert app.widget is app.widget


def test_second_report_reuses_the_chart(app):
    """Does a retake's report replace the first one's numbers?"""
    app.submit()
    first = app.report
    app.retake()
    for number, item in enumerate(app.items, start=1):
        app.answer(item.answer, number=number)
    report = app.submit()
    assert app.report is first and report.score == 1
    assert all(grade(i, r) for i, r in zip(app.items, app.responses, strict=True))
    widths = [
        p.get_width() for p in app.report.ax.patches if p.get_gid().startswith("score")
    ]
    assert np.allclose(widths, 100)


def test_score_report_on_its_own():
    """Can a report be built from items and responses alone?"""
    from pmcourse.capm import draw

    items = [draw("F-COM-03", rng=1), draw("D1-010")]
    report = ScoreReport(items, [None, "A, E"], pass_mark=50, timed_out=True)
    assert report.result.correct == 1 and report.result.timed_out
    assert report.controls["pass_mark"].value == 50
    assert "Question 1</b>" in report.feedback.value
