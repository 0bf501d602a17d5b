"""A student takes the CAPM practice exam of lesson 09 in JupyterLab."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from lab_ui import open_notebook, run_all_cells, screenshot
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "notebooks/09_capm_practice.ipynb"
REPO = Path(__file__).resolve().parents[2]


def _first_exam_arguments() -> dict:
    """Read the keyword arguments of the lesson's first ``PracticeExam(...)``."""
    nb = json.loads((REPO / LESSON).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "PracticeExam"
            ):
                return {k.arg: ast.literal_eval(k.value) for k in node.keywords}
    raise AssertionError(f"{LESSON} shows no PracticeExam")


def _answer(page, exam, item, response) -> None:
    """Answer the question on screen with the widget's own controls."""
    if item.type == "single":
        exam.locator(
            ".widget-toggle-buttons button:visible",
            has_text=re.compile(rf"^{response}$"),
        ).click()
    elif item.type == "multiple":
        for letter in response:
            exam.locator(".widget-checkbox:visible", has_text=letter).locator(
                "input"
            ).check()
    else:
        box = exam.get_by_role("textbox", name="Answer")
        box.fill(str(response))
        box.press("Enter")


def _wrong(item):
    if item.type == "single":
        return next(letter for letter in item.options if letter != item.answer)
    if item.type == "multiple":
        return [next(letter for letter in item.options if letter not in item.answer)]
    return float(item.answer) + 1000


@pytest.mark.skipif(not (REPO / LESSON).exists(), reason="lesson 09 not present")
def test_student_answers_three_questions_and_sees_the_score_report(page, lab_server):
    """Does a student who starts lesson 09's practice exam, answers the first
    three questions (two right, one wrong) with the buttons, check boxes or
    number box each question offers, and submits, see a report of 2 right out
    of the exam's questions with 3 answered?"""
    from pmcourse.widgets.capm import PracticeExam

    arguments = _first_exam_arguments()
    reference = PracticeExam(**arguments)
    reference.start()  # the same seed gives the same exam
    items = reference.items[:3]
    responses = [items[0].answer, _wrong(items[1]), items[2].answer]
    total = len(reference.items)

    open_notebook(page, lab_server, "capm", LESSON)
    run_all_cells(page)
    exam = page.locator(
        ".jp-OutputArea-output", has_text="CAPM-style practice exam"
    ).first
    exam.scroll_into_view_if_needed()
    exam.get_by_role("button", name="Start", exact=True).click()
    for number, (item, response) in enumerate(
        zip(items, responses, strict=True), start=1
    ):
        expect(exam).to_contain_text(f"Question {number} of {total}")
        _answer(page, exam, item, response)
        expect(exam).to_contain_text(f"Review: {number} of {total} answered")
        if number < len(items):
            exam.get_by_role("button", name="Next ▶").click()
    exam.get_by_role("button", name="Submit and score").click()
    expect(exam).to_contain_text(f"2 of {total} right ({2 / total:.0%})")
    expect(exam).to_contain_text("3 answered")
    exam.scroll_into_view_if_needed()
    screenshot(page, "scenario4_capm_practice_report")
