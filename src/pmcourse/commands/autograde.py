"""``pmcourse autograde``: grade submissions in parallel, each in a sandbox."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import Executor
from typing import Any

from pmcourse.commands.base import Command
from pmcourse.grading.course import Course

__all__ = ["COMMAND"]


def arguments(p: argparse.ArgumentParser) -> None:
    """Add the limits, the students, ``--force``, the sandbox and Dask flags."""
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


def run(course: Course, args: argparse.Namespace) -> int:
    """Grade; 1 on a grader error, 2 when refused, 130 when stopped by Ctrl-C."""
    from pmcourse.grading.autograde import autograde
    from pmcourse.grading.sandbox import Limits, SandboxUnavailable

    if args.no_sandbox:
        print(
            "WARNING: --no-sandbox: student code runs with YOUR rights, with access "
            "to the gradebook, the solutions and the network.",
            file=sys.stderr,
        )
    client: Any = None
    executor: Executor | None = None
    if args.dask:
        try:
            from distributed import Client  # optional: pmcourse[dask]
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


COMMAND = Command(
    "autograde",
    "grade submissions in parallel, each in a sandbox",
    "pmcourse autograde ps03_scheduling --jobs 2",
    arguments,
    run,
)
