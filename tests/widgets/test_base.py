"""Tests of the simulation base class (pmcourse.widgets.base)."""

import ipywidgets as widgets
import pytest

from pmcourse.widgets.base import Simulation


class Square(Simulation):
    """A tiny simulation: squares x, refusing negative numbers."""

    figsize = (3, 2)

    def build_controls(self):
        return {"x": widgets.IntSlider(value=2, min=-5, max=5)}

    def compute(self):
        x = self.controls["x"].value
        if x < 0:
            raise ValueError(f"x must be 0 or more, got {x}")
        if x == 5:
            raise RuntimeError("boom")
        return x * x

    def draw(self):
        self.ax.clear()
        self.ax.bar([0], [self.result], gid="square")

    def describe(self):
        return f"{self.controls['x'].value} squared is {self.result}"


def _height(app):
    return next(p for p in app.ax.patches if p.get_gid() == "square").get_height()


def test_controls_drive_result_and_chart():
    """Does changing a control recompute the result and redraw the chart?"""
    app = Square()
    assert app.result == 4 and _height(app) == 4
    app.controls["x"].value = 3
    assert app.result == 9 and _height(app) == 9
    assert app.summary.value == "3 squared is 9"
    assert app.error is None and app.message.value == ""
    assert app.last_update_ms > 0


def test_rejected_value_gives_a_friendly_message_not_a_traceback():
    """Does a ValueError become a message while the last good result stays?"""
    app = Square()
    app.controls["x"].value = -2  # must not raise
    assert app.error == "x must be 0 or more, got -2"
    assert "can't be computed" in app.message.value
    assert "Traceback" not in app.message.value
    assert app.result == 4 and _height(app) == 4
    app.controls["x"].value = 1
    assert app.error is None and app.message.value == "" and app.result == 1


def test_unexpected_errors_are_caught_too():
    """Is an unexpected exception shown as a message rather than raised?"""
    app = Square()
    app.controls["x"].value = 5
    assert "something unexpected" in app.error


def test_set_values_updates_once_and_checks_names():
    """Does set_values change several controls with one update, and check names?"""
    app = Square()
    calls = []
    app.update = lambda: calls.append(1)
    app.set_values(x=1)
    assert calls == [1]
    with pytest.raises(ValueError, match="unknown control"):
        app.set_values(y=1)


def test_figure_is_not_left_in_pyplot():
    """Does a simulation keep its figure out of pyplot (no stray inline copies)?"""
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    Square()
    assert plt.get_fignums() == before


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_the_chart_on_screen_carries_its_text_alternative():
    """Does the chart a learner sees reach a screen reader: an <img> whose alt
    is the chart's text alternative (made from the plotted data, and updated
    with the chart), with no Image widget given a tooltip (which stops
    JupyterLab drawing it)?"""
    import base64
    import html
    import re

    app = Square()
    app.controls["x"].value = 3
    (alt, png), *_ = re.findall(
        r'<img alt="([^"]+)" src="data:image/png;base64,([^"]+)"', app.image.value
    )
    assert html.unescape(alt) == app.chart_alt and "9" in app.chart_alt
    assert base64.b64decode(png) == app.image.png and app.image.png[:4] == b"\x89PNG"
    before = app.chart_alt
    app.controls["x"].value = 4
    assert app.chart_alt != before and html.escape(app.chart_alt) in app.image.value
    shown = list(_walk(app.widget))
    assert app.image in shown
    assert not [w for w in shown if isinstance(w, widgets.Image) and w.tooltip]
