"""Item families on agile delivery: velocity, burndown, flow (domain 3).

Keys from :mod:`pmcourse.agile` (``sprints_remaining``, ``velocity_stats``,
``burndown``, ``littles_law``, ``cycle_times``, ``lead_times``).
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np

from pmcourse.agile import (
    burndown,
    cycle_times,
    lead_times,
    littles_law,
    sprints_remaining,
    velocity_stats,
)
from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import count, days1, person, team

_LESSON = "06_agile_vs_waterfall"
#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=3, lesson=_LESSON)
_SPRINTS = count("sprints")
_POINTS = count("points")


@_family("F-AGL-01", task="3.2", difficulty=1, scenario=True, fmt=_SPRINTS)
def sprints_left(rng: np.random.Generator) -> Draft:
    """Ask for the sprints needed for the remaining backlog at a steady velocity."""
    scope = int(rng.integers(20, 100)) * 5
    done = int(round(scope * rng.uniform(0.2, 0.8)))
    v = int(rng.integers(15, 46))
    left = scope - done
    if left % v == 0:
        raise Redraw
    key = sprints_remaining(left, v)
    return Draft(
        stem=(
            f"{person(rng)} coaches {team(rng)}. The release holds {scope} story "
            f"points, {done} are done, and the team's velocity is a steady {v} "
            "points per sprint. How many more sprints will the release take?"
        ),
        key=key,
        explanation=(
            f"Remaining = {scope} - {done} = {left} points; {left} / {v} = "
            f"{left / v:.2f}, and a part-used sprint is still a sprint: {key}."
        ),
        wrong=[
            (math.floor(left / v), "Rounding down leaves work undone."),
            (sprints_remaining(scope, v), "This plans the whole release again."),
            (sprints_remaining(done, v), "This counts the sprints already used."),
        ],
        params={"remaining_points": left, "velocity": v},
    )


@_family("F-AGL-02", task="3.2", difficulty=2, scenario=True, fmt=_SPRINTS)
def forecast_from_history(rng: np.random.Generator) -> Draft:
    """Ask for a forecast from the average of recent velocities."""
    history = [int(x) for x in rng.integers(15, 46, size=4)]
    left = int(rng.integers(16, 80)) * 5
    mean = velocity_stats(history).mean
    key = sprints_remaining(left, mean)
    return Draft(
        stem=(
            f"{team(rng).capitalize()} completed "
            + ", ".join(str(v) for v in history)
            + f" points in its last four sprints. {left} points remain in the "
            "backlog. Using the average velocity, how many sprints should "
            f"{person(rng)} forecast?"
        ),
        key=key,
        explanation=(
            f"Average velocity = {sum(history)} / 4 = {mean:g}; {left} / {mean:g} = "
            f"{left / mean:.2f}, rounded up to {key} sprints."
        ),
        wrong=[
            (sprints_remaining(left, history[-1]), "One sprint is a noisy sample."),
            (sprints_remaining(left, max(history)), "The best sprint is optimistic."),
            (math.floor(left / mean), "Rounding down leaves work undone."),
            (sprints_remaining(left, min(history)), "The worst sprint is pessimistic."),
        ],
        params={"remaining_points": left, "velocities": history},
    )


@_family("F-AGL-03", task="3.3", difficulty=2, scenario=True, fmt=days1)
def cycle_time_by_littles_law(rng: np.random.Generator) -> Draft:
    """Ask for the average cycle time by Little's law."""
    wip = int(rng.integers(6, 31))
    ready = int(rng.integers(3, 16))
    rate = float(rng.integers(2, 13)) / 2
    key = littles_law(wip=wip, throughput=rate)
    return Draft(
        stem=(
            f"{person(rng)}'s Kanban board shows {ready} items in Ready and {wip} "
            f"in progress (Develop and Test). Over recent weeks the team has "
            f"finished {rate:g} items per day and the board has been stable. What "
            "is the average cycle time from start to finish?"
        ),
        key=key,
        explanation=(
            f"Little's law: cycle time = WIP / throughput = {wip} / {rate:g} = "
            f"{key:.1f} days. Items in Ready have not started yet."
        ),
        wrong=[
            ((wip + ready) / rate, "Items waiting in Ready have not started."),
            (wip * rate, "Divide WIP by throughput; do not multiply."),
            (rate / wip, "This is throughput over WIP, upside down."),
        ],
        params={"wip": wip, "throughput": rate},
    )


@_family("F-AGL-04", task="3.5", difficulty=2, scenario=True, fmt=count("items"))
def wip_limit(rng: np.random.Generator) -> Draft:
    """Ask for the WIP that gives a target cycle time, by Little's law."""
    cycle = int(rng.integers(2, 11))
    rate = int(rng.integers(2, 7))
    key = littles_law(throughput=rate, cycle_time=cycle)
    return Draft(
        stem=(
            f"{team(rng).capitalize()} finishes about {rate} items a day. "
            f"{person(rng)} wants items to spend {cycle} days on average in "
            "progress. What average work in progress does that allow?"
        ),
        key=key,
        explanation=(
            f"Little's law: WIP = throughput x cycle time = {rate} x {cycle} = "
            f"{key:g} items."
        ),
        wrong=[
            (cycle / rate, "Multiply throughput by cycle time; do not divide."),
            (cycle + rate, "Little's law multiplies the two; it does not add."),
            (rate, "One day's throughput ignores how long items stay."),
        ],
        params={"throughput": rate, "cycle_time": cycle},
    )


@_family(
    "F-AGL-05",
    task="3.3",
    difficulty=2,
    scenario=False,
    kind="numeric",
    tolerance=0.05,
    unit="items per day",
)
def throughput_by_littles_law(rng: np.random.Generator) -> Draft:
    """Ask for the throughput by Little's law."""
    wip = int(rng.integers(6, 41))
    cycle = int(rng.integers(2, 11))
    key = littles_law(wip=wip, cycle_time=cycle)
    return Draft(
        stem=(
            f"A stable workflow holds {wip} items in progress on average, and each "
            f"item spends {cycle} days in progress. How many items a day does it "
            "finish, to one decimal?"
        ),
        key=key,
        explanation=(
            f"Throughput = WIP / cycle time = {wip} / {cycle} = {key:.2f} items a day."
        ),
        params={"wip": wip, "cycle_time": cycle},
    )


@_family("F-AGL-06", task="3.3", difficulty=2, scenario=True, fmt=_POINTS)
def burndown_with_scope_change(rng: np.random.Generator) -> Draft:
    """Ask for the remaining work on a burndown after scope is added."""
    start = int(rng.integers(16, 41)) * 5
    planned = int(rng.integers(6, 9))
    added = int(rng.integers(2, 9)) * 5
    completed = [int(x) for x in rng.integers(10, 31, size=4)]
    if sum(completed) >= start:
        raise Redraw
    scope = [start, start, start + added, start + added]
    table = burndown(scope, completed, planned_sprints=planned)
    key = float(table["remaining"].iloc[-1])
    done = sum(completed)
    return Draft(
        stem=(
            f"{person(rng)}'s release started with {start} points planned over "
            f"{planned} sprints. The team completed "
            + ", ".join(str(c) for c in completed)
            + f" points in sprints 1 to 4, and the product owner added {added} "
            "points after sprint 2. How many points remain after sprint 4?"
        ),
        key=key,
        explanation=(
            f"Remaining = scope - done = ({start} + {added}) - {done} = {key:g} points."
        ),
        wrong=[
            (start - done, "This ignores the points added after sprint 2."),
            (done, "This is the work done, not the work remaining."),
            (
                float(table["ideal"].iloc[-1]),
                "This is where the ideal line is, not where the team is.",
            ),
        ],
        params={"scope": scope, "completed": completed, "planned_sprints": planned},
    )


@_family("F-AGL-07", task="3.3", difficulty=2, scenario=False, fmt=_POINTS)
def behind_ideal(rng: np.random.Generator) -> Draft:
    """Ask for the gap between a burndown and its ideal line."""
    planned = int(rng.integers(5, 11))
    per = int(rng.integers(8, 26))
    scope = planned * per
    k = int(rng.integers(2, planned))
    completed = [int(x) for x in rng.integers(max(1, per - 10), per + 4, size=k)]
    if sum(completed) > scope:
        raise Redraw
    table = burndown(scope, completed, planned_sprints=planned)
    key = float(table["remaining"].iloc[-1] - table["ideal"].iloc[-1])
    if key <= 0:
        raise Redraw
    return Draft(
        stem=(
            f"A release of {scope} points is planned over {planned} sprints with a "
            f"straight ideal burndown line. After {k} sprints the team has "
            "completed "
            + ", ".join(str(c) for c in completed)
            + " points. How far above the ideal line is the burndown?"
        ),
        key=key,
        explanation=(
            f"Ideal remaining after {k} sprints = {scope} - {k} x {per} = "
            f"{table['ideal'].iloc[-1]:g}; actual = {scope} - {sum(completed)} = "
            f"{table['remaining'].iloc[-1]:g}; gap = {key:g} points."
        ),
        wrong=[
            (table["remaining"].iloc[-1], "This is the remaining work, not the gap."),
            (table["ideal"].iloc[-1], "This is the ideal line's value."),
            (key / k, "This is the average shortfall per sprint."),
        ],
        params={"scope": scope, "completed": completed, "planned_sprints": planned},
    )


@_family("F-AGL-08", task="3.5", difficulty=3, scenario=True, fmt=days1)
def cycle_versus_lead_time(rng: np.random.Generator) -> Draft:
    """Ask for the average cycle time from item dates, as opposed to lead time."""
    items: list[dict[str, Any]] = []
    for name in ("A", "B", "C", "D", "E"):
        created = int(rng.integers(0, 6))
        started = created + int(rng.integers(0, 7))
        finished = started + int(rng.integers(0, 9))
        items.append(
            {"id": name, "created": created, "started": started, "finished": finished}
        )
    key = float(cycle_times(items).mean())
    lead = float(lead_times(items).mean())
    wait = float(np.mean([i["started"] - i["created"] for i in items]))
    text = "; ".join(
        f"{i['id']} created day {i['created']}, started day {i['started']}, "
        f"finished day {i['finished']}"
        for i in items
    )
    return Draft(
        stem=(
            f"{person(rng)} reviews five finished items: {text}. Counting both the "
            "start and the finish day (an item started and finished on the same "
            "day took 1 day), what is the average cycle time?"
        ),
        key=key,
        explanation=(
            "Cycle time runs from start to finish: finished - started + 1 per "
            f"item, averaging {key:.1f} days."
        ),
        wrong=[
            (lead, "This is lead time, which counts from creation."),
            (key - 1, "Count both the start and the finish day."),
            (wait, "This is the time items waited before starting."),
        ],
        params={"items": items},
    )
