"""Tests of the life-cycle fit chart (pmcourse.plots.lifecycle)."""

import pytest
from matplotlib.colors import to_hex

from pmcourse.lifecycle import APPROACHES, FACTORS, assess
from pmcourse.plots import COLORS, new_figure
from pmcourse.plots.lifecycle import fit_values, life_cycle_fit, refresh_life_cycle_fit

NAMES = [f.name for f in FACTORS]
APP = dict(zip(NAMES, (1, 5, 5, 1, 1, 4, 5), strict=True))
BRIDGE = dict(zip(NAMES, (5, 1, 1, 5, 5, 2, 2), strict=True))


def _bar(ax, approach):
    return next(p for p in ax.patches if p.get_gid() == f"fit:{approach}")


def test_bars_show_the_fits_and_pick_out_the_winner():
    """Is each bar as long as its fit, with only the winner orange and hatched?"""
    result = assess(APP)
    ax = life_cycle_fit(result)
    assert fit_values(ax) == pytest.approx(result.fit.to_dict())
    for approach in APPROACHES:
        bar = _bar(ax, approach)
        best = approach == "adaptive"
        assert to_hex(bar.get_facecolor()) == (
            COLORS["highlight"].lower() if best else COLORS["normal"].lower()
        )
        assert bool(bar.get_hatch()) is best
    assert ax.get_title(loc="left").startswith("Adaptive fits best")


def test_labels_state_each_fit():
    """Does each bar's label give its fit, and the winner's say so?"""
    ax = life_cycle_fit(assess(APP))
    labels = {t.get_gid(): t.get_text() for t in ax.texts}
    assert labels["fit_label:adaptive"] == "97  recommended"
    assert labels["fit_label:predictive"] == "1"


def test_refresh_moves_bars_and_highlight():
    """Does refreshing with another scenario move the bars and the highlight?"""
    ax = life_cycle_fit(assess(APP))
    refresh_life_cycle_fit(ax, assess(BRIDGE))
    assert fit_values(ax)["predictive"] == pytest.approx(50 + 50 * 9 / 9.5)
    assert _bar(ax, "predictive").get_hatch()
    assert not _bar(ax, "adaptive").get_hatch()


def test_refresh_refuses_a_foreign_axes():
    """Does refreshing an axes that is not a fit chart raise a ValueError?"""
    _, ax = new_figure(pyplot=False)
    with pytest.raises(ValueError, match="life_cycle_fit"):
        refresh_life_cycle_fit(ax, assess(APP))
