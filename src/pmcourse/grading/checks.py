"""Run the tests in a clean interpreter on the answers captured from the sandbox.

For each notebook the grader builds a fresh namespace in the grading process
(never in the student's kernel): it runs the instructor's locked code cells
(imports, loading the data) from the gradebook's copy, and, at each test,
puts in the answers the sandbox captured at that point
(:mod:`pmcourse.grading.capture`) and runs the test's full source, hidden
tests included. Its working folder is a fresh copy of the released files,
so a student who rewrote a data file beside the notebook changes nothing.

The test's outcome becomes the test cell's outputs in the autograded
notebook: printed text, a partial-credit value, or an error reduced to its
type and message (a traceback line would show the hidden test's code).
nbgrader's own :func:`nbgrader.utils.determine_grade` turns those outputs
into points, as it would for an nbgrader-executed notebook.
"""

from __future__ import annotations

import ast
import contextlib
import io
import signal
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from pmcourse.grading.capture import decode
from pmcourse.grading.cells import is_protected, is_test, python_source
from pmcourse.grading.execution import NotebookRun, Step


@dataclass(frozen=True)
class TestOutcome:
    """The result of one test cell.

    Parameters
    ----------
    notebook : str
        The notebook's name.
    grade_id : str
        The test cell's id.
    points : float
        Points available.
    score : float
        Points earned.
    ran : bool
        False when the notebook stopped (time-out, crash) before the test.
    message : str
        The failure's type and message, or why the test did not run (empty
        when it passed).
    """

    notebook: str
    grade_id: str
    points: float
    score: float
    ran: bool
    message: str

    @property
    def passed(self) -> bool:
        """Whether the test earned all its points."""
        return self.ran and self.score >= self.points


class _CheckTimeout(Exception):
    pass


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    usable = threading.current_thread() is threading.main_thread() and hasattr(
        signal, "SIGALRM"
    )
    if not usable or seconds <= 0:
        yield
        return

    def _fire(signum, frame):
        raise _CheckTimeout(f"the test took more than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


class _Shell:
    """Stands in for ``get_ipython()``: magics in instructor cells do nothing."""

    def run_line_magic(self, *args: Any, **kwargs: Any) -> None:
        return None

    run_cell_magic = system = run_line_magic


def _error(ename: str, evalue: str) -> dict:
    return {
        "output_type": "error",
        "ename": ename,
        "evalue": evalue,
        "traceback": [f"{ename}: {evalue}" if evalue else ename],
    }


def run_code(source: str, namespace: dict, *, timeout: float = 30) -> list[dict]:
    r"""Run code in a namespace and return its outputs as notebook outputs.

    The last expression's value, if any, becomes an ``execute_result`` (as
    in a notebook: nbgrader reads a number there as partial credit). An
    exception becomes an ``error`` output with its type and message only.

    Parameters
    ----------
    source : str
        The cell's code (IPython syntax allowed).
    namespace : dict
        Globals, changed in place.
    timeout : float
        Seconds before the run is stopped (only in the main thread).

    Returns
    -------
    list of dict
        Notebook outputs.

    Examples
    --------
    >>> ns = {}
    >>> run_code("x = 2\nprint('hi')\nx + 1", ns)[1]["data"]
    {'text/plain': '3'}
    >>> run_code("assert x == 3, 'x is not right'", ns)[0]["traceback"]
    ['AssertionError: x is not right']

    Used in: grading (the clean check of each test).
    """
    out, err = io.StringIO(), io.StringIO()
    outputs: list[dict] = []
    value = None
    try:
        tree = ast.parse(python_source(source))
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body[-1].value)
            tree.body.pop()
        with (
            _alarm(timeout),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            warnings.catch_warnings(),
        ):
            warnings.simplefilter("ignore")
            exec(compile(tree, "<test>", "exec"), namespace)  # noqa: S102
            if last is not None:
                value = eval(compile(last, "<test>", "eval"), namespace)  # noqa: S307
    except BaseException as exc:  # a test may fail in any way
        if isinstance(exc, KeyboardInterrupt):
            raise
        error: dict[str, Any] | None = _error(type(exc).__name__, str(exc))
    else:
        error = None
    if out.getvalue():
        outputs.append(
            {"output_type": "stream", "name": "stdout", "text": out.getvalue()}
        )
    if err.getvalue():
        outputs.append(
            {"output_type": "stream", "name": "stderr", "text": err.getvalue()}
        )
    if value is not None and error is None:
        outputs.append(
            {
                "output_type": "execute_result",
                "execution_count": None,
                "metadata": {},
                "data": {"text/plain": repr(value)},
            }
        )
    if error is not None:
        outputs.append(error)
    return outputs


def check_notebook(
    name: str,
    notebook: NotebookNode,
    steps: tuple[Step, ...],
    run: NotebookRun | None,
    folder: Path,
    *,
    timeout: float = 30,
) -> tuple[NotebookNode, list[TestOutcome]]:
    """Grade a prepared notebook from what its sandboxed run captured.

    Parameters
    ----------
    name : str
        The notebook's name.
    notebook : NotebookNode
        The prepared notebook (changed in place: it becomes the autograded
        notebook, with the kernel's outputs and each test's outcome).
    steps : tuple of Step
        Its plan (the names each test reads).
    run : NotebookRun or None
        What the sandbox returned; ``None`` when nothing ran.
    folder : Path
        A folder holding a fresh copy of the released files (the tests'
        working folder).
    timeout : float
        Seconds each test may take.

    Returns
    -------
    (NotebookNode, list of TestOutcome)
        The autograded notebook and one outcome per test, in order.

    Used in: grading (``pmcourse autograde``).
    """
    from nbformat import from_dict
    from nbgrader.utils import determine_grade

    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "get_ipython": lambda: _Shell(),
        # Locked cells may show tables; here nothing is shown.
        "display": lambda *args, **kwargs: None,
    }
    outcomes = []
    stopped = run.message if run is not None and run.event else "nothing ran"
    with contextlib.chdir(folder):
        for index, (cell, step) in enumerate(zip(notebook.cells, steps, strict=True)):
            if cell.cell_type != "code":
                continue
            done = run.cells.get(index) if run is not None else None
            if not is_test(cell):
                cell.outputs = [from_dict(o) for o in (done or {}).get("outputs", [])]
                cell.execution_count = (done or {}).get("execution_count")
                if is_protected(cell):
                    run_code(cell.source, namespace, timeout=timeout)
                continue
            meta = cell.metadata["nbgrader"]
            points = float(meta.get("points", 0))
            if run is None or step.grade_id not in run.captures:
                message = f"not run: the notebook stopped before this test ({stopped})"
                cell.outputs = [from_dict(_error("NotRun", message))]
                outcomes.append(
                    TestOutcome(name, meta["grade_id"], points, 0.0, False, message)
                )
                continue
            captured = run.captures[step.grade_id]
            if captured is None:
                outputs = [
                    _error(
                        "GraderError",
                        "the grader could not read your answers at this test "
                        "(did your code replace display or print?)",
                    )
                ]
            else:
                values = decode(captured)
                for var in step.names:
                    if var in values:
                        namespace[var] = values[var]
                    else:
                        namespace.pop(var, None)
                outputs = run_code(cell.source, namespace, timeout=timeout)
            cell.outputs = [from_dict(o) for o in outputs]
            score, _ = determine_grade(cell)
            score = float(score or 0.0)
            message = next(
                (
                    "\n".join(o["traceback"])
                    for o in outputs
                    if o["output_type"] == "error"
                ),
                "",
            )
            if not message and score < points:
                message = next(
                    (o["text"][-300:] for o in outputs if o.get("name") == "stderr"),
                    "partial credit",
                )
            outcomes.append(
                TestOutcome(name, meta["grade_id"], points, score, True, message)
            )
    return notebook, outcomes
