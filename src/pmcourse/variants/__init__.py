"""Per-student variants: each student gets their own numbers.

An exercise that uses variants draws its parameters (durations, costs,
probabilities) from a random generator seeded by three things: the course's
salt, the assignment and the student's id. The same three always give the
same numbers, so the notebook a student works in and the grader that checks
it agree without storing anything; two students get different numbers, so
copying another student's answers earns nothing.

Who is the student? :func:`student_id` answers, in this order:

1. the grader, inside :func:`grading_as` (``pmcourse autograde`` runs the
   hidden tests this way, in its own clean interpreter);
2. ``PMCOURSE_STUDENT_ID`` (``pmcourse autograde`` sets it in its sandbox;
   a student working away from the hub may set it too);
3. plain ``nbgrader autograde``: it sets ``NBGRADER_EXECUTION=autograde``
   and runs the notebook in ``autograded/<student>/<assignment>/``, so the
   student is the name of the folder above the working folder;
4. ``JUPYTERHUB_USER``, which JupyterHub sets in every student's server;
5. nobody: the notebook says so and uses the fixed practice variant.

A draw is checked before it is used (positive durations, one critical path,
probabilities that add up to 1, ...); an invalid draw is thrown away and the
same generator draws again, so every variant is sensible and still
reproducible.

Examples
--------
>>> def draw(rng):
...     return {"duration": int(rng.integers(-3, 10))}
>>> def check(params):
...     return [] if params["duration"] > 0 else ["duration must be positive"]
>>> ana = variant("demo", draw, check, student="ana", salt="s1")
>>> ana.params["duration"] > 0, ana == variant("demo", draw, check,
...                                            student="ana", salt="s1")
(True, True)

Used in: exercises ps02 to ps05 and grading (``pmcourse autograde``).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: The salt used when a notebook does not name its own.
DEFAULT_SALT = "pmcourse"
#: The id whose numbers everyone without an id practises on.
PRACTICE_ID = "practice"
#: Environment variable the grader (or a student without a hub) sets.
STUDENT_ENV = "PMCOURSE_STUDENT_ID"
#: How many draws :func:`variant` tries before it gives up.
MAX_ATTEMPTS = 1000

_grader_student: list[str] = []

Draw = Callable[[np.random.Generator], dict[str, Any]]
Check = Callable[[Mapping[str, Any]], list[str]]


@contextlib.contextmanager
def grading_as(student: str) -> Iterator[None]:
    """Make :func:`student_id` answer ``student`` inside a ``with`` block.

    Parameters
    ----------
    student : str
        The id of the student whose work is being graded.

    Yields
    ------
    None

    Raises
    ------
    ValueError
        If ``student`` is empty.

    Examples
    --------
    >>> with grading_as("ana"):
    ...     student_id()
    ('ana', 'grader')

    Used in: grading (``pmcourse autograde`` runs the hidden tests this way).
    """
    if not str(student).strip():
        raise ValueError("student: expected a student id, got an empty string")
    _grader_student.append(str(student))
    try:
        yield
    finally:
        _grader_student.pop()


def _autograde_folder_student(cwd: Path) -> str | None:
    # nbgrader runs the notebook in <step>/<student>/<assignment>/ (by
    # default <course>/autograded/...): the student is the folder above.
    parts = cwd.resolve().parts
    return parts[-2] if len(parts) >= 2 else None


def student_id(
    environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> tuple[str | None, str]:
    """Return who the student is, and where that came from.

    Parameters
    ----------
    environ : mapping, optional
        The environment to read (default ``os.environ``).
    cwd : Path, optional
        The working folder (default the current one); only read while plain
        ``nbgrader autograde`` runs.

    Returns
    -------
    (str or None, str)
        The id (``None`` when there is none) and its source: ``"grader"``,
        ``"PMCOURSE_STUDENT_ID"``, ``"nbgrader autograde folder"``,
        ``"JUPYTERHUB_USER"`` or ``"none"``.

    Examples
    --------
    >>> student_id({"JUPYTERHUB_USER": "ana"})
    ('ana', 'JUPYTERHUB_USER')
    >>> student_id({"NBGRADER_EXECUTION": "autograde", "JUPYTERHUB_USER": "prof"},
    ...            cwd=Path("/course/autograded/ben/ps03_scheduling"))
    ('ben', 'nbgrader autograde folder')
    >>> student_id({})
    (None, 'none')

    Used in: exercises ps02 to ps05.
    """
    env = os.environ if environ is None else environ
    if _grader_student:
        return _grader_student[-1], "grader"
    if env.get(STUDENT_ENV, "").strip():
        return env[STUDENT_ENV].strip(), STUDENT_ENV
    if env.get("NBGRADER_EXECUTION") == "autograde":
        found = _autograde_folder_student(Path.cwd() if cwd is None else cwd)
        if found:
            return found, "nbgrader autograde folder"
    if env.get("JUPYTERHUB_USER", "").strip():
        return env["JUPYTERHUB_USER"].strip(), "JUPYTERHUB_USER"
    return None, "none"


def seed_for(salt: str, assignment: str, student: str) -> int:
    """Return the seed of one student's variant of one assignment.

    The seed is the first 128 bits of SHA-256 over the three strings, so
    nearby ids give unrelated numbers.

    Parameters
    ----------
    salt : str
        The course's salt (change it each term for fresh numbers).
    assignment : str
        The assignment name.
    student : str
        The student id.

    Returns
    -------
    int
        A non-negative seed for :func:`numpy.random.default_rng`.

    Examples
    --------
    >>> seed_for("s", "ps03", "ana") == seed_for("s", "ps03", "ana")
    True
    >>> seed_for("s", "ps03", "ana") == seed_for("s", "ps03", "anb")
    False

    Used in: exercises ps02 to ps05.
    """
    text = "\x1f".join((salt, assignment, student))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:16], "big")


@dataclass(frozen=True)
class Variant:
    """One student's numbers for one assignment.

    Parameters
    ----------
    assignment : str
        The assignment name.
    student : str
        The student id the numbers were drawn for (:data:`PRACTICE_ID` for
        the practice variant).
    source : str
        Where the id came from (see :func:`student_id`), or ``"given"``.
    code : str
        A short code naming the variant (six hexadecimal digits).
    params : dict
        The drawn parameters.
    attempts : int
        Draws made until one passed the check (1 when the first did).
    """

    assignment: str
    student: str
    source: str
    code: str
    params: dict[str, Any] = field(compare=False)
    attempts: int = 1

    @property
    def practice(self) -> bool:
        """Whether this is the practice variant (no student id was found)."""
        return self.source == "none"

    def __getitem__(self, name: str) -> Any:
        """Return the parameter ``name``."""
        return self.params[name]

    @property
    def label(self) -> str:
        """One line naming the assignment, the variant and the student."""
        who = "practice variant" if self.practice else f"student {self.student}"
        return f"{self.assignment}, variant {self.code} ({who})"

    def message(self) -> str:
        """Return what the student (or the grader) should know about it.

        Returns
        -------
        str
            Plain text: the label, and for the practice variant why and how
            to get one's own numbers.
        """
        if not self.practice:
            return (
                f"Variant {self.code} of {self.assignment}, drawn for "
                f"{self.student} (id from {self.source}). These numbers are "
                "yours: other students have different ones, and your work is "
                "graded against these."
            )
        return (
            f"Practice variant {self.code} of {self.assignment}: no student id "
            "was found (you are not on the course's JupyterHub). Everyone "
            "without an id sees these same numbers, so you can practise, but "
            "answers to them will not score when your work is graded under "
            "your own id. Open the notebook on the course hub, or set the "
            f"environment variable {STUDENT_ENV} to your course id and "
            "restart the kernel, to get your own numbers."
        )

    def _repr_markdown_(self) -> str:
        colour = "#b45309" if self.practice else "#1d4ed8"
        title = "Practice variant" if self.practice else "Your variant"
        return (
            f'<div style="border-left: 4px solid {colour}; padding: 4px 10px">'
            f"<b>{title}: {html.escape(self.code)}</b><br>"
            f"{html.escape(self.message())}</div>"
        )

    def __repr__(self) -> str:
        return f"Variant({self.label})"


def params_of(source: Variant | Mapping[str, Any]) -> Mapping[str, Any]:
    """Return a variant's parameters, or the mapping given as it is.

    Parameters
    ----------
    source : Variant or mapping
        A drawn variant, or its parameters.

    Returns
    -------
    mapping

    Raises
    ------
    TypeError
        If ``source`` is neither.

    Examples
    --------
    >>> params_of({"fair_day": 22})
    {'fair_day': 22}

    Used in: exercises ps02 to ps05 (the table builders).
    """
    params = source.params if isinstance(source, Variant) else source
    if not isinstance(params, Mapping):
        raise TypeError(
            f"expected a Variant or a dict of parameters, got {type(source).__name__}"
        )
    return params


def variant(
    assignment: str,
    draw: Draw,
    check: Check | None = None,
    *,
    salt: str = DEFAULT_SALT,
    student: str | None = None,
    max_attempts: int = MAX_ATTEMPTS,
) -> Variant:
    """Draw one student's parameters, redrawing until they pass the check.

    Parameters
    ----------
    assignment : str
        The assignment name (part of the seed).
    draw : callable
        ``draw(rng) -> dict`` of parameters.
    check : callable, optional
        ``check(params) -> list of problems``; an empty list accepts the draw.
    salt : str
        The course's salt.
    student : str, optional
        The student id; by default :func:`student_id` finds it, and the
        practice variant is used when there is none.
    max_attempts : int
        Draws to try before giving up.

    Returns
    -------
    Variant

    Raises
    ------
    ValueError
        If ``assignment`` or ``salt`` is empty, or no draw passes the check
        within ``max_attempts`` (the message lists the last problems).

    Examples
    --------
    >>> v = variant("demo", lambda rng: {"p": float(rng.random())},
    ...             lambda p: [] if p["p"] > 0.5 else ["p too small"],
    ...             student="ana")
    >>> v.params["p"] > 0.5, v.student, len(v.code)
    (True, 'ana', 6)

    Used in: exercises ps02 to ps05.
    """
    if not str(assignment).strip():
        raise ValueError("assignment: expected a name, got an empty string")
    if not str(salt):
        raise ValueError("salt: expected a non-empty course salt")
    if max_attempts < 1:
        raise ValueError(f"max_attempts: expected at least 1, got {max_attempts}")
    if student is None:
        found, source = student_id()
        student = found if found is not None else PRACTICE_ID
    else:
        source = "given"
    seed = seed_for(salt, assignment, student)
    rng = np.random.default_rng(seed)
    problems: list[str] = []
    for attempt in range(1, max_attempts + 1):
        params = draw(rng)
        problems = list(check(params)) if check is not None else []
        if not problems:
            code = f"{seed:032X}"[:6]
            return Variant(assignment, student, source, code, params, attempt)
    raise ValueError(
        f"{assignment}: no valid variant for {student!r} in {max_attempts} draws; "
        f"last problems: {'; '.join(problems)}"
    )


#: Assignments whose numbers are drawn per student, and the module that
#: draws them (each has ``draw(rng)`` and ``check(params)``).
SCENARIOS: dict[str, str] = {
    "ps02_budgeting": "pmcourse.variants.ps02",
    "ps03_scheduling": "pmcourse.variants.ps03",
    "ps04_earned_value": "pmcourse.variants.ps04",
    "ps05_risk": "pmcourse.variants.ps05",
}


def scenario_module(assignment: str) -> Any:
    """Return the module that draws an assignment's numbers.

    Parameters
    ----------
    assignment : str
        An assignment listed in :data:`SCENARIOS`.

    Returns
    -------
    module
        With ``draw(rng)`` and ``check(params)``.

    Raises
    ------
    ValueError
        If the assignment has no variants.

    Examples
    --------
    >>> scenario_module("ps03_scheduling").__name__
    'pmcourse.variants.ps03'

    Used in: exercises ps02 to ps05 and ``pmcourse variant``.
    """
    import importlib

    if assignment not in SCENARIOS:
        raise ValueError(
            f"assignment: {assignment!r} has no per-student variants; "
            f"those that do: {', '.join(sorted(SCENARIOS))}"
        )
    return importlib.import_module(SCENARIOS[assignment])


def scenario(
    assignment: str, *, salt: str = DEFAULT_SALT, student: str | None = None
) -> Variant:
    """Draw one student's variant of a course assignment.

    Parameters
    ----------
    assignment : str
        An assignment listed in :data:`SCENARIOS`.
    salt : str
        The course's salt (the notebook names it).
    student : str, optional
        The student id; by default :func:`student_id` finds it.

    Returns
    -------
    Variant

    Raises
    ------
    ValueError
        If the assignment has no variants.

    Examples
    --------
    >>> scenario("ps03_scheduling", student="ana").student
    'ana'

    Used in: exercises ps02 to ps05 and ``pmcourse variant``.
    """
    module = scenario_module(assignment)
    return variant(assignment, module.draw, module.check, salt=salt, student=student)


def notebook_salt(path: str | os.PathLike[str]) -> str:
    """Return the course salt a notebook names in ``COURSE_SALT = "..."``.

    The instructor's source notebook is the one place the salt is written,
    so the tools that show a student's variant read it from there.

    Parameters
    ----------
    path : path-like
        A notebook (``.ipynb``).

    Returns
    -------
    str
        The salt; :data:`DEFAULT_SALT` when the notebook names none.

    Examples
    --------
    >>> import json, tempfile
    >>> cell = {"cell_type": "code", "source": 'COURSE_SALT = "fall-26"',
    ...         "metadata": {}, "outputs": [], "execution_count": None}
    >>> nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "ps.ipynb"
    ...     _ = path.write_text(json.dumps(nb))
    ...     notebook_salt(path)
    'fall-26'

    Used in: ``pmcourse variant``.
    """
    import ast
    import json

    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and any(
                    isinstance(t, ast.Name) and t.id == "COURSE_SALT"
                    for t in node.targets
                )
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
            ):
                return node.value.value
    return DEFAULT_SALT


__all__ = [
    "SCENARIOS",
    "notebook_salt",
    "params_of",
    "scenario",
    "scenario_module",
    "DEFAULT_SALT",
    "MAX_ATTEMPTS",
    "PRACTICE_ID",
    "STUDENT_ENV",
    "Variant",
    "grading_as",
    "seed_for",
    "student_id",
    "variant",
]
