"""Each student's own answer key, for exercises with per-student variants.

With variants every student has different numbers, so there is no single
answer key. :func:`answer_key` computes one student's. An assignment with an
answer specification (``solutions/<assignment>/answers.py``, see
:mod:`pmcourse.variants.spec`) is solved from it, the one place its keys are
computed; any other one by running the source notebook's instructor cells and
model answers in a clean interpreter, as that student
(:func:`pmcourse.variants.grading_as`), in a fresh copy of the released
files, keeping the value of every name each answer cell binds.

:func:`key_notebook` writes those values into the released notebook as
plain Python literals, which is what a student who worked the numbers out
by hand would hand in: it proves each student's own answers score full
marks and that the same answers, graded as another student, do not.
"""

from __future__ import annotations

import contextlib
import copy
import io
import math
import shutil
import tempfile
import warnings
from contextlib import chdir as _in_folder
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from pmcourse.grading.cells import bound_names, is_test
from pmcourse.grading.cells import nbgrader_meta as _nbgrader
from pmcourse.grading.cells import python_source as _python
from pmcourse.grading.course import Course
from pmcourse.grading.submissions import read_notebook
from pmcourse.variants import (
    PRACTICE_ID,
    SCENARIOS,
    grading_as,
    notebook_salt,
    scenario,
)
from pmcourse.variants import spec as answer_spec

#: Answers for one student: answer cell ``grade_id`` to {name: value}.
AnswerKey = dict[str, dict[str, Any]]


def plain(value: Any) -> Any:
    """Return ``value`` as plain Python (numpy scalars and containers unwrapped).

    Parameters
    ----------
    value : object
        An answer.

    Returns
    -------
    object
        The same answer built from bool, int, float, str, None, list, tuple
        and dict only.

    Raises
    ------
    TypeError
        If the value holds something with no plain form (a DataFrame, a
        function); the message names its type.

    Examples
    --------
    >>> import numpy as np
    >>> plain({"A": np.float64(2.5), "B": [np.int64(3)]})
    {'A': 2.5, 'B': [3]}

    Used in: grading (per-student answer keys).
    """
    if hasattr(value, "item") and getattr(value, "shape", None) == ():
        return plain(value.item())  # a numpy scalar (np.float64 is a float too)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    raise TypeError(f"{type(value).__name__} has no plain Python literal")


def literal(value: Any) -> str:
    """Return Python source that evaluates to ``value``.

    Parameters
    ----------
    value : object
        A plain answer (see :func:`plain`).

    Returns
    -------
    str
        Source text; floats round-trip exactly (``nan``/``inf`` via
        ``float("...")``).

    Raises
    ------
    TypeError
        If the value has no plain form.

    Examples
    --------
    >>> literal({"A": 0.1, "B": [1, "x"]})
    "{'A': 0.1, 'B': [1, 'x']}"
    >>> literal(float("inf"))
    "float('inf')"

    Used in: grading (per-student answer keys).
    """
    value = plain(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, dict):
        items = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def _release_copy(course: Course, assignment: str, dest: Path) -> None:
    release = course.release_dir(assignment)
    source = release if release.is_dir() else course.source_dir(assignment)
    shutil.copytree(
        source,
        dest,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"),
    )


def answer_key(course: Course, assignment: str, student: str) -> AnswerKey:
    """Compute one student's correct answers from the model solution.

    Parameters
    ----------
    course : Course
        The course (its ``solutions/`` hold the model answers).
    assignment : str
        The assignment name.
    student : str
        The student whose variant to solve.

    Returns
    -------
    dict
        Answer cell ``grade_id`` to {name: plain value} for every name the
        model answer binds that has a plain form, in notebook order.

    Raises
    ------
    RuntimeError
        If an instructor cell or model answer fails (the message names the
        cell and the error).

    Examples
    --------
    >>> from pmcourse.grading.course import Course
    >>> from pmcourse.cli import find_course
    >>> key = answer_key(Course(find_course()), "ps03_scheduling", "ana")
    >>> {"es", "ef"} <= set(key["answer_forward_pass"])
    True

    Used in: grading (``pmcourse variant --answers``) and the variant tests.
    """
    if (course.source_dir(assignment) / answer_spec.SPEC_FILE).is_file():
        return _spec_key(course, assignment, student)
    notebooks = course.notebooks(assignment)
    key: AnswerKey = {}
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "display": lambda *args, **kwargs: None,
    }
    with (
        tempfile.TemporaryDirectory(prefix="pmcourse-key-") as tmp,
        grading_as(student),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("ignore")
        _release_copy(course, assignment, Path(tmp))
        with _in_folder(Path(tmp)):
            for name in notebooks:
                nb = read_notebook(course.source_dir(assignment) / f"{name}.ipynb")
                for cell in nb.cells:
                    meta = _nbgrader(cell)
                    if cell.cell_type != "code" or is_test(cell):
                        continue
                    try:
                        with (
                            contextlib.redirect_stdout(io.StringIO()),
                            contextlib.redirect_stderr(io.StringIO()),
                        ):
                            exec(  # noqa: S102
                                compile(_python(cell.source), name, "exec"), namespace
                            )
                    except Exception as exc:
                        where = meta.get("grade_id", "a cell")
                        raise RuntimeError(
                            f"{assignment}/{name}: {where} failed for {student!r}: "
                            f"{type(exc).__name__}: {exc}"
                        ) from exc
                    if meta.get("solution"):
                        values = {}
                        for var in sorted(bound_names(cell.source)):
                            with contextlib.suppress(TypeError, KeyError):
                                values[var] = plain(namespace[var])
                        key[meta["grade_id"]] = values
    return key


def _params(course: Course, assignment: str, student: str) -> Any:
    source = course.source_dir(assignment) / f"{assignment}.ipynb"
    try:
        return scenario(assignment, salt=notebook_salt(source), student=student)
    except ValueError:  # an assignment without variants: one key for all
        return None


def _spec_key(course: Course, assignment: str, student: str) -> AnswerKey:
    spec = answer_spec.load(assignment, course.solutions)
    found = _params(course, assignment, student)
    values = spec.key(found.params if found is not None else {})
    key: AnswerKey = {}
    for name in course.notebooks(assignment):
        nb = read_notebook(course.source_dir(assignment) / f"{name}.ipynb")
        for cell in nb.cells:
            meta = _nbgrader(cell)
            if cell.cell_type == "code" and meta.get("solution"):
                bound = bound_names(cell.source)
                key[meta["grade_id"]] = {n: values[n] for n in values if n in bound}
    return key


def practice_key(course: Course, assignment: str) -> dict[str, Any]:
    """Return the practice variant's judged answers, as shipped for ``check()``.

    Parameters
    ----------
    course : Course
        The course (its ``solutions/`` hold the specifications).
    assignment : str
        An assignment with an answer specification.

    Returns
    -------
    dict
        ``{"assignment", "variant", "parts"}``: the practice variant's code and
        :meth:`pmcourse.variants.spec.Spec.judge` of its numbers.

    Examples
    --------
    >>> from pmcourse.cli import find_course
    >>> data = practice_key(Course(find_course()), "ps04_earned_value")
    >>> data["variant"] == answer_spec.practice_data("ps04_earned_value")["variant"]
    True

    Used in: ``python -m pmcourse.grading.answer_key`` (writes the data).
    """
    spec = answer_spec.load(assignment, course.solutions)
    found = _params(course, assignment, PRACTICE_ID)
    params = found.params if found is not None else {}
    return {
        "assignment": assignment,
        "variant": found.code if found is not None else "",
        "parts": spec.judge(params),
    }


def key_notebook(released: NotebookNode, key: AnswerKey) -> NotebookNode:
    """Return the released notebook with answers written in as literals.

    Parameters
    ----------
    released : NotebookNode
        The student version.
    key : dict
        From :func:`answer_key`; code answer cells not in it keep the
        release's stub, written answers (Markdown) are left as they are.

    Returns
    -------
    NotebookNode
        A filled-in copy.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("raise NotImplementedError()")
    >>> cell.metadata["nbgrader"] = {"solution": True, "grade_id": "ans"}
    >>> nb = key_notebook(new_notebook(cells=[cell]), {"ans": {"x": 1.5}})
    >>> nb.cells[0].source
    'x = 1.5'

    Used in: the variant tests (each student's hand-worked answers).
    """
    out = copy.deepcopy(released)
    for cell in out.cells:
        meta = _nbgrader(cell)
        if cell.cell_type == "code" and meta.get("solution"):
            values = key.get(str(meta.get("grade_id", "")))
            if values:
                cell.source = "\n".join(
                    f"{name} = {literal(value)}" for name, value in values.items()
                )
    return out


def write_practice_keys(course: Course, folder: Path) -> list[Path]:
    """Write the practice key of every specified assignment with variants as JSON.

    An assignment without variants has one key for everyone, so none ships.

    Parameters
    ----------
    course : Course
        The course.
    folder : Path
        Where to write (``src/pmcourse/variants/practice``).

    Returns
    -------
    list of Path
        The files written.
    """
    import json

    written = []
    for assignment in course.assignments():
        # Without variants the practice key is everyone's key: it never ships.
        if assignment not in SCENARIOS:
            continue
        if (course.source_dir(assignment) / answer_spec.SPEC_FILE).is_file():
            path = folder / f"{assignment}.json"
            data = practice_key(course, assignment)
            path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
            written.append(path)
    return written


__all__ = [
    "AnswerKey",
    "answer_key",
    "key_notebook",
    "literal",
    "plain",
    "practice_key",
    "write_practice_keys",
]

if __name__ == "__main__":  # python -m pmcourse.grading.answer_key
    from pmcourse.setup_lab import find_course_root

    target = Path(answer_spec.__file__).parent / "practice"
    target.mkdir(exist_ok=True)
    for done in write_practice_keys(Course(find_course_root()), target):
        print(done)
