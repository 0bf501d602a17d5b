"""One truthful record per submission: status, score, time, problems.

Each graded submission ends in exactly one status (:data:`STATUSES`). The
records live in a small SQLite file beside the gradebook
(``grading/pmcourse_status.db``, git-ignored); each is written in one
transaction after the gradebook, with a checksum of the submitted files, so
a batch killed at any point resumes with exactly what is missing, and a
submission that changed since it was graded is graded again.

Scores are read live from nbgrader's gradebook (:func:`live_scores`), so
marks given by hand in the formgrader show in ``pmcourse status`` and in
exports.

Beside the records the same file keeps each submission's arrival (time and
the LMS's late mark, from ``pmcourse import``) and every review decision
(``pmcourse review``: accept, override, reopen), with who, when and why; a
decision applies to the submission it was made on (the same checksum), so a
changed resubmission is reviewed afresh.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Every status a submission can end in, and what it means.
STATUSES = {
    "graded": "graded: every test ran",
    "timed-out": "stopped at the time limit; tests after it earn nothing",
    "crashed": "the kernel died or exited; tests after it earn nothing",
    "memory-limit": "ran out of its memory allowance",
    "tampered": "locked or test cells were changed (restored and graded; review)",
    "invalid": "not a readable notebook (missing, empty, bad JSON, old format)",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submission (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    status TEXT NOT NULL,
    auto_score REAL,
    max_score REAL,
    seconds REAL,
    problems TEXT NOT NULL,
    tests TEXT NOT NULL,
    checksum TEXT NOT NULL,
    graded_at REAL NOT NULL,
    PRIMARY KEY (assignment, student)
);
CREATE TABLE IF NOT EXISTS arrival (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    lms_late INTEGER NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (assignment, student)
);
CREATE TABLE IF NOT EXISTS decision (
    assignment TEXT NOT NULL,
    student TEXT NOT NULL,
    action TEXT NOT NULL,
    score REAL,
    reason TEXT NOT NULL,
    who TEXT NOT NULL,
    made_at REAL NOT NULL,
    checksum TEXT NOT NULL
);
"""

#: What a review can decide.
ACTIONS = {
    "accept": "take the graded score of tampered, timed-out or crashed work",
    "score": "replace the score by the reviewer's",
    "reopen": "withdraw the earlier decisions",
}


def store_path(course) -> Path:  # noqa: ANN001 (a Course; no import cycle)
    """Return the status database of a course (``grading/pmcourse_status.db``).

    Examples
    --------
    >>> from pmcourse.grading.course import Course
    >>> store_path(Course(Path("/srv/course"))).as_posix()
    '/srv/course/grading/pmcourse_status.db'
    """
    return Path(course.grading) / "pmcourse_status.db"


@dataclass(frozen=True)
class Arrival:
    """When a submission arrived, as the import found it.

    Parameters
    ----------
    assignment, student : str
        Which submission.
    submitted_at : str
        ISO 8601 time in UTC (empty when unknown).
    lms_late : bool
        Whether the LMS marked it late.
    source : str
        The file it came from.
    """

    assignment: str
    student: str
    submitted_at: str
    lms_late: bool
    source: str = ""


@dataclass(frozen=True)
class Decision:
    """One review decision.

    Parameters
    ----------
    assignment, student : str
        Which submission.
    action : str
        One of :data:`ACTIONS`.
    score : float or None
        The reviewer's score (``score`` only).
    reason : str
        Why (required for ``score``).
    who : str
        The reviewer (the login name by default).
    made_at : float
        When (seconds since the epoch).
    checksum : str
        The submission's checksum when it was decided.
    """

    assignment: str
    student: str
    action: str
    score: float | None
    reason: str
    who: str
    made_at: float
    checksum: str

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"action: {self.action!r} is not one of {sorted(ACTIONS)}")

    def describe(self) -> str:
        """Return the decision in one line, for status and reports.

        Examples
        --------
        >>> Decision("ps", "ada", "score", 12.0, "hand check", "kim", 0.0,
        ...          "x").describe()
        'score 12 by kim on 1970-01-01 00:00 UTC: hand check'
        """
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(self.made_at))
        what = self.action
        if self.action == "score" and self.score is not None:
            what += f" {self.score:g}"
        return f"{what} by {self.who} on {when}" + (
            f": {self.reason}" if self.reason else ""
        )


def reviewer() -> str:
    """Return who is making a decision: ``PMCOURSE_REVIEWER`` or the login.

    Examples
    --------
    >>> isinstance(reviewer(), str) and reviewer() != ""
    True
    """
    name = os.environ.get("PMCOURSE_REVIEWER", "")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return f"uid {os.getuid()}"


@dataclass
class Record:
    """The grading record of one submission.

    Parameters
    ----------
    assignment, student : str
        Which submission.
    status : str
        One of :data:`STATUSES`.
    auto_score : float or None
        Points from the autograded tests (``None`` when nothing was graded).
    max_score : float
        Points available in the assignment (tests and hand-graded answers).
    seconds : float
        Wall-clock time the grading took.
    problems : list of str
        What the instructor should know (tampering, time-out, crash...).
    tests : list of dict
        One per test: notebook, grade_id, points, score, ran, message.
    checksum : str
        :func:`folder_checksum` of the submission when it was graded.
    graded_at : float
        When (seconds since the epoch).
    """

    assignment: str
    student: str
    status: str
    auto_score: float | None
    max_score: float
    seconds: float
    problems: list[str] = field(default_factory=list)
    tests: list[dict] = field(default_factory=list)
    checksum: str = ""
    graded_at: float = 0.0

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(
                f"status: {self.status!r} is not one of {sorted(STATUSES)}"
            )


def folder_checksum(folder: Path) -> str:
    """Return a SHA-256 over a folder's file names and contents.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.ipynb").write_text("{}")
    ...     len(folder_checksum(Path(tmp)))
    64

    Used in: grading (whether a submission changed since it was graded).
    """
    digest = hashlib.sha256()
    folder = Path(folder)
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class StatusStore:
    """The SQLite file of grading records.

    Parameters
    ----------
    path : Path
        The database file (created on first write).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = StatusStore(Path(tmp) / "status.db")
    ...     store.save(Record("ps03", "ada", "graded", 9.0, 15.0, 2.1))
    ...     [(r.student, r.status) for r in store.records("ps03")]
    [('ada', 'graded')]

    Used in: grading (``pmcourse autograde``, ``status``, ``export``).
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.executescript(_SCHEMA)
            yield db

    def save(self, record: Record) -> None:
        """Write (or replace) one record in a single transaction."""
        row = asdict(record)
        row["graded_at"] = row["graded_at"] or time.time()
        row["problems"] = json.dumps(row["problems"])
        row["tests"] = json.dumps(row["tests"])
        with self._db() as db, db:
            db.execute(
                "INSERT OR REPLACE INTO submission VALUES (:assignment, :student, "
                ":status, :auto_score, :max_score, :seconds, :problems, :tests, "
                ":checksum, :graded_at)",
                row,
            )

    def records(self, assignment: str) -> list[Record]:
        """Return an assignment's records, sorted by student."""
        if not self.path.exists():
            return []
        with self._db() as db:
            rows = db.execute(
                "SELECT assignment, student, status, auto_score, max_score, seconds, "
                "problems, tests, checksum, graded_at FROM submission "
                "WHERE assignment = ? ORDER BY student",
                (assignment,),
            ).fetchall()
        return [
            Record(a, s, st, sc, mx, sec, json.loads(p), json.loads(t), c, g)
            for a, s, st, sc, mx, sec, p, t, c, g in rows
        ]

    def get(self, assignment: str, student: str) -> Record | None:
        """Return one record, or None."""
        return next((r for r in self.records(assignment) if r.student == student), None)

    def save_arrival(self, arrival: Arrival) -> None:
        """Write (or replace) when a submission arrived."""
        with self._db() as db, db:
            db.execute(
                "INSERT OR REPLACE INTO arrival VALUES (?, ?, ?, ?, ?)",
                (
                    arrival.assignment,
                    arrival.student,
                    arrival.submitted_at,
                    int(arrival.lms_late),
                    arrival.source,
                ),
            )

    def arrivals(self, assignment: str) -> dict[str, Arrival]:
        """Return each student's arrival for an assignment."""
        if not self.path.exists():
            return {}
        with self._db() as db:
            rows = db.execute(
                "SELECT assignment, student, submitted_at, lms_late, source "
                "FROM arrival WHERE assignment = ?",
                (assignment,),
            ).fetchall()
        return {s: Arrival(a, s, t, bool(late), src) for a, s, t, late, src in rows}

    def decide(self, decision: Decision) -> None:
        """Add a review decision (the history is kept; nothing is replaced)."""
        with self._db() as db, db:
            db.execute(
                "INSERT INTO decision VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    decision.assignment,
                    decision.student,
                    decision.action,
                    decision.score,
                    decision.reason,
                    decision.who,
                    decision.made_at,
                    decision.checksum,
                ),
            )

    def decisions(self, assignment: str, student: str | None = None) -> list[Decision]:
        """Return the review history, oldest first."""
        if not self.path.exists():
            return []
        query = (
            "SELECT assignment, student, action, score, reason, who, made_at, "
            "checksum FROM decision WHERE assignment = ?"
        )
        args: tuple[str, ...] = (assignment,)
        if student is not None:
            query += " AND student = ?"
            args += (student,)
        with self._db() as db:
            rows = db.execute(query + " ORDER BY made_at, rowid", args).fetchall()
        return [Decision(*row) for row in rows]

    def standing(self, assignment: str) -> dict[str, Decision]:
        """Return each student's decision in force on the graded submission.

        The last ``accept`` or ``score`` made on the submission's current
        checksum, unless a ``reopen`` came after it.

        Examples
        --------
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     store = StatusStore(Path(tmp) / "s.db")
        ...     store.save(Record("ps", "ada", "tampered", 9.0, 15.0, 2.0,
        ...                       checksum="c1"))
        ...     store.decide(Decision("ps", "ada", "accept", None, "ok", "kim",
        ...                           1.0, "c1"))
        ...     [d.action for d in store.standing("ps").values()]
        ['accept']
        """
        records = {r.student: r for r in self.records(assignment)}
        out: dict[str, Decision] = {}
        for decision in self.decisions(assignment):
            record = records.get(decision.student)
            if record is None or decision.checksum != record.checksum:
                continue
            if decision.action == "reopen":
                out.pop(decision.student, None)
            else:
                out[decision.student] = decision
        return out


def live_scores(
    db_url: str, assignment: str, course_id: str = "pmcourse"
) -> dict[str, tuple[float, float, bool]]:
    """Return each student's current total from nbgrader's gradebook.

    Parameters
    ----------
    db_url : str
        The gradebook's URL.
    assignment : str
        The assignment.
    course_id : str
        nbgrader's course id.

    Returns
    -------
    dict of str to (float, float, bool)
        Student to ``(score, max_score, needs_manual_grade)``; hand-given
        marks included. Empty when the gradebook does not exist.

    Examples
    --------
    >>> live_scores("sqlite:////no/such/gradebook.db", "ps03")
    {}

    Used in: grading (``pmcourse status``, ``export``, ``report``).
    """
    from nbgrader.api import Gradebook, MissingEntry

    prefix = "sqlite:///"
    if db_url.startswith(prefix) and not Path(db_url[len(prefix) :]).is_file():
        return {}
    out = {}
    with Gradebook(db_url, course_id=course_id) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return {}
        for sub in found.submissions:
            out[sub.student.id] = (
                float(sub.score),
                float(sub.max_score),
                bool(sub.needs_manual_grade),
            )
    return out
