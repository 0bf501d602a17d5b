"""Answer specification of ps08 (business analysis): instructor's side, never released.

The data files are read from this folder (the released copies are the same);
every key comes from ``pmcourse.analysis``. The hidden tests,
``pmcourse variant --answers`` and the practice key all read this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pmcourse import analysis
from pmcourse.variants.spec import Answer, Mistake, Part, Spec

HERE = Path(__file__).resolve().parent
#: The release capacity of part 5 (job-size points).
CAPACITY = 25
#: The DSDM advice of part 4: Must effort at most this share of the plan.
MUST_LIMIT = 0.6


def given(params: Any) -> dict[str, Any]:
    """Return the backlog, the tests and the survey as the students have them."""
    backlog = pd.read_csv(HERE / "backlog.csv")
    return {
        "backlog": backlog,
        "tests": pd.read_csv(HERE / "tests.csv", keep_default_na=False),
        "survey": pd.read_csv(HERE / "kano_survey.csv"),
        "wsjf": analysis.wsjf_table(backlog).set_index("id"),
        "moscow": analysis.moscow_check(backlog, must_limit=MUST_LIMIT),
    }


def _delay(v: Any, order: str) -> float:
    return float(analysis.rank_backlog(v["backlog"], order)["delay_cost"].sum())


def _ranked_ids(v: Any) -> list[str]:
    return [str(i) for i in analysis.rank_backlog(v["backlog"], "wsjf")["id"]]


def _release(v: Any) -> list[str]:
    ranked = analysis.rank_backlog(v["backlog"], "wsjf", capacity=CAPACITY)
    return [str(i) for i in ranked.loc[ranked["in_release"], "id"]]


def _trace(v: Any) -> Any:
    return analysis.trace(v["backlog"], v["tests"])


PAIRS = {
    "A": ("like", "dislike"),
    "B": ("neutral", "dislike"),
    "C": ("like", "neutral"),
}

SPEC = Spec(
    "ps08_business_analysis",
    given=given,
    parts=[
        Part(
            "check_kano_pairs",
            "Part 1",
            [
                Answer(
                    "pair_categories",
                    "label",
                    lambda v: {
                        c: analysis.kano_category(f, d) for c, (f, d) in PAIRS.items()
                    },
                )
            ],
        ),
        Part(
            "check_wsjf_scores",
            "Part 2",
            [
                Answer(
                    "wsjf_scores",
                    "ratio",
                    lambda v: v["wsjf"]["wsjf"].to_dict(),
                    [
                        Mistake(
                            "inverted",
                            lambda v: (1 / v["wsjf"]["wsjf"]).to_dict(),
                            "these are job size / cost of delay; WSJF divides "
                            "the cost of delay by the job size",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_wsjf_order",
            "Part 3",
            [
                Answer(
                    "wsjf_order",
                    "ids",
                    _ranked_ids,
                    [
                        Mistake(
                            "lowest first",
                            lambda v: _ranked_ids(v)[::-1],
                            "this is the order from the lowest WSJF score; the "
                            "highest score goes first",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_moscow",
            "Part 4",
            [
                Answer(
                    "must_share",
                    "ratio",
                    lambda v: v["moscow"].must_share,
                    [
                        Mistake(
                            "percentage",
                            lambda v: 100 * v["moscow"].must_share,
                            "this is a percentage; give a fraction between 0 and 1",
                        ),
                        Mistake(
                            "with Won't",
                            lambda v: float(
                                v["backlog"]
                                .loc[v["backlog"]["moscow"] == "Must", "job_size"]
                                .sum()
                                / v["backlog"]["job_size"].sum()
                            ),
                            "this counts the Won't items' effort too; the plan is "
                            "the Must, Should and Could items",
                        ),
                    ],
                ),
                Answer(
                    "too_many_musts",
                    "label",
                    lambda v: bool(v["must_share"] > MUST_LIMIT),
                ),
            ],
        ),
        Part("check_release", "Part 5", [Answer("release_1", "ids", _release)]),
        Part(
            "check_delay_saving",
            "Part 6",
            [
                Answer(
                    "delay_saving",
                    "points",
                    lambda v: _delay(v, "moscow") - _delay(v, "wsjf"),
                    [
                        Mistake(
                            "wrong sign",
                            lambda v: _delay(v, "wsjf") - _delay(v, "moscow"),
                            "this is WSJF order minus MoSCoW order; give the "
                            "saving as a positive number",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_kano_survey",
            "Part 7",
            [
                Answer(
                    "feature_categories",
                    "label",
                    lambda v: analysis.kano_classify(v["survey"])["category"].to_dict(),
                )
            ],
        ),
        Part(
            "check_trace",
            "Part 8",
            [
                Answer("untested", "id set", lambda v: list(_trace(v).untested)),
                Answer(
                    "orphan_tests", "id set", lambda v: list(_trace(v).orphan_tests)
                ),
            ],
        ),
    ],
)
