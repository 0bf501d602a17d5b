"""A contrast audit of the course's colours (WCAG 2.1 AA, 1.4.3, 1.4.11, 1.4.1).

Text needs 4.5:1 against what is behind it, marks that carry meaning (lines,
bars, points) 3:1, and no meaning may rest on colour alone. The audit checks
the plot style's colours, then every artist actually drawn on every
simulation's chart (so a colour picked inside one plot function is caught
too), then the colours of the widgets' own HTML.

Left out, with their reason: grid lines and the power-interest grid's pale
quadrant backgrounds are decoration (WCAG 1.4.11 asks nothing of them; each
quadrant is named in text), and a white fill is the face itself.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from pmcourse import datasets, widgets
from pmcourse.plots import style
from pmcourse.plots.analysis import MOSCOW_STYLE

TEXT, GRAPHICS = 4.5, 3.0
WHITE = (1.0, 1.0, 1.0, 1.0)


def luminance(colour) -> float:
    """Relative luminance (WCAG 2.1) of a matplotlib colour."""
    rgb = np.array(to_rgba(colour)[:3])
    rgb = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(rgb @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_wcag_s_reference_values():
    """Does the audit's formula give 21:1 for black on white and 4.5:1 for
    WCAG's reference grey #767676?"""
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    "key",
    [
        "axes.labelcolor",
        "axes.titlecolor",
        "xtick.labelcolor",
        "ytick.labelcolor",
        "text.color",
    ],
)
def test_the_style_s_text_colours_reach_4_5_to_1(key):
    """Does every text colour of the course style reach 4.5:1 on the white face?"""
    assert contrast(style.RC[key], style.COLORS["face"]) >= TEXT


@pytest.mark.parametrize(
    "role",
    sorted(set(style.COLORS) - {"face", "grid"}),  # grid: decoration
)
def test_every_role_colour_reaches_3_to_1(role):
    """Does every colour that marks something (critical, deadline, highlight,
    secondary...) reach 3:1 on the white face?"""
    assert contrast(style.COLORS[role], style.COLORS["face"]) >= GRAPHICS


def test_the_colour_cycle_and_moscow_fills_reach_3_to_1():
    """Do the series colours and the MoSCoW fills reach 3:1 on the white face?"""
    colours = [*style.CYCLE, *(fill for fill, _ in MOSCOW_STYLE.values())]
    low = [c for c in colours if contrast(c, style.COLORS["face"]) < GRAPHICS]
    assert not low, f"below 3:1 on white: {low}"


def _simulations():
    return {
        "TimeSplit": widgets.TimeSplit,
        "LeadWeek": widgets.LeadWeek,
        "LifeCycleChooser": lambda: widgets.LifeCycleChooser(
            datasets.load("lifecycle_scenarios")
        ),
        "ReserveSizer": lambda: widgets.ReserveSizer(datasets.load("launch_budget")),
        "CertificationROI": widgets.CertificationROI,
        "CriticalPathExplorer": lambda: widgets.CriticalPathExplorer(
            datasets.load("product_launch"), deadline=38
        ),
        "StatusDashboard": lambda: widgets.StatusDashboard(
            datasets.load("evm_status_reports")
        ),
        "ScheduleRiskSimulator": lambda: widgets.ScheduleRiskSimulator(
            datasets.load("product_launch"), deadline=38
        ),
        "AgileVsWaterfall": widgets.AgileVsWaterfall,
        "KanbanBoard": widgets.KanbanBoard,
        "ChannelsGrowth": widgets.ChannelsGrowth,
        "PowerInterestGrid": lambda: widgets.PowerInterestGrid(
            datasets.load("stakeholder_register")
        ),
        "StakeholderEngagement": lambda: widgets.StakeholderEngagement(
            datasets.load("stakeholder_register")
        ),
        "BacklogPrioritiser": lambda: widgets.BacklogPrioritiser(
            datasets.load("fieldfix_backlog")
        ),
    }


def _artists(artist):
    yield artist
    for child in artist.get_children():
        yield from _artists(child)


def _decoration(artist, gridlines) -> bool:
    return artist in gridlines or str(artist.get_gid()).startswith("quadrant:")


def audit(figure) -> list[str]:
    """Return every drawn text below 4.5:1 and mark below 3:1, with its ratio."""
    gridlines = {
        line for ax in figure.axes for line in ax.get_xgridlines() + ax.get_ygridlines()
    }
    problems = []
    for artist in _artists(figure):
        if not artist.get_visible() or _decoration(artist, gridlines):
            continue
        if isinstance(artist, Text) and artist.get_text().strip():
            box = artist.get_bbox_patch()
            behind = box.get_facecolor() if box is not None else WHITE
            ratio = contrast(artist.get_color(), behind)
            if ratio < TEXT:
                problems.append(f"text {artist.get_text()[:30]!r}: {ratio:.2f}")
        elif isinstance(artist, Line2D) and artist.get_linewidth() > 0:
            if to_rgba(artist.get_color())[3] == 0:
                continue
            ratio = contrast(artist.get_color(), WHITE)
            if ratio < GRAPHICS:
                problems.append(f"line {artist.get_label()!r}: {ratio:.2f}")
        elif isinstance(artist, Patch):
            fill, edge = artist.get_facecolor(), artist.get_edgecolor()
            ratios = [0.0]
            if fill[3] > 0 and fill != WHITE:
                ratios.append(contrast(fill, WHITE))
            if edge[3] > 0 and artist.get_linewidth() > 0:
                ratios.append(contrast(edge, WHITE))
            if len(ratios) == 1:
                continue  # nothing drawn, or the white face itself
            if max(ratios) < GRAPHICS:
                problems.append(f"{type(artist).__name__}: {max(ratios):.2f}")
    return sorted(set(problems))


@pytest.fixture(scope="module")
def drawn():
    """Every simulation, built once with its starting settings."""
    return {name: make() for name, make in _simulations().items()}


def test_every_simulation_chart_passes_the_contrast_audit(drawn):
    """On every simulation's chart, does every drawn text reach 4.5:1 and
    every line, bar and point reach 3:1 (by its fill or its outline)?"""
    failing = {name: audit(app.figure) for name, app in drawn.items()}
    failing = {name: found for name, found in failing.items() if found}
    assert not failing, failing


def test_the_audit_catches_a_pale_mark():
    """Does the audit report a line in Okabe-Ito's original orange (2.3:1)?"""
    fig, ax = style.new_figure(pyplot=False)
    ax.plot([0, 1], [0, 1], color=style.OKABE_ITO["orange"], label="pale")
    assert any("pale" in p for p in audit(fig))


def test_the_critical_path_is_marked_by_hatch_as_well_as_colour(drawn):
    """In the explorer's Gantt chart, is every critical bar hatched (and only
    those), with the legend showing the same hatch?"""
    app = drawn["CriticalPathExplorer"]
    bars = [p for p in app.ax.patches if str(p.get_gid()).startswith("task:")]
    assert len(bars) == len(app.result)
    critical = set(app.result.index[app.result["critical"]].astype(str))
    assert critical
    for bar in bars:
        task = str(bar.get_gid()).split(":", 1)[1]
        assert bool(bar.get_hatch()) == (task in critical), task
    legend = app.ax.get_legend()
    assert any(h.get_hatch() for h in legend.legend_handles if isinstance(h, Patch))


def test_moscow_categories_differ_in_more_than_colour():
    """Are the MoSCoW categories told apart by hatch or lightness, not hue
    alone (each pair differs in hatch or by 1.5:1 in lightness)?"""
    styles = list(MOSCOW_STYLE.items())
    for i, (a, (fill_a, hatch_a)) in enumerate(styles):
        for b, (fill_b, hatch_b) in styles[i + 1 :]:
            assert hatch_a != hatch_b or contrast(fill_a, fill_b) >= 1.5, (a, b)


def _hex_colours(markup: str) -> list[str]:
    return re.findall(r"#[0-9A-Fa-f]{6}\b", markup)


def test_widget_html_colours_pass():
    """In the widgets' own HTML (an error message, quiz feedback, the practice
    exam's review strip), do borders reach 3:1 on white, does text set on a
    coloured background say its own colour with 4.5:1, and is an answered or
    flagged question shown by a mark as well as its colour?"""
    from pmcourse.widgets._capm_views import review_html  # the exam's own view

    app = widgets.TimeSplit()
    app._show_error("a test message")
    quiz = widgets.SelfCheck("Which?", ["a", "b"], answer=0, explanation="Because.")
    quiz.choose(1)
    wrong = quiz.feedback.value
    quiz.choose(0)
    right = quiz.feedback.value
    for markup in (app.message.value, wrong, right):
        borders = re.findall(r"border-left:\s*\d+px solid (#[0-9A-Fa-f]{6})", markup)
        assert borders, markup
        assert all(contrast(c, "#FFFFFF") >= GRAPHICS for c in borders), markup
    strip = review_html(["A", None, "B"], flags={3}, current=2, answered=2)
    cells = re.findall(r"<span[^>]*>.*?</span>", strip)
    assert len(cells) == 3
    for cell in cells:
        background = re.search(r"background:\s*(#[0-9A-Fa-f]{6})", cell).group(1)
        colour = re.search(r"[^-]color:\s*(#[0-9A-Fa-f]{6})", cell)
        assert colour, f"text colour not set on a coloured background: {cell}"
        assert contrast(colour.group(1), background) >= TEXT, cell
    answered, blank, flagged = cells
    assert "✓" in answered and "✓" not in blank and "⚑" in flagged
    assert _hex_colours(strip)
