"""Are a student's Validate results recorded, and grading runs never?"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
import tornado.httputil
import tornado.web
from nbformat.v4 import new_code_cell, new_notebook

from pmcourse import progress
from pmcourse.progress import server
from pmcourse.setup_lab import free_port

ASSIGNMENT = "ps99_demo"


def _test_cell(grade_id, source):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": False,
        "locked": True,
        "points": 1,
        "grade_id": grade_id,
        "schema_version": 3,
        "task": False,
    }
    return cell


def _notebook():
    """An exercise: one answer, part 1 that passes, part 2 that fails."""
    answer = new_code_cell("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION")
    answer.metadata["nbgrader"] = {
        "grade": False,
        "solution": True,
        "grade_id": "answer",
        "locked": False,
        "schema_version": 3,
        "task": False,
    }
    return new_notebook(
        cells=[
            answer,
            _test_cell("check_one", "assert answer == 42"),
            _test_cell("check_two", "assert answer == 41, 'not 41'"),
        ]
    )


NBGRADER_FAILED = {"failed": [{"source": "assert answer == 41, 'not 41'"}]}


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path / "progress"))
    return progress.default_store()


@pytest.fixture
def student_copy(tmp_path):
    folder = tmp_path / "home" / ASSIGNMENT
    folder.mkdir(parents=True)
    path = folder / f"{ASSIGNMENT}.ipynb"
    nbformat.write(_notebook(), path)
    return path


def test_parts_are_read_from_nbgrader_s_answer():
    """Does a test cell pass unless nbgrader lists it as failed, are answer
    cells left out, and is a run nbgrader refused (changed cells) not read?"""
    nb = _notebook()
    written = new_code_cell("")
    written.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "w"}
    nb.cells.append(written)
    assert progress.validate_parts(nb, NBGRADER_FAILED) == {
        "check_one": True,
        "check_two": False,
    }
    assert progress.validate_parts(nb, {"changed": [{"source": "x"}]}) is None


def test_a_validate_run_is_recorded_with_its_parts(store, student_copy):
    """Does a Validate run land in the store, part by part, and in the summary?"""
    assert progress.record_validate(student_copy, NBGRADER_FAILED)
    runs = store.table("validations")
    assert runs[["assignment", "passed", "total"]].values.tolist() == [
        [ASSIGNMENT, 1, 2]
    ]
    parts = store.table("validated_parts")
    assert parts[["part", "passed"]].values.tolist() == [
        ["check_one", 1],
        ["check_two", 0],
    ]
    assert parts["validation"].tolist() == [runs["id"][0]] * 2
    assert progress.record_validate(student_copy, {})  # fixed: all pass
    summary = progress.validation_summary(store)
    assert summary.loc[ASSIGNMENT, ["runs", "passed", "total"]].tolist() == [2, 2, 2]
    assert summary.loc[ASSIGNMENT, "failing"] == ""


@pytest.mark.parametrize("where", ["gradebook", "submitted", "source"])
def test_validate_in_an_instructors_course_records_nothing(store, tmp_path, where):
    """Does validating a collected, graded or source copy leave the store alone?"""
    course = tmp_path / "course"
    folder = {
        "gradebook": course / "autograded" / "ana" / ASSIGNMENT,
        "submitted": course / "submitted" / "ana" / ASSIGNMENT,
        "source": course / "source" / ASSIGNMENT,
    }[where]
    folder.mkdir(parents=True)
    (
        course / ("gradebook.db" if where == "gradebook" else "nbgrader_config.py")
    ).touch()
    nbformat.write(_notebook(), folder / f"{ASSIGNMENT}.ipynb")
    assert not progress.record_validate(folder / f"{ASSIGNMENT}.ipynb", {})
    assert not store.path.exists()


def test_validate_is_served_by_the_recording_handler():
    """Loaded after nbgrader's extension (as Jupyter loads them, by name),
    does the course's handler answer nbgrader's Validate address?"""
    from nbgrader.server_extensions.validate_assignment import handlers

    app = tornado.web.Application([], base_url="/base/")

    class FakeServer:
        web_app = app
        root_dir = "/course"
        log = __import__("logging").getLogger("fake-server")

    handlers.load_jupyter_server_extension(FakeServer)
    server._load_jupyter_server_extension(FakeServer)
    request = tornado.httputil.HTTPServerRequest(
        start_line=tornado.httputil.RequestStartLine(
            "POST", "/base/assignments/validate", "HTTP/1.1"
        ),
        headers=tornado.httputil.HTTPHeaders({"Host": "127.0.0.1"}),
    )
    found = app.find_handler(request).handler_class
    assert found.__name__ == "RecordingValidateHandler"
    assert issubclass(found, handlers.ValidateAssignmentHandler)


def _nbgrader(args, cwd, env):
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _jupyter_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NBGRADER")}
    for name in ("HOME", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(tmp_path / name.lower())
    env["MPLCONFIGDIR"] = str(tmp_path / "mpl")
    env["JUPYTER_CONFIG_DIR"] = str(tmp_path / "config")
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    env[progress.ENV_VAR] = str(tmp_path / "progress")
    (tmp_path / "config").mkdir()
    extensions = {
        "nbgrader.server_extensions.validate_assignment": True,
        "pmcourse.progress.server": True,
    }
    (tmp_path / "config" / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}})
    )
    return env


def _validate_over_http(root, notebook, env):
    """Start a Jupyter server on 127.0.0.1 and press Validate as the lab does."""
    port, token = free_port(0), secrets.token_hex(8)
    cmd = [sys.executable, "-m", "jupyter_server", f"--ServerApp.root_dir={root}"]
    cmd += ["--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}"]
    cmd += [f"--IdentityProvider.token={token}", "--no-browser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"token {token}"}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(f"{base}/api/status", headers=headers)
                ):
                    break
            except OSError:
                assert time.monotonic() < deadline, "Jupyter server did not start"
                assert proc.poll() is None, "Jupyter server exited"
                time.sleep(0.5)
        body = urllib.parse.urlencode({"path": str(notebook.relative_to(root))})
        request = urllib.request.Request(
            f"{base}/assignments/validate", data=body.encode(), headers=headers
        )
        with urllib.request.urlopen(request, timeout=300) as answer:
            return json.loads(answer.read())
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _nbgrader(args, cwd, env):
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.mark.slow
def test_real_validate_records_and_real_autograde_does_not(tmp_path):
    """Through a real Jupyter server with nbgrader's and the course's
    extensions, does Validate answer as nbgrader does and record each part,
    and does ``nbgrader autograde`` of the same work record nothing?"""
    env = _jupyter_env(tmp_path)
    store = progress.ProgressStore(tmp_path / "progress" / "progress.sqlite3")
    course = tmp_path / "course"
    source = course / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.db_assignments = [{{'name': '{ASSIGNMENT}'}}]\n"
        "c.CourseDirectory.db_students = [{'id': 'ana'}]\n"
    )
    nbformat.write(_notebook(), source / f"{ASSIGNMENT}.ipynb")
    _nbgrader(["generate_assignment", ASSIGNMENT, "--force"], course, env)

    student = tmp_path / "student" / ASSIGNMENT
    student.mkdir(parents=True)
    work = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    work.cells[0].source = work.cells[0].source.replace(
        "# YOUR CODE HERE\nraise NotImplementedError()", "answer = 42"
    )
    nbformat.write(work, student / f"{ASSIGNMENT}.ipynb")
    answer = _validate_over_http(
        tmp_path / "student", student / f"{ASSIGNMENT}.ipynb", env
    )
    assert answer["success"], answer
    assert [f["source"] for f in answer["value"]["failed"]] == [
        "assert answer == 41, 'not 41'"
    ]
    parts = store.table("validated_parts")
    assert parts[["assignment", "part", "passed"]].values.tolist() == [
        [ASSIGNMENT, "check_one", 1],
        [ASSIGNMENT, "check_two", 0],
    ]

    submitted = course / "submitted" / "ana" / ASSIGNMENT
    submitted.mkdir(parents=True)
    shutil.copy(student / f"{ASSIGNMENT}.ipynb", submitted)
    _nbgrader(["autograde", ASSIGNMENT, "--force"], course, env)
    assert (course / "autograded" / "ana" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists()
    assert len(store.table("validations")) == 1, "autograde recorded a Validate run"
    assert len(store.table("validated_parts")) == 2
