"""Building made-up submissions from an assignment (no nbgrader run)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pmcourse.grading.course import Course, copy_course, jupyter_env
from pmcourse.grading.submissions import (
    CODE_STUB,
    FakeStudent,
    WrongAnswer,
    answer_cells,
    default_wrong_answer,
    fake_students,
    fill_answers,
    graded_cells,
    part_of,
    read_notebook,
    submit,
)

REPO = Course(Path(__file__).resolve().parents[2])
PS03 = "ps03_scheduling"


def _cell(kind, source, **nbgrader):
    cell = new_code_cell(source) if kind == "code" else new_markdown_cell(source)
    if nbgrader:
        cell.metadata["nbgrader"] = nbgrader
    return cell


@pytest.fixture
def toy():
    """Two parts: answer a (tested by t1, t2), answer b (tested by t3)."""
    return new_notebook(
        cells=[
            _cell("markdown", "intro"),
            _cell("code", CODE_STUB, solution=True, grade_id="a"),
            _cell("code", "assert x", grade=True, grade_id="t1", points=1),
            _cell("code", "assert y", grade=True, grade_id="t2", points=2),
            _cell("code", CODE_STUB, solution=True, grade_id="b"),
            _cell("code", "print(z)"),
            _cell("code", "assert z", grade=True, grade_id="t3", points=3),
            _cell(
                "markdown", "text", solution=True, grade=True, grade_id="w", points=4
            ),
        ]
    )


def test_part_of_finds_the_tests_between_answers(toy):
    """Are a part's tests the grade cells between its answer and the next one?"""
    assert part_of(toy, "a") == ["t1", "t2"]
    assert part_of(toy, "b") == ["t3"]


def test_part_of_rejects_a_cell_that_is_not_an_answer(toy):
    """Does asking for the part of a test cell name the answer cells instead?"""
    with pytest.raises(ValueError, match="'t1' is not an answer cell"):
        part_of(toy, "t1")


def test_graded_cells_separate_autograded_from_hand_graded(toy):
    """Are code tests autograded and the markdown answer graded by hand?"""
    cells = graded_cells(toy)
    assert {k for k, v in cells.items() if v["auto"]} == {"t1", "t2", "t3"}
    assert cells["w"] == {"cell_type": "markdown", "points": 4.0, "auto": False}


def test_fill_answers_copies_and_rejects_unknown_ids(toy):
    """Does filling answers leave the original notebook alone and refuse an id
    that is not an answer cell?"""
    filled = fill_answers(toy, {"a": "x = 1"})
    assert answer_cells(filled)["a"] == "x = 1"
    assert answer_cells(toy)["a"] == CODE_STUB
    with pytest.raises(ValueError, match="t2"):
        fill_answers(toy, {"t2": "x = 1"})


def test_ps03_parts_line_up_with_their_checks():
    """In ps03, is each answer cell tested by exactly its own check cell?"""
    source = read_notebook(REPO.source_dir(PS03) / f"{PS03}.ipynb")
    for answer_id, answer in answer_cells(source).items():
        if answer_id.startswith("answer_") and "BEGIN SOLUTION" in answer:
            expected = ["check_" + answer_id.removeprefix("answer_")]
            assert part_of(source, answer_id) == expected


def test_fake_students_of_ps03():
    """Do the three students expect: nothing failed, every test failed, and the
    wrong answer's own test failed?"""
    students = {s.student_id: s for s in fake_students(REPO, PS03)}
    release = read_notebook(REPO.release_dir(PS03) / f"{PS03}.ipynb")
    tests = {(PS03, k) for k, v in graded_cells(release).items() if v["auto"]}
    assert len(tests) >= 6
    assert students["solution"].failing == set()
    assert students["unchanged"].failing == tests
    assert default_wrong_answer(REPO, PS03) == WrongAnswer(PS03, "answer_commit_day")
    assert students["wrong"].failing == {(PS03, "check_commit_day")}
    solution = answer_cells(students["solution"].notebooks[PS03])
    assert all(
        "BEGIN SOLUTION" in src
        for k, src in solution.items()
        if k != "answer_sponsor_message"
    )


def test_fake_students_reject_an_unknown_notebook():
    """Does a wrong answer in a notebook the assignment lacks raise ValueError?"""
    with pytest.raises(ValueError, match="no notebook 'nope'"):
        fake_students(REPO, PS03, WrongAnswer("nope", "answer_pert"))


def test_submit_places_notebooks_and_data_where_nbgrader_looks(tmp_path):
    """Does a submission land in grading/submitted/<student>/<assignment> with
    the release's data file beside the notebook?"""
    course = copy_course(REPO, tmp_path / "course")
    # ps03 draws its plan per student and ships no file: take an assignment
    # whose release has a data file.
    name, data = next(
        (a, path.name)
        for a in course.assignments()
        for path in sorted(course.release_dir(a).glob("*.csv"))
    )
    nb = read_notebook(course.release_dir(name) / f"{name}.ipynb")
    folder = submit(course, name, FakeStudent("s1", {name: nb}))
    assert folder == course.grading / "submitted" / "s1" / name
    assert (folder / data).is_file()
    assert nbformat.read(folder / f"{name}.ipynb", as_version=4) == nb


def test_copy_course_leaves_working_folders_behind(tmp_path):
    """Does a course copy carry the config and sources but no gradebook or
    submissions, and refuse to overwrite an existing course?"""
    course = copy_course(REPO, tmp_path / "course", exercises=False)
    assert (course.root / "nbgrader_config.py").is_file()
    assert course.assignments() == REPO.assignments()
    assert not (course.grading / "gradebook.db").exists()
    assert not (course.grading / "submitted").exists()
    assert list(course.exercises.iterdir()) == []
    with pytest.raises(ValueError, match="already holds a course"):
        copy_course(REPO, tmp_path / "course")


def test_jupyter_env_isolates_every_user_folder(tmp_path):
    """Does the test environment point every per-user folder inside the given
    home and put this Python's tools first on PATH?"""
    env = jupyter_env(tmp_path, base={"PATH": "/usr/bin", "HOME": "/root"})
    for name in (
        "HOME",
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "MPLCONFIGDIR",
    ):
        assert Path(env[name]).is_relative_to(tmp_path), name
        assert Path(env[name]).is_dir(), name
    assert env["PATH"].endswith("/usr/bin")
    assert Path(env["PATH"].split(":")[0], "python").exists()
