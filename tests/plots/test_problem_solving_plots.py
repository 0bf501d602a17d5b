"""Tests of the problem-solving charts (pmcourse.plots.problem_solving)."""

import pytest

from pmcourse.plots.problem_solving import fishbone, pareto_chart
from pmcourse.problem_solving import pareto


def test_pareto_chart_bars_and_cumulative_line():
    """Are the bars largest first, the vital few hatched and the line the
    cumulative share (40, 30, 20, 10 -> .4, .7, .9, 1)?"""
    table = pareto({"c": 20, "a": 40, "d": 10, "b": 30})
    ax = pareto_chart(table)
    bars = {p.get_gid(): p for p in ax.patches}
    assert [p.get_gid() for p in ax.patches] == ["cause:a", "cause:b", "cause:c",
                                                  "cause:d"]  # fmt: skip
    assert [p.get_height() for p in ax.patches] == [40, 30, 20, 10]
    # the top three are needed to reach 80 %: .4, .7 < .8, then .9
    assert bars["cause:c"].get_hatch() and not bars["cause:d"].get_hatch()
    line = next(x for x in ax.cumulative_axes.lines if x.get_gid() == "cumulative")
    assert line.get_ydata().tolist() == pytest.approx([0.4, 0.7, 0.9, 1.0])
    assert ax.get_title(loc="left") == "3 of 4 causes account for 90% of the problem"
    with pytest.raises(ValueError, match="pass a pareto\\(\\) result"):
        pareto_chart(table.drop(columns="vital_few"))


def test_fishbone_writes_every_cause_under_its_category():
    """Does the diagram show the effect, each category and each cause?"""
    causes = {"People": ["new team", "no tester"], "Process": ["no review"],
              "Tools": []}  # fmt: skip
    ax = fishbone("Release late", causes)
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts["effect"] == "Release late"
    assert texts["cause:People:1"] == "no tester"
    assert texts["category:Tools"] == "Tools"
    assert len([g for g in texts if g.startswith("cause:")]) == 3
    with pytest.raises(ValueError, match="at least one category"):
        fishbone("x", {})
