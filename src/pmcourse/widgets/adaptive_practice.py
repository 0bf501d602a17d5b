"""Adaptive CAPM practice: one question at a time where it helps most.

A thin layer over :class:`pmcourse.capm.adaptive.AdaptivePractice`: it shows
the question, reads the answer typed in the box (a letter, letters such as
``A, D``, or a number), says right or wrong with the explanation, records
the answer with its time in the learner's progress file, shows the
readiness estimate, and says when the estimate is confident enough to stop.
Earlier practice answers from the progress file start the estimate, so a
learner who comes back a week later picks up where they were.

Used in: lesson 09, CAPM practice (adaptive mode).
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
import numpy as np

from pmcourse import progress
from pmcourse.capm.adaptive import AdaptivePractice
from pmcourse.capm.item import grade
from pmcourse.widgets.base import Displayable

__all__ = ["AdaptivePracticeApp"]


class AdaptivePracticeApp(Displayable):
    """Adaptive practice in a notebook: Enter answers, *Next question* moves on.

    Parameters
    ----------
    rng : numpy.random.Generator or int or None
        Drives the choice of questions and the families' numbers.
    resume : bool
        Start from the practice answers already in the progress file.
    clock : callable, optional
        Returns seconds (``time.monotonic``); tests pass a fake clock.

    Attributes
    ----------
    practice : pmcourse.capm.adaptive.AdaptivePractice
    item : pmcourse.capm.Item or None
        The question on screen.
    controls : dict of str to ipywidgets.Widget
        ``answer`` (text box), ``check`` and ``next`` buttons.
    feedback : ipywidgets.HTML
    status : ipywidgets.HTML
        Readiness and whether to stop.

    Examples
    --------
    >>> app = AdaptivePracticeApp(rng=2, resume=False)
    >>> app.controls["answer"].value = str(app.item.answer)  # Enter checks it
    >>> app.practice.planner.history[-1][1], app.check()
    (True, None)
    >>> app.next_question(); app.practice.asked
    1

    Used in: lesson 09, CAPM practice (adaptive mode).
    """

    def __init__(
        self,
        rng: np.random.Generator | int | None = None,
        *,
        resume: bool = True,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.practice = AdaptivePractice(rng=rng)
        self.clock = clock or time.monotonic
        if resume:
            self._resume()
        self.question = widgets.HTMLMath()
        self.feedback = widgets.HTML()
        self.status = widgets.HTML()
        answer = widgets.Text(
            description="Answer",
            placeholder="a letter, letters (A, D) or a number; Enter to check",
        )
        answer.continuous_update = False
        answer.observe(
            lambda _c: self.check() if answer.value.strip() else None, "value"
        )
        check = widgets.Button(description="Check", button_style="primary")
        check.on_click(lambda _b: self.check())
        nxt = widgets.Button(description="Next question")
        nxt.on_click(lambda _b: self.next_question())
        self.controls: dict[str, Any] = {"answer": answer, "check": check, "next": nxt}
        self.item: Any = None
        self._shown_at = self.clock()
        self._answered = False
        self.next_question(first=True)

    def _resume(self) -> None:
        """Feed earlier practice answers from the progress file to the estimate."""
        try:
            earlier = progress.default_store().table("practice")
        except Exception:  # noqa: BLE001 - an unreadable file starts afresh
            return
        planner = self.practice.planner
        index = {name: k for k, name in enumerate(planner.params["id"])}
        for row in earlier.itertuples(index=False):
            k = index.get(str(row.item))
            if k is not None:
                planner.update(k, bool(row.correct))

    def next_question(self, first: bool = False) -> None:
        """Show the next question (the current one is skipped if unanswered)."""
        if not first and self.item is not None and not self._answered:
            self.practice.item = None
        self.item = self.practice.next_item()
        self._answered = False
        self._shown_at = self.clock()
        item = self.item
        options = "".join(
            f"<li><b>{k}.</b> {html.escape(v)}</li>" for k, v in item.options.items()
        )
        kind = {
            "single": "Choose one letter.",
            "multiple": "Choose all that apply (letters, e.g. A, D).",
            "numeric": f"Type a number{f' ({item.unit})' if item.unit else ''}.",
        }[item.type]
        self.question.value = (
            f"<p><small>Domain {item.domain}, task {item.task}</small></p>"
            f"<p>{html.escape(item.stem)}</p><ul style='list-style:none'>"
            f"{options}</ul><p><i>{kind}</i></p>"
        )
        self.feedback.value = ""
        self.controls["answer"].value = ""
        self._show_status()

    def check(self) -> bool | None:
        """Grade the typed answer, record it and show the explanation.

        Returns
        -------
        bool or None
            Whether it was right (None if already answered or blank).
        """
        text = self.controls["answer"].value.strip()
        if self._answered or not text or self.item is None:
            return None
        item = self.item
        seconds = self.clock() - self._shown_at
        right = self.practice.answer(text)
        self._answered = True
        progress.record_practice(
            [
                {
                    "item": item.id,
                    "domain": item.domain,
                    "task": item.task,
                    "difficulty": item.difficulty,
                    "seed": item.seed,
                    "response": text,
                    "correct": grade(item, text),
                    "seconds": seconds,
                    "mode": "adaptive",
                }
            ]
        )
        verdict = (
            "Right." if right else f"Not quite: {html.escape(item.correct_text())}."
        )
        color = "#009E73" if right else "#D55E00"
        self.feedback.value = (
            f'<div style="border-left: 4px solid {color}; padding: 4px 10px;">'
            f"<b>{verdict}</b> {html.escape(item.explanation)}</div>"
        )
        self._show_status()
        return right

    def _show_status(self) -> None:
        r = self.practice.readiness()
        weakest = r.domains["ability"].idxmin()
        stop = (
            "<b>Your estimate is confident: you can stop here</b> (or go on to "
            "practise your weakest domain)."
            if self.practice.done
            else f"Weakest domain so far: {weakest}."
        )
        self.status.value = f"<p>{html.escape(r.summary())} {stop}</p>"

    def layout(self) -> widgets.Widget:
        """Arrange the question, the answer box, the buttons and the feedback.

        Returns
        -------
        ipywidgets.Widget
        """
        c = self.controls
        return widgets.VBox(
            [
                widgets.HTML("<h4>Adaptive practice</h4>"),
                self.question,
                widgets.HBox([c["answer"], c["check"], c["next"]]),
                self.feedback,
                self.status,
            ]
        )
