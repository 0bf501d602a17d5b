"""pmcourse.setup_lab: configure JupyterLab and serve the course (`make lab`)."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pmcourse.grading.course import jupyter_env
from pmcourse.setup_lab import (
    NOTIFICATION_PLUGIN,
    START_NOTEBOOK,
    find_course_root,
    free_port,
    lab_app_dir,
    lab_command,
    write_settings_overrides,
)

ROOT = Path(__file__).resolve().parents[1]


def test_find_course_root_from_anywhere_inside(tmp_path):
    """Is the course root found from the package and from a folder inside the
    repository, and refused where there is no course?"""
    assert find_course_root() == ROOT
    assert find_course_root(ROOT / "src" / "pmcourse") == ROOT
    with pytest.raises(ValueError, match="no folder with notebooks/ and grading/"):
        find_course_root(tmp_path)


def test_overrides_keep_other_settings(tmp_path):
    """Does writing the overrides keep a setting someone else put in the file?"""
    path = lab_app_dir(tmp_path) / "settings" / "overrides.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"x": 1}}))
    write_settings_overrides(tmp_path)
    data = json.loads(path.read_text())
    assert data["@jupyterlab/apputils-extension:themes"] == {"x": 1}
    assert data[NOTIFICATION_PLUGIN] == {"fetchNews": "false", "checkForUpdates": False}


def test_overrides_refuse_a_setting_the_schema_lacks(tmp_path):
    """If JupyterLab renamed the news setting, does set-up fail loudly?"""
    schema = (
        lab_app_dir(tmp_path)
        / "schemas/@jupyterlab/apputils-extension/notification.json"
    )
    schema.parent.mkdir(parents=True)
    schema.write_text(json.dumps({"properties": {"checkForUpdates": {}}}))
    with pytest.raises(ValueError, match="fetchNews"):
        write_settings_overrides(tmp_path)


def test_installed_schema_has_the_news_settings():
    """Does the installed JupyterLab's schema know both settings we override, with
    the value types we write?"""
    schema_file = (
        lab_app_dir() / "schemas/@jupyterlab/apputils-extension/notification.json"
    )
    if not schema_file.is_file():
        pytest.skip(f"JupyterLab's schemas are not installed in {sys.prefix}")
    props = json.loads(schema_file.read_text())["properties"]
    assert "false" in [choice["const"] for choice in props["fetchNews"]["oneOf"]]
    assert props["checkForUpdates"]["type"] == "boolean"


def test_lab_command_serves_the_course_locally():
    """Does the command bind 127.0.0.1, open lesson 00 and allow root only
    when running as root?"""
    cmd = lab_command(ROOT, 9999, "tok", open_browser=False, extra=["--debug"])
    assert f"--ServerApp.root_dir={ROOT}" in cmd
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}" in cmd
    assert ("--allow-root" in cmd) == (os.geteuid() == 0)
    assert cmd[-1] == "--debug"


def test_free_port_skips_a_busy_port():
    """When the preferred port is taken, is the next free one returned?"""
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert free_port(port) != port


def _get(url: str, token: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), dict(err.headers)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started the way `make lab` starts it, with a throw-away home."""
    home = tmp_path_factory.mktemp("home")
    port, token = free_port(0), secrets.token_hex(16)
    cmd = [sys.executable, "-m", "pmcourse.setup_lab", "--launch"]
    cmd += ["--port", str(port), "--token", token, "--no-browser"]
    process = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=jupyter_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(f"{base}lab/tree/{START_NOTEBOOK}?token={token}" in x for x in lines):
            break
        time.sleep(0.5)
    try:
        yield base, token, lines, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        reader.join(timeout=5)


@pytest.mark.slow
def test_lab_answers_and_prints_the_address(lab):
    """Does the server answer /api/status and print the lesson's address with
    its token once it is ready?"""
    base, token, lines, process = lab
    assert process.poll() is None, "".join(lines[-40:])
    status, body, _ = _get(base + "api/status", token)
    assert status == 200, body
    printed = "".join(lines)
    assert f"{base}lab/tree/{START_NOTEBOOK}?token={token}" in printed


@pytest.mark.slow
def test_lab_serves_lesson_00_and_opens_it_first(lab):
    """Is notebooks/00_start_here.ipynb served, and does the server's front page
    redirect to it?"""
    base, token, lines, _ = lab
    status, body, _ = _get(base + "api/contents/" + START_NOTEBOOK, token)
    assert status == 200, body[:300]
    status, _, headers = _get(base, token)
    assert status in (301, 302), status
    assert f"/lab/tree/{START_NOTEBOOK}" in headers["Location"], headers["Location"]


@pytest.mark.slow
def test_lab_has_news_switched_off(lab):
    """Does the running JupyterLab report the news and update check off by
    default, from the environment's overrides file?"""
    path = lab_app_dir() / "settings" / "overrides.json"
    assert json.loads(path.read_text())[NOTIFICATION_PLUGIN]["fetchNews"] == "false"
    base, token, _, _ = lab
    status, body, _ = _get(base + f"lab/api/settings/{NOTIFICATION_PLUGIN}", token)
    assert status == 200, body[:300]
    defaults = json.loads(body)["schema"]["properties"]
    assert defaults["fetchNews"]["default"] == "false"
    assert defaults["checkForUpdates"]["default"] is False


@pytest.mark.slow
def test_lab_formgrader_finds_the_course(lab):
    """Does the formgrader, running under JupyterLab at the repository root, read
    the course config and list the scheduling exercise?"""
    base, token, _, _ = lab
    status, body, _ = _get(base + "formgrader/api/assignments", token)
    assert status == 200, body[:300]
    names = [assignment["name"] for assignment in json.loads(body)]
    assert "ps03_scheduling" in names
