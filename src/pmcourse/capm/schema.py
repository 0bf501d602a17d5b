"""The rules every CAPM-style practice item follows, checked by code.

An item is a mapping with the keys of ``notes/CAPM_SCHEMA.md``: ``id``,
``domain``, ``task``, ``type``, ``scenario``, ``stem``, ``options``,
``answer`` (``tolerance`` and ``unit`` for a numeric item), ``explanation``,
``distractors``, ``difficulty`` and ``lesson``. :func:`validate_item` lists
what is wrong with one item; :func:`check_bank` adds the rules that span the
bank (unique ids, unique stems). Messages name the file and the item id.

Used in: lesson 09, CAPM practice (the question bank).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from numbers import Real
from typing import Any, TypeGuard

__all__ = [
    "DOMAIN_NAMES",
    "LESSONS",
    "OUTLINE_WEIGHTS",
    "TASKS",
    "TYPES",
    "BankError",
    "check_bank",
    "normalise_stem",
    "validate_item",
]

#: The four domains of the CAPM exam content outline (2023).
DOMAIN_NAMES: dict[int, str] = {
    1: "Fundamentals and core concepts",
    2: "Predictive, plan-based methodologies",
    3: "Agile frameworks and methodologies",
    4: "Business analysis frameworks",
}

#: The outline's weight of each domain in the exam.
OUTLINE_WEIGHTS: dict[int, float] = {1: 0.36, 2: 0.17, 3: 0.20, 4: 0.27}

#: The outline tasks of each domain, as "domain.task" strings.
TASKS: dict[int, tuple[str, ...]] = {
    1: ("1.1", "1.2", "1.3", "1.4", "1.5"),
    2: ("2.1", "2.2", "2.3"),
    3: ("3.1", "3.2", "3.3", "3.4", "3.5"),
    4: ("4.1", "4.2", "4.3", "4.4", "4.5", "4.6"),
}

#: The lessons an item may point to.
LESSONS: tuple[str, ...] = (
    "00_start_here",
    "01_lifecycles",
    "02_budgeting",
    "03_scheduling",
    "04_earned_value",
    "05_risk",
    "06_agile_vs_waterfall",
    "07_stakeholders",
    "08_business_analysis",
    "09_capm_practice",
)

#: Question types.
TYPES: tuple[str, ...] = ("single", "multiple", "numeric")

_REQUIRED = (
    "id",
    "domain",
    "task",
    "type",
    "scenario",
    "stem",
    "answer",
    "explanation",
    "difficulty",
    "lesson",
)
_ALLOWED = frozenset((*_REQUIRED, "options", "distractors", "tolerance", "unit"))
_STATIC_ID = re.compile(r"^D([1-4])-\d{3}$")
_FAMILY_ID = re.compile(r"^F-[A-Z]{2,6}-\d{2}$")
_COUNT_WORDS = {2: "two", 3: "three", 4: "four"}
_BANNED_OPTIONS = ("all of the above", "none of the above")


class BankError(ValueError):
    """Raised when bank items break the schema; ``problems`` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        shown = "\n- ".join(self.problems[:50])
        more = len(self.problems) - 50
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__(
            f"{len(self.problems)} problem(s) in the CAPM bank:\n- {shown}{tail}"
        )


def _is_int(x: Any) -> TypeGuard[int]:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: Any) -> TypeGuard[float]:
    return isinstance(x, Real) and not isinstance(x, bool)


def _text(x: Any) -> bool:
    return isinstance(x, str) and x.strip() != ""


def normalise_stem(stem: str) -> str:
    r"""Return a stem lower-cased with its whitespace collapsed, for comparison.

    Parameters
    ----------
    stem : str

    Returns
    -------
    str

    Examples
    --------
    >>> normalise_stem("  What is   the CPI?\n")
    'what is the cpi?'

    Used in: lesson 09, CAPM practice (bank checks).
    """
    return " ".join(str(stem).split()).lower()


def _check_identity(item: Mapping[str, Any], say) -> None:
    iid, domain = item.get("id"), item.get("domain")
    if not _is_int(domain) or domain not in DOMAIN_NAMES:
        say(f"domain must be 1, 2, 3 or 4, got {domain!r}")
        domain = None
    if not isinstance(iid, str):
        say(f"id must be a string, got {iid!r}")
    else:
        static = _STATIC_ID.match(iid)
        if not static and not _FAMILY_ID.match(iid):
            say(
                f"id {iid!r} must look like D<domain>-<3 digits> (D1-014) "
                "or F-<TOPIC>-<2 digits> (F-EVM-01)"
            )
        elif static and domain is not None and int(static.group(1)) != domain:
            say(f"id {iid!r} starts with D{static.group(1)} but domain is {domain}")
    task = item.get("task")
    if not isinstance(task, str):
        say(f'task must be a quoted string like "1.3", got {task!r}')
    elif domain is not None and task not in TASKS[domain]:
        say(
            f"task {task!r} is not a task of domain {domain}; expected one of "
            + ", ".join(TASKS[domain])
        )
    if not isinstance(item.get("scenario"), bool):
        say(f"scenario must be true or false, got {item.get('scenario')!r}")
    difficulty = item.get("difficulty")
    if not _is_int(difficulty) or not 1 <= difficulty <= 3:
        say(f"difficulty must be 1, 2 or 3, got {difficulty!r}")
    if item.get("lesson") not in LESSONS:
        say(
            f"lesson {item.get('lesson')!r} is not one of the lessons: "
            + ", ".join(LESSONS)
        )
    for key in ("stem", "explanation"):
        if not _text(item.get(key)):
            say(f"{key} must be non-empty text")


def _check_options(item: Mapping[str, Any], kind: str, say) -> list[str]:
    options = item.get("options")
    if not isinstance(options, Mapping):
        say(f"a {kind} item needs options A-D as a mapping, got {options!r}")
        return []
    letters = list(options)
    allowed = (["A", "B", "C", "D"], ["A", "B", "C", "D", "E"])
    if kind == "single" and letters != allowed[0]:
        say(f"options must be exactly A, B, C, D in order, got {letters}")
    if kind == "multiple" and letters not in allowed:
        say(f"options must be A-D or A-E in order, got {letters}")
    seen: dict[str, str] = {}
    for letter, text in options.items():
        if not _text(text):
            say(f"option {letter} must be non-empty text")
            continue
        norm = normalise_stem(text)
        if norm in seen:
            say(f"options {seen[norm]} and {letter} are the same text")
        seen.setdefault(norm, letter)
        if any(b in norm for b in _BANNED_OPTIONS):
            say(f'option {letter} uses "all/none of the above"; write a real option')
    return [str(x) for x in letters]


def _check_answer(item: Mapping[str, Any], kind: str, letters: list[str], say):
    answer = item.get("answer")
    if kind == "single":
        if not isinstance(answer, str) or answer not in letters:
            say(f"answer {answer!r} is not one of the options {', '.join(letters)}")
            return None
        return [answer]
    if kind == "multiple":
        if not isinstance(answer, list | tuple) or len(answer) < 2:
            say(
                f"a multiple item's answer must be a list of 2+ letters, got {answer!r}"
            )
            return None
        if len(set(answer)) != len(answer):
            say(f"answer {list(answer)} repeats a letter")
        bad = [a for a in answer if a not in letters]
        if bad:
            say(f"answer letters {bad} are not among the options {letters}")
            return None
        if letters and len(set(answer)) >= len(letters):
            say("answer selects every option: leave at least one wrong option")
        word = _COUNT_WORDS.get(len(set(answer)), str(len(set(answer))))
        if f"choose {word}" not in normalise_stem(item.get("stem", "")):
            say(f'the stem must say "Choose {word}." for {len(set(answer))} answers')
        return list(answer)
    # numeric
    if not _is_number(answer):
        say(f"a numeric item's answer must be a number, got {answer!r}")
    tol = item.get("tolerance")
    if not _is_number(tol) or tol < 0:
        say(f"a numeric item needs tolerance >= 0 (absolute), got {tol!r}")
    if not _text(item.get("unit")):
        say("a numeric item needs a unit (days, dollars, channels, ...)")
    if item.get("options"):
        say("a numeric item has no options: omit them")
    return None


def _check_distractors(
    item: Mapping[str, Any], letters: list[str], answers: list[str] | None, say
) -> None:
    distractors = item.get("distractors")
    if not isinstance(distractors, Mapping):
        say("distractors must map each wrong option's letter to why it is wrong")
        return
    if answers is None:
        return
    wrong = [x for x in letters if x not in answers]
    missing = [x for x in wrong if not _text(distractors.get(x))]
    if missing:
        say(f"distractors need a reason for each wrong option: missing {missing}")
    extra = [x for x in distractors if x not in wrong]
    if extra:
        say(f"distractors explain {extra}, which are not wrong options")


def validate_item(
    item: Mapping[str, Any], source: str = "", *, strict: bool = True
) -> list[str]:
    """List what is wrong with one item; an empty list means it is valid.

    Parameters
    ----------
    item : mapping
        The item as loaded from YAML (or a family's concrete item).
    source : str
        Where the item comes from (a file name), used in the messages.
    strict : bool
        Also reject keys the schema does not know (a typo such as
        ``distractor``). Concrete family items carry extra keys: pass False.

    Returns
    -------
    list of str
        One message per problem, each naming the source and the item id.

    Examples
    --------
    >>> good = {"id": "D3-001", "domain": 3, "task": "3.4", "type": "single",
    ...         "scenario": False, "stem": "Who orders the product backlog?",
    ...         "options": {"A": "The product owner", "B": "The Scrum master",
    ...                     "C": "The sponsor", "D": "The developers"},
    ...         "answer": "A", "explanation": "The product owner is accountable.",
    ...         "distractors": {"B": "x", "C": "y", "D": "z"},
    ...         "difficulty": 1, "lesson": "06_agile_vs_waterfall"}
    >>> validate_item(good, "d3_agile.yaml")
    []
    >>> validate_item({**good, "answer": "E"}, "d3_agile.yaml")
    ["d3_agile.yaml, item D3-001: answer 'E' is not one of the options A, B, C, D"]

    Used in: lesson 09, CAPM practice (bank checks).
    """
    if not isinstance(item, Mapping):
        return [f"{source}: an item must be a mapping of keys, got {item!r}"]
    where = f"{source}, item {item.get('id', '?')}" if source else str(item.get("id"))
    problems: list[str] = []

    def say(message: str) -> None:
        problems.append(f"{where}: {message}")

    missing = [k for k in _REQUIRED if k not in item]
    if missing:
        say(f"missing key(s) {', '.join(missing)}")
    if strict:
        unknown = sorted(str(k) for k in item if k not in _ALLOWED)
        if unknown:
            say(f"unknown key(s) {', '.join(unknown)}")
    _check_identity(item, say)
    kind = item.get("type")
    if kind not in TYPES:
        say(f"type must be single, multiple or numeric, got {kind!r}")
        return problems
    if kind == "numeric":
        _check_answer(item, kind, [], say)
        return problems
    letters = _check_options(item, kind, say)
    answers = _check_answer(item, kind, letters, say)
    _check_distractors(item, letters, answers, say)
    return problems


def check_bank(items: Iterable[tuple[str, Mapping[str, Any]]]) -> list[str]:
    """List the problems that span a bank: repeated ids and repeated stems.

    Parameters
    ----------
    items : iterable of (source, item)
        Every item with the file (or module) it comes from.

    Returns
    -------
    list of str

    Examples
    --------
    >>> a = {"id": "D1-001", "stem": "Why plan?"}
    >>> check_bank([("d1.yaml", a), ("d1.yaml", {"id": "D1-001", "stem": "Why?"})])
    ['d1.yaml, item D1-001: id D1-001 is used twice (first in d1.yaml)']

    Used in: lesson 09, CAPM practice (bank checks).
    """
    problems: list[str] = []
    ids: dict[str, str] = {}
    stems: dict[str, str] = {}
    for source, item in items:
        if not isinstance(item, Mapping):
            continue
        iid = str(item.get("id"))
        where = f"{source}, item {iid}"
        if iid in ids:
            problems.append(f"{where}: id {iid} is used twice (first in {ids[iid]})")
        ids.setdefault(iid, source)
        stem = normalise_stem(item.get("stem", ""))
        if stem and stem in stems:
            problems.append(f"{where}: same stem as item {stems[stem]}")
        stems.setdefault(stem, iid)
    return problems
