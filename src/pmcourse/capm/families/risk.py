"""Item families on risk: EMV, risk scores, decision trees (domain 1, lesson 05).

Keys from :mod:`pmcourse.risk` (``emv``, ``rollback``).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import count, money, person, project
from pmcourse.risk import Chance, Decision, End, emv, rollback

_CHANNELS = count("channels")

_THREATS = (
    "a key supplier delivers late",
    "the lead engineer leaves mid-project",
    "the building permit is delayed",
    "a vendor changes its API without notice",
    "test equipment is overbooked",
    "a storm halts outdoor work",
    "the data migration corrupts records",
    "the security audit fails",
)
_OPPORTUNITIES = (
    "a bulk discount on hardware",
    "an early release of a shared test lab",
    "a government grant for energy savings",
    "reuse of a component from another project",
)


#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=1, lesson="05_risk")


def _prob(rng: np.random.Generator, low: int = 2, high: int = 13) -> float:
    return round(float(rng.integers(low, high)) * 0.05, 2)


@_family("F-RSK-01", task="1.5", difficulty=1, scenario=True, fmt=money)
def emv_single(rng: np.random.Generator) -> Draft:
    """Ask for the expected monetary value of one threat."""
    p = _prob(rng)
    impact = int(rng.integers(5, 200)) * 1_000
    key = emv([(p, -impact)])
    threat = _THREATS[int(rng.integers(len(_THREATS)))]
    return Draft(
        stem=(
            f"The risk register of {project(rng)} records a threat that {threat}, "
            f"with a probability of {p:.0%} and a cost impact of {money(impact)}. "
            "What is its expected monetary value?"
        ),
        key=key,
        explanation=(
            f"EMV = probability x impact = {p:.2f} x -{money(impact)} = "
            f"{money(key)}; threats carry a negative sign."
        ),
        wrong=[
            (-impact, "The full impact ignores the probability."),
            (p * impact, "A threat's EMV is negative; this gives it a gain's sign."),
            (-(1 - p) * impact, "This uses the chance the threat does not occur."),
        ],
        params={"outcomes": [[p, -impact]]},
    )


@_family("F-RSK-02", task="1.5", difficulty=2, scenario=True, fmt=money)
def emv_register(rng: np.random.Generator) -> Draft:
    """Ask for the net expected monetary value of threats and an opportunity."""
    picks = rng.choice(len(_THREATS), size=2, replace=False)
    threats = [
        (_prob(rng), int(rng.integers(10, 120)) * 1_000, _THREATS[int(i)])
        for i in picks
    ]
    opp = _OPPORTUNITIES[int(rng.integers(len(_OPPORTUNITIES)))]
    o_p, o_i = _prob(rng, 4, 15), int(rng.integers(5, 60)) * 1_000
    pairs = [(p, -i) for p, i, _ in threats] + [(o_p, o_i)]
    key = emv(pairs)
    lines = "; ".join(f"threat: {d} ({p:.0%}, {money(i)})" for p, i, d in threats)
    return Draft(
        stem=(
            f"{person(rng)} reviews the register of {project(rng)}: {lines}; "
            f"opportunity: {opp} ({o_p:.0%}, {money(o_i)}). What is the net "
            "expected monetary value of these risks?"
        ),
        key=key,
        explanation=(
            "Threats count negative and opportunities positive: "
            + " + ".join(f"({p:.2f} x {money(i)})" for p, i in pairs)
            + f" = {money(key)}."
        ),
        wrong=[
            (emv([(p, -abs(i)) for p, i in pairs]), "The opportunity is a gain."),
            (emv(pairs[:-1]), "This leaves out the opportunity."),
            (sum(i for _, i in pairs), "This adds impacts without probabilities."),
            (emv([(p, abs(i)) for p, i in pairs]), "Threats carry a negative sign."),
        ],
        params={"outcomes": [list(x) for x in pairs]},
    )


@_family("F-RSK-03", task="1.2", difficulty=1, scenario=True, fmt=str)
def risk_score(rng: np.random.Generator) -> Draft:
    """Ask which risk ranks highest by probability x impact."""
    picks = rng.choice(len(_THREATS), size=4, replace=False)
    risks = [
        (
            _THREATS[int(i)],
            round(float(rng.integers(1, 10)) / 10, 1),
            int(rng.integers(1, 11)),
        )
        for i in picks
    ]
    scores = [emv([(p, i)]) for _, p, i in risks]
    best = int(np.argmax(scores))
    ranked = sorted(scores, reverse=True)
    if ranked[0] - ranked[1] < 0.2:
        raise Redraw
    top_i = max(range(4), key=lambda k: risks[k][2])
    top_p = max(range(4), key=lambda k: risks[k][1])
    if best in (top_i, top_p):
        raise Redraw
    wrong = []
    for k, (desc, p, i) in enumerate(risks):
        if k == best:
            continue
        note = (
            " It has the highest impact, but a low probability."
            if k == top_i
            else " It is the most likely, but its impact is small."
            if k == top_p
            else ""
        )
        wrong.append(
            (
                desc.capitalize(),
                f"Its score is {p:.1f} x {i} = {scores[k]:.1f}, below "
                f"{scores[best]:.1f}.{note}",
            )
        )
    lines = "; ".join(f"{d} (P {p:.1f}, impact {i})" for d, p, i in risks)
    return Draft(
        stem=(
            f"{person(rng)} rates four threats to {project(rng)} by probability "
            f"(0 to 1) and impact (1 to 10): {lines}. Which threat ranks highest "
            "by risk score?"
        ),
        key=risks[best][0].capitalize(),
        explanation=(
            f"Risk score = probability x impact: {risks[best][1]:.1f} x "
            f"{risks[best][2]} = {scores[best]:.1f}, the highest of the four."
        ),
        wrong=wrong,
        params={"risks": [[d, p, i] for d, p, i in risks]},
    )


def _make_or_buy(p: dict) -> Decision:
    """Build the make-or-buy tree of F-RSK-04 from its parameters."""
    build = Chance(((p["p"], End(p["high"])), (1 - p["p"], End(p["low"]))))
    return Decision(
        {
            "build": (p["build_cost"], build),
            "buy": (p["buy_cost"], End(p["buy_value"])),
        },
        label="make or buy",
    )


@_family("F-RSK-04", task="1.5", difficulty=3, scenario=True, fmt=money)
def decision_value(rng: np.random.Generator) -> Draft:
    """Ask for the expected value of the best branch of a make-or-buy decision tree."""
    p = {
        "p": float(rng.integers(4, 10)) / 10,
        "high": int(rng.integers(30, 90)) * 10_000,
        "low": int(rng.integers(2, 25)) * 10_000,
        "build_cost": int(rng.integers(10, 30)) * 10_000,
        "buy_cost": int(rng.integers(10, 30)) * 10_000,
        "buy_value": int(rng.integers(25, 70)) * 10_000,
    }
    if p["low"] >= p["high"]:
        raise Redraw
    result = rollback(_make_or_buy(p))
    values = result.option_values["make or buy"]
    best = result.choices["make or buy"]
    other = "buy" if best == "build" else "build"
    if abs(values["build"] - values["buy"]) < 10_000:
        raise Redraw
    gross = values[best] + p[f"{best}_cost"]
    top = p["high"] if best == "build" else p["buy_value"]
    return Draft(
        stem=(
            f"{person(rng)} must decide whether to build a scheduling tool in-house "
            f"or buy one. Building costs {money(p['build_cost'])}; with probability "
            f"{p['p']:.0%} it yields benefits of {money(p['high'])}, otherwise "
            f"{money(p['low'])}. Buying costs {money(p['buy_cost'])} and yields "
            f"{money(p['buy_value'])} for certain. What is the expected monetary "
            "value of the best choice?"
        ),
        key=result.value,
        explanation=(
            f"Build: {p['p']:.1f} x {money(p['high'])} + {1 - p['p']:.1f} x "
            f"{money(p['low'])} - {money(p['build_cost'])} = "
            f"{money(values['build'])}. Buy: {money(p['buy_value'])} - "
            f"{money(p['buy_cost'])} = {money(values['buy'])}. Best: {best}, "
            f"{money(result.value)}."
        ),
        wrong=[
            (values[other], f"This is the {other} branch, the lower of the two."),
            (gross, "This forgets to subtract the branch's cost."),
            (top - p[f"{best}_cost"], "This takes the best case, not the EMV."),
            (
                values[best] - values[other],
                "This is the gap between the branches, not the best branch's value.",
            ),
        ],
        params=p,
    )


_VENDORS = ("Alder", "Birch", "Cedar", "Maple")


def _vendor_tree(p: dict) -> Decision:
    """Build the vendor-choice tree of F-RSK-05 from its parameters."""
    options = {}
    for name, v in p["vendors"].items():
        chance = Chance(((v["p"], End(v["on_time"])), (1 - v["p"], End(v["late"]))))
        options[name] = (v["cost"], chance)
    return Decision(options, label="vendor")


@_family("F-RSK-05", task="1.5", difficulty=2, scenario=True, fmt=str)
def decision_choice(rng: np.random.Generator) -> Draft:
    """Ask which of four vendors has the best expected monetary value."""
    vendors = {}
    for name in _VENDORS:
        on_time = int(rng.integers(30, 80)) * 10_000
        vendors[name] = {
            "cost": int(rng.integers(8, 30)) * 10_000,
            "p": float(rng.integers(3, 10)) / 10,
            "on_time": on_time,
            "late": on_time - int(rng.integers(5, 25)) * 10_000,
        }
    p = {"vendors": vendors}
    result = rollback(_vendor_tree(p))
    net = result.option_values["vendor"]
    best = result.choices["vendor"]
    ranked = sorted(net.values(), reverse=True)
    if ranked[0] - ranked[1] < 10_000:
        raise Redraw
    cheapest = min(vendors, key=lambda k: vendors[k]["cost"])
    likeliest = max(vendors, key=lambda k: vendors[k]["p"])
    wrong = []
    for name in _VENDORS:
        if name == best:
            continue
        note = (
            " It is the cheapest, but cost alone ignores the outcomes."
            if name == cheapest
            else " It is the most reliable, yet costs too much for it."
            if name == likeliest
            else ""
        )
        wrong.append(
            (
                f"Vendor {name}",
                f"Its net EMV is {money(net[name])}, below {money(net[best])}.{note}",
            )
        )
    lines = "; ".join(
        f"{k}: costs {money(v['cost'])}, {v['p']:.0%} chance of an on-time "
        f"delivery worth {money(v['on_time'])}, else {money(v['late'])}"
        for k, v in vendors.items()
    )
    return Draft(
        stem=(
            f"{person(rng)} compares four vendors for {project(rng)}. {lines}. "
            "Which vendor gives the highest expected monetary value, net of cost?"
        ),
        key=f"Vendor {best}",
        explanation=(
            "Net EMV = p x on-time value + (1 - p) x late value - cost: "
            + ", ".join(f"{k} {money(v)}" for k, v in net.items())
            + f". {best} is highest."
        ),
        wrong=wrong,
        params=p,
    )
