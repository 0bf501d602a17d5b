"""The built website: its contents, no solution text, static simulations.

These tests read the files of the site that ``book_site`` built (the real
course, as ``make book`` builds it); the browser tests open the same site in
Chromium.
"""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

import nbformat
import pytest
from book_helpers import BOOK, REPO, book_build

pytestmark = pytest.mark.slow

TAGS = re.compile(r"<[^>]+>")
TEXT_SUFFIXES = {".html", ".js", ".txt", ".json", ".ipynb", ".md", ".css", ".inv"}


def _normal(text: str) -> str:
    return " ".join(text.split())


def _site_text(site: Path) -> str:
    """Every text file of the site, tags removed and entities decoded."""
    parts = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            raw = path.read_text(encoding="utf-8", errors="replace")
            parts.append(
                html.unescape(TAGS.sub("", raw)) if path.suffix == ".html" else raw
            )
    return _normal("\n".join(parts))


def _published_text() -> str:
    """What the site may show: the lessons, the student versions, the pages."""
    parts = []
    for folder in ("notebooks", "exercises"):
        for path in (REPO / folder).rglob("*.ipynb"):
            parts += [c.source for c in nbformat.read(path, as_version=4).cells]
    parts += [p.read_text(encoding="utf-8") for p in (BOOK / "pages").glob("*.md")]
    return "\n".join(_normal(part) for part in parts)


def _between(source: str, begin: str, end: str) -> list[str]:
    return re.findall(rf"{re.escape(begin)}\n(.*?){re.escape(end)}", source, re.S)


def _secrets() -> tuple[list[str], list[str]]:
    """Hidden-test blocks and solution blocks of every source in solutions/."""
    hidden, solutions = [], []
    for path in sorted((REPO / "solutions").rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            hidden += _between(
                cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
            )
            solutions += _between(cell.source, "### BEGIN SOLUTION", "### END SOLUTION")
            if cell.cell_type == "markdown" and meta.get("solution"):
                solutions.append(cell.source)
    return hidden, solutions


def test_the_build_reports_its_time_and_size(book_site):
    """Is the site a folder of pages with a size and a build time to report?"""
    notebooks = len(list((REPO / "notebooks").glob("*.ipynb")))
    exercises = len(book_build.exercises(REPO))
    assert book_site.pages >= notebooks + exercises + 4
    assert (book_site.site / "index.html").is_file()
    assert book_site.size_bytes > 0 and book_site.seconds > 0
    print(book_site)


def test_every_notebook_has_a_page_in_file_name_order(book_site):
    """Does the navigation list every lesson, in file-name order, then every
    problem set, then the reference pages (glossary and formula sheet too)?"""
    index = (book_site.site / "index.html").read_text(encoding="utf-8")
    nav = index[index.index('class="bd-sidebar-primary') :]
    order = re.findall(r'href="((?:notebooks|exercises)/[^"#]+)\.html"', nav)
    expected = [
        f"notebooks/{nb.stem}" for nb in book_build.notebooks(REPO) if nb.number
    ]
    expected += [
        p.relative_to(REPO).with_suffix("").as_posix()
        for p in book_build.exercises(REPO)
    ]
    expected += [
        f"notebooks/{nb.stem}" for nb in book_build.notebooks(REPO) if not nb.number
    ]
    seen = list(dict.fromkeys(order))
    assert seen == expected
    for page in expected:
        assert (book_site.site / f"{page}.html").is_file(), page


def test_no_hidden_test_or_solution_text_reaches_the_site(book_site):
    """Is no hidden-test cell's code, and no solution the student versions
    do not show, anywhere in the site (pages, search index, downloads)?"""
    text = _site_text(book_site.site)
    hidden, solutions = _secrets()
    assert len(hidden) >= 50, "expected the hidden tests of every problem set"
    published = _published_text()
    checked, leaked = 0, []
    for block in hidden + solutions:
        whole = _normal(block)
        if len(whole) >= 12 and whole in text and whole not in published:
            leaked.append(whole[:120])
        for line in block.splitlines():
            line = _normal(line)
            if len(line) >= 12 and line not in published:
                checked += 1
                if line in text:
                    leaked.append(line)
    assert checked >= 500, f"only {checked} hidden-test and solution lines checked"
    assert not leaked, f"{len(leaked)} solution lines in the site: {leaked[:10]}"
    for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION"):
        assert marker not in text


def test_the_leak_check_would_catch_a_leak(book_site, tmp_path):
    """Would the text check above find a hidden test that did reach a page?"""
    hidden, _ = _secrets()
    line = next(
        _normal(x)
        for block in hidden
        for x in block.splitlines()
        if len(_normal(x)) > 30
    )
    page = tmp_path / "leak.html"
    page.write_text(f"<pre><span>{html.escape(line)}</span></pre>", encoding="utf-8")
    assert line in _site_text(tmp_path)


def _widget_names(cells) -> set[str]:
    """The names a notebook imports from pmcourse.widgets (and its modules)."""
    names = set()
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "pmcourse.widgets"
            ):
                names.update(alias.asname or alias.name for alias in node.names)
    return names - {"SelfCheck"}


def _shows_widget(
    source: str, names: set[str], earlier: set[str] = frozenset()
) -> bool:
    """Does this cell end with a call of one of these widget classes, or with
    a name bound to such a call, in this cell or in ``earlier`` ones
    (``view = MyProgress()`` then ``view``; the setup cell's
    ``lesson_mark = LessonMark()`` shown in the last cell)?"""
    body = ast.parse(source).body
    last = body[-1] if body else None
    if not isinstance(last, ast.Expr):
        return False

    def _widget_call(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
        )

    if _widget_call(last.value):
        return True
    bound = {
        target.id
        for node in body[:-1]
        if isinstance(node, ast.Assign) and _widget_call(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    return isinstance(last.value, ast.Name) and last.value.id in bound | earlier


def _bound_widgets(cells, names: set[str]) -> set[str]:
    """The names any code cell binds to a call of one of these widget classes."""
    bound = set()
    for cell in cells:
        if cell.cell_type != "code":
            continue
        for node in ast.parse(cell.source).body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name)
                and node.value.func.id in names
            ):
                bound |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return bound


def _notebook_pages(site: Path) -> list[Path]:
    return sorted((site / "notebooks").glob("*.html"))


def test_simulations_are_static_with_a_link_to_run_them(book_site):
    """Does every simulation appear in its static form (settings, summary,
    chart with a text alternative) with a link to run it in JupyterLab, and
    no live-widget markup that would need a kernel?"""
    simulations = activities = 0
    for page in _notebook_pages(book_site.site):
        body = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget-view+json" not in body, page.name
        assert "#run-in-jupyterlab" not in body, page.name
        blocks = body.split('<div class="pmcourse-static pmcourse-static-')[1:]
        for block in blocks:
            kind = block[: block.index('"')]
            block = block[: block.find("</details>") if kind == "question" else None]
            assert 'class="pmcourse-run-link" href="../run_in_jupyterlab.html"' in block
            if kind == "simulation":
                simulations += 1
                chart = r'<img class="pmcourse-static-chart" [^>]*alt="Chart: '
                assert re.search(chart, block), page.name
                assert "pmcourse-static-settings" in block, page.name
            elif kind == "activity":
                activities += 1
    # one per lesson cell that ends by showing a simulation or an activity
    cells = 0
    for path in sorted((REPO / "notebooks").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        names = _widget_names(nb.cells)
        bound = _bound_widgets(nb.cells, names)
        for cell in nb.cells:
            if cell.cell_type == "code" and _shows_widget(cell.source, names, bound):
                cells += 1
    assert simulations >= 10
    assert simulations + activities == cells


def test_self_checks_fold_their_answers(book_site):
    """Is each self-check shown with its options and its answer folded away?"""
    body = (book_site.site / "notebooks" / "00_start_here.html").read_text()
    assert body.count("pmcourse-static-question") >= 3
    assert "<summary>Show the answer</summary>" in body
    assert "<li>C. 15</li>" in body
    # the code that names the answer is folded too
    call = '<span class="n">SelfCheck</span><span class="p">(</span>'
    before = body.split(call)[:-1]
    assert before and all(
        part.rfind("<details") > part.rfind("</details>") for part in before
    )


def test_the_site_is_self_contained_and_in_english(book_site):
    """Does every page declare its language and load nothing from another
    host, so the site works offline from any static server?"""
    external = re.compile(
        r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(?:https?:)?//', re.I
    )
    for page in sorted(book_site.site.rglob("*.html")):
        if page.parent.name == "_static":  # a theme's template, not a page
            continue
        body = page.read_text(encoding="utf-8")
        assert re.search(r'<html[^>]* lang="en"', body), page
        found = external.findall(body)
        assert not found, f"{page.relative_to(book_site.site)} loads {found}"
        assert str(REPO) not in body, f"{page} shows a path of the build machine"
    assert (book_site.site / "_static" / "mathjax" / "tex-mml-chtml.js").is_file()


def test_the_course_map_and_outline_pages_list_the_lessons(book_site):
    """Do the course map and the CAPM outline pages link every lesson?"""
    course_map = (book_site.site / "course_map.html").read_text(encoding="utf-8")
    outline = (book_site.site / "capm_outline.html").read_text(encoding="utf-8")
    for nb in book_build.notebooks(REPO):
        assert f'href="notebooks/{nb.stem}.html"' in course_map, nb.stem
    assert outline.count('href="notebooks/') >= 20
    assert "Domain 4" in outline


HUB = "https://hub.example.edu"


def _fixture_course(root: Path) -> Path:
    """A one-lesson course whose figure follows the alt-text contract."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    figure = (
        "import base64, io\n"
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "from IPython.display import display\n"
        "fig, ax = plt.subplots()\n"
        "ax.bar(['A', 'B'], [3, 5])\n"
        "buf = io.BytesIO(); fig.savefig(buf, format='png'); plt.close(fig)\n"
        "png = base64.b64encode(buf.getvalue()).decode()\n"
        "alt = 'Bar chart: task A takes 3 days, task B 5 days.'\n"
        "display({'text/html': f'<figure><img src=\"data:image/png;base64,{png}\" '\n"
        "         f'alt=\"{alt}\"><figcaption>Durations</figcaption></figure>',\n"
        "         'image/png': png, 'text/plain': alt},\n"
        "        raw=True, metadata={'image/png': {'alt': alt}})"
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Lesson 01 · A fixture\n\nText."),
        nbformat.v4.new_code_cell(figure),
        nbformat.v4.new_code_cell(
            "from pmcourse.widgets import TimeSplit\nTimeSplit()"
        ),
    ]
    (root / "notebooks").mkdir(parents=True)
    nbformat.write(nb, root / "notebooks" / "01_fixture.ipynb")
    (root / "exercises").mkdir()
    return root


def test_a_hub_set_once_gives_live_links_and_figures_keep_their_alt(tmp_path):
    """With the hub's address set once, does a lesson get the hub's launch
    button and its simulation an nbgitpuller link to the same lesson; and
    does a figure shown as the contract says keep its alt text in the page?"""
    course = _fixture_course(tmp_path / "course")
    report = book_build.build(
        course, tmp_path / "out", hub_url=HUB, cache=tmp_path / "cache"
    )
    body = (report.site / "notebooks" / "01_fixture.html").read_text(encoding="utf-8")
    pulled = (
        f"{HUB}/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fpmcourse"
        "%2Fpmcourse&amp;branch=main&amp;urlpath=lab%2Ftree%2Fpmcourse%2Fnotebooks"
        "%2F01_fixture.ipynb"
    )
    assert f'class="pmcourse-run-link" href="{pulled}"' in body
    assert f"{HUB}/hub/user-redirect/git-pull" in body.split("pmcourse-static")[0]
    assert 'alt="Bar chart: task A takes 3 days, task B 5 days."' in body
    assert "<figcaption>Durations</figcaption>" in body
    json.dumps(str(report))  # the report prints
