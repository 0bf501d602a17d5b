"""The instructor's capstone debrief: every student's run, replayed.

``pmcourse capstone report ps10_capstone`` finds each student's log, replays
it (a log that does not replay is listed as invalid, with the reason) and
writes an HTML report: the class's distribution of every score, the
decisions that separated the best runs from the rest, and a page per
student with their scores, turning points and charts.

Where a log comes from, without running any student code:

1. the autograded notebook (``grading/autograded/<student>/<assignment>/``):
   part 1's check prints the log on a line starting ``CAPSTONE-LOG``;
2. otherwise the submitted notebook (``grading/submitted/...``): the answer
   cell of part 1 read as data, when it holds the log as a literal (``log =
   {...}`` or ``log = json.loads('...')``).

Used in: ``pmcourse capstone report``.
"""

from __future__ import annotations

import argparse
import ast
import base64
import html
import io
import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["MARKER", "Run", "add_cli", "collect", "find_log", "separating", "write"]

#: The prefix of the output line that carries a log in a graded notebook.
MARKER = "CAPSTONE-LOG "
SCORES = ("overall", "scope", "schedule", "cost", "quality", "team", "stakeholders")


@dataclass
class Run:
    """One student's capstone run (or why it could not be replayed)."""

    student: str
    log: dict[str, Any] | None = None
    debrief: dict[str, Any] | None = None
    problem: str | None = None
    features: dict[str, float] = field(default_factory=dict)
    project: Any = None


def _literal_log(source: str) -> dict[str, Any] | None:
    """Read ``log = {...}`` or ``log = json.loads('...')`` without running it."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "log" for t in node.targets)
        ):
            continue
        value = node.value
        if isinstance(value, ast.Call) and value.args:
            value = value.args[0]
        try:
            data = ast.literal_eval(value)
        except ValueError:
            continue
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except json.JSONDecodeError:
                continue
        if isinstance(data, dict):
            return data
    return None


def find_log(notebook: Path) -> dict[str, Any] | None:
    """Return the capstone log a notebook carries, read as data.

    Parameters
    ----------
    notebook : Path
        A submitted or autograded ps10 notebook.

    Returns
    -------
    dict or None
        The log, or None when the notebook holds none that can be read
        without running it.

    Examples
    --------
    >>> import tempfile
    >>> cell = {"cell_type": "code", "metadata": {}, "outputs": [],
    ...         "execution_count": None, "source": "log = {'seed': 1}"}
    >>> nb = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = Path(d) / "ps10.ipynb"
    ...     _ = path.write_text(json.dumps(nb))
    ...     find_log(path)
    {'seed': 1}
    """
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, json.JSONDecodeError):
        return None
    for cell in cells:
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            for line in text.splitlines():
                if line.startswith(MARKER):
                    try:
                        found = json.loads(line[len(MARKER) :])
                    except json.JSONDecodeError:
                        continue
                    if isinstance(found, dict):
                        return found
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            found = _literal_log(source)
            if found is not None:
                return found
    return None


def _features(project: Any) -> dict[str, float]:
    """Count what a lead did: the decisions the class report compares."""
    decisions = project.log["decisions"]
    weeks = max(1, len(decisions))

    def share(test: Any) -> float:
        return sum(1 for d in decisions if test(d)) / weeks

    talk = [d.get("communicate", []) for d in decisions]
    return {
        "weeks with a status meeting (share)": sum("status_meeting" in t for t in talk)
        / weeks,
        "weeks with one-to-ones (share)": sum("one_to_ones" in t for t in talk) / weeks,
        "weeks of overtime (share)": sum(
            1 for r in project.reports if r["overtime"] > 0
        )
        / weeks,
        "risk responses": float(
            sum(len(d.get("risk_responses", {})) for d in decisions)
        ),
        "change requests accepted": float(
            sum(
                v == "accept"
                for d in decisions
                for v in d.get("change_requests", {}).values()
            )
        ),
        "change requests rejected": float(
            sum(
                v == "reject"
                for d in decisions
                for v in d.get("change_requests", {}).values()
            )
        ),
        "people hired": float(sum(d.get("hire", 0) for d in decisions)),
        "weeks with crashing (share)": share(lambda d: bool(d.get("crash"))),
        "escalations": float(sum("escalation" in t for t in talk)),
    }


def collect(course: Path, assignment: str, *, detail: bool = True) -> list[Run]:
    """Find, replay and debrief every student's capstone log.

    Parameters
    ----------
    course : Path
        The course repository (with ``grading/``).
    assignment : str
        The capstone assignment, e.g. ``ps10_capstone``.
    detail : bool
        Also find each run's turning points and the reference strategies'
        scores on its seed.

    Returns
    -------
    list of Run
        One per student folder, sorted by student id.
    """
    from pmcourse import capstone

    grading = Path(course) / "grading"
    students = sorted(
        {
            p.parent.name
            for step in ("submitted", "autograded")
            for p in (grading / step).glob(f"*/{assignment}")
            if p.is_dir()
        }
    )
    runs = []
    for student in students:
        run = Run(student)
        for step in ("autograded", "submitted"):
            for nb in sorted((grading / step / student / assignment).glob("*.ipynb")):
                run.log = find_log(nb)
                if run.log is not None:
                    break
            if run.log is not None:
                break
        if run.log is None:
            run.problem = "no log found in the notebook (autograde it first)"
        else:
            try:
                project = capstone.replay(run.log)
                if not project.done:
                    raise capstone.InvalidLog(f"the log stops at week {project.week}")
            except capstone.InvalidLog as err:
                run.problem = f"invalid log: {err}"
            else:
                run.project = project
                run.debrief = capstone.debrief(project, detail=detail)
                run.features = _features(project)
        runs.append(run)
    return runs


def separating(runs: list[Run]) -> list[dict[str, Any]]:
    """Compare what the best quarter of runs did with what the rest did.

    Parameters
    ----------
    runs : list of Run
        Valid runs (others are ignored).

    Returns
    -------
    list of dict
        One row per decision measure: ``decision``, ``best`` (mean in the
        top quarter by overall score), ``rest`` and ``difference``, largest
        absolute difference (relative to the class's spread) first.

    Examples
    --------
    >>> separating([])
    []
    """
    scored = [(r, r.debrief) for r in runs if r.debrief]
    valid = [r for r, _ in sorted(scored, key=lambda pair: -pair[1]["overall"])]
    if len(valid) < 2:
        return []
    k = max(1, len(valid) // 4)
    best, rest = valid[:k], valid[k:]
    rows = []
    for name in valid[0].features:
        everyone = [r.features[name] for r in valid]
        spread = statistics.pstdev(everyone) or 1.0
        b = statistics.mean(r.features[name] for r in best)
        o = statistics.mean(r.features[name] for r in rest)
        rows.append(
            {
                "decision": name,
                "best": b,
                "rest": o,
                "difference": b - o,
                "z": (b - o) / spread,
            }
        )
    rows.sort(key=lambda r: -abs(float(r["z"])))  # type: ignore[arg-type]
    return rows


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80)
    return base64.b64encode(buffer.getvalue()).decode()


def _img(fig: Any, alt: str) -> str:
    return (
        f'<figure><img src="data:image/png;base64,{_png(fig)}" '
        f'alt="{html.escape(alt)}"><figcaption>{html.escape(alt)}</figcaption></figure>'
    )


def _distribution(valid: list[Run]) -> str:
    from pmcourse.plots.style import new_panels, style_axes

    fig, axes = new_panels(len(SCORES), 16.0, 2.8, pyplot=False)
    parts = []
    for ax, name in zip(axes, SCORES, strict=True):
        values = [r.debrief[name] for r in valid if r.debrief]
        ax.hist(values, bins=range(0, 105, 10), color="#0072B2")
        style_axes(ax, title=name, xlabel="score (0-100)", grid="y")
        parts.append(
            f"{name}: median {statistics.median(values):.0f}, "
            f"range {min(values):.0f} to {max(values):.0f}"
        )
    alt = f"Histograms of the class's scores ({len(valid)} runs). " + "; ".join(parts)
    return _img(fig, alt)


def _student_page(run: Run, assignment: str) -> str:
    from pmcourse.plots.capstone import debrief_chart, evm_history

    d = run.debrief or {}
    head = f"<h1>{html.escape(run.student)}: {html.escape(assignment)}</h1>"
    if run.problem:
        return head + f"<p><b>{html.escape(run.problem)}</b></p>"
    project = run.project
    rows = "".join(f"<tr><th>{k}</th><td>{d[k]:.1f}</td></tr>" for k in SCORES)
    tps = "".join(
        f"<tr><td>{t['week']}</td><td>{t['worth']:+.1f}</td>"
        f"<td><code>{html.escape(json.dumps(t['decisions']))}</code></td></tr>"
        for t in d.get("turning_points", [])
    )
    chart = debrief_chart(d, pyplot=False)
    alt1 = "Scores: " + ", ".join(f"{k} {d[k]:.0f}" for k in SCORES)
    alt1 += "; reference strategies on the same seed: " + ", ".join(
        f"{k} {v:.0f}" for k, v in d.get("strategies", {}).items()
    )
    from pmcourse.plots.style import new_figure

    fig, ax = new_figure(8, 3.5, pyplot=False)
    reports = [project.start_report, *project.reports]
    planned = [project.w.pv(k) for k in range(project.week + 1)]
    evm_history(reports, planned, ax)
    last = project.reports[-1]
    alt2 = (
        f"S-curves over {last['week']} weeks: final EV ${last['ev']:,.0f}, "
        f"AC ${last['ac']:,.0f}, CPI {last['cpi']:.2f}"
    )
    return (
        head + f"<p>{html.escape(project.scenario.title)}, seed {project.seed}, "
        f"{project.week} weeks (deadline {project.scenario.deadline}).</p>"
        + f"<table>{rows}</table>"
        + _img(chart, alt1)
        + _img(fig, alt2)
        + "<h2>Turning points</h2><table><tr><th>week</th><th>worth</th>"
        + f"<th>decisions</th></tr>{tps}</table>"
    )


def write(
    course: Path,
    assignment: str,
    output: Path | None = None,
    runs: list[Run] | None = None,
) -> Path:
    """Write the class report and a page per student; return the index.

    Parameters
    ----------
    course : Path
        The course repository.
    assignment : str
        The capstone assignment.
    output : Path, optional
        The index file (default
        ``grading/reports/<assignment>_capstone.html``); student pages go
        in a folder beside it.
    runs : list of Run, optional
        Runs already collected (:func:`collect`).

    Returns
    -------
    Path
    """
    if runs is None:
        runs = collect(course, assignment)
    out = (
        Path(output)
        if output
        else Path(course) / "grading" / "reports" / (f"{assignment}_capstone.html")
    )
    pages = out.with_suffix("")
    pages.mkdir(parents=True, exist_ok=True)
    valid = [r for r in runs if r.debrief]
    style = (
        "<style>body{font-family:sans-serif;max-width:70em}"
        "td,th{padding:2px 8px}</style>"
    )
    body = [f"<h1>Capstone debrief: {html.escape(assignment)}</h1>"]
    body.append(
        f"<p>{len(runs)} student(s): {len(valid)} valid run(s), "
        f"{len(runs) - len(valid)} without a valid log.</p>"
    )
    if valid:
        body.append("<h2>Outcomes</h2>" + _distribution(valid))
        rows = "".join(
            f"<tr><td>{html.escape(r['decision'])}</td><td>{r['best']:.2f}</td>"
            f"<td>{r['rest']:.2f}</td><td>{r['difference']:+.2f}</td></tr>"
            for r in separating(runs)
        )
        body.append(
            "<h2>Decisions that separated the best runs from the rest</h2>"
            "<p>Best: the top quarter by overall score.</p><table><tr>"
            "<th>decision</th><th>best</th><th>rest</th><th>difference</th></tr>"
            f"{rows}</table>"
        )
    items = []
    for run in runs:
        page = pages / f"{run.student}.html"
        page.write_text(
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(run.student)}</title>{style}</head><body>"
            f"{_student_page(run, assignment)}</body></html>",
            encoding="utf-8",
        )
        what = f"overall {run.debrief['overall']:.1f}" if run.debrief else run.problem
        items.append(
            f"<li><a href='{pages.name}/{html.escape(run.student)}.html'>"
            f"{html.escape(run.student)}</a>: {html.escape(str(what))}</li>"
        )
    body.append("<h2>Students</h2><ul>" + "".join(items) + "</ul>")
    out.write_text(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>"
        f"Capstone {html.escape(assignment)}</title>{style}</head><body>"
        + "".join(body)
        + "</body></html>",
        encoding="utf-8",
    )
    return out


def add_cli(sub: Any) -> None:
    """Add ``pmcourse capstone report ASSIGNMENT`` to the CLI's subparsers.

    Parameters
    ----------
    sub : argparse._SubParsersAction
        The ``pmcourse`` command's subparsers.
    """
    p = sub.add_parser(
        "capstone",
        help="the capstone's class debrief (e.g. `pmcourse capstone report "
        "ps10_capstone`)",
        description="Replay every student's capstone log and report on the class.",
    )
    inner = p.add_subparsers(dest="capstone_command", required=True, metavar="ACTION")
    r = inner.add_parser(
        "report",
        help="write the class report and a page per student as HTML",
        description="Replay every submitted capstone log and write an HTML report.",
    )
    r.add_argument("assignment", help="the capstone assignment, e.g. ps10_capstone")
    r.add_argument("-o", "--output", type=Path, default=None, help="the index file")


def run_cli(args: argparse.Namespace, course: Path) -> int:
    """Run ``pmcourse capstone report``; return the exit status.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments (``assignment``, ``output``).
    course : Path
        The course repository.

    Returns
    -------
    int
        0 when every log replayed, 1 when some were invalid or missing.
    """
    runs = collect(course, args.assignment)
    out = write(course, args.assignment, args.output, runs)
    bad = [r for r in runs if r.problem]
    print(f"wrote {out}: {len(runs) - len(bad)} valid run(s), {len(bad)} without")
    for run in bad:
        print(f"  {run.student}: {run.problem}")
    return 1 if bad else 0
