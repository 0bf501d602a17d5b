"""Do the exercises' figures carry alt text, like the lessons' (issue 18)?

The lessons' figures are counted cell by cell by the nbval hook in the root
``conftest.py``. The exercises are not run by nbval (the grading tests run
them), so this test reads their sources: a problem set whose code draws a
figure must turn on :func:`pmcourse.plots.alt.enable_alt_text` before it,
which gives every figure it shows a text alternative made from the data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRAWS = re.compile(
    r"(\bplt\.|\.plot\(|\bpmcourse\.plots\b|from pmcourse\.plots|from pmcourse "
    r"import[^\n]*\bplots\b|\b(gantt|network_diagram|s_curve)\()"
)
ENABLES = re.compile(r"\benable_alt_text\(")
NOTEBOOKS = sorted(
    [*ROOT.glob("solutions/ps*/ps*.ipynb"), *ROOT.glob("exercises/ps*/ps*.ipynb")]
)


def missing_alt_text(cells: list[dict]) -> list[int]:
    """Return the indices of code cells that draw before alt text is on."""
    enabled, found = False, []
    for k, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", ""))
        enabled = enabled or bool(ENABLES.search(source))
        if DRAWS.search(source) and not enabled:
            found.append(k)
    return found


def test_the_check_sees_a_figure_without_alt_text():
    """Does the check flag a cell that plots before enable_alt_text, and
    accept one after it?"""
    plot = {"cell_type": "code", "source": "ax = costs.plot()"}
    setup = {
        "cell_type": "code",
        "source": "from pmcourse.plots.alt import enable_alt_text\nenable_alt_text()",
    }
    assert missing_alt_text([plot]) == [0]
    assert missing_alt_text([setup, plot]) == []


@pytest.mark.parametrize(
    "path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_exercise_figure_has_alt_text_turned_on(path):
    """Does every problem-set cell that draws a figure run after
    enable_alt_text (so its image output carries alt text)?"""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert not missing_alt_text(cells), (
        f"{path.name}: cells {missing_alt_text(cells)} draw a figure before "
        "pmcourse.plots.alt.enable_alt_text() is called in the setup cell"
    )
