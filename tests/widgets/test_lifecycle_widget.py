"""Tests of the life-cycle chooser (pmcourse.widgets.lifecycle)."""

import pytest

from pmcourse import datasets
from pmcourse.lifecycle import FACTORS, assess
from pmcourse.plots.lifecycle import fit_values
from pmcourse.widgets import LifeCycleChooser

NAMES = [f.name for f in FACTORS]


@pytest.fixture
def app():
    return LifeCycleChooser(datasets.load("lifecycle_scenarios"))


def test_starts_neutral_with_one_slider_per_factor(app):
    """Does the chooser start at 3 on every factor, every approach at 50?"""
    assert list(app.controls) == NAMES
    assert all(c.value == 3 for c in app.controls.values())
    assert set(fit_values(app.ax).values()) == {50.0}
    assert "close call" in app.summary.value


def test_sliders_drive_the_result_and_the_bars(app):
    """Do the sliders change the assessment, the bars and the text together?"""
    app.set_values(
        requirements_clarity=1,
        requirements_volatility=5,
        delivery_cadence=5,
        regulatory_constraints=1,
        cost_of_change=1,
        team_experience=4,
        stakeholder_availability=5,
    )
    expected = assess(app.values())
    assert app.result.recommended == "adaptive"
    assert fit_values(app.ax) == pytest.approx(expected.fit.to_dict())
    assert "Best fit: adaptive" in app.summary.value
    assert app.ax.get_title(loc="left").startswith("Adaptive fits best")


def test_one_slider_can_flip_the_recommendation(app):
    """Does adding heavy regulation and a high cost of change to a software
    scenario move the answer from adaptive to hybrid?"""
    app.set_values(**dict(zip(NAMES, (2, 4, 4, 1, 2, 3, 3), strict=True)))
    assert app.result.recommended == "adaptive"
    app.controls["regulatory_constraints"].value = 5
    app.controls["cost_of_change"].value = 5
    assert app.result.recommended == "hybrid"
    assert "mixed signals" in app.summary.value


def test_picking_a_scenario_sets_the_sliders(app):
    """Does choosing a ready-made scenario set every slider to its ratings?"""
    app.load("Highway bridge replacement")
    table = datasets.load("lifecycle_scenarios").set_index("scenario")
    row = table.loc["Highway bridge replacement", NAMES]
    assert app.values() == {k: int(v) for k, v in row.items()}
    assert app.result.recommended == "predictive"
    # moving a slider afterwards makes it "your own scenario" again
    app.controls["requirements_volatility"].value = 5
    assert app.preset.value == "(your own scenario)"


def test_bad_start_and_unknown_scenario_are_refused():
    """Are an unknown starting scenario and an unknown load() name refused?"""
    with pytest.raises(ValueError, match="not one of the scenarios"):
        LifeCycleChooser(datasets.load("lifecycle_scenarios"), start="Moon base")
    with pytest.raises(ValueError, match="no scenario"):
        LifeCycleChooser().load("Moon base")


def test_start_from_a_mapping():
    """Can the chooser start from a mapping of ratings?"""
    start = dict(zip(NAMES, (5, 1, 1, 5, 5, 2, 2), strict=True))
    app = LifeCycleChooser(start=start)
    assert app.values() == start and app.result.recommended == "predictive"
