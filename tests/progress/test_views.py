"""Do "My progress" and adaptive practice show what the learner did (issue 20)?"""

from __future__ import annotations

import pandas as pd
import pytest

from pmcourse import progress
from pmcourse.capm.standing import standing
from pmcourse.widgets.adaptive_practice import AdaptivePracticeApp
from pmcourse.widgets.progress_view import MyProgress


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path / "progress"))
    return progress.default_store()


def test_standing_points_at_the_weak_task():
    """After misses in task 2.3 only, is it first of the next three?"""
    misses = pd.DataFrame(
        {"item": "F-EVM-01", "domain": 2, "task": "2.3", "correct": [False] * 5}
    )
    hits = pd.DataFrame(
        {"item": "F-CHAN-01", "domain": 1, "task": "1.3", "correct": [True] * 5}
    )
    s = standing(pd.concat([misses, hits], ignore_index=True))
    assert len(s.next_steps) == 3
    assert s.next_steps[0].startswith("Task 2.3")
    assert s.domains.loc[2, "ability"] < 0 < s.domains.loc[1, "ability"]
    assert s.domains.loc[2, "answered"] == 5
    assert s.tasks.loc["2.3", "p_below"] > s.tasks.loc["1.3", "p_below"]


def test_items_gone_from_the_bank_still_count():
    """After a course update, do answers to removed items count by level?"""
    old = pd.DataFrame(
        {
            "item": ["D3-999"],
            "domain": [3],
            "task": ["3.2"],
            "difficulty": [3],
            "correct": [True],
        }
    )
    s = standing(old)
    assert s.answered == 1 and s.domains.loc[3, "ability"] > 0


def test_my_progress_shows_lessons_checks_domains_and_next_steps(store):
    """Does the view show what was recorded, and refresh after more work?"""
    store.record_self_check("04_earned_value", "q1", 1, True, 1)
    store.record_self_check("04_earned_value", "q2", 0, False, 1)
    view = MyProgress()
    text = view.html.value
    assert "1 of 2 right first time" in text
    assert "Practise next" in text and "Readiness" in text
    assert "below target" in text or "target" in text
    store.record_practice([{"item": "F-EVM-01", "domain": 2, "correct": False}])
    view.update()
    assert view.result.answered == 1
    compact = MyProgress(compact=True)
    assert "Outline tasks" not in compact.html.value


def test_adaptive_app_records_each_answer_with_its_time(store):
    """Is each adaptive answer recorded with the seconds it took?"""
    now = [0.0]
    app = AdaptivePracticeApp(rng=4, resume=False, clock=lambda: now[0])
    now[0] = 12.5
    app.controls["answer"].value = str(app.item.answer)
    app.next_question()
    now[0] = 20.0
    app.controls["answer"].value = "no idea"
    rows = store.table("practice")
    assert rows["mode"].tolist() == ["adaptive", "adaptive"]
    assert rows["correct"].tolist() == [1, 0]
    assert rows["seconds"].tolist() == [12.5, 7.5]
    assert "Not quite" in app.feedback.value


def test_adaptive_app_resumes_from_earlier_answers(store):
    """Does a learner coming back start from their earlier answers?"""
    store.record_practice([{"item": "F-EVM-01", "domain": 2, "correct": False}] * 6)
    app = AdaptivePracticeApp(rng=1)
    assert app.practice.planner.tracker.answered[1] == 6
    assert app.practice.readiness().domains.loc[2, "ability"] < 0


def test_my_progress_shows_exercises_validated_and_lessons_opened(store):
    """Does the view list each exercise's last Validate, with its failing parts,
    and a lesson that was only opened?"""
    store.record_lesson("03_scheduling", "opened")
    store.record_validation("ps04_earned_value", 0, 1, {"check_baseline": False})
    store.record_validation(
        "ps04_earned_value", 1, 2, {"check_baseline": True, "check_variances": False}
    )
    text = MyProgress().html.value
    assert "Exercises validated:</b> 1." in text
    assert "<td>ps04_earned_value</td>" in text and "1 of 2" in text
    assert "<td>check_variances</td>" in text
    assert "<td>03_scheduling</td><td>0</td><td>0</td><td>opened</td>" in text
