"""``pmcourse release``: generate the student version and release it."""

from __future__ import annotations

import argparse

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course, run_nbgrader

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--no-exchange``."""
    p.add_argument(
        "--no-exchange",
        action="store_true",
        help="only regenerate exercises/, do not release to the exchange",
    )


def run(course: Course, args: argparse.Namespace) -> int:
    """Regenerate ``exercises/<assignment>`` and release it to the exchange."""
    from pmcourse.release import release  # loads nbgrader: only when run

    a = args.assignment
    for folder in release(course, [a]):
        print(f"generated {folder}")
    if not args.no_exchange:
        run_nbgrader(course, ["release_assignment", a, "--force"])
        print(f"released {a} to the exchange")
    return 0


COMMAND = Command(
    "release",
    "generate the student version (and release it to the exchange)",
    "pmcourse release ps03_scheduling",
    arguments,
    run,
)
