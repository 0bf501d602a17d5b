"""Answer specifications: one per assignment, rounding a person does, mistakes named.

Fast checks run the specifications directly (the practice variant and 50
students); ``test_graded_*`` grade real notebooks with ``pmcourse autograde``
and plain ``nbgrader autograde`` in a copy of the course (slow, one batch per
assignment).
"""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_variants_graded import _cli  # the same CLI runner as the 50-student test

from pmcourse import variants
from pmcourse.grading.answer_key import answer_key, key_notebook, practice_key
from pmcourse.grading.course import Course, copy_course, jupyter_env, run_nbgrader
from pmcourse.grading.gradebook import cell_scores
from pmcourse.grading.prepare import bound_names, is_test, read_names
from pmcourse.grading.submissions import FakeStudent, _nbgrader, read_notebook, submit
from pmcourse.variants import spec as answer_spec

REPO = Course(Path(__file__).resolve().parents[2])
SPECIFIED = sorted(
    a for a in REPO.assignments() if (REPO.source_dir(a) / "answers.py").is_file()
)
STUDENTS = [variants.PRACTICE_ID, *(f"student{i:02d}" for i in range(50))]


def _spec(assignment: str) -> answer_spec.Spec:
    return answer_spec.load(assignment, REPO.solutions)


def _params(assignment: str, student: str) -> dict:
    if assignment not in variants.SCENARIOS:
        return {}
    source = REPO.source_dir(assignment) / f"{assignment}.ipynb"
    salt = variants.notebook_salt(source)
    return dict(variants.scenario(assignment, salt=salt, student=student).params)


def _tests(assignment: str) -> dict[str, str]:
    nb = read_notebook(REPO.source_dir(assignment) / f"{assignment}.ipynb")
    return {
        _nbgrader(c)["grade_id"]: c.source
        for c in nb.cells
        if c.cell_type == "code" and is_test(c)
    }


def test_ps01_to_ps04_have_specifications():
    """Does ps04, the assignment the issue found worst, have a specification?"""
    assert "ps04_earned_value" in SPECIFIED


@pytest.mark.parametrize("assignment", SPECIFIED)
def test_each_hidden_test_is_one_call_into_the_specification(assignment):
    """Is every hidden test of a specified assignment one call into its spec,
    covering exactly the spec's parts, and does the visible part read every
    answer of its part (so ``pmcourse autograde`` captures them)?"""
    spec = _spec(assignment)
    tests = _tests(assignment)
    assert [p.grade_id for p in spec.parts] == list(tests)
    for part in spec.parts:
        source = tests[part.grade_id]
        hidden = source.split("### BEGIN HIDDEN TESTS")[1]
        code = [
            line
            for line in hidden.splitlines()
            if line.strip() and not line.startswith("###")
        ]
        assert len(code) == 2, (part.grade_id, code)
        assert f'_spec.grade("{assignment}", "{part.grade_id}", globals())' in code[1]
        visible = source.split("### BEGIN HIDDEN TESTS")[0]
        read = read_names(visible) - bound_names(visible)
        missing = {a.name for a in part.answers} - read
        assert not missing, (part.grade_id, missing)


@pytest.mark.parametrize("assignment", SPECIFIED)
def test_the_release_carries_no_specification_and_no_hidden_code(assignment):
    """Does the student version hold neither ``answers.py`` nor the hidden call?"""
    release = REPO.release_dir(assignment)
    assert not (release / "answers.py").exists()
    text = (release / f"{assignment}.ipynb").read_text(encoding="utf-8")
    assert "_spec.grade" not in text and "BEGIN HIDDEN" not in text


def test_a_student_environment_cannot_load_a_key(tmp_path, monkeypatch):
    """Away from the instructor's sources, does loading a specification fail
    with a reason, and does the package no longer hand out ps04 keys?"""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(answer_spec.SOLUTIONS_ENV, raising=False)
    answer_spec._loaded.clear()
    with pytest.raises(LookupError, match="student's environment"):
        answer_spec.load("ps04_earned_value")
    assert not hasattr(variants.scenario_module("ps04_earned_value"), "answers")


def test_the_package_hands_out_no_key_of_ps02_or_ps05():
    """Is there no key function left in the installed package for ps02 and
    ps05 (``answers()``, the P80 reserve, part 5's strategies), only the
    draws and the tables a student is given?"""
    ps02 = variants.scenario_module("ps02_budgeting")
    ps05 = variants.scenario_module("ps05_risk")
    for module, names in (
        (ps02, ("answers", "p80_contingency", "PARTS")),
        (ps05, ("response_key",)),
    ):
        assert not [n for n in names if hasattr(module, n)], module.__name__
    strategies = {"avoid", "mitigate", "transfer", "accept", "escalate", "share"}
    assert all(isinstance(text, str) for text in ps05.ACTIONS.values())
    assert not strategies & set(ps05.ACTIONS.values())


@pytest.mark.parametrize("assignment", SPECIFIED)
def test_rounded_answers_carried_forward_score_every_part(assignment):
    """For the practice variant and 50 students, do answers rounded as a
    person rounds (later parts computed from rounded earlier ones) pass every
    part, and the exact keys too?"""
    spec = _spec(assignment)
    # Without variants everyone has the same numbers: one student is enough.
    students = STUDENTS if assignment in variants.SCENARIOS else STUDENTS[:1]
    for student in students:
        params = _params(assignment, student)
        judged = spec.judge(params)
        rounded = answer_spec.rounded_answers(spec, params)
        exact = {e["name"]: e["key"] for part in judged.values() for e in part}
        for grade_id, entries in judged.items():
            assert answer_spec.verdict(entries, rounded) == [], (student, grade_id)
            assert answer_spec.verdict(entries, exact) == [], (student, grade_id)


def _mistake_cases(assignment: str):
    """Each listed mistake, with a variant where it differs from the key."""
    spec = _spec(assignment)
    cases = []
    for part in spec.parts:
        for answer in part.answers:
            for mistake in answer.mistakes:
                cases.append((assignment, part.grade_id, answer.name, mistake.name))
    return cases


MISTAKES = [case for a in SPECIFIED for case in _mistake_cases(a)]


def _wrong_notebook_values(assignment, grade_id, name, mistake):
    """A student (practice first) whose mistake value fails, and the answers."""
    spec = _spec(assignment)
    for student in STUDENTS:
        params = _params(assignment, student)
        judged = spec.judge(params)
        entry = next(e for e in judged[grade_id] if e["name"] == name)
        wrong = next(m for m in entry["mistakes"] if m["name"] == mistake)
        if answer_spec.verdict([entry], {name: wrong["value"]}):
            return student, params, judged, wrong
    raise AssertionError(f"{assignment} {name}: mistake {mistake!r} never differs")


@pytest.mark.parametrize(("assignment", "grade_id", "name", "mistake"), MISTAKES)
def test_each_common_mistake_loses_only_its_part_and_is_named(
    assignment, grade_id, name, mistake
):
    """With every answer right but this one mistake, does only its part fail,
    with the mistake's sentence and without the key?"""
    student, params, judged, wrong = _wrong_notebook_values(
        assignment, grade_id, name, mistake
    )
    answers = {**_spec(assignment).key(params), name: wrong["value"]}
    for other, entries in judged.items():
        problems = answer_spec.verdict(entries, answers)
        if other != grade_id:
            assert problems == [], (student, other)
            continue
        assert len(problems) == 1, problems
        assert wrong["says"] in problems[0]
        key = next(e["key"] for e in entries if e["name"] == name)
        shown = (
            [str(key)] if not isinstance(key, float) else [f"{key:.2f}", f"{key:.3g}"]
        )
        assert not any(len(s) > 2 and s in problems[0] for s in shown)


def test_the_shipped_practice_keys_are_the_specifications_own():
    """Is each shipped practice key exactly what its specification gives
    (regenerate with ``python -m pmcourse.grading.answer_key``)?"""
    for assignment in SPECIFIED:
        shipped = answer_spec.practice_data(assignment)
        if assignment not in variants.SCENARIOS:
            # One key for everyone: shipping it would hand it to every student.
            assert shipped is None, assignment
            assert "no practice key ships" in answer_spec.check({}, assignment)
            continue
        fresh = json.loads(json.dumps(practice_key(REPO, assignment)))
        assert shipped == fresh, assignment


def test_check_gives_practice_feedback_and_refuses_a_real_student():
    """Does ``check()`` judge the practice variant's answers with the grader's
    messages without printing the key, and refuse a real student's variant?"""
    assignment = "ps04_earned_value"
    salt = variants.notebook_salt(REPO.source_dir(assignment) / f"{assignment}.ipynb")
    practice = variants.scenario(assignment, salt=salt)
    assert practice.practice
    spec = _spec(assignment)
    rounded = answer_spec.rounded_answers(spec, practice.params)
    report = answer_spec.check({"my_variant": practice, **rounded})
    assert report.count(": right.") == len(spec.parts), report
    sv_wrong = {**rounded, "sv": rounded["cv"]}
    report = answer_spec.check({"my_variant": practice, **sv_wrong})
    assert "Part 2, `sv`: this is EV - AC; SV is EV - PV." in report
    assert f"{rounded['sv']:.0f}" not in report.replace(",", "")
    ana = variants.scenario(assignment, salt=salt, student="ana")
    refused = answer_spec.check({"my_variant": ana, **rounded})
    assert "only checks the practice variant" in refused and ana.code in refused


def test_variant_answers_come_from_the_specification():
    """Does ``pmcourse variant --answers`` (the per-student key) give the
    specification's key, grouped by answer cell?"""
    assignment = "ps04_earned_value"
    key = answer_key(REPO, assignment, "ana")
    flat = {n: v for values in key.values() for n, v in values.items()}
    assert flat == _spec(assignment).key(_params(assignment, "ana"))
    assert set(key["answer_variances"]) == {"cv", "sv"}


def test_a_tighter_tolerance_must_say_why():
    """Does a specification refuse a tolerance tighter than rounding with no reason?"""
    with pytest.raises(ValueError, match="must say why"):
        answer_spec.Answer("x", "money", lambda v: 1.0, tolerance=0.001)
    with pytest.raises(ValueError, match="kind"):
        answer_spec.Answer("x", "euros", lambda v: 1.0)


# --- graded for real: pmcourse autograde and plain nbgrader autograde --------


def _by_cell(course: Course, assignment: str, values: dict) -> dict:
    """Group answer values by the solution cell that binds them."""
    nb = read_notebook(course.source_dir(assignment) / f"{assignment}.ipynb")
    out = {}
    for cell in nb.cells:
        meta = _nbgrader(cell)
        if cell.cell_type == "code" and meta.get("solution"):
            bound = bound_names(cell.source)
            out[meta["grade_id"]] = {n: v for n, v in values.items() if n in bound}
    return out


@dataclass
class Batch:
    assignment: str
    course: Course
    plain: Course
    points: dict[str, float]
    failing: dict[str, list[tuple[str, str]]]  # student -> [(grade_id, sentence)]


def _packed_mistakes(assignment):
    """Notebooks that each carry several listed mistakes, one per part.

    Grading one notebook per mistake costs a kernel run each; a notebook with
    one mistake in each of several parts checks them all at once, since a
    mistake must lose only its own part. Returns student id to (answers,
    [(grade_id, sentence), ...]); every mistake is in exactly one notebook,
    graded as a student whose variant makes it differ from the key.
    """
    spec = _spec(assignment)
    waiting = [
        (part.grade_id, answer.name, mistake.name)
        for part in spec.parts
        for answer in part.answers
        for mistake in answer.mistakes
    ]
    out = {}
    for index in range(len(waiting)):
        if not waiting:
            break
        for attempt in range(60):
            student = f"p{index:02d}x{attempt}"
            params = _params(assignment, student)
            judged = spec.judge(params)
            values, said, used = dict(spec.key(params)), [], set()
            for case in list(waiting):
                grade_id, name, mistake = case
                if grade_id in used:
                    continue
                entry = next(e for e in judged[grade_id] if e["name"] == name)
                wrong = next(m for m in entry["mistakes"] if m["name"] == mistake)
                if answer_spec.verdict([entry], {name: wrong["value"]}):
                    values[name] = wrong["value"]
                    said.append((grade_id, wrong["says"]))
                    used.add(grade_id)
                    waiting.remove(case)
            if said:
                out[student] = (values, said)
                break
    assert not waiting, f"{assignment}: mistakes that never differ: {waiting}"
    return out


@pytest.mark.parametrize("assignment", SPECIFIED)
def test_packed_mistake_notebooks_lose_exactly_their_parts(assignment):
    """In memory, does each notebook the graded batch builds (several listed
    mistakes, one per part) fail exactly those parts, each naming its mistake,
    so that grading it once checks them all?"""
    spec = _spec(assignment)
    packed = _packed_mistakes(assignment)
    assert sum(len(said) for _, said in packed.values()) == len(
        _mistake_cases(assignment)
    )
    for student, (values, said) in packed.items():
        judged = spec.judge(_params(assignment, student))
        expected = dict(said)
        for grade_id, entries in judged.items():
            problems = answer_spec.verdict(entries, values)
            if grade_id not in expected:
                assert problems == [], (student, grade_id, problems)
            else:
                assert len(problems) == 1 and expected[grade_id] in problems[0]


#: Graded with a few notebooks that each carry mistakes in several parts
#: (test_answer_specs_graded.py) rather than one notebook per mistake.
ONE_NOTEBOOK_FOR_MANY = {"ps06_agile", "ps07_stakeholders", "ps09_capm_exam"}


@pytest.fixture(
    scope="module", params=[a for a in SPECIFIED if a not in ONE_NOTEBOOK_FOR_MANY]
)
def batch(request, tmp_path_factory) -> Batch:
    """One course copy per assignment: every notebook graded in one run."""
    assignment = request.param
    tmp = tmp_path_factory.mktemp(f"spec-{assignment}")
    home = tmp / "home"
    spec = _spec(assignment)
    released = read_notebook(REPO.release_dir(assignment) / f"{assignment}.ipynb")
    notebooks = {"untouched": released}
    for student in ("rounded", "exact"):
        params = _params(assignment, student)
        values = (
            answer_spec.rounded_answers(spec, params)
            if student == "rounded"
            else spec.key(params)
        )
        notebooks[student] = key_notebook(released, _by_cell(REPO, assignment, values))
    failing = {}
    for student, (values, said) in _packed_mistakes(assignment).items():
        notebooks[student] = key_notebook(released, _by_cell(REPO, assignment, values))
        failing[student] = said
    course = copy_course(REPO, tmp / "pm")
    done = _cli(course, home, "release", assignment, "--no-exchange")
    assert done.returncode == 0, done.stdout + done.stderr
    for student, nb in notebooks.items():
        submit(course, assignment, FakeStudent(student, {assignment: nb}))
    sandbox = [] if shutil.which("bwrap") else ["--no-sandbox"]
    done = _cli(course, home, "autograde", assignment, "--quiet", *sandbox)
    assert done.returncode == 0, done.stdout + done.stderr
    mistakes = sorted(failing)
    args = [a for s in mistakes for a in ("--student", s)]
    done = _cli(course, home, "feedback", assignment, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    # Plain nbgrader autograde: the rounded, the untouched and one mistake.
    plain = copy_course(REPO, tmp / "plain")
    env = jupyter_env(home)
    run_nbgrader(plain, ["generate_assignment", assignment, "--force"], env=env)
    for student in ("rounded", "untouched", mistakes[0]):
        nb = notebooks[student]
        submit(plain, assignment, FakeStudent(student, {assignment: nb}))
    run_nbgrader(plain, ["autograde", assignment, "--force"], env=env)
    points = {
        _nbgrader(c)["grade_id"]: float(_nbgrader(c).get("points", 0))
        for c in released.cells
        if c.cell_type == "code" and _nbgrader(c).get("grade")
    }
    return Batch(assignment, course, plain, points, failing)


def _test_error(course: Course, assignment: str, student: str, grade_id: str) -> str:
    """The error the autograded notebook shows at one test."""
    path = course.autograded_dir(student, assignment) / f"{assignment}.ipynb"
    for cell in read_notebook(path).cells:
        if _nbgrader(cell).get("grade_id") == grade_id:
            errors = [o for o in cell.outputs if o.output_type == "error"]
            return f"{errors[0].ename}: {errors[0].evalue}" if errors else ""
    raise AssertionError(f"{grade_id} is not in {path}")


def _visible_source(assignment: str, grade_id: str) -> str:
    return _tests(assignment)[grade_id].split("### BEGIN HIDDEN TESTS")[0]


def _scores(course: Course, assignment: str, student: str) -> dict[str, float]:
    return {
        c.grade_id: c.score
        for c in cell_scores(course.gradebook_url, assignment, student)
        if c.auto
    }


@pytest.mark.slow
def test_graded_rounded_work_earns_every_point_and_the_release_none(batch):
    """Under ``pmcourse autograde`` and plain ``nbgrader autograde``, does the
    model solution rounded as a person rounds (later parts from rounded
    values) earn every point, the exact key too, and the untouched release 0?"""
    full = sum(batch.points.values())
    for course, students in (
        (batch.course, ("rounded", "exact")),
        (batch.plain, ("rounded",)),
    ):
        for student in students:
            scores = _scores(course, batch.assignment, student)
            assert sum(scores.values()) == pytest.approx(full), (student, scores)
        assert sum(_scores(course, batch.assignment, "untouched").values()) == 0


@pytest.mark.slow
def test_graded_each_mistake_loses_only_its_part_and_the_feedback_names_it(batch):
    """For each listed common mistake, does only its part lose its points, in
    both graders, and does the student's feedback name the mistake?"""
    for student, mistakes in batch.failing.items():
        scores = _scores(batch.course, batch.assignment, student)
        lost = {k for k, v in scores.items() if v < batch.points[k]}
        assert lost == {grade_id for grade_id, _ in mistakes}, (student, lost)
        page = batch.course.feedback_dir(student, batch.assignment)
        text = (page / f"{batch.assignment}.html").read_text(encoding="utf-8")
        text = html.unescape(text)
        assert "_spec.grade" not in text and "answers.py" not in text
        for grade_id, says in mistakes:
            said = _test_error(batch.course, batch.assignment, student, grade_id)
            visible = _visible_source(batch.assignment, grade_id)
            # The part's message names the mistake; where the format check
            # already catches it (a curve that goes down), that check's does.
            caught = said.split(": ", 2)[-1].split(", got")[0]
            assert says in said or caught in visible, (student, said)
            assert said.split(": ", 1)[-1] in text, (student, said)
    first = sorted(batch.failing)[0]
    plain = _scores(batch.plain, batch.assignment, first)
    assert plain == _scores(batch.course, batch.assignment, first)


@pytest.mark.parametrize("assignment", sorted(ONE_NOTEBOOK_FOR_MANY))
def test_variant_answers_without_variants_read_the_specification(assignment):
    """For an assignment without variants, does ``pmcourse variant --answers``
    show the one key everyone shares, straight from the specification?"""
    from pmcourse.commands.variant import variant_rows

    rows = variant_rows(REPO, assignment, ["ana"], answers=True)
    assert [r["variant"] for r in rows] == ["none"]
    flat = {n: v for values in rows[0]["answers"].values() for n, v in values.items()}
    assert flat == _spec(assignment).key({})


def test_a_rule_judges_a_corrected_table_with_more_than_one_right_form():
    """Does ps07's corrected RACI pass as a DataFrame in another valid form
    than the key, and fail, naming why, when it still breaks a rule or
    changes a row that had no problem?"""
    import pandas as pd

    entries = _spec("ps07_stakeholders").judge({})["check_raci_fixed"]
    key = pd.DataFrame.from_dict(entries[0]["key"], orient="index")
    assert answer_spec.verdict(entries, {"fixed_raci": key}) == []
    other = key.copy()  # the other way to leave one A on "Agree roster rules"
    other.loc["Agree roster rules", ["Helen (sponsor)", "Dev (HR payroll)"]] = [
        "C",
        "A",
    ]
    assert answer_spec.verdict(entries, {"fixed_raci": other}) == []
    broken = key.copy()
    broken.loc["Configure the system", "You (lead)"] = "C"
    (said,) = answer_spec.verdict(entries, {"fixed_raci": broken})
    assert said.startswith("Part 5, `fixed_raci`: it still breaks a RACI rule")
    touched = key.copy()
    touched.loc["Go-live decision", "Vendor"] = "I"
    (said,) = answer_spec.verdict(entries, {"fixed_raci": touched})
    assert "row 'Go-live decision'" in said and "no problem was changed" in said


def test_labels_are_normalised_before_they_are_judged():
    """Are the older conflict-mode names, and labels in another case or with
    spaces, accepted where the specification normalises them?"""
    modes = _spec("ps07_stakeholders").judge({})["check_conflict_modes"]
    older = {
        "A": "Reconciling",
        "B": "problem solving",
        "C": "withdrawing",
        "D": "forcing",
        "E": "smoothing",
    }
    assert answer_spec.verdict(modes, {"conflict_modes": older}) == []
    approaches = _spec("ps06_agile").judge({})["check_approaches"]
    typed = {"A": " Adaptive", "B": "PREDICTIVE", "C": "hybrid "}
    assert answer_spec.verdict(approaches, {"approaches": typed}) == []
