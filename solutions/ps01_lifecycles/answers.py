"""Answer specification of ps01 (life cycles): instructor's side, never released.

ps01 has no per-student variants: the data files are read from this folder
(the released copies are the same) and the life-cycle and quality keys come
from ``pmcourse.lifecycle`` and ``pmcourse.quality``. The classification keys
(parts 1, 2, 6 and 9) are the instructor's judgement, written once here. The
hidden tests, ``pmcourse variant --answers`` and the answer key all read this
file; no practice key ships, since the key is the same for everyone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pmcourse import agile, cost
from pmcourse.variants.spec import Answer, Mistake, Part, Spec, mix_up

HERE = Path(__file__).resolve().parent
#: Part 5: the ratings the regulator's ruling changes for the app.
RULING = {"regulatory_constraints": 5, "cost_of_change": 5}
#: Part 8: the programme's cost and the share of each failure cost it removes.
PROGRAMME_COST = 40_000
CUTS = {"internal_failure": 0.40, "external_failure": 0.60}


def given(params: Any) -> dict[str, Any]:
    """Return the workstream ratings and the trial's quality ledger."""
    workstreams = pd.read_csv(HERE / "workstreams.csv").set_index("workstream")
    ledger = pd.read_csv(HERE / "quality_ledger.csv")
    return {
        "ratings": workstreams[[f.name for f in agile.FACTORS]],
        "ledger": ledger,
        "coq": cost.cost_of_quality(ledger),
    }


def _labels(text: str, items: str = "abcdef") -> dict[str, str]:
    return dict(zip(items, text.split(), strict=True))


KINDS = _labels("operations project program portfolio operations project")
RAID = _labels("risk constraint issue assumption risk issue")
COQ_KINDS = _labels(
    "prevention prevention appraisal appraisal internal_failure internal_failure "
    "external_failure external_failure",
    "abcdefgh",
)
CHOICES = {"q1": "B", "q2": "C", "q3": "B"}


def _assess(v: Any, name: str, **changes: int) -> Any:
    return agile.assess(v["ratings"].loc[name], **changes)


def _top_factor(v: Any) -> str:
    result = _assess(v, "Leak-detection analytics pilot")
    return str(
        result.contributions.loc[result.recommended, list(v["ratings"])].idxmax()
    )


def _coq_after(v: Any, cuts: dict[str, float], programme: float) -> float:
    ledger = v["ledger"]
    rows = [
        {"category": c, "cost": float(x) * (1 - cuts.get(c, 0.0))}
        for c, x in zip(ledger["category"], ledger["cost"], strict=True)
    ]
    rows.append({"category": "prevention", "cost": float(programme)})
    return float(cost.cost_of_quality(rows).total)


def _coq_total(name: str, other: str, parts: str) -> Answer:
    """Part 7's conformance or nonconformance, mistaken for the other one."""
    return Answer(
        name,
        "money",
        lambda v: getattr(v["coq"], name),
        [
            Mistake(
                other,
                lambda v: getattr(v["coq"], other),
                f"this is the cost of {other}; {name} is {parts}",
            )
        ],
    )


SPEC = Spec(
    "ps01_lifecycles",
    given=given,
    parts=[
        Part(
            "check_kinds",
            "Part 1",
            [
                Answer(
                    "kinds",
                    "label",
                    lambda v: KINDS,
                    [
                        mix_up(
                            KINDS,
                            "program",
                            "portfolio",
                            "program and portfolio are swapped: a program manages "
                            "related projects together for one benefit, a portfolio "
                            "is all the work funded, ranked against strategy",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_raid",
            "Part 2",
            [
                Answer(
                    "raid",
                    "label",
                    lambda v: RAID,
                    [
                        mix_up(
                            RAID,
                            "risk",
                            "issue",
                            "risks and issues are swapped: a risk may happen, an "
                            "issue already has",
                        ),
                        mix_up(
                            RAID,
                            "assumption",
                            "constraint",
                            "assumptions and constraints are swapped: a constraint "
                            "is a limit imposed on the project, an assumption is "
                            "believed true without proof",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_recommended",
            "Part 3",
            [
                Answer(
                    "recommended",
                    "label",
                    lambda v: {
                        str(n): _assess(v, n).recommended for n in v["ratings"].index
                    },
                )
            ],
        ),
        Part(
            "check_top_factor",
            "Part 4",
            [
                Answer(
                    "pilot_top_factor",
                    "label",
                    _top_factor,
                    [
                        Mistake(
                            "highest rating",
                            lambda v: str(
                                v["ratings"]
                                .loc["Leak-detection analytics pilot"]
                                .idxmax()
                            ),
                            "this is the factor rated highest; the question asks "
                            "which factor's contribution adds the most to the "
                            "recommended approach's fit",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_app_after",
            "Part 5",
            [
                Answer(
                    "app_after",
                    "label",
                    lambda v: _assess(v, "Customer usage app", **RULING).recommended,
                    [
                        Mistake(
                            "before the ruling",
                            lambda v: _assess(v, "Customer usage app").recommended,
                            "this is the app's approach before the regulator's "
                            "ruling; assess it with both changed ratings",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_coq_kind",
            "Part 6",
            [
                Answer(
                    "coq_kind",
                    "label",
                    lambda v: COQ_KINDS,
                    [
                        mix_up(
                            COQ_KINDS,
                            "internal_failure",
                            "external_failure",
                            "internal and external failure are swapped: internal "
                            "failures are found before the customer has the work, "
                            "external ones after",
                        ),
                        mix_up(
                            COQ_KINDS,
                            "prevention",
                            "appraisal",
                            "prevention and appraisal are swapped: prevention keeps "
                            "defects from being made, appraisal checks for them",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_coq_totals",
            "Part 7",
            [
                _coq_total(
                    "conformance", "nonconformance", "prevention plus appraisal"
                ),
                _coq_total(
                    "nonconformance", "conformance", "internal plus external failure"
                ),
                Answer(
                    "failure_share",
                    "ratio",
                    lambda v: (
                        v["nonconformance"] / (v["conformance"] + v["nonconformance"])
                    ),
                    [
                        Mistake(
                            "percentage",
                            lambda v: 100 * v["coq"].failure_share,
                            "this is a percentage; give a fraction between 0 and 1",
                        ),
                        Mistake(
                            "over conformance",
                            lambda v: v["coq"].nonconformance / v["coq"].conformance,
                            "this divides failure costs by conformance costs; the "
                            "share divides them by the total cost of quality",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_coq_after",
            "Part 8",
            [
                Answer(
                    "coq_after",
                    "money",
                    lambda v: _coq_after(v, CUTS, PROGRAMME_COST),
                    [
                        Mistake(
                            "cuts swapped",
                            lambda v: _coq_after(
                                v,
                                {
                                    "internal_failure": CUTS["external_failure"],
                                    "external_failure": CUTS["internal_failure"],
                                },
                                PROGRAMME_COST,
                            ),
                            "this cuts internal failure by 60 % and external by "
                            "40 %; the question has them the other way round",
                        ),
                        Mistake(
                            "no programme cost",
                            lambda v: _coq_after(v, CUTS, 0.0),
                            "this leaves out the programme's own $40,000; add it "
                            "to prevention",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_choices",
            "Part 9",
            [Answer("choices", "label", lambda v: CHOICES)],
        ),
    ],
)
