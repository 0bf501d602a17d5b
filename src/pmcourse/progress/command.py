"""``pmcourse progress``: show, export or delete the learner's own progress file.

Used in: lesson 00, start here ("My progress": your data is yours).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pmcourse.progress.store import ENV_VAR, TABLES, ProgressStore, default_path

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``pmcourse progress``.

    Returns
    -------
    argparse.ArgumentParser

    Examples
    --------
    >>> parser().parse_args(["--export", "mine.json"]).export
    PosixPath('mine.json')

    Used in: lesson 00, start here ("My progress").
    """
    p = argparse.ArgumentParser(
        prog="pmcourse progress",
        description="Your progress file stays on this machine. Without an option, "
        f"say where it is and what it holds (set {ENV_VAR} to move it).",
        epilog="examples: pmcourse progress --export my_progress.json; "
        "pmcourse progress --forget",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--export", type=Path, metavar="FILE", help="write all your data to FILE (JSON)"
    )
    group.add_argument(
        "--forget", action="store_true", help="delete your progress file for good"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pmcourse progress``.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``progress``.

    Returns
    -------
    int
        The exit status (0 on success).

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["PMCOURSE_PROGRESS_DIR"] = tempfile.mkdtemp()
    >>> main(["--forget"])
    nothing to delete: ... does not exist
    0

    Used in: lesson 00, start here ("My progress").
    """
    args = parser().parse_args(argv)
    path = default_path()
    store = ProgressStore(path)
    if args.forget:
        if not path.exists():
            print(f"nothing to delete: {path} does not exist")
            return 0
        gone = store.forget()
        print(f"deleted {len(gone)} file(s): {', '.join(str(g) for g in gone)}")
        return 0
    if args.export is not None:
        target = store.export(args.export)
        print(f"wrote your progress to {target}")
        return 0
    if not path.exists():
        print(f"no progress recorded yet ({path})")
        return 0
    counts = ", ".join(f"{len(store.table(t))} {t}" for t in TABLES)
    print(f"{path}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
