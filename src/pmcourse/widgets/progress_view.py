"""The learner's own progress: what they have done and where they stand.

:class:`MyProgress` reads the progress file (:mod:`pmcourse.progress`) and
shows lessons opened and done, self-checks right first time, the exercises
validated (with the parts still failing), each CAPM domain's ability
estimate with its uncertainty and rating, the readiness estimate and the next
three things to practise. ``compact=True`` gives the small panel of lesson 00.
It computes nothing itself: :func:`pmcourse.capm.standing.standing` does.

Used in: lesson 00, start here; notebook 00a, my progress.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from pmcourse import progress
from pmcourse.capm.standing import Standing, standing
from pmcourse.widgets.base import Displayable

__all__ = ["MyProgress"]


class MyProgress(Displayable):
    """The learner's progress, read from their progress file.

    Parameters
    ----------
    store : pmcourse.progress.ProgressStore, optional
        The file to read (:func:`pmcourse.progress.default_store` by default).
    compact : bool
        The small panel of lesson 00 (no task table).

    Attributes
    ----------
    lessons : DataFrame
        :func:`pmcourse.progress.lessons_summary`.
    checks : DataFrame
        :func:`pmcourse.progress.self_check_summary`.
    validations : DataFrame
        :func:`pmcourse.progress.validation_summary`.
    result : pmcourse.capm.standing.Standing
        Abilities, readiness and next steps from the practice answers.
    html : ipywidgets.HTML
        What is shown.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> s = progress.ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.sqlite3")
    >>> s.record_self_check("04_earned_value", "q1", 0, True, 1)
    >>> view = MyProgress(s)
    >>> "1 of 1 right first time" in view.html.value
    True

    Used in: lesson 00, start here; notebook 00a, my progress.
    """

    def __init__(
        self, store: progress.ProgressStore | None = None, *, compact: bool = False
    ) -> None:
        self.store = store or progress.default_store()
        self.compact = bool(compact)
        self.html = widgets.HTML()
        self.refresh_button = widgets.Button(
            description="Refresh", tooltip="read the progress file again"
        )
        self.refresh_button.on_click(lambda _b: self.update())
        self.lessons = pd.DataFrame()
        self.checks = pd.DataFrame()
        self.validations = pd.DataFrame()
        self.result: Standing | None = None
        self.update()

    def update(self) -> None:
        """Read the progress file again and redraw."""
        self.lessons = progress.lessons_summary(self.store)
        self.checks = progress.self_check_summary(self.store)
        self.validations = progress.validation_summary(self.store)
        self.result = standing(self.store.table("practice"))
        self.html.value = self._render()

    def _render(self) -> str:
        r = self.result
        assert r is not None
        done = int(self.lessons["done"].sum()) if len(self.lessons) else 0
        first = int(self.checks["right_first_time"].sum()) if len(self.checks) else 0
        parts = [
            "<h3>My progress</h3>",
            f"<p><b>Lessons done:</b> {done} of {len(self.lessons)} started. "
            f"<b>Self-checks:</b> {first} of {len(self.checks)} right first time. "
            f"<b>Practice answers:</b> {r.answered}. "
            f"<b>Exercises validated:</b> {len(self.validations)}.</p>",
        ]
        if len(self.lessons) and not self.compact:
            rows = "".join(
                f"<tr><td>{html.escape(str(name))}</td><td>{x.checks_answered}</td>"
                f"<td>{x.right_first_time}</td>"
                f"<td>{'done' if x.done else 'opened' if x.opened else ''}</td></tr>"
                for name, x in self.lessons.iterrows()
            )
            parts.append(
                "<table><caption>Lessons</caption><tr><th>lesson</th>"
                "<th>self-checks answered</th><th>right first time</th>"
                f"<th>status</th></tr>{rows}</table>"
            )
        if len(self.validations):
            parts.append(self._validations())
        rows = "".join(
            f"<tr><td>{d}. {html.escape(x['name'])}</td><td>{x['answered']}</td>"
            f"<td>{x['ability']:+.2f} ± {x['sd']:.2f}</td>"
            f"<td>{x['expected_share']:.0%}</td><td>{x['rating']}</td></tr>"
            for d, x in r.domains.iterrows()
        )
        parts.append(
            "<table><caption>CAPM domains (ability in logits, ± one posterior "
            "sd)</caption><tr><th>domain</th><th>answers</th><th>ability</th>"
            f"<th>expected right</th><th>rating</th></tr>{rows}</table>"
        )
        parts.append(f"<p><b>Readiness.</b> {html.escape(r.readiness.summary())}</p>")
        steps = "".join(f"<li>{html.escape(s)}</li>" for s in r.next_steps)
        parts.append(f"<p><b>Practise next:</b></p><ol>{steps}</ol>")
        if not self.compact:
            task_rows = "".join(
                f"<tr><td>{t}</td><td>{x['answered']}</td>"
                f"<td>{x['ability']:+.2f} ± {x['sd']:.2f}</td>"
                f"<td>{x['p_below']:.0%}</td></tr>"
                for t, x in r.tasks.iterrows()
            )
            parts.append(
                "<table><caption>Outline tasks</caption><tr><th>task</th>"
                "<th>answers</th><th>ability</th><th>chance below the line</th>"
                f"</tr>{task_rows}</table>"
            )
        parts.append(
            "<p><small>Kept only on this computer "
            f"({html.escape(str(self.store.path))}). "
            "<code>pmcourse progress --export FILE</code> gives you a copy, "
            "<code>pmcourse progress --forget</code> deletes it.</small></p>"
        )
        return "\n".join(parts)

    def _validations(self) -> str:
        """Return the table of exercises validated, the last run of each."""
        rows = "".join(
            f"<tr><td>{html.escape(str(name))}</td>"
            f"<td>{pd.Timestamp(x.last_at, unit='s'):%Y-%m-%d %H:%M}</td>"
            f"<td>{x.passed} of {x.total}</td>"
            f"<td>{html.escape(x.failing) or 'none'}</td></tr>"
            for name, x in self.validations.iterrows()
        )
        return (
            "<table><caption>Exercises: your last Validate</caption><tr>"
            "<th>exercise</th><th>validated (UTC)</th><th>checks passed</th>"
            f"<th>checks failing</th></tr>{rows}</table>"
        )

    def layout(self) -> widgets.Widget:
        """Arrange the report and its Refresh button.

        Returns
        -------
        ipywidgets.Widget
        """
        return widgets.VBox([self.html, self.refresh_button])
