"""Configure the course's JupyterLab and open the course in it.

Run as ``python -m pmcourse.setup_lab [--launch] [--port N]`` (``make venv``
and ``make lab`` do this for you).

Without ``--launch`` the environment's JupyterLab is configured for the course:

- settings overrides in ``<sys.prefix>/share/jupyter/lab/settings/overrides.json``
  switch off the news pop-up and the update check, so a newcomer's first
  screen is the course;
- nbgrader's JupyterLab plugins (assignment list, formgrader, create
  assignment, validate, course list) and its server extensions are enabled in
  the environment (never in the user's home);
- the course's server extension (``pmcourse.progress.server``), which records
  a student's Validate results in their own progress file, is enabled beside
  nbgrader's (grading runs never record).

With ``--launch`` JupyterLab starts with the repository as its root (so the
formgrader finds ``nbgrader_config.py``), bound to 127.0.0.1, with lesson 00
open, and the address to open is printed once the server answers.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

START_NOTEBOOK = "notebooks/00_start_here.ipynb"
NOTIFICATION_PLUGIN = "@jupyterlab/apputils-extension:notification"
# JupyterLab 4.6 schema: fetchNews is a string ("true", "false", "none").
NOTIFICATION_OVERRIDES = {"fetchNews": "false", "checkForUpdates": False}
NBGRADER_LAB_PLUGINS = (
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:validate-assignment",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
)
NBGRADER_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.validate_assignment",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
    # nbgrader's Validate, also recorded in the student's progress file
    "pmcourse.progress.server",
)


def find_course_root(start: Path | None = None) -> Path:
    """Return the repository folder that holds the course.

    Parameters
    ----------
    start : Path or None
        Folder to search from (upwards). ``None`` tries the folder this module
        was installed from (an editable install), then the working directory.

    Returns
    -------
    Path
        The first folder holding both ``notebooks/`` and ``grading/``.

    Raises
    ------
    ValueError
        If no such folder exists above ``start``.

    Examples
    --------
    >>> (find_course_root() / "grading").is_dir()
    True

    Used in: ``make lab`` and ``make release`` (course set-up).
    """
    starts = [start] if start is not None else [Path(__file__).parent, Path.cwd()]
    for first in starts:
        for folder in [first.resolve(), *first.resolve().parents]:
            if (folder / "notebooks").is_dir() and (folder / "grading").is_dir():
                return folder
    where = ", ".join(str(s) for s in starts)
    raise ValueError(
        f"start: no folder with notebooks/ and grading/ found at or above {where}; "
        "run this from the course repository"
    )


def lab_app_dir(prefix: str | os.PathLike[str] | None = None) -> Path:
    """Return JupyterLab's application folder of an environment.

    Parameters
    ----------
    prefix : path-like or None
        The environment's prefix; ``None`` means ``sys.prefix``.

    Returns
    -------
    Path
        ``<prefix>/share/jupyter/lab``.

    Examples
    --------
    >>> lab_app_dir("/opt/env").as_posix()
    '/opt/env/share/jupyter/lab'

    Used in: ``make lab`` (course set-up).
    """
    return Path(sys.prefix if prefix is None else prefix) / "share" / "jupyter" / "lab"


def write_settings_overrides(prefix: str | os.PathLike[str] | None = None) -> Path:
    """Switch off JupyterLab's news and update check for the environment.

    Keys already in the overrides file are kept; only the notification
    plugin's ``fetchNews`` and ``checkForUpdates`` are set. The keys are
    checked against the installed schema when it is present, so a renamed
    setting fails loudly instead of being silently ignored.

    Parameters
    ----------
    prefix : path-like or None
        The environment's prefix; ``None`` means ``sys.prefix``.

    Returns
    -------
    Path
        The overrides file written.

    Raises
    ------
    ValueError
        If the installed schema no longer has one of the settings, or the
        existing overrides file is not a JSON object.

    Examples
    --------
    >>> import json, tempfile
    >>> with tempfile.TemporaryDirectory() as env:
    ...     path = write_settings_overrides(env)
    ...     json.loads(path.read_text())[NOTIFICATION_PLUGIN]["fetchNews"]
    'false'

    Used in: ``make lab`` (course set-up).
    """
    app_dir = lab_app_dir(prefix)
    schema = app_dir / "schemas" / "@jupyterlab" / "apputils-extension"
    schema_file = schema / "notification.json"
    if schema_file.is_file():
        known = json.loads(schema_file.read_text(encoding="utf-8"))["properties"]
        missing = sorted(set(NOTIFICATION_OVERRIDES) - set(known))
        if missing:
            raise ValueError(
                f"prefix: JupyterLab's {NOTIFICATION_PLUGIN} schema has no "
                f"setting {missing}; update NOTIFICATION_OVERRIDES"
            )
    path = app_dir / "settings" / "overrides.json"
    overrides = {}
    if path.is_file() and path.stat().st_size:
        overrides = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(overrides, dict):
            raise ValueError(f"prefix: {path} should hold a JSON object")
    overrides.setdefault(NOTIFICATION_PLUGIN, {}).update(NOTIFICATION_OVERRIDES)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(overrides, indent=2, sort_keys=True) + "\n")
    return path


def enable_nbgrader_extensions() -> list[str]:
    """Enable nbgrader's JupyterLab plugins and server extensions.

    Both are switched on at the environment level (``sys.prefix``); the
    user's home is never written. Already enabled ones are left alone.

    Returns
    -------
    list of str
        The plugins and server extensions this call had to enable.

    Raises
    ------
    ImportError
        If JupyterLab, Jupyter Server or nbgrader is not installed.

    Used in: ``make lab`` (course set-up).
    """
    import nbgrader  # noqa: F401  (fail early with a clear ImportError)
    from jupyter_server.extension.config import ExtensionConfigManager
    from jupyter_server.extension.serverextension import (
        toggle_server_extension_python,
    )
    from jupyterlab.commands import enable_extension
    from jupyterlab_server.config import get_static_page_config

    changed = []
    disabled = get_static_page_config(level="all").get("disabledExtensions") or {}
    if isinstance(disabled, list):
        disabled = dict.fromkeys(disabled, True)
    for plugin in NBGRADER_LAB_PLUGINS:
        if disabled.get(plugin) or disabled.get(plugin.split(":")[0]):
            enable_extension(plugin, level="sys_prefix")
            changed.append(plugin)
    env_config = Path(sys.prefix) / "etc" / "jupyter"
    manager = ExtensionConfigManager(read_config_path=[str(env_config)])
    for module in NBGRADER_SERVER_EXTENSIONS:
        if not manager.enabled(module):
            toggle_server_extension_python(module, enabled=True, sys_prefix=True)
            changed.append(module)
    return changed


def configure(prefix: str | os.PathLike[str] | None = None) -> list[str]:
    """Configure the environment's JupyterLab for the course.

    Parameters
    ----------
    prefix : path-like or None
        The environment's prefix; ``None`` means ``sys.prefix``.

    Returns
    -------
    list of str
        Human-readable lines saying what was configured.

    Raises
    ------
    ValueError
        From :func:`write_settings_overrides`.

    Used in: ``make venv`` and ``make lab`` (course set-up).
    """
    lines = [f"JupyterLab settings overrides: {write_settings_overrides(prefix)}"]
    changed = enable_nbgrader_extensions()
    if changed:
        lines.append("enabled: " + ", ".join(changed))
    else:
        lines.append("nbgrader extensions: already enabled")
    return lines


def free_port(preferred: int, host: str = "127.0.0.1", tries: int = 50) -> int:
    """Return ``preferred`` if nothing listens there, else the next free port.

    Parameters
    ----------
    preferred : int
        The port asked for; 0 asks the system for any free port.
    host : str
        The address to bind.
    tries : int
        How many ports above ``preferred`` to try.

    Returns
    -------
    int
        A port that could be bound a moment ago.

    Raises
    ------
    ValueError
        If no port in the range is free.

    Examples
    --------
    >>> 0 < free_port(0) < 65536
    True

    Used in: ``make lab``.
    """
    candidates = [0] if preferred == 0 else range(preferred, preferred + tries)
    for port in candidates:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((host, port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise ValueError(f"port: no free port in {preferred}..{preferred + tries - 1}")


def lab_command(
    root: Path,
    port: int,
    token: str,
    *,
    open_browser: bool = True,
    extra: Sequence[str] = (),
) -> list[str]:
    """Build the ``jupyter lab`` command line that serves the course.

    Parameters
    ----------
    root : Path
        The repository (server root).
    port : int
        Port on 127.0.0.1.
    token : str
        The access token.
    open_browser : bool
        Whether JupyterLab should open a browser tab.
    extra : sequence of str
        Further options passed to ``jupyter lab`` as they are.

    Returns
    -------
    list of str
        The command, starting with this Python interpreter.

    Examples
    --------
    >>> cmd = lab_command(Path("/course"), 8888, "abc", open_browser=False)
    >>> "--ServerApp.ip=127.0.0.1" in cmd and "--no-browser" in cmd
    True

    Used in: ``make lab``.
    """
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return [*cmd, *extra]


def wait_until_ready(url: str, token: str, process: subprocess.Popen, timeout: float):
    """Wait until the server at ``url`` answers ``/api/status``.

    Parameters
    ----------
    url : str
        The server's base address, e.g. ``http://127.0.0.1:8888/``.
    token : str
        The access token.
    process : subprocess.Popen
        The server process (a dead process stops the wait).
    timeout : float
        Seconds to wait.

    Returns
    -------
    bool
        True once the server answered 200, False if it died or timed out.

    Used in: ``make lab``.
    """
    request = urllib.request.Request(
        url + "api/status", headers={"Authorization": f"token {token}"}
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    return False


def launch(
    root: Path,
    port: int,
    token: str | None = None,
    *,
    open_browser: bool = True,
    extra: Sequence[str] = (),
) -> int:
    """Start JupyterLab on the course and wait until it stops.

    Parameters
    ----------
    root : Path
        The repository (server root and working directory).
    port : int
        Preferred port on 127.0.0.1 (the next free one is used if taken).
    token : str or None
        Access token; ``None`` uses ``$JUPYTER_TOKEN`` or a random one.
    open_browser : bool
        Whether JupyterLab should open a browser tab.
    extra : sequence of str
        Further options passed to ``jupyter lab``.

    Returns
    -------
    int
        JupyterLab's exit status.

    Used in: ``make lab``.
    """
    token = token or os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    chosen = free_port(port)
    if chosen != port:
        print(f"port {port} is in use; using {chosen}", flush=True)
    cmd = lab_command(root, chosen, token, open_browser=open_browser, extra=extra)
    base = f"http://127.0.0.1:{chosen}/"
    process = subprocess.Popen(cmd, cwd=root)
    # A polite stop (SIGTERM, e.g. from a test or a service manager) is passed
    # on to JupyterLab, which then shuts its kernels down cleanly.
    previous = signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        if wait_until_ready(base, token, process, timeout=120):
            url = f"{base}lab/tree/{START_NOTEBOOK}?token={token}"
            rule = "=" * min(len(url), 100)
            print(
                f"\n{rule}\nThe course is open in JupyterLab. Open this address "
                f"in your browser:\n\n    {url}\n\nStop the server with "
                f"Ctrl-C (twice).\n{rule}\n",
                flush=True,
            )
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                # JupyterLab handles Ctrl-C itself (it asks, or stops on the
                # second one); keep waiting so its exit status is ours.
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    """Configure JupyterLab for the course and optionally start it.

    Parameters
    ----------
    argv : sequence of str or None
        Command-line arguments (``None`` reads ``sys.argv``).

    Returns
    -------
    int
        Exit status.

    Used in: ``make venv`` and ``make lab``.
    """
    parser = argparse.ArgumentParser(
        prog="python -m pmcourse.setup_lab", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--launch", action="store_true", help="start JupyterLab")
    parser.add_argument("--port", type=int, default=8888, help="preferred port")
    parser.add_argument("--token", default=None, help="access token (default random)")
    parser.add_argument("--no-browser", action="store_true", help="open no browser")
    parser.add_argument("--root", type=Path, default=None, help="course repository")
    args, extra = parser.parse_known_args(argv)
    in_env = sys.prefix != sys.base_prefix or (Path(sys.prefix) / "conda-meta").is_dir()
    if in_env:
        for line in configure():
            print(line, flush=True)
    else:
        print(
            f"not in a virtual or conda environment ({sys.prefix}); "
            "leaving JupyterLab's settings unchanged",
            flush=True,
        )
    if not args.launch:
        return 0
    root = find_course_root(args.root)
    return launch(
        root, args.port, args.token, open_browser=not args.no_browser, extra=extra
    )


if __name__ == "__main__":
    sys.exit(main())
