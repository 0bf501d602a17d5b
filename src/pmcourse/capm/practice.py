"""Score a practice exam by domain, against a practice line, with feedback.

A learner's practice exam is a list of :class:`~pmcourse.capm.item.Item` and
the responses given (``None`` or ``""`` where a question was left blank).
:func:`score_exam` grades each response with :func:`~pmcourse.capm.grade`
and returns an :class:`ExamReport`: one row per question, the score of each
domain, and, for every missed question, why the right answer is right and
why the chosen one is wrong.

The *practice line* is a target of ours, 70 % by default. It is not PMI's
pass mark: PMI does not publish one, and its score report rates each domain
in bands rather than giving percentages.

Used in: lesson 09, CAPM practice (the practice widget); exercise ps09.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from pmcourse.capm.item import Item, grade
from pmcourse.capm.item import chosen_letters as _letters
from pmcourse.capm.schema import DOMAIN_NAMES, OUTLINE_WEIGHTS

__all__ = [
    "EXAM_MINUTES",
    "EXAM_QUESTIONS",
    "EXAM_SCORED",
    "PRACTICE_LINE",
    "ExamReport",
    "describe_response",
    "exam_minutes",
    "is_blank",
    "score_exam",
    "why_wrong",
]

#: Questions on the real exam (CAPM exam content outline, 2023).
EXAM_QUESTIONS = 150
#: Of which count towards the result (the other 15 are unscored pretest items).
EXAM_SCORED = 135
#: Minutes allowed for the real exam.
EXAM_MINUTES = 180
#: The default practice line: a target of ours, not PMI's pass mark.
PRACTICE_LINE = 0.7

_QUESTION_COLUMNS = [
    "number",
    "id",
    "domain",
    "type",
    "response",
    "answered",
    "correct",
    "flagged",
    "lesson",
]
_DOMAIN_COLUMNS = [
    "name",
    "questions",
    "answered",
    "correct",
    "score",
    "weight",
    "above_line",
    "lost_on_exam",
]
_MISSED_COLUMNS = [
    "number",
    "id",
    "domain",
    "stem",
    "your_answer",
    "correct_answer",
    "why_right",
    "why_wrong",
    "lesson",
    "flagged",
]


def exam_minutes(n: int) -> int:
    """Return the minutes for ``n`` questions at the real exam's pace.

    The exam allows 180 minutes for 150 questions, 1.2 minutes a question;
    the result is rounded up to a whole minute.

    Parameters
    ----------
    n : int
        Number of questions (>= 1).

    Returns
    -------
    int
        Minutes.

    Raises
    ------
    ValueError
        If ``n`` is not a whole number >= 1.

    Examples
    --------
    >>> exam_minutes(150), exam_minutes(15), exam_minutes(1)
    (180, 18, 2)

    Used in: lesson 09, CAPM practice (timing a practice round).
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f"n must be a whole number of questions >= 1, got {n!r}")
    # integer arithmetic: 1.2 * n = 6n / 5, rounded up
    return int(-(-EXAM_MINUTES * int(n) // EXAM_QUESTIONS))


def is_blank(response: Any) -> bool:
    """Return True when a response says nothing (None, NaN, "" or no letters).

    Parameters
    ----------
    response : object
        A learner's response.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_blank(None), is_blank("  "), is_blank(()), is_blank("B"), is_blank(0)
    (True, True, True, False, False)

    Used in: lesson 09, CAPM practice.
    """
    if response is None:
        return True
    if isinstance(response, float):
        return math.isnan(response)
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, Iterable):
        return not any(str(x).strip() for x in response)
    return False


def describe_response(item: Item, response: Any) -> str:
    """Return a response in words: the letters with their text, or the number.

    Parameters
    ----------
    item : Item
        The question answered.
    response : object
        The learner's response.

    Returns
    -------
    str
        ``"(no answer)"`` for a blank response.

    Examples
    --------
    >>> q = Item("D1-001", 1, "1.1", "single", False, "Pick B.",
    ...          {"A": "a", "B": "b"}, "B", "B is b.", {"A": "No."}, 1,
    ...          "00_start_here")
    >>> describe_response(q, "a"), describe_response(q, None)
    ('A. a', '(no answer)')

    Used in: lesson 09, CAPM practice (feedback on missed questions).
    """
    if is_blank(response):
        return "(no answer)"
    if item.type == "numeric":
        unit = f" {item.unit}" if item.unit else ""
        return f"{str(response).strip()}{unit}"
    letters = sorted(_letters(response) or ())
    return "; ".join(
        f"{x}. {item.options[x]}" if x in item.options else f"{x} (not an option)"
        for x in letters
    )


def _tolerance_text(item: Item) -> str:
    tol = item.tolerance or 0.0
    return f"within {tol:g} of the answer" if tol else "exactly"


def why_wrong(item: Item, response: Any) -> str:
    """Explain why a response is wrong, from the item's distractor notes.

    - blank: a reminder that a blank scores nothing;
    - single choice: the item's note on the letter chosen;
    - multiple select: the note on each wrong letter chosen, and which right
      letters are missing;
    - numeric: how far the number is from the key, or that it is unreadable.

    Parameters
    ----------
    item : Item
        The question.
    response : object
        The learner's (wrong) response.

    Returns
    -------
    str
        One or a few sentences; empty if the response is in fact right.

    Examples
    --------
    >>> q = Item("D1-001", 1, "1.1", "single", False, "Pick B.",
    ...          {"A": "a", "B": "b"}, "B", "B is b.",
    ...          {"A": "A is a, not b."}, 1, "00_start_here")
    >>> why_wrong(q, "A")
    'A: A is a, not b.'

    Used in: lesson 09, CAPM practice (feedback on missed questions).
    """
    if not is_blank(response) and grade(item, response):
        return ""
    if is_blank(response):
        return (
            "You left it blank. A blank can only be wrong, so always mark your "
            "best guess before time runs out."
        )
    if item.type == "numeric":
        text = str(response).replace(",", "").replace("$", "").strip()
        try:
            value = float(text)
        except ValueError:
            return f"{str(response)!r} could not be read as a number."
        if not math.isfinite(value):
            return f"{str(response)!r} is not a finite number."
        unit = f" {item.unit}" if item.unit else ""
        return (
            f"Your {value:g}{unit} is {abs(value - cast(float, item.answer)):g} away "
            f"from {cast(float, item.answer):g}{unit}; the answer must be "
            f"{_tolerance_text(item)}."
        )
    chosen = _letters(response) or set()
    key = (
        {item.answer}
        if isinstance(item.answer, str)
        else set(cast("tuple[str, ...]", item.answer))
    )
    parts = []
    for letter in sorted(chosen - key):
        note = item.distractors.get(letter)
        if letter not in item.options:
            parts.append(f"{letter} is not one of the options.")
        else:
            parts.append(f"{letter}: {note}" if note else f"{letter} is not right.")
    if item.type == "single" and len(chosen) > 1:
        parts.append("Choose one answer only.")
    missing = sorted(key - chosen)
    if item.type == "multiple" and missing:
        parts.append(
            f"You left out {', '.join(missing)}: the question needs exactly "
            f"{', '.join(sorted(key))}."
        )
    return " ".join(parts)


@dataclass(frozen=True)
class ExamReport:
    """The result of a practice exam.

    Attributes
    ----------
    questions : DataFrame
        One row per question in exam order: ``number`` (from 1), ``id``,
        ``domain``, ``type``, ``response`` (in words), ``answered``,
        ``correct``, ``flagged``, ``lesson``.
    by_domain : DataFrame
        Indexed by domain (those in the exam): ``name``, ``questions``,
        ``answered``, ``correct``, ``score`` (proportion correct),
        ``weight`` (the outline's share of the real exam), ``above_line``
        (score at or above the practice line) and ``lost_on_exam``: the
        scored questions of the real exam that this domain's error rate
        would cost (``weight x 135 x (1 - score)``), a guide to where study
        time pays most.
    missed : DataFrame
        One row per question answered wrongly or left blank: ``number``,
        ``id``, ``domain``, ``stem``, ``your_answer``, ``correct_answer``,
        ``why_right`` (the explanation), ``why_wrong``, ``lesson``,
        ``flagged``.
    pass_mark : float
        The practice line, a proportion.
    timed_out : bool
        Whether the exam ended because time ran out.
    """

    questions: pd.DataFrame
    by_domain: pd.DataFrame
    missed: pd.DataFrame
    pass_mark: float
    timed_out: bool = False

    @property
    def n(self) -> int:
        """Number of questions."""
        return len(self.questions)

    @property
    def correct(self) -> int:
        """Number of questions answered correctly."""
        return int(self.questions["correct"].sum())

    @property
    def answered(self) -> int:
        """Number of questions answered (not blank)."""
        return int(self.questions["answered"].sum())

    @property
    def score(self) -> float:
        """Proportion of all questions answered correctly."""
        return self.correct / self.n if self.n else 0.0

    @property
    def above_line(self) -> bool:
        """Whether the overall score reaches the practice line."""
        return self.score >= self.pass_mark - 1e-12

    @property
    def weakest(self) -> int:
        """The domain whose error rate costs most on the real exam."""
        table = self.by_domain
        return int(table["lost_on_exam"].idxmax())


def _check_pass_mark(pass_mark: float) -> float:
    try:
        value = float(pass_mark)
    except (TypeError, ValueError):
        raise ValueError(
            f"pass_mark must be a proportion between 0 and 1, got {pass_mark!r}"
        ) from None
    if not 0 <= value <= 1:
        raise ValueError(
            f"pass_mark must be a proportion between 0 and 1 (0.7, not 70), "
            f"got {pass_mark!r}"
        )
    return value


def score_exam(
    items: Sequence[Item],
    responses: Sequence[Any],
    *,
    pass_mark: float = PRACTICE_LINE,
    flagged: Iterable[int] = (),
    timed_out: bool = False,
) -> ExamReport:
    """Grade a practice exam and report it by domain, with feedback.

    Parameters
    ----------
    items : sequence of Item
        The questions, in exam order.
    responses : sequence
        One response per item (see :func:`~pmcourse.capm.grade`); ``None``
        or ``""`` for a question left blank, which counts as wrong.
    pass_mark : float
        The practice line as a proportion (0.7 by default). A target of
        ours, not PMI's pass mark.
    flagged : iterable of int
        Numbers (from 1) of the questions the learner flagged for review.
    timed_out : bool
        Whether time ran out (recorded in the report).

    Returns
    -------
    ExamReport

    Raises
    ------
    ValueError
        If there are no items, the responses do not match the items one to
        one, a flagged number is not a question, or ``pass_mark`` is not a
        proportion.

    Examples
    --------
    >>> from pmcourse.capm import draw
    >>> items = [draw("F-COM-03", rng=1), draw("F-EVM-01", rng=2)]
    >>> report = score_exam(items, [items[0].answer, None])
    >>> report.correct, report.by_domain["score"].to_dict()
    (1, {1: 1.0, 2: 0.0})
    >>> report.missed["number"].tolist()
    [2]

    Used in: lesson 09, CAPM practice (the practice widget's report).
    """
    items = list(items)
    responses = list(responses)
    pass_mark = _check_pass_mark(pass_mark)
    if not items:
        raise ValueError("items must hold at least one question")
    if len(responses) != len(items):
        raise ValueError(
            f"responses must give one response per item ({len(items)}), "
            f"got {len(responses)}"
        )
    flags = set()
    for number in flagged:
        if not isinstance(number, int) or not 1 <= number <= len(items):
            raise ValueError(
                f"flagged question {number!r} is not a question number "
                f"(1 to {len(items)})"
            )
        flags.add(number)
    rows, missed = [], []
    for number, (item, response) in enumerate(
        zip(items, responses, strict=True), start=1
    ):
        answered = not is_blank(response)
        right = answered and grade(item, response)
        rows.append(
            {
                "number": number,
                "id": item.id,
                "domain": item.domain,
                "type": item.type,
                "response": describe_response(item, response),
                "answered": answered,
                "correct": bool(right),
                "flagged": number in flags,
                "lesson": item.lesson,
            }
        )
        if not right:
            missed.append(
                {
                    "number": number,
                    "id": item.id,
                    "domain": item.domain,
                    "stem": item.stem,
                    "your_answer": describe_response(item, response),
                    "correct_answer": item.correct_text(),
                    "why_right": item.explanation,
                    "why_wrong": why_wrong(item, response),
                    "lesson": item.lesson,
                    "flagged": number in flags,
                }
            )
    questions = pd.DataFrame(rows, columns=_QUESTION_COLUMNS)
    by_domain = _by_domain(questions, pass_mark)
    return ExamReport(
        questions=questions,
        by_domain=by_domain,
        missed=pd.DataFrame(missed, columns=_MISSED_COLUMNS),
        pass_mark=pass_mark,
        timed_out=bool(timed_out),
    )


def _by_domain(questions: pd.DataFrame, pass_mark: float) -> pd.DataFrame:
    rows = []
    for domain, group in questions.groupby("domain", sort=True):
        n = len(group)
        correct = int(group["correct"].sum())
        score = correct / n
        weight = OUTLINE_WEIGHTS[int(domain)]
        rows.append(
            {
                "domain": int(domain),
                "name": DOMAIN_NAMES[int(domain)],
                "questions": n,
                "answered": int(group["answered"].sum()),
                "correct": correct,
                "score": score,
                "weight": weight,
                "above_line": score >= pass_mark - 1e-12,
                "lost_on_exam": weight * EXAM_SCORED * (1 - score),
            }
        )
    return pd.DataFrame(rows, columns=["domain", *_DOMAIN_COLUMNS]).set_index("domain")
