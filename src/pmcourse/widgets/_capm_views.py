"""The controls and HTML views of the CAPM practice exam widget.

Plain builders used by :class:`pmcourse.widgets.capm.PracticeExam`: the
settings and answer controls, and the HTML of the timer, the settings line,
the question, the review strip and notices. They hold no state; the exam's
state is a :class:`pmcourse.capm.session.ExamSession`.

Used in: lesson 09, CAPM practice.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from pmcourse.capm import OUTLINE_WEIGHTS, Item
from pmcourse.capm.practice import EXAM_QUESTIONS, is_blank
from pmcourse.plots.capm import DOMAIN_LABELS

TYPE_HINT = {
    "single": "choose one answer",
    "multiple": "choose all that apply (the question says how many)",
    "numeric": "type a number",
}
GREEN, RED, GREY, ORANGE = "#009E73", "#D55E00", "#6E6E6E", "#E69F00"


def clock_text(seconds: float) -> str:
    """Return seconds as ``MM:SS``, or ``H:MM:SS`` from an hour on."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def build_controls(
    chosen: set[int], questions: int, timed: bool, minutes: int, seed: int
) -> dict[str, widgets.Widget]:
    """Create the settings controls and the exam's answer controls, by name."""
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
        timed=widgets.Checkbox(value=bool(timed), description="Timed", indent=False),
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
            value=seed,
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


def build_checkboxes() -> dict[str, widgets.Checkbox]:
    """Create the check boxes of a multiple-select question, by letter."""
    return {
        letter: widgets.Checkbox(
            value=False,
            description=letter,
            indent=False,
            layout=widgets.Layout(width="56px"),
        )
        for letter in "ABCDEF"
    }


def build_ticker() -> widgets.Play:
    """Create the hidden ticker the front end advances every second.

    Each tick checks the clock. Headless (tests, grading) it never ticks, and
    nothing waits.
    """
    return widgets.Play(
        value=0,
        min=0,
        max=10_000_000,
        interval=1000,
        show_repeat=False,
        layout=widgets.Layout(display="none"),
    )


def build_boxes(
    controls: dict[str, widgets.Widget],
    checkboxes: dict[str, widgets.Checkbox],
    buttons: dict[str, widgets.Button],
    *,
    header: widgets.HTML,
    timer: widgets.HTML,
    stem: widgets.HTML,
    unit: widgets.HTML,
    review_strip: widgets.HTML,
    setup_info: widgets.HTML,
) -> dict[str, widgets.Box]:
    """Arrange the settings, question and report views.

    Returns ``setup``, ``numeric`` and ``multiple`` (the answer rows of a
    numeric and a multiple-select question), ``exam``, ``report_slot`` (where
    the report widget goes) and ``report``.
    """
    c, b = controls, buttons
    domains = [c[f"domain_{d}"] for d in sorted(OUTLINE_WEIGHTS)]
    setup = widgets.VBox(
        [
            widgets.HTML("<b>Domains</b> (questions drawn in the outline's weights)"),
            widgets.HBox(domains[:2]),
            widgets.HBox(domains[2:]),
            widgets.HBox([c["questions"], c["timed"], c["minutes"]]),
            c["seed"],
            setup_info,
            b["start"],
        ]
    )
    numeric = widgets.HBox([c["number"], unit])
    multiple = widgets.HBox([widgets.HTML("Your answers:&nbsp;"), *checkboxes.values()])
    exam = widgets.VBox(
        [
            widgets.HBox([header, timer]),
            stem,
            c["choice"],
            multiple,
            numeric,
            widgets.HBox([b["previous"], b["next"], c["flag"], b["submit"]]),
            widgets.HBox([c["goto"], b["next_flagged"], b["next_blank"]]),
            review_strip,
        ]
    )
    report_slot = widgets.VBox()
    report = widgets.VBox(
        [widgets.HBox([b["retake"], b["new"], b["settings"]]), report_slot]
    )
    return {
        "setup": setup,
        "numeric": numeric,
        "multiple": multiple,
        "exam": exam,
        "report_slot": report_slot,
        "report": report,
    }


def notice_html(text: str, *, error: bool = False) -> str:
    """Return a notice to the learner as HTML (empty text, no notice)."""
    if not text:
        return ""
    color = RED if error else GREY
    return (
        f"<div style='border-left: 4px solid {color}; padding: 2px 8px'>"
        f"{html.escape(text)}</div>"
    )


def timer_html(left: float | None, spent: float) -> str:
    """Return the clock: the time left, or the time spent when untimed."""
    if left is None:
        return f"<span style='color:{GREY}'>untimed · {clock_text(spent)}</span>"
    color = RED if left < 300 else GREY
    return f"<b style='color:{color}'>time left {clock_text(left)}</b>"


def setup_html(n: int, timed: bool, minutes: int) -> str:
    """Return the line under the settings: the exam chosen and the real one."""
    pace = (
        f"{minutes} minutes"
        if timed
        else "no time limit (the clock still shows how long you take)"
    )
    return (
        f"<small>{n} questions, {pace}. The real exam: 150 questions in 180 "
        "minutes, 1.2 minutes each. Write the seed down to retake the same "
        "exam later.</small>"
    )


def header_html(k: int, n: int, item: Item) -> str:
    """Return the header of question ``k`` of ``n``: its domain and type."""
    return (
        f"<b>Question {k} of {n}</b> · "
        f"{DOMAIN_LABELS[item.domain]} · <i>{TYPE_HINT[item.type]}</i>"
        "&nbsp;&nbsp;"
    )


def stem_html(item: Item) -> str:
    """Return a question's stem and its lettered options as HTML."""
    options = "".join(
        f"<li style='margin: 3px 0'><b>{x}.</b> {html.escape(text)}</li>"
        for x, text in item.options.items()
    )
    return (
        f"<p style='font-size: 1.05em'>{html.escape(item.stem)}</p>"
        + (f"<ul style='list-style: none; padding-left: 0.5em'>{options}</ul>"
           if options else "")
    )  # fmt: skip


def review_html(
    responses: Sequence[object], flags: set[int], current: int, answered: int
) -> str:
    """Return the review strip: a cell per question, coloured by its status."""
    cells = []
    for k, response in enumerate(responses, start=1):
        flagged = k in flags
        color = ORANGE if flagged else (GREEN if not is_blank(response) else "#FFFFFF")
        border = "3px solid #222" if k == current else f"1px solid {GREY}"
        # a mark as well as the colour; dark text whatever JupyterLab's theme
        mark = "⚑" if flagged else ("✓" if not is_blank(response) else "")
        cells.append(
            f"<span title='question {k}' style='display:inline-block; "
            f"min-width:2.2em; text-align:center; margin:1px; color:#111111; "
            f"background:{color}; border:{border}'>{k}{mark}</span>"
        )
    return (
        f"<small>Review: {answered} of {len(responses)} answered (green ✓), "
        f"{len(flags)} flagged (orange ⚑), blank ones white. Type a "
        f"number in <i>Go to question</i> to jump.</small><br>{''.join(cells)}"
    )
