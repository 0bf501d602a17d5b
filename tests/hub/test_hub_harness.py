"""The hub's way through private folders: found at every depth, never opened."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hub_harness import hidden_prefixes, namespace_prefix


@pytest.fixture
def base():
    """An open folder in /tmp (pytest's own tmp_path sits in a 0700 folder)."""
    folder = Path(tempfile.mkdtemp(prefix="pmcourse-ns-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_every_closed_folder_on_the_way_is_found(base):
    """Are closed folders found at any depth, the path itself included (with
    all its entries), and open ones left alone?"""
    outer = base / "outer"
    repo = outer / "open" / "repo"
    (repo / ".venv").mkdir(parents=True)
    (repo / "README.md").write_text("x")
    outer.chmod(0o700)
    (outer / "open").chmod(0o755)
    repo.chmod(0o700)
    assert hidden_prefixes([repo]) == {
        outer: {"open"},
        repo: {".venv", "README.md"},
    }
    repo.chmod(0o755)
    assert hidden_prefixes([repo / ".venv"]) == {outer: {"open"}}


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("unshare"),
    reason="needs root, unshare and setpriv (util-linux) for a mount namespace",
)
def test_the_namespace_opens_the_way_and_changes_nothing_outside(base):
    """Inside the namespace, can a user other than the owner reach a file
    under two closed folders, while the folders keep their modes outside?"""
    outer = base / "outer"
    repo = outer / "p"
    repo.mkdir(parents=True)
    (repo / "hello.txt").write_text("hello")
    (repo / "hello.txt").chmod(0o644)
    outer.chmod(0o700)
    repo.chmod(0o700)
    scratch = base / "scratch"
    scratch.mkdir()
    prefix = namespace_prefix([repo], scratch)
    read = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    read += ["cat", str(repo / "hello.txt")]
    outside = subprocess.run(read, capture_output=True, text=True, check=False)
    assert outside.returncode != 0
    inside = subprocess.run(
        [*prefix, *read], capture_output=True, text=True, check=False
    )
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout == "hello"
    assert outer.stat().st_mode & 0o777 == 0o700
    assert repo.stat().st_mode & 0o777 == 0o700
