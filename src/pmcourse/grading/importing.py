"""Import submissions from a folder or an LMS download into nbgrader's layout.

Each file of the download is matched to a student and written to
``grading/submitted/<student>/<assignment>/``. The naming of each LMS's
"download all submissions" is recognised:

- Canvas: ``smithjane_12345_67890_ps03.ipynb`` (``_late_`` may follow the
  name and is kept; a resubmitted file gets ``-1``, ``-2`` before its
  extension); the number after the name is the Canvas user id, matched
  through the roster whatever letters the login has (``sørensendd``);
- Moodle: ``Jane Smith_4567_assignsubmission_file_ps03.ipynb``, or a folder
  ``Jane Smith_4567_assignsubmission_file_/ps03.ipynb``; the number is the
  participant id;
- Blackboard: ``PS03_jsmith_attempt_2024-03-01-10-22-31_ps03.ipynb`` with a
  ``..._attempt_....txt`` receipt per attempt; ``jsmith`` is the username;
- a plain folder of ``<student>/<files>`` (as nbgrader collects them).

A roster CSV (``student_id`` and any of ``lms_id``, ``username``, ``email``,
``name``) maps LMS users to course ids; without one, the LMS id is the
student id. Every file that is not placed is reported with the reason.

When one student has several attempts at a file, they are ordered by the
LMS's own attempt mark (Canvas's ``-1``, ``-2`` suffix, Blackboard's attempt
time) and then by the submission time (the zip entry's or the file's
modification time), never by their order in the archive; the latest is kept
and the others reported. When nothing tells them apart, both are kept (the
second as ``<name> (attempt 2).ipynb``) and the import says so.

Each placed submission's time goes into nbgrader's ``timestamp.txt``; the
time and the LMS's late mark are also kept in the status database
(:meth:`pmcourse.grading.status.StatusStore.save_arrival`) for the late
penalty (:mod:`pmcourse.grading.late`). With a roster, every roster student
is added to nbgrader's gradebook, so that those who handed in nothing still
appear in ``pmcourse status`` and the export. The download itself is only
ever read.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pmcourse.grading.course import Course

#: Largest file taken from a download (bytes).
MAX_FILE_BYTES = 50 * 1024 * 1024

# The login: letters of any script (``sørensendd``), apostrophes, hyphens.
_CANVAS = re.compile(
    r"^(?P<name>[^\W\d_](?:[^\W\d_]|['\-])*?)(?P<late>_late)?_(?P<uid>\d+)_"
    r"(?P<attempt>\d+)_(?P<file>.+)$"
)
_MOODLE = re.compile(
    r"^(?P<name>.+?)_(?P<uid>\d+)_assignsubmission_(?:file|onlinetext)_(?P<file>.*)$"
)
_BLACKBOARD = re.compile(
    r"^(?P<assignment>.+?)_(?P<uid>[^_/]+)_attempt_"
    r"(?P<attempt>\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})(?:_(?P<file>.+)|\.txt)?$"
)
_COPY_SUFFIX = re.compile(r"(?:-(?P<dash>\d+)| \((?P<paren>\d+)\))$")
_SKIP = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Entry:
    """One file of a download, as found.

    Parameters
    ----------
    source : str
        Its name in the download (a path inside the zip or folder).
    lms : str
        ``canvas``, ``moodle``, ``blackboard`` or ``folder``.
    uid : str
        The LMS's id of the student (or the folder name).
    name : str
        The student's name as the LMS wrote it (may be empty).
    attempt : str
        Something that sorts later for a later attempt (may be empty).
    filename : str
        The file's own name, as the student submitted it.
    late : bool
        Whether the LMS marked the file late (Canvas's ``_late_``).
    submitted_at : str
        When it was submitted, ISO 8601 in UTC (empty when unknown; the
        import fills it from the archive).
    """

    source: str
    lms: str
    uid: str
    name: str
    attempt: str
    filename: str
    late: bool = False
    submitted_at: str = ""


def parse_name(path: str) -> Entry | None:
    """Recognise one downloaded file's LMS naming.

    Parameters
    ----------
    path : str
        The file's path inside the download (POSIX separators).

    Returns
    -------
    Entry or None
        None when no naming matches.

    Examples
    --------
    >>> parse_name("smithjane_late_12345_67890_ps03-1.ipynb").uid
    '12345'
    >>> e = parse_name("sørensendd_late_10006_800004_ps03.ipynb")
    >>> e.uid, e.name, e.late
    ('10006', 'sørensendd', True)
    >>> parse_name("Jane Smith_4567_assignsubmission_file_/ps03.ipynb").lms
    'moodle'
    >>> e = parse_name("PS03_jsmith_attempt_2024-03-01-10-22-31_ps03.ipynb")
    >>> e.uid, e.filename
    ('jsmith', 'ps03.ipynb')
    >>> parse_name("ada/ps03.ipynb").lms
    'folder'

    Used in: ``pmcourse import``.
    """
    parts = PurePosixPath(unicodedata.normalize("NFC", path)).parts
    if not parts:
        return None
    for depth in range(len(parts)):
        head = "/".join(parts[depth:])
        moodle = _MOODLE.match(head)
        if moodle:
            filename = moodle["file"].lstrip("/") or PurePosixPath(head).name
            return Entry(path, "moodle", moodle["uid"], moodle["name"], "", filename)
    base = parts[-1]
    canvas = _CANVAS.match(base)
    if canvas:
        return Entry(
            path,
            "canvas",
            canvas["uid"],
            canvas["name"],
            "",  # Canvas's number is the submission, not the attempt
            canvas["file"],
            late=bool(canvas["late"]),
        )
    board = _BLACKBOARD.match(base)
    if board:
        when = dt.datetime.strptime(board["attempt"], "%Y-%m-%d-%H-%M-%S")
        return Entry(
            path,
            "blackboard",
            board["uid"],
            "",
            board["attempt"],
            board["file"] or "",
            submitted_at=when.replace(tzinfo=dt.UTC).isoformat(),
        )
    if len(parts) >= 2:
        return Entry(path, "folder", parts[-2], "", "", base)
    return None


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9@.]", "", text.lower())


@dataclass
class Roster:
    """Course student ids by the identifiers an LMS uses.

    Parameters
    ----------
    rows : list of dict
        Rows with ``student_id`` and any of ``lms_id``, ``username``,
        ``email``, ``name``.
    """

    rows: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Roster:
        """Read a roster CSV.

        Raises
        ------
        ValueError
            If the file has no ``student_id`` column or a row has no id.
        """
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        if rows and "student_id" not in rows[0]:
            raise ValueError(
                f"roster: {path} has no 'student_id' column (columns: {list(rows[0])})"
            )
        for number, row in enumerate(rows, start=2):
            if not (row.get("student_id") or "").strip():
                raise ValueError(f"roster: {path} line {number} has no student_id")
        return cls([{k: (v or "").strip() for k, v in row.items()} for row in rows])

    def lookup(self, entry: Entry) -> str | None:
        """Return the course id of a downloaded file's student, or None.

        Examples
        --------
        >>> roster = Roster([{"student_id": "s1", "lms_id": "12345",
        ...                   "name": "Jane Smith"}])
        >>> roster.lookup(parse_name("smithjane_99_1_ps03.ipynb"))
        's1'
        """
        for row in self.rows:
            ids = {
                row.get(k, "") for k in ("lms_id", "username", "email", "student_id")
            }
            if entry.uid and entry.uid in ids - {""}:
                return row["student_id"]
        if entry.name:
            wanted = _norm(entry.name)
            for row in self.rows:
                words = row.get("name", "").replace(",", " ").split()
                forms = {_norm("".join(words)), _norm("".join(reversed(words)))}
                if wanted and wanted in forms - {""}:
                    return row["student_id"]
        return None


@dataclass
class ImportReport:
    """What an import did.

    Parameters
    ----------
    placed : list of (str, str, Path)
        ``(source, student, destination)`` of each file written.
    unplaced : list of (str, str)
        ``(source, reason)`` of each file not written.
    warnings : list of str
        Files placed that autograde will not grade as they are.
    added : list of str
        Roster students added to the gradebook by this import.
    """

    placed: list[tuple[str, str, Path]] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def students(self) -> list[str]:
        """Return the students who got at least one file."""
        return sorted({student for _, student, _ in self.placed})


def _members(
    path: Path, archive: zipfile.ZipFile | None
) -> Iterator[tuple[str, int, object, str]]:
    """Yield (name, size, opener, time) of each file in a zip or under a folder.

    The time (ISO 8601, UTC) is the zip entry's date or the file's
    modification time: when the LMS wrote the submission.
    """
    if archive is None:
        for item in sorted(p for p in path.rglob("*") if p.is_file()):
            stat = item.stat()
            when = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
            yield (
                item.relative_to(path).as_posix(),
                stat.st_size,
                item,
                when.isoformat(),
            )
        return
    for info in archive.infolist():
        if not info.is_dir():
            try:
                stamp = dt.datetime(*info.date_time, tzinfo=dt.UTC).isoformat()
            except ValueError:
                stamp = ""
            yield info.filename, info.file_size, (archive, info), stamp


def _copy_number(filename: str) -> tuple[str, int]:
    """Return a file name without its copy suffix and the suffix's number.

    Examples
    --------
    >>> _copy_number("ps03-2.ipynb"), _copy_number("ps03 (1).ipynb")
    (('ps03.ipynb', 2), ('ps03.ipynb', 1))
    >>> _copy_number("ps03.ipynb")
    ('ps03.ipynb', 0)
    """
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        return filename, 0
    found = _COPY_SUFFIX.search(stem)
    if not found:
        return filename, 0
    number = int(found["dash"] or found["paren"])
    return stem[: found.start()] + "." + ext, number


def _read(opener: object) -> bytes:
    if isinstance(opener, Path):
        return opener.read_bytes()
    archive, info = opener  # type: ignore[misc]
    with archive.open(info) as handle:  # type: ignore[has-type]
        return handle.read(MAX_FILE_BYTES + 1)


def import_submissions(
    course: Course,
    assignment: str,
    source: Path,
    roster: Roster | None = None,
) -> ImportReport:
    """Place a download's files in ``grading/submitted/<student>/<assignment>/``.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        The assignment the download is for.
    source : Path
        A folder or a ``.zip`` file (never modified).
    roster : Roster or None
        Maps LMS ids and names to student ids; None uses the LMS id.

    Returns
    -------
    ImportReport
        What was placed, what was not and why.

    Raises
    ------
    ValueError
        If the assignment is unknown or ``source`` is neither a folder nor a
        zip file.

    Examples
    --------
    >>> from pmcourse.setup_lab import find_course_root
    >>> course = Course(find_course_root())
    >>> import_submissions(course, "ps03_scheduling", Path("/no/such.zip"))
    Traceback (most recent call last):
    ...
    ValueError: source: /no/such.zip does not exist

    Used in: ``pmcourse import``.
    """
    source = Path(source)
    if assignment not in course.assignments():
        raise ValueError(
            f"assignment: {assignment!r} is not one of {course.assignments()}"
        )
    if not source.exists():
        raise ValueError(f"source: {source} does not exist")
    if not source.is_dir() and not zipfile.is_zipfile(source):
        raise ValueError(f"source: {source} is neither a folder nor a zip file")
    with contextlib.ExitStack() as stack:
        archive = None
        if not source.is_dir():
            archive = stack.enter_context(zipfile.ZipFile(source))
        return _import(course, assignment, source, archive, roster)


def _order(entry: Entry, copy: int) -> tuple[int, str, str]:
    """Sort key of an attempt: the LMS's mark first, then the time."""
    return (copy, entry.attempt, entry.submitted_at)


def _import(
    course: Course,
    assignment: str,
    source: Path,
    archive: zipfile.ZipFile | None,
    roster: Roster | None,
) -> ImportReport:
    expected = {f"{name}.ipynb" for name in course.notebooks(assignment)}
    report = ImportReport()
    found: dict[tuple[str, str], list[tuple[Entry, object, int]]] = {}
    for name, size, opener, when in _members(source, archive):
        base = PurePosixPath(name).name
        if base in _SKIP or "__MACOSX" in name or ".ipynb_checkpoints" in name:
            report.unplaced.append((name, "system file"))
            continue
        parts = PurePosixPath(name).parts
        if PurePosixPath(name).is_absolute() or ".." in parts:
            report.unplaced.append((name, "unsafe path"))
            continue
        entry = parse_name(name)
        if entry is None:
            report.unplaced.append((name, "no student in its name or folder"))
            continue
        if entry.lms == "folder" and entry.uid == assignment and len(parts) >= 3:
            # nbgrader's own layout: <student>/<assignment>/<file>
            entry = Entry(name, "folder", parts[-3], "", "", entry.filename)
        if base == "timestamp.txt" and entry.lms == "folder":
            report.unplaced.append((name, "nbgrader timestamp (the file time is used)"))
            continue
        if not entry.filename:
            report.unplaced.append((name, f"{entry.lms} attempt receipt, not a file"))
            continue
        if size > MAX_FILE_BYTES:
            report.unplaced.append((name, f"larger than {MAX_FILE_BYTES} bytes"))
            continue
        student = roster.lookup(entry) if roster is not None else entry.uid
        if student is None:
            report.unplaced.append(
                (
                    name,
                    f"{entry.lms} user {entry.uid} {entry.name!r} is not in the roster",
                )
            )
            continue
        filename, copy = entry.filename, 0
        cleaned, number = _copy_number(filename)
        if filename not in expected and cleaned in expected:
            filename, copy = cleaned, number
        elif number and cleaned != filename:
            copy = number
            filename = cleaned if cleaned in expected else filename
        if filename.endswith(".ipynb") and filename not in expected:
            report.warnings.append(
                f"{name}: {filename} is not one of {sorted(expected)}; placed as it is "
                "(autograde will report the expected notebook missing)"
            )
        if not entry.submitted_at:
            entry = _with(entry, submitted_at=when)
        found.setdefault((student, filename), []).append((entry, opener, copy))
    chosen: dict[tuple[str, str], tuple[Entry, object]] = {}
    for (student, filename), attempts in found.items():
        attempts.sort(key=lambda a: (_order(a[0], a[2]), a[0].source))
        latest = attempts[-1]
        chosen[(student, filename)] = (latest[0], latest[1])
        key = _order(latest[0], latest[2])
        tied = [a for a in attempts[:-1] if _order(a[0], a[2]) == key]
        for number, (entry, opener, _) in enumerate(tied, start=2):
            stem, dot, ext = filename.rpartition(".")
            other = f"{stem} (attempt {number}){dot}{ext}" if dot else filename
            chosen[(student, other)] = (entry, opener)
            report.warnings.append(
                f"{entry.source}: cannot tell whether it or {latest[0].source} is "
                f"{student}'s later attempt (same attempt mark and time): kept both, "
                f"graded {latest[0].source}; the other is {other}, swap them if "
                "it is the later one"
            )
        for entry, _, _ in attempts[:-1]:
            if any(entry is t[0] for t in tied):
                continue
            report.unplaced.append(
                (
                    entry.source,
                    f"earlier attempt: {student} also submitted "
                    f"{latest[0].source} (kept the later attempt, by "
                    f"{_why_later(entry, latest[0])})",
                )
            )
    arrivals = []
    for (student, filename), (entry, opener) in sorted(chosen.items()):
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.@+-]*", student):
            report.unplaced.append(
                (entry.source, f"student id {student!r} is unusable")
            )
            continue
        content = _read(opener)
        if len(content) > MAX_FILE_BYTES:
            report.unplaced.append((entry.source, "too large"))
            continue
        folder = course.submitted_dir(student, assignment)
        target = folder / filename
        if not target.resolve().is_relative_to(folder.resolve()):
            report.unplaced.append((entry.source, "unsafe file name"))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        report.placed.append((entry.source, student, target))
        if filename in expected:
            arrivals.append((student, entry))
    _record_arrivals(course, assignment, arrivals)
    if roster is not None:
        report.added = _add_roster(course, roster)
    return report


def _with(entry: Entry, **changes: object) -> Entry:
    from dataclasses import replace

    return replace(entry, **changes)  # type: ignore[arg-type]


def _why_later(old: Entry, new: Entry) -> str:
    if new.attempt != old.attempt:
        return "the LMS's attempt time"
    if new.submitted_at != old.submitted_at:
        return "submission time"
    return "the LMS's resubmission number"


def _record_arrivals(
    course: Course, assignment: str, arrivals: list[tuple[str, Entry]]
) -> None:
    """Write each student's submission time: timestamp.txt and the status db."""
    from pmcourse.grading.status import Arrival, StatusStore, store_path

    latest: dict[str, Entry] = {}
    for student, entry in arrivals:
        old = latest.get(student)
        if old is None or entry.submitted_at > old.submitted_at:
            latest[student] = entry
        elif entry.late:
            latest[student] = _with(old, late=True)
    store = StatusStore(store_path(course))
    for student, entry in latest.items():
        if entry.submitted_at:
            when = dt.datetime.fromisoformat(entry.submitted_at)
            stamp = course.submitted_dir(student, assignment) / "timestamp.txt"
            stamp.write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        store.save_arrival(
            Arrival(assignment, student, entry.submitted_at, entry.late, entry.source)
        )


def _add_roster(course: Course, roster: Roster) -> list[str]:
    """Add every roster student to nbgrader's gradebook; return those new."""
    import os
    import sys

    from nbgrader.api import Gradebook, MissingEntry

    added = []
    path = os.environ.get("PATH", "")
    # nbgrader runs `alembic` when it creates a gradebook: this Python's first
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), path])
    try:
        gb = Gradebook(course.gradebook_url, course_id="pmcourse")
    finally:
        os.environ["PATH"] = path
    with gb:
        for row in roster.rows:
            sid = row["student_id"]
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.@+-]*", sid):
                continue
            try:
                gb.find_student(sid)
                continue
            except MissingEntry:
                pass
            words = row.get("name", "").replace(",", " ").split()
            first, last = (words[0], " ".join(words[1:])) if words else (None, None)
            if "," in row.get("name", "") and words:
                last, first = words[0], " ".join(words[1:])
            gb.add_student(
                sid,
                first_name=first or None,
                last_name=last or None,
                email=row.get("email") or None,
                lms_user_id=row.get("lms_id") or None,
            )
            added.append(sid)
    return added
