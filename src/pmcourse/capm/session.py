"""Run a practice exam headless: questions, answers, flags, the clock, the score.

:class:`ExamSession` holds the state of one learner's practice exam and every
rule of taking it: drawing the exam from domains and a seed, recording an
answer (refusing a letter that is not an option), moving between questions,
flagging them for review, the time allowed and the time left, and scoring it
with :func:`~pmcourse.capm.practice.score_exam`. It shows nothing: the
practice widget (:class:`pmcourse.widgets.capm.PracticeExam`) is a thin layer
of buttons and views over it, and tests or scripts can take an exam without
any widget.

Used in: lesson 09, CAPM practice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.capm.bank import load_bank
from pmcourse.capm.exam import assemble_exam
from pmcourse.capm.item import Item
from pmcourse.capm.item import chosen_letters as _letters
from pmcourse.capm.practice import (
    EXAM_QUESTIONS,
    PRACTICE_LINE,
    ExamReport,
    exam_minutes,
    is_blank,
    score_exam,
)
from pmcourse.capm.schema import OUTLINE_WEIGHTS

__all__ = ["ExamSession", "check_settings", "number_warning"]


def check_settings(questions: int, domains: Iterable[int]) -> tuple[int, set[int]]:
    """Return an exam's number of questions and its domains, refusing bad ones.

    Parameters
    ----------
    questions : int
        Number of questions (1 to 150).
    domains : iterable of int
        Outline domains (1 fundamentals, 2 predictive, 3 agile, 4 business
        analysis).

    Returns
    -------
    tuple of (int, set of int)

    Raises
    ------
    ValueError
        If a domain is not 1 to 4 or ``questions`` is not 1 to 150.

    Examples
    --------
    >>> check_settings(20, [3, 1])
    (20, {1, 3})

    Used in: lesson 09, CAPM practice.
    """
    chosen = set(domains)
    unknown = chosen - set(OUTLINE_WEIGHTS)
    if unknown:
        raise ValueError(f"domains must be among 1-4, got {sorted(unknown)}")
    if not 1 <= int(questions) <= EXAM_QUESTIONS:
        raise ValueError(f"questions must be 1 to 150, got {questions!r}")
    return int(questions), chosen


def number_warning(text: str) -> str:
    """Return a warning for a numeric answer that does not read as a number.

    Commas and dollar signs are allowed (``"-6,000"``, ``"$1,200"``).

    Parameters
    ----------
    text : str
        The answer typed.

    Returns
    -------
    str
        The warning, or ``""`` when the answer reads as a number.

    Examples
    --------
    >>> number_warning("$1,200.50")
    ''
    >>> number_warning("twelve")[:30]
    "'twelve' does not read as a nu"

    Used in: lesson 09, CAPM practice.
    """
    try:
        float(text.replace(",", "").replace("$", ""))
    except ValueError:
        return (
            f"{text!r} does not read as a number; it will count as wrong unless "
            "you change it (use digits and a decimal point, e.g. 12.5)"
        )
    return ""


class ExamSession:
    """One learner's practice exam, without widgets.

    The session moves through three phases: ``"setup"`` (no exam yet, or
    back at the settings), ``"exam"`` (answering) and ``"report"`` (ended
    and scored). Questions are numbered from 1.

    Parameters
    ----------
    seed : int, optional
        The first exam's seed; drawn from ``rng`` when not given.
    rng : numpy.random.Generator or int or None
        Where new seeds come from (:meth:`new_seed`).
    clock : callable, optional
        Returns the time in seconds (``time.monotonic`` by default); tests
        pass a fake clock.
    bank : DataFrame, optional
        The items to draw from (rows of :func:`pmcourse.capm.load_bank`);
        the whole bank by default.

    Attributes
    ----------
    phase : str
        ``"setup"``, ``"exam"`` or ``"report"``.
    seed : int
        The seed of the current (or next) exam.
    items : list of Item
        The exam's questions.
    responses : list
        One response per question (None while blank).
    flags : set of int
        Flagged question numbers.
    current : int
        The number of the question being answered.
    result : pmcourse.capm.practice.ExamReport or None
        The score, once submitted.
    timed_out : bool
        Whether the exam ended because time ran out.
    started : float
        The clock's time when the exam started.
    deadline : float or None
        The clock's time when the exam ends, None if untimed.
    item_seconds : list of float or None
        Per question, the seconds it was on screen until it was last
        answered (None while blank): the time the learner took on it, however
        often they came back to it.

    Examples
    --------
    >>> session = ExamSession(seed=7)
    >>> session.start(4, timed=False)
    >>> session.answer(session.items[0].answer)
    (1, ...)
    >>> session.flag()
    (1, True)
    >>> report = session.submit()
    >>> report.correct >= 1, report.questions["flagged"].tolist()[0]
    (True, True)

    Used in: lesson 09, CAPM practice.
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        rng: np.random.Generator | int | None = None,
        clock: Callable[[], float] | None = None,
        bank: pd.DataFrame | None = None,
    ) -> None:
        self.clock = clock or time.monotonic
        self._rng = np.random.default_rng(rng)
        self.bank = load_bank() if bank is None else bank
        self.phase = "setup"
        self.items: list[Item] = []
        self.responses: list[Any] = []
        self.flags: set[int] = set()
        self.current = 1
        self.result: ExamReport | None = None
        self.timed_out = False
        self.seed = int(seed) if seed is not None else self.new_seed()
        self.started = 0.0
        self.deadline: float | None = None
        self.item_seconds: list[float | None] = []
        self._on_screen: list[float] = []
        self._shown_at = 0.0

    def new_seed(self) -> int:
        """Return a new exam seed drawn from the session's ``rng``.

        Returns
        -------
        int
            A seed from 1 to 999,999.
        """
        return int(self._rng.integers(1, 1_000_000))

    # --- starting -------------------------------------------------------------

    def start(
        self,
        questions: int,
        domains: Iterable[int] = (1, 2, 3, 4),
        *,
        seed: int | None = None,
        timed: bool = True,
        minutes: int | None = None,
    ) -> None:
        """Draw an exam and start its clock, on question 1.

        Parameters
        ----------
        questions : int
            Number of questions (1 to 150).
        domains : iterable of int
            The outline domains to draw from, weighted as in the outline.
        seed : int, optional
            The exam's seed; the session's ``seed`` by default.
        timed : bool
            Whether the exam has a time limit.
        minutes : int, optional
            Time allowed; by default the real exam's pace
            (:func:`~pmcourse.capm.practice.exam_minutes`).

        Raises
        ------
        ValueError
            If no domain is chosen, a domain is unknown, or the chosen
            domains hold too few questions for the number asked.
        """
        n, chosen = check_settings(questions, domains)
        if not chosen:
            raise ValueError("choose at least one domain")
        if seed is not None:
            self.seed = int(seed)
        weights = {d: OUTLINE_WEIGHTS[d] for d in sorted(chosen)}
        self.items = assemble_exam(n, rng=self.seed, weights=weights, bank=self.bank)
        self.responses = [None] * n
        self.flags = set()
        self.current = 1
        self.result = None
        self.timed_out = False
        self.started = self.clock()
        self.item_seconds = [None] * n
        self._on_screen = [0.0] * n
        self._shown_at = self.started
        allowed = exam_minutes(n) if minutes is None else int(minutes)
        self.deadline = self.started + 60 * allowed if timed else None
        self.phase = "exam"

    def settings(self) -> None:
        """Go back to the settings (the last exam and its score are kept)."""
        self.phase = "setup"

    # --- answering ------------------------------------------------------------

    def question(self, number: int | None = None) -> tuple[int, Item]:
        """Return a question's number and item (the current one by default).

        Parameters
        ----------
        number : int, optional
            The question's number, from 1.

        Returns
        -------
        tuple of (int, Item)

        Raises
        ------
        ValueError
            If there is no such question.
        """
        k = self.current if number is None else int(number)
        if not 1 <= k <= len(self.items):
            raise ValueError(
                f"question must be a number from 1 to {len(self.items)}, got {number!r}"
            )
        return k, self.items[k - 1]

    def answer(self, response: Any, number: int | None = None) -> tuple[int, Any]:
        """Record an answer to the current question (or to question ``number``).

        Parameters
        ----------
        response : str, sequence of str, number or None
            A letter (``"B"``), letters for a multiple-select question
            (``"A, D"`` or ``["A", "D"]``), a number, or None to clear.
        number : int, optional
            The question's number, from 1; the current one by default.

        Returns
        -------
        tuple of (int, object)
            The question's number and the answer as recorded: a letter, a
            sorted tuple of letters, the number's text, or None.

        Raises
        ------
        ValueError
            If a letter is not one of the question's options, a
            single-answer question gets several, or ``number`` is not a
            question.
        """
        k, item = self.question(number)
        if is_blank(response):
            value: Any = None
        elif item.type == "numeric":
            value = str(response).strip()
        else:
            letters = _letters(response) or set()
            bad = sorted(letters - set(item.options))
            if bad:
                raise ValueError(
                    f"{', '.join(bad)} is not an option of question {k} "
                    f"(options {', '.join(item.options)})"
                )
            if item.type == "single" and len(letters) > 1:
                raise ValueError(
                    f"question {k} takes one answer, got {sorted(letters)}"
                )
            value = (
                sorted(letters)[0] if item.type == "single" else tuple(sorted(letters))
            )
        self.responses[k - 1] = value
        self._look()
        self.item_seconds[k - 1] = None if value is None else self._on_screen[k - 1]
        return k, value

    def goto(self, number: int) -> int:
        """Make question ``number`` the current one.

        Parameters
        ----------
        number : int

        Returns
        -------
        int
            The question's number.

        Raises
        ------
        ValueError
            If there is no such question.
        """
        k, _ = self.question(number)
        self._look()
        self.current = k
        return k

    def _look(self) -> None:
        """Add the time since the last event to the shown question's screen time."""
        if self.phase != "exam" or not self._on_screen:
            return
        now = self.clock()
        self._on_screen[self.current - 1] += now - self._shown_at
        self._shown_at = now

    def next_number(self) -> int:
        """Return the next question's number (the last one stays the last)."""
        return min(self.current + 1, len(self.items))

    def previous_number(self) -> int:
        """Return the previous question's number (the first one stays)."""
        return max(self.current - 1, 1)

    def unanswered(self) -> set[int]:
        """Return the numbers of the blank questions."""
        return {k for k, r in enumerate(self.responses, start=1) if is_blank(r)}

    def answered_count(self) -> int:
        """Return how many questions have an answer."""
        return sum(not is_blank(r) for r in self.responses)

    def next_among(self, wanted: Iterable[int]) -> int | None:
        """Return the first of ``wanted`` after the current question, wrapping.

        Parameters
        ----------
        wanted : iterable of int
            Question numbers (flagged ones, blank ones...).

        Returns
        -------
        int or None
            None when ``wanted`` is empty.
        """
        wanted = set(wanted)
        if not wanted:
            return None
        later = sorted(k for k in wanted if k > self.current)
        return later[0] if later else min(wanted)

    def flag(
        self, on: bool | None = None, number: int | None = None
    ) -> tuple[int, bool]:
        """Flag a question for review, unflag it, or toggle the flag.

        Parameters
        ----------
        on : bool, optional
            True to flag, False to unflag; toggle by default.
        number : int, optional
            The question's number, from 1; the current one by default.

        Returns
        -------
        tuple of (int, bool)
            The question's number and whether it is now flagged.
        """
        k, _ = self.question(number)
        flagged = (k not in self.flags) if on is None else bool(on)
        if flagged:
            self.flags.add(k)
        else:
            self.flags.discard(k)
        return k, flagged

    def review(self) -> pd.DataFrame:
        """Return the review list: each question's status.

        Returns
        -------
        DataFrame
            Indexed by question number: ``domain``, ``type``, ``answered``,
            ``flagged``.
        """
        return pd.DataFrame(
            {
                "domain": [item.domain for item in self.items],
                "type": [item.type for item in self.items],
                "answered": [not is_blank(r) for r in self.responses],
                "flagged": [k in self.flags for k in range(1, len(self.items) + 1)],
            },
            index=pd.RangeIndex(1, len(self.items) + 1, name="number"),
        )

    # --- the clock and the end ------------------------------------------------

    def time_left(self) -> float | None:
        """Return the seconds left, or None for an untimed exam.

        Returns
        -------
        float or None
        """
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - self.clock())

    def elapsed(self) -> float:
        """Return the seconds since the exam started."""
        return self.clock() - self.started

    def time_is_up(self) -> bool:
        """Return whether a timed exam is running with no time left."""
        left = self.time_left() if self.phase == "exam" else None
        return left is not None and left <= 0

    def finish(self, timed_out: bool = False) -> None:
        """End the exam without scoring it (a caller scores and sets ``result``).

        Parameters
        ----------
        timed_out : bool
            Whether time ran out.

        Raises
        ------
        ValueError
            If no exam is running.
        """
        if self.phase != "exam":
            raise ValueError("start an exam before submitting")
        self.timed_out = bool(timed_out)
        self.phase = "report"

    def submit(
        self, timed_out: bool = False, *, pass_mark: float = PRACTICE_LINE
    ) -> ExamReport:
        """End the exam and score it (a second call returns the same score).

        Parameters
        ----------
        timed_out : bool
            Whether time ran out (recorded in the report).
        pass_mark : float
            The practice line as a proportion.

        Returns
        -------
        pmcourse.capm.practice.ExamReport

        Raises
        ------
        ValueError
            If no exam is running.
        """
        if self.phase == "report" and self.result is not None:
            return self.result
        self.finish(timed_out)
        self.result = score_exam(
            self.items,
            self.responses,
            pass_mark=pass_mark,
            flagged=self.flags,
            timed_out=self.timed_out,
        )
        return self.result
