"""``pmcourse variant``: each student's own numbers (per-student variants)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND", "variant_rows"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add ``--student``, ``--answers`` and ``--json``."""
    p.add_argument(
        "--student",
        action="append",
        default=None,
        help="a student id (repeatable; default: every submitted student)",
    )
    p.add_argument(
        "--answers",
        action="store_true",
        help="also solve each student's variant with the model solution",
    )
    p.add_argument("--json", action="store_true", help="print JSON")


def variant_rows(
    course: Course, assignment: str, students: list[str] | None, answers: bool = False
) -> list[dict[str, Any]]:
    """Return each student's variant code, attempts, parameters (and answers)."""
    from pmcourse import variants
    from pmcourse.grading.answer_key import answer_key
    from pmcourse.grading.autograde import submitted_students

    source = course.source_dir(assignment) / f"{assignment}.ipynb"
    salt = variants.notebook_salt(source) if source.is_file() else variants.DEFAULT_SALT
    ids = students or submitted_students(course, assignment) or [variants.PRACTICE_ID]
    rows: list[dict[str, Any]] = []
    for student in ids:
        try:
            found = variants.scenario(assignment, salt=salt, student=student)
        except ValueError:
            if not answers:
                raise
            # No variants: one key for everyone, from the answer specification.
            rows.append({"student": student, "variant": "none", "params": {}})
        else:
            rows.append(
                {
                    "student": student,
                    "variant": found.code,
                    "attempts": found.attempts,
                    "params": found.params,
                }
            )
        if answers:
            rows[-1]["answers"] = answer_key(course, assignment, student)
    return rows


def run(course: Course, args: argparse.Namespace) -> int:
    """Print the variants (as JSON with ``--json``)."""
    rows = variant_rows(course, args.assignment, args.student, args.answers)
    if args.json:
        print(json.dumps(rows, indent=2, default=str))
        return 0
    for row in rows:
        print(f"{row['student']}: variant {row['variant']}")
        for name, value in row["params"].items():
            print(f"    {name} = {value!r}")
        for cell, values in row.get("answers", {}).items():
            print(f"  answer {cell}:")
            for name, value in values.items():
                print(f"    {name} = {value!r}")
    return 0


COMMAND = Command(
    "variant",
    "show each student's own numbers (per-student variants)",
    "pmcourse variant ps03_scheduling --student ada",
    arguments,
    run,
)
