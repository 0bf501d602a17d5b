"""Write the instructor's HTML report of an assignment: what the class missed.

Computed from the class list (:mod:`pmcourse.grading.classlist`: the
status records reconciled with the gradebook's students and live totals,
review decisions and late penalties): the score distribution, how many submissions ended
in each status, each part's difficulty (the share of its points the class
earned), the tests that failed most with their commonest messages, and, for
an exercise whose tests carry CAPM metadata (``ps09``), mastery by exam
domain through :func:`pmcourse.capm.mastery_by_domain`, then the review
decisions, the late submissions, the hand marking still to do and the
students with no submission. For an assignment with an answer
specification (:mod:`pmcourse.variants.spec`) each failing part is named as
the specification names it, with how often each of its listed common
mistakes was made: the report reads the specification, not tables of its
own, so every specified assignment is covered. Plots are embedded
as PNG images, so the report is one file that opens anywhere.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from pmcourse.grading.classlist import NO_SUBMISSION, class_rows
from pmcourse.grading.course import Course
from pmcourse.grading.status import STATUSES, Record, StatusStore
from pmcourse.variants import spec as answer_spec

#: Statuses whose tests ran and count in the item analysis.
ANALYSED = ("graded", "tampered", "timed-out", "crashed", "memory-limit")


def item_table(records: list[Record]) -> pd.DataFrame:
    """Return one row per test: how hard it was and why it failed.

    Parameters
    ----------
    records : list of Record
        The assignment's records (invalid submissions are left out).

    Returns
    -------
    DataFrame
        Indexed by ``grade_id`` in notebook order, with ``notebook``,
        ``points``, ``attempts``, ``mean_score``, ``difficulty`` (share of
        the points earned, 0 = nobody, 1 = everybody), ``failures`` and
        ``top_messages`` (the three commonest, with counts).

    Examples
    --------
    >>> r1 = Record("ps", "a", "graded", 1.0, 2.0, 1.0, tests=[
    ...     {"notebook": "ps", "grade_id": "t1", "points": 1.0, "score": 1.0,
    ...      "ran": True, "message": ""}])
    >>> r2 = Record("ps", "b", "graded", 0.0, 2.0, 1.0, tests=[
    ...     {"notebook": "ps", "grade_id": "t1", "points": 1.0, "score": 0.0,
    ...      "ran": True, "message": "AssertionError: x is wrong"}])
    >>> row = item_table([r1, r2]).loc["t1"]
    >>> float(row["difficulty"]), int(row["failures"])
    (0.5, 1)

    Used in: ``pmcourse report``.
    """
    rows: dict[str, dict] = {}
    messages: dict[str, Counter] = {}
    for record in records:
        if record.status not in ANALYSED:
            continue
        for test in record.tests:
            row = rows.setdefault(
                test["grade_id"],
                {
                    "notebook": test["notebook"],
                    "points": test["points"],
                    "attempts": 0,
                    "earned": 0.0,
                    "failures": 0,
                },
            )
            row["attempts"] += 1
            row["earned"] += test["score"]
            if test["score"] < test["points"]:
                row["failures"] += 1
                messages.setdefault(test["grade_id"], Counter())[
                    (test["message"] or "").splitlines()[0][:160]
                    if test["message"]
                    else "(no message)"
                ] += 1
    columns = [
        "notebook",
        "points",
        "attempts",
        "mean_score",
        "difficulty",
        "failures",
        "top_messages",
    ]
    if not rows:
        return pd.DataFrame(columns=columns).rename_axis("grade_id")
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["mean_score"] = table["earned"] / table["attempts"]
    table["difficulty"] = table["mean_score"] / table["points"].where(
        table["points"] > 0
    )
    table["top_messages"] = [
        "; ".join(f"{m} (x{n})" for m, n in messages.get(gid, Counter()).most_common(3))
        for gid in table.index
    ]
    return table[columns].rename_axis("grade_id")


def spec_parts(course: Course, assignment: str) -> dict[str, dict[str, Any]]:
    """Return each autograded part as the assignment's specification names it.

    Parameters
    ----------
    course : Course
        The course (its ``solutions/`` hold the specifications).
    assignment : str
        The assignment.

    Returns
    -------
    dict
        ``grade_id`` to ``{"part", "answers", "mistakes"}``: the part's title,
        the names it checks and, for each listed common mistake, the sentence
        its feedback says mapped to ``"<answer>: <mistake>"``. Empty when the
        assignment has no specification.

    Examples
    --------
    >>> from pmcourse.setup_lab import find_course_root
    >>> parts = spec_parts(Course(find_course_root()), "ps04_earned_value")
    >>> parts["check_variances"]["part"], parts["check_variances"]["answers"]
    ('Part 2', ['cv', 'sv'])
    >>> "sv: cost variance" in parts["check_variances"]["mistakes"].values()
    True
    >>> spec_parts(Course(find_course_root()), "no_such_assignment")
    {}

    Used in: ``pmcourse report``.
    """
    try:
        spec = answer_spec.load(assignment, course.solutions)
    except LookupError:
        return {}
    return {
        part.grade_id: {
            "part": part.title,
            "answers": [a.name for a in part.answers],
            "mistakes": {
                m.says: f"{a.name}: {m.name}" for a in part.answers for m in a.mistakes
            },
        }
        for part in spec.parts
    }


#: How a failure that matches no listed mistake is counted.
OTHER = "a value that is no listed mistake"


def mistake_counts(
    records: list[Record], parts: dict[str, dict[str, Any]]
) -> dict[str, Counter]:
    """Count the listed common mistakes in each part's failing messages.

    Parameters
    ----------
    records : list of Record
        The assignment's records.
    parts : dict
        What :func:`spec_parts` returns.

    Returns
    -------
    dict of str to Counter
        ``grade_id`` to the count of each mistake (``"<answer>: <mistake>"``)
        among the failed attempts, and :data:`OTHER` for the rest.

    Examples
    --------
    >>> parts = {"t1": {"part": "Part 2", "answers": ["sv"],
    ...                 "mistakes": {"this is EV - AC": "sv: cost variance"}}}
    >>> failed = {"notebook": "ps", "grade_id": "t1", "points": 1.0, "score": 0.0,
    ...           "ran": True, "message": "Part 2, `sv`: this is EV - AC."}
    >>> counts = mistake_counts([Record("ps", "a", "graded", 0.0, 1.0, 1.0,
    ...                                 tests=[failed])], parts)
    >>> dict(counts["t1"])
    {'sv: cost variance': 1}

    Used in: ``pmcourse report``.
    """
    out: dict[str, Counter] = {}
    for record in records:
        if record.status not in ANALYSED:
            continue
        for test in record.tests:
            info = parts.get(test["grade_id"])
            if info is None or test["score"] >= test["points"]:
                continue
            message = test["message"] or ""
            found = [name for says, name in info["mistakes"].items() if says in message]
            out.setdefault(test["grade_id"], Counter()).update(found or [OTHER])
    return out


def _part_name(grade_id: str, parts: dict[str, dict[str, Any]]) -> str:
    info = parts.get(grade_id)
    if info is None:
        return grade_id
    return f"{grade_id} ({info['part']}: {', '.join(info['answers'])})"


def _mistake_rows(items: pd.DataFrame, parts: dict, counts: dict) -> str:
    rows = []
    for gid, info in parts.items():
        if gid not in counts:
            continue
        said = "; ".join(f"{name} (x{n})" for name, n in counts[gid].most_common())
        failures = int(items.loc[gid, "failures"]) if gid in items.index else 0
        rows.append(
            f"<tr><td>{html.escape(info['part'])}</td>"
            f"<td>{html.escape(', '.join(info['answers']))}</td>"
            f"<td>{failures}</td><td>{html.escape(said)}</td></tr>"
        )
    if not rows:
        return ""
    return (
        "<h2>Common mistakes, by part (from the answer specification)</h2>"
        "<table border='1' cellpadding='4'><tr><th>part</th><th>answers</th>"
        "<th>failed</th><th>mistakes made</th></tr>" + "".join(rows) + "</table>"
    )


def bar_order(items: pd.DataFrame) -> pd.DataFrame:
    """Return the item table in the order ``barh`` draws it, hardest on top.

    ``barh`` draws the first row at the bottom, so the easiest part comes
    first and the hardest (the least share of points earned) last.

    Examples
    --------
    >>> items = pd.DataFrame({"difficulty": [0.9, 0.1, 0.5]}, index=["a", "b", "c"])
    >>> list(bar_order(items).index)
    ['a', 'c', 'b']

    Used in: ``pmcourse report``.
    """
    return items.sort_values("difficulty", ascending=False, kind="stable")


def capm_domains(course: Course, assignment: str) -> dict[str, int]:
    """Map each test of an assignment to its CAPM domain, where it says one.

    A test names its question with ``metadata.pmcourse.capm_domain`` (1-4),
    ``metadata.pmcourse.capm_item`` (a bank item id), in the assignment's
    answer specification (a part's ``about["capm_item"]``, as in ps09), or
    by drawing the bank item in its hidden test (``capm.draw("D1-025", ...)``).

    Returns
    -------
    dict of str to int
        ``grade_id`` to domain; empty when ``pmcourse.capm`` is missing or no
        test is mapped.

    Examples
    --------
    >>> from pmcourse.setup_lab import find_course_root
    >>> capm_domains(Course(find_course_root()), "ps03_scheduling")
    {}

    Used in: ``pmcourse report`` (ps09).
    """
    import re

    import nbformat

    from pmcourse.grading.autograde import gradebook_sources as _gradebook_sources

    try:
        from pmcourse.capm import load_bank
    except ImportError:
        return {}
    sources = _gradebook_sources(course, assignment)
    named = _spec_items(course, assignment)
    items: dict[str, str] = {}
    out: dict[str, int] = {}
    for path in sorted(course.release_dir(assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            gid = meta.get("grade_id")
            if not gid or not meta.get("grade") or cell.cell_type != "code":
                continue
            extra = cell.metadata.get("pmcourse", {})
            if "capm_domain" in extra:
                out[gid] = int(extra["capm_domain"])
                continue
            full = sources.get(path.stem, {}).get(gid) or _source_cell(
                course.source_dir(assignment) / path.name, gid, cell.source
            )
            drawn = re.search(r"\bdraw\(\s*[\"']([A-Za-z0-9_-]+)[\"']", full)
            item = (
                extra.get("capm_item")
                or named.get(gid)
                or (drawn.group(1) if drawn else gid)
            )
            items[gid] = item
    if items:
        bank = load_bank().drop_duplicates("id").set_index("id")["domain"]
        out.update(
            {gid: int(bank[item]) for gid, item in items.items() if item in bank}
        )
    return out


def _spec_items(course: Course, assignment: str) -> dict[str, str]:
    """Each test's bank item, as the answer specification says (``about``)."""
    from pmcourse.variants import spec as answer_spec

    try:
        found = answer_spec.load(assignment, course.solutions)
    except LookupError:
        return {}
    return {
        p.grade_id: str(p.about["capm_item"])
        for p in found.parts
        if "capm_item" in p.about
    }


def _source_cell(path: Path, grade_id: str, default: str) -> str:
    import nbformat

    if not path.is_file():
        return default
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return cell.source
    return default


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return (
        "<img alt='plot' src='data:image/png;base64,"
        + base64.b64encode(buffer.getvalue()).decode()
        + "'>"
    )


def write_report(course: Course, assignment: str, output: Path | None = None) -> Path:
    """Write the assignment's HTML report.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        The assignment.
    output : Path or None
        Where to write (default ``grading/reports/<assignment>.html``).

    Returns
    -------
    Path
        The report file.

    Raises
    ------
    ValueError
        If no submission of the assignment has been autograded.

    Examples
    --------
    >>> write_report(Course(Path("/no/course")), "ps03")
    Traceback (most recent call last):
    ...
    ValueError: assignment: no autograded submission of 'ps03'; run ...

    Used in: ``pmcourse report``.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from pmcourse.grading.autograde import status_path

    records = StatusStore(status_path(course)).records(assignment)
    if not records:
        raise ValueError(
            f"assignment: no autograded submission of {assignment!r}; "
            "run `pmcourse autograde` first"
        )
    max_score = records[0].max_score
    rows = class_rows(course, assignment)
    listed = {row.student for row in rows}
    records = [r for r in records if r.student in listed]  # removed students
    graded = [row.score for row in rows if row.score is not None]
    statuses = Counter(row.status for row in rows)
    items = item_table(records)
    specified = spec_parts(course, assignment)
    by_mistake = _mistake_rows(items, specified, mistake_counts(records, specified))
    parts = []

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(
        graded,
        bins=min(15, max(5, len(set(graded)))),
        range=(0, max_score),
        color="#0072B2",
        edgecolor="white",
    )
    ax.set(
        xlabel="score (points)",
        ylabel="students",
        title=f"Scores of the {len(graded)} counted submissions (out of {max_score:g})",
    )
    parts.append(("Score distribution", _png(fig)))
    plt.close(fig)

    if len(items):
        order = bar_order(items)
        fig, ax = plt.subplots(figsize=(6, 0.4 * len(order) + 1))
        ax.barh(order.index, order["difficulty"], color="#E69F00")
        ax.set(
            xlim=(0, 1),
            xlabel="share of the part's points earned by the class",
            title="Hardest parts at the top",
        )
        parts.append(("Each part's difficulty", _png(fig)))
        plt.close(fig)

    domains = capm_domains(course, assignment)
    if domains:
        from pmcourse.capm import DOMAIN_NAMES, mastery_by_domain

        wide = pd.DataFrame(
            {
                r.student: {
                    t["grade_id"]: float(t["score"] >= t["points"])
                    for t in r.tests
                    if t["grade_id"] in domains
                }
                for r in records
                if r.status in ANALYSED
            }
        ).T
        if not wide.empty:
            mastery = mastery_by_domain(wide, domains).mean()
            fig, ax = plt.subplots(figsize=(6, 2.5))
            ax.barh(
                [DOMAIN_NAMES.get(d, str(d)) for d in mastery.index],
                mastery.to_numpy(),
                color="#009E73",
            )
            ax.set(
                xlim=(0, 1),
                xlabel="share of questions right",
                title="Mastery by CAPM domain",
            )
            parts.append(("Mastery by CAPM domain", _png(fig)))
            plt.close(fig)

    meanings = {
        **STATUSES,
        NO_SUBMISSION: "a student of the class who handed in nothing",
        "not-graded-yet": "placed, not autograded yet",
    }
    status_rows = "".join(
        f"<tr><td>{html.escape(s)}</td><td>{statuses.get(s, 0)}</td>"
        f"<td>{html.escape(meanings[s])}</td></tr>"
        for s in meanings
        if s in STATUSES or statuses.get(s)
    )
    decided = "".join(
        f"<li>{html.escape(row.student)} ({html.escape(row.status)}): "
        f"{html.escape(row.decision.describe())}</li>"
        for row in rows
        if row.decision is not None
    )
    late = "".join(
        f"<li>{html.escape(row.student)}: {html.escape(row.late.note)}</li>"
        for row in rows
        if row.late.note
    )
    to_mark = [row for row in rows if row.to_mark]
    marking = (
        f"<p>{sum(r.to_mark for r in to_mark)} part(s) of {len(to_mark)} "
        "submission(s) wait to be marked by hand: "
        + html.escape(", ".join(r.student for r in to_mark))
        + "</p>"
        if to_mark
        else "<p>Nothing waits to be marked by hand.</p>"
    )
    absent = [row.student for row in rows if row.status == NO_SUBMISSION]
    fail_rows = "".join(
        f"<tr><td>{html.escape(_part_name(str(gid), specified))}</td>"
        f"<td>{row.failures}</td>"
        f"<td>{row.attempts}</td><td>{row.difficulty:.2f}</td>"
        f"<td>{html.escape(row.top_messages)}</td></tr>"
        for gid, row in items.sort_values("failures", ascending=False).iterrows()
    )
    attention = "".join(
        f"<li>{html.escape(r.student)}: {html.escape(r.status)}"
        f"{': ' + html.escape('; '.join(r.problems)) if r.problems else ''}</li>"
        for r in rows
        if r.withheld or (r.status == "invalid" and r.decision is None)
    )
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(assignment)} report</title></head><body>"
        f"<h1>{html.escape(assignment)}: class report</h1>"
        f"<p>{len(rows)} students, {len(records)} submissions graded, "
        f"{len(graded)} counted.</p>"
        "<h2>Statuses</h2><table border='1' cellpadding='4'>"
        f"<tr><th>status</th><th>submissions</th><th>meaning</th></tr>{status_rows}"
        "</table>"
        + "".join(f"<h2>{title}</h2>{img}" for title, img in parts)
        + "<h2>Common failing tests</h2><table border='1' cellpadding='4'>"
        "<tr><th>test</th><th>failed</th><th>ran</th><th>difficulty</th>"
        f"<th>commonest messages</th></tr>{fail_rows}</table>"
        + by_mistake
        + (f"<h2>Needs your attention</h2><ul>{attention}</ul>" if attention else "")
        + (f"<h2>Review decisions</h2><ul>{decided}</ul>" if decided else "")
        + "<h2>Hand marking</h2>"
        + marking
        + (f"<h2>Late submissions</h2><ul>{late}</ul>" if late else "")
        + (
            "<h2>No submission</h2><p>" + html.escape(", ".join(absent)) + "</p>"
            if absent
            else ""
        )
        + "</body></html>"
    )
    output = (
        Path(output) if output else course.grading / "reports" / f"{assignment}.html"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    return output
