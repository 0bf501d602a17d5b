"""A JupyterLab on a temporary copy of the course, and Chromium to drive it.

One JupyterLab serves every browser test of a run (session fixture): it is
started the way ``make lab`` starts it (``pmcourse.setup_lab.lab_command``:
127.0.0.1, a token, ``--allow-root`` as root), on a temporary copy of the
course, with a throw-away home and Jupyter/IPython/matplotlib folders, so the
tests write nothing into the repository or the user's settings. The venv's
nbgrader extensions are the ones in play (enabled at the environment level,
checked before any test runs).

Chromium is Debian's (/usr/bin/chromium), driven by Playwright for Python; no
browser is ever downloaded. A test that fails leaves a screenshot in
``test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from lab_ui import ARTIFACTS, ASSIGNMENT, GRADED_STUDENT
from playwright.sync_api import expect

from pmcourse import doctor
from pmcourse.grading.course import Course, copy_course, jupyter_env, run_nbgrader
from pmcourse.grading.submissions import FakeStudent, fake_students, submit
from pmcourse.setup_lab import NBGRADER_LAB_PLUGINS, free_port, lab_command

REPO = Path(__file__).resolve().parents[2]
# JupyterLab on two busy cores: wait up to a minute for what a person would see.
expect.set_options(timeout=60_000)
CHROMIUM = Path(doctor.chromium_path() or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _collect(lines: list[str], stream) -> None:
    for line in stream:
        lines.append(line)


@dataclass
class LabServer:
    """A running JupyterLab: its address, token, course copy and log."""

    url: str
    token: str
    course: Course
    process: subprocess.Popen
    log: list[str]
    graded: Future

    def api(self, method: str, path: str) -> tuple[int, bytes]:
        """Call the server's REST API; return the status and body."""
        request = urllib.request.Request(
            self.url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        try:
            # generous: on two busy cores the formgrader's first answer is slow
            with urllib.request.urlopen(request, timeout=90) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def shut_down_kernels(self) -> None:
        """Stop every kernel (each test starts its notebook's own)."""
        status, body = self.api("GET", "api/kernels")
        if status == 200:
            for kernel in json.loads(body):
                self.api("DELETE", f"api/kernels/{kernel['id']}")

    def wait_for_kernel(self, path: str, timeout: float = 120) -> None:
        """Wait until the notebook's kernel is idle and the browser is connected."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body = self.api("GET", "api/sessions")
            sessions = json.loads(body) if status == 200 else []
            for session in sessions:
                kernel = session.get("kernel") or {}
                if (
                    session.get("path") == path
                    and kernel.get("execution_state") == "idle"
                    and kernel.get("connections", 0) >= 1
                ):
                    return
            time.sleep(0.25)
        raise AssertionError(f"no idle, connected kernel for {path}:\n{self.tail()}")

    def tail(self, n: int = 60) -> str:
        """Return the last lines of the server's log."""
        return "".join(self.log[-n:])


def _prepare_graded_submission(course: Course, home: Path) -> str:
    """Release ps03 in the copy, submit a solved copy as ``ada``, autograde it.

    Runs nbgrader's own commands, as an instructor would before grading.
    """
    env = jupyter_env(home)
    run_nbgrader(course, ["generate_assignment", ASSIGNMENT, "--force"], env=env)
    solved = fake_students(course, ASSIGNMENT)[0]
    submit(course, ASSIGNMENT, FakeStudent(GRADED_STUDENT, solved.notebooks))
    run_nbgrader(course, ["autograde", ASSIGNMENT, "--force"], env=env)
    return GRADED_STUDENT


def _wait_until_ready(server: LabServer, timeout: float = 120) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.process.poll() is None:
        try:
            if server.api("GET", "api/status")[0] == 200:
                return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    return False


def _check_nbgrader_extensions(server: LabServer) -> None:
    """Fail early unless the venv's nbgrader extensions are active in the server."""
    status, body = server.api("GET", "lab")
    assert status == 200, body[:300]
    match = re.search(
        rb'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
        body,
        re.S,
    )
    assert match, "JupyterLab's page config is missing"
    config = json.loads(match.group(1))
    names = [ext["name"] for ext in config.get("federated_extensions", [])]
    assert "@jupyter/nbgrader" in names, (
        f"nbgrader's JupyterLab extension is not installed in the venv: {names}"
    )
    disabled = config.get("disabledExtensions") or []
    off = [p for p in NBGRADER_LAB_PLUGINS if p in disabled]
    assert not off, f"nbgrader plugins disabled (run `make venv`): {off}"
    status, body = server.api("GET", "formgrader/api/assignments")
    assert status == 200, f"formgrader server extension not active: {body[:300]!r}"


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory) -> LabServer:
    """JupyterLab serving a temporary copy of the course (one per test run)."""
    reason = doctor.missing("chromium")
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("lab")
    course = copy_course(Course(REPO), tmp / "course")
    shutil.copytree(
        REPO / "notebooks",
        course.root / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
    )
    home = tmp / "home"
    env = jupyter_env(home)
    # The instructor's preparation (release, a submission, autograde) runs
    # while JupyterLab starts and the lesson scenario runs.
    pool = ThreadPoolExecutor(max_workers=1)
    graded = pool.submit(_prepare_graded_submission, course, tmp / "nbgrader-home")
    port, token = free_port(0), secrets.token_hex(16)
    cmd = lab_command(course.root, port, token, open_browser=False)
    process = subprocess.Popen(
        cmd,
        cwd=course.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    log: list[str] = []
    reader = threading.Thread(target=_collect, args=(log, process.stdout), daemon=True)
    reader.start()
    server = LabServer(f"http://127.0.0.1:{port}/", token, course, process, log, graded)
    try:
        assert _wait_until_ready(server), "JupyterLab did not start:\n" + server.tail()
        _check_nbgrader_extensions(server)
        yield server
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=5)
        pool.shutdown(wait=True)


# module scope: Playwright's sync API allows one session per process, and
# later test modules (the book, the printable formula sheet) open their own
@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    """Debian's Chromium, headless, with a fresh profile, driven by Playwright."""
    reason = doctor.missing("chromium")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (for screenshots on failure)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(request, browser_context, lab_server):
    """A new browser tab; a screenshot is saved if the test fails."""
    tab = browser_context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        try:
            tab.screenshot(path=str(ARTIFACTS / f"FAILED-{name}.png"))
        except Exception as err:  # the page may be gone: report, do not mask
            print(f"no screenshot of the failure: {err}")
        print(f"JupyterLab log (tail):\n{lab_server.tail()}")
    tab.close()
    lab_server.shut_down_kernels()
