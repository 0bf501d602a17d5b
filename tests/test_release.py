"""pmcourse.release: generating exercises/ from solutions/ with nbgrader."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmcourse.grading.course import Course
from pmcourse.release import check, compare_releases, release

REPO = Course(Path(__file__).resolve().parents[1])


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_compare_releases_reports_missing_stale_and_changed(tmp_path):
    """Does the comparison name a missing file, a stale one and a changed one,
    and ignore checkpoints?"""
    generated = _tree(tmp_path / "gen", {"a/nb.ipynb": "1", "a/data.csv": "x"})
    committed = _tree(
        tmp_path / "git",
        {"a/nb.ipynb": "2", "b/old.ipynb": "", "a/.ipynb_checkpoints/nb.ipynb": ""},
    )
    problems = compare_releases(generated, committed)
    assert problems == [
        f"missing from {committed}: a/data.csv",
        "not generated (stale): b/old.ipynb",
        "differs from the generated version: a/nb.ipynb",
    ]
    assert compare_releases(generated, generated) == []


def test_release_rejects_an_unknown_assignment():
    """Does asking for an assignment without a source folder raise ValueError
    naming the known ones, before nbgrader runs?"""
    with pytest.raises(ValueError, match="no source folder for \\['ps99'\\]"):
        release(REPO, ["ps99"])


@pytest.mark.slow
def test_exercises_are_in_sync_with_solutions(tmp_path):
    """Is every committed student version in exercises/ exactly what nbgrader
    generates from solutions/ today (run `make release` if not)?"""
    problems = check(REPO, workdir=tmp_path)
    assert not problems, "\n".join(problems)
