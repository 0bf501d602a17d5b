"""Reading scores back from nbgrader (the end-to-end test reads real ones)."""

from __future__ import annotations

import pytest

from pmcourse.grading.gradebook import cell_scores, read_grades_csv

# The header nbgrader 0.9's CSV exporter writes, with two made-up rows.
CSV = """\
assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score
ps03,,,007,Bond,James,,11.0,0.0,11.0,15.0
ps03,,,ada,,,,9.5,1.0,8.5,15.0
"""


def test_read_grades_csv_keeps_student_ids_as_text(tmp_path):
    """Does a student id like '007' survive as text, with scores as floats?"""
    path = tmp_path / "grades.csv"
    path.write_text(CSV)
    grades = read_grades_csv(path)
    assert grades.loc[("ps03", "007"), "score"] == 11.0
    assert grades.loc[("ps03", "ada"), "score"] == 8.5
    assert grades["max_score"].dtype == float


def test_read_grades_csv_names_a_missing_column(tmp_path):
    """Does a CSV without a score column raise ValueError naming it?"""
    path = tmp_path / "grades.csv"
    path.write_text("assignment,student_id,raw_score,max_score\nps03,a,1,2\n")
    with pytest.raises(ValueError, match="'score'"):
        read_grades_csv(path)


def test_cell_scores_never_creates_a_gradebook(tmp_path):
    """Does reading from a gradebook that does not exist raise ValueError
    instead of creating an empty one?"""
    db = tmp_path / "gradebook.db"
    with pytest.raises(ValueError, match="no gradebook"):
        cell_scores(f"sqlite:///{db}", "ps03", "ada")
    assert not db.exists()
