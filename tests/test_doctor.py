"""The preflight (`make doctor`): what is present, missing, and how to get it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmcourse import doctor

ROOT = Path(__file__).resolve().parents[1]


def _tool(folder: Path, name: str, body: str) -> str:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


def test_a_missing_binary_is_missing_with_its_install_command(tmp_path):
    """Does a part that is not there read as missing, and does the reason name
    the part and the command that installs it?"""
    found = doctor.check_node(str(tmp_path / "node"))
    assert not found.ok
    assert found.reason().startswith("Node.js and npm missing")
    assert "apt-get install nodejs npm" in found.reason()


def test_a_binary_that_does_not_run_counts_as_missing(tmp_path):
    """Is a file that exists but fails (hidden, broken, no namespaces) missing,
    with its exit status in the reason?"""
    broken = _tool(
        tmp_path, "bwrap", "echo 'No permissions to create namespace' >&2; exit 1"
    )
    found = doctor.check_bwrap(broken)
    assert not found.ok
    assert "exits 1" in found.detail and "namespace" in found.detail
    unreadable = tmp_path / "chromium"
    unreadable.write_text("not a program")
    unreadable.chmod(0o644)
    assert not doctor.check_chromium(str(unreadable)).ok


def test_versions_are_read_and_old_node_is_refused(tmp_path):
    """Does Node.js 20 with npm pass, Node.js 16 fail, and node without npm
    fail, each saying why?"""
    npm = _tool(tmp_path, "npm", "echo 10.2.0")
    new = _tool(tmp_path, "node20", "echo v20.11.1")
    old = _tool(tmp_path, "node16", "echo v16.20.0")
    assert doctor.check_node(new, npm) == doctor.Finding(
        doctor.PARTS["node"], True, "Node.js v20.11.1, npm 10.2.0"
    )
    assert "older than 18" in doctor.check_node(old, npm).detail
    assert "without npm" in doctor.check_node(new, str(tmp_path / "none")).detail


def test_chromium_must_say_it_is_chromium(tmp_path):
    """Does a program that runs but is not Chromium fail the check?"""
    real = _tool(tmp_path, "chromium", "echo 'Chromium 120.0.6099.224'")
    other = _tool(tmp_path, "other", "echo hello")
    assert doctor.check_chromium(real).ok
    assert not doctor.check_chromium(other).ok


def test_the_block_says_what_each_missing_part_switches_off():
    """Does the report list present parts briefly and, for a missing one,
    what it switches off and the install command of the system?"""
    findings = [
        doctor.Finding(doctor.PARTS["bwrap"], True, "/usr/bin/bwrap"),
        doctor.Finding(doctor.PARTS["chromium"], False, "chromium not found"),
    ]
    linux = doctor.report(findings, "Linux")
    assert "ok       bubblewrap (/usr/bin/bwrap)" in linux
    assert "MISSING  Chromium (chromium not found)" in linux
    assert "switches off: the browser tests" in linux
    assert "install: sudo apt-get install chromium" in linux
    assert "1 missing" in linux
    mac = doctor.report(findings, "Darwin")
    assert "install: brew install --cask chromium" in mac
    assert doctor.PARTS["bwrap"].install("Darwin") == "not available on macOS"


def test_missing_can_be_rehearsed_and_refuses_unknown_parts(monkeypatch):
    """Does PMCOURSE_WITHOUT make a part (and the sandbox with bwrap) count
    as missing, and is an unknown key refused by name?"""
    monkeypatch.setenv("PMCOURSE_WITHOUT", "bwrap,chromium")
    doctor.missing.cache_clear()
    try:
        assert "bubblewrap missing" in doctor.missing("sandbox")
        assert "Chromium missing" in doctor.missing("chromium")
        with pytest.raises(ValueError, match="'java'"):
            doctor.missing("java")
    finally:
        doctor.missing.cache_clear()


def test_make_doctor_runs_without_the_venv_and_make_test_prints_it(tmp_path):
    """Does the module run on the standard library alone (PATH without any
    part: all reported missing, exit 0, or 1 with --strict), and do `make
    test` and `make lab` print the block first?"""
    env = {"PATH": str(tmp_path), "PYTHONPATH": str(ROOT / "src"), "LANG": "C"}
    cmd = [sys.executable, "-S", "-m", "pmcourse.doctor"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "MISSING  bubblewrap (bwrap not found)" in done.stdout
    assert "MISSING  Node.js and npm (node not found)" in done.stdout
    strict = subprocess.run(
        [*cmd, "--strict"], env=env, capture_output=True, text=True, check=False
    )
    assert strict.returncode == 1
    for target in ("test", "lab", "doctor"):
        dry = subprocess.run(
            ["make", "-n", "-C", str(ROOT), target],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "MAKEFLAGS": ""},
        )
        assert "-m pmcourse.doctor" in dry.stdout, (target, dry.stdout, dry.stderr)


def test_ci_installs_every_part_and_refuses_to_skip_them():
    """Does .ci/run install bubblewrap, Chromium, Node.js and npm, stop when
    one does not run (doctor --strict), then run `make test`?"""
    script = (ROOT / ".ci" / "run").read_text()
    for package in ("chromium", "bubblewrap", "nodejs npm"):
        assert package in script, package
    strict = script.index("pmcourse.doctor --strict")
    assert strict < script.index("make test")
