"""Write each student's HTML feedback without ever showing a hidden test.

The feedback page opens with the submission's status, score (after a
review decision and the late penalty, both stated) and any problem, then a
table of every test: the part it checks (the first line of its visible
docstring), points, outcome and message, and a table of the parts marked by
hand: the marker's score and comment, or "to be marked" while waiting.
Below comes the autograded notebook rendered by nbconvert after nbgrader's
``ClearHiddenTests`` and ``ClearMarkScheme``. The autograder never produces
a traceback line (a test fails as ``AssertionError: message``), and as a
last guard every line of the hidden tests is searched for in the finished
page and replaced if found.

Files go where nbgrader puts feedback, ``grading/feedback/<student>/<assignment>/
<notebook>.html``, so ``nbgrader release_feedback`` can return them.
"""

from __future__ import annotations

import ast
import copy
import html
import re
from pathlib import Path

import nbformat

from pmcourse.grading.classlist import Part, Row, class_rows, hand_parts
from pmcourse.grading.course import Course
from pmcourse.grading.status import STATUSES, Record, StatusStore

_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)


def hidden_lines(sources: dict[str, dict[str, str]]) -> list[str]:
    r"""Return every hidden-test line worth searching for (over 8 characters).

    Parameters
    ----------
    sources : dict
        Notebook to ``{grade_id: full source}`` (the gradebook's copy).

    Returns
    -------
    list of str
        Stripped lines, longest first.

    Examples
    --------
    >>> src = "x = 1\n### BEGIN HIDDEN TESTS\nassert x == secret()\n"
    >>> hidden_lines({"nb": {"t": src + "### END HIDDEN TESTS"}})
    ['assert x == secret()']

    Used in: ``pmcourse feedback``.
    """
    lines = set()
    for cells in sources.values():
        for source in cells.values():
            for block in _HIDDEN.findall(source):
                lines |= {
                    ln.strip() for ln in block.splitlines() if len(ln.strip()) > 8
                }
    return sorted(lines, key=len, reverse=True)


def redact(text: str, lines: list[str]) -> str:
    """Replace any hidden line (raw or HTML-escaped) in a page.

    Examples
    --------
    >>> redact("<pre>assert x &lt; 2</pre>", ["assert x < 2"])
    '<pre>[hidden test]</pre>'

    Used in: ``pmcourse feedback``.
    """
    for line in lines:
        for form in {line, html.escape(line), html.escape(line, quote=False)}:
            text = text.replace(form, "[hidden test]")
    return text


def _part(source: str) -> str:
    try:
        doc = ast.get_docstring(ast.parse(source)) or ""
    except SyntaxError:
        doc = ""
    return doc.splitlines()[0] if doc else ""


def _hand_table(parts: list[Part], names: dict[str, str]) -> str:
    if not parts:
        return ""
    rows = []
    for part in parts:
        score = (
            "to be marked"
            if part.waiting or part.score is None
            else f"{part.score:g} / {part.max_score:g}"
        )
        rows.append(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
                html.escape(part.grade_id),
                html.escape(names.get(part.grade_id, "")),
                html.escape(score),
                html.escape(part.comment),
            )
        )
    return (
        "<h2>Marked by hand</h2><table border='1' cellpadding='4' "
        "class='pmcourse-hand'><tr><th>part</th><th>asks</th><th>score</th>"
        "<th>marker's comment</th></tr>" + "".join(rows) + "</table>"
    )


def _summary(
    record: Record, row: Row | None, parts: dict[str, str], hand: list[Part]
) -> str:
    rows = []
    for test in record.tests:
        outcome = (
            "passed"
            if test["ran"] and test["score"] >= test["points"]
            else ("not run" if not test["ran"] else "failed")
        )
        rows.append(
            "<tr><td>{}</td><td>{}</td><td>{:g} / {:g}</td><td>{}</td>"
            "<td>{}</td></tr>".format(
                html.escape(test["grade_id"]),
                html.escape(parts.get(test["grade_id"], "")),
                test["score"],
                test["points"],
                outcome,
                html.escape(test["message"] or ""),
            )
        )
    problems = "".join(f"<li>{html.escape(p)}</li>" for p in record.problems)
    notes = []
    if row is not None and row.score is not None:
        total = f"{row.score:g} / {record.max_score:g}"
        waiting = sum(p.waiting for p in hand)
        if waiting:
            total += f" ({waiting} written answer(s) still to be marked)"
    elif row is not None and row.withheld:
        total = f"waiting for the instructor's review / {record.max_score:g}"
    else:
        total = f"not graded / {record.max_score:g}"
    if row is not None and row.decision is not None:
        notes.append(f"<b>Review:</b> {html.escape(row.decision.describe())}")
    if row is not None and row.late.note:
        notes.append(f"<b>Late:</b> {html.escape(row.late.note)}")
    return (
        f"<section class='pmcourse-summary'><h1>{html.escape(record.assignment)}: "
        f"feedback for {html.escape(record.student)}</h1>"
        f"<p><b>Status:</b> {html.escape(record.status)} "
        f"({html.escape(STATUSES[record.status])})<br><b>Score:</b> {total}"
        + "".join(f"<br>{n}" for n in notes)
        + "</p>"
        + (f"<p><b>Problems:</b></p><ul>{problems}</ul>" if problems else "")
        + "<table border='1' cellpadding='4'><tr><th>test</th><th>checks</th>"
        "<th>points</th><th>outcome</th><th>message</th></tr>"
        + "".join(rows)
        + "</table>"
        + _hand_table(hand, parts)
        + "</section>"
    )


def write_feedback(
    course: Course, assignment: str, students: list[str] | None = None
) -> list[Path]:
    """Write the HTML feedback of every graded submission of an assignment.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        The assignment.
    students : list of str or None
        Only these students (default: every one with a record).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValueError
        If no submission of the assignment has been autograded.

    Examples
    --------
    >>> write_feedback(Course(Path("/no/course")), "ps03")
    Traceback (most recent call last):
    ...
    ValueError: assignment: no autograded submission of 'ps03'; run ...

    Used in: ``pmcourse feedback``.
    """
    from nbconvert import HTMLExporter
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme

    from pmcourse.grading.autograde import gradebook_sources, status_path

    records = StatusStore(status_path(course)).records(assignment)
    if students is not None:
        records = [r for r in records if r.student in students]
    if not records:
        raise ValueError(
            f"assignment: no autograded submission of {assignment!r}; "
            "run `pmcourse autograde` first"
        )
    sources = gradebook_sources(course, assignment)
    secret = hidden_lines(sources)
    rows = {row.student: row for row in class_rows(course, assignment)}
    records = [r for r in records if r.student in rows]  # removed: no feedback
    marks = hand_parts(course, assignment)
    exporter = HTMLExporter(template_name="lab")
    written = []
    for record in records:
        folder = course.feedback_dir(record.student, assignment)
        folder.mkdir(parents=True, exist_ok=True)
        for name in course.notebooks(assignment):
            path = course.autograded_dir(record.student, assignment) / f"{name}.ipynb"
            parts = {gid: _part(src) for gid, src in sources.get(name, {}).items()}
            body = ""
            if path.is_file() and record.status != "invalid":
                nb = nbformat.read(path, as_version=4)
                nb = copy.deepcopy(nb)
                nb, _ = ClearHiddenTests().preprocess(nb, {})
                nb, _ = ClearMarkScheme().preprocess(nb, {})
                parts = {
                    c.metadata["nbgrader"]["grade_id"]: _part(c.source)
                    for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id")
                }
                body, _ = exporter.from_notebook_node(nb)
            tests = [t for t in record.tests if t["notebook"] == name]
            shown = Record(**{**record.__dict__, "tests": tests})
            hand = [p for p in marks.get(record.student, []) if p.notebook == name]
            summary = _summary(shown, rows.get(record.student), parts, hand)
            if body:
                page = body.replace("<body", "<body data-pmcourse='feedback'", 1)
                page = re.sub(
                    r"(<body[^>]*>)",
                    r"\1" + summary.replace("\\", "\\\\"),
                    page,
                    count=1,
                )
            else:
                page = (
                    "<!DOCTYPE html><html><head><meta charset='utf-8'>"
                    f"<title>{html.escape(name)}</title></head><body>{summary}"
                    "</body></html>"
                )
            target = folder / f"{name}.html"
            target.write_text(redact(page, secret), encoding="utf-8")
            written.append(target)
    return written
