"""The website in Chromium: every page loads cleanly, links resolve, images
have text alternatives, search works, the keyboard gets around, and axe-core
finds no serious or critical accessibility problem.

Every page of the site is opened once (``audit``, session-scoped) and what
the tests need is collected from it; each test then checks one thing, so a
failure names the pages and the rule. The site is served on 127.0.0.1 as any
static host would serve it. axe-core comes from npm at the version pinned in
``book/package.json`` (``npm ci --prefix book``, run here when missing).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from book_helpers import BOOK

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
AXE = BOOK / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FILE_NAME = re.compile(r"(^|/)[^/\s]+\.(png|jpe?g|gif|svg|webp)$", re.I)

COLLECT = """() => {
  const main = document.querySelector('main') || document.body;
  return {
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    images: [...document.images].map(i => ({src: i.getAttribute('src') || '',
      alt: i.getAttribute('alt'), role: i.getAttribute('role')})),
    headings: [...main.querySelectorAll('h1,h2,h3,h4,h5,h6')]
      .filter(h => h.offsetParent !== null)
      .map(h => Number(h.tagName[1])),
    lang: document.documentElement.lang,
    title: document.title,
  };
}"""


@dataclass
class PageReport:
    """What one page showed in the browser."""

    path: str
    errors: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    lang: str = ""
    title: str = ""
    violations: list[dict] = field(default_factory=list)


@pytest.fixture(scope="session")
def axe_script() -> Path | None:
    """axe-core's script from npm (None, and the axe test skips, without npm)."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            return None
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(BOOK)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return AXE


# module scope: Playwright's sync API allows one session per process, and the
# JupyterLab browser tests (tests/browser) open their own after this module
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Debian's Chromium, headless, driven by Playwright (never downloaded)."""
    from pmcourse import doctor

    reason = doctor.missing("chromium")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(60_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def audit(book_site, site_url, browser, axe_script) -> dict[str, PageReport]:
    """Open every page of the site once and record what the tests check."""
    pages = sorted(
        p.relative_to(book_site.site).as_posix()
        for p in book_site.site.rglob("*.html")
        if "_static" not in p.parts  # theme templates, not pages
    )
    reports: dict[str, PageReport] = {}
    tab = browser.new_page()
    current: list[PageReport] = []

    def on_console(message) -> None:
        if message.type == "error" and current:
            current[-1].errors.append(f"console: {message.text}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda err: current and current[-1].errors.append(f"{err}"))
    tab.on(
        "requestfailed",
        lambda req: current and current[-1].errors.append(f"failed: {req.url}"),
    )
    try:
        for path in pages:
            report = PageReport(path)
            current.append(report)
            response = tab.goto(site_url + path, wait_until="networkidle")
            if response is None or not response.ok:
                report.errors.append(f"status {response and response.status}")
            tab.wait_for_timeout(200)  # MathJax typesets after load
            found = tab.evaluate(COLLECT)
            report.links, report.images = found["links"], found["images"]
            report.headings, report.lang = found["headings"], found["lang"]
            report.title = found["title"]
            if axe_script is not None:
                tab.add_script_tag(path=str(axe_script))
                result = tab.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                    " resultTypes: ['violations']})",
                    AXE_TAGS,
                )
                report.violations = result["violations"]
            reports[path] = report
    finally:
        tab.close()
    return reports


def _problems(audit, check) -> list[str]:
    out = []
    for path, report in audit.items():
        out += [f"{path}: {problem}" for problem in check(report)]
    return out


def test_every_page_loads_without_a_console_error(audit):
    """Does every page load with no console error, script error or failed
    request?"""
    assert len(audit) >= 20
    problems = _problems(audit, lambda r: r.errors)
    assert not problems, "\n".join(problems[:30])


def test_every_internal_link_resolves(audit, book_site, site_url):
    """Does every link to another page of the site reach a file that exists,
    and every #fragment an element with that id?"""
    site = book_site.site
    ids: dict[Path, set[str]] = {}

    def check(report: PageReport) -> list[str]:
        broken = []
        for link in report.links:
            if not link.startswith(site_url):
                continue
            parsed = urlparse(link)
            target = site / unquote(parsed.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{link} (no such file)")
                continue
            if parsed.fragment and target.suffix == ".html":
                if target not in ids:
                    text = target.read_text(encoding="utf-8")
                    ids[target] = set(re.findall(r'\bid="([^"]+)"', text))
                if unquote(parsed.fragment) not in ids[target]:
                    broken.append(f"{link} (no id {parsed.fragment!r})")
        return broken

    links = sum(len(r.links) for r in audit.values())
    assert links > 500
    problems = _problems(audit, check)
    assert not problems, "\n".join(problems[:30])


def test_every_image_resolves(audit, book_site):
    """Is every image embedded (data URI) or a file of the site?"""

    def check(report: PageReport) -> list[str]:
        broken = []
        folder = (book_site.site / report.path).parent
        for image in report.images:
            src = image["src"]
            if src.startswith("data:image/"):
                if len(src) < 100:
                    broken.append(f"empty embedded image {src[:40]}")
            elif not (folder / unquote(src.split("#")[0])).resolve().is_file():
                broken.append(f"missing image {src}")
        return broken

    assert sum(len(r.images) for r in audit.values()) >= 30
    problems = _problems(audit, check)
    assert not problems, "\n".join(problems[:30])


def test_every_image_has_alt_text(audit):
    """Does every image carry a text alternative that says what it shows (not
    empty, not its file name), unless it is marked decorative?"""

    def check(report: PageReport) -> list[str]:
        bad = []
        for image in report.images:
            alt = (image["alt"] or "").strip()
            if image["role"] == "presentation":
                continue
            if not alt or FILE_NAME.search(alt) or alt == image["src"]:
                bad.append(f"image without alt text: {image['src'][:60]} alt={alt!r}")
        return bad

    problems = _problems(audit, check)
    assert not problems, f"{len(problems)} images:\n" + "\n".join(problems[:30])


def test_pages_have_a_language_a_title_and_headings_in_order(audit):
    """Does every page set its language, have a title and one h1, and never
    skip a heading level on the way down?"""

    def check(report: PageReport) -> list[str]:
        bad = []
        if report.lang != "en":
            bad.append(f"lang={report.lang!r}")
        if not report.title.strip():
            bad.append("no title")
        levels = report.headings
        if levels.count(1) != 1 or (levels and levels[0] != 1):
            bad.append(f"expected one h1 first, got {levels[:6]}")
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                bad.append(f"heading h{before} followed by h{after}")
        return bad

    problems = _problems(audit, check)
    assert not problems, "\n".join(problems[:30])


def test_axe_finds_no_serious_or_critical_violation(audit, axe_script):
    """Does axe-core (WCAG 2.1 A and AA rules, best practices) report no
    serious or critical violation on any page?"""
    if axe_script is None:
        pytest.skip("npm is not installed: axe-core (book/package.json) is missing")

    def check(report: PageReport) -> list[str]:
        return [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in report.violations
            if v["impact"] in ("serious", "critical")
        ]

    problems = _problems(audit, check)
    assert not problems, f"{len(problems)} violations:\n" + "\n".join(problems[:40])


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("TCPI", "notebooks/04_earned_value.html"),
        ("critical path", "notebooks/03_scheduling.html"),
    ],
)
def test_search_finds_the_course_s_terms(browser, site_url, query, page):
    """Does the search box, used from the keyboard, find the lesson that
    teaches a term?"""
    tab = browser.new_page()
    try:
        tab.goto(site_url + "index.html", wait_until="networkidle")
        tab.keyboard.press("Control+k")
        field = tab.locator("input[name='q']:focus")
        field.wait_for()
        tab.keyboard.type(query)
        tab.keyboard.press("Enter")
        tab.wait_for_url(re.compile(r"search\.html\?q="))
        results = tab.locator("#search-results")
        results.get_by_text(re.compile("Search finished")).wait_for()
        hrefs = results.locator("a").evaluate_all("as => as.map(a => a.href)")
        assert any(page in href for href in hrefs), hrefs
    finally:
        tab.close()


def test_the_keyboard_reaches_the_content_first(browser, site_url):
    """Is the first Tab stop a skip link that takes keyboard users past the
    navigation to the lesson?"""
    tab = browser.new_page()
    try:
        tab.goto(site_url + "notebooks/03_scheduling.html", wait_until="networkidle")
        tab.keyboard.press("Tab")
        focused = tab.evaluate("document.activeElement.textContent.trim()")
        assert focused.lower().startswith("skip to main content")
        tab.keyboard.press("Enter")
        assert tab.evaluate("location.hash") == "#main-content"
    finally:
        tab.close()
