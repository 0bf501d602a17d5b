"""The README and the lessons point only to what a clone contains."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def test_where_to_look_names_only_files_of_the_clone():
    """Does every path in the README's "Where to look" table exist in the
    repository (no pointer outside it)?"""
    rows = [line for line in _section("Where to look").splitlines() if line[:1] == "|"]
    paths = re.findall(r"`([A-Za-z0-9_./-]+/[A-Za-z0-9_./-]*)`", "\n".join(rows))
    assert len(paths) > 10
    missing = [p for p in paths if p.startswith("..") or not (ROOT / p).exists()]
    assert not missing, missing


def test_design_and_conventions_are_in_the_repository():
    """Are the design notes a maintainer needs in docs/, linked from the README?"""
    for name in ("DESIGN.md", "CONVENTIONS.md", "CAPM_REFERENCE.md"):
        assert (ROOT / "docs" / name).is_file(), name
        assert f"docs/{name}" in README, name
    assert "../shared/DESIGN" not in README


def test_quick_start_lists_venv_doctor_and_each_part():
    """Does the quick start name `make venv`, the preflight (`make doctor`),
    and each optional part with its install command?"""
    quick = _section("Quick start")
    for text in ("make venv", "make doctor", "bubblewrap", "Chromium", "Node.js"):
        assert text in quick, text
    for command in ("apt-get install bubblewrap", "apt-get install chromium"):
        assert command in quick, command
    assert "apt-get install nodejs npm" in quick


def _links(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    return [link for link in links if not urlparse(link).scheme]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_links_resolve_inside_the_clone(path):
    """Does every relative link of this lesson reach a file of the repository?"""
    broken = []
    for link in _links(path):
        target = (path.parent / unquote(link.split("#")[0])).resolve()
        if not target.exists() or not target.is_relative_to(ROOT):
            broken.append(link)
    assert not broken, broken


def test_lesson_09_cites_the_reference_notes_it_has():
    """Does lesson 09 cite its reference notes by a link to docs/?"""
    nb = nbformat.read(ROOT / "notebooks" / "09_capm_practice.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert text.count("(../docs/CAPM_REFERENCE.md)") >= 2
