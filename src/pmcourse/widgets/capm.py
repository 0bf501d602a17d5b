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

Nothing is computed here: exams come from
:func:`pmcourse.capm.assemble_exam`, grading and the report from
:func:`pmcourse.capm.practice.score_exam`, the chart from
:func:`pmcourse.plots.capm.domain_scores`.

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

from pmcourse.capm import OUTLINE_WEIGHTS, Item, assemble_exam, load_bank
from pmcourse.capm.item import _letters
from pmcourse.capm.practice import (
    EXAM_QUESTIONS,
    PRACTICE_LINE,
    ExamReport,
    exam_minutes,
    is_blank,
)
from pmcourse.plots.capm import DOMAIN_LABELS
from pmcourse.widgets.capm_report import ScoreReport

__all__ = ["PracticeExam", "ScoreReport"]

_TYPE_HINT = {
    "single": "choose one answer",
    "multiple": "choose all that apply (the question says how many)",
    "numeric": "type a number",
}
_GREEN, _RED, _GREY, _ORANGE = "#009E73", "#D55E00", "#6E6E6E", "#E69F00"


def _clock_text(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class PracticeExam:
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
        chosen = set(domains)
        unknown = chosen - set(OUTLINE_WEIGHTS)
        if unknown:
            raise ValueError(f"domains must be among 1-4, got {sorted(unknown)}")
        if not 1 <= int(questions) <= EXAM_QUESTIONS:
            raise ValueError(f"questions must be 1 to 150, got {questions!r}")
        self.clock = clock or time.monotonic
        self._rng = np.random.default_rng(rng)
        self._bank = load_bank() if bank is None else bank
        self.pass_mark = int(pass_mark)
        self.phase = "setup"
        self.items: list[Item] = []
        self.responses: list[Any] = []
        self.flags: set[int] = set()
        self.current = 1
        self.result: ExamReport | None = None
        self.message = ""
        self.last_update_ms = float("nan")
        self.seed = int(seed) if seed is not None else self._new_seed()
        self._started = 0.0
        self._deadline: float | None = None
        self._syncing = False
        self._widget: widgets.Widget | None = None
        self.controls = self._build_controls(
            chosen, int(questions), timed, minutes or exam_minutes(int(questions))
        )
        self.checkboxes = {
            letter: widgets.Checkbox(
                value=False,
                description=letter,
                indent=False,
                layout=widgets.Layout(width="56px"),
            )
            for letter in "ABCDEF"
        }
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

    def _new_seed(self) -> int:
        return int(self._rng.integers(1, 1_000_000))

    def _build_controls(
        self, chosen: set[int], questions: int, timed: bool, minutes: int
    ) -> dict[str, widgets.Widget]:
        wide = {"description_width": "150px"}
        controls: dict[str, widgets.Widget] = {
            f"domain_{d}": widgets.Checkbox(
                value=d in chosen,
                description=f"{d}. {DOMAIN_LABELS[d]} ({OUTLINE_WEIGHTS[d]:.0%})",
                indent=False,
                layout=widgets.Layout(width="260px"),
            )
            for d in sorted(OUTLINE_WEIGHTS)
        }
        controls.update(
            questions=widgets.BoundedIntText(
                value=questions,
                min=1,
                max=EXAM_QUESTIONS,
                description="Questions",
                style=wide,
                layout=widgets.Layout(width="240px"),
            ),
            timed=widgets.Checkbox(
                value=bool(timed), description="Timed", indent=False
            ),
            minutes=widgets.BoundedIntText(
                value=minutes,
                min=1,
                max=600,
                description="Minutes",
                disabled=not timed,
                style=wide,
                layout=widgets.Layout(width="240px"),
            ),
            seed=widgets.IntText(
                value=self.seed,
                description="Seed (same seed, same exam)",
                style={"description_width": "190px"},
                layout=widgets.Layout(width="320px"),
            ),
            goto=widgets.BoundedIntText(
                value=1,
                min=1,
                max=1,
                description="Go to question",
                style={"description_width": "100px"},
                layout=widgets.Layout(width="180px"),
            ),
            choice=widgets.ToggleButtons(
                options=[],
                value=None,
                description="Your answer",
                style={"button_width": "48px", "description_width": "90px"},
            ),
            number=widgets.Text(
                value="",
                placeholder="type a number, then press Enter",
                continuous_update=False,
                description="Answer",
                layout=widgets.Layout(width="340px"),
            ),
            flag=widgets.ToggleButton(
                value=False, description="Flag for review", icon="flag"
            ),
        )
        return controls

    def _button(self, description: str, action: Callable[[], Any], **kw: Any) -> Any:
        button = widgets.Button(
            description=description, layout=widgets.Layout(width="auto"), **kw
        )
        button.on_click(lambda _b: self._safely(action))
        return button

    def _build_views(self) -> None:
        c = self.controls
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
        # The front end advances the ticker every second; each tick checks
        # the clock. Headless (tests, grading) it never ticks, and nothing waits.
        self.ticker = widgets.Play(
            value=0,
            min=0,
            max=10_000_000,
            interval=1000,
            show_repeat=False,
            layout=widgets.Layout(display="none"),
        )
        domains = [c[f"domain_{d}"] for d in sorted(OUTLINE_WEIGHTS)]
        self.setup_box = widgets.VBox(
            [
                widgets.HTML(
                    "<b>Domains</b> (questions drawn in the outline's weights)"
                ),
                widgets.HBox(domains[:2]),
                widgets.HBox(domains[2:]),
                widgets.HBox([c["questions"], c["timed"], c["minutes"]]),
                c["seed"],
                self.setup_info,
                self.buttons["start"],
            ]
        )
        self.numeric_box = widgets.HBox([c["number"], self.unit])
        self.multiple_box = widgets.HBox(
            [widgets.HTML("Your answers:&nbsp;"), *self.checkboxes.values()]
        )
        b = self.buttons
        self.exam_box = widgets.VBox(
            [
                widgets.HBox([self.header, self.timer]),
                self.stem,
                c["choice"],
                self.multiple_box,
                self.numeric_box,
                widgets.HBox([b["previous"], b["next"], c["flag"], b["submit"]]),
                widgets.HBox([c["goto"], b["next_flagged"], b["next_blank"]]),
                self.review_strip,
            ]
        )
        self.report_slot = widgets.VBox()
        self.report_box = widgets.VBox(
            [widgets.HBox([b["retake"], b["new"], b["settings"]]), self.report_slot]
        )

    def _wire(self) -> None:
        c = self.controls
        c["choice"].observe(self._on_choice, names="value")
        c["number"].observe(self._on_number, names="value")
        c["flag"].observe(self._on_flag, names="value")
        c["goto"].observe(self._on_goto, names="value")
        c["questions"].observe(self._on_questions, names="value")
        c["timed"].observe(self._on_timed, names="value")
        for box in self.checkboxes.values():
            box.observe(self._on_checkbox, names="value")
        self.ticker.observe(lambda _change: self._safely(self.tick), names="value")

    # --- observers ------------------------------------------------------------

    def _safely(self, action: Callable[[], Any]) -> None:
        """Run a button's action; show a ValueError to the learner, not a traceback."""
        try:
            action()
        except ValueError as exc:
            self._notify(str(exc), error=True)

    def _on_choice(self, change: dict[str, Any]) -> None:
        if not self._syncing and change["new"] is not None:
            self._safely(lambda: self.answer(change["new"]))

    def _on_checkbox(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            ticked = tuple(k for k, box in self.checkboxes.items() if box.value)
            self._safely(lambda: self.answer(ticked or None))

    def _on_number(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._safely(lambda: self.answer(change["new"] or None))

    def _on_flag(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._safely(lambda: self.flag(bool(change["new"])))

    def _on_goto(self, change: dict[str, Any]) -> None:
        if not self._syncing:
            self._safely(lambda: self.goto(int(change["new"])))

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
        domains = self._domains()
        if not domains:
            raise ValueError("choose at least one domain")
        n = int(self.controls["questions"].value)
        self.seed = int(self.controls["seed"].value)
        weights = {d: OUTLINE_WEIGHTS[d] for d in domains}
        self.items = assemble_exam(n, rng=self.seed, weights=weights, bank=self._bank)
        self.responses = [None] * n
        self.flags = set()
        self.current = 1
        self.result = None
        self._started = self.clock()
        timed = bool(self.controls["timed"].value)
        self._deadline = (
            self._started + 60 * int(self.controls["minutes"].value) if timed else None
        )
        self.phase = "exam"
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
        self.start(self._new_seed())

    def settings(self) -> None:
        """Go back to the settings (after a report)."""
        self.ticker.playing = False
        self.phase = "setup"
        self.update()

    def _require_exam(self) -> bool:
        """Check the clock; return whether an exam is running."""
        self.tick()
        return self.phase == "exam"

    def _item(self, number: int | None) -> tuple[int, Item]:
        k = self.current if number is None else int(number)
        if not 1 <= k <= len(self.items):
            raise ValueError(
                f"question must be a number from 1 to {len(self.items)}, got {number!r}"
            )
        return k, self.items[k - 1]

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
        k, item = self._item(number)
        if is_blank(response):
            value: Any = None
        elif item.type == "numeric":
            value = str(response).strip()
            self._check_number(value)
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
        if k == self.current:
            self._sync_answer(item, value)
        self._show_review()
        self._timed(began)

    def _check_number(self, text: str) -> None:
        try:
            float(text.replace(",", "").replace("$", ""))
        except ValueError:
            self._notify(
                f"{text!r} does not read as a number; it will count as wrong unless "
                "you change it (use digits and a decimal point, e.g. 12.5)",
                error=True,
            )
        else:
            self._notify("")

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
        k, _ = self._item(number)
        self.current = k
        self._show_question()
        self._timed(began)

    def next(self) -> None:
        """Show the next question (stay on the last one)."""
        if self.phase == "exam":
            self.goto(min(self.current + 1, len(self.items)))

    def previous(self) -> None:
        """Show the previous question (stay on the first one)."""
        if self.phase == "exam":
            self.goto(max(self.current - 1, 1))

    def _next_where(self, wanted: set[int], what: str) -> None:
        if self.phase != "exam":
            return
        if not wanted:
            self._notify(f"no {what} question")
            return
        later = sorted(k for k in wanted if k > self.current)
        self.goto(later[0] if later else min(wanted))

    def next_flagged(self) -> None:
        """Show the next flagged question, wrapping round to the first."""
        self._next_where(set(self.flags), "flagged")

    def next_unanswered(self) -> None:
        """Show the next unanswered question, wrapping round to the first."""
        blank = {k for k, r in enumerate(self.responses, start=1) if is_blank(r)}
        self._next_where(blank, "unanswered")

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
        k, _ = self._item(number)
        flagged = (k not in self.flags) if on is None else bool(on)
        if flagged:
            self.flags.add(k)
        else:
            self.flags.discard(k)
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
        return pd.DataFrame(
            {
                "domain": [item.domain for item in self.items],
                "type": [item.type for item in self.items],
                "answered": [not is_blank(r) for r in self.responses],
                "flagged": [k in self.flags for k in range(1, len(self.items) + 1)],
            },
            index=pd.RangeIndex(1, len(self.items) + 1, name="number"),
        )

    def time_left(self) -> float | None:
        """Return the seconds left, or None for an untimed exam.

        Returns
        -------
        float or None
        """
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - self.clock())

    def tick(self) -> None:
        """Check the clock: end and score the exam if time is up; show the time."""
        if self.phase != "exam":
            return
        left = self.time_left()
        if left is not None and left <= 0:
            self.submit(timed_out=True)
            return
        self.timer.value = self._timer_html(left)

    def _timer_html(self, left: float | None) -> str:
        if left is None:
            spent = self.clock() - self._started
            return f"<span style='color:{_GREY}'>untimed · {_clock_text(spent)}</span>"
        color = _RED if left < 300 else _GREY
        return f"<b style='color:{color}'>time left {_clock_text(left)}</b>"

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
        if self.phase != "exam":
            raise ValueError("start an exam before submitting")
        self.ticker.playing = False
        self.report.load(
            self.items, self.responses, flagged=self.flags, timed_out=timed_out
        )
        self.result = self.report.result
        self.phase = "report"
        self.update()
        self._timed(began)
        return self.result

    # --- showing ----------------------------------------------------------------

    def _timed(self, began: float) -> None:
        self.last_update_ms = (time.perf_counter() - began) * 1000

    def _notify(self, text: str, *, error: bool = False) -> None:
        self.message = text
        if not text:
            self.notice.value = ""
            return
        color = _RED if error else _GREY
        self.notice.value = (
            f"<div style='border-left: 4px solid {color}; padding: 2px 8px'>"
            f"{html.escape(text)}</div>"
        )

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
        n = int(self.controls["questions"].value)
        timed = self.controls["timed"].value
        pace = (
            f"{self.controls['minutes'].value} minutes"
            if timed
            else "no time limit (the clock still shows how long you take)"
        )
        self.setup_info.value = (
            f"<small>{n} questions, {pace}. The real exam: 150 questions in 180 "
            "minutes, 1.2 minutes each. Write the seed down to retake the same "
            "exam later.</small>"
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
        k, item = self._item(self.current)
        c = self.controls
        with self._sync():
            self.header.value = (
                f"<b>Question {k} of {len(self.items)}</b> · "
                f"{DOMAIN_LABELS[item.domain]} · <i>{_TYPE_HINT[item.type]}</i>"
                "&nbsp;&nbsp;"
            )
            options = "".join(
                f"<li style='margin: 3px 0'><b>{x}.</b> {html.escape(text)}</li>"
                for x, text in item.options.items()
            )
            self.stem.value = (
                f"<p style='font-size: 1.05em'>{html.escape(item.stem)}</p>"
                + (f"<ul style='list-style: none; padding-left: 0.5em'>{options}</ul>"
                   if options else "")
            )  # fmt: skip
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
        cells = []
        for k, response in enumerate(self.responses, start=1):
            answered = not is_blank(response)
            flagged = k in self.flags
            color = _ORANGE if flagged else (_GREEN if answered else "#FFFFFF")
            border = "3px solid #222" if k == self.current else f"1px solid {_GREY}"
            mark = "⚑" if flagged else ""
            cells.append(
                f"<span title='question {k}' style='display:inline-block; "
                f"min-width:2.2em; text-align:center; margin:1px; "
                f"background:{color}; border:{border}'>{k}{mark}</span>"
            )
        done = sum(not is_blank(r) for r in self.responses)
        self.review_strip.value = (
            f"<small>Review: {done} of {len(self.responses)} answered (green), "
            f"{len(self.flags)} flagged (orange ⚑), blank ones white. Type a "
            f"number in <i>Go to question</i> to jump.</small><br>{''.join(cells)}"
        )

    # --- display ----------------------------------------------------------------

    @property
    def widget(self) -> widgets.Widget:
        """The displayable layout (built once)."""
        if self._widget is None:
            self._widget = widgets.VBox(
                [
                    widgets.HTML("<h3>CAPM-style practice exam</h3>"),
                    self.setup_box,
                    self.exam_box,
                    self.report_box,
                    self.notice,
                    self.ticker,
                ]
            )
        return self._widget

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
