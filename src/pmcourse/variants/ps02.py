"""Per-student numbers for exercise ps02, budgeting a platform migration.

The story and the structure stay the same for everyone: Larkspur Insurance
migrates its claims platform to the cloud; the team has a record of 40 past
projects, an 11-package WBS with three-point costs, a register of four
threats and one opportunity, and two ways to migrate (A, lift and shift; B,
re-architect). What each student draws is the numbers: the past projects'
sizes and effort, the analogy, the platform's size and the hourly rate, the
three-point costs, the risks' probabilities and impacts, the management
reserve percentage, the discount rate and both options' cash flows.

The draw is anchored on the bottom-up total, so the analogous and the
parametric estimates land near it (as they would on a real project), and
:func:`check` rejects anything the questions do not allow: estimates out of
order, a contingency that is not positive, an exponent too close to 1 to
say which side it falls, or options whose NPVs nearly tie.

Examples
--------
>>> from pmcourse import variants
>>> v = variants.scenario("ps02_budgeting", student="ana")
>>> check(v.params), len(wbs(v)), list(options(v).index)
([], 17, ['A', 'B'])

Used in: exercise ps02.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pmcourse import cost, risk
from pmcourse.cost import finance
from pmcourse.risk.montecarlo import monte_carlo_cost
from pmcourse.variants import params_of

ASSIGNMENT = "ps02_budgeting"

#: The WBS: (code, name, most likely cost of the story's first version or
#: None for a summary row). The drawn costs scale these.
WBS_ELEMENTS: tuple[tuple[str, str, int | None], ...] = (
    ("1", "Claims platform migration", None),
    ("1.1", "Project management", None),
    ("1.1.1", "Planning, reporting and coordination", 22_000),
    ("1.2", "Assessment", None),
    ("1.2.1", "Inventory of services and data", 10_000),
    ("1.2.2", "Target architecture", 26_000),
    ("1.3", "Migration", None),
    ("1.3.1", "Data migration", 80_000),
    ("1.3.2", "Service re-platforming", 120_000),
    ("1.3.3", "Partner integrations", 40_000),
    ("1.4", "Testing", None),
    ("1.4.1", "Performance tests", 20_000),
    ("1.4.2", "User acceptance tests", 16_000),
    ("1.5", "Cut-over", None),
    ("1.5.1", "Cut-over rehearsals", 12_000),
    ("1.5.2", "Cut-over weekend", 10_000),
    ("1.5.3", "Decommission old servers", 8_000),
)
#: The level-2 codes whose rolled-up costs part 4 asks for.
BRANCHES = ("1.1", "1.2", "1.3", "1.4", "1.5")

#: The register: id -> (kind, description, probability range, impact range).
RISKS: dict[str, tuple[str, str, tuple[float, float], tuple[int, int]]] = {
    "R1": (
        "threat",
        "Because the claims database is larger than measured, the data "
        "migration may need a second full run, adding cost.",
        (0.25, 0.55),
        (20_000, 45_000),
    ),
    "R2": (
        "threat",
        "Because two partners are changing their APIs this year, the "
        "integrations may need rework.",
        (0.15, 0.40),
        (25_000, 60_000),
    ),
    "R3": (
        "threat",
        "Because one engineer knows the old batch jobs, her leaving would "
        "force a contractor to relearn them.",
        (0.05, 0.20),
        (35_000, 75_000),
    ),
    "R4": (
        "threat",
        "Because old and new platforms must run in parallel, cloud costs may "
        "exceed the plan if the parallel run is extended.",
        (0.35, 0.65),
        (8_000, 20_000),
    ),
    "O1": (
        "opportunity",
        "Because the cloud vendor funds migrations, we may receive migration "
        "credits that reduce our costs.",
        (0.15, 0.45),
        (10_000, 35_000),
    ),
}

#: The past projects' years and domains (fixed); sizes and effort are drawn.
_YEARS = (
    [2016] * 3 + [2017] + [2018] * 3 + [2019] * 8 + [2020] * 7 + [2021] * 5
    + [2022] * 2 + [2023] * 6 + [2024] * 5
)  # fmt: skip
_DOMAINS = (
    "data embedded data web data integration web data mobile integration "
    "integration web web web integration web embedded embedded integration "
    "mobile mobile data embedded embedded web integration web mobile mobile "
    "data integration web data mobile web mobile data web integration embedded"
).split()
#: How much more effort a function point costs in each domain.
_DOMAIN_FACTOR = {
    "web": 1.00,
    "mobile": 1.10,
    "data": 0.90,
    "integration": 1.15,
    "embedded": 1.30,
}

#: Option B's savings in years 1 and 2, as fractions of its steady savings.
_RAMP = ((0.25, 0.45), (0.6, 0.8))

#: What part 7 fixes for everyone: iterations, seed and confidence.
MC_ITERATIONS, MC_SEED, CONFIDENCE = 20_000, 7, 0.8


_params = params_of


def _round(value: float, step: float) -> int:
    return int(round(value / step) * step)


def draw(rng: np.random.Generator) -> dict[str, Any]:
    """Draw one student's numbers for ps02 (not yet checked).

    Parameters
    ----------
    rng : numpy.random.Generator
        The student's generator (see :func:`pmcourse.variants.variant`).

    Returns
    -------
    dict
        Plain, JSON-able parameters: ``past_cost``, ``past_services``,
        ``new_services``, ``adjustment``; ``history`` (columns ``size_fp``,
        ``estimated_hours``, ``actual_hours`` of the 40 past projects);
        ``size_fp`` and ``hourly_rate``; ``wbs`` (code -> [optimistic,
        most_likely, pessimistic]); ``risks`` (id -> [probability,
        impact]); ``management_percent``; ``discount_rate``; ``flows_a``
        and ``flows_b`` (years 0 to 5).

    Examples
    --------
    >>> p = draw(np.random.default_rng(1))
    >>> len(p["history"]["size_fp"]), len(p["wbs"]), len(p["flows_b"])
    (40, 11, 6)

    Used in: exercise ps02.
    """
    rng = np.random.default_rng(rng)
    # Bottom-up: the whole project scales, then each package on its own.
    scale = rng.uniform(0.8, 1.25)
    packages = {}
    for code, _name, base in WBS_ELEMENTS:
        if base is None:
            continue
        most_likely = _round(base * scale * rng.uniform(0.8, 1.25), 500)
        optimistic = _round(most_likely * rng.uniform(0.65, 0.9), 500)
        pessimistic = _round(most_likely * rng.uniform(1.25, 1.9), 500)
        packages[code] = [optimistic, most_likely, pessimistic]
    bottom_up = sum(v[1] for v in packages.values())

    # Past projects: effort = a * size ** b * domain factor * noise.
    if rng.random() < 0.7:
        exponent = rng.uniform(1.05, 1.2)  # diseconomies of scale, the usual case
    else:
        exponent = rng.uniform(0.88, 0.95)  # economies of scale
    multiplier = rng.uniform(3_000, 4_500) / 300**exponent
    size = np.clip(np.round(300 * np.exp(rng.normal(0.0, 0.6, 40))), 60, 1500)
    factor = np.array([_DOMAIN_FACTOR[d] for d in _DOMAINS])
    actual = multiplier * size**exponent * factor * np.exp(rng.normal(0, 0.22, 40))
    estimated = actual / np.exp(rng.normal(0.18, 0.15, 40))
    history = {
        "size_fp": [int(x) for x in size],
        "estimated_hours": [_round(x, 10) for x in estimated],
        "actual_hours": [_round(x, 10) for x in actual],
    }

    # Parametric: a size that puts the model's cost near the bottom-up total.
    model = cost.fit_parametric(history, "actual_hours", "size_fp", kind="power")
    hourly_rate = int(rng.choice(np.arange(60, 100, 5)))
    target = bottom_up * rng.uniform(0.9, 1.15) / hourly_rate / model.constant
    size_fp = _round(target ** (1 / model.coefficients["size_fp"]), 5)

    # Analogy: a past migration whose scaled cost lands near it too.
    past_services = int(rng.integers(4, 9))
    new_services = past_services + int(rng.integers(2, 7))
    adjustment = float(rng.choice([1.05, 1.10, 1.15, 1.20, 1.25]))
    ratio = new_services / past_services * adjustment
    past_cost = _round(bottom_up * rng.uniform(0.9, 1.15) / ratio, 5_000)

    risks = {}
    for rid, (_kind, _text, (p_lo, p_hi), (i_lo, i_hi)) in RISKS.items():
        probability = round(_round(rng.uniform(p_lo, p_hi) * 100, 5) / 100, 2)
        risks[rid] = [probability, _round(rng.uniform(i_lo, i_hi), 1_000)]

    # A: one investment and flat savings; B: more up front, savings that grow.
    invest_a = _round(rng.uniform(300_000, 460_000), 10_000)
    saving_a = _round(invest_a * rng.uniform(0.26, 0.34), 5_000)
    invest_b = invest_a + _round(rng.uniform(80_000, 200_000), 10_000)
    steady_b = _round(invest_b * rng.uniform(0.33, 0.41), 5_000)
    ramp = [
        _round(steady_b * rng.uniform(*r), 5_000) for r in [(0.25, 0.45), (0.6, 0.8)]
    ]
    return {
        "past_cost": past_cost,
        "past_services": past_services,
        "new_services": new_services,
        "adjustment": adjustment,
        "history": history,
        "size_fp": size_fp,
        "hourly_rate": hourly_rate,
        "wbs": packages,
        "risks": risks,
        "management_percent": round(float(rng.choice(np.arange(5, 11))) / 100, 2),
        "discount_rate": round(float(rng.choice(np.arange(6, 11))) / 100, 2),
        "flows_a": [-invest_a] + [saving_a] * 5,
        "flows_b": [-invest_b, *ramp, steady_b, steady_b, steady_b],
    }


def history(source: Any) -> pd.DataFrame:
    """Build the table of Larkspur's 40 past projects.

    Parameters
    ----------
    source : Variant or dict
        A ps02 variant or its parameters.

    Returns
    -------
    DataFrame
        Columns ``id, year, domain, size_fp, estimated_hours, actual_hours``
        (effort in person-hours).

    Examples
    --------
    >>> from pmcourse import variants
    >>> past = history(variants.scenario(ASSIGNMENT, student="ana"))
    >>> past.shape, list(past.columns[:3])
    ((40, 6), ['id', 'year', 'domain'])

    Used in: exercise ps02 (parts 2 and 3).
    """
    drawn = _params(source)["history"]
    table = pd.DataFrame(
        {"id": [f"P{i + 1:02d}" for i in range(40)], "year": _YEARS, "domain": _DOMAINS}
    )
    for column in ("size_fp", "estimated_hours", "actual_hours"):
        table[column] = np.asarray(drawn[column], dtype="int64")
    return table


def wbs(source: Any) -> pd.DataFrame:
    """Build the migration's WBS with its three-point cost estimates.

    Parameters
    ----------
    source : Variant or dict
        A ps02 variant or its parameters.

    Returns
    -------
    DataFrame
        Columns ``wbs, name, optimistic, most_likely, pessimistic``, in WBS
        order; summary rows have no costs (they are rolled up).

    Examples
    --------
    >>> from pmcourse import variants
    >>> table = wbs(variants.scenario(ASSIGNMENT, student="ana"))
    >>> table["wbs"].tolist()[:4], int(table["most_likely"].notna().sum())
    (['1', '1.1', '1.1.1', '1.2'], 11)

    Used in: exercise ps02 (parts 4 to 7).
    """
    packages = _params(source)["wbs"]
    rows = []
    for code, name, _base in WBS_ELEMENTS:
        o, m, p = packages.get(code, (None, None, None))
        rows.append(
            {"wbs": code, "name": name, "optimistic": o}
            | {"most_likely": m, "pessimistic": p}
        )
    table = pd.DataFrame(rows)
    for column in ("optimistic", "most_likely", "pessimistic"):
        table[column] = table[column].astype("float64")
    return table


def risks(source: Any) -> pd.DataFrame:
    """Build the migration's risk register.

    Parameters
    ----------
    source : Variant or dict
        A ps02 variant or its parameters.

    Returns
    -------
    DataFrame
        Columns ``id, kind, description, probability, impact`` (impact in
        dollars, a positive size: threats cost it, the opportunity saves it).

    Examples
    --------
    >>> from pmcourse import variants
    >>> register = risks(variants.scenario(ASSIGNMENT, student="ana"))
    >>> register["id"].tolist(), register["kind"].iloc[-1]
    (['R1', 'R2', 'R3', 'R4', 'O1'], 'opportunity')

    Used in: exercise ps02 (part 6).
    """
    drawn = _params(source)["risks"]
    return pd.DataFrame(
        [
            {
                "id": rid,
                "kind": kind,
                "description": text,
                "probability": float(drawn[rid][0]),
                "impact": int(drawn[rid][1]),
            }
            for rid, (kind, text, _p, _i) in RISKS.items()
        ]
    )


def options(source: Any) -> pd.DataFrame:
    """Build the cash flows of the two migration options, one row each.

    Parameters
    ----------
    source : Variant or dict
        A ps02 variant or its parameters.

    Returns
    -------
    DataFrame
        Index ``option`` (``"A"``, lift and shift; ``"B"``, re-architect);
        columns the years 0 to 5 (the investment at year 0 is negative).

    Examples
    --------
    >>> from pmcourse import variants
    >>> flows = options(variants.scenario(ASSIGNMENT, student="ana"))
    >>> flows.shape, bool(flows[0].lt(0).all()), type(flows.loc["A"].tolist()[0])
    ((2, 6), True, <class 'int'>)

    Used in: exercise ps02 (parts 8 and 9).
    """
    params = _params(source)
    table = pd.DataFrame(
        [params["flows_a"], params["flows_b"]],
        index=pd.Index(["A", "B"], name="option"),
        columns=pd.Index(range(6), name="year"),
    )
    return table.astype("int64")


#: Named constants of the setup cell: name -> (parameter, unit, meaning).
CONSTANTS: dict[str, tuple[str, str, str]] = {
    "PAST_COST": ("past_cost", "$", "actual cost of the document-platform migration"),
    "PAST_SERVICES": ("past_services", "services", "services it migrated"),
    "NEW_SERVICES": ("new_services", "services", "services of the claims platform"),
    "ADJUSTMENT": ("adjustment", "factor", "the team's allowance for older code"),
    "SIZE_FP": ("size_fp", "function points", "size of the claims platform"),
    "HOURLY_RATE": ("hourly_rate", "$ per hour", "Larkspur's blended rate"),
    "MANAGEMENT_PERCENT": (
        "management_percent",
        "fraction",
        "management reserve, share of the cost baseline",
    ),
    "DISCOUNT_RATE": ("discount_rate", "fraction per year", "Larkspur's rate"),
}


def constants(source: Any) -> dict[str, int | float]:
    """Return the named constants the questions use, as plain numbers.

    Parameters
    ----------
    source : Variant or dict
        A ps02 variant or its parameters.

    Returns
    -------
    dict of str to int or float
        ``PAST_COST``, ``PAST_SERVICES``, ``NEW_SERVICES``, ``ADJUSTMENT``,
        ``SIZE_FP``, ``HOURLY_RATE``, ``MANAGEMENT_PERCENT`` and
        ``DISCOUNT_RATE`` (see :data:`CONSTANTS`).

    Examples
    --------
    >>> from pmcourse import variants
    >>> k = constants(variants.scenario(ASSIGNMENT, student="ana"))
    >>> sorted(k)[:3], 0 < k["DISCOUNT_RATE"] < 1
    (['ADJUSTMENT', 'DISCOUNT_RATE', 'HOURLY_RATE'], True)

    Used in: exercise ps02 (the setup cell).
    """
    params = _params(source)
    return {name: params[key] for name, (key, _u, _m) in CONSTANTS.items()}


def constants_table(source: Any) -> pd.DataFrame:
    """Return the named constants as a table to show the student.

    Parameters
    ----------
    source : Variant or dict
        A ps02 variant or its parameters.

    Returns
    -------
    DataFrame
        Index the constant's name; columns ``value``, ``unit``, ``meaning``.

    Examples
    --------
    >>> from pmcourse import variants
    >>> table = constants_table(variants.scenario(ASSIGNMENT, student="ana"))
    >>> list(table.columns), table.index[0]
    (['value', 'unit', 'meaning'], 'PAST_COST')

    Used in: exercise ps02 (the setup cell).
    """
    values = constants(source)
    table = pd.DataFrame(
        {
            "value": pd.Series([values[n] for n in CONSTANTS], dtype=object),
            "unit": [unit for _key, unit, _m in CONSTANTS.values()],
            "meaning": [meaning for _key, _u, meaning in CONSTANTS.values()],
        }
    )
    table.index = pd.Index(list(CONSTANTS), name="name")
    return table


def _structure(params: Mapping[str, Any]) -> list[str]:
    """Return problems with the parameters' form and ranges."""
    problems = []
    for key in ("past_cost", "past_services", "size_fp", "hourly_rate"):
        if not params.get(key, 0) > 0:
            problems.append(f"{key} must be positive, got {params.get(key)!r}")
    if not params.get("new_services", 0) > params.get("past_services", 0):
        problems.append("new_services must exceed past_services (a larger platform)")
    if not 1 < params.get("adjustment", 0) < 1.5:
        problems.append("adjustment must be between 1 and 1.5 (older, harder code)")
    for key, low, high in [("management_percent", 0, 0.2), ("discount_rate", 0, 0.2)]:
        if not low < params.get(key, -1) < high:
            problems.append(f"{key} must be a fraction in ({low}, {high})")
    drawn = params.get("history", {})
    for column in ("size_fp", "estimated_hours", "actual_hours"):
        values = drawn.get(column, [])
        if len(values) != 40 or min(values, default=0) <= 0:
            problems.append(f"history {column}: expected 40 positive values")
    packages = params.get("wbs", {})
    wanted = [code for code, _n, base in WBS_ELEMENTS if base is not None]
    if sorted(packages) != sorted(wanted):
        problems.append(f"wbs: expected the work packages {wanted}")
    for code, values in packages.items():
        o, m, p = values
        if not 0 < o < m < p:
            problems.append(
                f"wbs {code}: expected 0 < optimistic < most_likely < pessimistic, "
                f"got {o}, {m}, {p}"
            )
    register = params.get("risks", {})
    if sorted(register) != sorted(RISKS):
        problems.append(f"risks: expected the ids {sorted(RISKS)}")
    for rid, (probability, impact) in register.items():
        if not 0 < probability < 1:
            problems.append(f"risk {rid}: probability {probability} not in (0, 1)")
        if not impact > 0:
            problems.append(f"risk {rid}: impact {impact} must be positive")
    for key in ("flows_a", "flows_b"):
        flows = params.get(key, [])
        if len(flows) != 6 or not flows[0] < 0 or min(flows[1:], default=0) <= 0:
            problems.append(
                f"{key}: expected an investment (negative) then 5 positive savings"
            )
    return problems


def check(params: Mapping[str, Any]) -> list[str]:
    """Return every problem with a draw, in words (empty: the draw is valid).

    Checks the form and ranges (positive costs and sizes, ``optimistic <
    most_likely < pessimistic``, probabilities strictly between 0 and 1,
    negative investments then positive savings), then what the questions
    assume: the fitted exponent clearly above or below 1 and a fit worth
    the name; analogous and parametric estimates near the bottom-up total;
    the PERT mean above the bottom-up total; a positive contingency from
    the register (threats outweigh the opportunity) of a sensible size; a
    positive P80 reserve; both options paying back within five years with
    positive NPV and an IRR in range; and NPVs that do not tie. (The
    measures may agree or disagree: A wins outright in about 40 % of the
    variants, B on NPV with a longer payback or a lower IRR in about 30 %.)

    Parameters
    ----------
    params : dict
        Parameters from :func:`draw`.

    Returns
    -------
    list of str

    Examples
    --------
    >>> p = draw(np.random.default_rng(1))
    >>> p["wbs"]["1.3.1"] = [90_000, 80_000, 130_000]
    >>> [s for s in check(p) if "1.3.1" in s]
    ['wbs 1.3.1: expected 0 < optimistic < most_likely < pessimistic, got 90000, 80000, 130000']

    Used in: exercise ps02.
    """  # noqa: E501
    try:
        problems = _structure(params)
    except (TypeError, ValueError, AttributeError) as error:
        return [f"malformed parameters: {error}"]
    if problems:
        return problems
    k = constants(params)
    packages = wbs(params).dropna(subset=["most_likely"])
    total = float(packages["most_likely"].sum())
    model = cost.fit_parametric(
        history(params), "actual_hours", "size_fp", kind="power"
    )
    exponent = float(model.coefficients["size_fp"])
    if abs(exponent - 1) < 0.03:
        problems.append(f"fitted b = {exponent:.3f} is too close to 1 to tell a side")
    if model.r_squared < 0.6:
        problems.append(f"the history fits poorly (R² {model.r_squared:.2f} < 0.6)")
    scaled = k["NEW_SERVICES"] / k["PAST_SERVICES"] * k["ADJUSTMENT"]
    estimates = {
        "analogous": k["PAST_COST"] * scaled,
        "parametric_cost": float(model.predict(k["SIZE_FP"])) * k["HOURLY_RATE"],
    }
    for name, value in estimates.items():
        if not 0.8 <= value / total <= 1.3:
            problems.append(f"{name} is not within 0.8-1.3 of the bottom-up total")
    if not float(cost.three_point_costs(packages)["mean"].sum()) > total:
        problems.append("the PERT mean must exceed the bottom-up total (skew)")
    emv = risk.register_emv(risks(params))["emv"]
    if not 0.02 * total <= float(cost.contingency_reserve(emv=emv)) <= 0.25 * total:
        problems.append(
            "contingency must be positive (threats outweigh the opportunity) and "
            "between 2 % and 25 % of the estimates"
        )
    rate, worth = k["DISCOUNT_RATE"], {}
    for name, cash in options(params).iterrows():
        flows = cash.tolist()
        worth[name] = float(finance.npv(rate, flows))
        payback = finance.payback_period(flows)
        if payback is None:
            return [f"option {name}: the investment is never paid back"]
        if not worth[name] > 0:
            problems.append(f"option {name}: NPV must be positive")
        if not rate < float(finance.irr(flows)) < 0.6:
            problems.append(f"option {name}: IRR out of range")
        if not 1 < payback < 5:
            problems.append(f"option {name}: payback not within 1-5 years")
    if abs(worth["A"] - worth["B"]) < 10_000:
        problems.append("the NPVs of A and B nearly tie (less than $10,000 apart)")
    if not problems:  # the simulation is slow: only for an otherwise valid draw
        totals = monte_carlo_cost(
            packages, MC_ITERATIONS, rng=MC_SEED, distribution="pert"
        )
        sizing = cost.size_reserves(totals, total, confidence=CONFIDENCE)
        if not sizing.contingency_reserve > 0.01 * total:
            problems.append("the P80 reserve must be above 1 % of the estimates")
    return problems


__all__ = [
    "ASSIGNMENT",
    "BRANCHES",
    "CONFIDENCE",
    "CONSTANTS",
    "MC_ITERATIONS",
    "MC_SEED",
    "RISKS",
    "WBS_ELEMENTS",
    "check",
    "constants",
    "constants_table",
    "draw",
    "history",
    "options",
    "risks",
    "wbs",
]
