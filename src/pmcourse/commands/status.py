"""``pmcourse status``: one line per submission (or ``--json``)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND", "print_status", "status_rows"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--json``."""
    p.add_argument("--json", action="store_true", help="print a JSON list")


def status_rows(course: Course, assignment: str) -> list[dict[str, Any]]:
    """Return the class list of ``assignment`` as plain dictionaries."""
    from pmcourse.grading.classlist import class_rows

    return [row.as_dict() for row in class_rows(course, assignment)]


def print_status(rows: list[dict[str, Any]], assignment: str) -> None:
    """Print one line per student and a summary line.

    Examples
    --------
    >>> print_status([], "ps03_scheduling")
    no submissions of ps03_scheduling yet: `pmcourse import ps03_scheduling DOWNLOAD --roster ROSTER` places them
    """  # noqa: E501
    if not rows:
        print(
            f"no submissions of {assignment} yet: `pmcourse import {assignment} "
            "DOWNLOAD --roster ROSTER` places them"
        )
        return
    for row in rows:
        score = "" if row["score"] is None else f"{row['score']:g}/{row['max_score']:g}"
        secs = "" if row["seconds"] is None else f"{row['seconds']:.1f}s"
        notes = list(row["problems"])
        if row["decision"]:
            notes.insert(0, f"review: {row['decision']}")
        if row["late"]:
            notes.insert(0, row["late"])
        if row["to_mark"]:
            notes.insert(0, f"{row['to_mark']} part(s) to mark by hand")
        print(
            f"{row['student']:<20} {row['status']:<15} {score:>10} {secs:>8}  "
            + "; ".join(notes)
        )
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    waiting = sum(1 for row in rows if row["to_mark"])
    print(
        f"{len(rows)} student(s): "
        + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        + (f"; {waiting} with parts to mark by hand" if waiting else "")
    )


def run(course: Course, args: argparse.Namespace) -> int:
    """Print the class list."""
    rows = status_rows(course, args.assignment)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        print_status(rows, args.assignment)
    return 0


COMMAND = Command(
    "status",
    "one line per submission: status, score, time, problems",
    "pmcourse status ps03_scheduling --json",
    arguments,
    run,
)
