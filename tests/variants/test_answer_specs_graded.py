"""ps06, ps07 and ps09 graded for real, with few notebooks (slow).

One copy of the course grades, per assignment, four notebooks: the model
solution rounded as a person rounds (later parts from rounded values), the
untouched release, and two notebooks that each carry one listed common
mistake in every other part (the parts with mistakes alternate between
them). ``pmcourse autograde`` grades all four, plain ``nbgrader autograde``
three; every listed mistake is also checked on its own, in memory, by
``test_answer_specs.py``.
"""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass

import pytest
from test_answer_specs import (
    ONE_NOTEBOOK_FOR_MANY,
    REPO,
    _by_cell,
    _scores,
    _spec,
    _test_error,
)
from test_variants_graded import _cli

from pmcourse.grading.answer_key import key_notebook
from pmcourse.grading.course import Course, copy_course, jupyter_env, run_nbgrader
from pmcourse.grading.submissions import FakeStudent, _nbgrader, read_notebook, submit
from pmcourse.variants import spec as answer_spec

pytestmark = pytest.mark.slow

ASSIGNMENTS = sorted(ONE_NOTEBOOK_FOR_MANY)
MISTAKE_NOTEBOOKS = ("mistakes-a", "mistakes-b")


def _mistake_sets(assignment: str) -> dict[str, dict[str, tuple[str, str, object]]]:
    """Two sets of mistakes, one per part, alternating between the parts.

    Returns notebook name to ``grade_id`` to (answer name, sentence, value).
    """
    spec = _spec(assignment)
    judged = spec.judge({})
    sets: dict[str, dict[str, tuple[str, str, object]]] = {
        name: {} for name in MISTAKE_NOTEBOOKS
    }
    with_mistakes = [p for p in spec.parts if any(a.mistakes for a in p.answers)]
    for index, part in enumerate(with_mistakes):
        entry = next(e for e in judged[part.grade_id] if e["mistakes"])
        mistake = entry["mistakes"][0]
        target = MISTAKE_NOTEBOOKS[index % 2]
        sets[target][part.grade_id] = (entry["name"], mistake["says"], mistake["value"])
    return sets


def _notebook(assignment: str, released, values: dict):
    """The release with these values typed in (a table as a DataFrame)."""
    nb = key_notebook(released, _by_cell(REPO, assignment, values))
    tables = [
        a.name for p in _spec(assignment).parts for a in p.answers if a.kind == "table"
    ]
    for cell in nb.cells:
        lines = cell.source.splitlines()
        for i, line in enumerate(lines):
            for name in tables:
                if line.startswith(f"{name} = "):
                    rows = line.removeprefix(f"{name} = ")
                    lines[i] = (
                        f'{name} = pd.DataFrame.from_dict({rows}, orient="index")'
                    )
        cell.source = "\n".join(lines)
    return nb


@dataclass
class Graded:
    assignment: str
    course: Course
    plain: Course
    points: dict[str, float]
    mistakes: dict[str, dict[str, tuple[str, str, object]]]


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded(request, tmp_path_factory) -> Graded:
    assignment = request.param
    tmp = tmp_path_factory.mktemp(f"few-{assignment}")
    home = tmp / "home"
    spec = _spec(assignment)
    released = read_notebook(REPO.release_dir(assignment) / f"{assignment}.ipynb")
    rounded = answer_spec.rounded_answers(spec, {})
    mistakes = _mistake_sets(assignment)
    notebooks = {
        "untouched": released,
        "rounded": _notebook(assignment, released, rounded),
    }
    for name, chosen in mistakes.items():
        values = dict(rounded)
        for answer, _says, value in chosen.values():
            values[answer] = value
        notebooks[name] = _notebook(assignment, released, values)
    course = copy_course(REPO, tmp / "pm")
    done = _cli(course, home, "release", assignment, "--no-exchange")
    assert done.returncode == 0, done.stdout + done.stderr
    for student, nb in notebooks.items():
        submit(course, assignment, FakeStudent(student, {assignment: nb}))
    sandbox = [] if shutil.which("bwrap") else ["--no-sandbox"]
    done = _cli(course, home, "autograde", assignment, "--quiet", *sandbox)
    assert done.returncode == 0, done.stdout + done.stderr
    args = [a for s in MISTAKE_NOTEBOOKS for a in ("--student", s)]
    done = _cli(course, home, "feedback", assignment, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    # Plain nbgrader autograde: the rounded, the untouched and one with mistakes.
    plain = copy_course(REPO, tmp / "plain")
    env = jupyter_env(home)
    run_nbgrader(plain, ["generate_assignment", assignment, "--force"], env=env)
    for student in ("rounded", "untouched", MISTAKE_NOTEBOOKS[0]):
        submit(
            plain, assignment, FakeStudent(student, {assignment: notebooks[student]})
        )
    run_nbgrader(plain, ["autograde", assignment, "--force"], env=env)
    points = {
        _nbgrader(c)["grade_id"]: float(_nbgrader(c).get("points", 0))
        for c in released.cells
        if c.cell_type == "code" and _nbgrader(c).get("grade")
    }
    return Graded(assignment, course, plain, points, mistakes)


def test_graded_rounded_work_earns_every_point_and_the_release_none(graded):
    """Under ``pmcourse autograde`` and plain ``nbgrader autograde``, does the
    model solution rounded as a person rounds earn every autograded point,
    and the untouched release none?"""
    full = sum(graded.points.values())
    for course in (graded.course, graded.plain):
        scores = _scores(course, graded.assignment, "rounded")
        assert sum(scores.values()) == pytest.approx(full), scores
        assert sum(_scores(course, graded.assignment, "untouched").values()) == 0


def test_graded_mistakes_lose_only_their_parts_and_the_feedback_names_them(graded):
    """In a notebook carrying mistakes in several parts, does each of those
    parts, and only those, lose its points in both graders, and does the
    feedback name each mistake in its part?"""
    for student, chosen in graded.mistakes.items():
        assert len(chosen) >= 2, (student, chosen)
        scores = _scores(graded.course, graded.assignment, student)
        lost = {k for k, v in scores.items() if v < graded.points[k]}
        assert lost == set(chosen), (student, lost)
        page = graded.course.feedback_dir(student, graded.assignment)
        text = html.unescape(
            (page / f"{graded.assignment}.html").read_text(encoding="utf-8")
        )
        assert "_spec.grade" not in text and "answers.py" not in text
        for grade_id, (answer, says, _value) in chosen.items():
            said = _test_error(graded.course, graded.assignment, student, grade_id)
            assert f"`{answer}`: {says}." in said, (student, grade_id, said)
            assert said.split(": ", 1)[-1] in text, (student, grade_id)
    first = MISTAKE_NOTEBOOKS[0]
    plain = _scores(graded.plain, graded.assignment, first)
    assert plain == _scores(graded.course, graded.assignment, first)
