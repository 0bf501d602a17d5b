"""The instructor's report, including ps09's mastery by CAPM domain."""

from __future__ import annotations

import pytest
from _corpus import REPO

from pmcourse.grading.autograde import status_path
from pmcourse.grading.course import copy_course
from pmcourse.grading.report import capm_domains, item_table, write_report
from pmcourse.grading.status import Record, StatusStore

PS09 = "ps09_capm_exam"


def _test(grade_id, score, message=""):
    return {
        "notebook": "nb",
        "grade_id": grade_id,
        "points": 1.0,
        "score": score,
        "ran": True,
        "message": message,
    }


def test_item_table_counts_failures_and_their_messages():
    """Is each test's difficulty the share of points earned, and are the
    commonest failure messages counted, leaving invalid work out?"""
    records = [
        Record("a", "s1", "graded", 1.0, 2.0, 1.0, tests=[_test("t1", 1.0)]),
        Record(
            "a",
            "s2",
            "graded",
            0.0,
            2.0,
            1.0,
            tests=[_test("t1", 0.0, "AssertionError: x is wrong")],
        ),
        Record(
            "a",
            "s3",
            "timed-out",
            0.0,
            2.0,
            1.0,
            tests=[_test("t1", 0.0, "AssertionError: x is wrong")],
        ),
        Record("a", "s4", "invalid", None, 2.0, 0.1),
    ]
    table = item_table(records)
    assert table.loc["t1", "attempts"] == 3 and table.loc["t1", "failures"] == 2
    assert table.loc["t1", "difficulty"] == pytest.approx(1 / 3)
    assert table.loc["t1", "top_messages"] == "AssertionError: x is wrong (x2)"
    assert item_table([]).empty


@pytest.mark.skipif(PS09 not in REPO.assignments(), reason="ps09 is not in the course")
def test_ps09_report_shows_mastery_by_domain(tmp_path):
    """For ps09, is every question mapped to its CAPM domain (from the item its
    hidden test draws) and does the report plot mastery by domain?"""
    course = copy_course(REPO, tmp_path / "course")
    domains = capm_domains(course, PS09)
    assert len(domains) >= 20 and set(domains.values()) <= {1, 2, 3, 4}
    store = StatusStore(status_path(course))
    for n, student in enumerate(["ann", "bo", "cy"]):
        tests = [_test(gid, float((i + n) % 2)) for i, gid in enumerate(domains)]
        store.save(Record(PS09, student, "graded", 5.0, 30.0, 1.0, tests=tests))
    page = write_report(course, PS09).read_text()
    assert "Mastery by CAPM domain" in page
    assert page.count("data:image/png;base64,") == 3


def test_the_report_names_parts_and_mistakes_from_the_specification(tmp_path):
    """Does the report name each failing part and count its listed common
    mistakes as the assignment's answer specification gives them (read
    generically, so every specified assignment is covered)?"""
    from pmcourse.grading.report import OTHER, mistake_counts, spec_parts
    from pmcourse.variants import spec as answer_spec

    for assignment in REPO.assignments():
        if (REPO.source_dir(assignment) / answer_spec.SPEC_FILE).is_file():
            spec = answer_spec.load(assignment, REPO.solutions)
            assert list(spec_parts(REPO, assignment)) == [
                p.grade_id for p in spec.parts
            ]
    assignment = "ps05_risk"
    course = copy_course(REPO, tmp_path / "course")
    parts = spec_parts(course, assignment)
    says = {name: s for s, name in parts["check_contingency"]["mistakes"].items()}
    wrong = "AssertionError: Part 2, `contingency`: "
    tests = {
        "ann": [
            _test("check_contingency", 0.0, wrong + says["contingency: threats only"])
        ],
        "bo": [
            _test("check_contingency", 0.0, wrong + says["contingency: threats only"])
        ],
        "cy": [_test("check_contingency", 0.0, wrong + "not right for your numbers.")],
        "di": [_test("check_contingency", 1.0)],
    }
    records = [
        Record(assignment, s, "graded", t[0]["score"], 1.0, 1.0, tests=t)
        for s, t in tests.items()
    ]
    counts = mistake_counts(records, parts)
    assert counts == {"check_contingency": {"contingency: threats only": 2, OTHER: 1}}
    store = StatusStore(status_path(course))
    for record in records:
        store.save(record)
    page = write_report(course, assignment).read_text()
    assert "Common mistakes, by part (from the answer specification)" in page
    assert "check_contingency (Part 2: contingency)" in page
    assert "contingency: threats only (x2)" in page and f"{OTHER} (x1)" in page
