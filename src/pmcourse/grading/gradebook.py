"""Read scores back from nbgrader's gradebook and its grades CSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class CellScore:
    """The score of one grade cell of one submitted notebook.

    Parameters
    ----------
    notebook : str
        Notebook name without ``.ipynb``.
    grade_id : str
        The cell's nbgrader ``grade_id``.
    score : float
        Points earned (manual score if given, else the autograder's).
    max_score : float
        Points available.
    auto : bool
        True for autograded (code) cells, False for cells graded by hand.
    needs_manual_grade : bool
        Whether nbgrader still waits for a person to grade the cell.
    """

    notebook: str
    grade_id: str
    score: float
    max_score: float
    auto: bool
    needs_manual_grade: bool


def cell_scores(
    db_url: str, assignment: str, student: str, course_id: str = "pmcourse"
) -> list[CellScore]:
    """Return every grade cell's score of a student's submission.

    Parameters
    ----------
    db_url : str
        The gradebook's SQLAlchemy URL, e.g. ``Course.gradebook_url``.
    assignment : str
        The assignment name.
    student : str
        The student id.
    course_id : str
        The nbgrader course id (``grading/nbgrader_config.py`` sets it).

    Returns
    -------
    list of CellScore
        One per grade cell, by notebook then cell name.

    Raises
    ------
    ValueError
        If the gradebook (a SQLite file) does not exist, or has no such
        submission.

    Used in: grading tests and reports.
    """
    from nbgrader.api import Gradebook, MissingEntry

    prefix = "sqlite:///"
    if db_url.startswith(prefix) and not Path(db_url[len(prefix) :]).is_file():
        # nbgrader would create an empty gradebook; reading must not.
        raise ValueError(f"db_url: no gradebook at {db_url[len(prefix) :]}")
    out = []
    with Gradebook(db_url, course_id=course_id) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
        except MissingEntry as err:
            raise ValueError(
                f"student: no submission of {assignment!r} by {student!r} in {db_url}"
            ) from err
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                out.append(
                    CellScore(
                        notebook=notebook.name,
                        grade_id=grade.name,
                        score=float(grade.score),
                        max_score=float(grade.max_score),
                        auto=grade.cell.cell_type == "code",
                        needs_manual_grade=bool(grade.needs_manual_grade),
                    )
                )
    return sorted(out, key=lambda s: (s.notebook, s.grade_id))


def read_grades_csv(path: Path) -> pd.DataFrame:
    """Read the CSV written by ``nbgrader export``.

    Parameters
    ----------
    path : Path
        The CSV file.

    Returns
    -------
    DataFrame
        One row per assignment and student, indexed by ``(assignment,
        student_id)``, with float ``raw_score``, ``score`` and ``max_score``.

    Raises
    ------
    ValueError
        If a column nbgrader writes is missing.

    Used in: grading tests and the LMS export.
    """
    table = pd.read_csv(path, dtype={"student_id": str, "assignment": str})
    needed = {"assignment", "student_id", "raw_score", "score", "max_score"}
    missing = sorted(needed - set(table.columns))
    if missing:
        raise ValueError(f"path: {path} lacks the column(s) {missing}")
    for column in ("raw_score", "score", "max_score"):
        table[column] = table[column].astype(float)
    return table.set_index(["assignment", "student_id"]).sort_index()
