"""The bubblewrap sandbox: command line, limits and the self-test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pmcourse.grading.sandbox import (
    Limits,
    check_sandbox,
    hidden_paths,
    prepare_workdir,
    readable_paths,
    visible_tops,
    wrap_command,
)

# Skips without a working sandbox, naming bubblewrap (tests/conftest.py).
needs_bwrap = pytest.mark.sandbox


def test_limits_reject_nonsense():
    """Does a zero or negative limit raise ValueError naming it?"""
    with pytest.raises(ValueError, match="memory_mb"):
        Limits(memory_mb=0)
    with pytest.raises(ValueError, match="cpu_seconds"):
        Limits(cpu_seconds=-1)


def test_command_isolates_by_construction(tmp_path):
    """Does the command line unshare the network and processes, bind only the
    system folders read-only (never `/`), leave a hidden folder out and bind
    only the work folder writable?"""
    secret = tmp_path / "course"
    secret.mkdir()
    line = wrap_command(["/bin/true"], tmp_path / "w", Limits(), hidden=[secret])
    ro = [line[i + 1] for i, a in enumerate(line) if a == "--ro-bind"]
    assert "/" not in ro and "/usr" in ro
    assert not [p for p in ro if p.startswith(("/var", "/home", "/root", "/srv"))]
    assert str(secret) not in line
    for flag in (
        "--unshare-net",
        "--unshare-pid",
        "--die-with-parent",
        "--new-session",
        "--clearenv",
    ):
        assert flag in line
    binds = [line[i + 1] for i, a in enumerate(line) if a == "--bind"]
    assert binds == [str(tmp_path / "w")]


def test_hidden_paths_cover_home_and_this_repository():
    """Are the home folder and the repository holding the gradebook hidden,
    while Python and the library are bound back?"""
    repo = Path(__file__).resolve().parents[2]
    assert repo in hidden_paths() and Path.home().resolve() in hidden_paths()
    assert Path(sys.prefix).resolve() in readable_paths()
    assert (repo / "src") in readable_paths()


@needs_bwrap
def test_self_test_passes_here():
    """Does the sandbox prove itself on this machine (hidden folders empty,
    system read-only, no network, work folder writable)?"""
    verdict = check_sandbox()
    assert verdict.ok, verdict.reason


@needs_bwrap
def test_limits_apply_inside(tmp_path):
    """Does a process in the sandbox fail to allocate past its memory limit
    and see no network, while writing in its folder works?"""
    work = tmp_path / "w"
    work.mkdir()
    prepare_workdir(work)
    code = (
        "import socket\n"
        "try:\n    b = bytearray(600 * 1024 * 1024); print('allocated')\n"
        "except MemoryError:\n    print('memory-error')\n"
        "open('out.txt', 'w').write('x')\n"
        "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
        "except OSError as e:\n    print('no-net', type(e).__name__)\n"
    )
    line = wrap_command(
        [sys.executable, "-I", "-S", "-c", code],
        work,
        Limits(memory_mb=256),
        hidden=hidden_paths(),
        readable=readable_paths(),
    )
    done = subprocess.run(line, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "memory-error" in done.stdout and "no-net" in done.stdout
    assert (work / "out.txt").read_text() == "x"
    if os.getuid() == 0:
        assert (work / "out.txt").stat().st_uid == 65534


@needs_bwrap
def test_only_the_system_and_python_are_visible(tmp_path):
    """Inside the sandbox, does `/` list only the system folders, the Python
    environment's way in and the work folder's, and is a file planted in
    /var/tmp (outside the course, readable by anyone) absent?"""
    planted = Path(tempfile.mkdtemp(prefix="pmcourse-plant-", dir="/var/tmp"))
    try:
        secret = planted / "answers.txt"
        secret.write_text("planted secret 4711")
        os.chmod(planted, 0o755)
        work = tmp_path / "w"
        work.mkdir()
        prepare_workdir(work)
        code = (
            "import os, sys\n"
            "print('ROOT', sorted(os.listdir('/')))\n"
            "print('VAR', os.path.exists('/var'))\n"
            "try:\n    print('READ', open(sys.argv[1]).read())\n"
            "except OSError as e:\n    print('READ-FAILED', type(e).__name__)\n"
        )
        readable = readable_paths()
        line = wrap_command(
            [sys.executable, "-I", "-S", "-c", code, str(secret)],
            work,
            Limits(),
            hidden=hidden_paths(),
            readable=readable,
        )
        done = subprocess.run(
            line, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        assert secret.read_text() == "planted secret 4711"  # readable outside
    finally:
        shutil.rmtree(planted)
    assert "planted secret" not in done.stdout
    assert "READ-FAILED FileNotFoundError" in done.stdout
    assert "VAR False" in done.stdout
    root = eval(done.stdout.split("ROOT ", 1)[1].splitlines()[0])
    assert set(root) <= visible_tops(readable, work), root
    assert {"usr", "tmp", "proc", "dev"} <= set(root)
    assert not {"var", "home", "srv", "mnt", "opt", "media"} & set(root)
