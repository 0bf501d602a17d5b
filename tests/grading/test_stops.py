"""Stopping `pmcourse autograde`: kill -9 of the grader, Ctrl-C once, twice.

A small class of three (one quick, two with a cell that sleeps) is graded by
the real command in its own session with its own temporary folder, so that
every process of a run can be found: the grader's session (pool, fork
server, resource tracker, workers) and anything whose command line names
the run's temporary folder (bubblewrap and the kernels in it).
"""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from _corpus import PS03, REPO

from pmcourse import doctor
from pmcourse.grading.autograde import status_path
from pmcourse.grading.course import copy_course, jupyter_env
from pmcourse.grading.status import StatusStore
from pmcourse.grading.submissions import answer_cells, fill_answers, read_notebook

pytestmark = pytest.mark.slow

SLEEP = 12  # seconds the slow submissions sleep in a cell of their own


def _run_processes(session: int, marker: str) -> list[str]:
    """Return the live processes of a run: its session or naming its folder."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            sid = os.getsid(int(entry.name))
        except (OSError, ValueError):
            continue
        if state[0] == "Z":  # a zombie is already dead, waiting for its reaper
            continue
        if sid == session or marker in cmdline:
            found.append(f"{entry.name} {cmdline[:160]}")
    return found


def _gone(session: int, marker: str, within: float = 20.0) -> list[str]:
    deadline = time.monotonic() + within
    while True:
        alive = _run_processes(session, marker)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.5)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A course copy with one quick and two slow ps03 submissions."""
    tmp = tmp_path_factory.mktemp("stops")
    course = copy_course(REPO, tmp / "course")
    release = read_notebook(course.release_dir(PS03) / f"{PS03}.ipynb")
    source = read_notebook(course.source_dir(PS03) / f"{PS03}.ipynb")
    solved = fill_answers(release, answer_cells(source))
    slow = copy.deepcopy(solved)
    slow.cells.insert(1, nbformat.v4.new_code_cell(f"import time\ntime.sleep({SLEEP})"))
    for student, nb in [("s1", solved), ("s2", slow), ("s3", slow)]:
        folder = course.submitted_dir(student, PS03)
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{PS03}.ipynb")
    home = tmp / "home"
    home.mkdir()
    runs = tmp / "runs"
    runs.mkdir()
    return course, home, runs


def _start(course, home, runs: Path, name: str) -> tuple[subprocess.Popen, str]:
    marker = str(runs / name)
    os.makedirs(marker)
    env = jupyter_env(home)
    env["TMPDIR"] = marker
    cmd = [sys.executable, "-m", "pmcourse.cli", "--course", str(course.root)]
    cmd += ["autograde", PS03, "--jobs", "2", "--quiet", "--cell-timeout", "60"]
    if doctor.missing("sandbox"):
        # the point here is stopping and resuming, not the confinement: on a
        # machine without bubblewrap the grader runs these trusted fixtures
        # unsandboxed (it refuses to without this flag)
        cmd.append("--no-sandbox")
    # files, not pipes: a pipe held open by a survivor would hang the test
    with open(f"{marker}.out", "w") as out, open(f"{marker}.err", "w") as err:
        process = subprocess.Popen(
            cmd, env=env, start_new_session=True, stdout=out, stderr=err
        )
    return process, marker


def _finish(process: subprocess.Popen, marker: str, timeout: float) -> tuple[str, str]:
    process.wait(timeout=timeout)
    return Path(f"{marker}.out").read_text(), Path(f"{marker}.err").read_text()


def _kernels_running(marker: str) -> int:
    return sum("ipykernel_launcher" in p for p in _run_processes(-1, marker))


def _wait(what, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while not what():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.3)


def test_kill_ctrl_c_and_rerun(small):
    """kill -9 of the grader leaves no process; Ctrl-C once stops every
    sandbox and exits with a summary, recording nothing new; Ctrl-C twice
    exits at once; a rerun then grades exactly the missing submissions."""
    course, home, runs = small
    store = StatusStore(status_path(course))

    # kill -9 of the grader alone, once s1 is recorded and s2/s3 run
    process, marker = _start(course, home, runs, "kill")
    _wait(lambda: store.path.exists() and len(store.records(PS03)) >= 1)
    _wait(lambda: _kernels_running(marker) >= 1)
    os.kill(process.pid, signal.SIGKILL)
    time.sleep(3)  # a zombie grader (its parent not waiting yet) counts as dead
    process.wait()
    alive = _gone(process.pid, marker)
    assert alive == [], alive
    first = {r.student: r.graded_at for r in store.records(PS03)}
    assert list(first) == ["s1"]

    # Ctrl-C once, as a terminal sends it (to the whole process group)
    process, marker = _start(course, home, runs, "int1")
    _wait(lambda: _kernels_running(marker) >= 2)
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    out, err = _finish(process, marker, 60)
    assert time.monotonic() - started < SLEEP, "Ctrl-C waited for the sandboxes"
    assert process.returncode == 130, err
    assert "stopping: no new submission starts" in err
    assert "Traceback" not in err
    assert "stopped by Ctrl-C: 2 submission(s) not graded (s2, s3)" in out
    assert _gone(process.pid, marker) == []
    assert {r.student for r in store.records(PS03)} == {"s1"}

    # Ctrl-C twice: out at once
    process, marker = _start(course, home, runs, "int2")
    _wait(lambda: _kernels_running(marker) >= 1)
    os.killpg(process.pid, signal.SIGINT)
    os.killpg(process.pid, signal.SIGINT)
    out, err = _finish(process, marker, 30)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert _gone(process.pid, marker) == []

    # the rerun grades s2 and s3 only
    process, marker = _start(course, home, runs, "rerun")
    out, err = _finish(process, marker, 300)
    assert process.returncode == 0, err[-2000:]
    assert "graded 2 submission(s): 2 graded; 1 unchanged since last time" in out
    now = {r.student: r.graded_at for r in store.records(PS03)}
    assert sorted(now) == ["s1", "s2", "s3"] and now["s1"] == first["s1"]
