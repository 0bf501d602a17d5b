"""The ``pmcourse`` command: an instructor's grading pipeline on nbgrader.

A thin argparse layer over :mod:`pmcourse.grading`: the parser is built from
the table of subcommands in :mod:`pmcourse.commands` (one module each), and
:func:`main` runs the one named. Every subcommand works from anywhere inside
the repository (the course is found by walking up to
``grading/nbgrader_config.py``) or on another copy with ``--course DIR``.
nbgrader's own commands keep working beside it on the same gradebook.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pmcourse.commands import COMMANDS, find_course, resolve_assignment
from pmcourse.grading.course import Course, NbgraderError

__all__ = ["EXAMPLES", "find_course", "main", "resolve_assignment"]

EXAMPLES = """\
examples:
  pmcourse release ps03_scheduling
  pmcourse import ps03_scheduling canvas_download.zip --roster roster.csv
  pmcourse autograde ps03_scheduling --jobs 4 --timeout 120 --memory 2048
  pmcourse autograde ps03_scheduling --student ada --force
  pmcourse autograde ps03_scheduling --dask tcp://scheduler:8786
  pmcourse status ps03_scheduling --json
  pmcourse feedback ps03_scheduling
  pmcourse export ps03_scheduling --format canvas --roster roster.csv -o grades.csv
  pmcourse report ps03_scheduling
  pmcourse variant ps03_scheduling --student ada --student ben
  pmcourse progress --export my_progress.json
  pmcourse review ps03_scheduling ada --accept --reason "edited a comment only"
  pmcourse review ps03_scheduling ada --score 12 --reason "checked by hand"
  pmcourse due ps03_scheduling --date 2026-03-01T23:59 --grace 15 --per-day 10
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pmcourse",
        description="Grade the course's nbgrader exercises: release, import, "
        "autograde (parallel, sandboxed), status, feedback, export, report, variant.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--course", type=Path, default=None, help="the course repository to work on"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # the capstone and progress commands live with their packages (loaded here,
    # not at start-up, so that `pmcourse progress` stays fast)
    from pmcourse.capstone.report import add_cli as add_capstone_cli

    add_capstone_cli(sub)  # pmcourse capstone report ASSIGNMENT (issue 19)
    for command in COMMANDS.values():
        command.add_to(sub)
    # a learner's own progress file (pmcourse.progress.command parses the rest)
    sub.add_parser(
        "progress",
        help="your progress file: --export FILE or --forget "
        "(e.g. `pmcourse progress --export mine.json`)",
        add_help=False,
    )
    return parser


def _run(args: argparse.Namespace) -> int:
    """Find the course and the assignment, then run the command named."""
    course = Course(find_course(args.course) if args.course is None else args.course)
    if not (course.grading / "nbgrader_config.py").is_file():
        raise ValueError(f"--course: {course.root} has no grading/nbgrader_config.py")
    args.assignment = resolve_assignment(course, args.assignment)
    return COMMANDS[args.command].run(course, args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``pmcourse`` command.

    Parameters
    ----------
    argv : sequence of str or None
        Arguments (``None`` reads ``sys.argv``).

    Returns
    -------
    int
        The exit status: 0 success, 1 a partial failure, 2 refused.

    Examples
    --------
    >>> main(["status", "no_such_assignment", "--json"])
    2

    Used in: the ``pmcourse`` console command.
    """
    rest = list(sys.argv[1:] if argv is None else argv)
    if rest[:1] == ["progress"]:
        from pmcourse.progress.command import main as progress_main

        return progress_main(rest[1:])
    args = _parser().parse_args(argv)
    try:
        if args.command == "capstone":  # issue 19: the capstone's class report
            from pmcourse.capstone.report import run_cli as run_capstone_cli

            return run_capstone_cli(args, find_course(args.course))
        return _run(args)
    except (ValueError, NbgraderError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`pmcourse variant --json | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
