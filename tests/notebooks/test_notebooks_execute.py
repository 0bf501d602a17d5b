"""Is every notebook stored without outputs, and do the lesson links hold?

The lessons themselves are executed by nbval (``--nbval-lax`` in pyproject's
addopts, ``notebooks`` in its testpaths; the kernel set-up and the check that
chart cells show a chart are in the root ``conftest.py``); ``test_nbval.py``
proves that a checked claim fails when it disagrees with its number. The
nbgrader sources in ``solutions/`` are executed by the grading tests; this
file only checks that they, like the released ``exercises/``, carry no stored
outputs.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALL_NOTEBOOKS = sorted(
    p
    for folder in ("notebooks", "solutions", "exercises")
    for p in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
LESSON_NAMES = {
    "00": "start_here",
    "01": "lifecycles",
    "02": "budgeting",
    "03": "scheduling",
    "04": "earned_value",
    "05": "risk",
    "06": "agile_vs_waterfall",
    "07": "stakeholders",
    "08": "business_analysis",
    "09": "capm_practice",
    "10": "leading_a_project",
}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _claim(cell) -> bool:
    """Is this a cell whose stored output nbval checks (a teaching claim)?"""
    return "nbval-check-output" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_no_stored_outputs(path):
    """Is this notebook stored without outputs or execution counts?"""
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and (cell.execution_count or (cell.outputs and not _claim(cell)))
    ]
    assert not dirty, (
        f"{_rel(path)} has stored outputs in cells {dirty}; clear them "
        "(Edit > Clear Outputs of All Cells) before committing"
    )
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and _claim(cell):
            assert path.parent.name == "notebooks", f"{_rel(path)} cell {i}"
            assert cell.metadata.get("keep_output") is True, (
                f"{_rel(path)} cell {i} is checked by nbval: set keep_output "
                "so that nbstripout keeps its claim"
            )
            kinds = {out.output_type for out in cell.outputs}
            assert cell.outputs and kinds <= {"stream", "execute_result"}, kinds
            texts = [set(out.get("data", {"text/plain": ""})) for out in cell.outputs]
            assert all(t == {"text/plain"} for t in texts), f"{_rel(path)} {i}"
    assert "widgets" not in nb.metadata, f"{_rel(path)} stores widget state"


def _markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _relative_links(text: str) -> list[str]:
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    return [link for link in links if not urlparse(link).scheme]


START = ROOT / "notebooks" / "00_start_here.ipynb"


def test_course_map_links_resolve():
    """Does every relative link in lesson 00 point to a file that exists?"""
    links = _relative_links(_markdown(START))
    assert links, "lesson 00 has no relative links"
    broken = [
        link
        for link in links
        if not (START.parent / unquote(link.split("#")[0])).resolve().exists()
    ]
    assert not broken, f"broken links in lesson 00: {broken}"


def _course_map_rows() -> list[str]:
    return [line for line in _markdown(START).splitlines() if line.startswith("|")]


@pytest.mark.parametrize("number", sorted(LESSON_NAMES))
def test_course_map_lists_every_lesson(number):
    """Does the course map link lesson NN, or honestly mark it coming soon?"""
    name = f"{number}_{LESSON_NAMES[number]}.ipynb"
    rows = [row for row in _course_map_rows() if re.match(rf"\|\s*{number}\s*\|", row)]
    assert rows, f"the course map has no row for lesson {number}"
    row = rows[0]
    if (ROOT / "notebooks" / name).exists():
        assert f"({name})" in row, f"lesson {number} exists: link it as ({name})"
    else:
        assert "coming soon" in row.lower(), (
            f"lesson {number} does not exist yet: mark its row 'coming soon'"
        )
        assert f"({name})" not in row, f"lesson {number} is linked but missing"


def test_course_map_links_every_existing_exercise():
    """Is every released exercise linked from the course map?"""
    text = _markdown(START)
    exercises = sorted((ROOT / "exercises").glob("ps*/ps*.ipynb"))
    missing = [_rel(p) for p in exercises if f"(../{_rel(p)})" not in text]
    assert not missing, f"exercises missing from lesson 00's course map: {missing}"
