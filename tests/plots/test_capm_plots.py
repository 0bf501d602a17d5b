"""Tests for the CAPM result charts: item map and domain mastery heat map."""

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from pmcourse.plots.capm import item_map, mastery_heatmap
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
