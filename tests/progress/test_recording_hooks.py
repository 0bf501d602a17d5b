"""Do the self-checks and the practice exam record into the progress file?"""

from __future__ import annotations

import pytest

from pmcourse import progress
from pmcourse.widgets.capm import PracticeExam
from pmcourse.widgets.quiz import SelfCheck


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path / "progress"))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    return progress.default_store()


def _check(**kw):
    return SelfCheck("What is CPI?", ["EV/AC", "EV/PV"], 0, "CPI = EV/AC.", **kw)


def test_self_check_answers_are_recorded(store):
    """Are a wrong then a right pick recorded, with the lesson's questions?"""
    q = _check(lesson="04_earned_value")
    q.choose(1)
    q.choose(0)
    rows = store.table("self_checks")
    assert rows[["lesson", "chosen", "correct", "attempt"]].values.tolist() == [
        ["04_earned_value", 1, 0, 1],
        ["04_earned_value", 0, 1, 2],
    ]
    shown = store.table("questions")
    assert shown["text"].tolist() == ["What is CPI?"]
    summary = progress.self_check_summary(store)
    assert summary["right_first_time"].tolist() == [False]


def test_the_lesson_comes_from_jupyterlab(store, monkeypatch):
    """Does a self-check find its lesson from the notebook JupyterLab runs?"""
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/ada/notebooks/04_earned_value.ipynb")
    _check().choose(0)
    assert store.table("self_checks")["lesson"].tolist() == ["04_earned_value"]


def test_nothing_is_recorded_without_a_lesson(store):
    """Outside a notebook, is nothing recorded?"""
    _check().choose(0)
    assert not store.path.exists() or store.table("self_checks").empty


def test_practice_exam_answers_are_recorded_on_submit(store):
    """Are a submitted exam's answered items recorded, right and wrong, each
    with the seconds it was shown until it was answered?"""
    now = [0.0]
    app = PracticeExam(questions=4, seed=7, timed=False, clock=lambda: now[0])
    app.start()
    now[0] = 12.0
    app.answer(app.items[0].answer)  # question 1: 12 s
    now[0] = 15.0
    app.goto(3)
    now[0] = 55.0
    wrong = "-1" if app.items[2].type == "numeric" else None
    if wrong is None:
        wrong = next(o for o in app.items[2].options if o not in app.items[2].answer)
    app.answer(wrong)  # question 3: 40 s, wrong
    now[0] = 600.0
    app.submit()
    rows = store.table("practice")
    assert rows["item"].tolist() == [app.items[0].id, app.items[2].id]
    assert rows["correct"].tolist() == [1, 0]
    assert rows["mode"].unique().tolist() == ["exam"]
    assert rows["seconds"].tolist() == [pytest.approx(12.0), pytest.approx(40.0)]
    app.submit()  # a second submit records nothing new
    assert len(store.table("practice")) == len(rows)
