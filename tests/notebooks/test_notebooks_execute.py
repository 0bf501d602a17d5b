"""Do the lessons run top to bottom, and is every notebook stored without outputs?

The lessons in ``notebooks/`` are executed here with nbclient in a kernel that
runs this virtual environment's Python. The nbgrader sources in ``solutions/``
are executed by the grading tests; this file only checks that they, like the
released ``exercises/``, carry no stored outputs.
"""

import json
import re
import sys
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
}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_rel)
def test_no_stored_outputs(path):
    """Is this notebook stored without outputs or execution counts?"""
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count)
    ]
    assert not dirty, (
        f"{_rel(path)} has stored outputs in cells {dirty}; clear them "
        "(Edit > Clear Outputs of All Cells) before committing"
    )
    assert "widgets" not in nb.metadata, f"{_rel(path)} stores widget state"


@pytest.fixture(scope="module")
def kernel_env(tmp_path_factory):
    """A kernelspec that runs this venv's Python, with private config folders."""
    tmp = tmp_path_factory.mktemp("kernel")
    spec = tmp / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f"]
                + ["{connection_file}"],
                "display_name": "Python 3 (course venv)",
                "language": "python",
                "env": {
                    "IPYTHONDIR": str(tmp / "ipython"),
                    "MPLCONFIGDIR": str(tmp / "matplotlib"),
                    # the inline backend, as in JupyterLab (conftest sets Agg)
                    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                    # the learner's progress file, never the real one
                    "PMCOURSE_PROGRESS_DIR": str(tmp / "progress"),
                },
            }
        )
    )
    return tmp / "kernels"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=_rel)
def test_lesson_executes(path, kernel_env):
    """Does this lesson run top to bottom without an error?"""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    km = KernelManager(
        kernel_name="python3",
        kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_env)]),
    )
    client = NotebookClient(
        nb,
        km=km,
        timeout=300,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors
    # a chart cell must show its chart under it (a lost inline figure is silent)
    blank = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and re.search(r"^(gantt|network_diagram)\(", cell.source, re.M)
        and not any("image/png" in out.get("data", {}) for out in cell.outputs)
    ]
    assert not blank, f"chart cells {blank} of {_rel(path)} showed no figure"
    images, described = _count_alt_text(nb)
    assert described == images, (
        f"{images - described} of {images} figures of {_rel(path)} have no alt text"
    )


def _count_alt_text(nb) -> tuple[int, int]:
    """Return (image outputs, those with alt text in metadata, html and plain)."""
    images = described = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if "image/png" not in data:
                continue
            images += 1
            alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
            page = data.get("text/html", "")
            if alt.strip() and 'alt="' in page and data.get("text/plain") == alt:
                described += 1
    return images, described


def test_alt_text_counter():
    """Does the alt-text count tell a described figure from a bare one?"""
    from pmcourse.plots import figure_bundle, gantt

    data, meta = figure_bundle(gantt([{"id": "A", "duration": 1, "predecessors": ""}]))
    described = nbformat.v4.new_output("display_data", data=data, metadata=meta)
    bare = nbformat.v4.new_output("display_data", data={"image/png": data["image/png"]})
    cell = nbformat.v4.new_code_cell(outputs=[described, bare])
    assert _count_alt_text(nbformat.v4.new_notebook(cells=[cell])) == (2, 1)


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
