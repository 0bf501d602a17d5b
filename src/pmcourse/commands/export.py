"""``pmcourse export``: grades for an LMS, not-graded submissions left blank."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--format``, ``--roster`` and ``--output``."""
    p.add_argument("--format", choices=("csv", "canvas", "moodle"), default="csv")
    p.add_argument("--roster", type=Path, default=None)
    p.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: print)"
    )


def run(course: Course, args: argparse.Namespace) -> int:
    """Print or write the grades; say on stderr what was left blank."""
    from pmcourse.grading.export import export_grades
    from pmcourse.grading.importing import Roster

    roster = Roster.read(args.roster) if args.roster else None
    result = export_grades(course, args.assignment, args.format, roster)
    if args.output:
        args.output.write_text(result.text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(result.text)
    for student, status in result.withheld:
        print(f"left blank: {student} ({status})", file=sys.stderr)
    for student in result.pending:
        print(f"still to mark by hand: {student}", file=sys.stderr)
    for student in result.missing:
        print(f"no submission: {student}", file=sys.stderr)
    return 0


COMMAND = Command(
    "export",
    "grades for an LMS (not-graded submissions left blank)",
    "pmcourse export ps03_scheduling --format canvas",
    arguments,
    run,
)
