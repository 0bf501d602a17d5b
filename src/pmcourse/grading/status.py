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
"""

from __future__ import annotations

import hashlib
import json
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
)
"""


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
            db.execute(_SCHEMA)
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
