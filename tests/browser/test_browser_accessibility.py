"""Can everyone use lessons 03 and 09: screen readers (axe) and the keyboard alone?

axe-core (the engine, shipped by the ``axe-playwright-python`` package) checks
the course's own content in JupyterLab after every cell has run: the
lesson's rendered text and every cell output (figures, tables, widgets).
JupyterLab's own chrome (menus, toolbars) is not ours and is left out.
"""

from __future__ import annotations

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
def test_axe_finds_no_serious_violation(page, lab_server, lesson):
    """After every cell has run, does axe find 0 serious or critical WCAG 2.1 AA
    violations in the lesson's text and outputs (figures carry alt text,
    controls have labels, text has contrast)?

    JupyterLab keeps only the cells near the view in the page, so the check
    scrolls through the lesson a screen at a time and runs axe on each.
    """
    open_notebook(page, lab_server, "axe" + lesson[10:12], lesson)
    run_all_cells(page)
    # the notebook's scrolling element (JupyterLab 4: the windowed panel)
    scroller = page.locator(
        ".jp-NotebookPanel .jp-WindowedPanel-outer, .jp-NotebookPanel .jp-Notebook"
    ).first
    scroller.evaluate("e => { e.scrollTop = 0; }")
    violations: set[str] = set()
    described: set[str] = set()
    for _ in range(200):
        page.wait_for_timeout(400)  # let the cells coming into view render
        violations.update(_axe_violations(page))
        described.update(
            page.evaluate(
                """() => [...document.querySelectorAll(
                    '.jp-Notebook .jp-OutputArea-output img')]
                    .map(i => i.getAttribute('alt') || i.getAttribute('title') || '')
                    .filter(t => t.trim())"""
            )
        )
        moved = scroller.evaluate(
            """e => { const before = e.scrollTop;
                      e.scrollTop = before + 0.9 * e.clientHeight;
                      return e.scrollTop > before; }"""
        )
        if not moved:
            break
    assert described, "no figure with a text alternative was seen"
    assert not violations, "\n".join(sorted(violations))


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
