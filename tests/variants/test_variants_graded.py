"""Fifty students, each with their own numbers, graded for real.

For every assignment with per-student variants, in a temporary copy of the
course:

- each of 50 students hands in their own correct answers, written as plain
  numbers (what someone who worked them out by hand would type), and
  ``pmcourse autograde`` (sandboxed) grades them as that student;
- in a second copy each student hands in the *previous* student's notebook,
  so the same answers are graded as someone else;
- plain ``nbgrader autograde`` grades two of those submissions (one own,
  one copied) and must give the same scores as ``pmcourse autograde``.

A copied notebook must lose the points of every test whose answers differ
between the two students, and keep those whose answers happen to agree.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from pmcourse import doctor, variants
from pmcourse.grading.answer_key import AnswerKey, answer_key, key_notebook
from pmcourse.grading.course import Course, copy_course, jupyter_env, run_nbgrader
from pmcourse.grading.gradebook import cell_scores
from pmcourse.grading.prepare import bound_names, is_test, read_names
from pmcourse.grading.submissions import (
    FakeStudent,
    _nbgrader,
    read_notebook,
    submit,
)

pytestmark = pytest.mark.slow

REPO = Course(Path(__file__).resolve().parents[2])
ASSIGNMENTS = sorted(variants.SCENARIOS)
STUDENTS = [f"student{i:02d}" for i in range(50)]
NBGRADER_CHECKED = STUDENTS[:2]
JOBS = os.environ.get("PMCOURSE_TEST_JOBS", "4")


def _cli(course: Course, home: Path, *args: str) -> subprocess.CompletedProcess:
    # Without a working sandbox (no bubblewrap) the class, made by the test
    # itself, is graded with --no-sandbox; the confinement is tests/grading's.
    if args[0] == "autograde" and doctor.missing("sandbox"):
        args = (*args, "--no-sandbox")
    return subprocess.run(
        [sys.executable, "-m", "pmcourse.cli", "--course", str(course.root), *args],
        cwd=course.root,
        env=jupyter_env(home),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


def _place(course: Course, assignment: str, student: str, nb) -> None:
    submit(course, assignment, FakeStudent(student, {assignment: nb}))


def _scores(course: Course, assignment: str, student: str) -> dict[str, float]:
    return {
        c.grade_id: c.score
        for c in cell_scores(course.gradebook_url, assignment, student)
        if c.auto
    }


def _tests(course: Course, assignment: str) -> dict[str, tuple[float, set[str]]]:
    """Each autograded test: its points and the answer names it reads."""
    nb = read_notebook(course.source_dir(assignment) / f"{assignment}.ipynb")
    instructor: set[str] = set()
    tests = {}
    for cell in nb.cells:
        meta = _nbgrader(cell)
        if cell.cell_type != "code":
            continue
        if is_test(cell):
            names = read_names(cell.source) - bound_names(cell.source) - instructor
            tests[meta["grade_id"]] = (float(meta.get("points", 0)), names)
        elif not meta.get("solution"):
            instructor |= bound_names(cell.source)
    return tests


def _flat(key: AnswerKey) -> dict:
    return {name: value for values in key.values() for name, value in values.items()}


def _differ(a, b, *, clearly: bool) -> bool:
    """Whether two answers differ (``clearly``: beyond any test's tolerance)."""
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str):
        return a != b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if not clearly:
            return a != b
        if math.isnan(a) or math.isnan(b):
            return not (math.isnan(a) and math.isnan(b))
        # Wider than any hidden test's tolerance (the Monte Carlo ones allow
        # up to 0.3 days), so a clear difference must fail the test.
        return abs(a - b) > max(0.35, 0.05 * max(abs(a), abs(b)))
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return True
        return any(_differ(a[k], b[k], clearly=clearly) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if clearly and all(isinstance(x, str) for x in [*a, *b]):
            # Some tests accept names in any order: only other names are clear.
            return set(a) != set(b)
        if len(a) != len(b):
            return True
        return any(_differ(x, y, clearly=clearly) for x, y in zip(a, b, strict=True))
    return a != b


@dataclass
class Class:
    assignment: str
    own: Course
    copied: Course
    keys: dict[str, AnswerKey]
    tests: dict[str, tuple[float, set[str]]]
    seconds: dict[str, float]
    plain: dict[str, dict[str, float]]

    def full(self) -> float:
        return sum(points for points, _ in self.tests.values())


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def graded_class(request, tmp_path_factory) -> Class:
    assignment = request.param
    tmp = tmp_path_factory.mktemp(f"fifty-{assignment}")
    home = tmp / "home"
    seconds = {}
    started = time.perf_counter()
    keys = {s: answer_key(REPO, assignment, s) for s in STUDENTS}
    seconds["answer keys"] = time.perf_counter() - started
    released = read_notebook(REPO.release_dir(assignment) / f"{assignment}.ipynb")
    notebooks = {s: key_notebook(released, keys[s]) for s in STUDENTS}
    courses = {}
    for batch in ("own", "copied"):
        course = copy_course(REPO, tmp / batch)
        done = _cli(course, home, "release", assignment, "--no-exchange")
        assert done.returncode == 0, done.stdout + done.stderr
        for i, student in enumerate(STUDENTS):
            author = student if batch == "own" else STUDENTS[i - 1]
            _place(course, assignment, student, notebooks[author])
        started = time.perf_counter()
        done = _cli(course, home, "autograde", assignment, "--jobs", JOBS, "--quiet")
        seconds[batch] = time.perf_counter() - started
        assert done.returncode == 0, done.stdout + done.stderr
        courses[batch] = course
    # The same submissions through nbgrader's own autograde, in a third copy.
    plain_course = copy_course(REPO, tmp / "plain")
    env = jupyter_env(home)
    run_nbgrader(plain_course, ["generate_assignment", assignment, "--force"], env=env)
    _place(plain_course, assignment, NBGRADER_CHECKED[0], notebooks[STUDENTS[0]])
    _place(plain_course, assignment, NBGRADER_CHECKED[1], notebooks[STUDENTS[0]])
    started = time.perf_counter()
    run_nbgrader(plain_course, ["autograde", assignment, "--force"], env=env)
    seconds["nbgrader"] = time.perf_counter() - started
    plain = {s: _scores(plain_course, assignment, s) for s in NBGRADER_CHECKED}
    print(
        f"\n{assignment}: "
        + ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items())
    )
    return Class(
        assignment,
        courses["own"],
        courses["copied"],
        keys,
        _tests(REPO, assignment),
        seconds,
        plain,
    )


def test_fifty_students_all_have_different_numbers():
    """Do no two of 50 students share all their numbers, in every assignment?"""
    for assignment in ASSIGNMENTS:
        salt = variants.notebook_salt(
            REPO.source_dir(assignment) / f"{assignment}.ipynb"
        )
        drawn = [variants.scenario(assignment, salt=salt, student=s) for s in STUDENTS]
        assert len({repr(v.params) for v in drawn}) == 50, assignment
        assert len({v.code for v in drawn}) == 50, assignment


def test_each_student_scores_full_marks_with_their_own_answers(graded_class):
    """Graded as themselves, does every student's own hand-typed answer set earn
    every autograded point?"""
    full = graded_class.full()
    for student in STUDENTS:
        scores = _scores(graded_class.own, graded_class.assignment, student)
        assert set(scores) == set(graded_class.tests)
        lost = {k: v for k, v in scores.items() if v < graded_class.tests[k][0]}
        assert sum(scores.values()) == pytest.approx(full), (student, lost)


def test_a_copied_notebook_loses_the_points_whose_answers_differ(graded_class):
    """Graded as the next student, does a copied notebook lose every test whose
    answers differ between the two, keep the tests whose answers agree, and
    never score full marks?"""
    full = graded_class.full()
    totals = []
    for i, student in enumerate(STUDENTS):
        author = STUDENTS[i - 1]
        mine = _flat(graded_class.keys[student])
        theirs = _flat(graded_class.keys[author])
        scores = _scores(graded_class.copied, graded_class.assignment, student)
        for test, (points, names) in graded_class.tests.items():
            read = [n for n in names if n in mine]
            if any(_differ(mine[n], theirs[n], clearly=True) for n in read):
                assert scores[test] == 0, (student, author, test)
            if not any(_differ(mine[n], theirs[n], clearly=False) for n in read):
                assert scores[test] == points, (student, author, test)
        assert sum(scores.values()) < full, (student, author)
        totals.append(sum(scores.values()))
    print(
        f"\n{graded_class.assignment}: copied notebooks scored "
        f"{sum(totals) / len(totals):.2f} of {full:g} on average (max {max(totals):g})"
    )


def test_plain_nbgrader_gives_the_same_scores_as_pmcourse(graded_class):
    """Does plain ``nbgrader autograde`` (student id from the submission's folder)
    give each submission the same score, test by test, as ``pmcourse autograde``
    (student id passed into its sandbox)?"""
    assignment = graded_class.assignment
    own, copied = NBGRADER_CHECKED
    assert graded_class.plain[own] == _scores(graded_class.own, assignment, own)
    pm_copied = _scores(graded_class.copied, assignment, copied)
    assert graded_class.plain[copied] == pm_copied
    assert sum(graded_class.plain[own].values()) == pytest.approx(graded_class.full())
    assert sum(graded_class.plain[copied].values()) < graded_class.full()


def test_the_grader_and_the_feedback_show_which_variant(graded_class, tmp_path):
    """Do the autograded notebook (what the formgrader shows) and the feedback
    name the graded student's own variant, not the practice one?"""
    assignment = graded_class.assignment
    for course in (graded_class.own, graded_class.copied):
        some = STUDENTS[:3]
        args = [a for s in some for a in ("--student", s)]
        done = _cli(course, tmp_path / "home", "feedback", assignment, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        for student in some:
            code = variants.scenario(
                assignment,
                salt=variants.notebook_salt(
                    course.source_dir(assignment) / f"{assignment}.ipynb"
                ),
                student=student,
            ).code
            nb = read_notebook(
                course.autograded_dir(student, assignment) / f"{assignment}.ipynb"
            )
            shown = nbformat.writes(nb)
            assert f"Your variant: {code}" in shown, (student, code)
            assert "Practice variant" not in shown
            feedback = course.feedback_dir(student, assignment) / f"{assignment}.html"
            page = feedback.read_text(encoding="utf-8")
            assert f"Your variant: {code}" in page, (student, code)
            assert student in page
