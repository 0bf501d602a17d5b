"""Answer specification of ps09 (CAPM practice exam): instructor's side, never released.

:data:`QUESTIONS` is the record of what the students answer: each question's
bank item and, for a calculation family, the seed it was drawn with (written
by ``pmcourse.capm.exercise``; the notebook's question text is checked
against it). Every key is the bank's, through :func:`pmcourse.capm.draw`, and
every answer is judged by :func:`pmcourse.capm.grade` (a letter in any case,
"choose two" letters in any order, a number within the question's stated
tolerance). A wrong option is named by the bank's own sentence on why it is
wrong, and a typed number by the usual slip it matches. The hidden tests,
``pmcourse variant --answers`` and the instructor's report (each question's
exam domain) read this one file; ps09 has no variants, so no practice key
ships.
"""

from __future__ import annotations

from typing import Any

from pmcourse import capm
from pmcourse.variants.spec import Answer, Mistake, Part, Spec

#: Question number to (bank item id, family seed or None).
QUESTIONS: dict[int, tuple[str, int | None]] = {
    1: ("D1-025", None),
    2: ("D1-059", None),
    3: ("D1-014", None),
    4: ("D1-055", None),
    5: ("D1-041", None),
    6: ("D2-013", None),
    7: ("D2-005", None),
    8: ("D2-012", None),
    9: ("D3-028", None),
    10: ("D3-030", None),
    11: ("D3-026", None),
    12: ("D4-015", None),
    13: ("D4-053", None),
    14: ("D4-029", None),
    15: ("D4-005", None),
    16: ("D1-042", None),
    17: ("D4-055", None),
    18: ("D3-025", None),
    19: ("F-PERT-02", 4859177000826580421),
    20: ("F-AGL-07", 7308148934125210482),
    21: ("F-EST-02", 9146420073675244716),
    22: ("F-PERT-01", 8921576094415195800),
    23: ("F-AGL-05", 1501463854720720985),
    24: ("D3-034", None),
}

#: The usual slips on the typed numbers: question to (name, value, sentence).
SLIPS: dict[int, list[tuple[str, Any, str]]] = {
    22: [
        (
            "triangular mean",
            lambda p: (p["optimistic"] + p["most_likely"] + p["pessimistic"]) / 3,
            "this is (O + M + P) / 3, the triangular mean; PERT weights the most "
            "likely value four times",
        )
    ],
    23: [
        (
            "multiplied",
            lambda p: p["wip"] * p["cycle_time"],
            "this is WIP x cycle time; Little's law gives throughput = WIP / "
            "cycle time",
        )
    ],
    # Question 24 is a written item (12 articles in progress, 4 finished a week).
    24: [
        (
            "multiplied",
            lambda p: 12 * 4,
            "this is WIP x throughput; Little's law gives cycle time = WIP / "
            "throughput",
        ),
        (
            "inverted",
            lambda p: 4 / 12,
            "this is throughput / WIP; Little's law gives cycle time = WIP / "
            "throughput",
        ),
    ],
}


def item(number: int) -> Any:
    """Return the bank item of question ``number`` (drawn with its seed)."""
    item_id, seed = QUESTIONS[number]
    return capm.draw(item_id, seed)


def hint(found: Any) -> str:
    """Say where a question comes from and what to review (never the key)."""
    task = found.task.split(".")[-1]
    where = f"Domain {found.domain}, Task {task}; see lesson {found.lesson[:2]}"
    if found.family or found.type == "numeric":
        where += " and the lesson 09 formula sheet"
    return where


def given(params: Any) -> dict[str, Any]:
    """Return the exam's items, question number to item."""
    return {"items": {n: item(n) for n in QUESTIONS}}


def _key(found: Any) -> Any:
    if found.type == "multiple":
        return ", ".join(found.answer)
    if found.type == "numeric":
        return float(found.answer)
    return str(found.answer)


def _letters(got: Any) -> set[str]:
    text = "".join(got) if isinstance(got, (list, tuple)) else str(got)
    words = text.replace(",", " ").upper().split()
    return {x for word in words for x in word}


def _rule(number: int) -> Any:
    def rule(got: Any, v: Any) -> str:
        found = v["items"][number]
        if capm.grade(found, got):
            return ""
        if found.type != "numeric":
            for letter in sorted(_letters(got)):
                if letter in found.distractors:
                    why = found.distractors[letter].strip().rstrip(".")
                    return f"option {letter}: {why} ({hint(found)})"
        return f"not right ({hint(found)})"

    return rule


def _mistakes(number: int) -> list[Mistake]:
    found = item(number)
    if found.type == "single":
        return [
            Mistake(
                f"option {letter}",
                lambda v, letter=letter: letter,
                f"option {letter}: {why.strip().rstrip('.')} ({hint(found)})",
            )
            for letter, why in found.distractors.items()
        ]
    params = getattr(found, "params", None) or {}
    return [
        Mistake(name, lambda v, value=value: float(value(params)), says)
        for name, value, says in SLIPS.get(number, [])
    ]


def _question(number: int) -> Part:
    found = item(number)
    return Part(
        f"check_q{number}",
        f"Question {number}",
        [
            Answer(
                f"q{number}",
                "points" if found.type == "numeric" else "label",
                lambda v: _key(v["items"][number]),
                _mistakes(number),
                normalise=(lambda s: s.strip().upper())
                if found.type == "single"
                else None,
                rule=_rule(number),
            )
        ],
        about={"capm_item": QUESTIONS[number][0]},
    )


SPEC = Spec("ps09_capm_exam", given=given, parts=[_question(n) for n in QUESTIONS])
