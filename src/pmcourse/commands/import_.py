"""``pmcourse import``: place a folder or an LMS zip in ``grading/submitted/``."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add the download ``path`` and ``--roster``."""
    p.add_argument("path", type=Path, help="a folder or a .zip download")
    p.add_argument(
        "--roster", type=Path, help="CSV: student_id, lms_id, username, email, name"
    )


def run(course: Course, args: argparse.Namespace) -> int:
    """Import the submissions; 1 when nothing could be placed."""
    from pmcourse.grading.importing import Roster, import_submissions

    roster = Roster.read(args.roster) if args.roster else None
    report = import_submissions(course, args.assignment, args.path, roster)
    print(
        f"placed {len(report.placed)} file(s) for {len(report.students())} "
        f"student(s) in {course.grading / 'submitted'}"
    )
    if report.added:
        print(f"added {len(report.added)} roster student(s) to the gradebook")
    for line in report.warnings:
        print(f"warning: {line}")
    for name, why in report.unplaced:
        print(f"not placed: {name}: {why}")
    return 0 if report.placed else 1


COMMAND = Command(
    "import",
    "place a folder or LMS zip (Canvas, Moodle, Blackboard) in grading/submitted/",
    "pmcourse import ps03_scheduling download.zip --roster r.csv",
    arguments,
    run,
)
