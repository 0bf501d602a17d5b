"""Answer specification of ps03 (scheduling): instructor's side, never released.

The given values come from the student's variant through ``pmcourse`` (the
plan, its CPM dates, its critical path). The chance of launching by the
fair and the 90 % date are computed from the student's path mean and
standard deviation (``pmcourse.schedule``), so answers carried from rounded
earlier parts are accepted (see :mod:`pmcourse.variants.spec`). The hidden
tests, ``pmcourse variant --answers`` and the practice key all read this file.
"""

from __future__ import annotations

from typing import Any

from pmcourse import schedule
from pmcourse.variants import ps03
from pmcourse.variants.spec import Answer, Mistake, Part, Spec

#: The confidence of the date Dana asks for (part 7).
COMMIT_CONFIDENCE = 0.9


def given(params: Any) -> dict[str, Any]:
    """Return the plan, its CPM table, its critical path and the fair day."""
    plan = ps03.plan(params)
    result = schedule.cpm(plan)
    critical = schedule.critical_path(result)
    return {
        "plan": plan,
        "cpm": result,
        "path": plan.set_index("id").loc[critical].reset_index(),
        "critical_ids": critical,
        "fair_day": ps03.fair_day(params),
        "finish": float(result["ef"].max()),
    }


def _column(name: str) -> Any:
    return lambda v: {str(k): float(x) for k, x in v["cpm"][name].items()}


def _sigmas(v: Any) -> Any:
    path = v["path"]
    return (path["pessimistic"] - path["optimistic"]) / 6


SPEC = Spec(
    "ps03_scheduling",
    given=given,
    parts=[
        Part(
            "check_forward_pass",
            "Part 1",
            [Answer("es", "days", _column("es")), Answer("ef", "days", _column("ef"))],
        ),
        Part(
            "check_backward_pass",
            "Part 2",
            [Answer("ls", "days", _column("ls")), Answer("lf", "days", _column("lf"))],
        ),
        Part(
            "check_float",
            "Part 3",
            [
                Answer("total_float", "days", _column("total_float")),
                Answer(
                    "free_float",
                    "days",
                    _column("free_float"),
                    [
                        Mistake(
                            "total float",
                            _column("total_float"),
                            "these are the total floats; free float is the delay "
                            "that moves no successor's early date",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_critical_path",
            "Part 4",
            [
                Answer(
                    "critical",
                    "ids",
                    lambda v: list(v["critical_ids"]),
                    [
                        Mistake(
                            "reversed",
                            lambda v: list(reversed(v["critical_ids"])),
                            "these are the critical activities from last to "
                            "first; list them in the order they happen",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_pert",
            "Part 5",
            [
                Answer(
                    "path_mean",
                    "days",
                    lambda v: schedule.path_estimate(v["path"])[0],
                    [
                        Mistake(
                            "most likely",
                            lambda v: float(v["path"]["most_likely"].sum()),
                            "this is the sum of the most likely durations; the "
                            "PERT mean of each activity is (O + 4M + P) / 6",
                        )
                    ],
                ),
                Answer(
                    "path_std",
                    "days",
                    lambda v: schedule.path_estimate(v["path"])[1],
                    [
                        Mistake(
                            "variance",
                            lambda v: schedule.path_estimate(v["path"])[1] ** 2,
                            "this is the path's variance; its standard deviation "
                            "is the square root of the summed variances",
                        ),
                        Mistake(
                            "summed sigmas",
                            lambda v: float(_sigmas(v).sum()),
                            "this adds the standard deviations; along a path the "
                            "variances add, then take the square root",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_probability",
            "Part 6",
            [
                Answer(
                    "p_on_time",
                    "probability",
                    lambda v: schedule.probability_of_finishing_by(
                        v["fair_day"], v["path_mean"], v["path_std"]
                    ),
                    [
                        Mistake(
                            "complement",
                            lambda v: (
                                1
                                - schedule.probability_of_finishing_by(
                                    v["fair_day"], v["path_mean"], v["path_std"]
                                )
                            ),
                            "this is the chance of missing the fair; give the "
                            "chance of being ready by it",
                        ),
                        Mistake(
                            "percentage",
                            lambda v: (
                                100
                                * schedule.probability_of_finishing_by(
                                    v["fair_day"], v["path_mean"], v["path_std"]
                                )
                            ),
                            "this is a percentage; give a probability between 0 and 1",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_commit_day",
            "Part 7",
            [
                Answer(
                    "commit_day",
                    "days",
                    lambda v: schedule.deadline_for_probability(
                        COMMIT_CONFIDENCE, v["path_mean"], v["path_std"]
                    ),
                    [
                        Mistake(
                            "plan's finish",
                            lambda v: v["finish"],
                            "this is the plan's own finish; a date with 90 % "
                            "confidence lies later, by the path's spread",
                        ),
                        Mistake(
                            "mean",
                            lambda v: v["path_mean"],
                            "this is the path's mean, a 50 % date; 90 % "
                            "confidence needs a later day",
                        ),
                    ],
                ),
            ],
        ),
    ],
)
