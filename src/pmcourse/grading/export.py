"""Export grades in the form an LMS imports, never inventing a zero.

nbgrader's own export writes 0.0 for a student whose grading failed, which
looks exactly like a real zero. Here a submission whose status is not
``graded`` is exported with an empty grade and listed, with its status, in
:attr:`Export.withheld`, until the instructor resolves it with ``pmcourse
review`` (``--accept`` takes its graded score, ``--score N --reason TEXT``
sets one); the decision is then carried into the export. Every student of
the class is exported (:mod:`pmcourse.grading.classlist`): one who handed in
nothing with the status ``no submission`` and an empty grade. A late
submission's grade has its penalty taken off (:mod:`pmcourse.grading.late`).

Formats:

- ``csv``: ``student_id, assignment, status, score, max_score``, then
  ``late_penalty_percent, review, note`` (the decision and the lateness);
- ``canvas``: Canvas's gradebook import (``Student, ID, SIS User ID,
  SIS Login ID, Section`` then a column named after the assignment);
- ``moodle``: Moodle's offline grading worksheet (``Identifier, Full name,
  Email address, Status, Grade, Maximum Grade``), ``Participant <id>``.

A roster (see :mod:`pmcourse.grading.importing`) supplies the LMS ids,
names and e-mail addresses; without one the course id stands in.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from pmcourse.grading.classlist import NO_SUBMISSION, class_rows
from pmcourse.grading.course import Course
from pmcourse.grading.importing import Roster

FORMATS = ("csv", "canvas", "moodle")


@dataclass
class Export:
    """An export's text and what it left blank.

    Parameters
    ----------
    text : str
        The CSV text to save and upload.
    withheld : list of (str, str)
        ``(student, status)`` of each submission exported without a grade.
    pending : list of str
        Students graded whose written answers still wait for a person.
    missing : list of str
        Students of the class with no submission.
    """

    text: str
    withheld: list[tuple[str, str]] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def export_grades(
    course: Course, assignment: str, fmt: str = "csv", roster: Roster | None = None
) -> Export:
    """Build the grades file of an assignment.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        The assignment.
    fmt : str
        One of :data:`FORMATS`.
    roster : Roster or None
        LMS ids, names and e-mail addresses by student id.

    Returns
    -------
    Export
        The text, the withheld submissions and those still being marked.

    Raises
    ------
    ValueError
        If ``fmt`` is unknown, the assignment is not one of the course's, or
        no submission has been autograded.

    Examples
    --------
    >>> from pathlib import Path
    >>> export_grades(Course(Path("/no/course")), "ps03", fmt="xlsx")
    Traceback (most recent call last):
    ...
    ValueError: fmt: 'xlsx' is not one of ('csv', 'canvas', 'moodle')

    Used in: ``pmcourse export``.
    """
    from pmcourse.grading.autograde import status_path
    from pmcourse.grading.status import StatusStore

    if fmt not in FORMATS:
        raise ValueError(f"fmt: {fmt!r} is not one of {FORMATS}")
    known = course.assignments()
    if assignment not in known:
        raise ValueError(
            f"assignment: unknown assignment {assignment!r}; known: {known}"
        )
    records = StatusStore(status_path(course)).records(assignment)
    if not records:
        raise ValueError(
            f"assignment: no autograded submission of {assignment!r}; "
            "run `pmcourse autograde` first"
        )
    rows = class_rows(course, assignment)
    people = {row["student_id"]: row for row in (roster.rows if roster else [])}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    result = Export("")
    max_score = records[0].max_score
    if fmt == "csv":
        writer.writerow(
            [
                "student_id",
                "assignment",
                "status",
                "score",
                "max_score",
                "late_penalty_percent",
                "review",
                "note",
            ]
        )
    elif fmt == "canvas":
        writer.writerow(
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment]
        )
        writer.writerow(["Points Possible", "", "", "", "", _fmt(max_score)])
    else:
        writer.writerow(
            [
                "Identifier",
                "Full name",
                "Email address",
                "Status",
                "Grade",
                "Maximum Grade",
            ]
        )
    for row in rows:
        score = row.score
        if row.status == NO_SUBMISSION:
            result.missing.append(row.student)
        elif row.withheld:
            result.withheld.append((row.student, row.status))
        if row.to_mark:
            result.pending.append(row.student)
        person = people.get(row.student, {})
        name = person.get("name") or row.student
        lms_id = person.get("lms_id") or row.student
        if fmt == "csv":
            writer.writerow(
                [
                    row.student,
                    assignment,
                    row.status,
                    _fmt(score),
                    _fmt(row.max_score if row.max_score is not None else max_score),
                    _fmt(row.late.percent) if row.late.percent else "",
                    row.decision.describe() if row.decision else "",
                    row.late.note,
                ]
            )
        elif fmt == "canvas":
            writer.writerow(
                [
                    name,
                    lms_id,
                    person.get("sis_id", ""),
                    person.get("username", ""),
                    person.get("section", ""),
                    _fmt(score),
                ]
            )
        else:
            writer.writerow(
                [
                    f"Participant {lms_id}",
                    name,
                    person.get("email", ""),
                    row.status,
                    _fmt(score),
                    _fmt(row.max_score if row.max_score is not None else max_score),
                ]
            )
    result.text = out.getvalue()
    return result
