"""Drive JupyterLab's own user interface from Playwright, as a person would.

Used by the browser tests (tests/browser/): open a notebook, wait for its
kernel, pick menu items, run cells, take screenshots. Selectors are JupyterLab
4's; each helper is small so a change in JupyterLab shows up in one place.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

#: Where the browser tests save screenshots (git-ignored: test-artifacts/).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
#: The exercise the student and instructor scenarios use.
ASSIGNMENT = "ps03_scheduling"
#: The student whose autograded submission the instructor grades by hand.
GRADED_STUDENT = "ada"


def lab_url(base: str, token: str, workspace: str, path: str = "") -> str:
    """Return the address of JupyterLab with a fresh workspace and a file open.

    A workspace of its own per test (reset on opening) keeps one test's tabs
    out of the next test's window.

    >>> lab_url("http://127.0.0.1:8888/", "t", "s1", "notebooks/a.ipynb")
    'http://127.0.0.1:8888/lab/workspaces/s1/tree/notebooks/a.ipynb?reset&token=t'
    """
    tree = f"/tree/{path}" if path else ""
    return f"{base}lab/workspaces/{workspace}{tree}?reset&token={token}"


def open_notebook(page: Page, server, workspace: str, path: str) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is connected.

    ``server`` is the test's JupyterLab (``url``, ``token``, ``wait_for_kernel``):
    the server's own session list says when the page's kernel is connected and
    idle, which the page itself shows before it really is.
    """
    page.goto(lab_url(server.url, server.token, workspace, path))
    page.locator(".jp-Notebook .jp-Cell").first.wait_for()
    server.wait_for_kernel(path)
    wait_for_idle_kernel(page)


def wait_for_idle_kernel(page: Page) -> None:
    """Wait until the notebook toolbar's kernel indicator says idle."""
    indicator = page.locator(".jp-Notebook-ExecutionIndicator").first
    expect(indicator).to_have_attribute("data-status", "idle")


def menu(page: Page, top: str, item: str | re.Pattern) -> None:
    """Click a main-menu entry, then one of its items, with the mouse."""
    page.locator("#jp-MainMenu").get_by_text(top, exact=True).click()
    page.get_by_role("menuitem", name=item).first.click()


def code_cells(page: Page) -> Locator:
    """Return the code cells of the open notebook."""
    return page.locator(".jp-Notebook .jp-CodeCell")


def run_all_cells(page: Page, timeout: float = 120_000) -> None:
    """Run every cell from the Run menu and wait until each shows its count.

    Run All stops at the first cell that raises; the error is then reported
    at once (with the cell's traceback) instead of waiting for the timeout.
    """
    menu(page, "Run", re.compile(r"^Run All Cells"))
    outcome = page.wait_for_function(
        """() => {
            const error = document.querySelector(
                '.jp-Notebook [data-mime-type="application/vnd.jupyter.error"]');
            if (error) return 'error: ' + error.textContent;
            const prompts = [...document.querySelectorAll(
                '.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 &&
                prompts.every(p => /\\[\\d+\\]/.test(p.textContent)) && 'ran';
        }""",
        timeout=timeout,
    ).json_value()
    assert outcome == "ran", f"a cell of the notebook failed: {outcome[:2000]}"
    wait_for_idle_kernel(page)


def type_into_cell(page: Page, cell: Locator, text: str) -> None:
    """Replace a cell's text as a person would: click in, select all, type."""
    cell.scroll_into_view_if_needed()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-window screenshot under ``test-artifacts/browser/``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
