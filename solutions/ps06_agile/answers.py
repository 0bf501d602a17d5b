"""Answer specification of ps06 (agile delivery): instructor's side, never released.

The data files are read from this folder (the released copies are the same);
every key comes from ``pmcourse.agile``. A key a person computes from an
earlier answer (the sprint-9 plan from the average velocity, the sprints left
and the forecast from the points left) is written over that answer, so work
carried forward from rounded earlier answers is accepted (see
:mod:`pmcourse.variants.spec`). The hidden tests and ``pmcourse variant
--answers`` read this one file; ps06 has no variants, so no practice key ships.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from pmcourse import agile
from pmcourse.formats import read_jira_csv
from pmcourse.variants.spec import Answer, Mistake, Part, Spec

HERE = Path(__file__).resolve().parent
#: The person-days of sprint 9 (part 2).
CAPACITY = 44
#: The forecast of part 4: runs and seed, as the question prescribes.
RUNS, SEED = 10_000, 2025
#: Ana's deadline in sprints (part 4) and the WIP limit of part 7.
DEADLINE, WIP = 3, 4
APPROACHES = {"A": "adaptive", "B": "predictive", "C": "hybrid"}


def given(params: Any) -> dict[str, Any]:
    """Return the sprints and the Jira export as the students have them."""
    sprints = pd.read_csv(HERE / "routing_sprints.csv")
    flow = read_jira_csv(str(HERE / "routing_issues.csv"))
    return {
        "sprints": sprints,
        "flow": flow,
        "finished": flow.items["cycle_time"].dropna(),
        "per_day": float(agile.throughput(flow.items).mean()),
    }


_RUNS: dict[tuple[float, tuple[float, ...]], Any] = {}


def _runs(v: Any) -> Any:
    # The forecast is the slow step: each (points left, history) is run once.
    history = tuple(float(x) for x in v["sprints"]["completed"])
    found = (float(v["remaining_points"]), history)
    if found not in _RUNS:
        _RUNS[found] = agile.forecast_sprints(
            found[0], v["sprints"]["completed"], n=RUNS, rng=SEED
        )
    return _RUNS[found]


def _percentile(values: Any, q: float) -> float:
    return float(agile.forecast_percentiles(values, [q]).iloc[0])


def _velocity_scaled(v: Any, usual: float) -> float:
    return float(
        agile.capacity_adjusted_velocity(
            v["mean_velocity"], capacity=CAPACITY, usual_capacity=usual
        )
    )


def _label(text: Any) -> Any:
    return text.strip().lower()


SPEC = Spec(
    "ps06_agile",
    given=given,
    parts=[
        Part(
            "check_mean_velocity",
            "Part 1",
            [
                Answer(
                    "mean_velocity",
                    "points",
                    lambda v: agile.velocity_stats(v["sprints"]["completed"]).mean,
                    [
                        Mistake(
                            "committed",
                            lambda v: float(v["sprints"]["committed"].mean()),
                            "this is the average of the committed points; velocity "
                            "counts the points completed",
                        ),
                        Mistake(
                            "median",
                            lambda v: float(v["sprints"]["completed"].median()),
                            "this is the median; the question asks for the average",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_next_sprint",
            "Part 2",
            [
                Answer(
                    "next_sprint_points",
                    "points",
                    lambda v: _velocity_scaled(
                        v, float(v["sprints"]["available_days"].mean())
                    ),
                    [
                        Mistake(
                            "last sprint's capacity",
                            lambda v: _velocity_scaled(
                                v, float(v["sprints"]["available_days"].iloc[-1])
                            ),
                            "this scales by sprint 8's person-days; use the "
                            "average over the eight sprints as the usual capacity",
                        ),
                        Mistake(
                            "all sprints' days",
                            lambda v: _velocity_scaled(
                                v, float(v["sprints"]["available_days"].sum())
                            ),
                            "this divides by the person-days of all eight sprints "
                            "together; use the average per sprint",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_sprints_needed",
            "Part 3",
            [
                Answer(
                    "remaining_points",
                    "points",
                    lambda v: float(
                        v["sprints"]["scope"].iloc[-1] - v["sprints"]["completed"].sum()
                    ),
                    [
                        Mistake(
                            "planned scope",
                            lambda v: float(
                                v["sprints"]["scope"].iloc[0]
                                - v["sprints"]["completed"].sum()
                            ),
                            "this starts from the scope as first planned; the scope "
                            "grew, so start from the latest scope",
                        )
                    ],
                ),
                Answer(
                    "sprints_needed",
                    "count",
                    lambda v: agile.sprints_remaining(
                        v["remaining_points"], v["mean_velocity"]
                    ),
                    [
                        Mistake(
                            "rounded down",
                            lambda v: math.floor(
                                v["remaining_points"] / v["mean_velocity"]
                            ),
                            "this rounds down; a part-used sprint counts as a whole "
                            "sprint",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_forecast",
            "Part 4",
            [
                Answer(
                    "p85_sprints",
                    "count",
                    lambda v: int(_percentile(_runs(v), 85)),
                    [
                        Mistake(
                            "median run",
                            lambda v: int(_percentile(_runs(v), 50)),
                            "this is the median run (half the runs finish within "
                            "it); P85 is what 85 % of the runs finish within",
                        )
                    ],
                ),
                Answer(
                    "p_three_sprints",
                    "probability",
                    lambda v: agile.probability_within(_runs(v), DEADLINE),
                    [
                        Mistake(
                            "more than three",
                            lambda v: 1 - agile.probability_within(_runs(v), DEADLINE),
                            "this is the share of runs that need more than 3 "
                            "sprints; give the share that finish within 3",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_burndown",
            "Part 5",
            [
                Answer(
                    "remaining_by_sprint",
                    "points",
                    lambda v: (
                        agile.burndown(
                            v["sprints"]["scope"], v["sprints"]["completed"]
                        )["remaining"]
                        .iloc[1:]
                        .astype(float)
                        .tolist()
                    ),
                    [
                        Mistake(
                            "first scope throughout",
                            lambda v: (
                                float(v["sprints"]["scope"].iloc[0])
                                - v["sprints"]["completed"].cumsum().astype(float)
                            ).tolist(),
                            "this keeps the first scope for every sprint; each "
                            "sprint's remaining work starts from the scope known at "
                            "its end",
                        )
                    ],
                )
            ],
        ),
        Part(
            "check_cycle_times",
            "Part 6",
            [
                Answer(
                    "skipped_issues",
                    "id set",
                    lambda v: [str(k) for k in v["flow"].skipped["item"]],
                ),
                Answer(
                    "median_cycle_time",
                    "days",
                    lambda v: float(v["finished"].median()),
                    [
                        Mistake(
                            "mean",
                            lambda v: float(v["finished"].mean()),
                            "this is the mean cycle time; give the median",
                        ),
                        Mistake(
                            "one end only",
                            lambda v: float(v["finished"].median()) - 1,
                            "this counts the days between start and finish; the "
                            "course counts both the start and the finish day",
                        ),
                    ],
                ),
                Answer(
                    "p85_cycle_time",
                    "days",
                    lambda v: _percentile(v["finished"], 85),
                ),
            ],
        ),
        Part(
            "check_littles_law",
            "Part 7",
            [
                Answer(
                    "predicted_cycle_time",
                    "days",
                    lambda v: agile.littles_law(wip=WIP, throughput=v["per_day"]),
                    [
                        Mistake(
                            "inverted",
                            lambda v: v["per_day"] / WIP,
                            "this is throughput / WIP; Little's law gives cycle "
                            "time = WIP / throughput",
                        ),
                        Mistake(
                            "weeks",
                            lambda v: agile.littles_law(
                                wip=WIP, throughput=v["flow"].throughput_weekly.mean()
                            ),
                            "this is in weeks (throughput per week); give the cycle "
                            "time in days",
                        ),
                    ],
                )
            ],
        ),
        Part(
            "check_approaches",
            "Part 8",
            [
                Answer(
                    "approaches",
                    "label",
                    lambda v: dict(APPROACHES),
                    [
                        Mistake(
                            "C adaptive",
                            lambda v: {**APPROACHES, "C": "adaptive"},
                            "project C also has hardware ordered six months ahead "
                            "and a type approval at the end: weigh both of its parts",
                        ),
                        Mistake(
                            "C predictive",
                            lambda v: {**APPROACHES, "C": "predictive"},
                            "project C's companion app will change as drivers try "
                            "it: weigh both of its parts",
                        ),
                    ],
                    normalise=_label,
                )
            ],
        ),
    ],
)
