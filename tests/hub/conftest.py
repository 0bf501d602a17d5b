"""A class on the course's JupyterHub: real OS users, a real hub, real servers.

The fixture creates an instructor and two students as operating-system users,
clones the course into the instructor's home, starts JupyterHub from
``deploy/jupyterhub/jupyterhub_config.py`` (a shared test password, a test
service token, LocalProcessSpawner: every server runs as its user), starts the
three users' servers through the hub's REST API and gives each user an API
token. Afterwards it stops the hub, ends anything still running as those users,
removes the accounts and deletes the folder.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hub_harness import (
    REPO,
    Accounts,
    Hub,
    install_proxy,
    missing_requirements,
    namespace_prefix,
    request,
    start_hub,
)

from pmcourse.grading.course import Course, copy_course
from pmcourse.setup_lab import free_port


@dataclass
class ClassOnHub:
    """The running class: the hub, the people, their tokens and folders."""

    hub: Hub
    accounts: Accounts
    instructor: str
    students: list[str]
    tokens: dict[str, str]
    course: Course
    exchange: Path
    user_env: dict[str, str]
    password: str

    def server(self, user: str) -> str:
        """Return the address of a user's server, through the hub's proxy."""
        return f"{self.hub.url}user/{user}/"

    def as_user(self, user: str, method: str, path: str, **kwargs):
        """Call a user's server with that user's own token."""
        return request(method, self.server(user) + path, self.tokens[user], **kwargs)

    def home(self, user: str) -> Path:
        """Return a user's home folder."""
        return self.accounts.home(user)


def _start_server(hub: Hub, user: str) -> None:
    status, body, _ = request(
        "POST", f"{hub.url}hub/api/users/{user}/server", hub.token
    )
    assert status in (201, 202), f"start {user}: {status} {body[:300]!r}"


def _wait_until_ready(hub: Hub, users: list[str], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(users)
    while waiting and time.monotonic() < deadline:
        for user in list(waiting):
            status, body, _ = request(
                "GET", f"{hub.url}hub/api/users/{user}", hub.token
            )
            servers = json.loads(body).get("servers", {}) if status == 200 else {}
            if servers.get("", {}).get("ready"):
                waiting.discard(user)
        time.sleep(0.5)
    assert not waiting, f"servers not ready: {sorted(waiting)}\n{hub.tail()}"


def _user_token(hub: Hub, user: str) -> str:
    status, body, _ = request(
        "POST",
        f"{hub.url}hub/api/users/{user}/tokens",
        hub.token,
        body={"note": "pmcourse hub test", "scopes": [f"access:servers!user={user}"]},
    )
    assert status == 201, f"token for {user}: {status} {body[:300]!r}"
    return json.loads(body)["token"]


@pytest.fixture(scope="session")
def class_on_hub():
    """JupyterHub running the course for an instructor and two students."""
    reason = missing_requirements()
    if reason:
        pytest.skip(reason)
    install_proxy()
    base = Path(tempfile.mkdtemp(prefix="pmcourse-hub-", dir="/tmp"))
    base.chmod(0o755)
    tag = secrets.token_hex(2)
    instructor, students = f"pm{tag}-teacher", [f"pm{tag}-ana", f"pm{tag}-ben"]
    accounts = Accounts([instructor, *students], base / "home")
    hub = None
    try:
        accounts.create()
        course = copy_course(Course(REPO), accounts.home(instructor) / "pmcourse")
        subprocess.run(
            ["chown", "-R", f"{instructor}:{instructor}", str(course.root)], check=True
        )
        exchange = base / "exchange"
        state = base / "hub"
        state.mkdir()
        port, token = free_port(0), secrets.token_hex(32)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "PMCOURSE_INSTRUCTORS": instructor,
            "PMCOURSE_STUDENTS": ",".join(students),
            "PMCOURSE_COURSE_DIR": "{home}/pmcourse",
            "PMCOURSE_EXCHANGE": str(exchange),
            "PMCOURSE_HUB_STATE": str(state),
            "PMCOURSE_HUB_BIND_URL": f"http://127.0.0.1:{port}",
            "PMCOURSE_HUB_PORT": str(free_port(0)),
            "PMCOURSE_HUB_PROXY_API_PORT": str(free_port(0)),
            "PMCOURSE_HUB_FRAME_FORMGRADER": "1",
            "PMCOURSE_HUB_TEST_PASSWORD": secrets.token_urlsafe(16),
            "PMCOURSE_HUB_TEST_TOKEN": token,
        }
        # A checkout inside private folders (``mktemp -d`` makes 0700, so is
        # /root) or itself private: the hub runs in a mount namespace where
        # they are open (namespace_prefix); the user's folders stay as they are.
        namespace = namespace_prefix([Path(sys.executable), REPO], base)
        hub = start_hub(state, env, namespace, port, token)
        people = [instructor, *students]
        for user in people:
            _start_server(hub, user)
        _wait_until_ready(hub, people)
        tokens = {user: _user_token(hub, user) for user in people}
        bindir = str(Path(sys.executable).parent)
        user_env = {
            "PATH": f"{bindir}:/usr/bin:/bin",
            "JUPYTER_CONFIG_PATH": str(REPO / "deploy/jupyterhub/jupyter/students")
            + ":"
            + str(REPO / "deploy/jupyterhub/jupyter/common"),
            "PMCOURSE_EXCHANGE": str(exchange),
            "PMCOURSE_COURSE_ID": "pmcourse",
        }
        yield ClassOnHub(
            hub,
            accounts,
            instructor,
            students,
            tokens,
            course,
            exchange,
            user_env,
            env["PMCOURSE_HUB_TEST_PASSWORD"],
        )
    finally:
        if hub is not None:
            hub.stop()
            print(f"hub log (tail):\n{hub.tail(40)}")
        left = accounts.stop_their_processes()
        if left:
            print(f"stopped {len(left)} leftover processes of the test users")
        accounts.remove()
        shutil.rmtree(base, ignore_errors=True)
