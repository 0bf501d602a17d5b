"""Tests of the plot fixes of issue 18, on the data each chart draws."""

import matplotlib.pyplot as plt
import pytest

from pmcourse import agile, analysis, datasets, risk, stakeholders
from pmcourse.plots.agile import burn_chart
from pmcourse.plots.analysis import backlog_sequence, sequence_bars
from pmcourse.plots.montecarlo import finish_histogram
from pmcourse.plots.risk import heat_map
from pmcourse.plots.stakeholders import power_interest_grid, segments_cross


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _line(ax, gid):
    return next(line for line in ax.lines if line.get_gid() == gid)


def test_burndown_ideal_line_reaches_zero_at_the_planned_sprint():
    """Ten sprints of data, twelve planned: does the ideal line end at (12, 0)?"""
    history = datasets.load("sprint_history")
    payments = history[history["team"] == "Payments"].reset_index(drop=True)
    table = agile.burndown(payments["scope"], payments["completed"], planned_sprints=12)
    ax = burn_chart(table)
    ideal = _line(ax, "ideal")
    assert ideal.get_xdata()[-1] == pytest.approx(12)
    assert ideal.get_ydata()[-1] == pytest.approx(0)
    assert list(ax.get_xticks())[-1] == 12
    # a burnup's ideal line reaches the starting scope at sprint 12 as well
    up = burn_chart(agile.burnup(payments["scope"], payments["completed"], 12))
    assert _line(up, "ideal").get_xdata()[-1] == pytest.approx(12)
    assert _line(up, "ideal").get_ydata()[-1] == pytest.approx(payments["scope"][0])


def test_burndown_that_ran_its_plan_is_unchanged():
    """When the data covers the plan, is the ideal line the table's own?"""
    ax = burn_chart(agile.burndown(90, [30, 20, 25], planned_sprints=3))
    assert list(_line(ax, "ideal").get_xdata()) == [0, 1, 2, 3]


def test_finish_histogram_states_its_y_values():
    """Does the Monte Carlo histogram label its y axis with shares of the runs?"""
    sim = risk.simulate_schedule(datasets.load("product_launch"), 2_000, rng=1)
    ax = finish_histogram(sim, deadline=38, plan_finish=35)
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert len(labels) >= 3 and all(label.endswith("%") for label in labels)
    assert ax.spines["left"].get_visible()


def test_heat_map_marks_opportunities_with_a_plus():
    """Is every opportunity's id written with a '+', every threat's without?"""
    reg = datasets.load("risk_register")
    scored = risk.score_register(
        reg,
        probability_scale=(0.1, 0.3, 0.5, 0.7, 1.0),
        impact_scale=(5_000, 10_000, 20_000, 40_000, 80_000),
    )
    ax = heat_map(scored)
    written = "\n".join(t.get_text() for t in ax.texts)
    for rid, kind in zip(scored["id"], scored["kind"], strict=True):
        words = written.split()
        assert (f"+{rid}" in words) == (kind == "opportunity"), rid
    assert (scored["kind"] == "opportunity").any()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("opportunity" in t for t in legend)


def test_backlog_faded_bars_have_a_legend_entry_and_labels_clear_the_line():
    """Do the pale bars past the capacity match a key, and no score cross the line?"""
    backlog = datasets.load("fieldfix_backlog")
    ranked = analysis.rank_backlog(backlog, "moscow", capacity=40)
    ax = backlog_sequence(ranked, capacity=40)
    bars = sequence_bars(ax)
    assert (~bars["in_release"]).any()
    legend = dict(zip(
        [t.get_text() for t in ax.get_legend().get_texts()],
        ax.get_legend().legend_handles,
        strict=True,
    ))  # fmt: skip
    faded = legend["past the capacity"]
    assert faded.get_alpha() == pytest.approx(0.35)
    for patch in ax.patches[: len(bars)]:
        if patch.get_alpha() < 1:
            assert patch.get_linestyle() == "--"
    # every score label starts after the capacity line or ends before it
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    line_x = ax.transData.transform((40, 0))[0]
    scores = ax.texts[1 : 2 * len(bars) : 2]
    for text in scores:
        if text.get_text():
            box = text.get_window_extent(renderer)
            assert not box.x0 - 1 < line_x < box.x1 + 1, text.get_text()


def test_power_interest_leaders_do_not_cross():
    """Are the leader lines of the lesson 07 grid free of crossings?"""
    grid = stakeholders.classify_power_interest(datasets.load("stakeholder_register"))
    ax = power_interest_grid(grid, highlight="Tom Baptiste")
    leaders = [
        (*line.get_xydata()[0], *line.get_xydata()[1])
        for line in ax.lines
        if str(line.get_gid()).startswith("leader:")
    ]
    assert len(leaders) == len(grid)
    crossings = [
        (a, b)
        for k, a in enumerate(leaders)
        for b in leaders[k + 1 :]
        if segments_cross(a, b)
    ]
    assert not crossings
