"""The instructor's loop on one class: one LMS zip and a roster, end to end.

One Canvas-style zip of ps03 (a resubmission after an untouched first
attempt, put in the archive against it; a non-ASCII login; ps06 handed in as
ps03; a notebook that reads a file planted outside the course; a late one; a
tampered one with full marks; one with an endless loop in a cell of its
own) plus a roster with a student who handed in nothing goes through
``pmcourse import``, ``due``, one ``autograde --jobs 2``, then ``review``,
hand marking, ``feedback``, ``export``, ``status`` and ``report``.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import datetime as dt
import html
import io
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from _corpus import PS03, REPO, run_cli

from pmcourse.cli import main
from pmcourse.grading.autograde import status_path
from pmcourse.grading.course import Course, copy_course
from pmcourse.grading.status import StatusStore
from pmcourse.grading.submissions import answer_cells, fill_answers, read_notebook

pytestmark = pytest.mark.slow

PLANTED = "PLANTED-SECRET-8812"
DUE = dt.datetime(2026, 3, 1, 23, 59, tzinfo=dt.UTC)
LOOP_CELL = 4  # seconds: the per-cell time limit of this run
# student id, LMS id, name (the roster); "absent" hands in nothing
ROSTER = [
    ("resub", "10001", "Ana Berg"),
    ("dag", "10006", "Dag Sørensen"),
    ("wrong", "10002", "Bo Chen"),
    ("reader", "10003", "Cy Diaz"),
    ("late", "10004", "Eve Falk"),
    ("tamper", "10005", "Gus Holm"),
    ("looper", "10007", "Ida Jung"),
    ("absent", "10008", "Jo Kim"),
]


@dataclass
class ClassRun:
    course: Course
    home: Path
    imported: object
    graded: object
    planted: Path


def _cell(nb, grade_id):
    return next(
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


def _bytes(nb) -> bytes:
    return nbformat.writes(nb).encode()


def _at(when: dt.datetime) -> tuple[int, ...]:
    return when.timetuple()[:6]


def _build_zip(course: Course, planted: Path) -> tuple[bytes, str]:
    release = read_notebook(course.release_dir(PS03) / f"{PS03}.ipynb")
    source = read_notebook(course.source_dir(PS03) / f"{PS03}.ipynb")
    solved = fill_answers(release, answer_cells(source))
    reader = copy.deepcopy(solved)
    _cell(reader, "answer_forward_pass").source = (
        "import os\n"
        "print('ROOT', sorted(os.listdir('/')))\n"
        "try:\n"
        f"    print(open({str(planted)!r}).read())\n"
        "except OSError as err:\n"
        "    print('could not read:', type(err).__name__)\n"
        + _cell(solved, "answer_forward_pass").source
    )
    tampered = copy.deepcopy(solved)
    _cell(tampered, "check_commit_day").source = "pass\n"
    looper = copy.deepcopy(solved)
    position = looper.cells.index(_cell(looper, "check_forward_pass")) + 1
    looper.cells.insert(position, nbformat.v4.new_code_cell("while True:\n    pass\n"))
    ps06 = (course.release_dir("ps06_agile") / "ps06_agile.ipynb").read_bytes()
    on_time = DUE - dt.timedelta(days=1)
    late_at = DUE + dt.timedelta(days=1, hours=3)  # 2 days late: -20 %
    name = f"{PS03}.ipynb"
    members = [
        # the resubmission first: an archive-order import would keep the other
        (f"bergana_10001_800001_{PS03}-1.ipynb", _bytes(solved), on_time),
        (f"bergana_10001_800001_{name}", _bytes(release), on_time),
        (f"sørensendd_10006_800004_{name}", _bytes(solved), on_time),
        (f"chenbo_10002_800002_{name}", ps06, on_time),
        (f"diazcy_10003_800003_{name}", _bytes(reader), on_time),
        (f"falkeve_late_10004_800005_{name}", _bytes(solved), late_at),
        (f"holmgus_10005_800006_{name}", _bytes(tampered), on_time),
        (f"jungida_10007_800007_{name}", _bytes(looper), on_time),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content, when in members:
            archive.writestr(zipfile.ZipInfo(member, date_time=_at(when)), content)
    roster = ["student_id,lms_id,name"] + [",".join(row) for row in ROSTER]
    return buffer.getvalue(), "\n".join(roster) + "\n"


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> ClassRun:
    """Import, set the due date and grade the class once."""
    tmp = tmp_path_factory.mktemp("class")
    course = copy_course(REPO, tmp / "course")
    home = tmp / "home"
    home.mkdir()
    planted_dir = Path(tempfile.mkdtemp(prefix="pmcourse-plant-", dir="/var/tmp"))
    planted_dir.chmod(0o755)
    planted = planted_dir / "answers.txt"
    planted.write_text(PLANTED)
    released = run_cli(course, home, "release", PS03, "--no-exchange")
    assert released.returncode == 0, released.stderr
    data, roster = _build_zip(course, planted)
    (tmp / "canvas.zip").write_bytes(data)
    (tmp / "roster.csv").write_text(roster, encoding="utf-8")
    imported = _cli(
        course,
        "import",
        "ps03",
        str(tmp / "canvas.zip"),
        "--roster",
        str(tmp / "roster.csv"),
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    due = _cli(course, "due", PS03, "--date", DUE.isoformat(), "--per-day", "10")
    assert due.returncode == 0, due.stderr
    graded = run_cli(
        course,
        home,
        "autograde",
        PS03,
        "--jobs",
        "2",
        "--timeout",
        "90",
        "--cell-timeout",
        str(LOOP_CELL),
        "--quiet",
    )
    assert graded.returncode == 0, graded.stdout + graded.stderr[-3000:]
    yield ClassRun(course, home, imported, graded, planted)
    shutil.rmtree(planted_dir, ignore_errors=True)


def _cli(course: Course, *args: str) -> SimpleNamespace:
    """Run ``pmcourse ARGS`` in this process (no interpreter start-up)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--course", str(course.root), *args])
    return SimpleNamespace(
        returncode=code, stdout=out.getvalue(), stderr=err.getvalue()
    )


def _record(klass, student):
    return StatusStore(status_path(klass.course)).get(PS03, student)


def _export(klass, *args) -> tuple[dict[str, list[str]], str]:
    done = _cli(klass.course, "export", PS03, *args)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    return {r[0]: r for r in rows[1:]}, done.stderr


def _text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_import_keeps_the_resubmission_and_the_non_ascii_login(klass):
    """Was the `-1` resubmission kept over the untouched first attempt put
    after it in the zip, and was `sørensendd` placed by its id?"""
    out = klass.imported.stdout
    assert "earlier attempt" in out and f"bergana_10001_800001_{PS03}.ipynb" in out
    assert "not placed: sørensendd" not in out
    assert "added 8 roster student(s) to the gradebook" in out
    for student in ("resub", "dag"):
        record = _record(klass, student)
        assert (record.status, record.auto_score) == ("graded", 11.0), record.problems


def test_wrong_assignment_is_invalid_with_the_one_it_looks_like(klass):
    """Is ps06 handed in as ps03 `invalid`, naming ps06_agile, in one line?"""
    record = _record(klass, "wrong")
    assert record.status == "invalid" and record.auto_score is None
    assert len(record.problems) == 1, record.problems
    assert "this is ps06_agile, not ps03_scheduling" in record.problems[0]


@pytest.mark.sandbox  # its point is the confinement: skips without bubblewrap
def test_the_planted_file_outside_the_course_stays_unread(klass):
    """Did the notebook that reads a file in /var/tmp fail to, seeing only the
    system at `/`, with the planted text in no autograded notebook or
    feedback, and still get its full score?"""
    record = _record(klass, "reader")
    assert (record.status, record.auto_score) == ("graded", 11.0), record.problems
    path = klass.course.autograded_dir("reader", PS03) / f"{PS03}.ipynb"
    text = path.read_text(encoding="utf-8")
    assert "could not read: FileNotFoundError" in text
    root = re.search(r"ROOT \[([^\]]*)\]", text).group(1)
    assert "'var'" not in root and "'home'" not in root and "'usr'" in root
    done = _cli(klass.course, "feedback", PS03)
    assert done.returncode == 0, done.stderr
    late = _text(klass.course.feedback_dir("late", PS03) / f"{PS03}.html")
    assert "2 days late" in late and "-20%" in late and "8.8 / 15" in late
    for folder in ("autograded", "feedback"):
        for page in (klass.course.grading / folder).rglob("*"):
            if page.is_file() and page.suffix in (".ipynb", ".html"):
                assert PLANTED not in page.read_text(errors="replace"), page


def test_a_loop_costs_only_its_own_cell(klass):
    """Did an endless loop in a cell of its own stop at the per-cell limit,
    with every part after it graded and the stop reported?"""
    record = _record(klass, "looper")
    assert (record.status, record.auto_score) == ("graded", 11.0), record.problems
    assert any(
        f"stopped after {LOOP_CELL} s (the per-cell time limit)" in p
        for p in record.problems
    )
    assert record.seconds < 60


def test_export_has_the_whole_roster_the_absent_and_the_late(klass):
    """Is every roster student in the export, the absent one as `no
    submission` with no grade, the late one with 20 % off, the wrong one and
    the tampered one blank?"""
    table, stderr = _export(klass)
    assert set(table) == {row[0] for row in ROSTER}
    assert table["absent"][2:4] == ["no submission", ""]
    assert "no submission: absent" in stderr
    assert table["resub"][3] == "11" and table["dag"][3] == "11"
    late = table["late"]
    assert late[3] == "8.8" and late[5] == "20", late
    assert "2 days late" in late[7]
    assert table["wrong"][2:4] == ["invalid", ""]
    assert table["tamper"][2:4] == ["tampered", ""]
    assert "left blank: tamper (tampered)" in stderr


def test_review_accepts_tampered_work_into_the_export(klass):
    """Does `review --accept --reason` bring the tampered full-marks work into
    the export with its score, shown with who and why in status and report;
    and does `--reopen` withdraw it?"""
    done = _cli(
        klass.course,
        "review",
        "ps03",
        "tamper",
        "--accept",
        "--reason",
        "only emptied a test; answers checked",
        "--by",
        "kim",
    )
    assert done.returncode == 0, done.stderr
    table, stderr = _export(klass)
    assert table["tamper"][2:4] == ["tampered", "11"]
    assert "accept by kim" in table["tamper"][6]
    assert "only emptied a test" in table["tamper"][6]
    assert "left blank: tamper" not in stderr
    status = _cli(klass.course, "status", PS03)
    line = next(ln for ln in status.stdout.splitlines() if ln.startswith("tamper "))
    assert "review: accept by kim" in line and "11/15" in line
    report = _cli(klass.course, "report", PS03)
    assert report.returncode == 0, report.stderr
    page = (klass.course.grading / "reports" / f"{PS03}.html").read_text()
    assert "Review decisions" in page and "only emptied a test" in page
    assert "No submission" in page and "absent" in page
    assert "Late submissions" in page and "2 days late" in page
    assert "part(s) of" in page and "wait to be marked by hand" in page
    refused = _cli(klass.course, "review", PS03, "tamper", "--score", "9")
    assert refused.returncode == 2 and "--reason" in refused.stderr
    reopened = _cli(klass.course, "review", PS03, "tamper", "--reopen")
    assert reopened.returncode == 0, reopened.stderr
    assert _export(klass)[0]["tamper"][3] == ""
    again = _cli(
        klass.course,
        "review",
        PS03,
        "tamper",
        "--accept",
        "--reason",
        "checked again",
    )
    assert again.returncode == 0


def test_status_lists_the_class_and_what_waits(klass):
    """Does `status --json` list every roster student, the late penalty and
    the hand marking that waits (ps03's written sponsor message)?"""
    done = _cli(klass.course, "status", PS03, "--json")
    rows = {row["student"]: row for row in json.loads(done.stdout)}
    assert set(rows) == {row[0] for row in ROSTER}
    assert rows["absent"]["status"] == "no submission"
    assert rows["late"]["penalty_percent"] == 20 and rows["late"]["score"] == 8.8
    assert rows["resub"]["to_mark"] == 1
    text = _cli(klass.course, "status", PS03).stdout
    assert "with parts to mark by hand" in text


def _mark(course: Course, student: str, score: float, comment: str) -> None:
    """Mark the written answer as the formgrader does."""
    from nbgrader.api import Gradebook

    with Gradebook(course.gradebook_url, course_id="pmcourse") as gb:
        grade = gb.find_grade("answer_sponsor_message", PS03, PS03, student)
        grade.manual_score = score
        grade.needs_manual_grade = False
        remark = gb.find_comment("answer_sponsor_message", PS03, PS03, student)
        remark.manual_comment = comment
        gb.db.commit()


def test_hand_marks_reach_the_feedback_and_survive_force(klass):
    """After marking a written answer, does the feedback show the hand score
    and the marker's comment, no longer say 'still to be marked', and keep
    both through `autograde --force`?"""
    page = klass.course.feedback_dir("dag", PS03) / f"{PS03}.html"
    # its own feedback first: it must not depend on another test having run
    done = _cli(klass.course, "feedback", PS03, "--student", "dag")
    assert done.returncode == 0, done.stderr
    assert "still to be marked" in _text(page)
    _mark(klass.course, "dag", 3.0, "Clear, but name the risk owner.")
    for force in (False, True):
        if force:
            done = run_cli(
                klass.course,
                klass.home,
                "autograde",
                PS03,
                "--student",
                "dag",
                "--force",
                "--quiet",
            )
            assert done.returncode == 0, done.stderr
        done = _cli(klass.course, "feedback", PS03, "--student", "dag")
        assert done.returncode == 0, done.stderr
        text = _text(page)
        assert "Clear, but name the risk owner." in text
        assert "3 / 4" in text and "14 / 15" in text
        assert "still to be marked" not in text
        rows = {
            r["student"]: r
            for r in json.loads(_cli(klass.course, "status", PS03, "--json").stdout)
        }
        assert rows["dag"]["to_mark"] == 0 and rows["dag"]["score"] == 14


def test_a_student_removed_from_the_gradebook_is_gone_everywhere(klass):
    """After `nbgrader db student remove`, is the student absent from status,
    export and report, though their folder and old record remain?"""
    from nbgrader.api import Gradebook

    with Gradebook(klass.course.gradebook_url, course_id="pmcourse") as gb:
        gb.remove_student("looper")
    assert klass.course.submitted_dir("looper", PS03).is_dir()
    assert _record(klass, "looper") is not None
    status = _cli(klass.course, "status", PS03, "--json")
    assert "looper" not in {r["student"] for r in json.loads(status.stdout)}
    assert "looper" not in _export(klass)[0]
    _cli(klass.course, "report", PS03)
    page = (klass.course.grading / "reports" / f"{PS03}.html").read_text()
    assert "looper" not in page
