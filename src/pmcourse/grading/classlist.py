"""The whole class of an assignment: one row per student, reconciled.

Status, export and report all read this list, so they always agree. The
students are those of nbgrader's gradebook (the roster: ``pmcourse import
--roster`` adds every roster student, whether they handed anything in or
not) plus any submission folder not graded yet; without a gradebook, those
graded or with a folder. A student removed from the gradebook
(``nbgrader db student remove``) is gone from every list even though their
old record and folder remain.

Each row carries the score that counts: the gradebook's live total (hand
marks included) for ``graded`` work, or for other statuses after a review
decision accepts it; a reviewer's override; then the late penalty
(:mod:`pmcourse.grading.late`). Work whose status is not ``graded`` and that
nobody has reviewed stays blank (withheld), never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pmcourse.grading.course import Course
from pmcourse.grading.late import Lateness, lateness, read_rules
from pmcourse.grading.status import Decision, Record, StatusStore, store_path

#: The status of a roster student with nothing placed.
NO_SUBMISSION = "no submission"
#: The status of a submission placed but not autograded yet.
NOT_GRADED_YET = "not-graded-yet"


@dataclass(frozen=True)
class Part:
    """One hand-marked part (a written answer or a manually graded cell).

    Parameters
    ----------
    notebook, grade_id : str
        Which cell.
    max_score : float
        Its points.
    score : float or None
        The hand score (None while waiting).
    waiting : bool
        Whether it still needs a person.
    comment : str
        The marker's comment ("" when none).
    """

    notebook: str
    grade_id: str
    max_score: float
    score: float | None
    waiting: bool
    comment: str = ""


@dataclass
class Row:
    """One student of the class.

    Parameters
    ----------
    student : str
        The student id.
    status : str
        A record's status, :data:`NO_SUBMISSION` or :data:`NOT_GRADED_YET`.
    score : float or None
        The score that counts (after review and late penalty); None when
        withheld or nothing was graded.
    raw_score : float or None
        The score before the late penalty.
    max_score : float or None
        Points available.
    seconds : float or None
        Grading time.
    problems : list of str
        What the grader found.
    decision : Decision or None
        The review decision in force.
    late : Lateness
        How late, and the penalty.
    to_mark : int
        Parts waiting for hand marking.
    withheld : bool
        True when the submission was graded but does not count yet (its
        status is not ``graded`` and no decision accepted it).
    """

    student: str
    status: str
    score: float | None = None
    raw_score: float | None = None
    max_score: float | None = None
    seconds: float | None = None
    problems: list[str] = field(default_factory=list)
    decision: Decision | None = None
    late: Lateness = field(default_factory=Lateness)
    to_mark: int = 0
    withheld: bool = False

    def as_dict(self) -> dict:
        """Return the row as plain JSON data (``pmcourse status --json``)."""
        return {
            "student": self.student,
            "status": self.status,
            "score": self.score,
            "max_score": self.max_score,
            "seconds": self.seconds,
            "problems": self.problems,
            "decision": self.decision.describe() if self.decision else "",
            "late": self.late.note,
            "penalty_percent": self.late.percent,
            "to_mark": self.to_mark,
        }


def _gradebook_path(course: Course) -> Path:
    return course.grading / "gradebook.db"


def gradebook_students(course: Course) -> set[str] | None:
    """Return the students of the gradebook (None when it does not exist).

    Examples
    --------
    >>> gradebook_students(Course(Path("/no/course"))) is None
    True
    """
    if not _gradebook_path(course).is_file():
        return None
    from nbgrader.api import Gradebook

    with Gradebook(course.gradebook_url, course_id="pmcourse") as gb:
        return {s.id for s in gb.students}


def hand_parts(course: Course, assignment: str) -> dict[str, list[Part]]:
    """Return each student's hand-marked parts with score and comment.

    A part is a grade cell with no automatic score (a written answer) or one
    a marker scored by hand; its comment is the marker's.

    Examples
    --------
    >>> hand_parts(Course(Path("/no/course")), "ps03")
    {}
    """
    if not _gradebook_path(course).is_file():
        return {}
    from nbgrader.api import Gradebook, MissingEntry

    out: dict[str, list[Part]] = {}
    with Gradebook(course.gradebook_url, course_id="pmcourse") as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            return {}
        for sub in found.submissions:
            parts = []
            for nb in sub.notebooks:
                comments = {c.name: c.manual_comment or "" for c in nb.comments}
                for grade in nb.grades:
                    if grade.auto_score is not None and grade.manual_score is None:
                        continue
                    parts.append(
                        Part(
                            nb.name,
                            grade.name,
                            float(grade.max_score),
                            None
                            if grade.manual_score is None
                            else float(grade.manual_score),
                            bool(grade.needs_manual_grade),
                            comments.get(grade.name, ""),
                        )
                    )
            out[sub.student.id] = parts
    return out


def _arrival_time(course: Course, assignment: str, student: str) -> str:
    stamp = course.submitted_dir(student, assignment) / "timestamp.txt"
    if stamp.is_file():
        return stamp.read_text(encoding="utf-8", errors="replace").strip()
    return ""


def class_rows(course: Course, assignment: str) -> list[Row]:
    """Return one :class:`Row` per student of the class, sorted by id.

    Examples
    --------
    >>> class_rows(Course(Path("/no/course")), "ps03")
    []

    Used in: ``pmcourse status``, ``export``, ``report``, ``feedback``.
    """
    from pmcourse.grading.autograde import submitted_students
    from pmcourse.grading.status import live_scores

    store = StatusStore(store_path(course))
    records: dict[str, Record] = {r.student: r for r in store.records(assignment)}
    folders = set(submitted_students(course, assignment))
    roster = gradebook_students(course)
    if roster is None:
        students = set(records) | folders
    else:
        # graded but no longer in the gradebook: removed, gone everywhere
        students = set(roster) | {s for s in folders if s not in records}
    scores = live_scores(course.gradebook_url, assignment)
    standing = store.standing(assignment)
    arrivals = store.arrivals(assignment)
    rule = read_rules(course).get(assignment)
    parts = hand_parts(course, assignment)
    rows = []
    for student in sorted(students):
        record = records.get(student)
        if record is None:
            status = NOT_GRADED_YET if student in folders else NO_SUBMISSION
            rows.append(Row(student, status))
            continue
        live = scores.get(student)
        graded_score = None
        if record.status != "invalid":
            graded_score = live[0] if live else record.auto_score
        decision = standing.get(student)
        raw: float | None = None
        withheld = False
        if decision is not None and decision.action == "score":
            raw = decision.score
        elif record.status == "graded" or (
            decision is not None and decision.action == "accept"
        ):
            raw = graded_score
        else:
            withheld = True
        arrival = arrivals.get(student)
        when = arrival.submitted_at if arrival and arrival.submitted_at else ""
        try:
            late = lateness(
                rule,
                when or _arrival_time(course, assignment, student),
                bool(arrival and arrival.lms_late),
            )
        except ValueError:  # an unreadable timestamp.txt: time unknown
            late = lateness(rule, "", bool(arrival and arrival.lms_late))
        rows.append(
            Row(
                student,
                record.status,
                score=late.apply(raw),
                raw_score=raw if not withheld else graded_score,
                max_score=record.max_score,
                seconds=record.seconds,
                problems=list(record.problems),
                decision=decision,
                late=late,
                to_mark=sum(p.waiting for p in parts.get(student, [])),
                withheld=withheld,
            )
        )
    return rows
