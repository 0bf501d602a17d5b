"""The learner's progress store: one SQLite file in the user data folder.

Self-check answers, practice items answered (with the time taken), exercise
Validate results and lessons opened are written here by the course's widgets,
and read back by "My progress". The file stays on the learner's machine
(``platformdirs.user_data_dir("pmcourse")``; on a JupyterHub, the student's
own home). ``PMCOURSE_PROGRESS_DIR`` points it elsewhere (tests do).

Two notebooks may write at once: the file runs in WAL mode, every write is one
short transaction, and a write that finds the file locked waits and retries.
An older file is upgraded in place when it is opened (``PRAGMA
user_version`` holds the schema version).

Used in: lesson 00, start here ("My progress"); every lesson's self-checks;
lesson 09, CAPM practice.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ProgressStore",
    "default_path",
]

#: Environment variable naming the folder of the progress file.
ENV_VAR = "PMCOURSE_PROGRESS_DIR"
#: The file's name inside that folder.
FILE_NAME = "progress.sqlite3"
#: The schema version this code writes (``PRAGMA user_version``).
SCHEMA_VERSION = 3

#: Version 1 (the first release): self-checks, practice answers without the
#: outline task or the mode, lessons. Kept to upgrade such files.
_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS self_checks (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, lesson TEXT NOT NULL,
    question TEXT NOT NULL, chosen INTEGER, correct INTEGER NOT NULL,
    attempt INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS practice (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, item TEXT NOT NULL,
    domain INTEGER NOT NULL, difficulty INTEGER, response TEXT,
    correct INTEGER NOT NULL, seconds REAL);
CREATE TABLE IF NOT EXISTS lessons (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, lesson TEXT NOT NULL,
    event TEXT NOT NULL);
"""
#: Version 2 adds the practice item's task, family seed and mode, the
#: self-checks shown (so that a lesson's count is known) and Validate results.
_UPGRADE_V2 = """
ALTER TABLE practice ADD COLUMN task TEXT;
ALTER TABLE practice ADD COLUMN seed INTEGER;
ALTER TABLE practice ADD COLUMN mode TEXT NOT NULL DEFAULT 'exam';
CREATE TABLE IF NOT EXISTS questions (
    lesson TEXT NOT NULL, question TEXT NOT NULL, text TEXT,
    PRIMARY KEY (lesson, question));
CREATE TABLE IF NOT EXISTS validations (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, assignment TEXT NOT NULL,
    passed INTEGER NOT NULL, total INTEGER NOT NULL);
"""
#: Version 3 adds each part of a Validate run (its test cell and whether it
#: passed), so that "My progress" can say which parts still fail.
_UPGRADE_V3 = """
CREATE TABLE IF NOT EXISTS validated_parts (
    id INTEGER PRIMARY KEY, validation INTEGER NOT NULL, at REAL NOT NULL,
    assignment TEXT NOT NULL, part TEXT NOT NULL, passed INTEGER NOT NULL);
"""
#: The tables of the current schema, in export order.
TABLES = (
    "lessons",
    "questions",
    "self_checks",
    "practice",
    "validations",
    "validated_parts",
)
_RETRIES = 50


def default_path() -> Path:
    """Return where the progress file lives.

    ``$PMCOURSE_PROGRESS_DIR/progress.sqlite3`` when the variable is set,
    else ``progress.sqlite3`` in the user data folder of ``pmcourse``
    (``~/.local/share/pmcourse`` on Linux).

    Returns
    -------
    Path

    Examples
    --------
    >>> default_path().name
    'progress.sqlite3'

    Used in: lesson 00, start here ("My progress").
    """
    folder = os.environ.get(ENV_VAR)
    if not folder:
        import platformdirs

        folder = platformdirs.user_data_dir("pmcourse", appauthor=False)
    return Path(folder).expanduser() / FILE_NAME


class ProgressStore:
    """Read and write one learner's progress file.

    Parameters
    ----------
    path : str or Path, optional
        The SQLite file; :func:`default_path` by default. Its folder is made
        when missing, and an older file is upgraded on first use.
    clock : callable, optional
        Returns the time in seconds since the epoch (``time.time``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> store = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite3")
    >>> store.record_self_check("04_earned_value", "What is CPI?", 1, True)
    >>> store.table("self_checks")[["lesson", "correct", "attempt"]].values.tolist()
    [['04_earned_value', 1, 1]]

    Used in: lesson 00, start here ("My progress"); every lesson's self-checks.
    """

    def __init__(self, path: str | Path | None = None, *, clock: Any = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._clock = clock or time.time
        self._ready = False

    # --- the connection -----------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 10000")
        return con

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Open one short write transaction, retrying while the file is locked."""
        self._prepare()
        delay = 0.01
        for attempt in range(_RETRIES):
            con = self._connect()
            try:
                con.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as err:
                con.close()
                if "locked" not in str(err) or attempt == _RETRIES - 1:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
                continue
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.close()
            return

    def _prepare(self) -> None:
        """Create or upgrade the file once per store object."""
        if self._ready and self.path.exists():
            return
        con = self._connect()
        try:
            for attempt in range(_RETRIES):
                try:
                    con.execute("PRAGMA journal_mode = WAL")
                    con.execute("BEGIN IMMEDIATE")
                    version = con.execute("PRAGMA user_version").fetchone()[0]
                    if version > SCHEMA_VERSION:
                        con.execute("ROLLBACK")
                        raise ValueError(
                            f"progress file {self.path} has schema version "
                            f"{version}, newer than this pmcourse ({SCHEMA_VERSION}); "
                            "update pmcourse"
                        )
                    if version < 1:
                        _script(con, _SCHEMA_V1)
                    if version < 2:
                        _script(con, _UPGRADE_V2)
                    if version < 3:
                        _script(con, _UPGRADE_V3)
                    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    con.execute("COMMIT")
                    break
                except sqlite3.OperationalError as err:
                    if con.in_transaction:
                        con.execute("ROLLBACK")
                    if "locked" not in str(err) or attempt == _RETRIES - 1:
                        raise
                    time.sleep(0.02)
        finally:
            con.close()
        self._ready = True

    def schema_version(self) -> int:
        """Return the file's schema version (0 if it does not exist yet).

        Returns
        -------
        int
        """
        if not self.path.exists():
            return 0
        con = self._connect()
        try:
            return int(con.execute("PRAGMA user_version").fetchone()[0])
        finally:
            con.close()

    # --- writing ------------------------------------------------------------

    def record_lesson(self, lesson: str, event: str = "opened") -> None:
        """Record that a lesson was opened or finished.

        Parameters
        ----------
        lesson : str
            The lesson's name, e.g. ``"04_earned_value"``.
        event : {"opened", "finished"}

        Raises
        ------
        ValueError
            If ``event`` is not one of the two.
        """
        if event not in ("opened", "finished"):
            raise ValueError(f"event must be 'opened' or 'finished', got {event!r}")
        with self._write() as con:
            con.execute(
                "INSERT INTO lessons (at, lesson, event) VALUES (?, ?, ?)",
                (self._clock(), str(lesson), event),
            )

    def record_question(self, lesson: str, question: str, text: str = "") -> None:
        """Record that a lesson shows a self-check (once per question).

        Parameters
        ----------
        lesson : str
        question : str
            The question's id (see :func:`pmcourse.progress.question_id`).
        text : str
            The question, for the export.
        """
        with self._write() as con:
            con.execute(
                "INSERT OR IGNORE INTO questions (lesson, question, text) "
                "VALUES (?, ?, ?)",
                (str(lesson), str(question), str(text)),
            )

    def record_self_check(
        self,
        lesson: str,
        question: str,
        chosen: int | None,
        correct: bool,
        attempt: int = 1,
    ) -> None:
        """Record one answer to a self-check question.

        Parameters
        ----------
        lesson : str
        question : str
            The question's id.
        chosen : int or None
            The option picked (from 0).
        correct : bool
        attempt : int
            1 for the first pick, 2 for the second...
        """
        with self._write() as con:
            con.execute(
                "INSERT OR IGNORE INTO questions (lesson, question, text) "
                "VALUES (?, ?, '')",
                (str(lesson), str(question)),
            )
            con.execute(
                "INSERT INTO self_checks (at, lesson, question, chosen, correct, "
                "attempt) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    self._clock(),
                    str(lesson),
                    str(question),
                    chosen,
                    int(bool(correct)),
                    int(attempt),
                ),
            )

    def record_practice(self, rows: list[dict[str, Any]]) -> None:
        """Record practice items answered, in one transaction.

        Parameters
        ----------
        rows : list of dict
            Each with ``item``, ``domain``, ``correct`` and optionally
            ``task``, ``difficulty``, ``seed``, ``response``, ``seconds``,
            ``mode`` (``"exam"`` or ``"adaptive"``).

        Raises
        ------
        ValueError
            If a row lacks ``item``, ``domain`` or ``correct``.
        """
        values = []
        for k, row in enumerate(rows):
            missing = [n for n in ("item", "domain", "correct") if n not in row]
            if missing:
                raise ValueError(f"practice row {k} lacks {', '.join(missing)}")
            response = row.get("response")
            values.append(
                (
                    self._clock(),
                    str(row["item"]),
                    int(row["domain"]),
                    row.get("task"),
                    row.get("difficulty"),
                    row.get("seed"),
                    None if response is None else json.dumps(response, default=str),
                    int(bool(row["correct"])),
                    row.get("seconds"),
                    str(row.get("mode", "exam")),
                )
            )
        with self._write() as con:
            con.executemany(
                "INSERT INTO practice (at, item, domain, task, difficulty, seed, "
                "response, correct, seconds, mode) VALUES (?,?,?,?,?,?,?,?,?,?)",
                values,
            )

    def record_validation(
        self,
        assignment: str,
        passed: int,
        total: int,
        parts: Mapping[str, bool] | None = None,
    ) -> None:
        """Record an exercise's Validate result, and each part's, at once.

        Parameters
        ----------
        assignment : str
            e.g. ``"ps04_earned_value"``.
        passed, total : int
            Checks passed and checks run.
        parts : mapping of str to bool, optional
            Each part's test cell (its ``grade_id``) and whether it passed.

        Raises
        ------
        ValueError
            If ``passed`` is not 0 to ``total``.
        """
        if not 0 <= int(passed) <= int(total):
            raise ValueError(
                f"passed must be 0 to total ({total}) checks, got {passed}"
            )
        at = self._clock()
        with self._write() as con:
            cursor = con.execute(
                "INSERT INTO validations (at, assignment, passed, total) "
                "VALUES (?, ?, ?, ?)",
                (at, str(assignment), int(passed), int(total)),
            )
            con.executemany(
                "INSERT INTO validated_parts (validation, at, assignment, part, "
                "passed) VALUES (?, ?, ?, ?, ?)",
                [
                    (cursor.lastrowid, at, str(assignment), str(part), int(bool(ok)))
                    for part, ok in (parts or {}).items()
                ],
            )

    # --- reading, export and forget ---------------------------------------------

    def table(self, name: str) -> pd.DataFrame:
        """Return one table as a DataFrame (empty when nothing is recorded).

        Parameters
        ----------
        name : str
            One of ``lessons``, ``questions``, ``self_checks``, ``practice``,
            ``validations``, ``validated_parts``.

        Returns
        -------
        DataFrame

        Raises
        ------
        ValueError
            If the table is not one of those.
        """
        if name not in TABLES:
            raise ValueError(f"table must be one of {', '.join(TABLES)}, got {name!r}")
        self._prepare()
        con = self._connect()
        try:
            return pd.read_sql_query(f"SELECT * FROM {name}", con)  # noqa: S608
        finally:
            con.close()

    def export(self, target: str | Path) -> Path:
        """Write everything recorded to a JSON file the learner can read.

        Parameters
        ----------
        target : str or Path
            The JSON file to write.

        Returns
        -------
        Path
            The file written.
        """
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "source": str(self.path),
        }
        for name in TABLES:
            frame = self.table(name)
            data[name] = json.loads(frame.to_json(orient="records"))
        target = Path(target)
        target.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return target

    def forget(self) -> list[Path]:
        """Delete the progress file (and SQLite's side files).

        Returns
        -------
        list of Path
            The files deleted.
        """
        gone = []
        for suffix in ("", "-wal", "-shm", "-journal"):
            f = self.path.with_name(self.path.name + suffix)
            if f.exists():
                f.unlink()
                gone.append(f)
        self._ready = False
        return gone


def _script(con: sqlite3.Connection, script: str) -> None:
    """Run the statements of a script inside the open transaction."""
    for statement in script.split(";"):
        if statement.strip():
            con.execute(statement)
