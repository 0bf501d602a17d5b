"""Tests for pmcourse.formats.jira: Jira exports to cycle time, throughput, WIP.

Flow measures are checked against plain pandas computations written here,
using the course's convention that cycle time counts the first and the last
day (finished - started + 1; an issue without a start date starts when it is
created).
"""

import csv

import pandas as pd
import pytest

from pmcourse.formats import read_jira_csv


@pytest.fixture
def mit(shared_data):
    path = shared_data("jira_cycle_time_mit") / "jira.csv"
    return path, read_jira_csv(path)


def test_mit_rows_with_invalid_cycle_time_are_reported_not_used(mit):
    """Are the rows marked cycle_time_days = -1 reported in skipped, and only they?"""
    path, flow = mit
    raw = pd.read_csv(path)
    invalid = raw[raw["cycle_time_days"] < 0]
    assert len(invalid) == 1662  # the data set's README says so too
    assert sorted(flow.skipped["item"]) == sorted(invalid["id"])
    assert flow.skipped["reason"].str.contains("cycle_time_days is -1").all()
    assert len(flow.items) + len(flow.skipped) == len(raw)
    assert set(flow.items["id"]).isdisjoint(invalid["id"])


def test_mit_mean_cycle_time_and_weekly_throughput_match_pandas(mit):
    """Do mean/median cycle time and weekly throughput equal a pandas computation?"""
    path, flow = mit
    raw = pd.read_csv(path, parse_dates=["created_date", "finished_date"])
    ok = raw[raw["cycle_time_days"] >= 0]
    days = (ok["finished_date"] - ok["created_date"]).dt.days + 1
    assert flow.cycle_time_mean == pytest.approx(days.mean())
    assert flow.cycle_time_median == pytest.approx(days.median())
    weeks = ok["finished_date"].dt.to_period("W-SUN")
    counts = weeks.value_counts().sort_index()
    span = pd.period_range(counts.index.min(), counts.index.max(), freq="W-SUN")
    expected = counts.reindex(span, fill_value=0)
    assert flow.throughput_weekly.tolist() == expected.tolist()
    assert (flow.throughput_weekly.index == span.start_time).all()
    assert flow.throughput_weekly.sum() == len(ok)


def test_mit_wip_counts_open_issues_at_the_end_of_a_day(mit):
    """Is WIP on a day the number of issues created by then and not yet finished?"""
    path, flow = mit
    raw = pd.read_csv(path, parse_dates=["created_date", "finished_date"])
    ok = raw[raw["cycle_time_days"] >= 0]
    for day in ["2014-01-15", "2016-06-01", "2018-11-30"]:
        day = pd.Timestamp(day)
        open_ = ((ok["created_date"] <= day) & (ok["finished_date"] > day)).sum()
        assert flow.wip.loc[day] == open_


def _write_export(path):
    """Write a small Jira export: repeated Sprint and Labels columns, Jira dates."""
    header = [
        "Summary",
        "Issue key",
        "Issue Type",
        "Status",
        "Created",
        "Resolved",
        "Sprint",
        "Sprint",
        "Sprint",
        "Labels",
        "Labels",
        "Story Points",
    ]
    rows = [
        [
            "Login page",
            "PM-1",
            "Story",
            "Done",
            "04/Mar/24 9:15 AM",
            "06/Mar/24 4:30 PM",
            "Sprint 1",
            "Sprint 2",
            "",
            "ui",
            "auth",
            "3",
        ],
        [
            "Fix typo",
            "PM-2",
            "Bug",
            "Done",
            "05/Mar/24 10:00 AM",
            "05/Mar/24 11:00 AM",
            "Sprint 1",
            "",
            "",
            "",
            "",
            "1",
        ],
        [
            "Reports",
            "PM-3",
            "Story",
            "In Progress",
            "06/Mar/24 2:00 PM",
            "",
            "Sprint 2",
            "Sprint 3",
            "Sprint 4",
            "reports",
            "",
            "8",
        ],
        [
            "Backwards",
            "PM-4",
            "Bug",
            "Done",
            "12/Mar/24 9:00 AM",
            "11/Mar/24 9:00 AM",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "Bad date",
            "PM-5",
            "Bug",
            "Done",
            "yesterday",
            "13/Mar/24 9:00 AM",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        [
            "Again",
            "PM-1",
            "Story",
            "Done",
            "04/Mar/24 9:15 AM",
            "07/Mar/24 9:00 AM",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        ["Short row", "PM-6", "Story"],
        [
            "Next week",
            "PM-7",
            "Task",
            "Done",
            "2024-03-08",
            "2024-03-12T10:00:00+01:00",
            "Sprint 2",
            "",
            "",
            "",
            "",
            "2",
        ],
    ]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_jira_export_with_repeated_columns(tmp_path):
    """Are repeated Sprint and Labels columns read by position into lists?"""
    path = tmp_path / "export.csv"
    _write_export(path)
    flow = read_jira_csv(path)
    items = flow.items.set_index("id")
    assert items.index.tolist() == ["PM-1", "PM-2", "PM-3", "PM-7"]
    assert items.loc["PM-1", "Sprint"] == ["Sprint 1", "Sprint 2"]
    assert items.loc["PM-3", "Sprint"] == ["Sprint 2", "Sprint 3", "Sprint 4"]
    assert items.loc["PM-1", "Labels"] == ["ui", "auth"]
    assert items.loc["PM-2", "Labels"] == []
    assert items.loc["PM-1", "Story Points"] == "3"
    assert "Sprint.1" not in flow.items.columns
    # Jira's "04/Mar/24 9:15 AM" dates; PM-1 ran Mar 4-6 (3 days), PM-2 one day
    assert items.loc["PM-1", "created"] == pd.Timestamp("2024-03-04 09:15")
    assert items.loc["PM-1", "cycle_time"] == 3.0
    assert items.loc["PM-2", "cycle_time"] == 1.0
    assert items.loc["PM-7", "cycle_time"] == 5.0  # Mar 8 - Mar 12
    assert pd.isna(items.loc["PM-3", "finished"])
    assert pd.isna(items.loc["PM-3", "cycle_time"])
    assert flow.cycle_time_mean == pytest.approx((3 + 1 + 5) / 3)


def test_jira_export_reports_every_unused_row(tmp_path):
    """Does each unusable row appear in skipped with its reason?"""
    path = tmp_path / "export.csv"
    _write_export(path)
    skipped = read_jira_csv(path).skipped.set_index("where")
    assert skipped.loc["row 5 (line 5)", "item"] == "PM-4"
    assert skipped.loc["row 5 (line 5)", "reason"] == (
        "finished 2024-03-11 before created 2024-03-12"
    )
    assert (
        skipped.loc["row 6 (line 6)", "reason"] == "Created 'yesterday' is not a date"
    )
    assert "already read at row 2" in skipped.loc["row 7 (line 7)", "reason"]
    assert skipped.loc["row 8 (line 8)", "reason"] == "3 fields where the header has 12"
    assert len(skipped) == 4


def test_jira_export_weekly_throughput_and_wip(tmp_path):
    """Are finishes counted per Monday-Sunday week and open issues per day?"""
    path = tmp_path / "export.csv"
    _write_export(path)
    flow = read_jira_csv(path)
    # PM-2 and PM-1 finish in the week of Monday Mar 4, PM-7 in that of Mar 11
    assert flow.throughput_weekly.to_dict() == {
        pd.Timestamp("2024-03-04"): 2,
        pd.Timestamp("2024-03-11"): 1,
    }
    # end of Mar 6: PM-3 (open) only, PM-1 finished that day; Mar 8: PM-3, PM-7
    assert flow.wip.loc[pd.Timestamp("2024-03-06")] == 1
    assert flow.wip.loc[pd.Timestamp("2024-03-08")] == 2
    assert flow.wip.loc[pd.Timestamp("2024-03-12")] == 1


def test_plain_table_with_a_started_column(tmp_path):
    """With a started date, is cycle time counted from the start, not creation?"""
    path = tmp_path / "plain.csv"
    path.write_text(
        "key,created,started,finished\n"
        "A,2024-01-01,2024-01-03,2024-01-04\n"
        "B,2024-01-02,2024-01-01,2024-01-05\n"
    )
    flow = read_jira_csv(path)
    assert flow.items["cycle_time"].tolist() == [2.0]
    assert flow.skipped["reason"].tolist() == [
        "started 2024-01-01 before created 2024-01-02"
    ]
    assert flow.warnings == ()


def test_named_columns_override_the_recognised_ones(tmp_path):
    """Can the learner name the date columns the reader does not recognise?"""
    path = tmp_path / "odd.csv"
    path.write_text("ticket,opened,shipped\nT1,2024-05-01,2024-05-02\n")
    with pytest.raises(ValueError, match=r"odd\.csv: no created column"):
        read_jira_csv(path)
    flow = read_jira_csv(
        path, id_column="ticket", created_column="opened", finished_column="shipped"
    )
    assert flow.items[["id", "cycle_time"]].values.tolist() == [["T1", 2.0]]
    with pytest.raises(ValueError, match=r"odd\.csv: no column 'closed'"):
        read_jira_csv(path, finished_column="closed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", r"empty\.csv: the file is empty"),
        (
            "id,created,finished\nA,2024-01-02,2024-01-01\n",
            r"empty\.csv: no usable row",
        ),
    ],
)
def test_unusable_files_raise_naming_the_file(tmp_path, text, expected):
    """Do an empty file and a file without one usable row raise ValueError?"""
    path = tmp_path / "empty.csv"
    path.write_text(text)
    with pytest.raises(ValueError, match=expected):
        read_jira_csv(path)
