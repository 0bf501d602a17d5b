"""What a notebook cell is to the grader, in nbgrader's own terms.

The predicates are nbgrader's (:mod:`nbgrader.utils`): a *test* is a grade
cell that is not a solution, a *protected* cell is one nbgrader would
overwrite (:func:`nbgrader.utils.is_locked`: locked cells and tests), and a
cell is compared with its release by :func:`nbgrader.utils.compute_checksum`,
as nbgrader's ``CheckCellMetadata`` does. What nbgrader lacks is here too:
reading a cell's source as Python (magics and all) and the names it binds
and reads, which decide what the sandbox captures for a test.
"""

from __future__ import annotations

import ast
from typing import Any

from IPython.core.inputtransformer2 import TransformerManager
from nbformat import NotebookNode
from nbgrader import utils

__all__ = [
    "bound_names",
    "is_answer",
    "checksum",
    "is_protected",
    "is_test",
    "nbgrader_meta",
    "python_source",
    "read_names",
]


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    """Return a cell's nbgrader metadata (empty when it has none or it is broken).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cell = new_code_cell("x = 1")
    >>> nbgrader_meta(cell)
    {}
    >>> cell.metadata["nbgrader"] = None  # a student's editor wrote null
    >>> nbgrader_meta(cell)
    {}
    """
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _labelled(cell: NotebookNode) -> bool:
    # nbgrader's predicates read ``metadata.nbgrader`` as a dict: only ask them
    # about a cell whose metadata is one (a student's editor may write null)
    return bool(nbgrader_meta(cell))


def is_test(cell: NotebookNode) -> bool:
    """Return whether a cell is an autograded test (a grade code cell).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cell = new_code_cell("assert x")
    >>> cell.metadata["nbgrader"] = {"grade": True, "solution": False}
    >>> is_test(cell)
    True

    Used in: grading (``pmcourse autograde``).
    """
    return (
        cell.cell_type == "code"
        and _labelled(cell)
        and bool(utils.is_grade(cell))
        and not utils.is_solution(cell)
    )


def is_answer(cell: NotebookNode) -> bool:
    """Return whether a cell is a student's answer (nbgrader's solution cell).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cell = new_code_cell("# YOUR CODE HERE")
    >>> cell.metadata["nbgrader"] = {"solution": True, "grade_id": "a"}
    >>> is_answer(cell), is_test(cell)
    (True, False)
    """
    return _labelled(cell) and bool(utils.is_solution(cell))


def is_protected(cell: NotebookNode) -> bool:
    """Return whether a student may not change a cell (locked, or a test).

    A protected cell has a grade id and nbgrader would overwrite it
    (:func:`nbgrader.utils.is_locked`).

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell
    >>> cell = new_markdown_cell("Read this")
    >>> cell.metadata["nbgrader"] = {"locked": True, "grade_id": "intro"}
    >>> is_protected(cell)
    True

    Used in: grading (``pmcourse autograde``).
    """
    return (
        _labelled(cell)
        and bool(nbgrader_meta(cell).get("grade_id"))
        and bool(utils.is_locked(cell))
    )


def checksum(cell: NotebookNode) -> str | None:
    """Return nbgrader's checksum of a cell, or None when its metadata is incomplete.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cell = new_code_cell("x = 1")
    >>> checksum(cell) is None
    True
    >>> cell.metadata["nbgrader"] = {"locked": True, "grade_id": "s"}
    >>> len(checksum(cell))
    32
    """
    if not _labelled(cell):
        return None
    try:
        return str(utils.compute_checksum(cell))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def python_source(source: str) -> str:
    r"""Return a cell's source as plain Python (IPython magics translated).

    Examples
    --------
    >>> python_source("%matplotlib inline\nx = 1")
    "get_ipython().run_line_magic('matplotlib', 'inline')\nx = 1\n"
    """
    return str(TransformerManager().transform_cell(source))


def bound_names(source: str) -> set[str]:
    r"""Return the names a cell's code binds (assignments, imports, defs, loops).

    Examples
    --------
    >>> sorted(bound_names("import pandas as pd\nfor t in x: y = t"))
    ['pd', 't', 'y']

    Used in: grading (which answers a test reads).
    """
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return set()
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            out.add(node.id)
        elif isinstance(node, ast.alias):
            out.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
    return out


def read_names(source: str) -> set[str]:
    """Return the names a cell's code reads.

    Examples
    --------
    >>> sorted(read_names("assert abs(es['A'] - 0) < tol"))
    ['abs', 'es', 'tol']

    Used in: grading (which answers a test reads).
    """
    try:
        tree = ast.parse(python_source(source))
    except SyntaxError:
        return set()
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
