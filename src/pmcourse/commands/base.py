"""What every ``pmcourse`` subcommand shares: the course, the assignment, a table row.

A subcommand is a :class:`Command`: its name, a line of help, an example,
the flags it adds and the function that runs it on the course. The table of
them is :data:`pmcourse.commands.COMMANDS`; :mod:`pmcourse.cli` builds the
parser from it and dispatches by name.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmcourse.grading.course import Course

__all__ = ["Command", "find_course", "resolve_assignment"]


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


def resolve_assignment(course: Course, name: str) -> str:
    """Return the course's assignment that ``name`` names (``ps03`` is enough).

    Raises
    ------
    ValueError
        If no assignment, or more than one, is named so.

    Examples
    --------
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


@dataclass(frozen=True)
class Command:
    """One ``pmcourse`` subcommand that works on an assignment of the course.

    Parameters
    ----------
    name : str
        What the instructor types (``autograde``).
    text : str
        One line of help.
    example : str
        A whole command line, shown in the help.
    arguments : callable
        Adds the subcommand's own flags to its parser (``assignment`` is
        added for every command).
    run : callable
        ``run(course, args)`` does the work and returns the exit status;
        ``args.assignment`` is already the full assignment name.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="pmcourse")
    >>> sub = parser.add_subparsers(dest="command")
    >>> hello = Command("hello", "say hello", "pmcourse hello ps03",
    ...                 lambda p: p.add_argument("--loud", action="store_true"),
    ...                 lambda course, args: 0)
    >>> _ = hello.add_to(sub)
    >>> vars(parser.parse_args(["hello", "ps03", "--loud"]))
    {'command': 'hello', 'assignment': 'ps03', 'loud': True}
    """

    name: str
    text: str
    example: str
    arguments: Callable[[argparse.ArgumentParser], Any]
    run: Callable[[Course, argparse.Namespace], int]

    def add_to(self, sub: Any) -> argparse.ArgumentParser:
        """Add this command's parser to the ``pmcourse`` subparsers ``sub``."""
        parser: argparse.ArgumentParser = sub.add_parser(
            self.name,
            help=f"{self.text} (e.g. `{self.example}`)",
            description=self.text,
            epilog=f"example: {self.example}",
        )
        parser.add_argument("assignment", help="assignment name, e.g. ps03_scheduling")
        self.arguments(parser)
        return parser
