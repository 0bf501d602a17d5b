"""Answer specification of ps07 (stakeholders): instructor's side, never released.

The data files are read from this folder (the released copies are the same);
every key comes from ``pmcourse.stakeholders``.
Two kinds of answer need more than a comparison with one value: the conflict
modes and the types of power accept their older names (normalised through
``stakeholders``), and the corrected RACI matrix is right whenever it follows
every rule and leaves the rows that had no problem as they were (a rule; the
key shown is one such table). The hidden tests and ``pmcourse variant
--answers`` read this one file; ps07 has no variants, so no practice key ships.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pmcourse import stakeholders
from pmcourse.variants.spec import Answer, Mistake, Part, Spec

HERE = Path(__file__).resolve().parent
#: The core team of part 1, and its size once the trainers join.
TEAM, WITH_TRAINERS = 9, 13
#: The model corrections of part 5: (task, person) to the new cell.
RACI_FIXES = {
    ("Agree roster rules", "Dev (HR payroll)"): "C",
    ("Configure the system", "You (lead)"): "A",
    ("Train ward managers", "Ward managers"): "C",
}
CONFLICT_MODES = {
    "A": "compromising",
    "B": "collaborating",
    "C": "avoiding",
    "D": "competing",
    "E": "accommodating",
}
POWER_TYPES = {"A": "legitimate", "B": "expert", "C": "reward", "D": "referent"}
GOOD_ROW_CHANGED = (
    "a row that had no problem was changed; change only the rows that "
    "validate_raci flags"
)


def given(params: Any) -> dict[str, Any]:
    """Return the register, the draft RACI and the team as the students have them."""
    register = pd.read_csv(HERE / "rostering_stakeholders.csv")
    draft = pd.read_csv(HERE / "rostering_raci.csv", keep_default_na=False)
    return {
        "register": register,
        "draft": draft.set_index("task"),
        "team": pd.read_csv(HERE / "rostering_team.csv"),
        "engagement": stakeholders.assess_engagement(register),
    }


def _quadrants(register: Any, threshold: float | None = None) -> dict[str, str]:
    grid = stakeholders.classify_power_interest(register, threshold=threshold)
    return dict(zip(grid["stakeholder"], grid["quadrant"], strict=True))


def _rows(table: Any) -> dict[str, dict[str, str]]:
    return {
        str(t): {str(p): str(c) for p, c in row.items()} for t, row in table.items()
    }


def _fixed(draft: Any, fixes: dict[tuple[str, str], str]) -> dict[str, dict[str, str]]:
    table = draft.copy()
    for (task, person), cell in fixes.items():
        table.loc[task, person] = cell
    return _rows(table.to_dict(orient="index"))


def _flagged(draft: Any) -> set[str]:
    problems = stakeholders.validate_raci(draft)
    return {t for t in draft.index for p in problems if f"task {t!r}" in p}


def raci_rule(got: Any, v: Any) -> str:
    """Judge a corrected RACI (rows of a dict): every rule kept, good rows untouched."""
    draft = v["draft"]
    if not isinstance(got, dict) or not all(isinstance(r, dict) for r in got.values()):
        return "expected a table (DataFrame) like draft_raci"
    table = pd.DataFrame.from_dict(got, orient="index")
    if list(table.index) != list(draft.index) or list(table.columns) != list(
        draft.columns
    ):
        return "keep the draft's tasks as rows and its people as columns, in order"
    if stakeholders.validate_raci(table.fillna("")):
        return "it still breaks a RACI rule; run stakeholders.validate_raci on it"
    for task in draft.index.difference(sorted(_flagged(draft))):
        for person in draft.columns:
            before = stakeholders.parse_raci_cell(draft.loc[task, person])
            if stakeholders.parse_raci_cell(table.loc[task, person]) != before:
                return f"{GOOD_ROW_CHANGED} (row {task!r})"
    return ""


def _good_row_changed(v: Any) -> dict[str, dict[str, str]]:
    good = sorted(set(v["draft"].index) - _flagged(v["draft"]))[0]
    rows = _fixed(v["draft"], RACI_FIXES)
    person = next(p for p, c in rows[good].items() if c in ("C", "I"))
    rows[good][person] = "I" if rows[good][person] == "C" else "C"
    return rows


SPEC = Spec(
    "ps07_stakeholders",
    given=given,
    parts=[
        Part(
            "check_channels",
            "Part 1",
            [
                Answer(
                    "channels_now",
                    "count",
                    lambda v: stakeholders.communication_channels(TEAM),
                    [
                        Mistake(
                            "not halved",
                            lambda v: TEAM * (TEAM - 1),
                            "this is n(n - 1); each channel joins two people, so "
                            "divide by 2",
                        ),
                        Mistake(
                            "after the trainers",
                            lambda v: stakeholders.communication_channels(
                                WITH_TRAINERS
                            ),
                            "this counts the 13 people; the question asks for the "
                            "9 of today",
                        ),
                    ],
                ),
                Answer(
                    "channels_new",
                    "count",
                    lambda v: stakeholders.channels_added(TEAM, WITH_TRAINERS),
                    [
                        Mistake(
                            "the total",
                            lambda v: stakeholders.communication_channels(
                                WITH_TRAINERS
                            ),
                            "this is all the channels of the 13 people; give only "
                            "the increase",
                        ),
                        Mistake(
                            "trainers only",
                            lambda v: stakeholders.communication_channels(
                                WITH_TRAINERS - TEAM
                            ),
                            "this counts only the channels among the trainers; "
                            "each trainer also talks to the 9",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_quadrants",
            "Part 2",
            [
                Answer(
                    "quadrants",
                    "label",
                    lambda v: _quadrants(v["register"]),
                    [
                        Mistake(
                            "6 counted as low",
                            lambda v: _quadrants(v["register"], threshold=6.5),
                            "a rating of exactly 6 counts as high",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_engagement",
            "Part 3",
            [
                Answer(
                    "needs_action",
                    "id set",
                    lambda v: (
                        v["engagement"]
                        .loc[v["engagement"]["action_needed"], "stakeholder"]
                        .tolist()
                    ),
                    [
                        Mistake(
                            "below only",
                            lambda v: (
                                v["engagement"]
                                .loc[v["engagement"]["gap"] > 0, "stakeholder"]
                                .tolist()
                            ),
                            "this leaves out anyone engaged more than the project "
                            "needs (a negative gap): they need action too",
                        )
                    ],
                ),
                Answer(
                    "largest_gap",
                    "label",
                    lambda v: str(
                        v["engagement"].loc[
                            v["engagement"]["gap"].idxmax(), "stakeholder"
                        ]
                    ),
                ),
            ],
        ),
        Part(
            "check_raci_count",
            "Part 4",
            [
                Answer(
                    "raci_problem_count",
                    "count",
                    lambda v: len(stakeholders.validate_raci(v["draft"])),
                )
            ],
        ),
        Part(
            "check_raci_fixed",
            "Part 5",
            [
                Answer(
                    "fixed_raci",
                    "table",
                    lambda v: _fixed(v["draft"], RACI_FIXES),
                    [Mistake("good row changed", _good_row_changed, GOOD_ROW_CHANGED)],
                    rule=raci_rule,
                )
            ],
        ),
        Part(
            "check_styles",
            "Part 6",
            [
                Answer(
                    "styles",
                    "label",
                    lambda v: {
                        row.person: stakeholders.situational_style(
                            row.competence, row.commitment
                        )
                        for row in v["team"].itertuples()
                    },
                )
            ],
        ),
        Part(
            "check_conflict_modes",
            "Part 7",
            [
                Answer(
                    "conflict_modes",
                    "label",
                    lambda v: dict(CONFLICT_MODES),
                    [
                        Mistake(
                            "A as collaborating",
                            lambda v: {**CONFLICT_MODES, "A": "collaborating"},
                            "in response A each manager gives up half of what they "
                            "wanted: that is not a solution meeting both concerns",
                        ),
                        Mistake(
                            "C as accommodating",
                            lambda v: {**CONFLICT_MODES, "C": "accommodating"},
                            "in response C you do not give the ward manager what "
                            "they ask for: look again at what happens to the issue",
                        ),
                    ],
                    normalise=stakeholders.conflict_mode_name,
                )
            ],
        ),
        Part(
            "check_power_types",
            "Part 8",
            [
                Answer(
                    "power_types",
                    "label",
                    lambda v: dict(POWER_TYPES),
                    [
                        Mistake(
                            "B as informational",
                            lambda v: {**POWER_TYPES, "B": "informational"},
                            "in case B the managers follow Chloe for her ten years' "
                            "experience, not for information she controls",
                        )
                    ],
                    normalise=stakeholders.power_type_name,
                )
            ],
        ),
    ],
)
