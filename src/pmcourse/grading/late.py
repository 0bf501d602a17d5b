"""Due dates, grace periods and the late penalty of each assignment.

The rules live in ``grading/due_dates.json`` (set with ``pmcourse due``)::

    {"ps03_scheduling": {"due": "2026-03-01T23:59:00+00:00",
                         "grace_minutes": 15, "per_day": 10, "cap": 50}}

A submission later than the due date plus the grace period is late by whole
days, rounded up (one minute past the grace is one day); its score loses
``per_day`` percent per day, at most ``cap`` percent. ``per_day`` 0 records
lateness without a penalty. The submission time is the one the import kept
(the LMS's), or nbgrader's ``timestamp.txt``. A file the LMS marked late
whose time is unknown counts as one day late; without a due date the LMS's
mark is shown but costs nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

_DAY = 86400.0


def _utc(text: str) -> dt.datetime:
    """Parse an ISO 8601 time (or nbgrader's timestamp); naive means UTC.

    Examples
    --------
    >>> _utc("2026-03-01 10:00:00.000000 UTC").isoformat()
    '2026-03-01T10:00:00+00:00'
    """
    text = text.strip().removesuffix(" UTC").removesuffix("Z")
    when = dt.datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


@dataclass(frozen=True)
class LatePolicy:
    """An assignment's due date and late penalty.

    Parameters
    ----------
    due : str
        ISO 8601 date and time (naive means UTC).
    grace_minutes : float
        Minutes after ``due`` that still count as on time.
    per_day : float
        Percent of the score lost per day late (0 to 100).
    cap : float
        Largest total penalty, in percent (0 to 100).

    Examples
    --------
    >>> rule = LatePolicy("2026-03-01T23:59", grace_minutes=15, per_day=10, cap=25)
    >>> rule.days_late("2026-03-02T00:10"), rule.days_late("2026-03-02T00:20")
    (0, 1)
    >>> rule.penalty(3)
    25.0
    """

    due: str
    grace_minutes: float = 0.0
    per_day: float = 0.0
    cap: float = 100.0

    def __post_init__(self) -> None:
        _utc(self.due)  # raises ValueError when the date is unreadable
        if self.grace_minutes < 0:
            raise ValueError(
                f"grace_minutes: expected 0 or more, got {self.grace_minutes}"
            )
        for name in ("per_day", "cap"):
            value = getattr(self, name)
            if not 0 <= value <= 100:
                raise ValueError(f"{name}: expected a percent 0-100, got {value}")

    def days_late(self, submitted_at: str) -> int:
        """Return whole days past due plus grace (0 when on time)."""
        limit = _utc(self.due) + dt.timedelta(minutes=self.grace_minutes)
        seconds = (_utc(submitted_at) - limit).total_seconds()
        return 0 if seconds <= 0 else math.ceil(seconds / _DAY)

    def penalty(self, days: int) -> float:
        """Return the percent lost for ``days`` days late."""
        return float(min(self.cap, self.per_day * max(0, days)))


def rules_path(course) -> Path:  # noqa: ANN001 (a Course)
    """Return the course's due-date file (``grading/due_dates.json``)."""
    return Path(course.grading) / "due_dates.json"


def read_rules(course) -> dict[str, LatePolicy]:  # noqa: ANN001
    """Return every assignment's :class:`LatePolicy` (empty without the file).

    Raises
    ------
    ValueError
        If the file is not valid JSON or a rule is wrong (the message names
        the assignment).
    """
    path = rules_path(course)
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as err:
        raise ValueError(f"due dates: {path} is not valid JSON ({err})") from None
    out = {}
    for assignment, rule in raw.items():
        try:
            out[assignment] = LatePolicy(**rule)
        except (TypeError, ValueError) as err:
            raise ValueError(f"due dates: {assignment} in {path}: {err}") from None
    return out


def write_rule(course, assignment: str, rule: LatePolicy | None) -> None:  # noqa: ANN001
    """Set (or, with None, remove) an assignment's rule in the file."""
    path = rules_path(course)
    raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if rule is None:
        raw.pop(assignment, None)
    else:
        raw[assignment] = asdict(rule)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Lateness:
    """How late one submission was and what it costs.

    Parameters
    ----------
    days : int
        Whole days late (0 when on time).
    percent : float
        Penalty in percent of the score.
    note : str
        The explanation shown in status, report and feedback ("" on time).
    """

    days: int = 0
    percent: float = 0.0
    note: str = ""

    def apply(self, score: float | None) -> float | None:
        """Return the score after the penalty, rounded to 2 decimals.

        Examples
        --------
        >>> Lateness(2, 20.0, "2 days late").apply(11.0)
        8.8
        """
        if score is None:
            return None
        return round(score * (1 - self.percent / 100), 2)


def lateness(
    rule: LatePolicy | None, submitted_at: str, lms_late: bool = False
) -> Lateness:
    """Return how late a submission was under a rule.

    Examples
    --------
    >>> rule = LatePolicy("2026-03-01T12:00", per_day=10, cap=50)
    >>> lateness(rule, "2026-03-03T11:00").note
    '2 days late (submitted 2026-03-03 11:00 UTC, due 2026-03-01 12:00 UTC): -20%'
    >>> lateness(None, "", lms_late=True).note
    'marked late by the LMS; no due date set here, so no penalty'
    """
    if rule is None:
        if lms_late:
            return Lateness(
                0, 0.0, "marked late by the LMS; no due date set here, so no penalty"
            )
        return Lateness()
    due = _utc(rule.due).strftime("%Y-%m-%d %H:%M UTC")
    if submitted_at:
        days = rule.days_late(submitted_at)
        when = _utc(submitted_at).strftime("%Y-%m-%d %H:%M UTC")
        if days == 0:
            return Lateness()
        what = f"{days} day{'s' if days > 1 else ''} late (submitted {when}, due {due})"
    elif lms_late:
        days = 1
        what = f"marked late by the LMS, time unknown: counted as 1 day (due {due})"
    else:
        return Lateness()
    percent = rule.penalty(days)
    return Lateness(days, percent, f"{what}: -{percent:g}%")
