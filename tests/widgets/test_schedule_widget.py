"""Tests of the critical path explorer (pmcourse.widgets.schedule)."""

import ipywidgets as widgets
import pytest

from pmcourse import datasets
from pmcourse.plots import bar_spans
from pmcourse.plots.style import COLORS
from pmcourse.widgets import CriticalPathExplorer

# The product launch plan worked by hand (zero-based days):
#   product track  A 0-3, C 3-9, D 9-24, E (SS+5 and FF+3 on D) 15-27,
#                  K 27-28, L (FS+5) 33-35   -> finish 35, critical A C D E K L
#   marketing      B 3-11, F 11-16, G 16-26, H (SS+3 on G) 19-26 -> 1 day of float
# Interviews (B) taking 12 days instead of 8 push the marketing track by 4 days:
#   B 3-15, F 15-20, G 20-30, H 23-30, K 30-31, L 36-38 -> finish 38,
#   critical A B F G H K L.
PLAN_PATH = list("ACDEKL")
SLIPPED_PATH = list("ABFGHKL")


@pytest.fixture
def app():
    return CriticalPathExplorer(datasets.load("product_launch"), deadline=37)


def test_starts_on_the_plan(app):
    """Does the explorer start with the planned finish and critical path?"""
    assert app.finish == 35
    assert app.critical_path == PLAN_PATH
    assert set(app.controls) == set("ABCDEFGHIJKL")
    assert app.controls["D"].value == 15


def test_a_slider_moves_the_result_and_the_bars(app):
    """Does moving one slider change the finish, the critical path and the bars?"""
    before = bar_spans(app.ax)
    app.controls["B"].value = 12
    assert app.finish == 38
    assert app.critical_path == SLIPPED_PATH
    after = bar_spans(app.ax)
    assert after.loc["B", "width"] == 12 and before.loc["B", "width"] == 8
    assert (after.loc["K", "start"], before.loc["K", "start"]) == (30, 27)
    assert after.loc["G", "hatched"] and not before.loc["G", "hatched"]
    assert not after.loc["D", "hatched"]
    # D was critical and is now 3 days from it: its float outline says so
    assert bar_spans(app.ax, "float").loc["D", "width"] == 3


def test_summary_and_title_follow_the_result(app):
    """Do the summary text and chart title state the new finish and deadline gap?"""
    app.controls["B"].value = 12
    assert "Finish: day 38" in app.summary.value
    assert "3 days later than planned" in app.summary.value
    assert "missed by 1 day<" in app.summary.value
    assert "A → B → F → G → H → K → L" in app.summary.value
    assert app.ax.get_title(loc="left").endswith("misses the deadline by 1 day")


def test_result_is_the_cpm_table(app):
    """Is result the cpm DataFrame, with the slider's duration applied?"""
    app.controls["D"].value = 20
    assert list(app.result.columns[:6]) == [
        "es", "ef", "ls", "lf", "total_float", "free_float",
    ]  # fmt: skip
    assert app.result.loc["D", "ef"] - app.result.loc["D", "es"] == 20
    # E finishes 3 days after D (FF+3): 9 + 20 + 3 = 32
    assert app.result.loc["E", "ef"] == 32


def test_the_chart_image_is_refreshed(app):
    """Is a new PNG put in the image widget on every change?"""
    first = app.image.png
    app.controls["A"].value = 5
    assert app.image.png != first
    assert app.image.png[:4] == b"\x89PNG"


def test_critical_sliders_are_marked(app):
    """Do the sliders of critical activities get the critical colour?"""
    assert app.controls["D"].style.handle_color == COLORS["critical"]
    assert app.controls["B"].style.handle_color is None
    app.controls["B"].value = 12
    assert app.controls["B"].style.handle_color == COLORS["critical"]


def test_reset_returns_to_the_plan(app):
    """Does 'back to the plan' restore every duration and the plan's result?"""
    app.set_values(B=12, D=3, L=9)
    app.reset_button.click()
    planned = datasets.load("product_launch").set_index("id")["duration"]
    assert app.values() == planned.to_dict()
    assert app.finish == 35 and app.critical_path == PLAN_PATH


def test_fractional_durations_get_float_sliders():
    """Do fractional durations get FloatSliders, whole ones IntSliders?"""
    plan = [
        {"id": "A", "duration": 1.5, "predecessors": ""},
        {"id": "B", "duration": 2, "predecessors": "A"},
    ]
    app = CriticalPathExplorer(plan)
    assert isinstance(app.controls["A"], widgets.FloatSlider)
    app.controls["A"].value = 3.5
    assert app.finish == 5.5
    whole = CriticalPathExplorer([dict(p, duration=2) for p in plan])
    assert isinstance(whole.controls["A"], widgets.IntSlider)


def test_a_bad_table_fails_at_construction():
    """Is an invalid task table rejected with cpm's clear message?"""
    with pytest.raises(ValueError, match="cycle: A -> B -> A"):
        CriticalPathExplorer(
            [
                {"id": "A", "duration": 1, "predecessors": "B"},
                {"id": "B", "duration": 1, "predecessors": "A"},
            ]
        )


def test_it_displays_as_a_widget(app):
    """Does the explorer display as a widget view in a notebook?"""
    bundle = app._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert app.image in app.widget.children


def _pixels(png):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_fast_render_matches_a_full_redraw(app):
    """Does the cached-background chart look the same as a full redraw?"""
    import io

    from pmcourse.plots.style import course_style

    for name, value in [("D", 18), ("B", 12), ("G", 6), ("B", 8)]:
        app.controls[name].value = value
    fast = _pixels(app.image.png)
    buffer = io.BytesIO()
    with course_style():
        app.figure.savefig(buffer, format="png", dpi=app.dpi)
    full = _pixels(buffer.getvalue())
    assert fast.shape == full.shape
    differ = (abs(fast - full).max(axis=2) > 40).mean()
    assert differ < 0.002, f"{differ:.2%} of pixels differ"


def _path_labels(ax):
    return {
        t.get_gid()[len("float_label:") :]: t.get_text()
        for t in ax.texts
        if (t.get_gid() or "").startswith("float_label:") and t.get_text()
    }


def test_two_critical_paths_are_listed_as_paths(app):
    """With D = 10, are both chains listed on their own lines, with no B -> C link?"""
    app.controls["D"].value = 10
    assert app.critical_paths == [list("ABFGHKL"), list("ACDEKL")]
    summary = app.summary.value
    assert "2 critical paths" in summary
    assert "<li>path 1: A → B → F → G → H → K → L</li>" in summary
    assert "<li>path 2: A → C → D → E → K → L</li>" in summary
    assert "B → C" not in summary
    # the Gantt numbers each critical bar with its paths; all are hatched
    labels = _path_labels(app.ax)
    assert labels["A"] == "paths 1, 2" and labels["K"] == "paths 1, 2"
    assert labels["B"] == "path 1" and labels["D"] == "path 2"
    spans = bar_spans(app.ax)
    assert spans.loc[list("ABCDEFGHKL"), "hatched"].all()
    assert not spans.loc[["I", "J"], "hatched"].any()


def test_three_critical_paths_and_back_to_one(app):
    """D = 10 and I = 9 give three paths; the plan again gives one, no numbers."""
    app.set_values(D=10, I=9)
    assert len(app.critical_paths) == 3
    assert list("ACIJKL") in app.critical_paths
    assert "3 critical paths" in app.summary.value
    assert _path_labels(app.ax)["J"] == "path 3"
    assert _path_labels(app.ax)["K"] == "paths 1, 2, 3"
    app.reset()
    assert app.critical_paths == [PLAN_PATH]
    assert "<b>Critical path:</b> A → C → D → E → K → L" in app.summary.value
    assert "path" not in " ".join(_path_labels(app.ax).values())


def test_slider_labels_are_whole(app):
    """Does every slider carry its task's full name (no cut-off labels)?"""
    names = datasets.load("product_launch").set_index("id")["name"]
    for tid, control in app.controls.items():
        assert control.description == f"{tid} {names[tid]}"
