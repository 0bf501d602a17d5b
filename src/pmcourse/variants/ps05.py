"""Per-student numbers for problem set 5, risk in an office move.

Every student leads the same move (the same eight activities and links, the
same eight risks, the same three ways to move the lab rigs) with numbers of
their own: the three-point estimates, the day the old lease ends, each risk's
probability and impact, the rig options' fees, chances and repair bill, the
help desk's ticket counts and the order in which the six risk responses are
listed. :func:`draw` draws them and :func:`check` throws away a draw that
would make a question ambiguous or its answer trivial.

The Monte Carlo answers are checked against one reference simulation,
:func:`reference_simulation`: ``MC_RUNS`` PERT runs with the fixed seed
``MC_SEED``, so the grader always gets the same figures; a student's own
simulation (any seed, at least 10,000 runs) agrees within sampling error.

Examples
--------
>>> from pmcourse import variants
>>> v = variants.scenario(ASSIGNMENT, salt="demo", student="ana")
>>> check(v.params), len(plan(v)), len(register(v))
([], 8, 8)

Used in: exercise ps05.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pmcourse import schedule
from pmcourse.risk.decision_tree import Chance, Decision, End, rollback
from pmcourse.risk.montecarlo import ScheduleSimulation, simulate_schedule
from pmcourse.risk.problem_solving import pareto
from pmcourse.variants import params_of

__all__ = [
    "ACTIONS",
    "ASSIGNMENT",
    "IMPACT_SCALE",
    "MC_RUNS",
    "MC_SEED",
    "PROBABILITY_SCALE",
    "check",
    "draw",
    "plan",
    "reference_simulation",
    "register",
    "response_actions",
    "rig_decision",
    "rig_options",
    "tickets",
]

ASSIGNMENT = "ps05_risk"
#: Seed and size of the reference simulation the hidden tests compare with.
MC_SEED = 2024
MC_RUNS = 50_000
#: Upper bounds of the ratings 1 to 5 used in part 3 (fixed for everyone).
PROBABILITY_SCALE = (0.1, 0.3, 0.5, 0.7, 1.0)
IMPACT_SCALE = (5_000, 10_000, 20_000, 40_000, 80_000)

# id, name, predecessors, allowed range of the most likely duration (days)
_ACTIVITIES = (
    ("A", "Sign the lease and agree the layout", "", (3, 5)),
    ("B", "Fit out the new office", "A", (11, 16)),
    ("C", "Install lab network and power", "A", (5, 14)),
    ("D", "Order and receive furniture", "A", (6, 16)),
    ("E", "Install furniture", "B, D", (2, 4)),
    ("F", "Move and recalibrate the lab rigs", "C", (4, 7)),
    ("G", "Move IT and test it", "B, C", (2, 4)),
    ("H", "Move staff and go live", "E, F, G", (1, 3)),
)

# the five paths through the network, start to finish
_PATHS = (
    ("A", "B", "E", "H"),
    ("A", "B", "G", "H"),
    ("A", "C", "F", "H"),
    ("A", "C", "G", "H"),
    ("A", "D", "E", "H"),
)

# id, kind, description, probability range, impact range (dollars, step 500);
# R2 takes its numbers from the rig decision (the general firm's chance of
# damage and the repair bill).
_RISKS = (
    ("R1", "threat", "Because the landlord's fit-out contractor is also building "
     "another floor, the fit-out may finish late, delaying the move.",
     (0.20, 0.50), (20_000, 40_000)),
    ("R2", "threat", "Because the lab's test rigs are sensitive, moving them may "
     "damage one, which would need a factory repair.", None, None),
    ("R3", "threat", "Because the network provider books installations weeks "
     "ahead, the lab network may not be ready in time.",
     (0.25, 0.55), (8_000, 18_000)),
    ("R4", "threat", "Because the chosen furniture is imported, its delivery may "
     "slip.", (0.15, 0.45), (5_000, 12_000)),
    ("R5", "threat", "Because staff were not consulted on the layout, some may "
     "resist the move, costing productivity.", (0.30, 0.60), (3_000, 9_000)),
    ("R6", "threat", "Because the old lease ends on a fixed date, overrunning it "
     "means paying a month of double rent.", (0.15, 0.40), (30_000, 50_000)),
    ("O1", "opportunity", "Because the landlord wants a long tenancy, he may "
     "contribute to the fit-out cost.", (0.25, 0.55), (10_000, 20_000)),
    ("O2", "opportunity", "Because the old furniture still has resale value, "
     "selling it could recover money.", (0.45, 0.75), (3_000, 8_000)),
)  # fmt: skip

#: The six actions of part 5 (a key, the action in words). Which strategy
#: each one is, the answer, is the instructor's: it lives in the answer
#: specification (``solutions/ps05_risk/answers.py``), not in the package.
ACTIONS: dict[str, str] = {
    "insurance": "Buy transit insurance for the lab rigs.",
    "crates": (
        "Pack the rigs in shock-proof crates and have a calibration engineer "
        "travel with them."
    ),
    "board": (
        "Only the board can negotiate a lease extension with the old landlord: "
        "you hand the double-rent risk to the board, which agrees to own it."
    ),
    "local_stock": (
        "Switch to a furniture range that is in stock in a local warehouse, so "
        "the import delay can no longer happen."
    ),
    "dealer": (
        "Let a second-hand dealer collect and sell the old furniture in exchange "
        "for half of the proceeds."
    ),
    "morale": (
        "Do nothing about possible staff resistance now, but keep $2,000 aside "
        "for a team event if morale drops."
    ),
}

# help-desk ticket causes and the range of each count
_TICKETS = (
    ("printer set-up", (10, 35)),
    ("network drive access", (18, 45)),
    ("desk phone", (3, 20)),
    ("badge access", (8, 30)),
    ("monitor cables", (2, 16)),
    ("other", (1, 6)),
)


_params = params_of


def _spread(rng: np.random.Generator, most_likely: int) -> list[int]:
    """Return a right-skewed (optimistic, most likely, pessimistic) in days."""
    down = int(rng.integers(0, max(1, most_likely // 3) + 1))
    down = min(down, most_likely - 1)
    up = int(rng.integers(down + 1, max(down + 2, (2 * most_likely) // 3 + 3)))
    return [most_likely - down, most_likely, most_likely + up]


def _draw_schedule(rng: np.random.Generator) -> dict[str, Any]:
    """Draw the estimates around a chosen shape, then the lease end."""
    m = {"A": int(rng.integers(3, 6)), "B": int(rng.integers(11, 17))}
    m["E"], m["G"] = (int(x) for x in rng.choice([2, 3, 4], 2, replace=False))
    m["H"], m["F"] = int(rng.integers(1, 4)), int(rng.integers(4, 8))
    # the lab network path ends a little before or after the fit-out path
    gap = int(rng.choice([-1, 1, 2]))
    m["C"] = m["B"] + max(m["E"], m["G"]) - max(m["F"], m["G"]) - gap
    # the furniture path has a day or two of float
    longest = m["A"] + max(m["B"] + max(m["E"], m["G"]), m["C"] + max(m["F"], m["G"]))
    m["D"] = longest - m["A"] - m["E"] - int(rng.integers(1, 3))
    estimates = {aid: _spread(rng, m[aid]) for aid, *_ in _ACTIVITIES}
    means = [
        {"id": aid, "duration": (o + 4 * ml + p) / 6, "predecessors": preds}
        for (aid, _, preds, _), (o, ml, p) in zip(
            _ACTIVITIES, estimates.values(), strict=True
        )
    ]
    lease_end = int(np.ceil(schedule.project_finish(means))) + int(rng.integers(-1, 2))
    return {"estimates": estimates, "lease_end": max(lease_end, longest + 1)}


def _draw_rigs(rng: np.random.Generator) -> dict[str, Any]:
    repair = int(rng.integers(30, 71)) * 1_000
    excess = int(rng.integers(8, 21)) * 1_000
    p_general = int(rng.integers(10, 31)) / 100
    p_specialist = int(rng.integers(2, 9)) / 100

    def branches(p: float, loss: int) -> list[list[float]]:
        return [[p, -loss], [round(1 - p, 2), 0]]

    return {
        "repair": repair,
        "excess": excess,
        "options": {
            "general": {"cost": 0, "branches": branches(p_general, repair)},
            "specialist": {
                "cost": int(rng.integers(6, 21)) * 500,
                "branches": branches(p_specialist, repair),
            },
            "insured": {
                "cost": int(rng.integers(12, 33)) * 250,
                "branches": branches(p_general, excess),
            },
        },
    }


def _draw_register(rng: np.random.Generator, rigs: Mapping[str, Any]) -> dict:
    reg: dict[str, dict[str, float]] = {}
    for rid, _, _, p_span, i_span in _RISKS:
        if rid == "R2":
            p_general = rigs["options"]["general"]["branches"][0][0]
            reg[rid] = {"probability": p_general, "impact": rigs["repair"]}
            continue
        assert p_span is not None and i_span is not None  # only R2 has none
        p = int(rng.integers(round(p_span[0] * 20), round(p_span[1] * 20) + 1)) / 20
        impact = int(rng.integers(i_span[0] // 500, i_span[1] // 500 + 1)) * 500
        reg[rid] = {"probability": p, "impact": impact}
    return reg


def _until(rng: np.random.Generator, make: Any, problems: Any, tries: int = 100):
    """Draw one part of the params until it has no problems (or tries run out)."""
    for _ in range(tries - 1):
        part = make(rng)
        if not problems(part):
            return part
    return make(rng)


def draw(rng: np.random.Generator) -> dict[str, Any]:
    """Draw one student's numbers for the office move.

    Each part (schedule, rig decision, register, tickets) is redrawn on its
    own until it passes its share of :func:`check`, so few whole draws are
    thrown away; the whole draw is still checked by :func:`check`.

    Parameters
    ----------
    rng : numpy.random.Generator
        The student's generator.

    Returns
    -------
    dict
        ``estimates`` (id -> [optimistic, most_likely, pessimistic]),
        ``lease_end`` (day), ``register`` (id -> probability and impact),
        ``rigs`` (repair bill, excess and the three options' costs and
        branches), ``actions`` (the keys of :data:`ACTIONS` in the order
        a to f) and ``tickets`` (cause -> count).

    Examples
    --------
    >>> params = draw(np.random.default_rng(1))
    >>> sorted(params)
    ['actions', 'estimates', 'lease_end', 'register', 'rigs', 'tickets']

    Used in: exercise ps05.
    """
    params = _until(rng, _draw_schedule, _plan_problems)
    params["rigs"] = rigs = _until(rng, _draw_rigs, _rig_problems)
    params["register"] = _until(
        rng, lambda r: _draw_register(r, rigs), _register_problems
    )
    params["actions"] = [str(k) for k in rng.permutation(list(ACTIONS))]
    params["tickets"] = _until(
        rng,
        lambda r: {c: int(r.integers(lo, hi + 1)) for c, (lo, hi) in _TICKETS},
        _ticket_problems,
    )
    return params


def plan(variant: Any) -> pd.DataFrame:
    """Return the move plan: activities, predecessors and three-point estimates.

    Parameters
    ----------
    variant : Variant or dict
        A variant of ps05 or its params.

    Returns
    -------
    DataFrame
        ``id``, ``name``, ``optimistic``, ``most_likely``, ``pessimistic``
        (working days) and ``predecessors`` (finish-to-start).

    Examples
    --------
    >>> params = draw(np.random.default_rng(1))
    >>> plan(params).columns.tolist()[2:5]
    ['optimistic', 'most_likely', 'pessimistic']

    Used in: exercise ps05.
    """
    estimates = _params(variant)["estimates"]
    rows = []
    for aid, name, preds, _ in _ACTIVITIES:
        o, m, p = estimates[aid]
        rows.append(
            {
                "id": aid,
                "name": name,
                "optimistic": int(o),
                "most_likely": int(m),
                "pessimistic": int(p),
                "predecessors": preds,
            }
        )
    return pd.DataFrame(rows)


def register(variant: Any) -> pd.DataFrame:
    """Return the risk register: six threats and two opportunities.

    Parameters
    ----------
    variant : Variant or dict
        A variant of ps05 or its params.

    Returns
    -------
    DataFrame
        ``id``, ``kind``, ``description``, ``probability`` and ``impact``
        (dollars, a positive size).

    Examples
    --------
    >>> params = draw(np.random.default_rng(1))
    >>> register(params)["kind"].value_counts().to_dict()
    {'threat': 6, 'opportunity': 2}

    Used in: exercise ps05.
    """
    reg = _params(variant)["register"]
    rows = [
        {
            "id": rid,
            "kind": kind,
            "description": text,
            "probability": float(reg[rid]["probability"]),
            "impact": int(reg[rid]["impact"]),
        }
        for rid, kind, text, _, _ in _RISKS
    ]
    return pd.DataFrame(rows)


def rig_options(variant: Any) -> pd.DataFrame:
    """Return the three ways to move the rigs: extra cost and chance of damage.

    What a damage costs is not in the table: the repair bill
    (``params["rigs"]["repair"]``) for the general and specialist firms, only
    the insurance excess (``params["rigs"]["excess"]``) when insured.

    Parameters
    ----------
    variant : Variant or dict
        A variant of ps05 or its params.

    Returns
    -------
    DataFrame
        Indexed by ``option``: ``extra_cost`` (dollars paid up front) and
        ``damage_probability``.

    Examples
    --------
    >>> params = draw(np.random.default_rng(1))
    >>> rig_options(params).index.tolist()
    ['general', 'specialist', 'insured']

    Used in: exercise ps05.
    """
    options = _params(variant)["rigs"]["options"]
    rows = {
        name: {
            "extra_cost": int(option["cost"]),
            "damage_probability": float(option["branches"][0][0]),
        }
        for name, option in options.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("option")


def rig_decision(variant: Any) -> Decision:
    """Return the rig decision as a tree (cost of each option, then chance).

    Parameters
    ----------
    variant : Variant or dict
        A variant of ps05 or its params.

    Returns
    -------
    Decision
        Labelled ``"rigs"``; roll it back with
        :func:`pmcourse.decision_tree.rollback`.

    Examples
    --------
    >>> params = draw(np.random.default_rng(1))
    >>> sorted(rig_decision(params).options)
    ['general', 'insured', 'specialist']

    Used in: exercise ps05.
    """
    options = _params(variant)["rigs"]["options"]
    return Decision(
        {
            name: (
                float(option["cost"]),
                Chance(
                    tuple((float(p), End(float(v))) for p, v in option["branches"]),
                    label=name,
                ),
            )
            for name, option in options.items()
        },
        label="rigs",
    )


def response_actions(variant: Any) -> dict[str, str]:
    """Return the actions of part 5 by letter, in this student's order.

    Parameters
    ----------
    variant : Variant or dict
        A variant of ps05 or its params.

    Returns
    -------
    dict
        ``"a"`` to ``"f"`` -> the action in words.

    Examples
    --------
    >>> sorted(response_actions(draw(np.random.default_rng(1))))
    ['a', 'b', 'c', 'd', 'e', 'f']

    Used in: exercise ps05.
    """
    keys = _params(variant)["actions"]
    return {letter: ACTIONS[key] for letter, key in zip("abcdef", keys, strict=True)}


def tickets(variant: Any) -> dict[str, int]:
    """Return the help desk's ticket counts by cause (part 9).

    Parameters
    ----------
    variant : Variant or dict
        A variant of ps05 or its params.

    Returns
    -------
    dict
        Cause -> number of tickets.

    Examples
    --------
    >>> len(tickets(draw(np.random.default_rng(1))))
    6

    Used in: exercise ps05.
    """
    return {str(k): int(v) for k, v in _params(variant)["tickets"].items()}


def reference_simulation(
    variant: Any, n: int = MC_RUNS, rng: np.random.Generator | int | None = MC_SEED
) -> ScheduleSimulation:
    """Simulate the move plan as the grader does (PERT, fixed seed).

    Parameters
    ----------
    variant : Variant or dict
        A variant of ps05 or its params.
    n : int
        Runs (default :data:`MC_RUNS`).
    rng : numpy.random.Generator, int or None
        Seed (default :data:`MC_SEED`, so the result is always the same).

    Returns
    -------
    ScheduleSimulation
        With criticality recorded.

    Examples
    --------
    >>> sim = reference_simulation(draw(np.random.default_rng(1)), n=2_000)
    >>> sim.finish.shape
    (2000,)

    Used in: exercise ps05.
    """
    key = None
    if isinstance(rng, int):
        # The hidden tests ask for the same simulation several times per
        # student: keep the last few (a seeded run is always the same).
        key = (json.dumps(_params(variant), sort_keys=True), n, rng)
        if key in _SIMULATIONS:
            return _SIMULATIONS[key]
    result = simulate_schedule(
        plan(variant), n, rng=rng, distribution="pert", criticality=True
    )
    if key is not None:
        while len(_SIMULATIONS) >= 8:
            _SIMULATIONS.pop(next(iter(_SIMULATIONS)))
        _SIMULATIONS[key] = result
    return result


_SIMULATIONS: dict[tuple, ScheduleSimulation] = {}


def _plan_problems(params: Mapping[str, Any]) -> list[str]:
    """Check the estimates and the lease end without simulating."""
    problems = []
    for aid, _, _, (low, high) in _ACTIVITIES:
        o, m, p = params["estimates"][aid]
        if not 0 < o <= m <= p or o == p:
            problems.append(
                f"activity {aid}: expected 0 < optimistic <= most_likely <= "
                f"pessimistic with some spread, got {o}, {m}, {p}"
            )
        elif not low <= m <= high:
            problems.append(f"activity {aid}: most likely {m} outside {low}-{high}")
    if problems:
        return problems
    table = plan(params)
    cpm = schedule.cpm(table.assign(duration=table["most_likely"]))
    critical = set(cpm.index[cpm["critical"]])
    if sum(set(path) <= critical for path in _PATHS) != 1:
        problems.append(f"no unique critical path on most likely durations {critical}")
    if not 1 <= cpm.loc["D", "total_float"] <= 3:
        problems.append(f"D's float is {cpm.loc['D', 'total_float']:g}, not 1 to 3")
    if not float(cpm["ef"].max()) < params["lease_end"]:
        problems.append("the plan's own finish is not inside the lease")
    return problems


def _simulation_problems(params: Mapping[str, Any]) -> list[str]:
    """Check that the Monte Carlo answers are neither trivial nor fragile."""
    problems = []
    table = plan(params)
    sim = reference_simulation(params, n=10_000)
    p_lease = sim.probability_by(params["lease_end"])
    crit_d = float(sim.criticality()["D"])
    means = schedule.pert_table(table)["mean"].to_numpy()
    pert_finish = schedule.project_finish(table.assign(duration=means))
    bias = float(sim.finish.mean()) - pert_finish
    if not 0.15 <= p_lease <= 0.9:
        problems.append(f"chance of the lease end {p_lease:.3f} not in 0.15-0.9")
    if not 0.06 <= crit_d <= 0.8:
        problems.append(f"D's criticality {crit_d:.3f} not in 0.06-0.8")
    if bias < 0.4:
        problems.append(f"merge bias {bias:.2f} days is too small to see")
    if float(sim.finish.std()) > 2.7:
        problems.append("the finish is too uncertain for the grading tolerances")
    return problems


def _rig_problems(rigs: Mapping[str, Any]) -> list[str]:
    """Check the rig decision: valid branches, one story, no near tie."""
    problems = []
    options = rigs["options"]
    if list(options) != ["general", "specialist", "insured"]:
        return [f"rig options {list(options)}: expected general, specialist, insured"]
    for name, option in options.items():
        probs = [p for p, _ in option["branches"]]
        if any(not 0 < p < 1 for p in probs) or abs(sum(probs) - 1) > 1e-9:
            problems.append(
                f"rig option {name}: branch probabilities {probs} must lie "
                "strictly between 0 and 1 and sum to 1"
            )
        if option["cost"] < 0 or any(v > 0 for _, v in option["branches"]):
            problems.append(f"rig option {name}: costs must be costs")
    if problems:
        return problems
    general, special, insured = (options[k]["branches"][0] for k in options)
    if not (
        general[1] == special[1] == -rigs["repair"]
        and insured == [general[0], -rigs["excess"]]
        and special[0] < general[0]
        and 0 < rigs["excess"] < rigs["repair"]
    ):
        problems.append(
            "rig options do not tell the story: the same repair bill for the "
            "general and specialist firms, a smaller chance with the specialist, "
            "the general firm's chance and the excess when insured"
        )
    values = sorted(
        rollback(rig_decision({"rigs": rigs})).option_values["rigs"].values()
    )
    best, second = values[-1], values[-2]
    if best - second < max(1_000, 0.1 * abs(best)):
        problems.append(f"rig decision is a near tie ({best:.0f} vs {second:.0f})")
    return problems


def _register_problems(reg: Mapping[str, Any]) -> list[str]:
    """Check the register: probabilities, impacts, net EMV, the high band."""
    problems = []
    for rid, risk in reg.items():
        if not 0 < risk["probability"] < 1:
            problems.append(
                f"risk {rid}: probability {risk['probability']} not in (0, 1)"
            )
        if not 0 < risk["impact"] <= IMPACT_SCALE[-1]:
            problems.append(f"risk {rid}: impact {risk['impact']} outside the scale")
    if problems:
        return problems
    # plain arithmetic here (fast, as check runs on every draw); the tests
    # compare it with pmcourse.risk.register_emv and score_register
    kinds = {rid: kind for rid, kind, *_ in _RISKS}
    net = sum(
        (1 if kinds[rid] == "opportunity" else -1) * r["probability"] * r["impact"]
        for rid, r in reg.items()
    )
    if net > -5_000:
        problems.append(f"the register's net EMV {net:.0f} is not a clear cost")
    high = sum(
        (bisect_left(PROBABILITY_SCALE, r["probability"]) + 1)
        * (bisect_left(IMPACT_SCALE, r["impact"]) + 1)
        / 25
        >= 0.3
        for r in reg.values()
    )
    if not 1 <= high <= 5:
        problems.append(f"{high} risks in the high band (expected 1 to 5)")
    return problems


def _ticket_problems(counts: Mapping[str, int]) -> list[str]:
    """Check the tickets: no tied counts, no cumulative share near 80 %."""
    problems = []
    values = list(counts.values())
    if any(v <= 0 for v in values):
        problems.append("every ticket count must be positive")
        return problems
    if len(set(values)) < len(values):
        problems.append("two ticket causes have the same count")
    table = pareto(counts)
    if np.any(np.abs(table["cumulative_share"].to_numpy() - 0.8) < 0.01):
        problems.append("a cumulative ticket share is too close to 80 %")
    return problems


def check(params: Mapping[str, Any]) -> list[str]:
    """List every problem with a draw (an empty list accepts it).

    Checks that durations are positive with optimistic <= most likely <=
    pessimistic and each most likely in its range; probabilities lie
    strictly between 0 and 1, impacts within the impact scale, and each
    chance node's branches sum to 1; the rig options and risk R2 tell one
    story; the rig decision is not a near tie (the best option leads by at
    least $1,000 and 10 %); the register is a net cost of at least $5,000
    with 1 to 5 risks in the high band; the actions are the six, once each;
    the tickets have no tied counts and no cumulative share within a point
    of 80 %; the most likely plan has one critical path, finishes inside the
    lease and leaves D 1 to 3 days of float; and a 10,000-run simulation
    gives a chance of the lease end from 0.15 to 0.9, D a criticality from
    0.06 to 0.8, a merge bias of at least 0.4 days and a finish spread
    (standard deviation at most 2.7 days) narrow enough for the grading
    tolerances.

    Parameters
    ----------
    params : dict
        As :func:`draw` returns.

    Returns
    -------
    list of str
        The problems, in words.

    Examples
    --------
    >>> params = draw(np.random.default_rng(3))
    >>> params["estimates"]["B"] = [5, 4, 9]
    >>> any("activity B" in p for p in check(params))
    True

    Used in: exercise ps05.
    """
    problems = _plan_problems(params)
    if not problems:
        problems += _simulation_problems(params)
    problems += _rig_problems(params["rigs"])
    problems += _register_problems(params["register"])
    if not problems:
        p_general = params["rigs"]["options"]["general"]["branches"][0][0]
        r2 = {"probability": p_general, "impact": params["rigs"]["repair"]}
        if dict(params["register"]["R2"]) != r2:
            problems.append("risk R2 must have the general firm's chance and bill")
    if sorted(params["actions"]) != sorted(ACTIONS):
        problems.append(f"actions must list each of {sorted(ACTIONS)} once")
    return problems + _ticket_problems(params["tickets"])
