"""Tests of the course plot style (pmcourse.plots.style)."""

import importlib

import matplotlib as mpl
import pytest
from matplotlib.colors import to_rgb

from pmcourse.plots import style
from pmcourse.plots.schedule import gantt


def _snapshot():
    return {k: v for k, v in mpl.rcParams.items() if k != "backend"}


def test_import_and_drawing_leave_global_settings_alone():
    """Do importing the style and drawing a chart leave rcParams unchanged?"""
    before = _snapshot()
    importlib.reload(style)
    gantt([{"id": "A", "duration": 2, "predecessors": ""}], deadline=3)
    with style.course_style():
        pass
    assert _snapshot() == before


def test_okabe_ito_palette():
    """Is the palette the eight published Okabe-Ito colours?"""
    assert set(style.OKABE_ITO.values()) == {
        "#000000", "#E69F00", "#56B4E9", "#009E73",
        "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    }  # fmt: skip
    assert style.COLORS["critical"] == style.OKABE_ITO["vermillion"]


def _luminance(colour):
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("role", ["text", "critical", "normal", "finish", "muted"])
def test_contrast_on_the_white_face(role):
    """Does every text and mark colour reach WCAG contrast 3:1 on the white face?"""
    face, fg = _luminance(style.COLORS["face"]), _luminance(style.COLORS[role])
    assert (face + 0.05) / (fg + 0.05) >= 3.0


def test_new_figure_has_an_opaque_white_face():
    """Is a course figure opaque white, so it reads on a dark JupyterLab theme too?"""
    fig, ax = style.new_figure(pyplot=False)
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    assert ax.get_facecolor() == (1.0, 1.0, 1.0, 1.0)


def test_style_axes_sets_title_and_labels():
    """Does style_axes set a left bold title and the axis labels?"""
    _, ax = style.new_figure(pyplot=False)
    style.style_axes(ax, title="Costs rise", xlabel="Time (days)", ylabel="Cost ($)")
    assert ax.get_title(loc="left") == "Costs rise"
    assert ax.title.get_text() == ""
    assert ax._left_title.get_fontweight() == "bold"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Time (days)", "Cost ($)")
    assert not ax.spines["top"].get_visible()


def test_bad_arguments_are_rejected():
    """Are a bad grid choice and a non-positive size rejected with ValueError?"""
    _, ax = style.new_figure(pyplot=False)
    with pytest.raises(ValueError, match="grid"):
        style.style_axes(ax, grid="diagonal")
    with pytest.raises(ValueError, match="width and height"):
        style.new_figure(0, 3)


def test_backend_switching_on_interactive_mode_inside_the_style_is_kept():
    """If a notebook backend turns interactive mode on inside course_style, does it
    stay on (so later figures still show under their cells)?"""
    before = mpl.rcParams["interactive"]
    try:
        mpl.rcParams["interactive"] = False
        with style.course_style():
            mpl.rcParams["interactive"] = True  # what the inline backend does
        assert mpl.rcParams["interactive"] is True
    finally:
        mpl.rcParams["interactive"] = before
