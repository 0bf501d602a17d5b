"""Self-check questions with instant feedback, for the end of a lesson.

A :class:`SelfCheck` is one multiple-choice question: a button per option;
a click marks the answer right or wrong at once and explains why. Nothing is
graded: each answer goes to the learner's own progress file on their machine
(:mod:`pmcourse.progress`), for "My progress". The logic lives in
:meth:`SelfCheck.choose`, so tests can answer without a browser.

Used in: every lesson's self-check section.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import ipywidgets as widgets

from pmcourse import progress
from pmcourse.widgets.base import Displayable

__all__ = ["SelfCheck"]

_LETTERS = "ABCDEFGHIJ"
#: A ``$`` right before a digit is money ("$400"), not the start of maths.
_MONEY = re.compile(r"(?<!\\)\$(?=[0-9])")


def _money(text: str) -> str:
    """Escape dollar amounts so that the maths renderer shows them as text."""
    return _MONEY.sub(r"\\$", text)


class SelfCheck(Displayable):
    """One multiple-choice self-check question with instant feedback.

    Parameters
    ----------
    question : str
        The question (HTML and ``$...$`` maths allowed). A ``$`` right
        before a digit is a dollar sign, so "$400 and $500" stays money.
    options : sequence of str
        Two to ten answer options, shown as buttons A, B, C...
    answer : int or str
        The correct option, by position (from 0) or by its exact text.
    explanation : str
        Why the answer is right (HTML allowed); shown once the learner picks
        the right answer, or after two wrong tries.
    hints : sequence of str, optional
        One hint per option, shown when that wrong option is picked.
    lesson : str, optional
        The lesson, for the progress file; the notebook JupyterLab runs by
        default (nothing is recorded when neither is known).

    Attributes
    ----------
    selected : int or None
        The option picked last.
    correct : bool or None
        Whether the last pick was right (None before any pick).
    attempts : int
        How many picks so far.
    buttons : list of ipywidgets.Button
        One button per option.
    feedback : ipywidgets.HTMLMath
        The feedback area.

    Raises
    ------
    ValueError
        If there are fewer than two options, the answer is not one of them,
        or the hints do not match the options.

    Examples
    --------
    >>> q = SelfCheck(
    ...     "A task has ES 4 and LS 6. What is its total float?",
    ...     ["0 days", "2 days", "10 days"],
    ...     answer="2 days",
    ...     explanation="Total float = LS - ES = 6 - 4 = 2 days.",
    ... )
    >>> q.choose(0)
    False
    >>> q.choose("2 days")
    True
    >>> "LS - ES" in q.feedback.value
    True

    Used in: every lesson's self-check section.
    """

    def __init__(
        self,
        question: str,
        options: Sequence[str],
        answer: int | str,
        explanation: str,
        *,
        hints: Sequence[str] | None = None,
        lesson: str | None = None,
    ) -> None:
        self.question = str(question)
        self.options = [str(option) for option in options]
        if not 2 <= len(self.options) <= len(_LETTERS):
            raise ValueError(
                f"options must hold 2 to {len(_LETTERS)} answers, "
                f"got {len(self.options)}"
            )
        self.answer = self._index(answer, "answer")
        self.explanation = str(explanation)
        if hints is not None and len(hints) != len(self.options):
            raise ValueError(
                f"hints must give one hint per option ({len(self.options)}), "
                f"got {len(hints)}"
            )
        self.hints = None if hints is None else [str(h) for h in hints]
        self.selected: int | None = None
        self.correct: bool | None = None
        self.attempts = 0
        self.buttons = [
            widgets.Button(
                description=f"{_LETTERS[i]}. {option}",
                tooltip=option,
                layout=widgets.Layout(width="auto", max_width="100%"),
            )
            for i, option in enumerate(self.options)
        ]
        for i, button in enumerate(self.buttons):
            button.on_click(lambda _button, i=i: self.choose(i))
        self.feedback = widgets.HTMLMath()
        self._widget: widgets.Widget | None = None
        self.lesson = lesson or progress.current_lesson()
        if self.lesson:
            progress.record_question(self.lesson, self.question)

    def _index(self, option: int | str, name: str) -> int:
        """Return the position of an option given by position or text."""
        if isinstance(option, bool):
            raise ValueError(f"{name} must be an option's position or text: {option}")
        if isinstance(option, int):
            if 0 <= option < len(self.options):
                return option
            raise ValueError(
                f"{name} {option} is not an option position "
                f"(0 to {len(self.options) - 1})"
            )
        if isinstance(option, str) and option in self.options:
            return self.options.index(option)
        raise ValueError(
            f"{name} {option!r} is not one of the options: "
            + "; ".join(repr(o) for o in self.options)
        )

    def choose(self, option: int | str) -> bool:
        """Pick an option, as a click on its button does, and show feedback.

        Parameters
        ----------
        option : int or str
            The option's position (from 0) or its exact text.

        Returns
        -------
        bool
            True if the option is the right answer.

        Raises
        ------
        ValueError
            If ``option`` is not one of the options.
        """
        index = self._index(option, "option")
        self.selected = index
        self.attempts += 1
        self.correct = index == self.answer
        for i, button in enumerate(self.buttons):
            if i == index:
                button.button_style = "success" if self.correct else "danger"
            elif self.correct and i != self.answer:
                button.button_style = ""
        if self.correct:
            self.feedback.value = self._box(
                "#009E73", f"<b>Right.</b> {self.explanation}"
            )
        else:
            hint = self.hints[index] if self.hints else ""
            text = f"<b>Not quite.</b> {hint}".rstrip()
            if self.attempts >= 2:
                right = html.escape(self.options[self.answer])
                text += (
                    f"<br>The answer is <b>{_LETTERS[self.answer]}. {right}</b>. "
                    f"{self.explanation}"
                )
            else:
                text += " Try another option."
            self.feedback.value = self._box("#D55E00", text)
        if self.lesson:
            progress.record_self_check(
                self.lesson, self.question, index, self.correct, self.attempts
            )
        return self.correct

    @staticmethod
    def _box(color: str, text: str) -> str:
        return (
            f'<div style="border-left: 4px solid {color}; padding: 4px 10px;">'
            f"{_money(text)}</div>"
        )

    def layout(self) -> widgets.Widget:
        """Arrange the question, its buttons and the feedback area.

        Returns
        -------
        ipywidgets.Widget
        """
        return widgets.VBox(
            [widgets.HTMLMath(f"<b>{_money(self.question)}</b>"), *self.buttons]
            + [self.feedback],
            layout=widgets.Layout(margin="0 0 1em 0"),
        )
