"""Grade 40 ps03 submissions: `pmcourse autograde --jobs 2` vs sequential nbgrader.

Both run on the same machine in the same run, each on its own temporary copy
of the course with the same 40 submissions (a realistic mix: model answers,
one wrong part, untouched releases). Printed:

- wall-clock seconds of `pmcourse autograde --jobs 2` (sandbox on) and of
  `nbgrader autograde` (one process, one submission after another), and the
  speed-up (target: at least 1.8x on 2 cores);
- the per-submission overhead of pmcourse (sandbox, checks, gradebook) over
  bare execution: ``pmcourse autograde --jobs 1`` on a small class of model
  answers, against bare in-process execution of the same notebook with
  nbclient (no grading, no sandbox), measured just before and after it;
- that both graders gave every student the same total.

Usage: ``python benchmarks/bench_autograde.py [--students 40] [--jobs 2]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from pmcourse.grading.course import Course, copy_course, jupyter_env, run_nbgrader
from pmcourse.grading.gradebook import cell_scores
from pmcourse.grading.submissions import fake_students, submit

PS03 = "ps03_scheduling"
REPO = Course(Path(__file__).resolve().parents[1])


def _class(course: Course, students: int) -> list[str]:
    kinds = fake_students(course, PS03)
    ids = []
    for n in range(students):
        kind = kinds[n % len(kinds)]
        kind = type(kind)(f"{kind.student_id}{n:02d}", kind.notebooks, kind.failing)
        submit(course, PS03, kind)
        ids.append(kind.student_id)
    return ids


def _totals(course: Course, ids: list[str]) -> dict[str, float]:
    return {
        s: sum(c.score for c in cell_scores(course.gradebook_url, PS03, s) if c.auto)
        for s in ids
    }


def _bare(course: Course, repeats: int, home: Path) -> float:
    from nbclient import NotebookClient

    folder = course.submitted_dir("solution00", PS03)
    nb = nbformat.read(folder / f"{PS03}.ipynb", as_version=4)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        NotebookClient(
            nbformat.from_dict(nb), resources={"metadata": {"path": str(folder)}}
        ).execute()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--sample",
        type=int,
        default=6,
        help="submissions graded one at a time for the overhead",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-autograde-") as tmp:
        tmp = Path(tmp)
        home = tmp / "home"
        env = jupyter_env(home)
        ours = copy_course(REPO, tmp / "ours")
        theirs = copy_course(REPO, tmp / "theirs")
        for course in (ours, theirs):
            run_nbgrader(course, ["generate_assignment", PS03, "--force"], env=env)
            ids = _class(course, args.students)

        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pmcourse.cli",
                "--course",
                str(ours.root),
                "autograde",
                PS03,
                "--jobs",
                str(args.jobs),
                "--quiet",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        t_ours = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout, done.stderr)
            return 1

        started = time.perf_counter()
        run_nbgrader(theirs, ["autograde", PS03, "--force"], env=env, timeout=3600)
        t_theirs = time.perf_counter() - started

        sample = copy_course(REPO, tmp / "sample")
        run_nbgrader(sample, ["generate_assignment", PS03, "--force"], env=env)
        kinds = fake_students(sample, PS03)
        for k in range(args.sample):
            submit(sample, PS03, type(kinds[0])(f"s{k}", kinds[0].notebooks))
        bare_times = [_bare(ours, 3, home)]
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pmcourse.cli",
                "--course",
                str(sample.root),
                "autograde",
                PS03,
                "--jobs",
                "1",
                "--quiet",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        t_one = (time.perf_counter() - started) / args.sample
        bare_times.append(_bare(ours, 3, home))
        bare = statistics.median(bare_times)
        overhead = t_one - bare
        same = _totals(ours, ids) == _totals(theirs, ids)
        n = args.students
        print(f"submissions: {n} of {PS03}")
        print(
            f"pmcourse autograde --jobs {args.jobs} (sandboxed): {t_ours:6.1f} s "
            f"({t_ours / n:.2f} s a submission)"
        )
        print(
            f"nbgrader autograde, sequential:          {t_theirs:6.1f} s "
            f"({t_theirs / n:.2f} s a submission)"
        )
        print(f"speed-up: {t_theirs / t_ours:.2f}x (target >= 1.8x on 2 cores)")
        print(f"bare in-process execution of the solved notebook: {bare:.2f} s")
        print(
            f"pmcourse autograde --jobs 1, {args.sample} model answers: "
            f"{t_one:.2f} s a submission, {overhead:+.2f} s over bare execution"
        )
        print(f"same totals for every student: {same}")
        results = REPO.root / "benchmarks" / "results"
        results.mkdir(exist_ok=True)
        (results / "bench_autograde.json").write_text(
            json.dumps(
                {
                    "students": n,
                    "jobs": args.jobs,
                    "pmcourse_s": t_ours,
                    "nbgrader_s": t_theirs,
                    "speedup": t_theirs / t_ours,
                    "bare_s": bare,
                    "overhead_s": overhead,
                    "same_totals": same,
                },
                indent=2,
            )
        )
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
