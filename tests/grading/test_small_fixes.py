"""The instructor's small annoyances, fixed: help examples, messages, pipes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from _corpus import PS03, REPO

from pmcourse.cli import main, resolve_assignment
from pmcourse.grading.late import LatePolicy, lateness
from pmcourse.grading.status import Decision, Record, StatusStore


def test_import_help_example_works(capsys):
    """Does `pmcourse import --help` show an example whose assignment exists,
    and is a unique prefix (`ps03`) accepted everywhere?"""
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    example = out.split("example: ", 1)[1].split()
    assert example[:2] == ["pmcourse", "import"]
    assert resolve_assignment(REPO, example[2]) == example[2]
    assert resolve_assignment(REPO, "ps03") == PS03


def test_unknown_assignment_and_missing_zip_say_so(capsys, tmp_path):
    """Does `export ps99` say the assignment is unknown, and `import` of a
    missing zip say it does not exist?"""
    assert main(["--course", str(REPO.root), "export", "ps99"]) == 2
    assert "unknown assignment 'ps99'" in capsys.readouterr().err
    missing = tmp_path / "download.zip"
    assert main(["--course", str(REPO.root), "import", PS03, str(missing)]) == 2
    assert f"{missing} does not exist" in capsys.readouterr().err


def test_status_without_submissions_says_so(capsys, tmp_path):
    """Does `status` on an assignment nobody handed in say so instead of
    printing nothing?"""
    (tmp_path / "grading").mkdir()
    (tmp_path / "grading" / "nbgrader_config.py").write_text("")
    (tmp_path / "solutions" / "ps01_demo").mkdir(parents=True)
    (tmp_path / "solutions" / "ps01_demo" / "ps01_demo.ipynb").write_text("{}")
    assert main(["--course", str(tmp_path), "status", "ps01"]) == 0
    assert "no submissions of ps01_demo yet" in capsys.readouterr().out


def test_variant_json_into_a_closed_pipe_ends_quietly():
    """Does `pmcourse variant --json | head` end without a BrokenPipe
    traceback?"""
    students = [arg for n in range(300) for arg in ("--student", f"s{n}")]
    process = subprocess.Popen(
        [sys.executable, "-m", "pmcourse.cli", "--course", str(REPO.root)]
        + ["variant", PS03, "--json", *students],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.read(20).startswith(b"[")
    process.stdout.close()  # what `head` does after its lines
    err = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert process.returncode == 0


def test_late_penalty_rule():
    """Is lateness whole days after the grace, capped, and an LMS mark
    without a time one day?"""
    rule = LatePolicy("2026-03-01T23:59", grace_minutes=15, per_day=10, cap=25)
    assert lateness(rule, "2026-03-02T00:14").days == 0
    assert lateness(rule, "2026-03-02T00:15:01").percent == 10
    assert lateness(rule, "2026-03-05T00:00").percent == 25
    assert lateness(rule, "", lms_late=True).days == 1
    assert lateness(rule, "2026-03-03T12:00").apply(11.0) == 8.8
    with pytest.raises(ValueError, match="per_day"):
        LatePolicy("2026-03-01", per_day=120)


def test_decisions_keep_history_and_follow_the_submission(tmp_path):
    """Is every decision kept, the last one in force, a reopen withdrawing it,
    and a decision on an older submission (another checksum) ignored?"""
    store = StatusStore(tmp_path / "s.db")
    store.save(Record("ps", "ada", "tampered", 11.0, 15.0, 1.0, checksum="c1"))
    store.decide(Decision("ps", "ada", "accept", None, "fine", "kim", 1.0, "c1"))
    store.decide(Decision("ps", "ada", "score", 9.0, "part 3", "lee", 2.0, "c1"))
    assert store.standing("ps")["ada"].score == 9.0
    store.decide(Decision("ps", "ada", "reopen", None, "", "kim", 3.0, "c1"))
    assert store.standing("ps") == {}
    store.decide(Decision("ps", "ada", "accept", None, "ok", "kim", 4.0, "c1"))
    store.save(Record("ps", "ada", "tampered", 11.0, 15.0, 1.0, checksum="c2"))
    assert store.standing("ps") == {}
    assert [d.who for d in store.decisions("ps", "ada")] == ["kim", "lee", "kim", "kim"]
    assert json.dumps(store.decisions("ps")[0].describe())
