"""Grade every assignment end to end in a temporary copy of the course.

For each folder of solutions/: generate the student version, submit three
made-up students (the model solution, the untouched release, one wrong
answer), autograde, generate feedback, export the grades CSV, and check each
score, cell by cell and in the CSV. Only nbgrader's own commands are used.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from pmcourse.grading.course import Course, copy_course, jupyter_env, run_nbgrader
from pmcourse.grading.gradebook import CellScore, cell_scores, read_grades_csv
from pmcourse.grading.submissions import (
    FakeStudent,
    WrongAnswer,
    fake_students,
    graded_cells,
    read_notebook,
    submit,
)

pytestmark = pytest.mark.slow

REPO = Course(Path(__file__).resolve().parents[2])

# A realistic wrong answer per assignment: well typed, so the visible checks
# pass and only the hidden tests can catch it. Assignments not listed here get
# the default (their last code answer left as the release's stub).
WRONG_ANSWERS = {
    "ps01_lifecycles": WrongAnswer(
        "ps01_lifecycles",
        "answer_app_after",
        "# keeps the old answer: the new regulation was not put into the model\n"
        'app_after = "adaptive"\n',
    ),
    "ps02_budgeting": WrongAnswer(
        "ps02_budgeting",
        "answer_parametric_cost",
        "# one hour per function point instead of the fitted model\n"
        "parametric_cost = 380 * 70.0\n",
    ),
    "ps03_scheduling": WrongAnswer(
        "ps03_scheduling",
        "answer_commit_day",
        "# the plan's own finish (most likely durations), not the 90 % date\n"
        "commit_day = schedule.project_finish(plan)\n",
    ),
    "ps04_earned_value": WrongAnswer(
        "ps04_earned_value",
        "answer_tcpi",
        "# divides the work left by the money left in the EAC, not in the BAC\n"
        "tcpi_bac = (bac - ev6) / (eac_typical - ac6)\n"
        "tcpi_approved = evm.evm(pv6, ev6, ac6, bac, eac=APPROVED_EAC).tcpi_eac\n",
    ),
    "ps05_risk": WrongAnswer(
        "ps05_risk",
        "answer_contingency",
        "# covers the threats only, forgetting that opportunities offset them\n"
        "contingency = -sum(v for v in emv_by_risk.values() if v < 0)\n",
    ),
    "ps06_agile": WrongAnswer(
        "ps06_agile",
        "answer_littles_law",
        "# uses the weekly throughput, so the answer comes out in weeks, not days\n"
        "predicted_cycle_time = agile.littles_law(\n"
        "    wip=4, throughput=flow.throughput_weekly.mean()\n"
        ")\n",
    ),
    "ps07_stakeholders": WrongAnswer(
        "ps07_stakeholders",
        "answer_power_types",
        "# mistakes the steward's referent power for expert power\n"
        'power_types = {"A": "legitimate", "B": "expert", "C": "reward", '
        '"D": "expert"}\n',
    ),
    "ps08_business_analysis": WrongAnswer(
        "ps08_business_analysis",
        "answer_wsjf_order",
        "# ordered by cost of delay alone, forgetting to divide by job size\n"
        'wsjf_order = analysis.rank_backlog(backlog, "cost_of_delay")["id"].tolist()\n',
    ),
    "ps09_capm_exam": WrongAnswer(
        "ps09_capm_exam",
        "answer_type_the_number",
        "q22 = 14.67  # (O + M + P) / 3: the triangular mean, not PERT's\n"
        "q23 = 108.0  # WIP x cycle time, not WIP / cycle time\n"
        "q24 = 48.0  # WIP x throughput, not WIP / throughput\n",
    ),
    "ps10_capstone": WrongAnswer(
        "ps10_capstone",
        "answer_eac",
        "# the atypical EAC (AC + BAC - EV): as if the overrun would not go on\n"
        "_r = capstone.replay(log).reports[EAC_WEEK - 1]\n"
        'eac_reported = round(_r["ac"] + _r["bac"] - _r["ev"], 2)\n',
    ),
}


@dataclass
class GradedRun:
    course: Course
    assignment: str
    students: list[FakeStudent]
    grades: object
    seconds: float

    def scores(self, student: str) -> list[CellScore]:
        return cell_scores(self.course.gradebook_url, self.assignment, student)

    def student(self, student_id: str) -> FakeStudent:
        return next(s for s in self.students if s.student_id == student_id)

    def max_points(self) -> tuple[float, float]:
        """Return (autograded, graded by hand) points of the assignment."""
        auto = manual = 0.0
        for name in self.course.notebooks(self.assignment):
            folder = self.course.release_dir(self.assignment)
            nb = read_notebook(folder / f"{name}.ipynb")
            for info in graded_cells(nb).values():
                if info["auto"]:
                    auto += info["points"]
                else:
                    manual += info["points"]
        return auto, manual


@pytest.fixture(scope="module", params=REPO.assignments())
def graded(request, tmp_path_factory) -> GradedRun:
    assignment = request.param
    tmp = tmp_path_factory.mktemp(assignment)
    course = copy_course(REPO, tmp / "course", exercises=False)
    env = jupyter_env(tmp / "home")
    started = time.perf_counter()
    run_nbgrader(course, ["generate_assignment", assignment, "--force"], env=env)
    students = fake_students(course, assignment, WRONG_ANSWERS.get(assignment))
    for student in students:
        submit(course, assignment, student)
    run_nbgrader(course, ["autograde", assignment, "--force"], env=env)
    run_nbgrader(course, ["generate_feedback", assignment, "--force"], env=env)
    csv = tmp / "grades.csv"
    run_nbgrader(course, ["export", "--to", str(csv)], env=env)
    seconds = time.perf_counter() - started
    print(f"\n{assignment}: graded 3 students end to end in {seconds:.1f} s")
    return GradedRun(course, assignment, students, read_grades_csv(csv), seconds)


def test_every_submission_is_autograded_and_gets_feedback(graded):
    """Does every made-up student, even the untouched release, get an autograded
    notebook and an HTML feedback file, without nbgrader failing the run?"""
    for student in graded.students:
        for name in graded.course.notebooks(graded.assignment):
            autograded = graded.course.autograded_dir(
                student.student_id, graded.assignment
            )
            feedback = graded.course.feedback_dir(student.student_id, graded.assignment)
            assert (autograded / f"{name}.ipynb").is_file(), student.student_id
            assert (feedback / f"{name}.html").is_file(), student.student_id


@pytest.mark.parametrize("student_id", ["solution", "unchanged", "wrong"])
def test_autograded_cells_score_as_expected(graded, student_id):
    """Does each autograded cell earn full points, except exactly the cells that
    the student's answers should fail, which earn 0?"""
    student = graded.student(student_id)
    auto = [s for s in graded.scores(student_id) if s.auto]
    assert auto, "the gradebook holds no autograded cell"
    failing = {(s.notebook, s.grade_id) for s in auto if s.score == 0}
    partial = [s for s in auto if 0 < s.score < s.max_score]
    assert not partial, f"cells with partial marks: {partial}"
    assert failing == student.failing


def test_the_wrong_answer_loses_exactly_its_part(graded):
    """Does the wrong student score the solution's autograded total minus exactly
    the points of the one part answered wrongly?"""
    wrong = graded.student("wrong")
    assert wrong.failing, "the wrong answer should fail at least one test cell"
    points = {(s.notebook, s.grade_id): s.max_score for s in graded.scores("wrong")}
    lost = sum(points[cell] for cell in wrong.failing)
    solution_total = sum(s.score for s in graded.scores("solution") if s.auto)
    wrong_total = sum(s.score for s in graded.scores("wrong") if s.auto)
    assert wrong_total == pytest.approx(solution_total - lost)
    assert 0 < lost < solution_total


def test_grades_csv_totals(graded):
    """Does nbgrader's grades CSV give the solution every autograded point, the
    untouched release 0, and the wrong answer its part less, out of the
    assignment's full total (written answers not yet graded by hand)?"""
    auto, manual = graded.max_points()
    wrong = graded.student("wrong")
    points = {(s.notebook, s.grade_id): s.max_score for s in graded.scores("wrong")}
    lost = sum(points[cell] for cell in wrong.failing)
    expected = {"solution": auto, "unchanged": 0.0, "wrong": auto - lost}
    for student_id, score in expected.items():
        row = graded.grades.loc[(graded.assignment, student_id)]
        assert row["score"] == pytest.approx(score), student_id
        assert row["max_score"] == pytest.approx(auto + manual), student_id


def test_written_answers_wait_for_a_grader(graded):
    """Are written answers left for a person to grade when a student wrote
    something, and scored 0 without review when the release was untouched?"""
    for student_id in ("solution", "wrong"):
        manual = [s for s in graded.scores(student_id) if not s.auto]
        assert all(s.needs_manual_grade for s in manual), student_id
    for score in graded.scores("unchanged"):
        if not score.auto:
            assert score.score == 0 and not score.needs_manual_grade


def _visible_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
    return html.unescape(text)


def _hidden_lines(nb) -> list[str]:
    lines, inside = [], False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 15:
                lines.append(line.strip())
    return lines


def test_feedback_does_not_show_hidden_tests(graded):
    """Does the feedback returned to every student, including one whose answer
    failed a hidden test, leave out the hidden tests' code?"""
    for name in graded.course.notebooks(graded.assignment):
        source = read_notebook(
            graded.course.source_dir(graded.assignment) / f"{name}.ipynb"
        )
        hidden = _hidden_lines(source)
        for student in graded.students:
            folder = graded.course.feedback_dir(student.student_id, graded.assignment)
            text = _visible_text(folder / f"{name}.html")
            assert "BEGIN HIDDEN TESTS" not in text, student.student_id
            leaked = [line for line in hidden if line in text]
            assert not leaked, f"{student.student_id}'s feedback shows {leaked[:3]}"


def test_wrong_answer_feedback_says_what_failed(graded):
    """Does the one-wrong-answer student's feedback show a failure message a
    student can act on (for the scheduling exercise: the visible check passes
    and only the hidden test fails, with its own message)?"""
    feedback = graded.course.feedback_dir("wrong", graded.assignment)
    text = _visible_text(feedback / f"{graded.assignment}.html")
    assert "Error" in text, "the failing test's error does not reach the student"
    if graded.assignment != "ps03_scheduling":
        return
    assert "Part 7: commit_day is a number of days." in text
    assert "Part 7, `commit_day`:" in text  # the specification names the part
