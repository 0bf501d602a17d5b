r"""Generate the CAPM practice exercise (ps09) from the bank with a fixed seed.

The exercise is a short exam in parts: one per outline domain, one of
"choose two" questions and two of calculations. :func:`select_questions`
picks its questions from the bank with :func:`~pmcourse.capm.assemble_exam`
and a fixed seed (:data:`PS09_SEED`), so every student gets the same exam.
The other functions write the notebook cells of a question:

- :func:`question_markdown`: the question as the student reads it;
- :func:`answer_source`: the model answers of a part (an nbgrader solution);
- :func:`check_source`: the grade cell of a question: a visible check of the
  answer's type and format, and a hidden test that is one call into the
  exercise's answer specification (``solutions/ps09_capm_exam/answers.py``,
  never released), which names each question's item (its id and seed), draws
  it with :func:`~pmcourse.capm.draw` and grades the answer with
  :func:`~pmcourse.capm.grade`. No key is ever typed into the notebook, and
  the release does not say which bank item a question is.

A test compares the committed notebook with what these functions write for
the items its hidden tests name, so the questions shown, the questions graded
and the bank cannot drift apart. The selection depends on the bank's content:
once the bank grows, the same seed picks other questions, so the committed
notebook (item ids and family seeds in its hidden tests), not the seed, is the
record of what students answer, with the item list of its answer
specification (:func:`questions_source` writes it). Regenerate both only
between terms.

Used in: exercise ps09, CAPM practice exam; lesson 09.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import cast

import pandas as pd

from pmcourse.capm.bank import load_bank
from pmcourse.capm.exam import assemble_exam
from pmcourse.capm.item import Item
from pmcourse.capm.schema import DOMAIN_NAMES

__all__ = [
    "PS09_PARTS",
    "PS09_SEED",
    "ExercisePart",
    "PartSpec",
    "answer_source",
    "check_source",
    "domain_label",
    "format_rule",
    "question_markdown",
    "questions_source",
    "select_questions",
    "written_question",
]

#: The seed the ps09 exam is drawn with.
PS09_SEED = 2009
#: The exercise's name, and the name its hidden tests give the answer specification.
ASSIGNMENT, SPEC_ALIAS = "ps09_capm_exam", "_spec"

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four"}


@dataclass(frozen=True)
class PartSpec:
    """What one part of the exercise asks.

    Attributes
    ----------
    name : str
        Used in grade ids (``answer_<name>``).
    title : str
        The part's heading.
    domains : tuple of int
        Outline domains to draw from.
    types : tuple of str
        Item types to draw (``single``, ``multiple``, ``numeric``).
    family : bool or None
        True: calculation families only; False: static items only; None:
        both.
    count : int
        Number of questions.
    """

    name: str
    title: str
    domains: tuple[int, ...]
    types: tuple[str, ...]
    family: bool | None
    count: int


@dataclass(frozen=True)
class ExercisePart:
    """A part with its drawn questions.

    Attributes
    ----------
    spec : PartSpec
    items : tuple of Item
    first : int
        The number of its first question (questions are numbered across the
        whole exercise, from 1).
    """

    spec: PartSpec
    items: tuple[Item, ...]
    first: int

    @property
    def numbers(self) -> list[int]:
        """The question numbers of the part."""
        return list(range(self.first, self.first + len(self.items)))


#: The parts of ps09, in order.
PS09_PARTS: tuple[PartSpec, ...] = (
    PartSpec("fundamentals", "Domain 1: fundamentals and core concepts",
             (1,), ("single",), False, 5),
    PartSpec("predictive", "Domain 2: predictive, plan-based methods",
             (2,), ("single",), False, 3),
    PartSpec("agile", "Domain 3: agile frameworks and methods",
             (3,), ("single",), False, 3),
    PartSpec("business_analysis", "Domain 4: business analysis",
             (4,), ("single",), False, 4),
    PartSpec("choose_two", "Choose two: questions with two right answers",
             (1, 2, 3, 4), ("multiple",), None, 3),
    PartSpec("pick_the_number", "Calculations: pick the right number",
             (1, 2, 3, 4), ("single",), True, 3),
    PartSpec("type_the_number", "Calculations: type the number",
             (1, 2, 3, 4), ("numeric",), None, 3),
)  # fmt: skip


def select_questions(
    seed: int = PS09_SEED,
    parts: tuple[PartSpec, ...] = PS09_PARTS,
    *,
    bank: pd.DataFrame | None = None,
) -> list[ExercisePart]:
    """Draw the questions of every part, reproducibly, with no item twice.

    Each part's pool is the bank's items of its domains, types and kind
    (family or static) not used by an earlier part; its questions are drawn
    with :func:`~pmcourse.capm.assemble_exam`, weighting each domain by the
    size of its pool, so that every item of the pool is equally likely.

    Parameters
    ----------
    seed : int
        The exercise's seed; each part is drawn with ``seed + its position``.
    parts : tuple of PartSpec
        What to draw (:data:`PS09_PARTS` by default).
    bank : DataFrame, optional
        The bank table (:func:`~pmcourse.capm.load_bank` by default).

    Returns
    -------
    list of ExercisePart

    Raises
    ------
    ValueError
        If a part's pool holds fewer items than it needs (naming the part).

    Examples
    --------
    >>> exam = select_questions()
    >>> [len(p.items) for p in exam], exam[1].first
    ([5, 3, 3, 4, 3, 3, 3], 6)
    >>> exam[0].items[0] == select_questions()[0].items[0]
    True

    Used in: exercise ps09 (its generator script).
    """
    table = load_bank() if bank is None else bank
    used: set[str] = set()
    out, first = [], 1
    for position, spec in enumerate(parts):
        pool = table[
            table["domain"].isin(spec.domains)
            & table["type"].isin(spec.types)
            & ~table["id"].isin(used)
        ]
        if spec.family is not None:
            pool = pool[pool["family"] == spec.family]
        if len(pool) < spec.count:
            raise ValueError(
                f"part {spec.name!r} needs {spec.count} items but the bank has "
                f"only {len(pool)} of its kind"
            )
        weights = pool["domain"].value_counts().to_dict()
        items = assemble_exam(
            spec.count, rng=seed + position, weights=weights, bank=pool
        )
        used |= {item.id for item in items}
        out.append(ExercisePart(spec, tuple(items), first))
        first += spec.count
    return out


def written_question(
    seed: int = PS09_SEED, *, bank: pd.DataFrame | None = None
) -> Item:
    """Draw the scenario question of the written part (graded by hand).

    A domain 1 scenario question with one answer, written by us (not a
    family), that no autograded part of :func:`select_questions` uses.

    Parameters
    ----------
    seed : int
        The exercise's seed (the draw uses ``seed + 100``).
    bank : DataFrame, optional
        The bank table (:func:`~pmcourse.capm.load_bank` by default).

    Returns
    -------
    Item

    Examples
    --------
    >>> item = written_question()
    >>> item.domain, item.scenario, item.family
    (1, True, False)

    Used in: exercise ps09 (part 8, graded by hand).
    """
    table = load_bank() if bank is None else bank
    used = {
        item.id for part in select_questions(seed, bank=table) for item in part.items
    }
    pool = table[
        (table["domain"] == 1)
        & (table["type"] == "single")
        & table["scenario"]
        & ~table["family"]
        & ~table["id"].isin(used)
    ]
    return assemble_exam(1, rng=seed + 100, weights={1: 1}, bank=pool)[0]


def _md(text: str) -> str:
    """Escape the characters markdown (and MathJax's ``$``) would interpret.

    A dollar sign gets two backslashes: markdown turns them into one, which
    MathJax then reads as a literal dollar sign (one backslash would be used
    up by markdown, and MathJax would typeset the text between two amounts).
    """
    return re.sub(
        r"([\\`*_<>$|])",
        lambda m: "\\\\$" if m[1] == "$" else "\\" + m[1],
        " ".join(str(text).split()),
    )


def _letters_text(letters: list[str]) -> str:
    return f"{', '.join(letters[:-1])} or {letters[-1]}"


def format_rule(item: Item, number: int) -> str:
    """Say how to write the answer to a question, with an example.

    Parameters
    ----------
    item : Item
        The question.
    number : int
        Its number in the exercise (the variable is ``q<number>``).

    Returns
    -------
    str
        Markdown.

    Examples
    --------
    >>> from pmcourse.capm import draw
    >>> format_rule(draw("D1-010"), 4)
    'Choose two: write the two letters in one string, e.g. `q4 = "A, C"`.'

    Used in: exercise ps09.
    """
    name = f"q{number}"
    if item.type == "single":
        return (
            f"Write one letter ({_letters_text(list(item.options))}) as a string, "
            f'e.g. `{name} = "B"`.'
        )
    if item.type == "multiple":
        k = len(cast("tuple[str, ...]", item.answer))
        example = ", ".join("ACE"[:k])
        return (
            f"Choose {_WORDS.get(k, k)}: write the {_WORDS.get(k, k)} letters in one "
            f'string, e.g. `{name} = "{example}"`.'
        )
    unit = f" in {item.unit}" if item.unit else ""
    tolerance = item.tolerance or 0
    precision = f" (within {tolerance:g})" if tolerance else " (exactly)"
    return (
        f"Write a number{unit}{precision}, without quotes or units, e.g. "
        f"`{name} = 12.5`."
    )


def question_markdown(item: Item, number: int) -> str:
    """Write a question as the student reads it, in markdown.

    Parameters
    ----------
    item : Item
        The question.
    number : int
        Its number in the exercise.

    Returns
    -------
    str

    Examples
    --------
    >>> from pmcourse.capm import draw
    >>> print(question_markdown(draw("F-COM-03", rng=1), 20).splitlines()[0])
    **Question 20** · Domain 1, Task 4 · answer in `q20`

    Used in: exercise ps09.
    """
    domain, task = item.task.split(".")
    lines = [
        f"**Question {number}** · Domain {domain}, Task {task} · answer in `q{number}`",
        "",
        _md(item.stem),
        "",
    ]
    for letter, text in item.options.items():
        lines.append(f"- **{letter}.** {_md(text)}")
    if item.options:
        lines.append("")
    lines.append(format_rule(item, number))
    return "\n".join(lines)


def _comment(text: str, width: int = 84) -> list[str]:
    return ["# " + line for line in textwrap.wrap(" ".join(text.split()), width - 2)]


def _literal(item: Item) -> str:
    if item.type == "single":
        return f'"{item.answer}"'
    if item.type == "multiple":
        return '"' + ", ".join(cast("tuple[str, ...]", item.answer)) + '"'
    value = float(cast(float, item.answer))
    return repr(round(value, 4) if value != int(value) else float(int(value)))


def answer_source(part: ExercisePart) -> str:
    """Write the model answers of a part as an nbgrader solution cell.

    The answers come from the drawn items; each is followed by the item's
    explanation as a comment for the instructor.

    Parameters
    ----------
    part : ExercisePart

    Returns
    -------
    str
        Python source with ``### BEGIN SOLUTION`` / ``### END SOLUTION``.

    Examples
    --------
    >>> part = select_questions()[0]
    >>> answer_source(part).splitlines()[1]
    '### BEGIN SOLUTION'

    Used in: exercise ps09.
    """
    first, last = part.numbers[0], part.numbers[-1]
    head = f"# Questions {first} to {last}: q{first} = ..., up to q{last} = ..."
    lines = [head, "### BEGIN SOLUTION"]
    for number, item in zip(part.numbers, part.items, strict=True):
        lines.append(f"q{number} = {_literal(item)}")
        lines += _comment(item.explanation)
    lines.append("### END SOLUTION")
    return "\n".join(lines)


def _quoted(letters: list[str], brackets: str) -> str:
    """Write letters as a tuple or set literal, ``("A", "B")``."""
    return brackets[0] + ", ".join(f'"{x}"' for x in letters) + brackets[1]


def check_source(item: Item, number: int) -> str:
    """Write the grade cell of one question: visible format checks, hidden key.

    Parameters
    ----------
    item : Item
        The question (a family item carries the seed it was drawn with).
    number : int
        Its number in the exercise.

    Returns
    -------
    str
        Python source: a docstring, visible asserts with messages a student
        can act on, then a hidden test that grades the answer through the
        answer specification (which draws the item again).

    Examples
    --------
    >>> from pmcourse.capm import draw
    >>> source = check_source(draw("F-COM-03", rng=1), 20)
    >>> '_spec.grade("ps09_capm_exam", "check_q20", globals())' in source
    True

    Used in: exercise ps09.
    """
    name = f"q{number}"
    got = f"got {{type({name}).__name__}} {{{name}!r}}"
    if item.type == "single":
        options = list(item.options)
        doc = f"Question {number}: is {name} one letter, {options[0]} to {options[-1]}?"
        visible = [
            f"assert isinstance({name}, str), (",
            f'    f"{name}: expected a letter {options[0]}-{options[-1]} as a '
            f"string, such as 'B', {got}\"",
            ")",
            f"assert {name}.strip().upper() in {_quoted(options, '()')}, (",
            f'    f"{name}: expected one of the letters {", ".join(options)}, '
            f'got {{{name}!r}}"',
            ")",
        ]
    elif item.type == "multiple":
        k, options = len(cast("tuple[str, ...]", item.answer)), list(item.options)
        word = _WORDS.get(k, str(k))
        doc = f"Question {number}: does {name} give {word} of the letters?"
        visible = [
            f"assert isinstance({name}, (str, list, tuple)), (",
            f"    f\"{name}: expected the letters in one string such as 'A, C', \"",
            f'    f"{got}"',
            ")",
            f'_picked = set("".join({name}).replace(",", " ").upper().split())',
            "_picked = {x for word in _picked for x in word}",
            f"assert len(_picked) == {k} and _picked <= {_quoted(options, '{}')}, (",
            f'    f"{name}: expected {word} different letters among '
            f'{", ".join(options)}, got {{{name}!r}}"',
            ")",
        ]
    else:
        doc = f"Question {number}: is {name} a number?"
        visible = [
            f"assert isinstance({name}, Real) and not isinstance({name}, bool), (",
            f'    f"{name}: expected a number such as 12.5 (no quotes, no unit), '
            f'{got}"',
            ")",
        ]
    lines = [
        f'"""{doc}"""',
        *visible,
        f'print("Question {number}: {name} has the expected format.")',
        'print("Format checked; the values are checked when your work is graded.")',
        "### BEGIN HIDDEN TESTS",
        f"from pmcourse.variants import spec as {SPEC_ALIAS}",
        "",
        f'{SPEC_ALIAS}.grade("{ASSIGNMENT}", "check_{name}", globals())',
        "### END HIDDEN TESTS",
    ]
    return "\n".join(lines)


def questions_source(parts: list[ExercisePart]) -> str:
    """Write the item list of the answer specification: question to (id, seed).

    Parameters
    ----------
    parts : list of ExercisePart

    Returns
    -------
    str
        Python source of the ``QUESTIONS`` dict that
        ``solutions/ps09_capm_exam/answers.py`` holds.

    Examples
    --------
    >>> print(questions_source(select_questions()).splitlines()[1])
        1: ("D1-025", None),

    Used in: exercise ps09 (its generator script).
    """
    lines = ["QUESTIONS: dict[int, tuple[str, int | None]] = {"]
    for part in parts:
        for number, item in zip(part.numbers, part.items, strict=True):
            seed = item.seed if item.family else None
            lines.append(f'    {number}: ("{item.id}", {seed}),')
    lines.append("}")
    return "\n".join(lines)


def domain_label(domain: int) -> str:
    """Return ``"Domain 2, predictive, plan-based methodologies"``-style text.

    Parameters
    ----------
    domain : int

    Returns
    -------
    str

    Examples
    --------
    >>> domain_label(3)
    'Domain 3, agile frameworks and methodologies'

    Used in: exercise ps09.
    """
    return (
        f"Domain {domain}, {DOMAIN_NAMES[domain][0].lower()}{DOMAIN_NAMES[domain][1:]}"
    )
