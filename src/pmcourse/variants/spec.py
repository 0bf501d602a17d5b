"""Answer specifications: what each autograded part asks, and how it is judged.

An assignment's specification (a :class:`Spec`) is written once, beside the
source notebook on the instructor's side (``solutions/<assignment>/answers.py``,
never released). For each autograded part it names the answers the student
binds, their kind (money, days, ratio, ...), how each key is computed from the
student's variant through ``pmcourse``, and the common mistakes of that part.
A hidden-test cell is one call, :func:`grade`; ``pmcourse variant --answers``
and the per-student answer key read the same specification.

Tolerances are those of a person who rounds: an answer equal to the key when
rounded to the cent (money; whole dollars from $1,000 up), to hundredths
(days, points) or to three significant figures (ratios, indices,
probabilities) earns the points, and so does one computed from the student's
own rounded earlier answers: each answer's accepted range is widened by what
rounding its inputs (the earlier answers its key reads) can change.

This module holds no key. The practice variant's judged answers ship as data
(``pmcourse/variants/practice/<assignment>.json``) so that :func:`check`
gives a learner studying alone the same messages as the grader.

Examples
--------
>>> spec = Spec("demo", given=lambda p: {"ev": p["ev"], "ac": p["ac"]}, parts=[
...     Part("check_cv", "Part 1", [Answer("cv", "money",
...          lambda v: v["ev"] - v["ac"],
...          [Mistake("sign", lambda v: v["ac"] - v["ev"], "this is AC - EV")])])])
>>> judged = spec.judge({"ev": 900.0, "ac": 1000.0})
>>> verdict(judged["check_cv"], {"cv": -100.0})
[]
>>> verdict(judged["check_cv"], {"cv": 100.0})
['Part 1, `cv`: this is AC - EV.']
"""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import importlib.util
import itertools
import json
import math
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmcourse.variants.rounding import (
    half_unit,
    person_round,
    verdict,
)
from pmcourse.variants.rounding import is_number as _is_number
from pmcourse.variants.rounding import plain as _plain

#: The kinds of answer, and the rounding a person would do for each.
KINDS = (
    "money",  # to the cent; whole dollars from 1,000 up
    "days",  # to hundredths
    "points",  # to hundredths (story points, scores)
    "ratio",  # three significant figures (indices, factors)
    "probability",  # three significant figures
    "count",  # a whole number, exact
    "label",  # a word or name, exact
    "ids",  # a list of ids, in order
    "id set",  # a collection of ids, any order
    "table",  # a table (DataFrame, as rows of a dict), usually judged by a rule
)
#: Environment variable naming the folder that holds the source assignments.
SOLUTIONS_ENV = "PMCOURSE_SOLUTIONS"
#: The file, beside each source notebook, that holds its specification.
SPEC_FILE = "answers.py"

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Mistake:
    """A common mistake: the value it gives, and what to say about it.

    Parameters
    ----------
    name : str
        A short name (``"wrong sign"``).
    value : callable
        ``value(v) -> answer``: what the mistake gives, from the given values
        and the correct answers ``v``.
    says : str
        One sentence naming the mistake without giving the key
        (``"this is AC - EV; CV is EV - AC"``).
    """

    name: str
    value: Callable[[Values], Any]
    says: str


@dataclass(frozen=True)
class Answer:
    """One name a student binds, its kind, its key and its common mistakes.

    Parameters
    ----------
    name : str
        The variable the student binds.
    kind : str
        One of :data:`KINDS`; numbers in lists and dicts are judged one by one.
    key : callable
        ``key(v) -> value`` from the given values and earlier answers ``v``.
    mistakes : sequence of Mistake
        The part's common mistakes for this answer.
    tolerance : float, optional
        An absolute tolerance in place of the kind's rounding: tighter, only
        where a common mistake would otherwise pass, or wider where the key
        comes from a simulation the student repeats with other random draws
        (sampling error); ``why`` must say which.
    why : str
        Why the tolerance differs from rounding.
    normalise : callable, optional
        ``normalise(label) -> label``, applied to the student's answer (each
        value of a dict or list) before it is compared: the other accepted
        names of a label (``"forcing"`` for ``"competing"``). A value it
        rejects (``ValueError``) is compared as given.
    rule : callable, optional
        ``rule(got, v) -> str``: a custom judge for an answer that more than
        one value can get right (a corrected table). It returns ``""`` when
        ``got`` is right, else one sentence saying what is wrong without the
        key; ``key`` is then one right answer (what ``pmcourse variant
        --answers`` shows). A rule runs in the grader and cannot ship as
        practice data.

    Examples
    --------
    >>> modes = Answer("mode", "label", lambda v: "competing",
    ...                normalise=lambda s: {"forcing": "competing"}.get(s, s))
    >>> spec = Spec("demo", lambda p: {}, [Part("check_mode", "Part 1", [modes])])
    >>> verdict(spec.judge({})["check_mode"], {"mode": "forcing"})
    []
    """

    name: str
    kind: str
    key: Callable[[Values], Any]
    mistakes: Sequence[Mistake] = ()
    tolerance: float | None = None
    why: str = ""
    normalise: Callable[[Any], Any] | None = None
    rule: Callable[[Any, Values], str] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(
                f"answer {self.name!r}: kind {self.kind!r} is not one of {KINDS}"
            )
        if self.tolerance is not None and not self.why:
            raise ValueError(
                f"answer {self.name!r}: a tighter tolerance must say why (why=...)"
            )


@dataclass(frozen=True)
class Part:
    """One autograded part: its test cell's ``grade_id`` and its answers.

    Parameters
    ----------
    grade_id : str
        The test cell's ``grade_id``.
    title : str
        How the student knows the part (``"Part 2"``).
    answers : sequence of Answer
        The names the part checks, in the order they are judged.
    about : mapping, optional
        What the instructor's tools may know of the part and a student's
        release does not say (``{"capm_item": "D1-025"}``: the bank item a
        question is, for the report's mastery by exam domain).
    """

    grade_id: str
    title: str
    answers: Sequence[Answer]
    about: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Spec:
    """An assignment's answer specification.

    Parameters
    ----------
    assignment : str
        The assignment name.
    given : callable
        ``given(params) -> dict``: the values the keys start from (the
        variant's tables and numbers; ``params`` is ``{}`` without variants).
    parts : sequence of Part
        The autograded parts, in notebook order.
    """

    assignment: str
    given: Callable[[Mapping[str, Any]], dict[str, Any]]
    parts: Sequence[Part]
    _answers: dict[str, Answer] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        answers: dict[str, Answer] = {}
        for part in self.parts:
            for answer in part.answers:
                if answer.name in answers:
                    raise ValueError(f"answer {answer.name!r} is listed twice")
                answers[answer.name] = answer
        object.__setattr__(self, "_answers", answers)

    def part(self, grade_id: str) -> Part:
        """Return the part checked by the test cell ``grade_id``."""
        for part in self.parts:
            if part.grade_id == grade_id:
                return part
        raise KeyError(f"{self.assignment}: no part {grade_id!r} in the specification")

    def key(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Return every answer's key for one variant (name to value).

        Parameters
        ----------
        params : mapping
            The variant's parameters (``{}`` without variants).

        Returns
        -------
        dict
        """
        return self._solve(params)[0]

    def _solve(
        self, params: Mapping[str, Any]
    ) -> tuple[dict[str, Any], dict[str, set[str]], dict[str, Any]]:
        given = dict(self.given(params))
        values: dict[str, Any] = {}
        reads: dict[str, set[str]] = {}
        for name, answer in self._answers.items():
            seen = _Reading({**given, **values})
            values[name] = _plain(answer.key(seen))
            reads[name] = seen.read & set(values)
        return values, reads, given

    def judge(self, params: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
        """Return what each part accepts, as data (the key, ranges, mistakes).

        Parameters
        ----------
        params : mapping
            The variant's parameters (``{}`` without variants).

        Returns
        -------
        dict
            ``grade_id`` to one entry per answer: ``name``, ``kind``,
            ``part``, ``key``, ``low``/``high`` (the accepted range of a number
            computed from rounded earlier answers) and ``mistakes``
            (``value``, ``says``). :func:`verdict` reads it.
        """
        values, reads, given = self._solve(params)
        ranges: dict[str, tuple[float, float]] = {}
        out: dict[str, list[dict[str, Any]]] = {}
        for part in self.parts:
            entries = []
            for answer in part.answers:
                key = values[answer.name]
                entry: dict[str, Any] = {
                    "name": answer.name,
                    "kind": answer.kind,
                    "part": part.title,
                    "key": key,
                }
                if _is_number(key):
                    low, high = self._range(answer, given, values, reads, ranges)
                    ranges[answer.name] = (low, high)
                    entry["low"], entry["high"] = low, high
                if answer.tolerance is not None:
                    entry["tolerance"] = answer.tolerance
                seen = {**given, **values}
                if answer.normalise is not None:
                    entry["normalise"] = answer.normalise
                if answer.rule is not None:
                    entry["rule"] = functools.partial(_ruled, answer.rule, seen)
                entry["mistakes"] = [
                    {"name": m.name, "value": _plain(m.value(seen)), "says": m.says}
                    for m in answer.mistakes
                ]
                entries.append(entry)
            out[part.grade_id] = entries
        return out

    def _range(
        self,
        answer: Answer,
        given: dict[str, Any],
        values: dict[str, Any],
        reads: dict[str, set[str]],
        ranges: dict[str, tuple[float, float]],
    ) -> tuple[float, float]:
        key = float(values[answer.name])
        inputs = sorted(n for n in reads[answer.name] if n in ranges)[:6]
        found = [key]
        for corner in itertools.product((0, 1), repeat=len(inputs)):
            if not inputs:
                break
            trial = {**given, **values}
            for name, end in zip(inputs, corner, strict=True):
                trial[name] = ranges[name][end]
            with contextlib.suppress(ArithmeticError, ValueError):
                got = answer.key(trial)
                if _is_number(got) and math.isfinite(float(got)):
                    found.append(float(got))
        if answer.tolerance is not None:
            return key - answer.tolerance, key + answer.tolerance
        low, high = min(found), max(found)
        return low - half_unit(answer.kind, low), high + half_unit(answer.kind, high)


def _ruled(rule: Callable[[Any, Values], str], seen: Values, got: Any) -> str:
    return rule(got, seen)


class _Reading(dict):  # type: ignore[type-arg]
    """A dict that remembers which keys were read (an answer's inputs)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__(data)
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> Any:
        self.read.add(name)
        return super().__getitem__(name)


def mix_up(
    key: Mapping[str, str] | Callable[[Values], Mapping[str, str]],
    one: str,
    other: str,
    says: str,
) -> Mistake:
    """Return the mistake of swapping two labels wherever a key uses them.

    For classification parts (a dict from item to label): the student who
    confuses two categories (risk and issue, internal and external failure)
    gives the key with those two labels exchanged.

    Parameters
    ----------
    key : mapping or callable
        The part's key, item to label, or ``key(v)`` giving it from the
        given values (a key that depends on the variant).
    one, other : str
        The two labels the student confuses.
    says : str
        The sentence naming the confusion (never which item is which).

    Returns
    -------
    Mistake

    Examples
    --------
    >>> m = mix_up({"a": "risk", "b": "issue", "c": "assumption"}, "risk", "issue",
    ...            "risks and issues are swapped")
    >>> m.name, m.value({})
    ('risk and issue swapped', {'a': 'issue', 'b': 'risk', 'c': 'assumption'})
    """
    pair = {one: other, other: one}

    def value(v: Values) -> dict[str, str]:
        labels = key(v) if callable(key) else key
        return {item: pair.get(label, label) for item, label in labels.items()}

    return Mistake(f"{one} and {other} swapped", value, says)


def rounded_answers(spec: Spec, params: Mapping[str, Any]) -> dict[str, Any]:
    """Return the answers of a person who rounds each and carries it forward.

    Each answer is computed from the given values and the *rounded* earlier
    answers, then rounded itself (:func:`person_round`).

    Parameters
    ----------
    spec : Spec
        The assignment's specification.
    params : mapping
        The variant's parameters.

    Returns
    -------
    dict
        Answer name to rounded value.
    """
    given = dict(spec.given(params))
    out: dict[str, Any] = {}
    for part in spec.parts:
        for answer in part.answers:
            value = _plain(answer.key({**given, **out}))
            out[answer.name] = person_round(answer.kind, value)
    return out


def _variant_params(namespace: Mapping[str, Any]) -> Mapping[str, Any]:
    found = namespace.get("my_variant")
    return getattr(found, "params", {}) if found is not None else {}


@contextlib.contextmanager
def solutions_from(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Read specifications from ``folder`` inside a ``with`` block.

    ``pmcourse autograde`` wraps its tests in this so that the hidden tests of
    a course copy read that copy's specifications.

    Parameters
    ----------
    folder : path-like
        The source assignments (``solutions/``).

    Yields
    ------
    None

    Examples
    --------
    >>> with solutions_from("/srv/course/solutions"):
    ...     solutions_folder().as_posix()
    '/srv/course/solutions'
    """
    _chosen.append(Path(folder))
    try:
        yield
    finally:
        _chosen.pop()


_chosen: list[Path] = []


def solutions_folder(start: Path | None = None) -> Path:
    """Return the folder of source assignments whose specifications to read.

    In this order: the one :func:`solutions_from` names; the environment
    variable ``PMCOURSE_SOLUTIONS``; ``solutions/`` of the course found at or
    above the working folder (plain ``nbgrader autograde`` works in
    ``grading/autograded/<student>/<assignment>/``).

    Parameters
    ----------
    start : Path, optional
        Where to look from (default the working folder).

    Returns
    -------
    Path

    Raises
    ------
    LookupError
        If there is none: a student's own environment has no specifications.

    Examples
    --------
    >>> from pmcourse.cli import find_course
    >>> solutions_folder(find_course()) == find_course() / "solutions"
    True
    """
    if _chosen:
        return _chosen[-1]
    if os.environ.get(SOLUTIONS_ENV, "").strip():
        return Path(os.environ[SOLUTIONS_ENV].strip())
    first = Path(start or Path.cwd()).resolve()
    for folder in [first, *first.parents]:
        if (folder / "grading" / "nbgrader_config.py").is_file():
            return folder / "solutions"
    raise LookupError(
        "no answer specifications here: they live with the instructor's source "
        "assignments (solutions/), which a student's environment does not have"
    )


_loaded: dict[Path, Spec] = {}


def load(assignment: str, solutions: str | os.PathLike[str] | None = None) -> Spec:
    """Load an assignment's specification from ``solutions/<assignment>/answers.py``.

    Parameters
    ----------
    assignment : str
        The assignment name.
    solutions : path-like, optional
        The source assignments (default :func:`solutions_folder`).

    Returns
    -------
    Spec
        The module's ``SPEC``.

    Raises
    ------
    LookupError
        If the assignment has no specification file.

    Examples
    --------
    >>> from pmcourse.cli import find_course
    >>> load("ps04_earned_value", find_course() / "solutions").assignment
    'ps04_earned_value'
    """
    folder = Path(solutions) if solutions is not None else solutions_folder()
    path = (folder / assignment / SPEC_FILE).resolve()
    if path in _loaded:
        return _loaded[path]
    if not path.is_file():
        raise LookupError(f"{assignment}: no answer specification at {path}")
    module_spec = importlib.util.spec_from_file_location(
        f"_pmcourse_answers_{assignment}", path
    )
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    found = module.SPEC
    if not isinstance(found, Spec) or found.assignment != assignment:
        raise LookupError(f"{path}: SPEC must be the Spec of {assignment}")
    _loaded[path] = found
    return found


def grade(assignment: str, grade_id: str, namespace: Mapping[str, Any]) -> None:
    """Judge one part of a notebook against the student's own key (a hidden test).

    Parameters
    ----------
    assignment : str
        The assignment name.
    grade_id : str
        The test cell's ``grade_id``.
    namespace : mapping
        The notebook's names (``globals()``); ``my_variant`` says whose
        numbers they are.

    Raises
    ------
    AssertionError
        With one sentence per wrong answer (see :func:`verdict`).

    Examples
    --------
    >>> from pmcourse import variants
    >>> ana = variants.scenario("ps04_earned_value", student="ana")
    >>> grade("ps04_earned_value", "check_trend",
    ...       {"my_variant": ana, "first_month_below": 9})
    Traceback (most recent call last):
    AssertionError: Part 8, `first_month_below`: not right for your numbers.
    """
    __tracebackhide__ = True
    judged = load(assignment).judge(_variant_params(namespace))[grade_id]
    problems = verdict(judged, namespace)
    if problems:
        raise AssertionError("\n".join(problems)) from None
    print(f"{judged[0]['part']}: the values are right.")


def practice_data(assignment: str) -> dict[str, Any] | None:
    """Return the practice variant's judged answers shipped with the package.

    Parameters
    ----------
    assignment : str
        The assignment name.

    Returns
    -------
    dict or None
        ``{"assignment", "variant", "parts"}``: the practice variant's code
        and what :meth:`Spec.judge` returns for it; ``None`` when none ships.

    Examples
    --------
    >>> "check_variances" in practice_data("ps04_earned_value")["parts"]
    True
    """
    resource = importlib.resources.files("pmcourse.variants") / "practice"
    item = resource / f"{assignment}.json"
    if not item.is_file():
        return None
    data: dict[str, Any] = json.loads(item.read_text("utf-8"))
    return data


def check(namespace: Mapping[str, Any], assignment: str | None = None) -> str:
    """Check a practice notebook's answers against the practice key.

    Only for the practice variant (no student id): a student's own variant is
    checked when their work is graded, and this refuses to say more. It never
    shows the key, only which parts are right and, for a wrong answer, the
    common mistake it matches.

    Parameters
    ----------
    namespace : mapping
        The notebook's names (``globals()``), with ``my_variant``.
    assignment : str, optional
        The assignment (default ``my_variant.assignment``).

    Returns
    -------
    str
        A report, one line per part.

    Examples
    --------
    >>> from pmcourse import variants
    >>> practice = variants.scenario("ps04_earned_value", salt="pmcourse-2026")
    >>> print(check({"my_variant": practice, "first_month_below": 9}).splitlines()[-2])
    Part 8, `first_month_below`: not right for your numbers.
    """
    found = namespace.get("my_variant")
    if found is not None and not getattr(found, "practice", False):
        return (
            f"check() only checks the practice variant. You have your own "
            f"variant ({found.code}, for {found.student}): its values are checked "
            "when your work is graded, and giving them here would hand out the "
            "answer key."
        )
    name = assignment or getattr(found, "assignment", None)
    data = practice_data(str(name)) if name else None
    if data is None:
        return (
            f"check(): no practice key ships for {name}: its numbers are the same "
            "for everyone, so its key would be everyone's. Your values are checked "
            "when your work is graded."
        )
    code = getattr(found, "code", data["variant"])
    if code != data["variant"]:
        return (
            f"check(): the practice key that ships is for variant {data['variant']}, "
            f"and this notebook draws variant {code} (the course salt differs), "
            "so it cannot check these numbers."
        )
    lines = []
    for entries in data["parts"].values():
        if not any(e["name"] in namespace for e in entries):
            lines.append(f"{entries[0]['part']}: not answered yet.")
            continue
        problems = verdict(entries, namespace)
        lines.extend(problems or [f"{entries[0]['part']}: right."])
    return "\n".join(lines)


__all__ = [
    "KINDS",
    "SOLUTIONS_ENV",
    "SPEC_FILE",
    "Answer",
    "Mistake",
    "Part",
    "Spec",
    "check",
    "grade",
    "half_unit",
    "person_round",
    "rounded_answers",
    "load",
    "mix_up",
    "practice_data",
    "solutions_folder",
    "solutions_from",
    "verdict",
]
