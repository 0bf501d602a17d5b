"""Are the reference notebooks built from the library, and shaped for learners?

glossary.ipynb, formula_sheet.ipynb and 00a_my_progress.ipynb are not lessons
(the lesson-structure test matches ``NN_*.ipynb`` only); this file checks the
parts they do have. tests/notebooks/test_notebooks_execute.py runs them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pmcourse.reference import glossary_markdown
from pmcourse.reference.notebooks import sheet_markdown

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
REFERENCE = ("glossary.ipynb", "formula_sheet.ipynb", "00a_my_progress.ipynb")


def _cells(name: str) -> list[dict]:
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def _src(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("name", REFERENCE)
def test_reference_notebooks_are_not_lessons_but_have_a_title_and_setup(name):
    """Is each one outside the lesson glob, titled, with imports in cell 2 only?"""
    assert name not in {p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    cells = _cells(name)
    assert _src(cells[0]).startswith("# ")
    assert cells[1]["cell_type"] == "code" and "import" in _src(cells[1])
    later = [_src(c) for c in cells[2:] if c["cell_type"] == "code"]
    assert not any("import " in s for s in later)
    assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code")


def test_glossary_notebook_is_the_library_glossary():
    """Is the glossary page the one the library builds now?"""
    assert _src(_cells("glossary.ipynb")[2]) == "## The terms\n\n" + glossary_markdown()


def test_formula_sheet_notebook_is_the_library_sheet():
    """Is the formula sheet page the one the library builds now?"""
    assert _src(_cells("formula_sheet.ipynb")[2]) == sheet_markdown()


def test_lesson_00_and_my_progress_link_each_other():
    """Does lesson 00 show the progress panel and link to My progress?"""
    text = "\n".join(_src(c) for c in _cells("00_start_here.ipynb"))
    assert "MyProgress(compact=True)" in text
    assert "(00a_my_progress.ipynb)" in text
    assert "MyProgress()" in "\n".join(_src(c) for c in _cells(REFERENCE[2]))
