"""A student plays five weeks of the capstone dashboard of lesson 10."""

from __future__ import annotations

import re

import pytest
from lab_ui import open_notebook, run_all_cells, screenshot
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "notebooks/10_leading_a_project.ipynb"
#: weeks the lesson's own cells play before the student takes over
PLAYED_BY_THE_LESSON = 2


def test_student_plays_five_weeks_of_lesson_10(page, lab_server):
    """Does a student who runs lesson 10, asks for overtime in the dropdown and
    presses "Advance a week" five times with the keyboard see the week count
    up one by one in the status report, the charts redrawn each week, and the
    overtime in force?"""
    open_notebook(page, lab_server, "lesson10", LESSON)
    run_all_cells(page)

    button = page.get_by_role("button", name="Advance a week")
    dashboard = page.locator(".jp-OutputArea-output", has=button).first
    status = dashboard.locator("table[aria-label='Status report']")
    chart = dashboard.locator(".pmcourse-chart img").first
    week = PLAYED_BY_THE_LESSON
    expect(status).to_contain_text(re.compile(rf"Week\s*{week} of"))
    expect(chart).to_have_attribute("src", re.compile(r"^(blob|data):"))

    dashboard.scroll_into_view_if_needed()
    dashboard.locator(".widget-dropdown", has_text="Overtime").locator(
        "select"
    ).select_option(label="+10 % hours")
    for _ in range(5):
        before = chart.get_attribute("src")
        button.focus()
        page.keyboard.press("Enter")
        week += 1
        expect(status).to_contain_text(re.compile(rf"Week\s*{week} of"))
        expect(chart).not_to_have_attribute("src", before)
    expect(status).to_contain_text(re.compile(r"Overtime\s*level 1"))
    feed = dashboard.locator(".widget-html-content", has_text="Events")
    expect(feed).to_be_visible()
    screenshot(page, "lesson10_capstone_dashboard_after_five_weeks")
