"""Importing LMS downloads (Canvas, Moodle, Blackboard) and plain folders."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from _corpus import PS03, REPO

from pmcourse.grading.course import copy_course
from pmcourse.grading.importing import Roster, import_submissions, parse_name

NB = f"{PS03}.ipynb"


@pytest.fixture
def course(tmp_path):
    return copy_course(REPO, tmp_path / "course")


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def test_parse_name_recognises_each_lms():
    """Are the student ids and file names read from each LMS's naming?"""
    canvas = parse_name(f"smithjane_late_12345_67890_{PS03}-2.ipynb")
    assert (canvas.lms, canvas.uid, canvas.filename) == (
        "canvas",
        "12345",
        f"{PS03}-2.ipynb",
    )
    moodle = parse_name(f"Jane Smith_4567_assignsubmission_file_/{NB}")
    assert (moodle.lms, moodle.uid, moodle.name, moodle.filename) == (
        "moodle",
        "4567",
        "Jane Smith",
        NB,
    )
    flat = parse_name(f"Jane Smith_4567_assignsubmission_file_{NB}")
    assert flat.filename == NB
    board = parse_name(f"PS03_jsmith_attempt_2024-03-01-10-22-31_{NB}")
    assert (board.lms, board.uid, board.filename) == ("blackboard", "jsmith", NB)
    receipt = parse_name("PS03_jsmith_attempt_2024-03-01-10-22-31.txt")
    assert receipt.filename == ""
    assert parse_name("readme.txt") is None


def test_canvas_zip_with_roster_places_by_lms_id_and_name(course, tmp_path):
    """Does a Canvas zip land in nbgrader's folders under the roster's ids,
    matching by LMS id or by name, with a late and a resubmitted file?"""
    roster = Roster(
        [
            {"student_id": "s1", "lms_id": "111", "name": "Jane Smith"},
            {"student_id": "s2", "lms_id": "", "name": "Okafor, Dana"},
        ]
    )
    download = _zip(
        tmp_path / "c.zip",
        {
            f"smithjane_late_111_9_{NB}": "{}",
            f"okafordana_222_9_{PS03}-1.ipynb": "{}",
            f"nobody_333_9_{NB}": "{}",
        },
    )
    report = import_submissions(course, PS03, download, roster)
    assert report.students() == ["s1", "s2"]
    assert (course.submitted_dir("s2", PS03) / NB).is_file()
    assert report.unplaced == [
        (f"nobody_333_9_{NB}", "canvas user 333 'nobody' is not in the roster")
    ]


def test_moodle_and_blackboard_downloads(course, tmp_path):
    """Are Moodle folders and Blackboard attempts placed, the later of two
    Blackboard attempts kept and the receipts reported?"""
    moodle = _zip(tmp_path / "m.zip", {f"Ada Li_77_assignsubmission_file_/{NB}": "{}"})
    report = import_submissions(course, PS03, moodle)
    assert report.students() == ["77"]
    board = _zip(
        tmp_path / "b.zip",
        {
            f"PS03_jsmith_attempt_2024-03-01-10-22-31_{NB}": "old",
            f"PS03_jsmith_attempt_2024-03-02-09-00-00_{NB}": "new",
            "PS03_jsmith_attempt_2024-03-02-09-00-00.txt": "receipt",
        },
    )
    report = import_submissions(course, PS03, board)
    assert (course.submitted_dir("jsmith", PS03) / NB).read_text() == "new"
    reasons = dict(report.unplaced)
    assert (
        "kept the later attempt"
        in reasons[f"PS03_jsmith_attempt_2024-03-01-10-22-31_{NB}"]
    )
    assert "receipt" in reasons["PS03_jsmith_attempt_2024-03-02-09-00-00.txt"]


def test_folder_import_leaves_the_original_untouched(course, tmp_path):
    """Does importing a folder (flat or nbgrader-style) copy the files and
    leave every original byte as it was?"""
    source = tmp_path / "collected"
    (source / "ada" / PS03).mkdir(parents=True)
    (source / "ada" / PS03 / NB).write_text('{"a": 1}')
    (source / "bo").mkdir()
    (source / "bo" / NB).write_text('{"b": 2}')
    (source / "stray.txt").write_text("?")
    before = {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in source.rglob("*")
        if p.is_file()
    }
    report = import_submissions(course, PS03, source)
    assert report.students() == ["ada", "bo"]
    assert (course.submitted_dir("ada", PS03) / NB).read_text() == '{"a": 1}'
    assert report.unplaced == [("stray.txt", "no student in its name or folder")]
    after = {
        p: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in source.rglob("*")
        if p.is_file()
    }
    assert after == before


def test_unsafe_and_bad_input(course, tmp_path):
    """Are paths escaping the folder refused, and a bad source or roster named?"""
    download = _zip(tmp_path / "u.zip", {f"../evil_1_1_{NB}": "{}"})
    report = import_submissions(course, PS03, download)
    assert report.placed == [] and report.unplaced[0][1] == "unsafe path"
    with pytest.raises(ValueError, match="neither a folder nor a zip"):
        import_submissions(course, PS03, tmp_path / "missing.zip")
    with pytest.raises(ValueError, match="not one of"):
        import_submissions(course, "ps99", download)
    bad = tmp_path / "roster.csv"
    bad.write_text("id,name\n1,x\n")
    with pytest.raises(ValueError, match="student_id"):
        Roster.read(bad)
