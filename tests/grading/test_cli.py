"""The `pmcourse` command (src/pmcourse/cli.py) end to end on the graded corpus."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _corpus import PS03, REPO, run_cli

from pmcourse.cli import find_course, main
from pmcourse.grading.autograde import gradebook_sources
from pmcourse.grading.course import jupyter_env
from pmcourse.grading.feedback import hidden_lines

SUBCOMMANDS = [
    "release",
    "import",
    "autograde",
    "status",
    "feedback",
    "export",
    "report",
    "variant",
    "review",
    "due",
]


def test_help_lists_every_subcommand_with_an_example(capsys):
    """Does `pmcourse --help` name every subcommand and show an example of each?"""
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert re.search(rf"^\s+{name}\s", out, re.MULTILINE), name
        assert f"pmcourse {name} " in out, name
    with pytest.raises(SystemExit):
        main(["autograde", "--help"])
    assert "--dask ADDRESS" in capsys.readouterr().out


def test_find_course_walks_up_and_names_the_problem(tmp_path):
    """Is the course found from a subfolder, and a folder outside refused?"""
    assert find_course(REPO.grading / "submitted") == REPO.root
    with pytest.raises(ValueError, match="grading/nbgrader_config.py"):
        find_course(tmp_path)


pytestmark_slow = pytest.mark.slow


@pytestmark_slow
def test_release_also_released_to_the_exchange(corpus):
    """Did `pmcourse release` leave the assignment in the course's exchange?"""
    outbound = corpus.course.grading / "exchange" / "pmcourse" / "outbound" / PS03
    assert (outbound / f"{PS03}.ipynb").is_file()


@pytestmark_slow
def test_status_json_has_one_truthful_record_per_student(corpus):
    """Does `status --json`, run from a subfolder without --course, give every
    student with the agreed keys and a blank score for invalid work?"""
    cwd = corpus.course.grading / "submitted"
    done = run_cli(corpus.course, corpus.home, "status", PS03, "--json", cwd=cwd)
    assert done.returncode == 0, done.stderr
    rows = {row["student"]: row for row in json.loads(done.stdout)}
    assert set(rows) == set(corpus.cases)
    for row in rows.values():
        assert set(row) >= {
            "student",
            "status",
            "score",
            "max_score",
            "seconds",
            "problems",
            "decision",
            "late",
            "penalty_percent",
            "to_mark",
        }
    assert rows["solution"]["score"] == 11 and rows["solution"]["max_score"] == 15
    assert rows["empty_file"]["status"] == "invalid"
    assert rows["empty_file"]["score"] is None and rows["empty_file"]["problems"]
    text = run_cli(corpus.course, corpus.home, "status", PS03)
    assert "timed-out" in text.stdout and "infinite_loop" in text.stdout


@pytestmark_slow
def test_export_never_writes_zero_for_work_that_was_not_graded(corpus, tmp_path):
    """Does each export format leave every non-graded submission blank (never
    0), list it with its status, and give graded ones their score?"""
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,lms_id,name,email\nsolution,42,Sol Ution,s@x.org\n")
    for fmt in ("csv", "canvas", "moodle"):
        out = tmp_path / f"{fmt}.csv"
        done = run_cli(
            corpus.course,
            corpus.home,
            "export",
            PS03,
            "--format",
            fmt,
            "--roster",
            str(roster),
            "-o",
            str(out),
        )
        assert done.returncode == 0, done.stderr
        rows = list(csv.reader(io.StringIO(out.read_text())))
        blank_statuses = {c.status for c in corpus.cases.values()} - {"graded"}
        for case in corpus.cases.values():
            if case.status != "graded":
                assert f"left blank: {case.student} ({case.status})" in done.stderr
        if fmt == "csv":
            table = {r[0]: r for r in rows[1:]}
            assert table["solution"][3] == "11"
            assert table["wrong"][3] == "10" and table["unchanged"][3] == "0"
            for case in corpus.cases.values():
                if case.status != "graded":
                    assert table[case.student][2] == case.status
                    assert table[case.student][3] == ""
            assert blank_statuses >= {"invalid", "timed-out", "tampered"}
        elif fmt == "canvas":
            assert rows[0][-1] == PS03 and rows[1][0] == "Points Possible"
            assert ["Sol Ution", "42", "", "", "", "11"] in rows
        else:
            assert rows[0][:5] == [
                "Identifier",
                "Full name",
                "Email address",
                "Status",
                "Grade",
            ]
            assert [
                "Participant 42",
                "Sol Ution",
                "s@x.org",
                "graded",
                "11",
                "15",
            ] in rows
            assert ["Participant os_exit", "os_exit", "", "crashed", "", "15"] in rows


@pytestmark_slow
def test_feedback_shows_outcomes_but_no_hidden_test(corpus):
    """Does every student's feedback show each test's outcome and message, and
    never a line of a hidden test, not even for failing tests?"""
    done = run_cli(corpus.course, corpus.home, "feedback", PS03)
    assert done.returncode == 0, done.stderr
    secret = hidden_lines(gradebook_sources(corpus.course, PS03))
    assert len(secret) >= 7  # one checker call per part (answers.py holds the keys)
    for student in corpus.cases:
        page = corpus.course.feedback_dir(student, PS03) / f"{PS03}.html"
        text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text()))
        assert "BEGIN HIDDEN TESTS" not in text and "_expected" not in text
        assert not [line for line in secret if line in text], student
        assert "Status:" in text
    wrong = corpus.course.feedback_dir("wrong", PS03) / f"{PS03}.html"
    text = html.unescape(re.sub(r"<[^>]+>", " ", wrong.read_text()))
    assert "Part 7, `commit_day`:" in text  # the specification names the part
    assert "Part 7: is commit_day a number of days after the start?" in text
    loop = corpus.course.feedback_dir("infinite_loop", PS03) / f"{PS03}.html"
    assert "not run" in loop.read_text()


@pytestmark_slow
def test_report_has_the_plots_and_the_failing_tests(corpus):
    """Does the report embed the score distribution and difficulty plots and
    list the commonest failing tests with their messages?"""
    done = run_cli(corpus.course, corpus.home, "report", PS03)
    assert done.returncode == 0, done.stderr
    page = (corpus.course.grading / "reports" / f"{PS03}.html").read_text()
    assert page.count("data:image/png;base64,") >= 2
    assert "Score distribution" in page and "difficulty" in page
    # the failing part's message names the mistake (the answer specification)
    assert "this is the plan's own finish" in html.unescape(page)
    assert "Needs your attention" in page and "infinite_loop" in page


@pytestmark_slow
def test_a_second_run_grades_nothing_new(corpus):
    """Does running autograde again on unchanged submissions grade none?"""
    done = run_cli(corpus.course, corpus.home, "autograde", PS03, "--quiet")
    assert done.returncode == 0, done.stderr
    assert f"{len(corpus.cases)} unchanged since last time" in done.stdout


@pytestmark_slow
def test_autograde_refuses_loudly_without_a_sandbox(corpus):
    """With no bubblewrap on PATH, does autograde refuse (exit 2) and say why,
    grading nothing?"""
    env = jupyter_env(corpus.home)
    env["PATH"] = str(Path(sys.executable).parent)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pmcourse.cli",
            "--course",
            str(corpus.course.root),
            "autograde",
            PS03,
            "--student",
            "solution",
            "--force",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "REFUSING TO GRADE" in done.stderr and "bubblewrap" in done.stderr


@pytestmark_slow
def test_no_sandbox_warns_and_grades_the_same(corpus):
    """Does --no-sandbox warn that student code runs with the grader's rights,
    and regrade one student to the same score?"""
    done = run_cli(
        corpus.course,
        corpus.home,
        "autograde",
        PS03,
        "--student",
        "solution",
        "--force",
        "--no-sandbox",
        "--quiet",
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING: --no-sandbox" in done.stderr
    assert "graded 1 submission(s): 1 graded" in done.stdout


def test_variant_shows_each_students_numbers_and_answer_key(capsys):
    """Does `pmcourse variant` print each named student's own variant (the
    notebook's salt, the same numbers the notebook draws) and, with
    --answers, that student's own correct answers?"""
    from pmcourse import variants

    salt = variants.notebook_salt(REPO.source_dir(PS03) / f"{PS03}.ipynb")
    assert salt != variants.DEFAULT_SALT
    code = main(
        [
            "--course",
            str(REPO.root),
            "variant",
            PS03,
            "--student",
            "ana",
            "--student",
            "ben",
            "--answers",
            "--json",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["student"] for r in rows] == ["ana", "ben"]
    for row in rows:
        drawn = variants.scenario(PS03, salt=salt, student=row["student"])
        assert row["variant"] == drawn.code
        assert row["params"] == json.loads(json.dumps(drawn.params))
    from pmcourse import schedule
    from pmcourse.variants import ps03

    for row in rows:
        drawn = variants.scenario(PS03, salt=salt, student=row["student"])
        expected = schedule.cpm(ps03.plan(drawn))
        es = row["answers"]["answer_forward_pass"]["es"]
        assert es == {k: pytest.approx(v) for k, v in expected["es"].items()}
    assert rows[0]["answers"] != rows[1]["answers"]


def test_variant_refuses_an_assignment_without_variants(capsys):
    """Does asking for the variants of ps01 fail with a message naming those
    that have them?"""
    code = main(["--course", str(REPO.root), "variant", "ps01_lifecycles"])
    assert code == 2
    assert "ps03_scheduling" in capsys.readouterr().err
