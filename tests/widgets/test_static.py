"""The static form of simulations and self-checks (pmcourse.widgets.static)."""

from __future__ import annotations

import base64
import re

import ipywidgets as widgets
import pytest

from pmcourse import datasets
from pmcourse.widgets import (
    AgileVsWaterfall,
    CriticalPathExplorer,
    KanbanBoard,
    SelfCheck,
    TimeSplit,
    static,
)
from pmcourse.widgets.base import Displayable

IMG = re.compile(r'<img [^>]*src="data:image/png;base64,([^"]+)"[^>]*alt="([^"]*)"')


@pytest.fixture
def explorer():
    return CriticalPathExplorer(datasets.load("product_launch"), deadline=38)


def test_a_simulation_shows_settings_summary_chart_and_the_run_link(explorer):
    """Does the static form hold every control's value, the summary, the chart
    as a PNG with a text alternative, and the link to run it live?"""
    page = static.static_html(explorer)
    for control in explorer.controls.values():
        assert f"<strong>{control.value}</strong>" in page
    assert "Critical path:" in page and "day 35" in page
    (png, alt), *_ = IMG.findall(page)
    assert base64.b64decode(png) == explorer.image.png
    assert "Critical path: A → C → D → E → K → L" in alt
    assert f'href="{static.RUN_LINK}"' in page
    assert "Run this simulation in JupyterLab" in page


def test_a_long_label_is_given_in_full(explorer):
    """Is a slider with a long task name ('Agree launch goals and scope')
    named in full in the static form, never cut to fit?"""
    page = static.static_html(explorer)
    assert "…</span>" not in page
    assert "A Agree launch goals and scope</span>" in page


def test_actions_are_left_out_of_a_simulation(explorer):
    """Are buttons that need a kernel ('Back to the plan') left out?"""
    assert "Back to the plan" not in static.static_html(explorer)


def test_the_static_form_follows_the_current_state(explorer):
    """Does the static form show the state the simulation is in, not a copy
    of its first one?"""
    explorer.controls["B"].value = 12
    page = static.static_html(explorer)
    assert "<strong>12</strong>" in page and "day 38" in page


@pytest.mark.parametrize("make", [TimeSplit, KanbanBoard, AgileVsWaterfall])
def test_every_chart_has_a_non_empty_alternative(make):
    """Does each simulation's chart carry a text alternative made from it?"""
    app = make()
    images = IMG.findall(static.static_html(app))
    assert images
    for _png, alt in images:
        assert alt.startswith("Chart:") and len(alt) > 20, alt


def test_a_self_check_lists_its_options_and_folds_the_answer():
    """Does a self-check show its options and its answer behind a fold?"""
    q = SelfCheck(
        "A team of $n = 4$ has how many channels?",
        ["4", "6", "12"],
        answer="6",
        explanation="$n(n-1)/2 = 6$, about \\$0 each.",
    )
    page = static.static_html(q)
    assert [f"{x}." in page for x in "ABC"] == [True] * 3
    assert "<li>B. 6</li>" in page
    answer = page[page.index("<details>") :]
    assert "<strong>B. 6</strong>" in answer
    assert r"\(n(n-1)/2 = 6\)" in answer and "about $0 each" in answer
    assert r"\(n = 4\)" in page[: page.index("<details>")]


def test_a_hidden_widget_is_left_out():
    """Is a widget hidden by its layout left out of the static form?"""
    shown = widgets.HTML("shown")
    gone = widgets.HTML("gone", layout=widgets.Layout(display="none"))
    assert static.widget_html(widgets.VBox([shown, gone])) == "<div>shown</div>"


def test_the_bundle_has_html_and_plain_text_but_no_live_widget(explorer):
    """Does the static bundle carry HTML and text, and no widget view?"""
    bundle = static.static_bundle(explorer)
    assert set(bundle) == {"text/html", "text/plain"}
    assert "Critical path" in bundle["text/plain"]
    assert "<" not in bundle["text/plain"]


def _displayed(monkeypatch, app: Displayable) -> list:
    import IPython.display

    shown: list = []
    monkeypatch.setattr(
        IPython.display, "display", lambda *a, **k: shown.append((a, k))
    )
    app._ipython_display_()
    return shown


def test_display_is_live_unless_the_book_asks(monkeypatch):
    """Does a notebook show the live widget normally, and the static form only
    when PMCOURSE_STATIC_WIDGETS is set (as make book does)?"""
    app = TimeSplit()
    monkeypatch.delenv(static.ENVIRONMENT_VARIABLE, raising=False)
    [(args, kwargs)] = _displayed(monkeypatch, app)
    assert args == (app.widget,) and not kwargs
    monkeypatch.setenv(static.ENVIRONMENT_VARIABLE, "0")
    [(args, kwargs)] = _displayed(monkeypatch, app)
    assert args == (app.widget,)
    monkeypatch.setenv(static.ENVIRONMENT_VARIABLE, "1")
    [(args, kwargs)] = _displayed(monkeypatch, app)
    assert kwargs == {"raw": True}
    assert "pmcourse-static-simulation" in args[0]["text/html"]
