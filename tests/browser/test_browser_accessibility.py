"""Can everyone use lessons 03 and 09: screen readers (axe) and the keyboard alone?

axe-core (the engine, shipped by the ``axe-playwright-python`` package) checks
the course's own content in JupyterLab after every cell has run: the
lesson's rendered text and every cell output (figures, tables, widgets).
JupyterLab's own chrome (menus, toolbars) is not ours and is left out.
"""

from __future__ import annotations

import json
import re

import pytest
from lab_ui import open_notebook, run_all_cells
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# what the course writes: rendered Markdown and the outputs of its cells
OUR_CONTENT = {
    "include": [
        [".jp-Notebook .jp-MarkdownOutput"],
        [".jp-Notebook .jp-OutputArea-output"],
    ]
}
SERIOUS = {"serious", "critical"}


@pytest.fixture
def every_cell_rendered(lab_server):
    """Let JupyterLab keep every cell in the page (no windowing) for one test.

    By default JupyterLab 4 renders only the cells near the view; axe checks
    what is in the page, so the whole lesson must be there. The setting is
    written to the server's user-settings folder (read on each page load)
    and removed after the test.
    """
    home = lab_server.course.root.parent / "home"
    settings = (
        home / ".jupyter" / "lab" / "user-settings" / "@jupyterlab"
        / "notebook-extension" / "tracker.jupyterlab-settings"
    )  # fmt: skip
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"windowingMode": "none"}))
    yield
    settings.unlink()


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        context=OUR_CONTENT,
        options={"resultTypes": ["violations"], "runOnly": ["wcag2a", "wcag2aa"]},
    )
    found = []
    for rule in results.response["violations"]:
        if rule["impact"] in SERIOUS:
            targets = [", ".join(map(str, n["target"])) for n in rule["nodes"][:3]]
            found.append(f"{rule['id']} ({rule['impact']}): {'; '.join(targets)}")
    return found


@pytest.mark.parametrize(
    "lesson", ["notebooks/03_scheduling.ipynb", "notebooks/09_capm_practice.ipynb"]
)
def test_axe_finds_no_serious_violation(page, lab_server, every_cell_rendered, lesson):
    """After every cell has run, does axe find 0 serious or critical WCAG 2.1 AA
    violations in the lesson's text and outputs (figures carry alt text,
    controls have labels, text has contrast)?"""
    open_notebook(page, lab_server, "axe" + lesson[10:12], lesson)
    run_all_cells(page)
    page.wait_for_timeout(1000)  # let the last widget views render
    figures = page.locator(".jp-Notebook .jp-OutputArea-output img")
    assert figures.count() > 0
    violations = _axe_violations(page)
    assert not violations, "\n".join(violations)


def test_keyboard_alone_moves_a_slider_and_presses_the_reset_button(page, lab_server):
    """With the keyboard alone, can a student lengthen task B with the arrow
    keys, see the finish move, Tab on to 'Back to the plan' (with a visible
    focus ring) and press it with Enter to restore the plan?"""
    lesson = "notebooks/03_scheduling.ipynb"
    open_notebook(page, lab_server, "keyboard03", lesson)
    run_all_cells(page)
    explorer = page.locator(
        ".jp-OutputArea-output", has=page.locator(".widget-hslider")
    ).first
    summary = explorer.locator(".widget-html-content", has_text="Finish: day")
    expect(summary).to_contain_text("Finish: day 35")
    handles = explorer.locator(".noUi-handle")
    expect(handles).to_have_count(12)
    # the learner reaches the sliders from the page (focus lands on B's handle)
    slider_b = handles.nth(1)
    slider_b.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(summary).to_contain_text("Finish: day 37")
    # Tab through the remaining sliders to the button
    for _ in range(20):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.textContent.trim()")
        if label == "Back to the plan":
            break
    else:
        pytest.fail("Tab never reached the 'Back to the plan' button")
    ring = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"""
    )
    assert ring[0] != "none" or ring[2] != "none", f"no visible focus: {ring}"
    page.keyboard.press("Enter")
    expect(summary).to_contain_text("Finish: day 35")
    expect(summary).to_contain_text(re.compile("as planned"))
