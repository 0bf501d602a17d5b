"""How book/build.py lays out the website's sources (no Sphinx run here)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from book_helpers import BOOK, REPO, book_build

sys_path_ext = str(BOOK / "_ext")


def _notebook(path: Path, *cells: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text) for text in cells]
    nbformat.write(nb, path)
    return path


LESSON_HEAD = """# Lesson {n} · {title}

**Time:** about {minutes} minutes, plus the exercise.

| # | by the end you can... | CAPM outline |
|---|---|---|
| 1 | {objective} | {outline} |
"""


@pytest.fixture
def course(tmp_path) -> Path:
    """A small course: two lessons, a glossary, a formula sheet, one exercise."""
    root = tmp_path / "course"
    _notebook(
        root / "notebooks" / "01_plans.ipynb",
        LESSON_HEAD.format(
            n="01",
            title="Plans",
            minutes=60,
            objective="say what a plan holds",
            outline="Domain 1, Task 2 (the PM plan); Domain 2, Task 2",
        ),
    )
    _notebook(
        root / "notebooks" / "10_leading.ipynb",
        LESSON_HEAD.format(
            n="10",
            title="Leading a project",
            minutes=120,
            objective="run a whole project",
            outline="Domain 1, Task 1 to Domain 4, Task 6 (all of it)",
        ),
    )
    _notebook(root / "notebooks" / "glossary.ipynb", "# Glossary\n\nTerms.")
    _notebook(root / "notebooks" / "formula_sheet.ipynb", "# Formula sheet")
    _notebook(
        root / "exercises" / "ps01_plans" / "ps01_plans.ipynb",
        "# Problem set 1: a plan",
    )
    (root / "exercises" / "ps01_plans" / "data.csv").write_text("a,b\n1,2\n")
    return root


def test_front_page_lists_every_notebook_in_file_name_order(course):
    """Does the front page's table of contents pick up every notebook, numbered
    ones as lessons and the others (glossary, formula sheet) as reference?"""
    page = book_build.front_page(course)
    lessons = page.index(":caption: Lessons")
    problems = page.index(":caption: Problem sets")
    reference = page.index(":caption: Reference")
    assert lessons < problems < reference
    assert page.index("notebooks/01_plans") < page.index("notebooks/10_leading")
    assert lessons < page.index("notebooks/10_leading") < problems
    assert problems < page.index("exercises/ps01_plans/ps01_plans") < reference
    assert reference < page.index("notebooks/formula_sheet")
    assert page.index("notebooks/formula_sheet") < page.index("notebooks/glossary")


def test_front_page_of_the_real_course_lists_every_notebook():
    """Is every notebook of notebooks/ (whoever added it) in the real front page?"""
    page = book_build.front_page(REPO)
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        assert f"notebooks/{path.stem}\n" in page, path.name


def test_course_map_links_each_lesson_and_its_problem_set(course):
    """Does the course map give each lesson its title, time and problem set?"""
    text = book_build.course_map(course)
    row = next(line for line in text.splitlines() if line.startswith("| 01 |"))
    assert "[Lesson 01 · Plans](notebooks/01_plans.ipynb)" in row
    assert "about 60 minutes, plus the exercise." in row
    assert "[Problem set 1: a plan](exercises/ps01_plans/ps01_plans.ipynb)" in row
    row10 = next(line for line in text.splitlines() if line.startswith("| 10 |"))
    assert row10.endswith("| none |")
    assert "- [Glossary](notebooks/glossary.ipynb)" in text


def test_capm_outline_maps_tasks_to_lessons(course):
    """Does the outline page list, under each task, the objectives serving it,
    and leave out a range that only says 'all of it'?"""
    text = book_build.capm_outline(course)
    task = text.index("### Domain 1, task 2")
    assert "say what a plan holds (the PM plan)" in text[task:]
    assert "### Domain 2, task 2" in text
    assert "run a whole project" not in text
    assert "## Domain 3: Agile frameworks and methodologies (20 % of the exam)" in text
    assert "No lesson names this domain yet." in text


def test_capm_outline_of_the_real_course_covers_all_four_domains():
    """Does every domain of the real course's outline page list lessons?"""
    text = book_build.capm_outline(REPO)
    assert "No lesson names this domain yet." not in text
    assert text.count("](notebooks/") >= 20


def test_stage_copies_changed_files_only_and_drops_stale_ones(course, tmp_path):
    """Does staging keep unchanged files as they were (so Sphinx rebuilds only
    what changed) and remove a notebook whose source was deleted?"""
    folder = tmp_path / "stage"
    placed = book_build.stage(course, folder)
    lesson = folder / "notebooks" / "01_plans.ipynb"
    assert lesson in placed and (folder / "index.md").exists()
    assert (folder / "exercises" / "ps01_plans" / "data.csv").exists()
    assert (folder / "run_in_jupyterlab.md").exists()
    os.utime(lesson, (1_000_000, 1_000_000))
    (course / "notebooks" / "glossary.ipynb").unlink()
    book_build.stage(course, folder)
    assert lesson.stat().st_mtime == 1_000_000
    assert not (folder / "notebooks" / "glossary.ipynb").exists()
    assert "notebooks/glossary" not in (folder / "index.md").read_text()


def test_fingerprint_follows_the_library(course):
    """Does a change to the library change the execution cache's key?"""
    library = course / "src" / "pmcourse"
    library.mkdir(parents=True)
    (library / "evm.py").write_text("X = 1\n")
    before = book_build.fingerprint(course)
    assert before == book_build.fingerprint(course)
    (library / "evm.py").write_text("X = 2\n")
    assert book_build.fingerprint(course) != before


def test_hub_link_opens_the_notebook_through_nbgitpuller(monkeypatch):
    """Is a hub link an nbgitpuller link to the notebook in JupyterLab?"""
    monkeypatch.syspath_prepend(sys_path_ext)
    from pmcourse_book import hub_link

    link = hub_link(
        "https://hub.example.edu/",
        "https://github.com/acme/pmcourse.git",
        "main",
        "notebooks/03_scheduling.ipynb",
    )
    assert link == (
        "https://hub.example.edu/hub/user-redirect/git-pull?"
        "repo=https%3A%2F%2Fgithub.com%2Facme%2Fpmcourse.git&branch=main"
        "&urlpath=lab%2Ftree%2Fpmcourse%2Fnotebooks%2F03_scheduling.ipynb"
    )


def test_self_check_code_is_folded_away():
    """Is the code of a self-check cell (which names the answer) folded away,
    and every other cell left as it was?"""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "SelfCheck('Q?', ['a', 'b'], answer=1, explanation='')"
        ),
        nbformat.v4.new_code_cell("TimeSplit()"),
    ]
    folded = nbformat.reads(book_build.fold_self_checks(nbformat.writes(nb)), 4)
    assert folded.cells[0].metadata["tags"] == ["hide-input"]
    assert "tags" not in folded.cells[1].metadata
    plain = nbformat.writes(nbformat.v4.new_notebook())
    assert book_build.fold_self_checks(plain) == plain
