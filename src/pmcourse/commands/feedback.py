"""``pmcourse feedback``: HTML feedback per student, hidden tests left out."""

from __future__ import annotations

import argparse

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--student`` (repeatable)."""
    p.add_argument("--student", action="append", default=None)


def run(course: Course, args: argparse.Namespace) -> int:
    """Write the feedback files."""
    from pmcourse.grading.feedback import write_feedback

    files = write_feedback(course, args.assignment, args.student)
    print(f"wrote {len(files)} feedback file(s) in {course.grading / 'feedback'}")
    return 0


COMMAND = Command(
    "feedback",
    "write HTML feedback per student (no hidden tests)",
    "pmcourse feedback ps03_scheduling",
    arguments,
    run,
)
