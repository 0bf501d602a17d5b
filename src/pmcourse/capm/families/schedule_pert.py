"""Item families on PERT estimates and crashing (domain 2, lesson 03).

Keys from :mod:`pmcourse.schedule` (``pert``, ``path_estimate``,
``probability_of_finishing_by``, ``cpm``, ``critical_path``) and
:func:`pmcourse.schedule.crash_cost_slope`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import days2, money, pct, person, pick, project
from pmcourse.capm.families.schedule import describe, random_network, unique_critical
from pmcourse.schedule import (
    crash_cost_slope,
    critical_path,
    path_estimate,
    pert,
    probability_of_finishing_by,
)

_LESSON = "03_scheduling"
#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=2, task="2.2", lesson=_LESSON)


@_family(
    "F-PERT-01",
    difficulty=1,
    scenario=True,
    kind="numeric",
    tolerance=0.05,
    unit="days",
)
def pert_mean(rng: np.random.Generator) -> Draft:
    """Ask for the PERT (beta) expected duration of one activity."""
    o = int(rng.integers(2, 11))
    m = o + int(rng.integers(1, 7))
    p = m + int(rng.integers(3, 16))
    mean, _ = pert(o, m, p)
    return Draft(
        stem=(
            f"For {project(rng)}, {person(rng)}'s team estimates the testing "
            f"activity at {o} days at best, {m} days most likely and {p} days at "
            "worst. Using the PERT (beta) formula, what is its expected duration "
            "in days, to one decimal?"
        ),
        key=mean,
        explanation=(
            f"E = (O + 4M + P) / 6 = ({o} + 4 x {m} + {p}) / 6 = {mean:.2f} days."
        ),
        params={"optimistic": o, "most_likely": m, "pessimistic": p},
    )


@_family("F-PERT-02", difficulty=3, scenario=False, fmt=days2)
def path_std(rng: np.random.Generator) -> Draft:
    """Ask for the standard deviation of a path of three PERT estimates."""
    rows: list[dict[str, Any]] = []
    for name in "PQR":
        o = int(rng.integers(2, 10))
        m = o + int(rng.integers(1, 6))
        p = m + int(rng.integers(2, 13))
        rows.append({"id": name, "optimistic": o, "most_likely": m, "pessimistic": p})
    _, std = path_estimate(rows)
    sigmas = [(r["pessimistic"] - r["optimistic"]) / 6 for r in rows]
    text = "; ".join(
        f"{r['id']}: {r['optimistic']}, {r['most_likely']}, {r['pessimistic']}"
        for r in rows
    )
    return Draft(
        stem=(
            "A path has three activities in sequence with three-point estimates in "
            f"days (optimistic, most likely, pessimistic): {text}. Using PERT, what "
            "is the standard deviation of the path's duration?"
        ),
        key=std,
        explanation=(
            "Each sigma is (P - O) / 6: "
            + ", ".join(f"{s:.2f}" for s in sigmas)
            + f". Variances add, so the path sigma is sqrt(sum of squares) = "
            f"{std:.2f} days."
        ),
        wrong=[
            (sum(sigmas), "Standard deviations do not add; their variances do."),
            (std**2, "This is the path's variance, not its standard deviation."),
            (max(sigmas), "The path's spread comes from all three activities."),
        ],
        params={"tasks": rows},
    )


_PAIRS = ((3, 4), (6, 8), (5, 12), (4, 3), (8, 6), (12, 5))


@_family("F-PERT-03", difficulty=3, scenario=True, fmt=pct)
def deadline_probability(rng: np.random.Generator) -> Draft:
    """Ask for the chance of meeting a date, from a path's PERT mean and sigma."""
    rows = []
    for name, sigma in zip("XY", pick(rng, _PAIRS), strict=True):
        o = int(rng.integers(5, 21))
        p = o + 6 * sigma
        ms = [m for m in range(o + 1, p) if (o + 4 * m + p) % 6 == 0]
        m = int(pick(rng, ms[: max(1, len(ms) // 2)]))
        rows.append({"id": name, "optimistic": o, "most_likely": m, "pessimistic": p})
    mean, std = path_estimate(rows)
    k = int(pick(rng, (-1, 1, 2)))
    deadline = mean + k * std
    key = probability_of_finishing_by(deadline, mean, std)
    s_sum = sum((r["pessimistic"] - r["optimistic"]) / 6 for r in rows)
    band = probability_of_finishing_by(
        mean + abs(k) * std, mean, std
    ) - probability_of_finishing_by(mean - abs(k) * std, mean, std)
    text = " and ".join(
        f"{r['id']} ({r['optimistic']}, {r['most_likely']}, {r['pessimistic']})"
        for r in rows
    )
    return Draft(
        stem=(
            f"The critical path of {project(rng)} has two activities with "
            f"three-point estimates in days (optimistic, most likely, pessimistic): "
            f"{text}. Treating the path's duration as normal, what is the chance "
            f"of finishing within {deadline:g} days?"
        ),
        key=key,
        explanation=(
            f"Path mean = {mean:g} days; path sigma = sqrt of the summed variances "
            f"= {std:g} days. {deadline:g} days is {k:+d} sigma from the mean, and "
            f"P(Z <= {k}) = {pct(key)}."
        ),
        wrong=[
            (
                probability_of_finishing_by(deadline, mean, s_sum),
                "This adds the sigmas; add variances, then take the root.",
            ),
            (band, f"This is the chance of landing within +/-{abs(k)} sigma."),
            (0.5, "Only the mean date has a 50% chance."),
            (1 - key, "This is the chance of finishing after the date."),
        ],
        params={"tasks": rows, "deadline": deadline},
    )


@_family("F-CRASH-01", difficulty=2, scenario=True, fmt=money)
def crash_slope(rng: np.random.Generator) -> Draft:
    """Ask for the crash cost slope of one activity."""
    d = int(rng.integers(6, 15))
    dc = d - int(rng.integers(2, 5))
    cost = int(rng.integers(10, 80)) * 1_000
    slope_drawn = int(rng.integers(2, 21)) * 250
    crash = cost + slope_drawn * (d - dc)
    key = crash_cost_slope(d, cost, dc, crash)
    return Draft(
        stem=(
            f"{person(rng)} wants to shorten {project(rng)}. One critical activity "
            f"takes {d} days at a cost of {money(cost)}; crashed, it would take "
            f"{dc} days and cost {money(crash)}. What is its crash cost per day?"
        ),
        key=key,
        explanation=(
            f"Cost slope = (crash cost - normal cost) / (normal - crash duration) "
            f"= {money(crash - cost)} / {d - dc} = {money(key)} per day saved."
        ),
        wrong=[
            (crash - cost, "This is the total extra cost, not the cost per day."),
            ((crash - cost) / dc, "Divide by the days saved, not the crash duration."),
            (crash / dc, "This is the crashed cost per day of work."),
            (crash / d - cost / d, "Divide the extra cost by the days saved."),
        ],
        params={
            "normal_duration": d,
            "normal_cost": cost,
            "crash_duration": dc,
            "crash_cost": crash,
        },
    )


@_family("F-CRASH-02", difficulty=3, scenario=True, fmt=str)
def crash_first(rng: np.random.Generator) -> Draft:
    """Ask which activity to crash first."""
    tasks = random_network(rng, 6, 7)
    _, table = unique_critical(tasks)
    data = {}
    for t in tasks:
        saved = int(rng.integers(1, min(3, t["duration"] - 1) + 1))
        cost = int(rng.integers(5, 40)) * 1_000
        slope = int(rng.integers(2, 17)) * 250
        data[t["id"]] = {
            "normal_duration": t["duration"],
            "normal_cost": cost,
            "crash_duration": t["duration"] - saved,
            "crash_cost": cost + slope * saved,
        }
    slopes = {k: crash_cost_slope(**v) for k, v in data.items()}
    crit = critical_path(table)
    loose = [t for t in table.index if not table.loc[t, "critical"]]
    best = min(crit, key=slopes.__getitem__)
    if [slopes[t] for t in crit].count(slopes[best]) > 1:
        raise Redraw
    cheaper = [t for t in loose if slopes[t] < slopes[best]]
    if not cheaper:
        raise Redraw
    trap = min(cheaper, key=slopes.__getitem__)
    lines = "; ".join(
        f"{k}: {v['normal_duration']} days for {money(v['normal_cost'])}, crash "
        f"to {v['crash_duration']} days for {money(v['crash_cost'])}"
        for k, v in data.items()
    )
    others = sorted((t for t in crit if t != best), key=slopes.__getitem__)
    wrong = [
        (
            f"Activity {trap}",
            f"{trap} has the lowest slope ({money(slopes[trap])}/day) but has "
            "float: crashing it does not shorten the project.",
        )
    ]
    wrong += [
        (
            f"Activity {t}",
            f"{t} is critical but costs {money(slopes[t])} per day saved, more "
            f"than {best}.",
        )
        for t in others
    ]
    wrong += [
        (f"Activity {t}", f"{t} is not on the critical path.")
        for t in loose
        if t != trap
    ]
    return Draft(
        stem=(
            f"{person(rng)} must pull in the finish of {project(rng)} by one day. "
            f"Network: {describe(tasks)} Crash data: {lines}. Which activity "
            "should be crashed first?"
        ),
        key=f"Activity {best}",
        explanation=(
            f"The critical path is {'-'.join(crit)}. Among its activities, {best} "
            f"has the lowest cost slope, {money(slopes[best])} per day saved."
        ),
        wrong=wrong,
        params={"tasks": tasks, "crash": data},
    )
