"""``pmcourse due``: set or show a due date, grace period and late penalty."""

from __future__ import annotations

import argparse

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--date``, ``--grace``, ``--per-day``, ``--cap`` and ``--clear``."""
    p.add_argument("--date", help="ISO date and time (UTC unless it has an offset)")
    p.add_argument(
        "--grace", type=float, default=0.0, help="minutes still on time (default 0)"
    )
    p.add_argument(
        "--per-day",
        type=float,
        default=0.0,
        help="percent of the score lost per day late (default 0: no penalty)",
    )
    p.add_argument(
        "--cap", type=float, default=100.0, help="largest penalty in percent"
    )
    p.add_argument("--clear", action="store_true", help="remove the due date")


def run(course: Course, args: argparse.Namespace) -> int:
    """Change the rule when asked, then print it."""
    from pmcourse.grading.late import LatePolicy, read_rules, write_rule

    if args.clear:
        write_rule(course, args.assignment, None)
        print(f"{args.assignment}: no due date")
        return 0
    if args.date:
        write_rule(
            course,
            args.assignment,
            LatePolicy(args.date, args.grace, args.per_day, args.cap),
        )
    rule = read_rules(course).get(args.assignment)
    if rule is None:
        print(f"{args.assignment}: no due date (set one with --date)")
    else:
        print(
            f"{args.assignment}: due {rule.due}, grace {rule.grace_minutes:g} min, "
            f"-{rule.per_day:g}% per day late, at most -{rule.cap:g}%"
        )
    return 0


COMMAND = Command(
    "due",
    "set or show an assignment's due date, grace period and late penalty",
    "pmcourse due ps03_scheduling --date 2026-03-01T23:59 --per-day 10 --cap 50",
    arguments,
    run,
)
