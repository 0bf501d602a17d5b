"""The score report of a CAPM practice exam, with a movable practice line.

A :class:`~pmcourse.widgets.base.Simulation` whose one control is the
practice line: the score table by domain, the bar chart of
:func:`pmcourse.plots.capm.domain_scores` and the explanations of every missed
question, all from :func:`pmcourse.capm.practice.score_exam`.
:class:`pmcourse.widgets.capm.PracticeExam` shows one after each exam.

Used in: lesson 09, CAPM practice.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import ipywidgets as widgets
from matplotlib.artist import Artist

from pmcourse.capm import Item
from pmcourse.capm.practice import PRACTICE_LINE, ExamReport, score_exam
from pmcourse.plots.capm import DOMAIN_LABELS, refresh_domain_scores
from pmcourse.widgets.base import Simulation, drawing_order, left_title

__all__ = ["ScoreReport"]

_GREEN, _RED = "#009E73", "#D55E00"


def _lesson_link(lesson: str) -> str:
    return f"lesson {lesson[:2]} ({html.escape(lesson)})"


class ScoreReport(Simulation):
    """The score report of a finished practice exam, with a movable practice line.

    Parameters
    ----------
    items : sequence of Item
        The exam's questions, in order.
    responses : sequence
        One response per question (None for a blank).
    pass_mark : int
        The practice line in percent (our target, not PMI's pass mark).
    flagged : iterable of int
        Question numbers (from 1) the learner flagged.
    timed_out : bool
        Whether the exam ended because time ran out.

    Attributes
    ----------
    controls : dict
        ``pass_mark``: a slider for the practice line, in percent.
    result : pmcourse.capm.practice.ExamReport
        The latest report.
    table : ipywidgets.HTML
        The score table by domain.
    feedback : ipywidgets.HTML
        The explanations of the missed questions.

    Examples
    --------
    >>> from pmcourse.capm import draw
    >>> items = [draw("F-COM-03", rng=1), draw("F-EVM-01", rng=2)]
    >>> report = ScoreReport(items, [items[0].answer, None], pass_mark=60)
    >>> report.result.by_domain["above_line"].to_dict()
    {1: True, 2: False}

    Used in: lesson 09, CAPM practice.
    """

    figsize = (8.0, 3.0)

    def __init__(
        self,
        items: Sequence[Item],
        responses: Sequence[Any],
        *,
        pass_mark: int = round(PRACTICE_LINE * 100),
        flagged: Iterable[int] = (),
        timed_out: bool = False,
    ) -> None:
        self.items = list(items)
        self.responses = list(responses)
        self.flagged = sorted(set(flagged))
        self.timed_out = bool(timed_out)
        self._pass_mark = int(pass_mark)
        self.table = widgets.HTML()
        self.feedback = widgets.HTML()
        super().__init__()
        self.feedback.value = self.missed_html()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the practice-line slider.

        Returns
        -------
        dict of str to ipywidgets.Widget
            ``pass_mark``, in percent.
        """
        return {
            "pass_mark": widgets.IntSlider(
                value=self._pass_mark,
                min=40,
                max=95,
                step=5,
                description="Practice line (%)",
                continuous_update=False,
                style={"description_width": "120px"},
                layout=widgets.Layout(width="420px"),
            )
        }

    def compute(self) -> ExamReport:
        """Grade the responses against the current practice line.

        Returns
        -------
        pmcourse.capm.practice.ExamReport
        """
        return score_exam(
            self.items,
            self.responses,
            pass_mark=self.controls["pass_mark"].value / 100,
            flagged=self.flagged,
            timed_out=self.timed_out,
        )

    def draw(self) -> None:
        """Draw the domain scores against the practice line."""
        if self.figure.get_layout_engine() is not None:
            # a fixed layout: a tight layout would cost a third of the budget
            self.figure.set_layout_engine(None)
            self.figure.subplots_adjust(left=0.2, right=0.98, top=0.86, bottom=0.17)
        refresh_domain_scores(
            self.ax, self.result.by_domain, pass_mark=self.result.pass_mark
        )

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves with the practice line: bars, labels, line, title.

        Returns
        -------
        list of matplotlib.artist.Artist
        """
        ax = self.ax
        moving = [*ax.patches, *ax.texts, *ax.lines, left_title(ax)]
        return drawing_order(moving)

    def load(
        self,
        items: Sequence[Item],
        responses: Sequence[Any],
        *,
        flagged: Iterable[int] = (),
        timed_out: bool = False,
    ) -> None:
        """Show the report of another exam (same practice line).

        Parameters
        ----------
        items : sequence of Item
            The exam's questions.
        responses : sequence
            One response per question.
        flagged : iterable of int
            Flagged question numbers.
        timed_out : bool
            Whether time ran out.
        """
        before = {item.domain for item in self.items}
        self.items = list(items)
        self.responses = list(responses)
        self.flagged = sorted(set(flagged))
        self.timed_out = bool(timed_out)
        if {item.domain for item in self.items} != before:
            self.redraw_all()  # other bars and labels: a new background
        self.update()
        self.feedback.value = self.missed_html()

    def describe(self) -> str:
        """Return the overall result in a sentence or two, as HTML.

        Returns
        -------
        str
        """
        r = self.result
        ended = (
            "<b>Time ran out</b>: the exam ended and was scored as it stood; "
            "blank questions count as wrong. "
            if r.timed_out
            else ""
        )
        line = "at or above" if r.above_line else "below"
        weak = DOMAIN_LABELS[r.weakest]
        return (
            f"{ended}<b>{r.correct} of {r.n} right ({r.score:.0%})</b>, {line} your "
            f"practice line of {r.pass_mark:.0%}; {r.answered} answered, "
            f"{len(self.flagged)} flagged. Study first where the most exam "
            f"questions are at stake: <b>{weak}</b>. "
            "<i>This is practice scoring, not PMI's: PMI publishes no pass mark "
            "and rates each domain in bands on its own score report.</i>"
        )

    def update(self) -> None:
        """Recompute the report and redraw; refresh the table too."""
        super().update()
        if self.result is not None:
            self.table.value = self.table_html()

    def table_html(self) -> str:
        """Return the score table by domain as HTML.

        Returns
        -------
        str
        """
        rows = []
        for domain, row in self.result.by_domain.iterrows():
            mark = "✔ at or above" if row["above_line"] else "✘ below"
            color = _GREEN if row["above_line"] else _RED
            rows.append(
                f"<tr><td>{domain}. {html.escape(row['name'])}</td>"
                f"<td>{row['weight']:.0%}</td><td>{row['questions']}</td>"
                f"<td>{row['correct']}</td><td><b>{row['score']:.0%}</b></td>"
                f"<td style='color:{color}'>{mark}</td>"
                f"<td>{row['lost_on_exam']:.0f}</td></tr>"
            )
        head = (
            "<tr><th>domain</th><th>weight on the exam</th><th>questions</th>"
            "<th>right</th><th>score</th><th>practice line</th>"
            "<th title='weight x 135 scored questions x share wrong'>"
            "exam questions at stake</th></tr>"
        )
        return (
            "<table style='border-collapse: collapse' cellpadding='4'>"
            f"{head}{''.join(rows)}</table>"
            "<small>Exam questions at stake: how many of the real exam's 135 "
            "scored questions this domain's error rate would cost.</small>"
        )

    def missed_html(self) -> str:
        """Return the explanations of every missed question as HTML.

        Returns
        -------
        str
        """
        missed = self.result.missed
        if missed.empty:
            return "<p><b>No question missed.</b> Try a longer or a timed exam.</p>"
        blocks = [f"<h4>The {len(missed)} questions to review</h4>"]
        for _, m in missed.iterrows():
            flag = " ⚑ flagged" if m["flagged"] else ""
            why_wrong = (
                f"<br><b>Why yours is not:</b> {html.escape(m['why_wrong'])}"
                if m["why_wrong"]
                else ""
            )
            blocks.append(
                f"<div style='border-left: 4px solid {_RED}; padding: 2px 10px; "
                f"margin: 8px 0'><b>Question {m['number']}</b> · "
                f"{DOMAIN_LABELS[m['domain']]}{flag} · review "
                f"{_lesson_link(m['lesson'])}<br>{html.escape(m['stem'])}<br>"
                f"<b>Your answer:</b> {html.escape(m['your_answer'])}<br>"
                f"<b>Right answer:</b> {html.escape(m['correct_answer'])}<br>"
                f"<b>Why it is right:</b> {html.escape(m['why_right'])}"
                f"{why_wrong}</div>"
            )
        return "".join(blocks)

    def layout(self) -> widgets.Widget:
        """Arrange the summary, slider, chart, table and explanations.

        Returns
        -------
        ipywidgets.Widget
        """
        return widgets.VBox(
            [
                self.summary,
                self.controls["pass_mark"],
                self.message,
                self.image,
                self.table,
                self.feedback,
            ]
        )
