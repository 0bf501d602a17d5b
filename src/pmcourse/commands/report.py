"""``pmcourse report``: the instructor's HTML report with plots."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--output``."""
    p.add_argument("-o", "--output", type=Path, default=None)


def run(course: Course, args: argparse.Namespace) -> int:
    """Write the report and print where."""
    from pmcourse.grading.report import write_report

    print(f"wrote {write_report(course, args.assignment, args.output)}")
    return 0


COMMAND = Command(
    "report",
    "HTML report with plots for the instructor",
    "pmcourse report ps03_scheduling",
    arguments,
    run,
)
