"""The ``pmcourse`` command: an instructor's grading pipeline on nbgrader.

A thin argparse layer over :mod:`pmcourse.grading`; every subcommand works
from anywhere inside the repository (the course is found by walking up to
``grading/nbgrader_config.py``) or on another copy with ``--course DIR``.
nbgrader's own commands keep working beside it on the same gradebook.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

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


def find_course(start: Path | None = None) -> Path:
    """Return the repository holding ``grading/nbgrader_config.py`` at or above start.

    Parameters
    ----------
    start : Path or None
        Where to look from (default: the working directory).

    Returns
    -------
    Path
        The repository folder.

    Raises
    ------
    ValueError
        If no folder at or above ``start`` holds the course.

    Examples
    --------
    >>> (find_course(Path(__file__).parent) / "grading").is_dir()
    True

    Used in: the ``pmcourse`` command.
    """
    first = Path(start or Path.cwd()).resolve()
    for folder in [first, *first.parents]:
        if (folder / "grading" / "nbgrader_config.py").is_file():
            return folder
    raise ValueError(
        f"start: no grading/nbgrader_config.py at or above {first}; run pmcourse "
        "inside the course repository or give --course DIR"
    )


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

    def command(name: str, text: str, example: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=f"{text} (e.g. `{example}`)",
            description=text,
            epilog=f"example: {example}",
        )
        p.add_argument("assignment", help="assignment name, e.g. ps03_scheduling")
        return p

    from pmcourse.capstone.report import add_cli as add_capstone_cli

    add_capstone_cli(sub)  # pmcourse capstone report ASSIGNMENT (issue 19)

    p = command(
        "release",
        "generate the student version (and release it to the exchange)",
        "pmcourse release ps03_scheduling",
    )
    p.add_argument(
        "--no-exchange",
        action="store_true",
        help="only regenerate exercises/, do not release to the exchange",
    )

    p = command(
        "import",
        "place a folder or LMS zip (Canvas, Moodle, Blackboard) in grading/submitted/",
        "pmcourse import ps03_scheduling download.zip --roster r.csv",
    )
    p.add_argument("path", type=Path, help="a folder or a .zip download")
    p.add_argument(
        "--roster", type=Path, help="CSV: student_id, lms_id, username, email, name"
    )

    p = command(
        "autograde",
        "grade submissions in parallel, each in a sandbox",
        "pmcourse autograde ps03_scheduling --jobs 2",
    )
    p.add_argument(
        "--jobs", type=int, default=None, help="parallel jobs (default: one per core)"
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="wall-clock seconds per notebook (default 120)",
    )
    p.add_argument(
        "--cell-timeout",
        type=float,
        default=30.0,
        help="seconds one cell may run before it is interrupted and the next "
        "runs (default 30)",
    )
    p.add_argument(
        "--memory",
        type=int,
        default=2048,
        help="MiB of memory per process (default 2048)",
    )
    p.add_argument(
        "--student",
        action="append",
        default=None,
        help="grade only this student (repeatable)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="grade again submissions already graded and unchanged",
    )
    p.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run student code WITHOUT the sandbox (trusted code only)",
    )
    p.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="run on an existing Dask cluster, e.g. tcp://host:8786",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = command(
        "status",
        "one line per submission: status, score, time, problems",
        "pmcourse status ps03_scheduling --json",
    )
    p.add_argument("--json", action="store_true", help="print a JSON list")

    p = command(
        "feedback",
        "write HTML feedback per student (no hidden tests)",
        "pmcourse feedback ps03_scheduling",
    )
    p.add_argument("--student", action="append", default=None)

    p = command(
        "export",
        "grades for an LMS (not-graded submissions left blank)",
        "pmcourse export ps03_scheduling --format canvas",
    )
    p.add_argument("--format", choices=("csv", "canvas", "moodle"), default="csv")
    p.add_argument("--roster", type=Path, default=None)
    p.add_argument(
        "-o", "--output", type=Path, default=None, help="file to write (default: print)"
    )

    p = command(
        "report",
        "HTML report with plots for the instructor",
        "pmcourse report ps03_scheduling",
    )
    p.add_argument("-o", "--output", type=Path, default=None)

    p = command(
        "variant",
        "show each student's own numbers (per-student variants)",
        "pmcourse variant ps03_scheduling --student ada",
    )
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
    # a learner's own progress file (pmcourse.progress.command parses the rest)
    sub.add_parser(
        "progress",
        help="your progress file: --export FILE or --forget "
        "(e.g. `pmcourse progress --export mine.json`)",
        add_help=False,
    )

    p = command(
        "review",
        "decide on a reviewed submission: accept its graded score, override, reopen",
        'pmcourse review ps03_scheduling ada --accept --reason "comment edit only"',
    )
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

    p = command(
        "due",
        "set or show an assignment's due date, grace period and late penalty",
        "pmcourse due ps03_scheduling --date 2026-03-01T23:59 --per-day 10 --cap 50",
    )
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
    return parser


def resolve_assignment(course, name: str) -> str:  # noqa: ANN001 (a Course)
    """Return the course's assignment that ``name`` names (``ps03`` is enough).

    Raises
    ------
    ValueError
        If no assignment, or more than one, is named so.

    Examples
    --------
    >>> from pmcourse.grading.course import Course
    >>> resolve_assignment(Course(find_course(Path(__file__).parent)), "ps03")
    'ps03_scheduling'
    """
    known = course.assignments()
    if name in known:
        return name
    matches = [a for a in known if a.startswith(name + "_")]
    if len(matches) == 1:
        return matches[0]
    raise ValueError(f"assignment: unknown assignment {name!r}; known: {known}")


def _variant_rows(
    course, assignment: str, students: list[str] | None, answers: bool = False
) -> list[dict]:
    from pmcourse import variants
    from pmcourse.grading.autograde import submitted_students

    source = course.source_dir(assignment) / f"{assignment}.ipynb"
    salt = variants.notebook_salt(source) if source.is_file() else variants.DEFAULT_SALT
    ids = students or submitted_students(course, assignment) or [variants.PRACTICE_ID]
    rows = []
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
            from pmcourse.grading.answer_key import answer_key

            rows[-1]["answers"] = answer_key(course, assignment, student)
    return rows


def _status_rows(course, assignment: str) -> list[dict]:
    from pmcourse.grading.classlist import class_rows

    return [row.as_dict() for row in class_rows(course, assignment)]


def _print_status(rows: list[dict], assignment: str) -> None:
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


def _review(course, args: argparse.Namespace) -> int:
    import time

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


def _due(course, args: argparse.Namespace) -> int:
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


def _run(args: argparse.Namespace) -> int:
    from pmcourse.grading.course import Course

    course = Course(find_course(args.course) if args.course is None else args.course)
    if not (course.grading / "nbgrader_config.py").is_file():
        raise ValueError(f"--course: {course.root} has no grading/nbgrader_config.py")
    a = args.assignment = resolve_assignment(course, args.assignment)
    if args.command == "review":
        return _review(course, args)
    if args.command == "due":
        return _due(course, args)
    if args.command == "release":
        from pmcourse.grading.course import run_nbgrader
        from pmcourse.release import release

        for folder in release(course, [a]):
            print(f"generated {folder}")
        if not args.no_exchange:
            run_nbgrader(course, ["release_assignment", a, "--force"])
            print(f"released {a} to the exchange")
        return 0
    if args.command == "import":
        from pmcourse.grading.importing import Roster, import_submissions

        roster = Roster.read(args.roster) if args.roster else None
        report = import_submissions(course, a, args.path, roster)
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
    if args.command == "autograde":
        return _autograde(course, args)
    if args.command == "status":
        rows = _status_rows(course, a)
        if args.json:
            print(json.dumps(rows, indent=2))
            return 0
        _print_status(rows, a)
        return 0
    if args.command == "feedback":
        from pmcourse.grading.feedback import write_feedback

        files = write_feedback(course, a, args.student)
        print(f"wrote {len(files)} feedback file(s) in {course.grading / 'feedback'}")
        return 0
    if args.command == "export":
        from pmcourse.grading.export import export_grades
        from pmcourse.grading.importing import Roster

        roster = Roster.read(args.roster) if args.roster else None
        result = export_grades(course, a, args.format, roster)
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
    if args.command == "report":
        from pmcourse.grading.report import write_report

        print(f"wrote {write_report(course, a, args.output)}")
        return 0
    if args.command == "variant":
        rows = _variant_rows(course, a, args.student, args.answers)
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
    raise AssertionError(args.command)


def _autograde(course, args: argparse.Namespace) -> int:
    from pmcourse.grading.autograde import autograde
    from pmcourse.grading.sandbox import Limits, SandboxUnavailable

    if args.no_sandbox:
        print(
            "WARNING: --no-sandbox: student code runs with YOUR rights, with access "
            "to the gradebook, the solutions and the network.",
            file=sys.stderr,
        )
    client = executor = None
    if args.dask:
        try:
            from distributed import Client
        except ImportError:
            print("error: --dask needs `pip install 'pmcourse[dask]'`", file=sys.stderr)
            return 2
        client = Client(args.dask)
        executor = client.get_executor(pure=False)
    limits = Limits(memory_mb=args.memory, cpu_seconds=max(10, int(args.timeout * 2)))
    if args.cell_timeout <= 0 or args.timeout <= 0:
        raise ValueError("--timeout/--cell-timeout: expected seconds above 0")
    try:
        batch = autograde(
            course,
            args.assignment,
            students=args.student,
            jobs=args.jobs,
            executor=executor,
            timeout=args.timeout,
            cell_timeout=args.cell_timeout,
            limits=limits,
            sandbox=not args.no_sandbox,
            force=args.force,
            progress=not args.quiet,
        )
    except SandboxUnavailable as err:
        print(
            "\n*** REFUSING TO GRADE: the sandbox is not available ***\n"
            f"{err}\nStudent code would run with your rights. Install bubblewrap "
            "(`sudo apt-get install bubblewrap`) or, for code you trust, pass "
            "--no-sandbox.",
            file=sys.stderr,
        )
        return 2
    finally:
        if client is not None:
            client.close()
    counts = ", ".join(f"{n} {s}" for s, n in sorted(batch.counts().items()))
    print(
        f"graded {len(batch.records)} submission(s): {counts or 'none'}; "
        f"{len(batch.skipped)} unchanged since last time"
    )
    for record in batch.records:
        if record.status != "graded":
            print(f"  {record.student}: {record.status}: {'; '.join(record.problems)}")
    for student, why in batch.errors.items():
        print(
            f"grader error for {student} (nothing recorded; run again): {why}",
            file=sys.stderr,
        )
    if batch.stopped:
        print(
            f"stopped by Ctrl-C: {len(batch.stopped)} submission(s) not graded "
            f"({', '.join(batch.stopped)}); run the same command again to grade them"
        )
        return 130
    return 1 if batch.errors else 0


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
    from pmcourse.grading.course import NbgraderError

    rest = list(sys.argv[1:] if argv is None else argv)
    if rest[:1] == ["progress"]:
        from pmcourse.progress.command import main as progress_main

        return progress_main(rest[1:])
    args = _parser().parse_args(argv)
    try:
        if args.command == "capstone":  # issue 19: the capstone's class report
            from pmcourse.capstone.report import run_cli

            return run_cli(args, find_course(args.course))
        return _run(args)
    except (ValueError, NbgraderError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`pmcourse variant --json | head`): stop quietly
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
