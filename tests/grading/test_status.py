"""Status records: one per submission, replaced atomically."""

from __future__ import annotations

import pytest

from pmcourse.grading.status import Record, StatusStore, folder_checksum


def test_saving_again_replaces_the_one_record(tmp_path):
    """Does regrading a student replace their record and leave others alone?"""
    store = StatusStore(tmp_path / "s.db")
    store.save(Record("ps", "ada", "timed-out", 3.0, 15.0, 9.0, ["slow"]))
    store.save(Record("ps", "bo", "graded", 11.0, 15.0, 2.0))
    store.save(Record("ps", "ada", "graded", 11.0, 15.0, 2.5))
    records = {r.student: r for r in store.records("ps")}
    assert len(records) == 2
    assert records["ada"].status == "graded" and records["ada"].problems == []
    assert records["bo"].seconds == 2.0
    assert store.records("other") == [] and store.get("ps", "cy") is None


def test_unknown_status_is_refused():
    """Does a status outside the list raise ValueError naming the allowed ones?"""
    with pytest.raises(ValueError, match="graded"):
        Record("ps", "ada", "passed", 1.0, 2.0, 1.0)


def test_checksum_sees_content_and_names(tmp_path):
    """Does the folder checksum change with a file's content or name?"""
    (tmp_path / "a.ipynb").write_text("1")
    first = folder_checksum(tmp_path)
    (tmp_path / "a.ipynb").write_text("2")
    second = folder_checksum(tmp_path)
    (tmp_path / "a.ipynb").rename(tmp_path / "b.ipynb")
    assert len({first, second, folder_checksum(tmp_path)}) == 3
