"""Build submissions from an assignment and place them for nbgrader.

A submission is the released (student) notebook with its answer cells filled
in. Three made-up students prove an assignment grades correctly:

- ``solution``: every answer cell holds the source's model answer, so every
  autograded cell should earn its points;
- ``unchanged``: the release as generated, so every autograded cell should
  earn nothing, without breaking the run;
- ``wrong``: the model answers except one, so exactly the grade cells of that
  part should lose their points.

Answers are matched to cells by nbgrader's ``grade_id``, never by position.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from pmcourse.grading.cells import is_answer, is_test, nbgrader_meta
from pmcourse.grading.course import Course

#: the old private spelling, still imported by tests of the answer specifications
_nbgrader = nbgrader_meta

#: What nbgrader's ClearSolutions leaves in a Python answer cell.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook file (nbformat 4).

    Parameters
    ----------
    path : Path
        The ``.ipynb`` file.

    Returns
    -------
    NotebookNode
        The notebook.

    Used in: grading (tests and the ``pmcourse`` CLI).
    """
    return nbformat.read(Path(path), as_version=4)


def answer_cells(nb: NotebookNode) -> dict[str, str]:
    """Return the answer (solution) cells of a notebook by grade id.

    Parameters
    ----------
    nb : NotebookNode
        A source or released notebook.

    Returns
    -------
    dict of str to str
        ``grade_id`` to the cell's source, in notebook order.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("x = 1")
    >>> cell.metadata["nbgrader"] = {"solution": True, "grade_id": "ans"}
    >>> answer_cells(new_notebook(cells=[cell, new_code_cell("y = 2")]))
    {'ans': 'x = 1'}

    Used in: grading tests.
    """
    return {
        nbgrader_meta(cell)["grade_id"]: cell.source
        for cell in nb.cells
        if is_answer(cell)
    }


def graded_cells(nb: NotebookNode) -> dict[str, dict]:
    """Return the grade cells of a notebook with their type and points.

    Parameters
    ----------
    nb : NotebookNode
        A source or released notebook.

    Returns
    -------
    dict of str to dict
        ``grade_id`` to ``{"cell_type": ..., "points": float, "auto": bool}``;
        ``auto`` is True for code cells (autograded tests) and False for
        answers and tasks graded by hand.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("assert x == 1")
    >>> cell.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 2}
    >>> graded_cells(new_notebook(cells=[cell]))
    {'t': {'cell_type': 'code', 'points': 2.0, 'auto': True}}

    Used in: grading tests.
    """
    out = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade") or meta.get("task"):
            out[meta["grade_id"]] = {
                "cell_type": cell.cell_type,
                "points": float(meta.get("points", 0)),
                "auto": cell.cell_type == "code" and not meta.get("solution"),
            }
    return out


def part_of(nb: NotebookNode, answer_id: str) -> list[str]:
    """Return the autograded cells that test one answer cell.

    They are the code grade cells after the answer cell and before the next
    answer cell: nbgrader's usual layout of a part.

    Parameters
    ----------
    nb : NotebookNode
        A source or released notebook.
    answer_id : str
        The ``grade_id`` of an answer (solution) cell.

    Returns
    -------
    list of str
        The grade ids of the part's autograded test cells.

    Raises
    ------
    ValueError
        If ``answer_id`` is not an answer cell of the notebook.

    Used in: grading tests (which points a wrong answer should lose).
    """
    ids = [nbgrader_meta(cell).get("grade_id") for cell in nb.cells]
    answers = answer_cells(nb)
    if answer_id not in answers:
        raise ValueError(
            f"answer_id: {answer_id!r} is not an answer cell; answers: {list(answers)}"
        )
    tests = []
    for cell in nb.cells[ids.index(answer_id) + 1 :]:
        if is_answer(cell):
            break
        if is_test(cell):
            tests.append(nbgrader_meta(cell)["grade_id"])
    return tests


def fill_answers(nb: NotebookNode, answers: Mapping[str, str]) -> NotebookNode:
    """Return a copy of a notebook with answer cells replaced by grade id.

    Parameters
    ----------
    nb : NotebookNode
        A released notebook.
    answers : mapping of str to str
        ``grade_id`` of an answer cell to its new source.

    Returns
    -------
    NotebookNode
        The filled-in copy (``nb`` is unchanged).

    Raises
    ------
    ValueError
        If an id in ``answers`` is not an answer cell of ``nb``.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell(CODE_STUB)
    >>> cell.metadata["nbgrader"] = {"solution": True, "grade_id": "ans"}
    >>> filled = fill_answers(new_notebook(cells=[cell]), {"ans": "x = 1"})
    >>> filled.cells[0].source
    'x = 1'

    Used in: grading tests.
    """
    out = copy.deepcopy(nb)
    unknown = set(answers) - set(answer_cells(out))
    if unknown:
        raise ValueError(
            f"answers: {sorted(unknown)} are not answer cells of the notebook"
        )
    for cell in out.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if is_answer(cell) and isinstance(grade_id, str) and grade_id in answers:
            cell.source = answers[grade_id]
    return out


@dataclass(frozen=True)
class WrongAnswer:
    """One answer cell to get wrong on purpose.

    Parameters
    ----------
    notebook : str
        The notebook's name without ``.ipynb``.
    answer_id : str
        The ``grade_id`` of the answer cell.
    source : str
        What the student writes there instead of the model answer.
    """

    notebook: str
    answer_id: str
    source: str = CODE_STUB


@dataclass
class FakeStudent:
    """A made-up student: notebooks to submit and the cells that should fail.

    Parameters
    ----------
    student_id : str
        The nbgrader student id.
    notebooks : dict of str to NotebookNode
        Notebook name (without ``.ipynb``) to the submitted notebook.
    failing : set of (str, str)
        ``(notebook, grade_id)`` of every autograded cell expected to score 0;
        every other autograded cell is expected to earn full points.
    """

    student_id: str
    notebooks: dict[str, NotebookNode]
    failing: set[tuple[str, str]] = field(default_factory=set)


def default_wrong_answer(course: Course, assignment: str) -> WrongAnswer:
    """Pick the last code answer cell of the assignment's last notebook.

    The last part is the one no later answer depends on, so replacing it by
    the release's stub should lose exactly that part's points.

    Raises
    ------
    ValueError
        If the assignment has no code answer cell.
    """
    for name in reversed(course.notebooks(assignment)):
        nb = read_notebook(course.source_dir(assignment) / f"{name}.ipynb")
        code_answers = [
            nbgrader_meta(cell)["grade_id"]
            for cell in nb.cells
            if is_answer(cell) and cell.cell_type == "code"
        ]
        if code_answers:
            return WrongAnswer(name, code_answers[-1])
    raise ValueError(f"assignment: {assignment!r} has no code answer cell")


def fake_students(
    course: Course, assignment: str, wrong: WrongAnswer | None = None
) -> list[FakeStudent]:
    """Build the three made-up students of an assignment.

    Parameters
    ----------
    course : Course
        The course; the assignment must have been released into
        ``course.exercises``.
    assignment : str
        The assignment name.
    wrong : WrongAnswer or None
        The answer the ``wrong`` student gets wrong; ``None`` uses
        :func:`default_wrong_answer`.

    Returns
    -------
    list of FakeStudent
        ``solution``, ``unchanged`` and ``wrong``.

    Raises
    ------
    ValueError
        If the wrong answer names an unknown notebook or answer cell.

    Used in: grading tests (end to end, for every assignment).
    """
    wrong = wrong or default_wrong_answer(course, assignment)
    names = course.notebooks(assignment)
    if wrong.notebook not in names:
        raise ValueError(f"wrong: no notebook {wrong.notebook!r} in {names}")
    solution, unchanged, mistaken = {}, {}, {}
    every_test, part = set(), set()
    for name in names:
        source = read_notebook(course.source_dir(assignment) / f"{name}.ipynb")
        release = read_notebook(course.release_dir(assignment) / f"{name}.ipynb")
        model = answer_cells(source)
        solution[name] = fill_answers(release, model)
        unchanged[name] = copy.deepcopy(release)
        every_test |= {
            (name, grade_id)
            for grade_id, info in graded_cells(release).items()
            if info["auto"]
        }
        if name == wrong.notebook:
            part = {(name, grade_id) for grade_id in part_of(source, wrong.answer_id)}
            model = {**model, wrong.answer_id: wrong.source}
        mistaken[name] = fill_answers(release, model)
    return [
        FakeStudent("solution", solution, set()),
        FakeStudent("unchanged", unchanged, every_test),
        FakeStudent("wrong", mistaken, part),
    ]


def submit(course: Course, assignment: str, student: FakeStudent) -> Path:
    """Place a student's submission where ``nbgrader autograde`` finds it.

    The release's other files (data files) are copied alongside, as a
    student's download would have them.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        The assignment name.
    student : FakeStudent
        The student and the notebooks to submit.

    Returns
    -------
    Path
        The submission folder, ``grading/submitted/<student>/<assignment>``.

    Used in: grading tests.
    """
    folder = course.submitted_dir(student.student_id, assignment)
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(
        course.release_dir(assignment),
        folder,
        ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"),
    )
    for name, nb in student.notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder
