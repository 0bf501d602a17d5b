"""A student answers part of exercise ps03 and checks it with nbgrader's Validate."""

from __future__ import annotations

import json
import re

import pytest
from lab_ui import code_cells, open_notebook, type_into_cell, wait_for_idle_kernel
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXERCISE = "exercises/ps03_scheduling/ps03_scheduling.ipynb"

# Part 1 of ps03 answered with well-typed days (the practice variant's
# numbers differ, and the visible check only looks at the shape).
FORWARD_PASS = (
    'es = {"A": 0, "B": 3, "C": 2, "D": 9, "E": 9, "F": 7, "G": 13, "H": 17, '
    '"I": 21}\n'
    'ef = {"A": 3, "B": 9, "C": 7, "D": 17, "E": 13, "F": 16, "G": 17, "H": 21, '
    '"I": 22}\n'
)


def test_student_answers_part_1_and_validates(page, lab_server):
    """Does a student who answers part 1 of the released ps03 and runs it see
    its check pass, and does nbgrader's Validate button then save the notebook
    and show a results dialog in which part 1 no longer fails but the parts
    still to do (part 2 first) do?"""
    lab_server.graded.result(timeout=600)  # ps03 is released in the copy
    open_notebook(page, lab_server, "validate", EXERCISE)
    cells = code_cells(page)
    setup = cells.filter(has_text="my_variant").first
    answer = cells.filter(has_text="raise NotImplementedError").first
    check = cells.filter(has_text="Part 1: are es and ef").first

    setup.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    wait_for_idle_kernel(page)
    type_into_cell(page, answer, FORWARD_PASS)
    page.keyboard.press("Shift+Enter")  # run the answer, move to its check
    page.keyboard.press("Shift+Enter")  # run the check
    expect(check.locator(".jp-OutputArea-output")).to_contain_text(
        "Part 1: es and ef have the expected shape."
    )

    page.locator(".jp-NotebookPanel-toolbar").get_by_text(
        "Validate", exact=True
    ).click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog.locator(".jp-Dialog-header")).to_have_text("Validation Results")
    body = dialog.locator("#validation-message")
    expect(body).to_contain_text("The following cell failed")
    expect(body).to_contain_text("Part 2: are ls and lf dicts")
    expect(body).to_contain_text("NameError")
    expect(body).not_to_contain_text("Part 1:")
    dialog.get_by_role("button", name=re.compile("ok", re.I)).click()
    expect(dialog).to_have_count(0)

    saved = json.loads((lab_server.course.root / EXERCISE).read_text())
    sources = ["".join(cell["source"]) for cell in saved["cells"]]
    assert FORWARD_PASS.strip() in [s.strip() for s in sources], (
        "Validate should have saved the student's answer"
    )
