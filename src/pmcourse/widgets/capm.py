"""CAPM practice exam: timed or untimed, one question at a time, a domain report.

Two classes:

- :class:`PracticeExam`, the quiz flow. A learner picks the domains, the
  number of questions, timed or untimed and a seed, then answers one
  question at a time (a button per letter for a single answer, check boxes
  for "choose two", a text box for a number), moves back and forth, flags
  questions for review and submits. Time running out submits the exam too.
  Every action is a method (:meth:`PracticeExam.answer`,
  :meth:`PracticeExam.goto`, :meth:`PracticeExam.flag`,
  :meth:`PracticeExam.submit`...), so tests drive it without a browser, and
  the clock is injectable.
- :class:`~pmcourse.widgets.capm_report.ScoreReport` (defined in its own
  module, importable from here), the report shown after submission: a
  :class:`~pmcourse.widgets.base.Simulation` whose one control is the
  practice line; the score table, the bar chart by domain and the
  explanations of every missed question.

Nothing is computed here: the exam's state and rules (drawing it, recording
answers, flags, the clock) live in :class:`pmcourse.capm.session.ExamSession`,
grading and the report come from :func:`pmcourse.capm.practice.score_exam`,
the chart from :func:`pmcourse.plots.capm.domain_scores`; the controls and
HTML views are built in :mod:`pmcourse.widgets._capm_views`.

Used in: lesson 09, CAPM practice.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from pmcourse import progress
from pmcourse.capm import OUTLINE_WEIGHTS, Item, assemble_exam
from pmcourse.capm.practice import PRACTICE_LINE, ExamReport, exam_minutes
from pmcourse.capm.session import (
    ExamSession,
    check_settings,
    number_warning,
)
from pmcourse.widgets import _capm_views as views
from pmcourse.widgets.base import Displayable
from pmcourse.widgets.capm_report import ScoreReport

__all__ = ["PracticeExam", "ScoreReport"]


class _FromSession:
    """An attribute of the widget that is the attribute of its exam session."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> Any:
        return self if obj is None else getattr(obj.session, self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj.session, self.name, value)


class PracticeExam(Displayable):
    """A CAPM-style practice exam, one question at a time, with a domain report.

    Choose the domains, the number of questions, timed or untimed and a seed
    (the same seed gives the same exam, to retake it), then press *Start*.
    Answer, move with *Previous* and *Next*, *Flag* questions to come back
    to, use the review strip to jump to flagged or blank ones, and *Submit*.
    In a timed exam the clock shows the time left; when it runs out the exam
    ends and is scored as it stands.

    Parameters
    ----------
    questions : int
        Number of questions (1 to 150).
    domains : iterable of int
        The outline domains to draw from (1 fundamentals, 2 predictive,
        3 agile, 4 business analysis), weighted as in the outline.
    timed : bool
        Whether the clock runs.
    minutes : int, optional
        Time allowed; by default the real exam's pace, 1.2 minutes a
        question (180 for 150).
    seed : int, optional
        The exam's seed; drawn from ``rng`` when not given.
    pass_mark : int
        The practice line of the report, in percent (ours, not PMI's).
    rng : numpy.random.Generator or int or None
        Where new seeds come from (*New exam*).
    clock : callable, optional
        Returns the time in seconds (``time.monotonic`` by default); tests
        pass a fake clock.
    bank : DataFrame, optional
        The items to draw from (rows of :func:`pmcourse.capm.load_bank`);
        the whole bank by default.

    Attributes
    ----------
    session : pmcourse.capm.session.ExamSession
        The exam's state and rules; ``phase``, ``seed``, ``items``,
        ``responses``, ``flags``, ``current`` and ``result`` below are its
        attributes.
    controls : dict of str to ipywidgets.Widget
        Settings (``domain_1``..``domain_4``, ``questions``, ``timed``,
        ``minutes``, ``seed``) and the exam's own controls (``goto``,
        ``choice``, ``number``, ``flag``).
    checkboxes : dict of str to ipywidgets.Checkbox
        The options of a multiple-select question, by letter.
    phase : str
        ``"setup"``, ``"exam"`` or ``"report"``.
    items : list of Item
        The exam's questions.
    responses : list
        One response per question (None while blank).
    flags : set of int
        Flagged question numbers (from 1).
    current : int
        The number (from 1) of the question on screen.
    report : ScoreReport
        The report widget (it shows the latest exam once submitted).
    result : pmcourse.capm.practice.ExamReport or None
        The report's result, once submitted.
    message : str
        The last notice shown to the learner (empty if none).
    last_update_ms : float
        How long the last action took, in milliseconds.

    Examples
    --------
    >>> app = PracticeExam(questions=4, seed=7, timed=False)
    >>> app.start()
    >>> app.answer(app.items[0].answer)
    >>> app.flag()
    >>> app.submit().correct >= 1, app.result.questions["flagged"].tolist()[0]
    (True, True)

    Used in: lesson 09, CAPM practice.
    """

    phase = _FromSession()
    seed = _FromSession()
    items = _FromSession()
    responses = _FromSession()
    flags = _FromSession()
    current = _FromSession()
    result = _FromSession()
    clock = _FromSession()

    def __init__(
        self,
        questions: int = 20,
        *,
        domains: Iterable[int] = (1, 2, 3, 4),
        timed: bool = True,
        minutes: int | None = None,
        seed: int | None = None,
        pass_mark: int = round(PRACTICE_LINE * 100),
        rng: np.random.Generator | int | None = None,
        clock: Callable[[], float] | None = None,
        bank: pd.DataFrame | None = None,
    ) -> None:
        _, chosen = check_settings(questions, domains)
        self.session = ExamSession(seed=seed, rng=rng, clock=clock, bank=bank)
        self._bank = self.session.bank
        self.pass_mark = int(pass_mark)
        self.message = ""
        self.last_update_ms = float("nan")
        self._syncing = False
        self.controls = views.build_controls(
            chosen,
            int(questions),
            timed,
            minutes or exam_minutes(int(questions)),
            self.seed,
        )
        self.checkboxes = views.build_checkboxes()
        self._build_views()
        self._wire()
        self.report = self._blank_report()
        self.report_slot.children = [self.report.widget]
        self.update()

    # --- building -----------------------------------------------------------

    def _blank_report(self) -> ScoreReport:
        """Draw a blank report now, one question per domain of the bank.

        The learner's first submission then only moves bars, a third of the
        time of a first drawing.
        """
        present = sorted(set(self._bank["domain"]))
        sample = assemble_exam(
            len(present), rng=0, weights=dict.fromkeys(present, 1), bank=self._bank
        )
        return ScoreReport(sample, [None] * len(sample), pass_mark=self.pass_mark)

    def _button(self, description: str, action: Callable[[], Any], **kw: Any) -> Any:
        button = widgets.Button(
            description=description, layout=widgets.Layout(width="auto"), **kw
        )
        button.on_click(lambda _b: self._safely(action))
        return button

    def _build_views(self) -> None:
        button = self._button
        self.buttons = {
            "start": button("Start", self.start, button_style="primary"),
            "previous": button("◀ Previous", self.previous),
            "next": button("Next ▶", self.next),
            "next_flagged": button("Next flagged", self.next_flagged),
            "next_blank": button("Next unanswered", self.next_unanswered),
            "submit": button("Submit and score", self.submit, button_style="warning"),
            "retake": button("Retake the same exam", self.retake),
            "new": button("New exam (new seed)", self.new_exam),
            "settings": button("Change settings", self.settings),
        }
        self.timer = widgets.HTML()
        self.header = widgets.HTML()
        self.stem = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.unit = widgets.HTML()
        self.review_strip = widgets.HTML()
        self.notice = widgets.HTML()
        self.setup_info = widgets.HTML()
        self.ticker = views.build_ticker()
        boxes = views.build_boxes(
            self.controls,
            self.checkboxes,
            self.buttons,
            header=self.header,
            timer=self.timer,
            stem=self.stem,
            unit=self.unit,
            review_strip=self.review_strip,
            setup_info=self.setup_info,
        )
        self.setup_box = boxes["setup"]
        self.numeric_box = boxes["numeric"]
        self.multiple_box = boxes["multiple"]
        self.exam_box = boxes["exam"]
        self.report_slot = boxes["report_slot"]
        self.report_box = boxes["report"]

    def _wire(self) -> None:
        c = self.controls
        learner = self._learner
        c["choice"].observe(
            learner(lambda v: None if v is None else self.answer(v)), names="value"
        )
        c["number"].observe(learner(lambda v: self.answer(v or None)), names="value")
        c["flag"].observe(learner(lambda v: self.flag(bool(v))), names="value")
        c["goto"].observe(learner(lambda v: self.goto(int(v))), names="value")
        c["questions"].observe(self._on_questions, names="value")
        c["timed"].observe(self._on_timed, names="value")
        ticked = learner(lambda _v: self.answer(self._ticked() or None))
        for box in self.checkboxes.values():
            box.observe(ticked, names="value")
        self.ticker.observe(lambda _change: self._safely(self.tick), names="value")

    # --- observers ------------------------------------------------------------

    def _safely(self, action: Callable[[], Any]) -> None:
        """Run a button's action; show a ValueError to the learner, not a traceback."""
        try:
            action()
        except ValueError as exc:
            self._notify(str(exc), error=True)

    def _learner(self, action: Callable[[Any], Any]) -> Callable[[dict], None]:
        """Return an observer running ``action(new value)`` on a learner's change.

        Changes made while the widgets are synced to the state are ignored.
        """

        def observe(change: dict[str, Any]) -> None:
            if not self._syncing:
                self._safely(lambda: action(change["new"]))

        return observe

    def _ticked(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.checkboxes.items() if box.value)

    def _on_questions(self, change: dict[str, Any]) -> None:
        self.controls["minutes"].value = exam_minutes(int(change["new"]))
        self._show_setup()

    def _on_timed(self, change: dict[str, Any]) -> None:
        self.controls["minutes"].disabled = not change["new"]
        self._show_setup()

    # --- the exam -------------------------------------------------------------

    def _domains(self) -> list[int]:
        return [
            d for d in sorted(OUTLINE_WEIGHTS) if self.controls[f"domain_{d}"].value
        ]

    def start(self, seed: int | None = None) -> None:
        """Draw the exam from the settings and show its first question.

        Parameters
        ----------
        seed : int, optional
            The exam's seed; the ``seed`` control's value by default.

        Raises
        ------
        ValueError
            If no domain is chosen, or the chosen domains hold too few
            questions for the number asked.
        """
        began = time.perf_counter()
        if seed is not None:
            self.controls["seed"].value = int(seed)
        c = self.controls
        self.session.start(
            int(c["questions"].value),
            self._domains(),
            seed=int(c["seed"].value),
            timed=bool(c["timed"].value),
            minutes=int(c["minutes"].value),
        )
        n = len(self.items)
        self.message = ""
        self.notice.value = ""
        with self._sync():
            self.controls["goto"].max = n
        self.ticker.value = 0
        self.ticker.playing = True
        self.update()
        self._timed(began)

    def retake(self) -> None:
        """Start the same exam again (same seed), with blank answers."""
        self.start(self.seed)

    def new_exam(self) -> None:
        """Start a new exam with a new seed and the same settings."""
        self.start(self.session.new_seed())

    def settings(self) -> None:
        """Go back to the settings (after a report)."""
        self.ticker.playing = False
        self.session.settings()
        self.update()

    def _require_exam(self) -> bool:
        """Check the clock; return whether an exam is running."""
        self.tick()
        return self.phase == "exam"

    def answer(self, response: Any, number: int | None = None) -> None:
        """Record an answer to the current question (or to question ``number``).

        Parameters
        ----------
        response : str, sequence of str, number or None
            A letter (``"B"``), letters for a multiple-select question
            (``"A, D"`` or ``["A", "D"]``), a number, or None to clear.
        number : int, optional
            The question's number, from 1; the current one by default.

        Raises
        ------
        ValueError
            If a letter is not one of the question's options, or ``number``
            is not a question.
        """
        began = time.perf_counter()
        if not self._require_exam():
            return
        k, value = self.session.answer(response, number)
        item = self.items[k - 1]
        if item.type == "numeric" and value is not None:
            warning = number_warning(value)
            self._notify(warning, error=bool(warning))
        if k == self.current:
            self._sync_answer(item, value)
        self._show_review()
        self._timed(began)

    def goto(self, number: int) -> None:
        """Show question ``number`` (from 1).

        Parameters
        ----------
        number : int

        Raises
        ------
        ValueError
            If there is no such question.
        """
        began = time.perf_counter()
        if not self._require_exam():
            return
        self.session.goto(number)
        self._show_question()
        self._timed(began)

    def next(self) -> None:
        """Show the next question (stay on the last one)."""
        if self.phase == "exam":
            self.goto(self.session.next_number())

    def previous(self) -> None:
        """Show the previous question (stay on the first one)."""
        if self.phase == "exam":
            self.goto(self.session.previous_number())

    def _next_where(self, wanted: set[int], what: str) -> None:
        if self.phase != "exam":
            return
        number = self.session.next_among(wanted)
        if number is None:
            self._notify(f"no {what} question")
            return
        self.goto(number)

    def next_flagged(self) -> None:
        """Show the next flagged question, wrapping round to the first."""
        self._next_where(set(self.flags), "flagged")

    def next_unanswered(self) -> None:
        """Show the next unanswered question, wrapping round to the first."""
        self._next_where(self.session.unanswered(), "unanswered")

    def flag(self, on: bool | None = None, number: int | None = None) -> None:
        """Flag a question for review, unflag it, or toggle the flag.

        Parameters
        ----------
        on : bool, optional
            True to flag, False to unflag; toggle by default.
        number : int, optional
            The question's number, from 1; the current one by default.
        """
        began = time.perf_counter()
        if not self._require_exam():
            return
        k, flagged = self.session.flag(on, number)
        if k == self.current:
            with self._sync():
                self.controls["flag"].value = flagged
        self._show_review()
        self._timed(began)

    def review(self) -> pd.DataFrame:
        """Return the review list: each question's status.

        Returns
        -------
        DataFrame
            Indexed by question number: ``domain``, ``type``, ``answered``,
            ``flagged``.
        """
        return self.session.review()

    def time_left(self) -> float | None:
        """Return the seconds left, or None for an untimed exam.

        Returns
        -------
        float or None
        """
        return self.session.time_left()

    def tick(self) -> None:
        """Check the clock: end and score the exam if time is up; show the time."""
        if self.phase != "exam":
            return
        if self.session.time_is_up():
            self.submit(timed_out=True)
            return
        self.timer.value = views.timer_html(self.time_left(), self.session.elapsed())

    def submit(self, timed_out: bool = False) -> ExamReport:
        """End the exam and score it; show the report.

        Parameters
        ----------
        timed_out : bool
            Whether time ran out (recorded in the report).

        Returns
        -------
        pmcourse.capm.practice.ExamReport

        Raises
        ------
        ValueError
            If no exam is running.
        """
        began = time.perf_counter()
        if self.phase == "report" and self.result is not None:
            return self.result
        if self.phase == "exam":  # the learner's own progress file
            progress.record_exam(self.items, self.responses, self.session.item_seconds)
        self.session.finish(timed_out)
        self.ticker.playing = False
        self.report.load(
            self.items, self.responses, flagged=self.flags, timed_out=timed_out
        )
        self.result = self.report.result
        self.update()
        self._timed(began)
        return self.result

    # --- showing ----------------------------------------------------------------

    def _timed(self, began: float) -> None:
        self.last_update_ms = (time.perf_counter() - began) * 1000

    def _notify(self, text: str, *, error: bool = False) -> None:
        self.message = text
        self.notice.value = views.notice_html(text, error=error)

    @contextmanager
    def _sync(self) -> Iterator[None]:
        """Set widgets from the state without their observers recording answers."""
        self._syncing = True
        try:
            yield
        finally:
            self._syncing = False

    def update(self) -> None:
        """Show the view of the current phase (settings, question or report)."""
        show = {
            "setup": self.setup_box,
            "exam": self.exam_box,
            "report": self.report_box,
        }
        for phase, box in show.items():
            box.layout.display = "" if phase == self.phase else "none"
        if self.phase == "setup":
            self._show_setup()
        elif self.phase == "exam":
            self._show_question()

    def _show_setup(self) -> None:
        c = self.controls
        self.setup_info.value = views.setup_html(
            int(c["questions"].value), c["timed"].value, c["minutes"].value
        )

    def _sync_answer(self, item: Item, value: Any) -> None:
        c = self.controls
        with self._sync():
            if item.type == "single":
                c["choice"].value = value
            elif item.type == "multiple":
                chosen = set(value or ())
                for letter, box in self.checkboxes.items():
                    box.value = letter in chosen
            else:
                c["number"].value = "" if value is None else str(value)

    def _show_question(self) -> None:
        k, item = self.session.question()
        c = self.controls
        with self._sync():
            self.header.value = views.header_html(k, len(self.items), item)
            self.stem.value = views.stem_html(item)
            c["goto"].value = k
            c["flag"].value = k in self.flags
            is_single = item.type == "single"
            is_multiple = item.type == "multiple"
            c["choice"].layout.display = "" if is_single else "none"
            self.multiple_box.layout.display = "" if is_multiple else "none"
            self.numeric_box.layout.display = "" if item.type == "numeric" else "none"
            if is_single:
                letters = list(item.options)
                if list(c["choice"].options) != letters:
                    c["choice"].options = letters
            elif is_multiple:
                for letter, box in self.checkboxes.items():
                    box.layout.display = "" if letter in item.options else "none"
            else:
                self.unit.value = f"&nbsp;{html.escape(item.unit or '')}"
            self.buttons["previous"].disabled = k == 1
            self.buttons["next"].disabled = k == len(self.items)
        self._sync_answer(item, self.responses[k - 1])
        self._show_review()
        self.tick()

    def _show_review(self) -> None:
        self.review_strip.value = views.review_html(
            self.responses, self.flags, self.current, self.session.answered_count()
        )

    # --- display ----------------------------------------------------------------

    def layout(self) -> widgets.Widget:
        """Arrange the settings, exam and report views, one shown at a time.

        Returns
        -------
        ipywidgets.Widget
        """
        return widgets.VBox(
            [
                widgets.HTML("<h3>CAPM-style practice exam</h3>"),
                self.setup_box,
                self.exam_box,
                self.report_box,
                self.notice,
                self.ticker,
            ]
        )
