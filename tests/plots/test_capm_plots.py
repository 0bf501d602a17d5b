"""Tests for the CAPM result charts: item map and domain mastery heat map."""

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from pmcourse.plots.capm import (
    domain_scores,
    item_map,
    mastery_heatmap,
    refresh_domain_scores,
)
from pmcourse.plots.style import COLORS, HATCH_CRITICAL


@pytest.fixture
def analysis():
    return pd.DataFrame(
        {
            "difficulty": [0.8, 0.4, 0.98, 0.6],
            "discrimination": [0.45, 0.05, np.nan, 0.3],
            "flag": [False, True, True, False],
        },
        index=pd.Index(["Q1", "Q2", "Q3", "Q4"], name="item"),
    )


def test_item_map_draws_each_item_and_marks_flagged(analysis):
    """Is every item a point, flagged ones red crosses with their ids?"""
    ax = item_map(analysis)
    ok, flagged = ax.collections[:2]
    assert ok.get_offsets().shape == (2, 2) and flagged.get_offsets().shape == (2, 2)
    np.testing.assert_allclose(flagged.get_offsets()[:, 0], [0.4, 0.98])
    assert mcolors.same_color(flagged.get_facecolor()[0], COLORS["critical"])
    assert {t.get_text() for t in ax.texts} == {"Q2", "Q3"}
    assert ax.get_title(loc="left") == "2 of 4 items need review"
    assert "Discrimination" in ax.get_ylabel()


def test_item_map_without_flags_uses_the_thresholds(analysis):
    """Without a flag column, are items below the thresholds marked?"""
    ax = item_map(analysis.drop(columns="flag"), min_discrimination=0.35)
    assert ax.collections[1].get_offsets().shape[0] == 3
    with pytest.raises(ValueError, match="difficulty"):
        item_map(analysis.drop(columns="difficulty"))


def test_mastery_heatmap_values_hatches_and_title():
    """Does the heat map show the table, hatch weak cells and name the weakest?"""
    mastery = pd.DataFrame(
        {1: [0.9, 0.5, 0.8], 3: [0.4, 0.65, 0.3]}, index=["ann", "bo", "cy"]
    )
    ax = mastery_heatmap(mastery, threshold=0.7)
    np.testing.assert_allclose(ax.images[0].get_array(), mastery.to_numpy())
    hatched = [p for p in ax.patches if p.get_hatch() == HATCH_CRITICAL]
    assert len(hatched) == 4  # 0.5, 0.4, 0.65, 0.3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Fundamentals", "Agile"]
    assert ax.get_title(loc="left") == "Weakest domain: Agile (class mean 45%)"
    assert len(ax.texts) == 6


def test_mastery_heatmap_rejects_empty():
    """Does the heat map refuse an empty table?"""
    with pytest.raises(ValueError, match="empty"):
        mastery_heatmap(pd.DataFrame())


def _scores_table():
    # 7 of 10 in fundamentals, 1 of 4 in agile, 3 of 3 in business analysis
    return pd.DataFrame(
        {"questions": [10, 4, 3], "correct": [7, 1, 3], "score": [0.7, 0.25, 1.0]},
        index=pd.Index([1, 3, 4], name="domain"),
    )


def _bars(ax):
    return {
        p.get_gid(): p for p in ax.patches if (p.get_gid() or "").startswith("score:")
    }


def test_domain_scores_bars_line_and_title():
    """Is each domain a bar of its percentage, hatched below the line, with the
    practice line and a title giving the overall score (11 of 17 = 65 %)?"""
    ax = domain_scores(_scores_table(), pass_mark=0.7)
    bars = _bars(ax)
    assert {k: b.get_width() for k, b in bars.items()} == pytest.approx(
        {"score:1": 70, "score:3": 25, "score:4": 100}
    )
    assert bars["score:3"].get_hatch() == HATCH_CRITICAL
    assert not bars["score:1"].get_hatch()  # exactly on the line counts as reached
    assert mcolors.same_color(bars["score:3"].get_facecolor(), COLORS["critical"])
    line = next(ln for ln in ax.lines if ln.get_gid() == "practice_line")
    assert line.get_xdata()[0] == 70 and line.get_linestyle() == "--"
    assert (
        ax.get_title(loc="left") == "Practice score 65%: below your 70% line in Agile"
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Fundamentals",
        "Agile",
        "Business analysis",
    ]
    assert "not PMI's" in ax.get_xlabel()
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["score_label:3"] == "1/4 (25%)"


def test_refresh_domain_scores_moves_the_line_and_redraws_other_domains():
    """Does refreshing move the line and recolour bars, and does a table with
    other domains redraw the chart?"""
    ax = domain_scores(_scores_table(), pass_mark=0.7)
    bars = _bars(ax)
    refresh_domain_scores(ax, _scores_table(), pass_mark=0.8)
    assert _bars(ax) == bars  # the same artists, moved
    assert bars["score:1"].get_hatch() == HATCH_CRITICAL
    assert "2 domains below your 80% line" in ax.get_title(loc="left")
    other = pd.DataFrame(
        {"questions": [2], "correct": [2], "score": [1.0]}, index=pd.Index([2])
    )
    refresh_domain_scores(ax, other, pass_mark=0.5)
    assert list(_bars(ax)) == ["score:2"]
    assert "every domain at or above" in ax.get_title(loc="left")


def test_domain_scores_rejects_bad_input():
    """Are an empty table, a missing column and a percentage pass mark refused?"""
    with pytest.raises(ValueError, match="empty"):
        domain_scores(_scores_table().iloc[:0])
    with pytest.raises(ValueError, match="'score'"):
        domain_scores(_scores_table().drop(columns="score"))
    with pytest.raises(ValueError, match="proportion"):
        domain_scores(_scores_table(), pass_mark=70)
