"""Does the progress store keep a learner's work safely (issue 20)?"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys

import pytest

from pmcourse import progress
from pmcourse.cli import main as cli_main
from pmcourse.progress.store import _SCHEMA_V1, SCHEMA_VERSION, ProgressStore


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private progress folder, as PMCOURSE_PROGRESS_DIR."""
    folder = tmp_path / "progress"
    monkeypatch.setenv(progress.ENV_VAR, str(folder))
    return folder


def test_default_path_follows_the_override(home):
    """Does PMCOURSE_PROGRESS_DIR move the file?"""
    assert progress.default_path() == home / "progress.sqlite3"


def test_default_path_is_the_user_data_folder(monkeypatch, tmp_path):
    """Without the override, is the file in the user data folder of HOME?"""
    monkeypatch.delenv(progress.ENV_VAR, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    path = progress.default_path()
    assert path.is_relative_to(tmp_path), path
    assert "pmcourse" in path.parts


def test_survives_a_restart(home):
    """Is what one Python process wrote there for the next one?"""
    code = (
        "from pmcourse import progress\n"
        "progress.record_self_check('04_earned_value', 'What is CPI?', 1, True, 1)\n"
        "progress.record_practice([{'item': 'F-EVM-01', 'domain': 2, "
        "'task': '2.3', 'correct': False, 'seconds': 42.5, 'response': '0.9'}])\n"
    )
    env = {**__import__("os").environ, progress.ENV_VAR: str(home)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    fresh = ProgressStore()
    checks = fresh.table("self_checks")
    assert checks[["lesson", "correct"]].values.tolist() == [["04_earned_value", 1]]
    practice = fresh.table("practice")
    assert practice.loc[0, "seconds"] == 42.5
    assert json.loads(practice.loc[0, "response"]) == "0.9"


def _writer(args):
    folder, who, n = args
    import os

    os.environ["PMCOURSE_PROGRESS_DIR"] = folder
    from pmcourse import progress as p

    for k in range(n):
        assert p.record_practice(
            [{"item": f"{who}-{k}", "domain": 1 + k % 4, "correct": k % 2 == 0}]
        )
        assert p.record_self_check("01_lifecycles", f"{who} q{k}", 0, True, 1)
    return n


def test_two_notebooks_writing_at_once_lose_nothing(home):
    """Do two processes writing at the same time keep every row?"""
    n = 150
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        done = pool.map(_writer, [(str(home), "a", n), (str(home), "b", n)])
    assert done == [n, n]
    s = ProgressStore()
    practice = s.table("practice")
    assert len(practice) == 2 * n
    assert practice["item"].nunique() == 2 * n
    assert len(s.table("self_checks")) == 2 * n
    con = sqlite3.connect(s.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_export_and_forget(home, tmp_path, capsys):
    """Does the learner get all their data, and can they delete it?"""
    progress.record_self_check("04_earned_value", "What is SPI?", 2, False, 1)
    progress.record_validation("ps04_earned_value", 7, 9)
    target = tmp_path / "mine.json"
    assert cli_main(["progress", "--export", str(target)]) == 0
    data = json.loads(target.read_text())
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["validations"][0]["passed"] == 7
    assert data["self_checks"][0]["lesson"] == "04_earned_value"
    path = progress.default_path()
    assert path.exists()
    assert cli_main(["progress", "--forget"]) == 0
    assert not path.exists()
    assert not list(home.glob("progress.sqlite3*"))
    assert "deleted" in capsys.readouterr().out
    # recording again starts a new, empty file
    progress.record_lesson("00_start_here")
    assert len(ProgressStore().table("self_checks")) == 0


def test_upgrades_an_older_file(home):
    """Is a version-1 file upgraded in place, with its rows kept?"""
    home.mkdir(parents=True)
    path = home / "progress.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(_SCHEMA_V1)
    con.execute(
        "INSERT INTO practice (at, item, domain, difficulty, response, correct, "
        "seconds) VALUES (1.0, 'D2-003', 2, 2, '\"B\"', 1, 30.0)"
    )
    con.execute(
        "INSERT INTO self_checks (at, lesson, question, chosen, correct, attempt) "
        "VALUES (1.0, '03_scheduling', 'abc', 1, 1, 1)"
    )
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    s = ProgressStore(path)
    old = s.table("practice")
    assert s.schema_version() == SCHEMA_VERSION
    assert old.loc[0, "item"] == "D2-003" and old.loc[0, "mode"] == "exam"
    s.record_practice(
        [
            {
                "item": "F-EVM-01",
                "domain": 2,
                "task": "2.3",
                "correct": True,
                "mode": "adaptive",
                "seed": 5,
            }
        ]
    )
    new = s.table("practice")
    assert new["mode"].tolist() == ["exam", "adaptive"]
    assert new["task"].tolist()[1] == "2.3"
    assert len(s.table("self_checks")) == 1
    assert len(s.table("validations")) == 0


def test_refuses_a_newer_file(home):
    """Does an older pmcourse refuse to write into a newer file?"""
    home.mkdir(parents=True)
    con = sqlite3.connect(home / "progress.sqlite3")
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(ValueError, match="newer than this pmcourse"):
        ProgressStore().record_lesson("00_start_here")


def test_recording_never_breaks_a_lesson(tmp_path, monkeypatch):
    """When the folder cannot be written, does recording warn instead of fail?"""
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(progress.ENV_VAR, str(blocker))
    monkeypatch.setattr("pmcourse.progress.recording._WARNED", set())
    with pytest.warns(RuntimeWarning, match="could not record"):
        assert progress.record_self_check("01_lifecycles", "q", 0, True, 1) is False


def test_bad_rows_are_refused(home):
    """Does a practice row without its item name say so?"""
    with pytest.raises(ValueError, match="practice row 0 lacks item"):
        ProgressStore().record_practice([{"domain": 1, "correct": True}])
    with pytest.raises(ValueError, match="event must be"):
        ProgressStore().record_lesson("00_start_here", "closed")
