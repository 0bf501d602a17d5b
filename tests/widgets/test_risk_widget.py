"""Tests of the Monte Carlo schedule risk simulator (pmcourse.widgets.risk)."""

import numpy as np
import pytest

from pmcourse import datasets
from pmcourse.widgets.risk import ScheduleRiskSimulator

# The launch plan on its most likely durations finishes on day 35 with the
# critical path A C D E K L (worked by hand in tests/datasets/test_datasets.py).
PLAN_FINISH = 35
CRITICAL = set("ACDEKL")


@pytest.fixture(scope="module")
def plan():
    return datasets.load("product_launch")


@pytest.fixture
def app(plan):
    return ScheduleRiskSimulator(plan, deadline=38)


def _steps(app):
    return {
        p.get_gid(): p for p in app.ax.patches if p.get_gid() in ("on_time", "late")
    }


def _lines(app):
    return {line.get_gid(): line for line in app.ax.lines}


def test_defaults(app):
    """Does it start with the team's ranges, no correlation, 5,000 PERT runs and
    the deadline given?"""
    assert app.values() == {
        "width": 1.0,
        "correlation": 0.0,
        "iterations": 5_000,
        "deadline": 38,
        "distribution": "pert",
    }
    assert app.plan_finish == PLAN_FINISH
    assert app.result.sim.finish.shape == (5_000,)
    assert app.result.deadline == 38


def test_no_uncertainty_gives_the_cpm_answer(app):
    """With the ranges shrunk to nothing, is every run the plan: day 35, the CPM
    critical path always critical and the rest never?"""
    app.controls["width"].value = 0
    assert np.all(app.result.sim.finish == PLAN_FINISH)
    assert app.result.summary["probability"] == 1.0
    crit = app.result.criticality
    assert set(crit[crit == 1].index) == CRITICAL
    assert (crit[crit < 1] == 0).all()


def test_merge_bias_pushes_the_mean_past_the_plan(app):
    """Is the mean simulated finish later than the plan's day 35 (skewed
    estimates and merging paths), and the P80 later still?"""
    s = app.result.summary
    assert s["mean"] > PLAN_FINISH + 1
    assert s["p80"] > s["p50"] > PLAN_FINISH


def test_the_deadline_moves_the_probability_and_the_chart(app):
    """Is the probability the share of runs by the deadline, and do the late
    bars start at the deadline?"""
    app.controls["deadline"].value = 41
    finish = app.result.sim.finish
    assert app.result.summary["probability"] == pytest.approx(np.mean(finish <= 41))
    steps = _steps(app)
    edges = steps["late"].get_data().edges
    late = steps["late"].get_data().values
    on_time = steps["on_time"].get_data().values
    assert (late[edges[:-1] < 41] == 0).all() and (on_time[edges[:-1] >= 41] == 0).all()
    assert on_time.sum() + late.sum() == pytest.approx(1.0)
    assert _lines(app)["deadline"].get_xdata()[0] == 41
    assert f"{np.mean(finish <= 41):.0%} chance" in app.ax.get_title(loc="left")


def test_p80_line_and_summary_agree(app):
    """Is the P80 line at the 80th percentile of the simulated finishes?"""
    p80 = np.percentile(app.result.sim.finish, 80)
    assert _lines(app)["p80"].get_xdata()[0] == pytest.approx(p80)
    assert f"P80: day {p80:.1f}" in app.summary.value


def test_correlation_widens_the_spread(app):
    """Do correlated durations spread the finish dates wider?"""
    independent = app.result.summary["std"]
    app.controls["correlation"].value = 0.8
    assert app.result.summary["std"] > 1.3 * independent


def test_iterations_and_distribution_are_used(app):
    """Do the iterations and the distribution reach the simulation?"""
    app.controls["iterations"].value = 1_000
    assert app.result.sim.finish.shape == (1_000,)
    app.controls["distribution"].value = "uniform"
    # uniform draws spread wider than PERT on the same ranges
    assert app.result.summary["std"] > 0
    pert = ScheduleRiskSimulator(app.tasks, deadline=38)
    pert.controls["iterations"].value = 1_000
    assert app.result.summary["std"] > pert.result.summary["std"]


def test_same_settings_same_picture(plan, app):
    """Does the fixed seed give the same result for the same settings?"""
    other = ScheduleRiskSimulator(plan, deadline=38)
    assert np.array_equal(app.result.sim.finish, other.result.sim.finish)


def test_criticality_bars_show_the_index(app):
    """Are the bars' widths the criticality indexes?"""
    app.controls["width"].value = 1.5
    widths = {
        p.get_gid()[5:]: p.get_width()
        for p in app.ax_crit.patches
        if (p.get_gid() or "").startswith("crit:")
    }
    assert widths == pytest.approx(app.result.criticality.to_dict())


def _pixels(png):
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def test_fast_render_matches_a_full_redraw(app):
    """Does the cached-background chart look the same as a full redraw?"""
    import io

    from pmcourse.plots.style import course_style

    for name, value in [("width", 1.6), ("deadline", 44), ("correlation", 0.4)]:
        app.controls[name].value = value
    fast = _pixels(app.image.png)
    buffer = io.BytesIO()
    with course_style():
        app.figure.savefig(buffer, format="png", dpi=app.dpi)
    full = _pixels(buffer.getvalue())
    assert fast.shape == full.shape
    differ = (abs(fast - full).max(axis=2) > 40).mean()
    assert differ < 0.002, f"{differ:.2%} of pixels differ"


def test_a_bad_plan_fails_at_construction():
    """Is a plan with estimates out of order refused with the task named?"""
    with pytest.raises(ValueError, match="task 'A' needs optimistic"):
        ScheduleRiskSimulator(
            [
                {
                    "id": "A",
                    "optimistic": 5,
                    "most_likely": 3,
                    "pessimistic": 9,
                    "predecessors": "",
                }
            ]  # fmt: skip
        )


def test_a_new_deadline_reuses_the_simulation(app):
    """Does moving only the deadline keep the same simulated runs, while any
    other control runs a new simulation?"""
    before = app.result.sim
    app.controls["deadline"].value = 40
    assert app.result.sim is before
    app.controls["width"].value = 1.1
    assert app.result.sim is not before
