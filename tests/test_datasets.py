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
