"""Tests for the CAPM bank's schema: the rules, and the whole bank against them.

The whole-bank tests (answer letters, domain proportions) only pass once the
static writers have finished their YAML files.
"""

from collections import Counter

import pytest

from pmcourse.capm import OUTLINE_WEIGHTS, BankError, load_bank, validate_item
from pmcourse.capm.bank import read_folder
from pmcourse.capm.schema import check_bank, normalise_stem

GOOD = {
    "id": "D2-101",
    "domain": 2,
    "task": "2.2",
    "type": "single",
    "scenario": True,
    "stem": "Priya's plan has a milestone at week 12. What is a milestone?",
    "options": {
        "A": "A significant point with zero duration",
        "B": "A task lasting one week",
        "C": "A deliverable approved by the sponsor",
        "D": "The last task of a phase",
    },
    "answer": "A",
    "explanation": "A milestone marks a moment, so it takes no time.",
    "distractors": {"B": "It lasts.", "C": "Not all.", "D": "Not a task."},
    "difficulty": 1,
    "lesson": "03_scheduling",
}


def problems(**changes):
    item = {**GOOD, **changes}
    for key, value in changes.items():
        if value is None:
            del item[key]
    return validate_item(item, "d2_predictive.yaml")


def test_good_item_passes():
    """Does a well-formed item pass with no problems?"""
    assert validate_item(GOOD, "d2_predictive.yaml") == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"stem": None}, "missing key(s) stem"),
        ({"distractor": {}}, "unknown key(s) distractor"),
        ({"domain": 5}, "domain must be 1, 2, 3 or 4"),
        ({"domain": True}, "domain must be 1, 2, 3 or 4"),
        ({"id": "D2-1"}, "must look like D<domain>-<3 digits>"),
        ({"id": "D3-101"}, "starts with D3 but domain is 2"),
        ({"task": 2.2}, "task must be a quoted string"),
        ({"task": "1.3"}, "not a task of domain 2"),
        ({"task": "2.4"}, "not a task of domain 2"),
        ({"type": "choice"}, "type must be single, multiple or numeric"),
        ({"scenario": "yes"}, "scenario must be true or false"),
        ({"difficulty": 4}, "difficulty must be 1, 2 or 3"),
        ({"lesson": "03_schedule"}, "is not one of the lessons"),
        ({"explanation": "  "}, "explanation must be non-empty"),
        ({"answer": "E"}, "answer 'E' is not one of the options A, B, C, D"),
        ({"options": {"A": "x", "B": "y", "C": "z"}}, "exactly A, B, C, D"),
        ({"options": {**GOOD["options"], "D": "A task lasting one week"}}, "same text"),
        (
            {"options": {**GOOD["options"], "D": "All of the above"}},
            "all/none of the above",
        ),
        ({"distractors": {"B": "x", "C": "y"}}, "missing ['D']"),
        ({"distractors": {"A": "x", "B": "y", "C": "z", "D": "w"}}, "explain ['A']"),
    ],
)
def test_each_rule_is_checked_with_file_and_id(changes, message):
    """Does each broken rule give a message naming the file, the id and the rule?"""
    found = problems(**changes)
    assert found, changes
    assert any(message in p for p in found), found
    assert all(p.startswith("d2_predictive.yaml, item ") for p in found)


def test_multiple_select_rules():
    """Must a multiple item list 2+ letters among its options and say so in the stem?"""
    options = {**GOOD["options"], "E": "A sponsor sign-off"}
    distractors = {"B": "b", "C": "c", "E": "e"}
    ok = problems(
        type="multiple",
        options=options,
        answer=["A", "D"],
        distractors=distractors,
        stem="Which two mark a moment? Choose two.",
    )
    assert ok == []
    one = problems(
        type="multiple", options=options, answer=["A"], distractors=distractors
    )
    assert any("list of 2+ letters" in p for p in one)
    no_word = problems(
        type="multiple", options=options, answer=["A", "D"], distractors=distractors
    )
    assert any('"Choose two."' in p for p in no_word)


def test_numeric_rules():
    """Does a numeric item need a number, a tolerance and a unit, and no options?"""
    base = {"type": "numeric", "options": None, "distractors": None}
    assert problems(**base, answer=12.5, tolerance=0.1, unit="days") == []
    assert any("tolerance" in p for p in problems(**base, answer=12.5, unit="days"))
    assert any("unit" in p for p in problems(**base, answer=12.5, tolerance=0.1))
    assert any(
        "must be a number" in p
        for p in problems(**base, answer="12", tolerance=0.1, unit="days")
    )
    assert any(
        "no options" in p
        for p in problems(
            type="numeric", distractors=None, answer=1, tolerance=0, unit="x"
        )
    )


def test_check_bank_finds_repeated_ids_and_stems():
    """Does the bank check catch a repeated id and a stem repeated up to spacing?"""
    twin = {**GOOD, "id": "D2-102", "stem": GOOD["stem"].upper() + "  "}
    found = check_bank([("a.yaml", GOOD), ("b.yaml", GOOD), ("b.yaml", twin)])
    assert any("id D2-101 is used twice (first in a.yaml)" in p for p in found)
    assert any("b.yaml, item D2-102: same stem as item D2-101" in p for p in found)


def test_read_folder_names_file_and_item(tmp_path):
    """Does the loader report bad YAML and items in the wrong domain file?"""
    (tmp_path / "d1_x.yaml").write_text("- [unclosed\n")
    import yaml

    (tmp_path / "d3_y.yaml").write_text(yaml.safe_dump([GOOD]))
    (tmp_path / "d4_z.yaml").write_text("")
    items, found = read_folder(tmp_path)
    assert items == []
    assert any(p.startswith("d1_x.yaml: not valid YAML") for p in found)
    assert any(
        "d3_y.yaml, item D2-101: domain 2 item in a domain 3 file" in p for p in found
    )


def test_bank_error_lists_every_problem():
    """Does BankError carry the list and say how many problems there are?"""
    err = BankError(["a: x", "b: y"])
    assert err.problems == ["a: x", "b: y"] and "2 problem(s)" in str(err)


# --- the whole bank ------------------------------------------------------------


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_bank_loads_valid(bank):
    """Does every item of the bank pass the schema (load_bank raises otherwise)?"""
    assert len(bank) >= 240


def test_ids_and_stems_unique(bank):
    """Are ids and stems unique across the whole bank?"""
    assert bank["id"].is_unique
    assert bank["stem"].map(normalise_stem).is_unique


def test_every_option_set_contains_its_answer(bank):
    """Does every choice item's answer name one of its options?"""
    for row in bank.itertuples():
        if row.type == "numeric":
            continue
        letters = [row.answer] if isinstance(row.answer, str) else list(row.answer)
        assert set(letters) <= set(row.options), row.id
        assert set(row.distractors) == set(row.options) - set(letters), row.id


def test_explanations_present(bank):
    """Does every item explain its answer?"""
    assert bank["explanation"].str.strip().str.len().gt(20).all()


def test_no_answer_letter_above_35_percent(bank):
    """Is no letter the answer to more than 35% of single-choice items?"""
    single = bank.loc[bank["type"] == "single", "answer"]
    shares = single.value_counts(normalize=True)
    assert shares.max() <= 0.35, shares.to_dict()


def test_domain_proportions_match_the_outline(bank):
    """Is each domain's share of the bank within 3 points of 36/17/20/27?"""
    shares = bank["domain"].value_counts(normalize=True)
    for domain, weight in OUTLINE_WEIGHTS.items():
        assert abs(shares.get(domain, 0) - weight) <= 0.03, shares.to_dict()


def test_scenarios_and_families_share(bank):
    """Are 30%+ of items scenarios and 20%+ calculation families?"""
    assert bank["scenario"].mean() >= 0.30
    assert bank["family"].mean() >= 0.20


def test_every_task_of_the_outline_is_covered(bank):
    """Does the bank cover every outline task?"""
    from pmcourse.capm.schema import TASKS

    covered = Counter(bank["task"])
    missing = [t for tasks in TASKS.values() for t in tasks if not covered[t]]
    assert missing == []
