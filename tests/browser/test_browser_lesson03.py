"""A student works through lesson 03 in JupyterLab and plays with the explorer."""

from __future__ import annotations

import re

import pytest
from lab_ui import open_notebook, run_all_cells, screenshot
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LESSON = "notebooks/03_scheduling.ipynb"

# The lesson's launch plan (datasets/product_launch.csv), worked by hand with
# zero-based days:
#   product track  A 0-3, C 3-9, D 9-24, E (SS+5, FF+3 on D) 15-27, K 27-28,
#                  L (FS+5 on K) 33-35  -> finish day 35, critical A C D E K L
#   marketing      B 3-11, F 11-16, G 16-26, H (SS+3 on G) 19-26: 1 day of float
# Interviews (B) taking 11 days instead of 8 use up that day and push the
# marketing track 2 days past the product track:
#   B 3-14, F 14-19, G 19-29, H 22-29, K 29-30, L 35-37 -> finish day 37,
#   critical A B F G H K L.
PLANNED = ("Finish: day 35", "A → C → D → E → K → L")
SLIPPED = ("Finish: day 37", "A → B → F → G → H → K → L")
SLIP_DAYS = 3


def test_student_runs_lesson_03_and_moves_a_duration_slider(page, lab_server):
    """Does a student who runs every cell of lesson 03 and then lengthens the
    interviews (B) by three days with the keyboard see the finish move from day
    35 to day 37, the critical path switch to the marketing track, B's slider
    handle turn to the critical colour and the Gantt chart redrawn?"""
    open_notebook(page, lab_server, "lesson03", LESSON)
    run_all_cells(page)

    explorer = page.locator(
        ".jp-OutputArea-output", has=page.locator(".widget-hslider")
    ).first
    summary = explorer.locator(".widget-html-content", has_text="Finish: day")
    for text in PLANNED:
        expect(summary).to_contain_text(text)
    chart = explorer.locator(".pmcourse-chart img").first
    expect(chart).to_have_attribute("src", re.compile(r"^(blob|data):"))
    chart_before = chart.get_attribute("src")
    slider = explorer.locator(
        ".widget-hslider", has=page.locator(".widget-label[title^='B:']")
    )
    handle = slider.locator(".noUi-handle")
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^8(\.0)?$"))
    colour_before = handle.evaluate("h => getComputedStyle(h).backgroundColor")

    explorer.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(SLIP_DAYS):
        page.keyboard.press("ArrowRight")

    expect(slider.locator(".widget-readout")).to_have_text("11")
    for text in SLIPPED:
        expect(summary).to_contain_text(text)
    expect(summary).to_contain_text("2 days later than planned")
    expect(chart).not_to_have_attribute("src", chart_before)
    _wait_until_settled(page, chart)
    colour_after = handle.evaluate("h => getComputedStyle(h).backgroundColor")
    assert colour_after != colour_before, "B's handle should now be highlighted"
    explorer.scroll_into_view_if_needed()
    screenshot(page, "scenario1_lesson03_critical_path_explorer")


def _wait_until_settled(page, chart, quiet_ms=1500, timeout_ms=15000):
    """Wait until the chart image has not changed for ``quiet_ms``.

    Each slider step sends a new PNG after the summary text, so the last
    image can arrive a moment after the text shows the final finish day.
    """
    src = chart.get_attribute("src")
    waited = still = 0
    while still < quiet_ms and waited < timeout_ms:
        page.wait_for_timeout(250)
        waited += 250
        now = chart.get_attribute("src")
        still = still + 250 if now == src else 0
        src = now
