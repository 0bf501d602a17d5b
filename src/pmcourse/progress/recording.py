"""What the widgets call to record a learner's work, without ever failing.

A lesson is named by the notebook the kernel runs (JupyterLab sets
``JPY_SESSION_NAME``) unless the widget is told its lesson. Recording errors
(a read-only home, a full disk) become one warning, never an exception in
the learner's notebook.

Used in: every lesson's self-checks; lesson 09, CAPM practice.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pmcourse.progress.store import ProgressStore, default_path

__all__ = [
    "current_lesson",
    "default_store",
    "question_id",
    "record_exam",
    "record_lesson",
    "record_practice",
    "record_question",
    "record_self_check",
    "record_validation",
]

_STORES: dict[Path, ProgressStore] = {}
_WARNED: set[str] = set()


def default_store() -> ProgressStore:
    """Return the store at :func:`pmcourse.progress.default_path` (one per path).

    Returns
    -------
    ProgressStore

    Examples
    --------
    >>> default_store().path.name
    'progress.sqlite3'

    Used in: lesson 00, start here ("My progress").
    """
    path = default_path()
    if path not in _STORES:
        _STORES[path] = ProgressStore(path)
    return _STORES[path]


def question_id(text: str) -> str:
    """Return a short stable id for a self-check question's text.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        12 hexadecimal digits of the text's SHA-1.

    Examples
    --------
    >>> question_id("What is CPI?")
    'e9d8246cd6bf'

    Used in: every lesson's self-checks.
    """
    return hashlib.sha1(str(text).strip().encode("utf-8")).hexdigest()[:12]


def current_lesson() -> str:
    """Return the notebook the kernel runs, by its stem ("" if unknown).

    Returns
    -------
    str

    Examples
    --------
    >>> import os
    >>> os.environ["JPY_SESSION_NAME"] = "/home/ada/notebooks/04_earned_value.ipynb"
    >>> current_lesson()
    '04_earned_value'
    >>> del os.environ["JPY_SESSION_NAME"]

    Used in: every lesson's self-checks.
    """
    name = os.environ.get("JPY_SESSION_NAME", "")
    return Path(name).stem if name else ""


def _safely(what: str, action: Any, *args: Any, **kwargs: Any) -> bool:
    try:
        action(*args, **kwargs)
    except Exception as err:  # noqa: BLE001 - recording must never break a lesson
        if what not in _WARNED:
            _WARNED.add(what)
            warnings.warn(
                f"pmcourse could not record {what} in {default_path()}: {err}",
                RuntimeWarning,
                stacklevel=3,
            )
        return False
    return True


def record_lesson(lesson: str, event: str = "opened") -> bool:
    """Record that a lesson was opened or finished; return whether it was.

    Parameters
    ----------
    lesson : str
    event : {"opened", "finished"}

    Returns
    -------
    bool
    """
    return _safely("a lesson", default_store().record_lesson, lesson, event)


def record_question(lesson: str, text: str) -> bool:
    """Record that a lesson shows a self-check question; return whether it was.

    Parameters
    ----------
    lesson : str
    text : str
        The question.

    Returns
    -------
    bool
    """
    return _safely(
        "a self-check", default_store().record_question, lesson, question_id(text), text
    )


def record_self_check(
    lesson: str, text: str, chosen: int | None, correct: bool, attempt: int
) -> bool:
    """Record an answer to a self-check; return whether it was recorded.

    Parameters
    ----------
    lesson : str
    text : str
        The question.
    chosen : int or None
    correct : bool
    attempt : int

    Returns
    -------
    bool
    """
    return _safely(
        "a self-check answer",
        default_store().record_self_check,
        lesson,
        question_id(text),
        chosen,
        correct,
        attempt,
    )


def record_practice(rows: list[dict[str, Any]]) -> bool:
    """Record practice items answered; return whether they were recorded.

    Parameters
    ----------
    rows : list of dict
        See :meth:`ProgressStore.record_practice`.

    Returns
    -------
    bool
    """
    return _safely("practice answers", default_store().record_practice, rows)


def record_validation(
    assignment: str,
    passed: int,
    total: int,
    parts: Mapping[str, bool] | None = None,
) -> bool:
    """Record an exercise's Validate result; return whether it was recorded.

    Parameters
    ----------
    assignment : str
    passed, total : int
    parts : mapping of str to bool, optional
        Each part's test cell and whether it passed.

    Returns
    -------
    bool
    """
    return _safely(
        "a Validate result",
        default_store().record_validation,
        assignment,
        passed,
        total,
        parts,
    )


def practice_rows(
    items: list[Any],
    responses: list[Any],
    seconds: Sequence[float | None] | None,
    mode: str = "exam",
) -> list[dict[str, Any]]:
    """Return the rows to record for practice items answered (blanks left out).

    Parameters
    ----------
    items : list of pmcourse.capm.Item
    responses : list
        One response per item (None while blank).
    seconds : sequence of float or None, or None
        The seconds each item took, from when it was shown to when it was
        answered (:attr:`pmcourse.capm.ExamSession.item_seconds`); None
        where unknown.
    mode : str
        ``"exam"`` or ``"adaptive"``.

    Returns
    -------
    list of dict

    Raises
    ------
    ValueError
        If ``seconds`` does not give one time per item.

    Examples
    --------
    >>> from pmcourse.capm import draw
    >>> item = draw("F-EVM-01", 3)
    >>> rows = practice_rows([item, item], [item.answer, None], [41.5, None])
    >>> len(rows), rows[0]["correct"], rows[0]["seconds"]
    (1, True, 41.5)

    Used in: lesson 09, CAPM practice.
    """
    from pmcourse.capm import grade

    times = [None] * len(items) if seconds is None else list(seconds)
    if len(times) != len(items):
        raise ValueError(
            f"seconds: expected one time per item ({len(items)}), got {len(times)}"
        )
    rows = []
    for item, response, took in zip(items, responses, times, strict=True):
        if response is None:
            continue
        rows.append(
            {
                "item": item.id,
                "domain": item.domain,
                "task": item.task,
                "difficulty": item.difficulty,
                "seed": item.seed,
                "response": list(response) if isinstance(response, tuple) else response,
                "correct": bool(grade(item, response)),
                "seconds": None if took is None else float(took),
                "mode": mode,
            }
        )
    return rows


def record_exam(
    items: list[Any],
    responses: list[Any],
    seconds: Sequence[float | None] | None,
    mode: str = "exam",
) -> bool:
    """Record a practice exam's answered items; return whether they were recorded.

    Parameters
    ----------
    items, responses, seconds, mode
        As for :func:`practice_rows`.

    Returns
    -------
    bool
    """
    rows = practice_rows(items, responses, seconds, mode)
    return record_practice(rows) if rows else True
