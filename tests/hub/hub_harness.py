"""Run the course's JupyterHub with real operating-system users, for tests.

The hub test (tests/hub/) needs, as root: accounts for an instructor and two
students (created here, removed afterwards), the hub started from
``deploy/jupyterhub/jupyterhub_config.py`` as it is, and a way to run a command
as one of those users. Everything lives in one temporary folder.

The course's Python may live where other users cannot enter (pyenv under
/root, mode 0700). The hub then runs in a private mount namespace in which
that folder is replaced by an empty one holding only the Python installation
(bound in read-only): the users' servers see the same interpreter and
packages, and nothing on the machine changes.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmcourse import doctor

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "hub"
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
DEPLOY = REPO / "deploy" / "jupyterhub"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"


def missing_requirements() -> str | None:
    """Return why the hub test cannot run here, or None if it can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: it creates OS users and starts servers as them"
    for tool in ("useradd", "userdel", "runuser", "unshare", "nsenter", "mount"):
        if shutil.which(tool) is None:
            return f"needs the {tool} command"
    return doctor.missing("node")


def install_proxy() -> None:
    """Install configurable-http-proxy from npm into deploy/jupyterhub/."""
    if PROXY.exists():
        return
    command = ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(DEPLOY)]
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=300)


def _others_can_enter(path: Path) -> bool:
    return bool(path.stat().st_mode & stat.S_IXOTH)


def hidden_prefixes(paths: Sequence[Path]) -> dict[Path, set[str]]:
    """Find folders other users cannot enter on the way to ``paths``.

    Every such folder counts, at any depth, the paths themselves included
    (a checkout of mode 0700). Returns each one with the names inside it
    that must stay reachable: the next step towards a path, or every entry
    of a path that is itself closed.
    """
    hidden: dict[Path, set[str]] = {}
    for path in paths:
        parts = Path(path).resolve().parts
        for depth in range(1, len(parts) + 1):
            folder = Path(*parts[:depth])
            if not folder.is_dir() or _others_can_enter(folder):
                continue
            names = {parts[depth]} if depth < len(parts) else set(os.listdir(folder))
            hidden.setdefault(folder, set()).update(names)
    return hidden


def namespace_prefix(paths: Sequence[Path], scratch: Path) -> list[str]:
    """Return a command prefix that runs a program where ``paths`` are reachable.

    In a private mount namespace each closed folder on the way is covered by
    an open, empty in-memory folder holding only its needed entries, bound
    back read-only (deepest first, so that an outer cover carries the inner
    ones). Nothing changes outside that namespace: the user's own folders
    keep their modes. Empty when every user can already reach ``paths``.
    """
    hidden = hidden_prefixes(paths)
    if not hidden:
        return []
    lines = ["set -e"]
    deepest_first = sorted(hidden.items(), key=lambda item: -len(item[0].parts))
    for n, (folder, names) in enumerate(deepest_first):
        keep = scratch / f"keep{n}"
        for name in sorted(names):
            target = keep / name
            if (folder / name).is_dir():
                target.mkdir(parents=True, exist_ok=True)
            else:
                keep.mkdir(parents=True, exist_ok=True)
                target.touch()
            lines.append(f"mount --rbind {_q(folder / name)} {_q(target)}")
        lines.append(f"mount -t tmpfs -o mode=0755,size=1m tmpfs {_q(folder)}")
        for name in sorted(names):
            if (folder / name).is_dir():
                lines.append(f"mkdir {_q(folder / name)}")
            else:
                lines.append(f"touch {_q(folder / name)}")
            lines.append(f"mount --rbind {_q(keep / name)} {_q(folder / name)}")
            lines.append(f"mount -o remount,bind,ro {_q(folder / name)}")
    lines.append('exec "$@"')
    script = scratch / "namespace.sh"
    script.write_text("\n".join(lines) + "\n")
    return ["unshare", "--mount", "--propagation", "private", "sh", str(script)]


def _q(path: Path) -> str:
    return shlex.quote(str(path))


@dataclass
class Accounts:
    """Operating-system users made for one test run."""

    names: list[str]
    home_root: Path
    created: list[str] = field(default_factory=list)

    def create(self) -> None:
        """Create every account with a home of its own (0700)."""
        self.home_root.mkdir(parents=True, exist_ok=True)
        self.home_root.chmod(0o755)
        for name in self.names:
            subprocess.run(
                [
                    "useradd",
                    "--create-home",
                    "--home-dir",
                    str(self.home_root / name),
                    "--shell",
                    "/bin/sh",
                    "--user-group",
                    name,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            self.created.append(name)
            (self.home_root / name).chmod(0o700)

    def home(self, name: str) -> Path:
        """Return a user's home."""
        return self.home_root / name

    def uid(self, name: str) -> int:
        """Return a user's id."""
        import pwd

        return pwd.getpwnam(name).pw_uid

    def stop_their_processes(self) -> list[int]:
        """Stop any process still running as one of these users; return pids."""
        uids = {self.uid(n) for n in self.created}
        stopped = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if entry.stat().st_uid in uids:
                    os.kill(int(entry.name), signal.SIGKILL)
                    stopped.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, PermissionError):
                continue
        return stopped

    def remove(self) -> None:
        """Remove the accounts and their homes."""
        for name in reversed(self.created):
            subprocess.run(
                ["userdel", "--remove", name], capture_output=True, check=False
            )
        self.created.clear()


@dataclass
class Hub:
    """A running JupyterHub and the test service's token."""

    url: str
    token: str
    process: subprocess.Popen
    log_path: Path
    namespace: list[str]

    def tail(self, n: int = 80) -> str:
        """Return the last lines of the hub's log (its servers' too)."""
        lines = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n:])

    def run_as(
        self,
        user: str,
        command: Sequence[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        timeout: float = 300,
    ) -> subprocess.CompletedProcess[str]:
        """Run a command as ``user`` (runuser), where the hub's users run."""
        enter = []
        if self.namespace:
            enter = ["nsenter", f"--target={self.process.pid}", "--mount"]
        assignments = [f"{k}={v}" for k, v in env.items()]
        full = [
            *enter,
            "runuser",
            "-u",
            user,
            "--",
            "env",
            "-C",
            str(cwd),
            *assignments,
            *command,
        ]
        return subprocess.run(
            full, capture_output=True, text=True, timeout=timeout, check=False
        )

    def stop(self) -> None:
        """Stop the hub (which stops the users' servers), politely then not."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def request(
    method: str,
    url: str,
    token: str,
    *,
    data: Mapping[str, str] | None = None,
    body: object = None,
    timeout: float = 300,
) -> tuple[int, bytes, Mapping[str, str]]:
    """Send one HTTP request with a JupyterHub token.

    Returns the status, the body and the headers (names in lower case).
    """
    headers = {"Authorization": f"token {token}"}
    payload = None
    if data is not None:
        payload = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=payload, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read(), _lower(response.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read(), _lower(err.headers)


def _lower(headers) -> dict[str, str]:
    """Header names in lower case (the proxy, in Node.js, lower-cases them)."""
    return {name.lower(): value for name, value in headers.items()}


def start_hub(
    state: Path, env: Mapping[str, str], namespace: list[str], port: int, token: str
) -> Hub:
    """Start JupyterHub with the course's config and wait until it answers."""
    log_path = state / "hub.log"
    command = [
        *namespace,
        sys.executable,
        "-m",
        "jupyterhub",
        "-f",
        str(DEPLOY / "jupyterhub_config.py"),
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            cwd=state,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}/", token, process, log_path, namespace)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            status, _, _ = request("GET", hub.url + "hub/api/", token, timeout=5)
            if status == 200:
                return hub
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    hub.stop()
    raise RuntimeError(f"the hub did not start:\n{hub.tail()}")
