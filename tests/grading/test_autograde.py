"""The bad-submission corpus, graded in one batch by `pmcourse autograde`."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import nbformat
import pytest
from _corpus import ALL, PS03, REPO, TESTS, autograde_flags, run_cli

from pmcourse.grading.autograde import status_path
from pmcourse.grading.course import copy_course, jupyter_env
from pmcourse.grading.gradebook import cell_scores
from pmcourse.grading.status import StatusStore

pytestmark = pytest.mark.slow


def _record(corpus, student):
    return StatusStore(status_path(corpus.course)).get(PS03, student)


def test_the_batch_completes_with_a_record_for_everyone(corpus):
    """Does one autograde run finish the whole corpus, bad notebooks included,
    and write one record per student?"""
    assert corpus.grade_run.returncode == 0, corpus.grade_run.stderr[-3000:]
    records = StatusStore(status_path(corpus.course)).records(PS03)
    assert sorted(r.student for r in records) == sorted(corpus.cases)


@pytest.mark.parametrize(
    "student",
    [
        "solution",
        "unchanged",
        "wrong",
        "locked_edited",
        "test_deleted",
        "test_replaced",
        "infinite_loop",
        "os_exit",
        "system_exit",
        "builtins_patched",
        "helpers_patched",
        "memory_bomb",
        "escape",
        "data_rewrite",
        "metadata_stripped",
        "invalid_json",
        "nbformat3",
        "empty_file",
        "wrong_name",
        "duplicate",
    ],
)
def test_each_submission_gets_its_status_and_only_real_points(corpus, student):
    """Does each corpus submission end in its expected status, with points
    exactly for the tests that really pass in a clean interpreter, in both
    the status record and nbgrader's gradebook?"""
    case = corpus.cases[student]
    record = _record(corpus, student)
    assert record.status == case.status, record.problems
    earned = {t["grade_id"]: t["score"] for t in record.tests}
    points = {t["grade_id"]: t["points"] for t in record.tests}
    if case.status == "invalid":
        assert record.auto_score is None and earned == {}
        assert record.problems
    else:
        assert set(earned) == ALL
        for test in TESTS:
            want = points[test] if test in case.passing else 0.0
            assert earned[test] == want, (test, record.tests)
    book = {
        s.grade_id: s.score
        for s in cell_scores(corpus.course.gradebook_url, PS03, student)
        if s.auto
    }
    assert book == {t: earned.get(t, 0.0) for t in TESTS}


def test_tests_that_did_not_run_say_so(corpus):
    """Do the time-out and the crash name the tests they never reached, with
    no points?"""
    for student in ("infinite_loop", "os_exit"):
        tests = {t["grade_id"]: t for t in _record(corpus, student).tests}
        assert not tests["check_pert"]["ran"] and tests["check_pert"]["score"] == 0
        assert "not run" in tests["check_commit_day"]["message"]
        assert tests["check_forward_pass"]["ran"]


def test_problems_name_what_was_tampered_with(corpus):
    """Does each tampered submission's record say which cell was changed?"""
    assert any(
        "'setup' was edited" in p for p in _record(corpus, "locked_edited").problems
    )
    assert any(
        "'check_commit_day' was deleted" in p
        for p in _record(corpus, "test_deleted").problems
    )
    assert any(
        "'check_commit_day' was edited" in p
        for p in _record(corpus, "test_replaced").problems
    )
    assert any(
        "metadata removed" in p for p in _record(corpus, "metadata_stripped").problems
    )
    assert any("ps03.ipynb" in p for p in _record(corpus, "wrong_name").problems)


def test_nothing_outside_the_sandbox_changed(corpus):
    """Are the solutions, the release, every submitted file, the course config
    and the canary files byte for byte as before grading?"""
    assert corpus.before and corpus.before == corpus.after
    for canary in corpus.canaries:
        assert canary.read_text().startswith("secret canary")


def test_the_gradebook_is_whole_and_untouched_by_students(corpus):
    """Is the gradebook a sound SQLite file without the attacker's bytes, with
    exactly one submission per student and every one autograded (none left
    at 'needs autograding')?"""
    path = corpus.course.grading / "gradebook.db"
    assert b"pwned" not in path.read_bytes()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute(
            "SELECT student.id, COUNT(*) FROM submitted_assignment "
            "JOIN student ON submitted_assignment.student_id = student.id "
            "GROUP BY student.id"
        ).fetchall()
    assert dict(rows) == {student: 1 for student in corpus.cases}
    for student in corpus.cases:
        folder = corpus.course.autograded_dir(student, PS03)
        assert (folder / f"{PS03}.ipynb").is_file(), student


def test_escape_attempts_fail_inside_the_sandbox(corpus):
    """Did the escaping notebook see none of the files it tried to read, write
    or delete, and no network?"""
    path = corpus.course.autograded_dir("escape", PS03) / f"{PS03}.ipynb"
    nb = nbformat.read(path, as_version=4)
    text = "".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    )
    assert "_tries" not in text and "network" in text
    assert "secret canary" not in text and "pwned" not in text
    assert "'network': 'open'" not in text
    assert "removed" not in text and "FileNotFoundError" in text


def test_import_placed_the_class_and_reported_the_rest(corpus):
    """Did the Canvas import place one folder per student, keep the later of
    two attempts, and report the older attempt and the junk file?"""
    out = corpus.import_run.stdout
    assert corpus.import_run.returncode == 0, corpus.import_run.stderr
    assert f"for {len(corpus.cases)} student(s)" in out
    assert "earlier attempt: duplicate also submitted" in out
    assert "__MACOSX/._junk: system file" in out
    assert "ps03.ipynb is not one of" in out


# ---- re-running after SIGKILL, and grading on a Dask cluster
@pytest.fixture(scope="module")
def small_class(tmp_path_factory, corpus):
    """A second course copy with six students, cloned from corpus cases."""
    tmp = tmp_path_factory.mktemp("small")
    course = copy_course(REPO, tmp / "course")
    like = {}
    for n, kind in enumerate(["solution", "wrong", "unchanged"] * 2, start=1):
        student = f"s{n}"
        like[student] = kind
        source = corpus.course.submitted_dir(kind, PS03)
        shutil.copytree(source, course.submitted_dir(student, PS03))
    return course, tmp / "home", like


def _grades(course, student):
    return sorted(
        (s.grade_id, s.score) for s in cell_scores(course.gradebook_url, PS03, student)
    )


def test_a_killed_batch_finishes_on_rerun_without_duplicates(corpus, small_class):
    """After SIGKILL in the middle of `pmcourse autograde`, does a second run
    grade only what is missing, leaving exactly one submission per student
    with the same grades as a clean run?"""
    course, home, like = small_class
    home.mkdir(exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "pmcourse.cli",
        "--course",
        str(course.root),
        "autograde",
        PS03,
        "--jobs",
        "2",
        "--quiet",
    ]
    cmd += autograde_flags(cmd[cmd.index("autograde") :])
    process = subprocess.Popen(
        cmd,
        env=jupyter_env(home),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    store = StatusStore(status_path(course))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if store.path.exists() and len(store.records(PS03)) >= 1:
            break
        time.sleep(0.2)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    os.killpg(process.pid, signal.SIGKILL)  # its workers, as a crash would take them
    before = {r.student: r.graded_at for r in store.records(PS03)}
    assert 1 <= len(before) < len(like)
    rerun = run_cli(course, home, "autograde", PS03, "--jobs", "2", "--quiet")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert f"{len(before)} unchanged since last time" in rerun.stdout
    after = {r.student: r.graded_at for r in store.records(PS03)}
    assert sorted(after) == sorted(like)
    assert all(after[s] == t for s, t in before.items())
    with sqlite3.connect(course.grading / "gradebook.db") as db:
        counts = dict(
            db.execute(
                "SELECT student_id, COUNT(*) FROM submitted_assignment "
                "GROUP BY student_id"
            ).fetchall()
        )
    assert counts == {student: 1 for student in like}
    for student, kind in like.items():
        assert _grades(course, student) == _grades(corpus.course, kind), student


def test_dask_cluster_grades_like_the_process_pool(corpus, small_class):
    """Does `--dask ADDRESS` grade on a local Dask cluster with the same result,
    and does regrading one student change only that student?"""
    distributed = pytest.importorskip(
        "distributed", reason="the optional extra 'dask' is not installed"
    )
    course, home, like = small_class
    others = {s: _grades(course, s) for s in like if s != "s2"}
    stamps = {
        r.student: r.graded_at for r in StatusStore(status_path(course)).records(PS03)
    }
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        done = run_cli(
            course,
            home,
            "autograde",
            PS03,
            "--dask",
            cluster.scheduler_address,
            "--student",
            "s2",
            "--force",
            "--quiet",
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "graded 1 submission(s): 1 graded" in done.stdout
    assert _grades(course, "s2") == _grades(corpus.course, "wrong")
    assert {s: _grades(course, s) for s in others} == others
    now = {
        r.student: r.graded_at for r in StatusStore(status_path(course)).records(PS03)
    }
    assert [s for s in now if now[s] != stamps[s]] == ["s2"]
