"""Item families on prioritisation: WSJF and weighted scoring (domain 4).

Keys from :func:`pmcourse.analysis.wsjf` and
:func:`pmcourse.analysis.weighted_score`.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from pmcourse.analysis import weighted_score, wsjf
from pmcourse.capm.families._registry import Draft, Redraw, family
from pmcourse.capm.families._text import index, person, pick, project

_LESSON = "08_business_analysis"
#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=4, lesson=_LESSON)
_FIB = (1, 2, 3, 5, 8, 13, 20)
_FEATURES = (
    "single sign-on",
    "offline mode",
    "audit trail",
    "bulk import",
    "push alerts",
    "self-service refunds",
)


def _feature(rng: np.random.Generator) -> dict[str, int]:
    return {
        "business_value": int(pick(rng, _FIB)),
        "time_criticality": int(pick(rng, _FIB)),
        "risk_reduction": int(pick(rng, _FIB[:5])),
        "job_size": int(pick(rng, _FIB[:6])),
    }


@_family("F-BA-01", task="4.4", difficulty=2, scenario=False, fmt=index)
def wsjf_score(rng: np.random.Generator) -> Draft:
    """Ask for the WSJF score of one feature."""
    f = _feature(rng)
    key = wsjf(**f)
    cod = f["business_value"] + f["time_criticality"] + f["risk_reduction"]
    return Draft(
        stem=(
            f"A feature is rated {f['business_value']} for business value, "
            f"{f['time_criticality']} for time criticality and "
            f"{f['risk_reduction']} for risk reduction or opportunity enablement; "
            f"its job size is {f['job_size']}. What is its WSJF score?"
        ),
        key=key,
        explanation=(
            f"Cost of delay = {f['business_value']} + {f['time_criticality']} + "
            f"{f['risk_reduction']} = {cod}; WSJF = {cod} / {f['job_size']} = "
            f"{index(key)}."
        ),
        wrong=[
            (cod * f["job_size"], "Divide the cost of delay by the job size."),
            (f["business_value"] / f["job_size"], "Cost of delay has three parts."),
            (cod, "The cost of delay must be divided by the job size."),
            (f["job_size"] / cod, "This is job size over cost of delay."),
        ],
        params=f,
    )


@_family("F-BA-02", task="4.4", difficulty=2, scenario=True, fmt=str)
def wsjf_first(rng: np.random.Generator) -> Draft:
    """Ask which feature WSJF puts first."""
    names = [str(x) for x in rng.choice(_FEATURES, size=4, replace=False)]
    feats = {n: _feature(rng) for n in names}
    scores = {n: wsjf(**f) for n, f in feats.items()}
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] - ranked[1] < 0.25:
        raise Redraw
    best = max(scores, key=scores.__getitem__)
    cod = {
        n: f["business_value"] + f["time_criticality"] + f["risk_reduction"]
        for n, f in feats.items()
    }
    top_cod = max(cod, key=cod.__getitem__)
    if top_cod == best:
        raise Redraw
    smallest = min(feats, key=lambda n: feats[n]["job_size"])
    wrong = []
    for n in names:
        if n == best:
            continue
        note = (
            " Its cost of delay is the largest, but so is the job."
            if n == top_cod
            else " It is the smallest job, but delaying it costs little."
            if n == smallest
            else ""
        )
        wrong.append(
            (
                n.capitalize(),
                f"WSJF = {cod[n]} / {feats[n]['job_size']} = {scores[n]:.2f}, "
                f"below {scores[best]:.2f}.{note}",
            )
        )
    lines = "; ".join(
        f"{n}: value {f['business_value']}, time criticality "
        f"{f['time_criticality']}, risk reduction {f['risk_reduction']}, size "
        f"{f['job_size']}"
        for n, f in feats.items()
    )
    return Draft(
        stem=(
            f"{person(rng)}, product owner for {project(rng)}, scores four features "
            f"for WSJF: {lines}. Which feature should the team do first?"
        ),
        key=best.capitalize(),
        explanation=(
            f"WSJF = cost of delay / job size; {best} scores {cod[best]} / "
            f"{feats[best]['job_size']} = {scores[best]:.2f}, the highest."
        ),
        wrong=wrong,
        params={"features": feats},
    )


_OPTIONS = (
    "Buy a SaaS tool",
    "Extend the ERP",
    "Build in-house",
    "Outsource the service",
)
_CRITERIA = ("cost", "fit to requirements", "time to deliver")
_WEIGHTS = ((0.5, 0.3, 0.2), (0.4, 0.4, 0.2), (0.2, 0.5, 0.3), (0.3, 0.2, 0.5))


@_family("F-BA-03", task="4.3", difficulty=2, scenario=True, fmt=str)
def weighted_scoring(rng: np.random.Generator) -> Draft:
    """Ask which solution option a weighted scoring model picks."""
    w = pick(rng, _WEIGHTS)
    grid = rng.integers(2, 11, size=(len(_OPTIONS), len(_CRITERIA)))
    # Cheap screen before the library call: a clear winner that differs from
    # the unweighted favourite, and four different score profiles.
    quick, plain_sum = np.sort(grid @ np.asarray(w))[::-1], grid.sum(axis=1)
    if quick[0] - quick[1] < 0.3 or len({tuple(r) for r in grid}) < len(grid):
        raise Redraw
    if np.argmax(grid @ np.asarray(w)) == np.argmax(plain_sum):
        raise Redraw
    weights = dict(zip(_CRITERIA, w, strict=True))
    scores = {
        o: {c: int(v) for c, v in zip(_CRITERIA, row, strict=True)}
        for o, row in zip(_OPTIONS, grid, strict=True)
    }
    total = weighted_score(scores, weights)
    ranked = sorted(total.to_numpy(), reverse=True)
    if ranked[0] - ranked[1] < 0.3:
        raise Redraw
    best = str(total.idxmax())
    plain = {o: sum(s.values()) for o, s in scores.items()}
    top_plain = max(plain, key=plain.__getitem__)
    if top_plain == best or list(plain.values()).count(plain[top_plain]) > 1:
        raise Redraw
    wrong = [
        (
            o,
            f"Weighted score {total[o]:.1f}, below {total[best]:.1f}."
            + (
                " It has the highest unweighted total; the weights change the order."
                if o == top_plain
                else ""
            ),
        )
        for o in _OPTIONS
        if o != best
    ]
    lines = "; ".join(
        f"{o}: " + ", ".join(f"{c} {v}" for c, v in s.items())
        for o, s in scores.items()
    )
    return Draft(
        stem=(
            f"{person(rng)}, the business analyst on {project(rng)}, scores four "
            "solution options from 1 to 10 (higher is better) on cost, fit to "
            "requirements and time to deliver, weighted "
            + ", ".join(f"{c} {w:.0%}" for c, w in weights.items())
            + f". Scores: {lines}. Which option does the model recommend?"
        ),
        key=best,
        explanation=(
            "Weighted score = sum of weight x score: "
            + ", ".join(f"{o} {v:.1f}" for o, v in total.items())
            + f"; {best} is highest."
        ),
        wrong=wrong,
        params={"scores": scores, "weights": weights},
    )
