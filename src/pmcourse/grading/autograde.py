"""Autograde a class in parallel, sandboxed, with one truthful status each.

The parent process (this module) owns everything trusted: it reads each
submission and checks it (:mod:`pmcourse.grading.prepare`), sends only the
student's code and the released data files to a worker that runs them in a
bubblewrap sandbox (:mod:`pmcourse.grading.execution`), runs the tests on the
captured answers in a clean interpreter (:mod:`pmcourse.grading.checks`),
and writes, serially, the autograded notebook, nbgrader's gradebook (so
formgrader shows the results) and the status record
(:mod:`pmcourse.grading.status`). Workers come from any
:class:`concurrent.futures.Executor`: a process pool by default, one job per
core, or a Dask cluster (``Client.get_executor()``).

Threat model (what a student's notebook can and cannot do)
----------------------------------------------------------
Prevented, by the sandbox: reading or writing the gradebook, the solutions,
other students' work, the instructor's home, or anything outside its own
temporary copy: the sandbox's root is empty but for the system's programs
and libraries (``/usr`` and its links), a few world-readable files of
``/etc`` (users, groups, the dynamic linker, the time zone), the Python
environment and the ``pmcourse`` library, all read-only, so ``/var``,
``/home``, ``/srv``, the course and whatever else the machine holds are not
there at all (``tests/grading/test_sandbox.py`` lists ``/`` and tries a
planted file); reaching the network; seeing the grader's processes or
environment variables; running longer than ``--timeout`` seconds of wall
clock per notebook (or ``--cell-timeout`` per cell, after which the cell is
interrupted and the next one runs) or the CPU-time limit; taking more
than ``--memory`` MiB of address space per process; writing files over
200 MiB, or more than 256 MiB in its private ``/tmp``. As root, the kernel
runs as
``nobody`` without capabilities, so root-only files (``/etc/shadow``) stay
unreadable and at most 512 processes can exist (a fork bomb stops there).

Prevented, by the grading model: tests never run in the student's kernel
(only the names they read are captured there, as data) and hidden tests never
enter the sandbox, so monkeypatching builtins, ``numpy.isclose``,
``pmcourse.schedule`` or ``AssertionError``, catching a test's exception,
``sys.exit``, ``os._exit`` or hooks cannot turn a failing test into a pass
or read a hidden test; a student cannot read hidden-test results left in the
kernel (there are none); locked and test cells are restored from the
gradebook and every change to them is recorded (``tampered``); data files
beside the notebook are replaced by the released ones before the tests run;
a test that did not run (time-out, crash) scores 0 and says so.

Not prevented: a student can still hand over any data as an answer
(computed honestly or not, e.g. copied from a classmate); answers that are
functions or objects cannot be carried out of the sandbox, so a test that
calls a student's function fails with a message saying so (this course's
exercises ask for data); a name that a locked cell defines is taken from
the instructor's code, not the student's; notebook outputs (HTML, images)
are shown to the instructor as the student made them; CPU time and memory
are per process, not per submission; the number of files a notebook writes
in its own folder (on the grader's disk) is not capped; without bubblewrap
(``--no-sandbox``) nothing but the grading model protects the machine.
Running the grader as an ordinary user gives the same isolation except the
process limit and the ``nobody`` user: the kernel then has that user's
rights on the files of the Python environment. HTML and JavaScript in a
student's outputs reach the instructor's browser when the formgrader shows
the notebook (as with nbgrader itself).
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from pmcourse.grading.checks import TestOutcome, check_notebook
from pmcourse.grading.course import Course
from pmcourse.grading.execution import (
    ExecJob,
    ExecResult,
    NotebookRun,
    execute_job,
    worker_init,
)
from pmcourse.grading.prepare import (
    InvalidNotebook,
    Prepared,
    Reference,
    load_references,
    read_submitted,
)
from pmcourse.grading.sandbox import Limits, SandboxUnavailable, check_sandbox
from pmcourse.grading.status import Record, StatusStore, folder_checksum, store_path
from pmcourse.variants import grading_as
from pmcourse.variants.spec import solutions_from

#: The order in which one status outranks another when several apply.
PRECEDENCE = ("invalid", "tampered", "memory-limit", "timed-out", "crashed", "graded")
#: Largest total size of a submission's other files sent to a worker (bytes).
MAX_FILES_BYTES = 20 * 1024 * 1024


def status_path(course: Course) -> Path:
    """Return the status database of a course (``grading/pmcourse_status.db``).

    Examples
    --------
    >>> status_path(Course(Path("/srv/course"))).as_posix()
    '/srv/course/grading/pmcourse_status.db'
    """
    return store_path(course)


def submitted_students(course: Course, assignment: str) -> list[str]:
    """Return the students with a submission folder for an assignment.

    Examples
    --------
    >>> submitted_students(Course(Path("/nonexistent")), "ps03")
    []

    Used in: grading (``pmcourse autograde``, ``status``).
    """
    root = course.grading / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / assignment).is_dir())


def gradebook_sources(course: Course, assignment: str) -> dict[str, dict[str, str]]:
    """Return the gradebook's cell sources by notebook and grade id (hidden tests in).

    Empty when the course has no gradebook or the assignment is not in it.

    Examples
    --------
    >>> from pmcourse.grading.course import Course
    >>> gradebook_sources(Course(Path("/no/course")), "ps03_scheduling")
    {}

    Used in: grading (``pmcourse autograde``, feedback, report).
    """
    from nbgrader.api import Gradebook, MissingEntry

    if not (course.grading / "gradebook.db").is_file():
        return {}
    with Gradebook(course.gradebook_url, course_id="pmcourse") as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return {}
        return {
            nb.name: {cell.name: cell.source for cell in nb.source_cells}
            for nb in found.notebooks
        }


def ensure_in_gradebook(course: Course, assignment: str) -> dict[str, dict[str, str]]:
    """Return the gradebook's cell sources, registering the assignment if needed.

    An assignment never released into this gradebook is generated into a
    temporary folder (``exercises/`` is left alone), which records it.

    Raises
    ------
    ValueError
        If the assignment has no source folder.

    Used in: grading (``pmcourse autograde``).
    """
    sources = gradebook_sources(course, assignment)
    if sources:
        return sources
    from pmcourse.release import release

    with tempfile.TemporaryDirectory(prefix="pmcourse-release-") as tmp:
        release(course, [assignment], output=Path(tmp))
    return gradebook_sources(course, assignment)


def _release_files(course: Course, assignment: str) -> dict[str, bytes]:
    root = course.release_dir(assignment)
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts
    }


def assignment_cells(course: Course) -> dict[str, set[str]]:
    """Return the grade ids of each released assignment's notebooks.

    Used to recognise a notebook of another assignment handed in by mistake.

    Examples
    --------
    >>> from pmcourse.setup_lab import find_course_root
    >>> cells = assignment_cells(Course(find_course_root()))
    >>> "answer_forward_pass" in cells["ps03_scheduling"]
    True
    """
    out: dict[str, set[str]] = {}
    for assignment in course.assignments():
        ids: set[str] = set()
        for path in sorted(course.release_dir(assignment).glob("*.ipynb")):
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception:  # an unreadable release: nothing to compare
                continue
            ids |= {
                c.metadata["nbgrader"]["grade_id"]
                for c in nb.cells
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            }
        if ids:
            out[assignment] = ids
    return out


def looks_like(
    nb: nbformat.NotebookNode, assignment: str, cells: dict[str, set[str]]
) -> str | None:
    """Return the other assignment a notebook belongs to, or None.

    Only the cells that tell the two apart count (``intro``, ``setup`` and
    ``part1`` are in many): a notebook is another assignment's when it holds
    at most a third of this assignment's own cells and more than half of the
    other's.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> cell = new_code_cell("x = 1")
    >>> cell.metadata["nbgrader"] = {"grade_id": "b1"}
    >>> looks_like(new_notebook(cells=[cell]), "a", {"a": {"a1"}, "b": {"b1"}})
    'b'
    """
    ids = {
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }
    own = cells.get(assignment, set())
    if not ids:
        return None
    best, share = None, 0.5
    for other, theirs in cells.items():
        mine, only = own - theirs, theirs - own
        if other == assignment or not only:
            continue
        if mine and len(ids & mine) > len(mine) / 3:
            continue
        found = len(ids & only) / len(only)
        if found > share:
            best, share = other, found
    return best


@dataclass
class Work:
    """One student's submission on its way through the stages.

    Parameters
    ----------
    student : str
        The student's id.
    folder : Path
        The submitted folder.
    checksum : str
        The folder's checksum (a resubmission changes it).
    prepared : dict of str to Prepared
        Each readable notebook, prepared (restored, planned).
    invalid : dict of str to str
        Each notebook that cannot be graded, and why.
    problems : list of str
        Remarks on the folder (extra notebooks, files left out).
    files : dict of str to bytes
        The other files the notebooks may read (the release's win).

    Examples
    --------
    >>> Work("ana", Path("submitted/ana/ps03"), "abc").invalid
    {}
    """

    student: str
    folder: Path
    checksum: str
    prepared: dict[str, Prepared] = field(default_factory=dict)
    invalid: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def _gather(
    student: str,
    folder: Path,
    refs: dict[str, Reference],
    release: dict[str, bytes],
    assignment: str = "",
    cells: dict[str, set[str]] | None = None,
) -> Work:
    from pmcourse.grading.prepare import prepare

    work = Work(student, folder, folder_checksum(folder))
    cells = cells or {}
    for name, ref in refs.items():
        try:
            nb = read_submitted(folder / f"{name}.ipynb")
        except InvalidNotebook as err:
            work.invalid[name] = str(err)
            continue
        other = looks_like(nb, assignment, cells) if assignment else None
        if other is not None:
            work.invalid[name] = (
                f"{name}.ipynb: this is {other}, not {assignment} (its cells are "
                f"{other}'s): hand in {assignment}"
            )
            continue
        work.prepared[name] = prepare(nb, ref)
    others = sorted(p for p in folder.rglob("*") if p.is_file())
    extra = [
        p.name
        for p in others
        if p.suffix == ".ipynb"
        and p.stem not in refs
        and ".ipynb_checkpoints" not in p.parts
    ]
    if extra:
        expected = ", ".join(f"{n}.ipynb" for n in refs)
        work.problems.append(f"not graded: {extra} (expected {expected})")
        for path in others:
            if path.name not in extra or not assignment:
                continue
            try:
                other = looks_like(read_submitted(path), assignment, cells)
            except InvalidNotebook:
                other = None
            if other is not None:
                for name in refs:
                    if work.invalid.get(name, "").endswith("missing"):
                        work.invalid[name] = (
                            f"{path.name} is {other}, not {assignment}: "
                            f"hand in {assignment}"
                        )
    size = 0
    for path in others:
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".ipynb" or rel == "timestamp.txt" or rel in release:
            continue
        size += path.stat().st_size
        if size > MAX_FILES_BYTES:
            work.problems.append(f"file {rel} left out: the submission is too large")
            continue
        work.files[rel] = path.read_bytes()
    work.files.update(release)  # the released data always win
    return work


def submission_status(work: Work, runs: Sequence[NotebookRun]) -> str:
    """Return the one status a submission gets, the gravest that applies.

    Parameters
    ----------
    work : Work
        The submission (its invalid notebooks and tampering).
    runs : sequence of NotebookRun
        What happened when its notebooks ran (their events).

    Returns
    -------
    str
        The first of :data:`PRECEDENCE` that applies, else ``"graded"``.

    Examples
    --------
    >>> work = Work("ana", Path("."), "")
    >>> submission_status(work, [NotebookRun("ps03", event="timed-out")])
    'timed-out'
    >>> submission_status(work, [])
    'graded'
    """
    found = set()
    if work.invalid:
        found.add("invalid")
    if any(p.tampering for p in work.prepared.values()):
        found.add("tampered")
    found |= {run.event for run in runs if run.event}
    return next(s for s in PRECEDENCE if s in found or s == "graded")


def write_grades(gb, course: Course, assignment: str, work: Work, graded) -> None:  # noqa: ANN001 (an nbgrader Gradebook)
    """Write a checked submission's scores and comments into nbgrader's gradebook.

    Each graded cell gets nbgrader's own ``determine_grade`` of its checked
    outputs; a hand mark already given stays (and with it the marker's
    flag); an invalid or missing notebook earns 0 everywhere; an answer left
    as released gets the comment "No response.".

    Parameters
    ----------
    gb : nbgrader.api.Gradebook
        The open gradebook, with the assignment's notebooks in it.
    course : Course
        The course (for the submission's ``timestamp.txt``).
    assignment : str
        The assignment's name.
    work : Work
        The submission (its student).
    graded : dict of str to NotebookNode
        Each checked notebook by name (missing: not graded).

    Examples
    --------
    >>> callable(write_grades)  # tests/grading/test_grade_stages.py runs it
    True
    """
    with warnings.catch_warnings():
        # nbgrader's own autoflush warnings while it creates the submission rows
        warnings.simplefilter("ignore")
        _write_grades(gb, course, assignment, work, graded)


def _write_grades(gb, course: Course, assignment: str, work: Work, graded) -> None:  # noqa: ANN001
    from nbgrader.utils import compute_checksum, determine_grade, is_solution, is_task

    stamp = course.submitted_dir(work.student, assignment) / "timestamp.txt"
    gb.update_or_create_student(work.student)
    text = stamp.read_text().strip() if stamp.is_file() else ""
    if text:
        gb.update_or_create_submission(assignment, work.student, timestamp=text)
    else:
        gb.update_or_create_submission(assignment, work.student)
    for notebook in gb.find_assignment(assignment).notebooks:
        nb = graded.get(notebook.name)
        if nb is None:  # invalid or missing: nothing earns points
            sub = gb.find_submission_notebook(notebook.name, assignment, work.student)
            for grade in sub.grades:
                grade.auto_score = 0
                if grade.manual_score is None:  # a hand mark stays as given
                    grade.needs_manual_grade = False
            continue
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            gid = meta.get("grade_id")
            if not gid:
                continue
            if meta.get("grade"):
                grade = gb.find_grade(gid, notebook.name, assignment, work.student)
                grade.auto_score, _ = determine_grade(cell)
                # A hand mark (and the marker's flag beside it) survives any
                # regrade; an unmarked written answer waits for a person.
                if grade.manual_score is None:
                    grade.needs_manual_grade = grade.auto_score is None
            if is_solution(cell) or is_task(cell):
                comment = gb.find_comment(gid, notebook.name, assignment, work.student)
                unchanged = meta.get("checksum") == compute_checksum(cell)
                comment.auto_comment = (
                    "No response." if unchanged and not is_task(cell) else None
                )
    gb.db.commit()


def _write_autograded(
    course: Course, assignment: str, work: Work, graded, refs: dict[str, Reference]
) -> None:
    dest = course.autograded_dir(work.student, assignment)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for rel, content in work.files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(content)
    stamp = work.folder / "timestamp.txt"
    if stamp.is_file():
        shutil.copy2(stamp, dest / "timestamp.txt")
    for name, ref in refs.items():
        nb = graded.get(name)
        if nb is None:
            nb = nbformat.from_dict(ref.release)
            note = nbformat.v4.new_markdown_cell(
                f"**Not graded:** {work.invalid.get(name, 'missing')}"
            )
            nb.cells.insert(0, note)
        nbformat.write(nb, dest / f"{name}.ipynb")


def _finish(
    course: Course,
    assignment: str,
    work: Work,
    result: ExecResult | None,
    refs: dict[str, Reference],
    gb,
    max_score: float,
) -> Record:
    started = time.monotonic()
    runs = {run.name: run for run in (result.notebooks if result else [])}
    graded, outcomes = {}, []
    problems = list(work.problems) + list(work.invalid.values())
    with tempfile.TemporaryDirectory(prefix="pmcourse-check-") as tmp:
        for rel, content in _release_files(course, assignment).items():
            (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / rel).write_bytes(content)
        for name, prep in work.prepared.items():
            problems += [f"{name}.ipynb: {t}" for t in prep.tampering + prep.problems]
            run = runs.get(name)
            if run is not None and run.event:
                problems.append(f"{name}.ipynb: {run.event}: {run.message}")
            if run is not None:
                problems += [f"{name}.ipynb: {note}" for note in run.notes]
            # Locked cells re-run here draw the graded student's variant.
            with grading_as(work.student), solutions_from(course.solutions):
                nb, found = check_notebook(
                    name, prep.notebook, prep.plan.steps, run, Path(tmp)
                )
            graded[name] = nb
            outcomes += found
    status = submission_status(work, list(runs.values()))
    _write_autograded(course, assignment, work, graded, refs)
    write_grades(gb, course, assignment, work, graded)
    seconds = (result.seconds if result else 0.0) + time.monotonic() - started
    return Record(
        assignment=assignment,
        student=work.student,
        status=status,
        auto_score=None
        if status == "invalid"
        else float(sum(o.score for o in outcomes)),
        max_score=max_score,
        seconds=round(seconds, 3),
        problems=problems,
        tests=[_test_dict(o) for o in outcomes],
        checksum=work.checksum,
    )


def _test_dict(outcome: TestOutcome) -> dict:
    return {
        "notebook": outcome.notebook,
        "grade_id": outcome.grade_id,
        "points": outcome.points,
        "score": outcome.score,
        "ran": outcome.ran,
        "message": outcome.message,
    }


@dataclass
class BatchResult:
    """What one ``autograde`` run did.

    Parameters
    ----------
    records : list of Record
        The records written by this run.
    skipped : list of str
        Students already graded with an unchanged submission.
    errors : dict of str to str
        Students the grader itself failed on (nothing recorded; a re-run
        retries them).
    stopped : list of str
        Students left ungraded because the run was stopped (Ctrl-C); a
        re-run grades them.
    """

    records: list[Record] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    stopped: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Return how many submissions ended in each status."""
        return dict(Counter(r.status for r in self.records))


def default_jobs() -> int:
    """Return one job per core available to this process.

    Examples
    --------
    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def autograde(
    course: Course,
    assignment: str,
    *,
    students: Sequence[str] | None = None,
    jobs: int | None = None,
    executor: cf.Executor | None = None,
    timeout: float = 120.0,
    cell_timeout: float = 30.0,
    limits: Limits | None = None,
    sandbox: bool = True,
    force: bool = False,
    progress: bool | Callable[[Record], None] = True,
) -> BatchResult:
    """Grade the submissions of an assignment, in parallel, in sandboxes.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        The assignment.
    students : sequence of str or None
        Only these students (default: every submission).
    jobs : int or None
        Worker processes when no ``executor`` is given (default: one per
        core); 1 runs in this process.
    executor : Executor or None
        Where the notebooks run (e.g. a Dask client's executor).
    timeout : float
        Wall-clock seconds per notebook.
    cell_timeout : float
        Wall-clock seconds per cell: a cell over it is interrupted and the
        cells after it still run (its part, not every later one, is lost).
    limits : Limits or None
        Memory and CPU limits (default :class:`Limits`).
    sandbox : bool
        False runs student code without bubblewrap (``--no-sandbox``).
    force : bool
        Grade again submissions already graded and unchanged.
    progress : bool or callable
        Show a progress bar; a callable is called with each new record.

    Returns
    -------
    BatchResult
        The records written, the students skipped and grader errors.

    Notes
    -----
    Ctrl-C (SIGINT) once stops the run: no new submission starts, every
    running sandbox is killed, what finished is kept and the rest is listed
    in :attr:`BatchResult.stopped`; a second Ctrl-C exits at once (status
    130). Pool workers die with this process, even after ``kill -9``
    (:func:`pmcourse.grading.execution.worker_init`).

    Raises
    ------
    SandboxUnavailable
        If ``sandbox`` is set and bubblewrap does not isolate here.
    ValueError
        If the assignment or a requested student has no submission.

    Examples
    --------
    >>> from pmcourse.setup_lab import find_course_root
    >>> course = Course(find_course_root())
    >>> autograde(course, "ps03_scheduling", students=["nobody"], sandbox=False)
    Traceback (most recent call last):
    ...
    ValueError: students: no submission of 'ps03_scheduling' by ['nobody'] in ...

    Used in: grading (``pmcourse autograde``).
    """
    from nbgrader.api import Gradebook
    from tqdm import tqdm

    chosen = _chosen(course, assignment, students, sandbox)
    limits = limits or Limits()
    sources = ensure_in_gradebook(course, assignment)
    refs = load_references(course.release_dir(assignment), sources)
    store = StatusStore(status_path(course))
    batch = BatchResult()
    todo = _to_grade(course, assignment, chosen, refs, store, force, batch)
    bar = tqdm(
        total=len(todo),
        desc=f"autograde {assignment}",
        unit="sub",
        disable=progress is not True or not todo,
        dynamic_ncols=True,
    )
    own = _own_pool(jobs, len(todo)) if executor is None else None
    if own is not None:
        executor = own
    stop = _Stop(own, in_process=executor is None)
    with Gradebook(course.gradebook_url, course_id="pmcourse") as gb:
        max_score = float(gb.find_assignment(assignment).max_score)

        def finish(work: Work, result: ExecResult | None) -> None:
            record = _finish(course, assignment, work, result, refs, gb, max_score)
            store.save(record)
            batch.records.append(record)
            bar.update(1)
            bar.set_postfix(batch.counts(), refresh=False)
            if callable(progress):
                progress(record)

        pending: dict[cf.Future, Work] = {}
        try:
            stop.install()
            for work in todo:
                if stop.pressed:
                    break
                if not work.prepared:
                    finish(work, None)
                    continue
                job = ExecJob(
                    work.student,
                    assignment,
                    tuple(p.plan for p in work.prepared.values()),
                    work.files,
                    timeout,
                    limits,
                    sandbox,
                    str(course.root),
                    cell_timeout,
                )
                if executor is None:
                    _settle(work, job, None, finish, batch)
                else:
                    pending[executor.submit(execute_job, job)] = work
            for future in cf.as_completed(pending):
                if stop.pressed:
                    break
                _settle(pending[future], None, future, finish, batch)
        except KeyboardInterrupt:
            if not stop.pressed:  # not ours (the handler could not be set)
                raise
        finally:
            stop.uninstall()
            bar.close()
            if stop.pressed:
                for future in pending:
                    future.cancel()
            if own is not None:
                own.shutdown(wait=not stop.pressed, cancel_futures=True)
        if stop.pressed:
            finished = {r.student for r in batch.records} | set(batch.errors)
            batch.stopped = [w.student for w in todo if w.student not in finished]
    return batch


def _chosen(
    course: Course, assignment: str, students: Sequence[str] | None, sandbox: bool
) -> list[str]:
    """Return the students to grade; refuse without a working sandbox."""
    if sandbox:
        verdict = check_sandbox(course.root)
        if not verdict.ok:
            raise SandboxUnavailable(verdict.reason)
    known = submitted_students(course, assignment)
    chosen = list(known if students is None else students)
    missing = [s for s in chosen if s not in known]
    if missing:
        raise ValueError(
            f"students: no submission of {assignment!r} by {missing} in "
            f"{course.grading / 'submitted'}"
        )
    return chosen


def _to_grade(
    course: Course,
    assignment: str,
    chosen: Sequence[str],
    refs: dict[str, Reference],
    store: StatusStore,
    force: bool,
    batch: BatchResult,
) -> list[Work]:
    """Read and prepare each changed submission; list the unchanged as skipped."""
    release = _release_files(course, assignment)
    cells = assignment_cells(course)
    done = {r.student: r for r in store.records(assignment)}
    todo = []
    for student in chosen:
        folder = course.submitted_dir(student, assignment)
        old = done.get(student)
        if old is not None and not force and old.checksum == folder_checksum(folder):
            batch.skipped.append(student)
            continue
        todo.append(_gather(student, folder, refs, release, assignment, cells))
    return todo


def _own_pool(jobs: int | None, todo: int) -> cf.ProcessPoolExecutor | None:
    """Return a worker pool for ``todo`` submissions, or None to run in-process."""
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    if jobs <= 1 or todo <= 1:
        return None
    return cf.ProcessPoolExecutor(
        max_workers=min(jobs, todo),
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=worker_init,
        initargs=(os.getpid(),),
    )


class _Stop:
    """What Ctrl-C does during a batch: once stops it, twice exits at once."""

    def __init__(self, pool: cf.ProcessPoolExecutor | None, in_process: bool):
        self.pool = pool
        self.in_process = in_process
        self.pressed = 0
        self.previous: object = None

    def install(self) -> None:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)

    def uninstall(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)  # type: ignore[arg-type]
            self.previous = None

    def kill_workers(self) -> None:
        """SIGKILL the pool's workers: their sandboxes die with them."""
        processes = getattr(self.pool, "_processes", None) or {}
        for process in list(processes.values()):
            try:
                os.kill(process.pid, signal.SIGKILL)
            except (ProcessLookupError, AttributeError, TypeError):
                pass

    def _handle(self, signum: int, frame: object) -> None:
        self.pressed += 1
        self.kill_workers()
        if self.pressed > 1:
            sys.stderr.write("\nstopped at once\n")
            os._exit(130)
        sys.stderr.write(
            "\nstopping: no new submission starts, running sandboxes are stopped "
            "(Ctrl-C again to quit at once)\n"
        )
        if self.in_process:
            raise KeyboardInterrupt


def _settle(work: Work, job, future, finish, batch: BatchResult) -> None:
    try:
        result = execute_job(job) if future is None else future.result()
    except SandboxUnavailable:
        raise
    except cf.CancelledError:
        return
    except Exception as err:  # the grader failed, not the student: retry later
        batch.errors[work.student] = f"{type(err).__name__}: {err}"
        return
    finish(work, result)
