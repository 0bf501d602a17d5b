"""Check the optional system parts the course uses, and say what is missing.

Run as ``python -m pmcourse.doctor`` (``make doctor``; ``make test`` and
``make lab`` print the same block first). Only the standard library is used,
so it runs before the virtual environment exists.

Three parts are optional; each is proven by running it, not by finding a file
(a broken or hidden binary counts as missing):

- bubblewrap (``bwrap``): the sandbox of ``pmcourse autograde``;
- Chromium: the browser tests drive JupyterLab in it;
- Node.js and npm: the JupyterHub's proxy (configurable-http-proxy).

The tests ask :func:`missing` which part is absent and skip with the reason
it returns, so every skip names the part and the command that installs it.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """An optional system part: what it is for and how to install it.

    Parameters
    ----------
    key : str
        Short name used by :func:`missing` (``"bwrap"``, ``"chromium"``,
        ``"node"``).
    name : str
        What a person calls it.
    switches_off : str
        What does not run without it.
    debian : str
        The command that installs it on Debian or Ubuntu.
    macos : str
        The command that installs it on macOS (empty when there is none).
    """

    key: str
    name: str
    switches_off: str
    debian: str
    macos: str = ""

    def install(self, system: str | None = None) -> str:
        """Return the install command for this machine's system.

        Examples
        --------
        >>> PARTS["node"].install("Darwin")
        'brew install node'
        """
        system = system or platform.system()
        if system == "Darwin":
            return self.macos or "not available on macOS"
        return self.debian


PARTS: dict[str, Part] = {
    "bwrap": Part(
        "bwrap",
        "bubblewrap",
        "sandboxed grading: the confinement tests skip (the other grading "
        "tests run with --no-sandbox); `pmcourse autograde` needs --no-sandbox",
        "sudo apt-get install bubblewrap",
        "",
    ),
    "chromium": Part(
        "chromium",
        "Chromium",
        "the browser tests (tests/browser/, the hub test's browser checks) skip",
        "sudo apt-get install chromium",
        "brew install --cask chromium",
    ),
    "node": Part(
        "node",
        "Node.js and npm",
        "the JupyterHub test (tests/hub/) skips: the hub's proxy runs on Node.js",
        "sudo apt-get install nodejs npm",
        "brew install node",
    ),
}


@dataclass(frozen=True)
class Finding:
    """What the check of one part found.

    Parameters
    ----------
    part : Part
        The part checked.
    ok : bool
        True when it ran.
    detail : str
        Its version or path when ``ok``; otherwise why not.
    """

    part: Part
    ok: bool
    detail: str

    def reason(self) -> str:
        """Return the skip reason: the missing part, what it does, the fix.

        Examples
        --------
        >>> Finding(PARTS["node"], False, "node not found").reason()
        'Node.js and npm missing (node not found): sudo apt-get install nodejs npm'
        """
        return f"{self.part.name} missing ({self.detail}): {self.part.install()}"


def _run(command: Sequence[str], timeout: float = 60) -> tuple[bool, str]:
    """Run a command; return whether it succeeded and its first output line."""
    try:
        done = subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as err:
        return False, f"{command[0]} does not run: {err}"
    text = (done.stdout.strip() or done.stderr.strip()).splitlines()
    first = text[0] if text else ""
    if done.returncode != 0:
        return False, f"{command[0]} exits {done.returncode}: {first[:200]}".strip()
    return True, first


def _find(
    exe: str | None, names: Sequence[str], fallbacks: Sequence[str] = ()
) -> str | None:
    if exe:
        return exe if os.path.exists(exe) or shutil.which(exe) else None
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return next((path for path in fallbacks if os.path.exists(path)), None)


def check_bwrap(exe: str | None = None) -> Finding:
    """Check that bubblewrap runs a command in a new namespace here.

    Parameters
    ----------
    exe : str, optional
        The executable (default: ``bwrap`` on ``PATH``).

    Returns
    -------
    Finding

    Examples
    --------
    >>> check_bwrap("/nonexistent/bwrap").ok
    False
    """
    part = PARTS["bwrap"]
    if platform.system() != "Linux":
        return Finding(part, False, "bubblewrap runs on Linux only")
    path = _find(exe, ["bwrap"])
    if path is None:
        return Finding(part, False, "bwrap not found")
    ok, out = _run([path, "--ro-bind", "/", "/", "--dev", "/dev", "true"])
    return Finding(part, ok, path if ok else out)


def check_chromium(exe: str | None = None) -> Finding:
    """Check that Chromium starts (``chromium --version``).

    Parameters
    ----------
    exe : str, optional
        The executable (default: ``chromium`` on ``PATH``, else
        ``/usr/bin/chromium``, Debian's).

    Returns
    -------
    Finding

    Examples
    --------
    >>> check_chromium("/nonexistent/chromium").ok
    False
    """
    part = PARTS["chromium"]
    path = chromium_path() if exe is None else _find(exe, [])
    if path is None:
        return Finding(part, False, "chromium not found")
    ok, out = _run([path, "--version"])
    return Finding(part, ok and "chrom" in out.lower(), out or path)


def check_node(exe: str | None = None, npm: str | None = None) -> Finding:
    """Check that Node.js (18 or newer) and npm run.

    Parameters
    ----------
    exe, npm : str, optional
        The executables (default: ``node`` and ``npm`` on ``PATH``).

    Returns
    -------
    Finding

    Examples
    --------
    >>> check_node("/nonexistent/node").ok
    False
    """
    part = PARTS["node"]
    path = _find(exe, ["node", "nodejs"])
    if path is None:
        return Finding(part, False, "node not found")
    ok, out = _run([path, "--version"])
    if not ok:
        return Finding(part, False, out)
    try:
        major = int(out.lstrip("v").split(".")[0])
    except ValueError:
        return Finding(part, False, f"node printed {out!r}, not a version")
    if major < 18:
        return Finding(part, False, f"Node.js {out} is older than 18")
    npm_path = _find(npm, ["npm"])
    if npm_path is None:
        return Finding(part, False, f"Node.js {out} without npm")
    npm_ok, npm_out = _run([npm_path, "--version"])
    if not npm_ok:
        return Finding(part, False, npm_out)
    return Finding(part, True, f"Node.js {out}, npm {npm_out}")


def chromium_path() -> str | None:
    """Return the Chromium the browser tests use, or None.

    Examples
    --------
    >>> chromium_path() is None or "chrom" in chromium_path()
    True
    """
    return _find(None, ["chromium", "chromium-browser"], ["/usr/bin/chromium"])


def check_sandbox() -> Finding:
    """Check that bubblewrap runs and passes the grader's sandbox self-test.

    Needs the course's environment (it imports :mod:`pmcourse.grading`).

    Returns
    -------
    Finding
        Named after bubblewrap, the part to install when it fails.

    Examples
    --------
    >>> check_sandbox().part.name
    'bubblewrap'
    """
    found = check_bwrap()
    if not found.ok:
        return found
    from pmcourse.grading.sandbox import check_sandbox as self_test

    verdict = self_test()
    if verdict.ok:
        return found
    return Finding(found.part, False, f"the sandbox self-test failed: {verdict.reason}")


CHECKS = {"bwrap": check_bwrap, "chromium": check_chromium, "node": check_node}
#: Checks for :func:`missing` only (not printed by the preflight).
EXTRA_CHECKS = {"sandbox": check_sandbox}


@functools.cache
def missing(key: str) -> str | None:
    """Return why a part cannot be used here (the skip reason), or None.

    Checked once per process. ``PMCOURSE_WITHOUT`` (comma-separated keys,
    e.g. ``bwrap,chromium``) makes parts count as missing, to rehearse a
    machine without them.

    Parameters
    ----------
    key : str
        ``"bwrap"``, ``"chromium"``, ``"node"``, or ``"sandbox"`` (bubblewrap
        and the grader's sandbox self-test).

    Returns
    -------
    str or None

    Raises
    ------
    ValueError
        If the key is unknown.

    Examples
    --------
    >>> missing("bwrap") is None or "bubblewrap" in missing("bwrap")
    True
    """
    checks = {**CHECKS, **EXTRA_CHECKS}
    if key not in checks:
        raise ValueError(f"unknown part {key!r}; expected one of {sorted(checks)}")
    off = {k.strip() for k in os.environ.get("PMCOURSE_WITHOUT", "").split(",")}
    part = "bwrap" if key == "sandbox" else key
    if part in off:
        return Finding(PARTS[part], False, "switched off by PMCOURSE_WITHOUT").reason()
    finding = checks[key]()
    return None if finding.ok else finding.reason()


def report(findings: Sequence[Finding], system: str | None = None) -> str:
    """Return the preflight block: present, missing, what it switches off, fix.

    Parameters
    ----------
    findings : sequence of Finding
        One per part.
    system : str, optional
        ``platform.system()`` by default (it picks the install commands).

    Returns
    -------
    str

    Examples
    --------
    >>> print(report([Finding(PARTS["node"], False, "node not found")], "Linux"))
    ... # doctest: +NORMALIZE_WHITESPACE
    preflight: optional system parts
      MISSING  Node.js and npm (node not found)
               switches off: the JupyterHub test (tests/hub/) skips: the hub's
               proxy runs on Node.js
               install: sudo apt-get install nodejs npm
    1 missing: the tests that need it skip and say so; everything else runs.
    """
    lines = ["preflight: optional system parts"]
    for f in findings:
        if f.ok:
            lines.append(f"  ok       {f.part.name} ({f.detail})")
        else:
            lines.append(f"  MISSING  {f.part.name} ({f.detail})")
            lines.append(f"           switches off: {f.part.switches_off}")
            lines.append(f"           install: {f.part.install(system)}")
    absent = sum(not f.ok for f in findings)
    if absent:
        lines.append(
            f"{absent} missing: the tests that need it skip and say so; "
            "everything else runs."
        )
    else:
        lines.append("all present: nothing is skipped for lack of a system part.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the preflight block; exit 0 (the parts are optional).

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (``sys.argv[1:]`` by default).

    Returns
    -------
    int
        0, or 1 with ``--strict`` when a part is missing.
    """
    parser = argparse.ArgumentParser(
        prog="python -m pmcourse.doctor",
        description="Check bubblewrap, Chromium and Node.js; say what is missing.",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a part is missing"
    )
    args = parser.parse_args(argv)
    findings = [check() for check in CHECKS.values()]
    print(report(findings))
    return 1 if args.strict and not all(f.ok for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
