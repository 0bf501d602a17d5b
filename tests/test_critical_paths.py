"""Tests of pmcourse.schedule.critical_paths: every critical chain, as chains."""

import pytest

from pmcourse import datasets, schedule


def _launch(**durations):
    table = datasets.load("product_launch")
    for tid, days in durations.items():
        table.loc[table["id"] == tid, "duration"] = days
    return table


PRODUCT = ["A", "C", "D", "E", "K", "L"]
MARKETING = ["A", "B", "F", "G", "H", "K", "L"]
GUIDES = ["A", "C", "I", "J", "K", "L"]


def test_one_path_on_the_plan():
    """Does the plan have one critical path, the product track?"""
    assert schedule.critical_paths(_launch()) == [PRODUCT]


def test_two_paths_when_build_takes_ten_days():
    """With D = 10 both tracks end on day 26: are both chains listed, without B -> C?"""
    paths = schedule.critical_paths(_launch(D=10))
    assert paths == [MARKETING, PRODUCT]
    links = {(a, b) for p in paths for a, b in zip(p, p[1:], strict=False)}
    assert ("B", "C") not in links and ("F", "E") not in links
    # the task list of critical_path is the union, as before
    assert set(schedule.critical_path(_launch(D=10))) == set(PRODUCT + MARKETING)


def test_two_paths_when_interviews_take_nine_days():
    """B nudged from 8 to 9 days: is the marketing track as long as the product one?"""
    assert schedule.critical_paths(_launch(B=9)) == [MARKETING, PRODUCT]


def test_three_paths():
    """D = 10 and I = 9: do the guides track become a third path through J?"""
    paths = schedule.critical_paths(_launch(D=10, I=9))
    assert sorted(paths) == sorted([PRODUCT, MARKETING, GUIDES])
    assert len(paths) == 3


def test_diamond_and_limit():
    """Does a 2 x 2 grid of ties give four paths, and does limit cut the list?"""
    tasks = [
        {"id": "S", "duration": 1, "predecessors": ""},
        {"id": "A", "duration": 2, "predecessors": "S"},
        {"id": "B", "duration": 2, "predecessors": "S"},
        {"id": "M", "duration": 0, "predecessors": "A, B"},
        {"id": "C", "duration": 3, "predecessors": "M"},
        {"id": "D", "duration": 3, "predecessors": "M"},
        {"id": "X", "duration": 1, "predecessors": "S"},
    ]
    paths = schedule.critical_paths(tasks)
    assert paths == [
        ["S", "A", "M", "C"],
        ["S", "A", "M", "D"],
        ["S", "B", "M", "C"],
        ["S", "B", "M", "D"],
    ]
    assert len(schedule.critical_paths(tasks, limit=2)) == 2
    with pytest.raises(ValueError, match="limit"):
        schedule.critical_paths(tasks, limit=0)


def test_lags_and_start_links():
    """Does a driving SS+2 link join a chain, and a slack FS link not?"""
    tasks = [
        {"id": "A", "duration": 5, "predecessors": ""},
        {"id": "B", "duration": 6, "predecessors": "A:SS+2"},
        {"id": "C", "duration": 1, "predecessors": "A"},
        {"id": "Z", "duration": 8, "predecessors": ""},
    ]
    # B runs 2-8, Z 0-8: two paths, A -> B and Z on its own
    assert schedule.critical_paths(tasks) == [["A", "B"], ["Z"]]
