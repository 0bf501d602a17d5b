"""Do lessons record that they were opened and finished?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmcourse import progress
from pmcourse.widgets import LessonMark

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[01][0-9]_*.ipynb"))


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path / "progress"))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    return progress.default_store()


def _code(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_setup_cell_marks_opened_and_last_cell_shows_the_finished_mark(path):
    """Does the setup cell make the lesson's mark, and the last cell show it?"""
    code = _code(path)
    assert "lesson_mark = LessonMark()" in code[0]
    assert code[-1].split("#")[0].strip() == "lesson_mark"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert cells[-1]["cell_type"] == "code", "the finished mark is the last cell"


def test_opening_and_finishing_a_lesson_in_jupyterlab_are_recorded(store, monkeypatch):
    """Run in JupyterLab, does the mark record 'opened', and the button
    'finished', and does My progress's summary then count the lesson done?"""
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/ada/notebooks/05_risk.ipynb")
    mark = LessonMark()
    assert mark.opened
    summary = progress.lessons_summary(store)
    assert summary.loc["05_risk", ["opened", "finished", "done"]].tolist() == [
        True,
        False,
        False,
    ]
    mark.button.click()
    assert mark.finished and mark.button.disabled
    assert "finished 05_risk" in mark.status.value
    assert store.table("lessons")["event"].tolist() == ["opened", "finished"]
    assert bool(progress.lessons_summary(store).loc["05_risk", "done"])


def test_outside_jupyterlab_nothing_is_recorded(store):
    """Executed outside JupyterLab (a site build, a test), is nothing recorded?"""
    mark = LessonMark()
    assert not mark.opened and not mark.finish()
    assert "not running in JupyterLab" in mark.status.value
    assert not store.path.exists()
