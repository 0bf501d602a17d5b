"""A synthetic risk register for the product launch plan of lessons 03 and 05.

Used in: lesson 05, risk.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["risk_register"]

#: (id, kind, category, description, affected activity of product_launch,
#: owner, response, typical probability, typical impact in dollars, impact in
#: working days), chosen by hand. The generator varies probability and impact.
_RISKS: tuple[tuple[str, str, str, str, str, str, str, float, int, int], ...] = (
    (
        "R01",
        "threat",
        "technical",
        "Because the release candidate depends on a new payment library, "
        "integration faults may surface late in the build, delaying the "
        "release candidate.",
        "D",
        "Engineering",
        "mitigate",
        0.40,
        24_000,
        6,
    ),
    (
        "R02",
        "threat",
        "people",
        "Because one QA engineer knows the test rig, her absence during "
        "testing would stop test runs and delay the fixes.",
        "E",
        "QA",
        "mitigate",
        0.20,
        15_000,
        4,
    ),
    (
        "R03",
        "threat",
        "supplier",
        "Because the print shop is booked by larger clients, the campaign "
        "material may arrive late, pushing the web page and launch.",
        "G",
        "Marketing",
        "transfer",
        0.30,
        9_000,
        3,
    ),
    (
        "R04",
        "threat",
        "market",
        "Because a competitor is rumoured to launch first, we may have to "
        "change price and positioning after the customer interviews.",
        "F",
        "Product research",
        "accept",
        0.25,
        12_000,
        4,
    ),
    (
        "R05",
        "threat",
        "regulatory",
        "Because the product stores customer data, a privacy review may "
        "require changes to the specification before it can be frozen.",
        "C",
        "Engineering",
        "avoid",
        0.15,
        30_000,
        8,
    ),
    (
        "R06",
        "threat",
        "technical",
        "Because the test environment is shared with another product, "
        "conflicting bookings may leave gaps in the test schedule.",
        "E",
        "QA",
        "mitigate",
        0.50,
        8_000,
        3,
    ),
    (
        "R07",
        "threat",
        "people",
        "Because sales staff are on a trade-show tour in the launch month, "
        "training sessions may be poorly attended and need repeating.",
        "J",
        "Sales enablement",
        "accept",
        0.45,
        3_000,
        1,
    ),
    (
        "R08",
        "threat",
        "technical",
        "Because the web team has not used the new content platform, the "
        "launch page may take longer to build than planned.",
        "H",
        "Web team",
        "mitigate",
        0.35,
        6_000,
        3,
    ),
    (
        "R09",
        "threat",
        "organisational",
        "Because the launch date sits in the company's budget freeze, "
        "extra spending may need board approval, which the project cannot "
        "give.",
        "K",
        "Project lead",
        "escalate",
        0.20,
        20_000,
        5,
    ),
    (
        "R10",
        "threat",
        "supplier",
        "Because the payment provider's sandbox is often down, "
        "integration tests may stall for days at a time.",
        "D",
        "Engineering",
        "mitigate",
        0.30,
        10_000,
        3,
    ),
    (
        "R11",
        "threat",
        "technical",
        "Because the user guides describe screens that are still changing, "
        "they may need rewriting after testing.",
        "I",
        "Technical writing",
        "accept",
        0.55,
        2_500,
        2,
    ),
    (
        "O01",
        "opportunity",
        "technical",
        "Because another team built a similar test harness, reusing it could "
        "shorten testing by several days.",
        "E",
        "QA",
        "exploit",
        0.50,
        9_000,
        3,
    ),
    (
        "O02",
        "opportunity",
        "market",
        "Because a retail partner wants an exclusive launch window, "
        "co-marketing could share the campaign's cost.",
        "G",
        "Marketing",
        "share",
        0.30,
        8_000,
        0,
    ),
    (
        "O03",
        "opportunity",
        "people",
        "Because two customers offered to beta-test, early feedback could "
        "cut the number of fix cycles.",
        "E",
        "Product research",
        "enhance",
        0.40,
        6_000,
        2,
    ),
)


def risk_register(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the product launch's risk register: 11 threats, 3 opportunities.

    The risks, their causes and effects, owners and responses are chosen by
    hand to match the product launch plan (``product_launch``) and to use
    every response strategy. The random part: each probability is the
    typical one times 0.8-1.2, rounded to 0.05 (kept between 0.05 and 0.95),
    and each impact in dollars is the typical one times 0.85-1.15, rounded
    to 500 dollars.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in
        :data:`pmcourse.datasets.generate.DATASETS`).

    Returns
    -------
    DataFrame
        Columns ``id``, ``kind`` (threat or opportunity), ``category``,
        ``description`` (cause, risk event, effect), ``task`` (the affected
        activity of ``product_launch``), ``owner``, ``response``,
        ``probability`` (0 to 1), ``impact`` (US dollars, a positive size;
        ``kind`` gives the sign), ``impact_days`` (working days lost or,
        for opportunities, gained) and ``status`` (all ``open``).

    Examples
    --------
    >>> reg = risk_register(3)
    >>> len(reg), int((reg["kind"] == "opportunity").sum())
    (14, 3)
    >>> bool(reg["probability"].between(0.05, 0.95).all())
    True

    Used in: lesson 05, risk.
    """
    rng = np.random.default_rng(rng)
    rows = []
    for rid, kind, category, text, task, owner, response, p, impact, days in _RISKS:
        probability = np.clip(round(p * rng.uniform(0.8, 1.2) * 20) / 20, 0.05, 0.95)
        dollars = round(impact * rng.uniform(0.85, 1.15) / 500) * 500
        rows.append(
            {
                "id": rid,
                "kind": kind,
                "category": category,
                "description": text,
                "task": task,
                "owner": owner,
                "response": response,
                "probability": float(probability),
                "impact": int(dollars),
                "impact_days": days,
                "status": "open",
            }
        )
    return pd.DataFrame(rows)
