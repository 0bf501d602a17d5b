"""``pmcourse review``: accept, override or reopen a reviewed submission."""

from __future__ import annotations

import argparse
import time

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add the student and one of ``--accept``, ``--score``, ``--reopen``."""
    p.add_argument("student", help="the student id")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--accept",
        action="store_true",
        help="take the graded score of tampered, timed-out or crashed work",
    )
    what.add_argument("--score", type=float, help="set this score instead")
    what.add_argument(
        "--reopen", action="store_true", help="withdraw the earlier decisions"
    )
    p.add_argument("--reason", default="", help="why (required for --accept/--score)")
    p.add_argument(
        "--by", default=None, help="who decides (default: $PMCOURSE_REVIEWER or login)"
    )


def run(course: Course, args: argparse.Namespace) -> int:
    """Record the decision; refuse one that cannot apply."""
    from pmcourse.grading.autograde import status_path
    from pmcourse.grading.status import Decision, StatusStore, reviewer

    store = StatusStore(status_path(course))
    record = store.get(args.assignment, args.student)
    if record is None:
        raise ValueError(
            f"student: {args.student!r} has no autograded submission of "
            f"{args.assignment}"
        )
    action = "accept" if args.accept else "reopen" if args.reopen else "score"
    if action != "reopen" and not args.reason.strip():
        raise ValueError("--reason: say why (it is kept with the decision)")
    if action == "accept" and record.status == "invalid":
        raise ValueError(
            f"--accept: {args.student}'s submission is invalid and has no graded "
            "score; give one with --score N --reason TEXT"
        )
    if action == "accept" and record.status == "graded":
        raise ValueError(f"--accept: {args.student}'s submission already counts")
    if action == "score" and not 0 <= args.score <= record.max_score:
        raise ValueError(
            f"--score: expected 0 to {record.max_score:g}, got {args.score:g}"
        )
    decision = Decision(
        args.assignment,
        args.student,
        action,
        args.score if action == "score" else None,
        args.reason.strip(),
        args.by or reviewer(),
        time.time(),
        record.checksum,
    )
    store.decide(decision)
    print(f"{args.student}: {decision.describe()}")
    return 0


COMMAND = Command(
    "review",
    "decide on a reviewed submission: accept its graded score, override, reopen",
    'pmcourse review ps03_scheduling ada --accept --reason "comment edit only"',
    arguments,
    run,
)
