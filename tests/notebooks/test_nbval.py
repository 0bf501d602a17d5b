"""nbval checks the lessons' claims: a doctored claim fails the run.

The lessons run under nbval as part of the suite (``--nbval-lax``). A cell
tagged ``nbval-check-output`` keeps its output in the notebook: the number the
lesson states (a finish day, an EAC). Here a lesson is cut just after its
first such cell and run by nbval twice, as stored (it passes) and with the
stored claim changed (it fails, naming the cell), so the check is proven to
bite without running a whole lesson.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TAG = "nbval-check-output"


def _claims(path: Path) -> list[int]:
    nb = nbformat.read(path, as_version=4)
    return [i for i, c in enumerate(nb.cells) if TAG in c.metadata.get("tags", [])]


def _doctor(text: str) -> str:
    """Change the claim: the first digit goes up by one (or a word is added)."""
    match = re.search(r"\d", text)
    if not match:
        return text + " (doctored)"
    digit = str((int(match.group()) + 1) % 10)
    return text[: match.start()] + digit + text[match.end() :]


def _nbval(*notebooks: Path) -> subprocess.CompletedProcess:
    # The repository's root conftest.py, loaded as a plugin, does for this
    # folder what it does for notebooks/ (kernel set-up, claim cells).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider"]
        + ["-p", "conftest", "--nbval-lax", "--nbval-current-env", "-c", os.devnull]
        + [str(notebook) for notebook in notebooks],
        cwd=notebooks[0].parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_lessons_state_their_claims_as_checked_outputs():
    """Do the lessons that compute a finish day, an EAC, an EMV or a fitted
    model check at least one such claim each?"""
    for name in ("02_budgeting", "03_scheduling", "04_earned_value", "05_risk"):
        assert _claims(ROOT / "notebooks" / f"{name}.ipynb"), name


def test_a_doctored_claim_fails_the_run(tmp_path):
    """Cut lesson 03 after its first checked cell: does nbval pass it as
    stored, and fail it, on that cell, once the stored claim is changed?"""
    lesson = ROOT / "notebooks" / "03_scheduling.ipynb"
    first = _claims(lesson)[0]
    nb = nbformat.read(lesson, as_version=4)
    nb.cells = nb.cells[: first + 1]
    honest = tmp_path / "honest.ipynb"
    nbformat.write(nb, honest)
    claim = nb.cells[first].outputs[0]
    key = "text" if claim.output_type == "stream" else "data"
    if key == "text":
        claim["text"] = _doctor(claim["text"])
    else:
        claim["data"]["text/plain"] = _doctor(claim["data"]["text/plain"])
    doctored = tmp_path / "doctored.ipynb"
    nbformat.write(nb, doctored)
    done = _nbval(honest, doctored)
    cells = sum(c.cell_type == "code" for c in nb.cells)
    passed = re.findall(r"^PASSED (\w+)\.ipynb::Cell (\d+)", done.stdout, re.M)
    failed = re.findall(r"^FAILED (\w+)\.ipynb::Cell (\d+)", done.stdout, re.M)
    assert failed == [("doctored", str(cells - 1))], done.stdout[-3000:]
    assert len(passed) == 2 * cells - 1, done.stdout[-3000:]
