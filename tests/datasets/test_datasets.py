"""Tests of the course datasets and their generator (pmcourse.datasets)."""

import re

import pandas as pd
import pytest

from pmcourse import datasets
from pmcourse.datasets import generate
from pmcourse.schedule import cpm


def test_committed_csv_equals_a_fresh_generation():
    """Is every committed generated CSV byte-for-byte what the generator makes?"""
    assert generate.stale() == [], (
        "run `python -m pmcourse.datasets.generate` and commit datasets/"
    )
    for name in generate.DATASETS:
        stored = (generate.DATASETS_DIR / f"{name}.csv").read_text(encoding="utf-8")
        assert stored == generate.to_csv_text(generate.build(name))


def test_generation_is_reproducible_and_seeded():
    """Does the same seed give the same data, and another seed different data?"""
    a = generate.product_launch(1)
    assert a.equals(generate.product_launch(1))
    assert not a.equals(generate.product_launch(2))


def test_every_dataset_is_documented():
    """Does datasets/README.md have a section for every CSV file?"""
    readme = (generate.DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    for name in datasets.available():
        assert f"`{name}.csv`" in readme, f"{name}.csv is not documented"


def test_unknown_name_lists_the_available_ones():
    """Does an unknown name raise ValueError listing the available datasets?"""
    with pytest.raises(ValueError, match="no dataset named 'product_lunch'") as info:
        datasets.load("product_lunch")
    assert "product_launch" in str(info.value)


def test_missing_folder_is_explained(tmp_path, monkeypatch):
    """Does a missing datasets folder give a FileNotFoundError saying what to do?"""
    monkeypatch.setenv("PMCOURSE_DATASETS", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="PMCOURSE_DATASETS"):
        datasets.load("product_launch")


def test_folder_can_be_overridden(tmp_path, monkeypatch):
    """Does PMCOURSE_DATASETS point load() at another folder?"""
    pd.DataFrame({"x": [1, 2]}).to_csv(tmp_path / "tiny.csv", index=False)
    monkeypatch.setenv("PMCOURSE_DATASETS", str(tmp_path))
    assert datasets.available() == ["tiny"]
    assert datasets.load("tiny")["x"].tolist() == [1, 2]


def test_product_launch_columns_and_units():
    """Does product_launch have the documented columns with sound values?"""
    plan = datasets.load("product_launch")
    assert list(plan.columns) == [
        "id", "name", "wbs", "duration", "predecessors",
        "optimistic", "most_likely", "pessimistic", "cost", "resource",
    ]  # fmt: skip
    assert 10 <= len(plan) <= 12
    assert plan["id"].is_unique
    assert (plan["duration"] == plan["most_likely"]).all()
    assert (plan["optimistic"] <= plan["most_likely"]).all()
    assert (plan["most_likely"] <= plan["pessimistic"]).all()
    assert (plan["optimistic"] >= 1).all() and (plan["cost"] > 0).all()
    assert all(re.fullmatch(r"\d+(\.\d+)+", w) for w in plan["wbs"])
    assert plan.loc[0, "predecessors"] == ""  # empty text, not NaN


def test_product_launch_uses_ss_or_ff_links_with_lags():
    """Does the plan contain start-to-start or finish-to-finish links with a lag?"""
    links = ",".join(datasets.load("product_launch")["predecessors"])
    assert re.search(r":(SS|FF)[+-]\d", links)


def test_product_launch_schedule_worked_by_hand():
    """Does cpm on the plan give the finish and critical path worked by hand?"""
    # A 0-3, C 3-9, D 9-24, E: SS+5 -> ES >= 14, FF+3 -> EF >= 27, so 15-27;
    # K 27-28; L = K + 5 lag: 33-35. Marketing B 3-11, F 11-16, G 16-26,
    # H (SS+3) 19-26 has 1 day of float; docs I 13-21, J 21-25 have 2.
    result = cpm(datasets.load("product_launch"))
    assert result["ef"].max() == 35
    assert list(result.index[result["critical"]]) == list("ACDEKL")
    assert result.loc["H", "total_float"] == 1
    assert result.loc["J", "total_float"] == 2


def test_check_mode_reports_stale_files(tmp_path, capsys):
    """Does `generate --check` fail on a stale file and pass on fresh ones?"""
    assert generate.main(["--out", str(tmp_path), "--check"]) == 1
    assert "stale: product_launch.csv" in capsys.readouterr().out
    assert generate.main(["--out", str(tmp_path)]) == 0
    assert generate.main(["--out", str(tmp_path), "--check"]) == 0


def test_build_rejects_unknown_names():
    """Does build() name the unknown dataset and list the generated ones?"""
    with pytest.raises(ValueError, match="generated datasets: .*product_launch"):
        generate.build("nope")


# --- lesson 06 and 07 datasets ------------------------------------------------


def test_sprint_history_is_consistent():
    """Do both teams have ten sprints, with done work within the growing scope?"""
    history = datasets.load("sprint_history")
    assert list(history.columns) == [
        "team", "sprint", "start", "end", "available_days",
        "committed", "completed", "scope",
    ]  # fmt: skip
    for team, people in [("Payments", 6), ("Mobile", 5)]:
        rows = history[history["team"] == team]
        assert rows["sprint"].tolist() == list(range(1, 11))
        assert (rows["available_days"] <= people * 10).all()
        assert (rows["completed"].cumsum() <= rows["scope"]).all()
        assert rows["scope"].is_monotonic_increasing
        starts = pd.to_datetime(rows["start"])
        assert (starts.dt.day_of_week == 0).all()  # sprints start on Mondays
        assert (starts.diff().dropna() == pd.Timedelta(weeks=2)).all()


def test_teams_estimate_on_different_scales():
    """Is Mobile's velocity several times Payments' (points are team-relative)?"""
    history = datasets.load("sprint_history")
    mean = history.groupby("team")["completed"].mean()
    assert mean["Mobile"] > 3 * mean["Payments"]


def test_jira_issues_read_as_an_export():
    """Does read_jira_csv read the issue log, skipping only the migrated row?"""
    from pmcourse.formats import read_jira_csv

    flow = read_jira_csv(datasets.data_dir() / "jira_issues.csv")
    raw = datasets.load("jira_issues")
    assert len(flow.items) == len(raw) - 1
    assert flow.skipped["item"].tolist() == ["PLAT-119"]
    assert "before created" in flow.skipped.loc[0, "reason"]
    assert flow.warnings == ()  # the log has a Started column
    done = flow.items["Status"] == "Done"
    assert flow.items.loc[done, "finished"].notna().all()
    assert flow.items.loc[~done, "finished"].isna().all()
    assert (flow.items["cycle_time"].dropna() >= 1).all()


def test_jira_issues_status_matches_the_dates():
    """Is an issue 'To Do' exactly when it has no start date?"""
    raw = datasets.load("jira_issues")
    assert ((raw["Status"] == "To Do") == (raw["Started"] == "")).sum() == len(raw) - 1
    assert raw["Issue key"].is_unique


def test_stakeholder_register_covers_every_quadrant_and_gap():
    """Does the register fill all four quadrants and show every kind of gap?"""
    from pmcourse.stakeholders import assess_engagement, classify_power_interest

    register = datasets.load("stakeholder_register")
    grid = classify_power_interest(register)
    assert set(grid["quadrant"]) == {
        "manage closely", "keep satisfied", "keep informed", "monitor",
    }  # fmt: skip
    gaps = assess_engagement(register)["gap"]
    assert (gaps == 0).any() and (gaps == 1).any() and (gaps >= 2).any()
    assert register["stakeholder"].is_unique
