"""pmcourse.grading.exchange: collect refuses work handed in under another name."""

from __future__ import annotations

import logging
import os
import pwd
from pathlib import Path

import pytest
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config

from pmcourse.grading.course import jupyter_env
from pmcourse.grading.exchange import OwnerCheckedCollect, owner_of

STUDENT = "nobody"  # an account every Debian machine has


def _submission(inbound: Path, name: str, stamp: str, author: str, uid: int) -> None:
    folder = inbound / name
    folder.mkdir()
    (folder / "ps03.ipynb").write_text(author)
    (folder / "timestamp.txt").write_text(stamp)
    for path in (folder, *folder.iterdir()):
        os.chown(path, uid, -1)


@pytest.fixture
def exchange(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs root: submissions must be owned by another user")
    nobody = pwd.getpwnam(STUDENT).pw_uid
    inbound = tmp_path / "exchange" / "pmcourse" / "inbound"
    inbound.mkdir(parents=True)
    # the student's own submission, then a newer one filed under their name
    # by someone else (here root)
    _submission(
        inbound,
        f"{STUDENT}+ps03+2026-11-20 10:00:00.000000 UTC+aaaa",
        "2026-11-20 10:00:00.000000 UTC",
        "the student",
        nobody,
    )
    _submission(
        inbound,
        f"{STUDENT}+ps03+2026-11-21 10:00:00.000000 UTC+bbbb",
        "2026-11-21 10:00:00.000000 UTC",
        "an impostor",
        0,
    )
    return tmp_path


def _collect(root: Path) -> OwnerCheckedCollect:
    config = Config()
    config.CourseDirectory.root = str(root / "course")
    config.CourseDirectory.course_id = "pmcourse"
    config.CourseDirectory.assignment_id = "ps03"
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.Exchange.root = str(root / "exchange")
    coursedir = CourseDirectory(config=config)
    return OwnerCheckedCollect(
        coursedir=coursedir, authenticator=Authenticator(config=config), config=config
    )


@pytest.mark.slow  # nbgrader creates a gradebook (alembic): a few seconds
def test_collect_takes_the_students_own_work_not_a_newer_forgery(
    exchange, caplog, monkeypatch
):
    """When a newer submission under a student's name is owned by someone else,
    is the student's own (older) one collected, and the forgery named in the
    log as refused?"""
    # nbgrader creates the gradebook by running `alembic` from PATH
    monkeypatch.setenv("PATH", jupyter_env(base={"PATH": os.environ["PATH"]})["PATH"])
    collect = _collect(exchange)
    with caplog.at_level(logging.ERROR):
        collect.start()
    collected = exchange / "course" / "submitted" / STUDENT / "ps03" / "ps03.ipynb"
    assert collected.read_text() == "the student"
    assert [r["filename"].rsplit("+", 1)[1] for r in collect.refused_records] == [
        "bbbb"
    ]
    assert any("owned by the user 'root'" in r.getMessage() for r in caplog.records)


def test_owner_of_names_the_user(tmp_path):
    """Does owner_of name the owning account, and a bare id with no account?"""
    path = tmp_path / "f"
    path.write_text("x")
    assert owner_of(path) == pwd.getpwuid(os.getuid()).pw_name
    if os.geteuid() == 0:
        os.chown(path, 54321, -1)  # an id with no account
        assert owner_of(path) == "uid 54321"
