"""A lesson's marks in the learner's progress file: opened, then finished.

A lesson's setup cell makes a :class:`LessonMark`, which records that the
lesson was opened; its last cell shows the mark, a button with which the
learner says they have finished it. The lesson is the notebook JupyterLab
runs (:func:`pmcourse.progress.current_lesson`): outside JupyterLab (a
website build, a test run) nothing is recorded.

Used in: every lesson (setup cell and last cell); lesson 00, start here
("My progress").
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from pmcourse import progress
from pmcourse.widgets.base import Displayable

__all__ = ["LessonMark"]


class LessonMark(Displayable):
    """Record that a lesson was opened; show a button to mark it finished.

    Parameters
    ----------
    lesson : str, optional
        The lesson's name (``"04_earned_value"``); by default the notebook
        JupyterLab runs, and nothing is recorded when there is none.

    Attributes
    ----------
    lesson : str
    opened : bool
        Whether the opening was recorded.
    finished : bool
        Whether the learner has marked the lesson finished here.
    button : ipywidgets.Button
    status : ipywidgets.HTML

    Examples
    --------
    >>> import os, tempfile
    >>> os.environ["PMCOURSE_PROGRESS_DIR"] = tempfile.mkdtemp()
    >>> mark = LessonMark("04_earned_value")
    >>> mark.opened, mark.finish(), mark.button.disabled
    (True, True, True)
    >>> progress.default_store().table("lessons")["event"].tolist()
    ['opened', 'finished']
    >>> del os.environ["PMCOURSE_PROGRESS_DIR"]

    Used in: every lesson (setup cell and last cell).
    """

    def __init__(self, lesson: str | None = None) -> None:
        self.lesson = lesson or progress.current_lesson()
        self.opened = bool(self.lesson) and progress.record_lesson(
            self.lesson, "opened"
        )
        self.finished = False
        self.button = widgets.Button(
            description="I have finished this lesson",
            icon="check",
            tooltip="note it in your progress file (see My progress)",
            layout=widgets.Layout(width="auto"),
        )
        self.button.on_click(lambda _b: self.finish())
        self.status = widgets.HTML()

    def finish(self) -> bool:
        """Record that the learner finished the lesson; return whether it was.

        Returns
        -------
        bool
            False outside JupyterLab (no lesson) or if the file cannot be
            written.
        """
        if not self.lesson:
            self.status.value = (
                "Not recorded: this notebook is not running in JupyterLab."
            )
            return False
        self.finished = progress.record_lesson(self.lesson, "finished")
        if self.finished:
            self.button.disabled = True
            self.status.value = (
                f"Noted: you finished {html.escape(self.lesson)}. "
                "My progress (notebook 00a) shows it."
            )
        else:
            self.status.value = "Not recorded: the progress file cannot be written."
        return self.finished

    def layout(self) -> widgets.Widget:
        """Arrange the button and its status line.

        Returns
        -------
        ipywidgets.Widget
        """
        return widgets.HBox([self.button, self.status])
