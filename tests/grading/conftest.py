"""A course copy with a corpus of bad submissions, imported and graded once.

The corpus (``_corpus.py``) is made from the released ps03 and goes through
the real command line: a Canvas-style zip plus roster goes through
``pmcourse import``, then one ``pmcourse autograde --jobs 2`` grades the whole
class. Every file outside the sandbox is hashed before and after.

Where the grader's sandbox cannot run (no bubblewrap), ``run_cli`` grades
with ``--no-sandbox``: the corpus is the test's own trusted fixture. The
submissions whose point is the confinement (``CONFINEMENT_CASES``) are left
out of it then, and the tests in ``CONFINEMENT_TESTS`` skip, naming the part.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from _corpus import (
    PS03,
    REPO,
    TIMEOUT,
    Corpus,
    build_cases,
    canvas_zip,
    hash_tree,
    run_cli,
)

from pmcourse import doctor
from pmcourse.grading.course import copy_course

#: Corpus submissions that only a sandbox survives (no memory limit, no
#: hidden files without it): graded only where the sandbox runs.
CONFINEMENT_CASES = {"memory_bomb", "escape"}
#: Tests whose point is the confinement: marked ``sandbox`` (skip without it).
CONFINEMENT_TESTS = {"test_escape_attempts_fail_inside_the_sandbox"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the confinement tests and corpus cases ``sandbox``."""
    for item in items:
        name = getattr(item, "originalname", item.name)
        params = getattr(getattr(item, "callspec", None), "params", {})
        if name in CONFINEMENT_TESTS or params.get("student") in CONFINEMENT_CASES:
            item.add_marker(pytest.mark.sandbox)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Corpus:
    """Import and grade the whole corpus once per test session."""
    tmp = tmp_path_factory.mktemp("corpus")
    course = copy_course(REPO, tmp / "course")
    home = tmp / "home"
    home.mkdir()
    canaries = [home / "canary.txt", course.root / "canary.txt", tmp / "canary.txt"]
    for path in canaries:
        path.write_text(f"secret canary {path.parent.name}")
    gradebook = course.grading / "gradebook.db"
    solution_file = course.source_dir(PS03) / f"{PS03}.ipynb"
    other = course.submitted_dir("solution", PS03) / f"{PS03}.ipynb"
    targets = [str(p) for p in [gradebook, solution_file, other, *canaries]]
    released = run_cli(course, home, "release", PS03)
    assert released.returncode == 0, released.stdout + released.stderr
    cases = build_cases(course, targets)
    if doctor.missing("sandbox"):
        cases = [case for case in cases if case.student not in CONFINEMENT_CASES]
    release_nb = (course.release_dir(PS03) / f"{PS03}.ipynb").read_bytes()
    data, roster = canvas_zip(cases, release_nb)
    download = tmp / "canvas.zip"
    download.write_bytes(data)
    (tmp / "roster.csv").write_text(roster)
    imported = run_cli(
        course, home, "import", PS03, str(download), "--roster", str(tmp / "roster.csv")
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    watched = [
        course.solutions,
        course.exercises,
        course.grading / "submitted",
        course.root / "nbgrader_config.py",
        course.grading / "nbgrader_config.py",
        download,
        *canaries,
    ]
    before = hash_tree(watched, skip=set())
    started = time.perf_counter()
    graded = run_cli(
        course,
        home,
        "autograde",
        PS03,
        "--jobs",
        "2",
        "--timeout",
        str(TIMEOUT),
        "--memory",
        "1024",
        "--quiet",
    )
    seconds = time.perf_counter() - started
    after = hash_tree(watched, skip=set())
    print(f"\ncorpus: graded {len(cases)} submissions in {seconds:.1f} s")
    return Corpus(
        course,
        home,
        {c.student: c for c in cases},
        imported,
        graded,
        seconds,
        before,
        after,
        canaries,
    )


@pytest.fixture(scope="session")
def env_home(tmp_path_factory) -> Path:
    """A throw-away home for command-line runs outside the corpus."""
    home = tmp_path_factory.mktemp("home")
    os.environ.setdefault("MPLBACKEND", "Agg")
    return home
