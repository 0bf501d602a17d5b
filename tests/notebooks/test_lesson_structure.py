"""Does every lesson have the parts a learner relies on (issue 5)?

Each lesson in notebooks/ opens with who it is for and objectives mapped to
the CAPM exam outline, has one setup cell, a simulation, at least three
self-check questions, a summary, a key-formula box and a link to its exercise,
is 1,500 to 4,000 words of prose, and keeps code cells to 15 lines or fewer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _markdown import bare_dollars, markdown_sources

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: lessons without an exercise of their own (lesson 00 maps all of them)
NO_EXERCISE = {"00"}
#: lesson 00 is a short orientation; the word range applies to teaching lessons
SHORT = {"00": (600, 4000)}
WORDS = (1500, 4000)
MAX_CODE_LINES = 15
#: the setup cell: imports one per line once wrapped, rng, the lesson's mark
SETUP_CODE_LINES = 18


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _prose_words(path: Path) -> int:
    words = 0
    for cell in _cells(path):
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code blocks
        text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)  # display maths
        text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
        text = re.sub(r"<[^>]+>", " ", text)  # html tags
        words += len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))
    return words


def _number(path: Path) -> str:
    return path.name[:2]


def _id(path: Path) -> str:
    return path.stem


def test_there_are_lessons():
    """Is there at least lesson 00 and lesson 03 to check?"""
    names = {p.stem for p in LESSONS}
    assert {"00_start_here", "03_scheduling"} <= names


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_opening_cell_states_audience_and_capm_objectives(path):
    """Does cell 1 give the title, who it is for and objectives mapped to CAPM?"""
    first = _source(_cells(path)[0])
    assert first.startswith(f"# Lesson {_number(path)}"), "cell 1 must be the title"
    assert re.search(r"who it is for", first, re.I), "say who the lesson is for"
    assert re.search(r"objective|you will be able to", first, re.I)
    mapped = re.findall(r"Domain [1-4](?:, Task [1-6])?", first)
    assert len(mapped) >= 2, "map objectives to CAPM outline domains and tasks"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_one_setup_cell(path):
    """Is cell 2 the setup cell, and do later cells avoid new imports?"""
    cells = _cells(path)
    assert cells[1]["cell_type"] == "code", "cell 2 must be the setup cell"
    assert "import" in _source(cells[1])
    for k, cell in enumerate(cells[2:], start=3):
        if cell["cell_type"] == "code":
            src = _source(cell)
            assert not re.search(r"^\s*(import|from \S+ import)\s", src, re.M), (
                f"cell {k} imports; keep imports in the setup cell"
            )


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_code_cells_are_short(path):
    """Is every code cell 15 lines or fewer (the setup cell, cell 2, 18)?"""
    for k, cell in enumerate(_cells(path), start=1):
        if cell["cell_type"] == "code":
            lines = _source(cell).strip().splitlines()
            limit = SETUP_CODE_LINES if k == 2 else MAX_CODE_LINES
            assert len(lines) <= limit, f"cell {k} has {len(lines)} lines"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_word_count(path):
    """Is the prose between 1,500 and 4,000 words?"""
    low, high = SHORT.get(_number(path), WORDS)
    words = _prose_words(path)
    assert low <= words <= high, f"{words} words of prose; expected {low}-{high}"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_has_a_simulation(path):
    """Does the lesson display at least one simulation from pmcourse.widgets?"""
    setup = _source(_cells(path)[1])
    imported = re.findall(
        r"from pmcourse\.widgets(?:\.\w+)? import (\([^)]*\)|[^\n]+)", setup
    )
    names = {
        n.strip(" ()\n")
        for line in imported
        for n in line.split(",")
        if n.strip(" ()\n") and n.strip(" ()\n") != "SelfCheck"
    }
    assert names, "import a simulation class from pmcourse.widgets in the setup cell"
    code = "\n".join(_source(c) for c in _cells(path)[2:] if c["cell_type"] == "code")
    assert any(re.search(rf"\b{re.escape(n)}\(", code) for n in names), (
        f"display one of {sorted(names)}"
    )


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_self_checks_summary_and_formulas(path):
    """Are there 3+ self-checks, a summary and a key-formula box?"""
    cells = _cells(path)
    code = "\n".join(_source(c) for c in cells if c["cell_type"] == "code")
    md = "\n".join(_source(c) for c in cells if c["cell_type"] == "markdown")
    assert len(re.findall(r"\bSelfCheck\(", code)) >= 3, "at least 3 self-checks"
    assert re.search(r"^##+ (\d+\. )?Summary", md, re.M), "a '## Summary' section"
    assert re.search(r"^##+ Key formulas?", md, re.M), "a '### Key formulas' box"
    assert re.search(r"^##+ (\d+\. )?Self-check", md, re.M), "a '## Self-check' section"


@pytest.mark.parametrize(
    "path", [p for p in LESSONS if _number(p) not in NO_EXERCISE], ids=_id
)
def test_links_to_its_exercise(path):
    """Does the lesson link to its exercise, and does the link resolve?"""
    md = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown")
    links = re.findall(rf"\]\((\.\./exercises/ps{_number(path)}_[^)]+\.ipynb)\)", md)
    assert links, f"link to ../exercises/ps{_number(path)}_.../...ipynb"
    for link in links:
        assert (path.parent / link).resolve().exists(), f"broken link {link}"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_dollar_signs_are_not_typeset_as_maths(path):
    """Is every dollar sign in the prose escaped, so money is not shown as maths?

    JupyterLab typesets the text between two ``$`` as LaTeX, so "$524,000 and
    $564,000" turns into italic garble. Write a dollar sign as ``\\\\$`` in
    markdown (the rule and its exceptions: tests/_markdown.py).
    """
    for k, text in markdown_sources(path):
        bare = bare_dollars(text)
        assert not bare, f"cell {k}: write a dollar sign as \\\\$ in {bare[0]!r}"


#: parts of lessons that go beyond the CAPM exam outline: a word that is only
#: in that part, by lesson (issue 18: a part-time learner paces by these)
BEYOND_OUTLINE = {
    "02": ["MMRE"],
    "03": ["optimal_schedule"],
    "06": ["read_jira_csv"],
}
OPTIONAL_MARK = re.compile(
    r"^> \*\*Optional depth\*\* \(beyond the CAPM outline\): \S", re.M
)


def _sections(path: Path) -> list[str]:
    """Return the lesson's Markdown split at its '## ' headings."""
    text = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown")
    return re.split(r"^## ", text, flags=re.M)


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_optional_depth_is_marked(path):
    """Does every part beyond the CAPM outline open with the one 'Optional depth'
    box, before its first mention, and is every such box in the one form?"""
    number = _number(path)
    markdown = "\n".join(
        _source(c) for c in _cells(path) if c["cell_type"] == "markdown"
    )
    for word in BEYOND_OUTLINE.get(number, []):
        section = next((s for s in _sections(path) if word in s), None)
        if section is None:  # the word is only in code: check the markdown before
            first = next(k for k, c in enumerate(_cells(path)) if word in _source(c))
            before = [
                _source(c) for c in _cells(path)[:first] if c["cell_type"] == "markdown"
            ]
            section = re.split(r"^## ", "\n".join(before), flags=re.M)[-1]
            position = len(section)
        else:
            position = section.index(word)
        mark = OPTIONAL_MARK.search(section)
        assert mark and mark.start() < position, (
            f"lesson {number}: the part about {word} goes beyond the CAPM outline "
            "and must open with '> **Optional depth** (beyond the CAPM outline): ...'"
        )
    loose = [
        line
        for line in markdown.splitlines()
        if "optional depth" in line.lower()
        and line.startswith(">")
        and not OPTIONAL_MARK.match(line)
    ]
    assert not loose, f"optional boxes not in the one form: {loose}"
    if number not in BEYOND_OUTLINE:
        assert not OPTIONAL_MARK.search(markdown), (
            f"lesson {number} marks a part optional: add it to BEYOND_OUTLINE"
        )


def test_course_map_names_the_optional_parts():
    """Does lesson 00's course map say which lessons have optional depth?"""
    start = next(p for p in LESSONS if _number(p) == "00")
    course_map = next(s for s in _sections(start) if s.startswith("4. Course map"))
    assert "**Optional depth**" in course_map
    for number in BEYOND_OUTLINE:
        assert f"lesson {number}" in course_map, number
