"""Tests of the stakeholder charts (pmcourse.plots.stakeholders)."""

import itertools

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmcourse.plots.stakeholders import (
    channels_curve,
    channels_network,
    power_interest_grid,
)

ROWS = pd.DataFrame(
    {
        "stakeholder": ["sponsor", "auditor", "users", "facilities"],
        "power": [9, 8, 3, 2],
        "interest": [8, 2, 9, 2],
    }
)


def test_grid_places_points_at_interest_and_power():
    """Is each stakeholder drawn at (interest, power)?"""
    ax = power_interest_grid(ROWS)
    points = {
        line.get_gid()[len("stakeholder:") :]: (
            line.get_xdata()[0],
            line.get_ydata()[0],
        )
        for line in ax.lines
        if line.get_gid().startswith("stakeholder:")
    }
    assert points == {"sponsor": (8, 9), "auditor": (2, 8), "users": (9, 3),
                      "facilities": (2, 2)}  # fmt: skip


def test_grid_quadrants_meet_at_the_threshold():
    """Do the four quadrant patches meet at the threshold (5.5 on 1-10)?"""
    ax = power_interest_grid(ROWS)
    patches = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    close = patches["quadrant:manage closely"]
    assert close.get_x() == 5.5 and close.get_y() == 5.5
    monitor = patches["quadrant:monitor"]
    assert monitor.get_x() + monitor.get_width() == 5.5
    assert ax.get_title(loc="left") == "1 of 4 stakeholders to manage closely"


def test_grid_labels_do_not_overlap():
    """Are the labels of close points placed apart, each tied to its point?"""
    crowded = pd.DataFrame(
        {
            "stakeholder": [f"person {k}" for k in range(6)],
            "power": [2, 2, 2, 3, 3, 3],
            "interest": [7, 8, 9, 7, 8, 9],
        }
    )
    ax = power_interest_grid(crowded)
    ax.figure.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts if t.get_gid()]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)


def test_grid_label_sits_by_its_own_point():
    """Is a label kept clear of a neighbour's point when there is room elsewhere?"""
    pair = pd.DataFrame(
        {
            "stakeholder": ["Field technicians", "Customer service lead"],
            "power": [4, 4],
            "interest": [7, 9],
        }
    )
    ax = power_interest_grid(pair)
    ax.figure.canvas.draw()
    to_data = ax.transData.inverted()
    neighbour = {"Field technicians": (9, 4), "Customer service lead": (7, 4)}
    for text in ax.texts:
        name = str(text.get_gid()).removeprefix("label:")
        if name in neighbour:
            box = text.get_window_extent().transformed(to_data)
            grown = box.padded(0.3)  # "next to": within 0.3 rating points
            assert not grown.contains(*neighbour[name]), (
                f"the label of {name} sits by the other point {neighbour[name]}"
            )


def test_grid_rejects_unknown_highlight():
    """Is an unknown highlighted stakeholder refused by name?"""
    with pytest.raises(ValueError, match="'ceo'"):
        power_interest_grid(ROWS, highlight="ceo")


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 12), st.integers(0, 6))
def test_network_has_one_segment_per_pair(n, new):
    """Does the network draw one segment for every pair of people?"""
    ax = channels_network(n, new=new)
    segments = {c.get_gid(): len(c.get_segments()) for c in ax.collections}
    total = n + new
    pairs = total * (total - 1) // 2
    assert segments["channels:old"] + segments["channels:new"] == pairs
    assert segments["channels:old"] == n * (n - 1) // 2
    plt.close("all")  # hypothesis runs many examples in one test


def test_curve_marks_now_and_after():
    """Are 5 people (10 channels) and 10 people (45) marked on the curve?"""
    ax = channels_curve(5, new=5)
    lines = {line.get_gid(): line for line in ax.lines}
    assert list(lines["now"].get_ydata()) == [10]
    assert list(lines["after"].get_ydata()) == [45]
    assert ax.get_title(loc="left") == "100% more people, 35 more channels"
