"""Record a student's Validate results, read from nbgrader's own answer.

nbgrader's Validate button posts the notebook to its server extension
(``/assignments/validate``), which runs it with nbgrader's ``Validator`` and
answers with the test cells that failed. The course's server extension
(:mod:`pmcourse.progress.server`, enabled by ``python -m pmcourse.setup_lab``)
serves that address with nbgrader's handler and, once nbgrader has
answered, records the run here: each autograded test cell of the notebook
(its ``grade_id``) passed unless nbgrader listed it as failed.

Grading never records: ``nbgrader autograde`` and ``pmcourse autograde`` do
not go through the Validate handler, and a Validate run on an instructor's
copy (beside a gradebook, or in a course's source, submitted, autograded or
feedback folder) is not recorded either (:func:`grading_folder`).

Used in: every exercise (Validate); lesson 00, start here ("My progress").
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pmcourse.progress.recording import record_validation

__all__ = ["grading_folder", "record_validate", "validate_parts"]

#: An instructor's folders of a course: source, collected and graded copies.
_COURSE_FOLDERS = {"source", "solutions", "submitted", "autograded", "feedback"}


def _source(cell: Mapping[str, Any]) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else str(text)


def validate_parts(
    notebook: Mapping[str, Any], result: Mapping[str, Any]
) -> dict[str, bool] | None:
    r"""Return each autograded test cell's ``grade_id`` and whether it passed.

    ``result`` is what nbgrader's ``Validator.validate`` returns: the failed
    cells' sources under ``"failed"`` (a test cell not listed passed), or
    ``"changed"``/``"type_changed"`` cells, when nothing was run.

    Parameters
    ----------
    notebook : mapping
        The notebook validated (nbformat 4, as read from its file).
    result : mapping
        nbgrader's answer.

    Returns
    -------
    dict or None
        ``grade_id`` to passed, in notebook order; None if nbgrader did not
        run the tests (locked cells changed).

    Examples
    --------
    >>> def cell(grade_id, source):
    ...     return {"cell_type": "code", "source": source, "metadata": {
    ...         "nbgrader": {"grade": True, "solution": False,
    ...                      "grade_id": grade_id}}}
    >>> nb = {"cells": [cell("check_cv", "assert cv < 0\\n"),
    ...                 cell("check_sv", "assert sv < 0")]}
    >>> validate_parts(nb, {"failed": [{"source": "assert sv < 0"}]})
    {'check_cv': True, 'check_sv': False}
    >>> validate_parts(nb, {}), validate_parts(nb, {"changed": []})
    ({'check_cv': True, 'check_sv': True}, None)

    Used in: every exercise (Validate).
    """
    if "changed" in result or "type_changed" in result or "passed" in result:
        return None
    failed = {str(f.get("source", "")).strip() for f in result.get("failed", [])}
    parts: dict[str, bool] = {}
    for cell in notebook.get("cells", []):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") != "code" or not meta.get("grade"):
            continue
        if meta.get("solution"):  # a written or coded answer, graded by hand
            continue
        grade_id = str(meta.get("grade_id") or f"test {len(parts) + 1}")
        parts[grade_id] = _source(cell).strip() not in failed
    return parts


def grading_folder(folder: str | os.PathLike[str]) -> bool:
    """Return whether ``folder`` is one of an instructor's course folders.

    That is, it lies beside or below a gradebook (``gradebook.db``), or in a
    course's ``source``, ``solutions``, ``submitted``, ``autograded`` or
    ``feedback`` folder (one next to an ``nbgrader_config.py``).

    Parameters
    ----------
    folder : path-like

    Returns
    -------
    bool

    Examples
    --------
    >>> import tempfile, pathlib
    >>> course = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (course / "nbgrader_config.py").write_text("")
    >>> grading_folder(course / "submitted" / "ana" / "ps04_earned_value")
    True
    >>> grading_folder(course / "exercises" / "ps04_earned_value")
    False

    Used in: every exercise (Validate).
    """
    path = Path(folder).resolve()
    for here in [path, *path.parents]:
        if (here / "gradebook.db").is_file():
            return True
        if (
            here.name in _COURSE_FOLDERS
            and (here.parent / "nbgrader_config.py").is_file()
        ):
            return True
    return False


def record_validate(path: str | os.PathLike[str], result: Mapping[str, Any]) -> bool:
    """Record a Validate run of the notebook at ``path``; return whether it was.

    The assignment is the notebook's folder (nbgrader's layout). Nothing is
    recorded for an instructor's copy (:func:`grading_folder`), a notebook
    without autograded tests, or a run nbgrader refused.

    Parameters
    ----------
    path : path-like
        The notebook validated.
    result : mapping
        nbgrader's answer (see :func:`validate_parts`).

    Returns
    -------
    bool

    Examples
    --------
    >>> import json, os, tempfile, pathlib
    >>> os.environ["PMCOURSE_PROGRESS_DIR"] = tempfile.mkdtemp()
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "ps04_earned_value"
    >>> folder.mkdir()
    >>> test = {"cell_type": "code", "source": "assert cv < 0", "metadata": {
    ...     "nbgrader": {"grade": True, "solution": False, "grade_id": "check_cv"}}}
    >>> _ = (folder / "ps04.ipynb").write_text(json.dumps({"cells": [test]}))
    >>> record_validate(folder / "ps04.ipynb", {})
    True
    >>> from pmcourse.progress import default_store
    >>> default_store().table("validated_parts")[["assignment", "part"]].values.tolist()
    [['ps04_earned_value', 'check_cv']]
    >>> del os.environ["PMCOURSE_PROGRESS_DIR"]

    Used in: every exercise (Validate).
    """
    notebook_path = Path(path)
    if grading_folder(notebook_path.parent):
        return False
    try:
        notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    parts = validate_parts(notebook, result)
    if not parts:
        return False
    passed = sum(parts.values())
    return record_validation(
        notebook_path.resolve().parent.name, passed, len(parts), parts
    )
