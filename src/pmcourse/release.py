"""Generate the student versions (``exercises/``) from the sources (``solutions/``).

Run as ``python -m pmcourse.release [ASSIGNMENT ...]`` (``make release``).
Every assignment folder of ``solutions/`` (or only those named) goes through
``nbgrader generate_assignment --force`` with the course configuration, which
writes its student version to ``exercises/`` and records the assignment in the
gradebook (``grading/gradebook.db``). The generated files are committed; the
student versions are never edited by hand.

``--check`` regenerates into a temporary copy of the course instead and
reports every difference from the committed ``exercises/`` (exit status 1
when they are out of sync).
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from pmcourse.grading.course import Course, copy_course, jupyter_env, run_nbgrader
from pmcourse.setup_lab import find_course_root


def release(
    course: Course,
    assignments: Sequence[str] | None = None,
    *,
    output: Path | None = None,
    db_url: str | None = None,
    env: dict[str, str] | None = None,
) -> list[Path]:
    """Generate the student version of assignments with nbgrader.

    Parameters
    ----------
    course : Course
        The course.
    assignments : sequence of str or None
        Assignment names; ``None`` means every folder of ``solutions/``.
    output : Path or None
        Release folder to write to instead of ``exercises/``.
    db_url : str or None
        Gradebook URL instead of the course's ``grading/gradebook.db``.
    env : dict or None
        Environment for nbgrader (default :func:`jupyter_env`).

    Returns
    -------
    list of Path
        The generated assignment folders.

    Raises
    ------
    ValueError
        If an assignment has no source folder.
    pmcourse.grading.course.NbgraderError
        If nbgrader fails (its log is in the message).

    Used in: ``make release``; the test that ``exercises/`` is in sync.
    """
    known = course.assignments()
    names = list(known if assignments is None else assignments)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(
            f"assignments: no source folder for {unknown} in {course.solutions}; "
            f"known: {known}"
        )
    extra = []
    if output is not None:
        extra.append(f"--CourseDirectory.release_directory={Path(output).resolve()}")
    if db_url is not None:
        extra.append(f"--db={db_url}")
    out_root = course.exercises if output is None else Path(output).resolve()
    done = []
    for name in names:
        run_nbgrader(course, ["generate_assignment", name, "--force", *extra], env=env)
        done.append(out_root / name)
    return done


def compare_releases(expected: Path, actual: Path) -> list[str]:
    """List the differences between two release folders.

    Parameters
    ----------
    expected : Path
        The freshly generated release folder.
    actual : Path
        The committed release folder.

    Returns
    -------
    list of str
        One line per file that is missing, extra or different (empty when
        both folders hold the same files with the same bytes).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
    ...     _ = (Path(a) / "ps.ipynb").write_text("{}")
    ...     compare_releases(Path(a), Path(b))
    ['missing from ...: ps.ipynb']

    Used in: ``python -m pmcourse.release --check`` and its test.
    """

    def files(root: Path) -> set[str]:
        if not root.is_dir():
            return set()
        return {
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.is_file()
            and ".ipynb_checkpoints" not in path.parts
            and "__pycache__" not in path.parts
        }

    want, have = files(expected), files(actual)
    problems = [f"missing from {actual}: {name}" for name in sorted(want - have)]
    problems += [f"not generated (stale): {name}" for name in sorted(have - want)]
    problems += [
        f"differs from the generated version: {name}"
        for name in sorted(want & have)
        if not filecmp.cmp(expected / name, actual / name, shallow=False)
    ]
    return problems


def check(course: Course, workdir: Path | None = None) -> list[str]:
    """Regenerate every assignment in a temporary copy and compare with ``exercises/``.

    Parameters
    ----------
    course : Course
        The course whose ``exercises/`` is checked.
    workdir : Path or None
        Folder for the temporary copy (default: a new temporary folder).

    Returns
    -------
    list of str
        The differences (see :func:`compare_releases`); empty when in sync.

    Used in: ``python -m pmcourse.release --check`` and the sync test.
    """
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        scratch = copy_course(course, Path(tmp) / "course", exercises=False)
        env = jupyter_env(Path(tmp) / "home")
        release(scratch, env=env)
        return compare_releases(scratch.exercises, course.exercises)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate (or check) the student versions from the command line.

    Parameters
    ----------
    argv : sequence of str or None
        Arguments (``None`` reads ``sys.argv``).

    Returns
    -------
    int
        0 on success, 1 when ``--check`` finds differences.

    Used in: ``make release``.
    """
    parser = argparse.ArgumentParser(
        prog="python -m pmcourse.release", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("assignments", nargs="*", help="default: all of solutions/")
    parser.add_argument(
        "--check", action="store_true", help="compare with exercises/, change nothing"
    )
    parser.add_argument("--root", type=Path, default=None, help="course repository")
    args = parser.parse_args(argv)
    course = Course(find_course_root(args.root))
    started = time.perf_counter()
    if args.check:
        problems = check(course)
        for line in problems:
            print(line)
        print(
            f"exercises/ is {'out of sync' if problems else 'in sync'} with "
            f"solutions/ ({time.perf_counter() - started:.1f} s)"
        )
        return 1 if problems else 0
    folders = release(course, args.assignments or None)
    for folder in folders:
        print(f"generated {folder.relative_to(course.root)}")
    stale = sorted(
        folder.name
        for folder in course.exercises.iterdir()
        if folder.is_dir() and folder.name not in course.assignments()
    )
    if stale and not args.assignments:
        print(f"warning: exercises/ has folders without a source: {stale}")
    seconds = time.perf_counter() - started
    print(f"released {len(folders)} assignment(s) in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
