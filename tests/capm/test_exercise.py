"""Tests for the ps09 generator (pmcourse.capm.exercise) and its notebook."""

import ast
import re
import runpy
from pathlib import Path

import nbformat
import pytest

from pmcourse.capm import draw, grade, load_bank
from pmcourse.capm.exercise import (
    PS09_PARTS,
    PS09_SEED,
    ExercisePart,
    answer_source,
    check_source,
    format_rule,
    question_markdown,
    questions_source,
    select_questions,
)
from pmcourse.variants import spec as answer_spec

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "solutions" / "ps09_capm_exam" / "ps09_capm_exam.ipynb"
ANSWERS = SOURCE.parent / "answers.py"
HIDDEN = '_spec.grade("ps09_capm_exam", "check_q{n}", globals())'


def _questions() -> dict[int, tuple[str, int | None]]:
    """The answer specification's record: question number to (item id, seed)."""
    return runpy.run_path(str(ANSWERS))["QUESTIONS"]


@pytest.fixture(scope="module")
def parts():
    return select_questions()


@pytest.fixture(scope="module")
def notebook():
    if not SOURCE.exists():
        pytest.skip("solutions/ps09_capm_exam has not been generated")
    return nbformat.read(SOURCE, as_version=4)


def _cells(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}


def test_parts_follow_their_spec(parts):
    """Does each part hold its count of items of its domains, types and kind,
    with no item twice and questions numbered 1, 2, ... across parts?"""
    seen, number = set(), 1
    for part, spec in zip(parts, PS09_PARTS, strict=True):
        assert len(part.items) == spec.count and part.first == number
        for item in part.items:
            assert item.domain in spec.domains and item.type in spec.types
            if spec.family is not None:
                assert item.family is spec.family
            assert item.id not in seen
            seen.add(item.id)
        number += spec.count
    assert {p.items[0].domain for p in parts[:4]} == {1, 2, 3, 4}
    assert len(parts) >= 6


def test_selection_is_reproducible_and_seeded(parts):
    """Does the same seed give the same exam, and another seed another one?"""
    again = select_questions(PS09_SEED)
    assert [i.to_dict() for p in again for i in p.items] == [
        i.to_dict() for p in parts for i in p.items
    ]
    other = select_questions(PS09_SEED + 1)
    assert [i.id for p in other for i in p.items] != [
        i.id for p in parts for i in p.items
    ]


def test_part_without_enough_items_is_named():
    """Is a part asking for more items than the bank holds refused by name?"""
    from pmcourse.capm.exercise import PartSpec

    greedy = (PartSpec("greedy", "Too many", (4,), ("numeric",), None, 1),)
    with pytest.raises(ValueError, match="part 'greedy' needs 1"):
        select_questions(parts=greedy)


def test_model_answers_are_the_keys(parts):
    """Do the generated model answers grade right through grade()?"""
    for part in parts:
        namespace: dict = {}
        exec(answer_source(part), namespace)  # noqa: S102 (our own generated code)
        for number, item in zip(part.numbers, part.items, strict=True):
            assert grade(item, namespace[f"q{number}"]), (item.id, number)


def test_question_text_escapes_markdown():
    """Are dollar signs escaped, so Jupyter does not render them as maths?"""
    item = draw("F-EVM-01", rng=5)
    text = question_markdown(item, 3)
    assert "$" in item.stem and "\\\\$" in text
    assert not re.search(r"(?<!\\\\)\$", text)
    assert "- **A.**" in text and '`q3 = "B"`' in text


def test_format_rules_by_type():
    """Does each type tell the student how to write the answer?"""
    assert 'q2 = "B"' in format_rule(draw("D1-001"), 2)
    assert "two letters" in format_rule(draw("D1-010"), 5)
    rule = format_rule(draw("F-PERT-01", rng=1), 7)
    assert "number in days (within 0.05)" in rule and "q7 = 12.5" in rule


def _run_check(item, number, answer):
    """Run a question's grade cell (its visible part) on an answer."""
    from numbers import Real

    source = check_source(item, number).split("### BEGIN HIDDEN TESTS")[0]
    namespace = {"Real": Real, f"q{number}": answer}
    exec(compile(source, "check", "exec"), namespace)  # noqa: S102


@pytest.mark.parametrize(
    ("item_id", "right", "wrong_format", "message"),
    [
        ("D1-001", "A", 3, "expected a letter A-D as a string, such as 'B', got int"),
        ("D1-001", "A", "AB", "expected one of the letters A, B, C, D"),
        ("D1-010", "A, E", "A", "expected two different letters among A, B, C"),
        ("D2-017", -6000.0, "-6000", "expected a number such as 12.5"),
    ],
)
def test_grade_cell_checks_format_then_calls_the_specification(
    item_id, right, wrong_format, message
):
    """Does a grade cell pass a well-formatted answer, tell a badly formatted
    one what was expected, and hide one call into the answer specification?"""
    item = draw(item_id)
    _run_check(item, 4, right)
    with pytest.raises(AssertionError, match=re.escape(message)):
        _run_check(item, 4, wrong_format)
    hidden = check_source(item, 4).split("### BEGIN HIDDEN TESTS")[1]
    assert HIDDEN.format(n=4) in hidden and "_capm." not in hidden


def test_the_specification_grades_each_question_without_giving_the_key():
    """Does the specification accept each question's key (a letter in any
    case, "choose two" letters in any order, a number within the stated
    tolerance), and fail a wrong answer naming the question and the lesson
    to review, with the bank's reason for a wrong option, never the key?"""
    spec = answer_spec.load("ps09_capm_exam", ROOT / "solutions")
    judged = spec.judge({})
    for number, (item_id, seed) in _questions().items():
        item = draw(item_id, seed)
        entries = judged[f"check_q{number}"]
        name = f"q{number}"
        if item.type == "single":
            accepted = [item.answer, f" {item.answer.lower()} "]
            wrong = next(iter(item.distractors))
        elif item.type == "multiple":
            accepted = [", ".join(item.answer), "".join(reversed(item.answer)).lower()]
            wrong = ", ".join(sorted(set(item.options) - set(item.answer))[:2])
        else:
            accepted = [
                item.answer,
                round(item.answer, 1 if item.tolerance >= 0.05 else 2),
            ]
            wrong = item.answer + 10 * item.tolerance + 1
        for answer in accepted:
            assert answer_spec.verdict(entries, {name: answer}) == [], (number, answer)
        problems = answer_spec.verdict(entries, {name: wrong})
        assert len(problems) == 1 and problems[0].startswith(
            f"Question {number}, `{name}`: "
        )
        assert f"see lesson {item.lesson[:2]}" in problems[0]
        if item.type == "single":
            assert item.distractors[wrong].rstrip(".") in problems[0]
            assert f"option {item.answer}" not in problems[0]
        if item.type == "numeric":
            assert f"{item.answer:g}" not in problems[0].split(": ", 1)[1].replace(
                f"Domain {item.domain}, Task {item.task[-1]}", ""
            )


def test_the_specification_lists_the_generated_questions(parts):
    """Is the specification's item list what the generator writes for the
    drawn exam (so the generator, the record and the bank agree)?"""
    assert questions_source(parts) in ANSWERS.read_text(encoding="utf-8")


def test_notebook_shows_and_grades_the_same_items(notebook):
    """Is every question cell of the committed notebook what the generator writes
    for the item its hidden test draws, and is the model answer its key?"""
    cells = _cells(notebook)
    checks = {gid: c for gid, c in cells.items() if gid.startswith("check_q")}
    assert len(checks) >= 20
    questions = _questions()
    assert sorted(questions) == sorted(int(g.removeprefix("check_q")) for g in checks)
    for gid, cell in checks.items():
        number = int(gid.removeprefix("check_q"))
        assert HIDDEN.format(n=number) in cell.source, gid
        item_id, seed = questions[number]
        item = draw(item_id, seed)
        assert cell.source == check_source(item, number), gid
        assert cells[f"question_{number}"].source == question_markdown(item, number)
        assert cell.metadata["nbgrader"]["points"] == 1


def test_notebook_types_no_key(notebook):
    """Do the hidden tests compute every key through draw/grade, never compare
    an answer with a literal?"""
    for cell in notebook.cells:
        if not cell.metadata["nbgrader"].get("grade") or cell.cell_type != "code":
            continue
        hidden = cell.source.split("### BEGIN HIDDEN TESTS")[1]
        tree = ast.parse(hidden.split("### END HIDDEN TESTS")[0])
        compares = [n for n in ast.walk(tree) if isinstance(n, ast.Compare)]
        assert not compares, cell.metadata["nbgrader"]["grade_id"]


def _notebook_items(notebook) -> dict[int, object]:
    """Return {question number: item} as the answer specification names them."""
    return {n: draw(i, seed) for n, (i, seed) in _questions().items()}


def test_notebook_model_answers_are_written_for_its_items(notebook):
    """Is each answer cell the generator's model answers for the items the
    notebook grades (so the solution gets every point)?"""
    cells, items = _cells(notebook), _notebook_items(notebook)
    for spec in PS09_PARTS:
        cell = cells[f"answer_{spec.name}"]
        numbers = [int(n) for n in re.findall(r"^q(\d+) =", cell.source, re.M)]
        part = ExercisePart(spec, tuple(items[n] for n in numbers), numbers[0])
        assert numbers == part.numbers and len(numbers) == spec.count
        assert cell.source == answer_source(part)


def test_notebook_parts_and_written_answer(notebook):
    """Are there 6+ autograded parts with their own points, and a written answer
    on a scenario question of the bank, with a rubric giving its key?"""
    cells = _cells(notebook)
    answers = [gid for gid in cells if gid.startswith("answer_")]
    assert len([a for a in answers if cells[a].cell_type == "code"]) >= 6
    written = cells["answer_scenario_reasoning"]
    assert written.cell_type == "markdown"
    assert written.metadata["nbgrader"]["points"] == 4
    assert "For the grader" in written.source and "Rubric" in written.source
    stem = re.search(r"^> (.+)$", cells["part8"].source, re.M).group(1)
    bank = load_bank()
    row = bank.loc[bank["stem"] == stem].iloc[0]
    assert row["scenario"] and row["type"] == "single"
    assert f"The bank's key is **{row['answer']}**" in written.source
