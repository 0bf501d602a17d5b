"""Tests of the business analysis charts (pmcourse.plots.analysis)."""

import pandas as pd
import pytest

from pmcourse.analysis import kano_classify, rank_backlog
from pmcourse.plots.analysis import (
    MOSCOW_STYLE,
    backlog_sequence,
    kano_chart,
    sequence_bars,
)
from pmcourse.plots.style import new_figure

ITEMS = pd.DataFrame(
    {
        "id": ["A", "B", "C"],
        "title": ["Alpha", "Beta", "Gamma"],
        "moscow": ["Must", "Could", "Won't"],
        "business_value": [8, 3, 1],
        "time_criticality": [5, 8, 1],
        "risk_reduction": [3, 1, 1],
        "job_size": [8, 2, 3],
    }
)  # WSJF: A 16/8 = 2, B 12/2 = 6, C 3/3 = 1 -> B, A, C


def test_bars_follow_the_ranking():
    """Does each bar run from the job size done before it to its finish?"""
    bars = sequence_bars(backlog_sequence(rank_backlog(ITEMS)))
    assert bars.index.tolist() == ["B", "A", "C"]
    assert bars["start"].tolist() == [0, 2, 10]
    assert bars["width"].tolist() == [2, 8, 3]


def test_colour_and_hatch_show_the_category():
    """Is a Must bar vermillion and hatched, a Could bar another colour?"""
    bars = sequence_bars(backlog_sequence(rank_backlog(ITEMS)))
    assert bars.loc["A", "color"] == MOSCOW_STYLE["Must"][0].upper()
    assert bars.loc["A", "hatched"]
    assert bars.loc["B", "color"] == MOSCOW_STYLE["Could"][0].upper()
    assert bars.loc["C", "color"] != bars.loc["A", "color"]


def test_capacity_line_and_faded_items():
    """Is the capacity drawn at 9 and everything finishing after it faded?"""
    ax = backlog_sequence(rank_backlog(ITEMS), capacity=9)
    line = next(line for line in ax.lines if line.get_gid() == "capacity")
    assert line.get_visible() and list(line.get_xdata()) == [9, 9]
    assert sequence_bars(ax)["in_release"].tolist() == [True, False, False]
    assert ax.get_title(loc="left") == "1 of 3 items fit in a release of 9 points"


def test_labels_give_titles_scores_and_moves():
    """Do the labels give id and title, WSJF and the move against another order?"""
    ax = backlog_sequence(rank_backlog(ITEMS), compare={"A": 1, "B": 2, "C": 3})
    texts = [t.get_text() for t in ax.texts]
    assert "B  Beta" in texts and "6.0  ↑1" in texts
    assert "2.0  ↓1" in texts and "1.0  =" in texts
    only_ids = backlog_sequence(rank_backlog(ITEMS), titles=False)
    assert "B" in [t.get_text() for t in only_ids.texts]


def test_redrawing_the_same_backlog_moves_the_artists_in_place():
    """Does a second call on the same axes reuse its bars, and a longer backlog
    get a fresh chart?"""
    _, ax = new_figure(pyplot=False)
    backlog_sequence(rank_backlog(ITEMS), ax=ax)
    first = list(ax.patches)
    backlog_sequence(rank_backlog(ITEMS, "moscow"), ax=ax)
    assert list(ax.patches) == first
    assert sequence_bars(ax).index.tolist() == ["A", "B", "C"]
    more = pd.concat([ITEMS, ITEMS.assign(id=["D", "E", "F"])])
    backlog_sequence(rank_backlog(more), ax=ax)
    assert len(ax.patches) == 6


def test_bad_input_is_explained():
    """Are an unranked table and a negative capacity rejected with a reason?"""
    with pytest.raises(ValueError, match="rank_backlog"):
        backlog_sequence(ITEMS)
    with pytest.raises(ValueError, match="capacity"):
        backlog_sequence(rank_backlog(ITEMS), capacity=-1)
    _, ax = new_figure(pyplot=False)
    with pytest.raises(ValueError, match="backlog_sequence"):
        sequence_bars(ax)


def test_kano_points_sit_at_worse_and_better():
    """Is each feature plotted at (|worse|, better) with its category's marker?"""
    survey = pd.DataFrame(
        {
            "feature": ["maps"] * 4 + ["alerts"] * 2,
            # maps: O, M, M, I -> must-be, better 1/4, worse -3/4
            # alerts: A, A -> attractive, better 1, worse 0
            "functional": ["like", "neutral", "expect", "neutral", "like", "like"],
            "dysfunctional": ["dislike", "dislike", "dislike", "neutral"]
            + ["neutral", "expect"],
        }
    )
    ax = kano_chart(kano_classify(survey))
    points = {line.get_gid(): line for line in ax.lines if line.get_gid()}
    assert points["kano:maps"].get_xydata().tolist() == [[0.75, 0.25]]
    assert points["kano:alerts"].get_xydata().tolist() == [[0.0, 1.0]]
    assert points["kano:maps"].get_marker() == "s"
    assert points["kano:alerts"].get_marker() == "^"


def test_kano_chart_needs_a_classified_table():
    """Does a raw survey (not classified) raise a ValueError saying what to do?"""
    with pytest.raises(ValueError, match="kano_classify"):
        kano_chart(pd.DataFrame({"feature": ["x"]}))
