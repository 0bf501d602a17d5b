"""Summaries of the progress file for "My progress": lessons, checks, exercises.

A lesson is *opened* once its setup cell has run in JupyterLab. It counts as
*done* when the learner has answered every self-check it
showed (at least three) correctly, or recorded it as finished. A self-check
is *right first time* when the learner's first pick was right.

Used in: lesson 00, start here ("My progress").
"""

from __future__ import annotations

import pandas as pd

from pmcourse.progress.store import ProgressStore

__all__ = ["lessons_summary", "self_check_summary", "validation_summary"]

#: A lesson shows at least this many self-checks (the lesson-structure rule).
MIN_CHECKS = 3


def self_check_summary(store: ProgressStore) -> pd.DataFrame:
    """Return one row per self-check question answered.

    Parameters
    ----------
    store : ProgressStore

    Returns
    -------
    DataFrame
        ``lesson``, ``question``, ``attempts``, ``right_first_time``,
        ``answered_right``, ``last_at``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite3")
    >>> s.record_self_check("04_earned_value", "q1", 0, False, 1)
    >>> s.record_self_check("04_earned_value", "q1", 1, True, 2)
    >>> self_check_summary(s)[["attempts", "right_first_time"]].values.tolist()
    [[2, False]]

    Used in: lesson 00, start here ("My progress").
    """
    answers = store.table("self_checks")
    columns = [
        "lesson",
        "question",
        "attempts",
        "right_first_time",
        "answered_right",
        "last_at",
    ]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    answers = answers.sort_values(["at", "id"])
    grouped = answers.groupby(["lesson", "question"], sort=True)
    out = pd.DataFrame(
        {
            "attempts": grouped.size(),
            "right_first_time": grouped["correct"].first().astype(bool),
            "answered_right": grouped["correct"].max().astype(bool),
            "last_at": grouped["at"].max(),
        }
    ).reset_index()
    return out[columns]


def lessons_summary(store: ProgressStore) -> pd.DataFrame:
    """Return one row per lesson the learner has worked in.

    Parameters
    ----------
    store : ProgressStore

    Returns
    -------
    DataFrame
        Indexed by ``lesson``: ``checks_shown``, ``checks_answered``,
        ``right_first_time``, ``opened`` (its setup cell ran), ``finished``
        (the learner marked it finished) and ``done``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite3")
    >>> for q in ("q1", "q2", "q3"):
    ...     s.record_self_check("04_earned_value", q, 1, True, 1)
    >>> bool(lessons_summary(s).loc["04_earned_value", "done"])
    True

    Used in: lesson 00, start here ("My progress").
    """
    shown = store.table("questions")
    checks = self_check_summary(store)
    lessons = store.table("lessons")
    names = sorted(
        set(shown["lesson"]) | set(checks["lesson"]) | set(lessons["lesson"])
    )
    rows = []
    for name in names:
        n_shown = int((shown["lesson"] == name).sum())
        mine = checks[checks["lesson"] == name]
        events = set(lessons.loc[lessons["lesson"] == name, "event"])
        finished = "finished" in events
        right = int(mine["answered_right"].sum())
        rows.append(
            {
                "lesson": str(name),
                "checks_shown": n_shown,
                "checks_answered": len(mine),
                "right_first_time": int(mine["right_first_time"].sum()),
                "opened": "opened" in events,
                "finished": finished,
                "done": finished
                or bool(right >= max(MIN_CHECKS, n_shown) and right == len(mine)),
            }
        )
    columns = [
        "checks_shown",
        "checks_answered",
        "right_first_time",
        "opened",
        "finished",
        "done",
    ]
    if not rows:
        return pd.DataFrame(columns=["lesson", *columns]).set_index("lesson")
    return pd.DataFrame(rows).set_index("lesson")[columns]


def validation_summary(store: ProgressStore) -> pd.DataFrame:
    """Return one row per exercise validated: its last Validate run.

    Parameters
    ----------
    store : ProgressStore

    Returns
    -------
    DataFrame
        Indexed by ``assignment``: ``runs`` (Validate runs), ``last_at``,
        ``passed`` and ``total`` (parts of the last run) and ``failing``
        (the last run's failing parts, by test cell, comma-separated).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite3")
    >>> s.record_validation("ps04_earned_value", 1, 2,
    ...                     {"check_baseline": True, "check_variances": False})
    >>> row = validation_summary(s).loc["ps04_earned_value"]
    >>> int(row["passed"]), int(row["total"]), row["failing"]
    (1, 2, 'check_variances')

    Used in: lesson 00, start here ("My progress").
    """
    runs = store.table("validations")
    columns = ["runs", "last_at", "passed", "total", "failing"]
    if runs.empty:
        return pd.DataFrame(columns=["assignment", *columns]).set_index("assignment")
    parts = store.table("validated_parts")
    runs = runs.sort_values(["at", "id"])
    rows = []
    for name, mine in runs.groupby("assignment", sort=True):
        last = mine.iloc[-1]
        failing = parts[(parts["validation"] == last["id"]) & (parts["passed"] == 0)]
        rows.append(
            {
                "assignment": str(name),
                "runs": len(mine),
                "last_at": float(last["at"]),
                "passed": int(last["passed"]),
                "total": int(last["total"]),
                "failing": ", ".join(failing.sort_values("id")["part"]),
            }
        )
    return pd.DataFrame(rows).set_index("assignment")[columns]
