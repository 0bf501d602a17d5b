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
    with pytest.raises(ValueError, match="missing.zip does not exist"):
        import_submissions(course, PS03, tmp_path / "missing.zip")
    (tmp_path / "notes.txt").write_text("not a zip")
    with pytest.raises(ValueError, match="neither a folder nor a zip"):
        import_submissions(course, PS03, tmp_path / "notes.txt")
    with pytest.raises(ValueError, match="not one of"):
        import_submissions(course, "ps99", download)
    bad = tmp_path / "roster.csv"
    bad.write_text("id,name\n1,x\n")
    with pytest.raises(ValueError, match="student_id"):
        Roster.read(bad)


def _zip_timed(path, members):
    """A zip whose entries carry times: (name, content, (y, m, d, H, M, S))."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, content, when in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content)
    return path


def test_resubmissions_order_by_the_lms_not_by_the_archive(course, tmp_path):
    """Does the Canvas `-1` resubmission win over the untouched first attempt
    whichever comes first in the zip, is a non-ASCII login placed by its id,
    and are the late mark and the time kept (timestamp.txt and status db)?"""
    from pmcourse.grading.status import StatusStore, store_path

    roster = Roster(
        [
            {"student_id": "ana", "lms_id": "10005", "name": "Ana Berg"},
            {"student_id": "dag", "lms_id": "10006", "name": "Dag Sørensen"},
        ]
    )
    t1, t2 = (2026, 3, 1, 9, 0, 0), (2026, 3, 2, 8, 30, 0)
    for order in (1, -1):
        members = [
            (f"bergana_10005_800001_{PS03}-1.ipynb", "second", t1),
            (f"bergana_10005_800001_{NB}", "first", t1),
        ][::order]
        members.append((f"sørensendd_late_10006_800004_{NB}", "dag", t2))
        download = _zip_timed(tmp_path / f"c{order}.zip", members)
        report = import_submissions(course, PS03, download, roster)
        assert report.students() == ["ana", "dag"], report.unplaced
        assert (course.submitted_dir("ana", PS03) / NB).read_text() == "second"
        dropped = dict(report.unplaced)[f"bergana_10005_800001_{NB}"]
        assert "earlier attempt" in dropped and "resubmission number" in dropped
    stamp = course.submitted_dir("dag", PS03) / "timestamp.txt"
    assert stamp.read_text().startswith("2026-03-02 08:30:00")
    arrival = StatusStore(store_path(course)).arrivals(PS03)["dag"]
    assert arrival.lms_late and arrival.submitted_at.startswith("2026-03-02T08:30")
    assert report.added == [] or set(report.added) <= {"ana", "dag"}


def test_attempts_that_cannot_be_told_apart_are_both_kept(course, tmp_path):
    """With two attempts of the same mark and time, are both placed (one
    graded, one beside it) and does the import say so?"""
    when = (2026, 3, 1, 9, 0, 0)
    download = _zip_timed(
        tmp_path / "tie.zip",
        [
            (f"Ada Li_77_assignsubmission_file_/{NB}", "b", when),
            (f"Ada Li_77_assignsubmission_file_{NB}", "a", when),
        ],
    )
    report = import_submissions(course, PS03, download)
    folder = course.submitted_dir("77", PS03)
    placed = sorted(p.name for p in folder.glob("*.ipynb"))
    assert placed == [f"{PS03} (attempt 2).ipynb", NB]
    assert any("cannot tell" in w and "kept both" in w for w in report.warnings)


def test_roster_students_join_the_gradebook(course, tmp_path):
    """Does an import with a roster add every roster student to nbgrader's
    gradebook, including one who handed in nothing?"""
    from pmcourse.grading.classlist import gradebook_students

    roster = Roster(
        [
            {"student_id": "ana", "lms_id": "1", "name": "Ana Berg"},
            {"student_id": "cy", "lms_id": "3", "name": "Okafor, Cy"},
        ]
    )
    download = _zip(tmp_path / "r.zip", {f"bergana_1_9_{NB}": "{}"})
    report = import_submissions(course, PS03, download, roster)
    assert sorted(report.added) == ["ana", "cy"]
    assert {"ana", "cy"} <= gradebook_students(course)
