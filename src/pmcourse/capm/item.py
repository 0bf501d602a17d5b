"""A concrete practice item and how a response to it is graded.

Used in: lesson 09, CAPM practice; exercise ps09.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, cast

__all__ = ["Item", "grade"]


@dataclass(frozen=True)
class Item:
    """One concrete question, ready to show and to grade.

    Static items come from the YAML bank as written; an item family's item
    has its numbers drawn, its options computed and shuffled, and carries
    the ``seed`` that reproduces it (``draw(item.id, item.seed)``) and the
    drawn ``params`` from which the key was computed. Treat the mappings as
    read-only.

    Attributes
    ----------
    id : str
        ``D1-014`` (static) or ``F-EVM-01`` (family).
    domain : int
        1 fundamentals, 2 predictive, 3 agile, 4 business analysis.
    task : str
        The outline task, e.g. ``"2.3"``.
    type : str
        ``single``, ``multiple`` or ``numeric``.
    scenario : bool
        Whether the stem is a workplace situation.
    stem : str
        The question.
    options : dict of str to str
        Letter to option text (empty for a numeric item).
    answer : str, tuple of str or float
        The letter, the letters (multiple) or the number (numeric).
    explanation : str
        Why the answer is right.
    distractors : dict of str to str
        For each wrong letter, why it is wrong.
    difficulty : int
        1 easy, 2 medium, 3 hard.
    lesson : str
        The lesson that teaches it.
    family : bool
        True when the numbers were drawn by an item family.
    tolerance : float or None
        Absolute tolerance of a numeric answer.
    unit : str or None
        Unit of a numeric answer.
    seed : int or None
        The seed a family item was drawn with.
    params : dict
        A family's drawn inputs (what the key was computed from).
    key_value : object
        A family's computed key before formatting (number or text).
    """

    id: str
    domain: int
    task: str
    type: str
    scenario: bool
    stem: str
    options: dict[str, str]
    answer: str | tuple[str, ...] | float
    explanation: str
    distractors: dict[str, str]
    difficulty: int
    lesson: str
    family: bool = False
    tolerance: float | None = None
    unit: str | None = None
    seed: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    key_value: Any = None

    def to_dict(self) -> dict[str, Any]:
        """Return the item as a plain dict (multiple answers as a list).

        Returns
        -------
        dict

        Examples
        --------
        >>> Item("D1-001", 1, "1.1", "numeric", False, "2 + 2?", {}, 4.0,
        ...      "Four.", {}, 1, "00_start_here", tolerance=0,
        ...      unit="units").to_dict()["answer"]
        4.0

        Used in: lesson 09, CAPM practice (the practice widget).
        """
        out = asdict(self)
        if isinstance(self.answer, tuple):
            out["answer"] = list(self.answer)
        return out

    def correct_text(self) -> str:
        """Return the correct answer in words, for feedback.

        Returns
        -------
        str

        Examples
        --------
        >>> Item("D1-001", 1, "1.1", "single", False, "Pick B.",
        ...      {"A": "a", "B": "b", "C": "c", "D": "d"}, "B", "B is b.",
        ...      {"A": "", "C": "", "D": ""}, 1, "00_start_here").correct_text()
        'B. b'

        Used in: lesson 09, CAPM practice (feedback on missed questions).
        """
        if self.type == "numeric":
            unit = f" {self.unit}" if self.unit else ""
            return f"{self.answer:g}{unit}"
        letters = (
            [self.answer]
            if isinstance(self.answer, str)
            else cast("tuple[str, ...]", self.answer)
        )
        return "; ".join(f"{x}. {self.options[x]}" for x in letters)


def chosen_letters(response: Any) -> set[str] | None:
    """Read a response as a set of option letters ("A, c", ["A", "C"], "AC").

    Examples
    --------
    >>> sorted(chosen_letters("A, c")), chosen_letters(None)
    (['A', 'C'], None)
    """
    if response is None:
        return None
    if isinstance(response, str):
        words = re.findall(r"[A-Za-z]+", response)
        if len(words) == 1:
            words = list(words[0])
        return {w.upper() for w in words}
    if isinstance(response, Iterable):
        return {str(t).strip().upper() for t in response if str(t).strip()}
    return None


def grade(item: Item | Mapping[str, Any], response: Any) -> bool:
    """Return whether a response answers an item correctly.

    - ``single``: the letter, case and spaces ignored;
    - ``multiple``: exactly the set of correct letters (a list, or a string
      such as ``"A, D"`` or ``"AD"``), no partial credit;
    - ``numeric``: a number within the item's absolute tolerance.

    A blank, unreadable or non-numeric response is simply wrong.

    Parameters
    ----------
    item : Item or mapping
        The item (a mapping needs ``type``, ``answer`` and, when numeric,
        ``tolerance``).
    response : str, sequence of str or number
        The learner's answer.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        If the item's type is unknown.

    Examples
    --------
    >>> item = {"type": "multiple", "answer": ["A", "D"]}
    >>> grade(item, "d, a"), grade(item, ["A"])
    (True, False)
    >>> grade({"type": "numeric", "answer": 0.89, "tolerance": 0.01}, "0.885")
    True

    Used in: lesson 09, CAPM practice; exercise ps09.
    """
    get: Callable[[str], Any] = (
        (lambda k: getattr(item, k)) if isinstance(item, Item) else item.get
    )
    kind, answer = get("type"), get("answer")
    if kind == "numeric":
        try:
            value = float(str(response).replace(",", "").replace("$", "").strip())
        except (TypeError, ValueError):
            return False
        if not math.isfinite(value):
            return False
        tolerance = float(get("tolerance") or 0.0)
        return abs(value - float(answer)) <= tolerance + 1e-9 * max(1.0, abs(answer))
    if kind not in ("single", "multiple"):
        raise ValueError(f"item type must be single, multiple or numeric, got {kind!r}")
    chosen = chosen_letters(response)
    if not chosen:
        return False
    expected = {answer} if isinstance(answer, str) else set(answer)
    if kind == "single" and len(chosen) != 1:
        return False
    return chosen == expected
