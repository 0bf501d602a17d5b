"""The registry of item families and the builder that makes concrete items.

A family is a function ``make(rng) -> Draft``: it draws the numbers, computes
the key with :mod:`pmcourse` and lists wrong values from typical mistakes,
each with the reason it is wrong. :func:`build` turns a draft into an
:class:`~pmcourse.capm.item.Item`: it formats the options the same way, keeps
the first three wrong values that differ from the key and from each other once
formatted, and shuffles the letters with the same generator. A family raises
:class:`Redraw` when its numbers are degenerate; the builder then draws again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np

from pmcourse.capm.item import Item
from pmcourse.capm.schema import LESSONS, TASKS, normalise_stem

__all__ = ["FAMILIES", "Draft", "Family", "Redraw", "build", "family"]

_LETTERS = "ABCD"
_MAX_TRIES = 500


class Redraw(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a family when its drawn numbers are degenerate."""


@dataclass(frozen=True)
class Draft:
    """What a family returns: the question with its key and wrong values.

    Attributes
    ----------
    stem : str
        The question, numbers filled in.
    key : object
        The correct value (a number or a text), computed by :mod:`pmcourse`.
    explanation : str
        Why the key is right, with the working.
    wrong : sequence of (value, reason)
        Wrong values from typical mistakes, most instructive first.
    params : dict
        The drawn inputs, enough to recompute the key.
    """

    stem: str
    key: Any
    explanation: str
    wrong: Sequence[tuple[Any, str]] = ()
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    """An item family: its metadata and its drawing function."""

    id: str
    domain: int
    task: str
    lesson: str
    difficulty: int
    scenario: bool
    kind: str
    fmt: Callable[[Any], str]
    make: Callable[[np.random.Generator], Draft]
    title: str
    tolerance: float | None = None
    unit: str | None = None


#: Every registered family by id, in the order they were defined.
FAMILIES: dict[str, Family] = {}


def family(
    family_id: str,
    *,
    domain: int,
    task: str,
    lesson: str,
    difficulty: int,
    scenario: bool,
    fmt: Callable[[Any], str] = str,
    kind: str = "single",
    tolerance: float | None = None,
    unit: str | None = None,
) -> Callable[[Callable[[np.random.Generator], Draft]], Callable]:
    """Register a family-making function under ``family_id`` (a decorator).

    Parameters
    ----------
    family_id : str
        ``F-<TOPIC>-<NN>``.
    domain, task, lesson, difficulty, scenario
        The item metadata of the schema.
    fmt : callable
        Formats the key and the wrong values (money, index, days...).
    kind : {"single", "numeric"}
        A numeric family's answer is the key itself, graded within
        ``tolerance`` and reported in ``unit``.
    tolerance, unit
        For numeric families.

    Returns
    -------
    callable
        The decorator; it returns the function unchanged.

    Raises
    ------
    ValueError
        If the id is taken or the metadata breaks the schema.

    Examples
    --------
    A family is written like this (here without registering it for real):

    >>> from pmcourse.stakeholders import communication_channels
    >>> def channels(rng):
    ...     n = int(rng.integers(4, 12))
    ...     key = communication_channels(n)
    ...     return Draft(f"How many channels do {n} people have?", key,
    ...                  f"n(n - 1) / 2 = {key}.",
    ...                  [(n * n, "n squared"), (n * (n - 1), "not halved"),
    ...                   (n - 1, "only one person's links")], {"n": n})
    >>> FAMILIES["F-COM-01"].title
    'Ask for the communication channels in a team, the project manager included.'

    Used in: lesson 09, CAPM practice (writing item families).
    """
    if family_id in FAMILIES:
        raise ValueError(f"item family {family_id} is registered twice")
    if task not in TASKS.get(domain, ()) or lesson not in LESSONS:
        raise ValueError(f"{family_id}: bad task {task!r} or lesson {lesson!r}")
    if kind == "numeric" and (tolerance is None or not unit):
        raise ValueError(f"{family_id}: a numeric family needs tolerance and unit")

    def register(make: Callable[[np.random.Generator], Draft]) -> Callable:
        title = (make.__doc__ or family_id).strip().splitlines()[0]
        FAMILIES[family_id] = Family(
            id=family_id,
            domain=domain,
            task=task,
            lesson=lesson,
            difficulty=difficulty,
            scenario=scenario,
            kind=kind,
            fmt=fmt,
            make=make,
            title=title,
            tolerance=tolerance,
            unit=unit,
        )
        return make

    return register


def _usable(value: Any) -> bool:
    if isinstance(value, Real) and not isinstance(value, bool):
        return math.isfinite(float(value))
    return value is not None


def _options(fam: Family, draft: Draft) -> list[tuple[str, str | None]] | None:
    """Return [(key text, None), (wrong text, why) x 3] or None if too few."""
    key_text = fam.fmt(draft.key)
    seen = {normalise_stem(key_text)}
    chosen: list[tuple[str, str | None]] = [(key_text, None)]
    for value, why in draft.wrong:
        if not _usable(value):
            continue
        text = fam.fmt(value)
        if normalise_stem(text) in seen:
            continue
        seen.add(normalise_stem(text))
        chosen.append((text, why))
        if len(chosen) == len(_LETTERS):
            return chosen
    return None


def build(fam: Family, seed: int) -> Item:
    """Draw a concrete item of a family from a seed.

    Parameters
    ----------
    fam : Family
    seed : int
        The same seed gives the same item.

    Returns
    -------
    Item

    Raises
    ------
    RuntimeError
        If the family keeps drawing degenerate numbers (a bug in the family).

    Examples
    --------
    >>> item = build(FAMILIES["F-COM-01"], 3)
    >>> item.family, item.seed, sorted(item.options), item == build(
    ...     FAMILIES["F-COM-01"], 3)
    (True, 3, ['A', 'B', 'C', 'D'], True)

    Used in: lesson 09, CAPM practice; exercise ps09.
    """
    gen = np.random.default_rng(seed)
    for _ in range(_MAX_TRIES):
        try:
            draft = fam.make(gen)
        except Redraw:
            continue
        common = {
            "id": fam.id,
            "domain": fam.domain,
            "task": fam.task,
            "scenario": fam.scenario,
            "stem": draft.stem,
            "explanation": draft.explanation,
            "difficulty": fam.difficulty,
            "lesson": fam.lesson,
            "family": True,
            "seed": int(seed),
            "params": dict(draft.params),
            "key_value": draft.key,
        }
        if fam.kind == "numeric":
            return Item(
                type="numeric",
                options={},
                answer=float(draft.key),
                distractors={},
                tolerance=fam.tolerance,
                unit=fam.unit,
                **common,
            )
        chosen = _options(fam, draft)
        if chosen is None:
            continue
        order = gen.permutation(len(_LETTERS))
        options, distractors, answer = {}, {}, ""
        for letter, k in zip(_LETTERS, order, strict=True):
            text, why = chosen[int(k)]
            options[letter] = text
            if why is None:
                answer = letter
            else:
                distractors[letter] = why
        return Item(
            type="single",
            options=options,
            answer=answer,
            distractors=distractors,
            **common,
        )
    raise RuntimeError(f"item family {fam.id} drew {_MAX_TRIES} degenerate items")
