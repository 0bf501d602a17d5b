"""An instructor grades a written answer by hand in nbgrader's formgrader."""

from __future__ import annotations

import re
import time

import pytest
from lab_ui import ASSIGNMENT, GRADED_STUDENT, lab_url, menu, screenshot
from nbgrader.api import Gradebook
from playwright.sync_api import expect

from pmcourse import variants

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WRITTEN = "answer_sponsor_message"
SCORE = 3.5
COMMENT = (
    "Clear numbers and honest odds. Name one decision you need from Dana, and by when."
)


def _gradebook_holds(course, timeout: float = 20) -> tuple[float | None, str | None]:
    """Poll the gradebook until the manual grade and comment are there."""
    deadline = time.monotonic() + timeout
    while True:
        with Gradebook(course.gradebook_url) as gradebook:
            grade = gradebook.find_grade(
                WRITTEN, ASSIGNMENT, ASSIGNMENT, GRADED_STUDENT
            )
            comment = gradebook.find_comment(
                WRITTEN, ASSIGNMENT, ASSIGNMENT, GRADED_STUDENT
            )
            found = grade.manual_score, comment.manual_comment
        if found == (SCORE, COMMENT) or time.monotonic() > deadline:
            return found
        time.sleep(0.25)


def test_instructor_grades_the_written_answer_in_the_formgrader(page, lab_server):
    """Does an instructor who opens Nbgrader > Formgrader in JupyterLab see ps03
    with its one autograded submission, find it under Manual Grading, enter a
    score and a comment for the written answer, and are both then in nbgrader's
    gradebook?"""
    assert lab_server.graded.result(timeout=600) == GRADED_STUDENT
    with Gradebook(lab_server.course.gradebook_url) as gradebook:
        grade = gradebook.find_grade(WRITTEN, ASSIGNMENT, ASSIGNMENT, GRADED_STUDENT)
        assert grade.needs_manual_grade and grade.manual_score is None

    page.goto(lab_url(lab_server.url, lab_server.token, "formgrader"))
    menu(page, "Nbgrader", "Formgrader")
    formgrader = page.frame_locator("#formgrader-iframe iframe")

    row = formgrader.locator("tr", has_text=ASSIGNMENT).first
    expect(row.locator("td.name")).to_have_text(ASSIGNMENT)
    expect(row.locator("td.num-submissions")).to_have_text("1")

    formgrader.get_by_role("link", name="Manual Grading").click()
    formgrader.locator(f"a[href$='/formgrader/gradebook/{ASSIGNMENT}']").click()
    formgrader.locator(
        f"a[href$='/formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}']"
    ).click()
    submission = formgrader.get_by_role("link", name=re.compile(r"Submission #1"))
    submission_row = formgrader.locator("tr", has=submission)
    # The solved copy earns every autograded point (ps03: 11 of its 15 points
    # are checked automatically) and waits for a person on the written answer.
    expect(submission_row.locator("td.code-score")).to_have_text("11 / 11")
    expect(submission_row.locator("td.needs-manual-grade")).to_have_attribute(
        "data-search", "needs manual grade"
    )
    submission.click()

    # ps03 gives each student their own numbers: the graded notebook opens
    # with ada's variant, so the written answer is marked against her numbers.
    source = lab_server.course.source_dir(ASSIGNMENT) / f"{ASSIGNMENT}.ipynb"
    code = variants.scenario(
        ASSIGNMENT, salt=variants.notebook_salt(source), student=GRADED_STUDENT
    ).code
    box = formgrader.get_by_text(f"Your variant: {code}")
    expect(box).to_be_visible()
    box.scroll_into_view_if_needed()
    screenshot(page, "scenario3_formgrader_variant")

    score = formgrader.locator(f"input.score#{WRITTEN}")
    comment = formgrader.locator(f"textarea#{WRITTEN}-comment")
    # nbgrader binds the inputs once it has loaded the grades and comments: it
    # then sets their placeholders and marks the score as waiting for a grader.
    expect(formgrader.locator(f"#{WRITTEN}_extra_credit")).to_have_attribute(
        "placeholder", "0"
    )
    expect(comment).to_have_attribute("placeholder", re.compile("comment", re.I))
    expect(score).to_have_class(re.compile(r"\bneeds_manual_grade\b"))

    score.click()
    page.keyboard.type(f"{SCORE:g}")
    page.keyboard.press("Tab")  # the formgrader saves a field when it loses focus
    comment.click()
    page.keyboard.type(COMMENT)
    page.keyboard.press("Tab")

    assert _gradebook_holds(lab_server.course) == (SCORE, COMMENT)
    expect(score).to_have_value(f"{SCORE:g}")
    expect(comment).to_have_value(COMMENT)
    score.scroll_into_view_if_needed()
    screenshot(page, "scenario3_formgrader_manual_grade")
