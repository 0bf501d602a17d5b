"""Does the printable formula sheet fit on two A4 pages in Chromium?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmcourse import doctor

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")


def test_formula_sheet_prints_on_two_a4_pages(tmp_path):
    """Printed to PDF at A4 with its own print style, is it at most two pages?"""
    reason = doctor.missing("chromium")
    if reason:  # proven by running it, as the preflight does
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    sheet = ROOT / "notebooks" / "formula_sheet.html"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            page = browser.new_page()
            page.goto(sheet.as_uri())
            pdf = page.pdf(format="A4", prefer_css_page_size=True)
        finally:
            browser.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"the formula sheet prints on {pages} A4 pages"
