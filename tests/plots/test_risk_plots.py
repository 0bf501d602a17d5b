"""Tests of the risk charts (pmcourse.plots.risk)."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from pmcourse.montecarlo import simulate_schedule
from pmcourse.plots.risk import (
    criticality_bars,
    finish_histogram,
    heat_map,
    histogram_counts,
    refresh_criticality_bars,
    refresh_finish_histogram,
    tornado,
)
from pmcourse.plots.style import COLORS, new_figure
from pmcourse.risk import score_register

REGISTER = [
    # p 0.45 -> rating 3, impact 22,000 -> rating 4: 12 / 25 = 0.48, high
    {"id": "R1", "description": "a", "probability": 0.45, "impact": 22_000},
    # p 0.05 -> 1, impact 3,000 -> 1: 1 / 25 = 0.04, low
    {"id": "R2", "description": "b", "probability": 0.05, "impact": 3_000},
    # p 0.3 -> 2, impact 9,000 -> 2: 4 / 25 = 0.16, medium
    {"id": "O1", "description": "c", "probability": 0.3, "impact": 9_000,
     "kind": "opportunity"},
    {"id": "R3", "description": "d", "probability": 0.25, "impact": 8_000},
]  # fmt: skip
SCALES = ((0.1, 0.3, 0.5, 0.7, 1.0), (5_000, 10_000, 20_000, 40_000, 80_000))
PLAN = [
    {"id": "A", "optimistic": 2, "most_likely": 4, "pessimistic": 9,
     "predecessors": ""},
    {"id": "B", "optimistic": 3, "most_likely": 4, "pessimistic": 6,
     "predecessors": ""},
    {"id": "C", "optimistic": 1, "most_likely": 1, "pessimistic": 1,
     "predecessors": "A, B"},
]  # fmt: skip


def test_heat_map_puts_each_risk_in_its_cell():
    """Are the ids written in their (probability, impact) cells, coloured by
    band, opportunities in italics?"""
    ax = heat_map(score_register(REGISTER, *SCALES))
    texts = {t.get_gid(): t for t in ax.texts if t.get_text()}
    assert {g: t.get_text() for g, t in texts.items()} == {
        "risks:3,4": "R1",
        "risks:1,1": "R2",
        "risks:2,2": "+O1\nR3",  # an opportunity has a "+" before its id
    }
    assert texts["risks:3,4"].get_fontstyle() == "normal"
    cells = {p.get_gid(): p for p in ax.patches}
    assert len(cells) == 25
    assert cells["cell:3,4"].get_hatch() == "//"  # high
    assert cells["cell:1,1"].get_hatch() in ("", None)  # low
    assert "1 of 4 risks" in ax.get_title(loc="left")


def test_heat_map_needs_ratings():
    """Is a register scored without scales refused with the fix named?"""
    with pytest.raises(ValueError, match="score_register\\(register, probability"):
        heat_map(score_register(REGISTER))


def test_histogram_counts_by_hand():
    """Do four runs split into on-time and late shares as counted by hand?"""
    on_time, late = histogram_counts([1, 2, 2, 3], [0, 1.5, 2.5, 3.5], deadline=2.5)
    assert on_time.tolist() == [0.25, 0.5, 0]
    assert late.tolist() == [0, 0, 0.25]
    everything, none = histogram_counts([1, 2, 2, 3], [0, 1.5, 2.5, 3.5])
    assert everything.sum() == 1 and none.sum() == 0


def test_finish_histogram_marks_deadline_and_percentiles():
    """Do the bars hold every run and the lines sit at the deadline, P50, P80
    and plan?"""
    sim = simulate_schedule(PLAN, 4_000, rng=3)
    ax = finish_histogram(sim, deadline=6, plan_finish=5)
    steps = {p.get_gid(): p.get_data().values for p in ax.patches}
    assert steps["on_time"].sum() + steps["late"].sum() == pytest.approx(1.0)
    lines = {line.get_gid(): line.get_xdata()[0] for line in ax.lines}
    assert lines["deadline"] == 6 and lines["plan"] == 5
    assert lines["p80"] == pytest.approx(np.percentile(sim.finish, 80))
    assert lines["p50"] == pytest.approx(np.percentile(sim.finish, 50))
    share = np.mean(sim.finish <= 6)
    assert ax.get_title(loc="left").startswith(f"{share:.0%} chance")


def test_refresh_keeps_the_bins():
    """Does refreshing keep the bin edges and move the deadline?"""
    edges = np.arange(0, 20.5, 0.5)
    ax = finish_histogram(simulate_schedule(PLAN, 500, rng=1), edges=edges)
    refresh_finish_histogram(ax, simulate_schedule(PLAN, 800, rng=2), deadline=7)
    step = next(p for p in ax.patches if p.get_gid() == "late")
    assert np.array_equal(step.get_data().edges, edges)
    assert {line.get_gid(): line.get_visible() for line in ax.lines}["deadline"]
    _, other = new_figure(pyplot=False)
    with pytest.raises(ValueError, match="drawn by finish_histogram"):
        refresh_finish_histogram(other, simulate_schedule(PLAN, 10, rng=1))


def test_criticality_bars_mark_the_always_critical():
    """Are activities critical in 95 %+ of runs vermillion and hatched?"""
    crit = pd.Series({"A": 1.0, "B": 0.3, "C": 0.96})
    ax = criticality_bars(crit)
    bars = {p.get_gid(): p for p in ax.patches}
    assert bars["crit:B"].get_width() == 0.3
    assert to_hex(bars["crit:A"].get_facecolor()) == COLORS["critical"].lower()
    assert bars["crit:C"].get_hatch() and not bars["crit:B"].get_hatch()
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["crit_label:B"] == "30%"
    refresh_criticality_bars(ax, pd.Series({"A": 0.5, "B": 1.0, "C": 0.0}))
    assert bars["crit:B"].get_hatch() and not bars["crit:A"].get_hatch()
    with pytest.raises(ValueError, match="same ids"):
        refresh_criticality_bars(ax, pd.Series({"Z": 1.0}))


def test_tornado_orders_by_strength():
    """Is the strongest driver on top, negative ones kept with their sign?"""
    ax = tornado(pd.Series({"A": 0.2, "B": -0.6, "C": 0.9}))
    widths = {p.get_gid(): p.get_width() for p in ax.patches}
    assert [p.get_gid() for p in ax.patches] == ["sens:C", "sens:B", "sens:A"]
    assert widths["sens:B"] == -0.6
    assert ax.get_title(loc="left") == "The finish date is most sensitive to C"
    named = tornado(pd.Series({"A": 0.2, "C": 0.9}), names={"C": "Build"})
    assert named.get_title(loc="left").endswith("sensitive to C, Build")
