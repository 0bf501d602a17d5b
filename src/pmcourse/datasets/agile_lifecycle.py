"""Datasets of lesson 01: life-cycle scenarios and a cost-of-quality ledger.

Used in: lesson 01, life cycles.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Eight project situations rated on the factors of :mod:`pmcourse.lifecycle`
#: (clarity, volatility, delivery cadence, regulation, cost of change, team
#: experience with iterations, stakeholder availability), chosen by hand.
_SCENARIOS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    (
        "Highway bridge replacement",
        "Design approved by the roads authority; the bridge opens once, "
        "inspectors sign off each stage.",
        (5, 1, 1, 5, 5, 2, 2),
    ),
    (
        "Personal budgeting app",
        "A start-up learning what users want; releases every two weeks; "
        "users in the office on Fridays.",
        (1, 5, 5, 1, 1, 4, 5),
    ),
    (
        "Machine-learning proof of concept",
        "Will the model beat the current rules? One demonstration to the "
        "board in four months; data scientists refine it weekly.",
        (2, 4, 1, 1, 1, 3, 4),
    ),
    (
        "Payroll system roll-out to 12 sites",
        "A proven package configured once, then switched on site by site.",
        (5, 2, 5, 3, 3, 3, 3),
    ),
    (
        "Insulin pump with companion app",
        "Regulated hardware and firmware; a phone app that clinicians and "
        "patients keep asking to change.",
        (3, 4, 4, 5, 4, 3, 3),
    ),
    (
        "Office relocation",
        "Move 180 people to a new floor over one weekend; leases and "
        "contractors booked months ahead.",
        (4, 2, 1, 2, 4, 2, 2),
    ),
    (
        "Customer self-service portal",
        "Customers will say what they need once they can try it; the team "
        "has always worked from a specification.",
        (2, 4, 4, 2, 2, 2, 3),
    ),
    (
        "ERP upgrade",
        "Move the finance system to the vendor's new version; auditors "
        "review the controls; one cut-over weekend.",
        (4, 2, 2, 4, 4, 2, 2),
    ),
)

_FACTOR_COLUMNS = (
    "requirements_clarity",
    "requirements_volatility",
    "delivery_cadence",
    "regulatory_constraints",
    "cost_of_change",
    "team_experience",
    "stakeholder_availability",
)


def lifecycle_scenarios(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the table of eight project scenarios rated on the life-cycle factors.

    Nothing here is random: the ratings were chosen by hand so that each
    approach of :mod:`pmcourse.lifecycle` wins at least once. ``rng`` is
    accepted (and ignored) so that every dataset builder has the same form.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Unused.

    Returns
    -------
    DataFrame
        Columns ``scenario``, ``description`` and one rating from 1 to 5
        per factor.

    Examples
    --------
    >>> table = lifecycle_scenarios()
    >>> len(table), int(table.loc[0, "requirements_clarity"])
    (8, 5)

    Used in: lesson 01, life cycles.
    """
    rows = [
        {
            "scenario": name,
            "description": text,
            **dict(zip(_FACTOR_COLUMNS, levels, strict=True)),
        }
        for name, text, levels in _SCENARIOS
    ]
    return pd.DataFrame(rows)


#: Quality-related cost items of one year of a product team:
#: (item, category, low and high cost in dollars).
_QUALITY_ITEMS: tuple[tuple[str, str, int, int], ...] = (
    ("Design reviews with an outside expert", "prevention", 8_000, 14_000),
    ("Secure-coding training for the team", "prevention", 6_000, 10_000),
    ("Static analysis tool licences", "prevention", 4_000, 7_000),
    ("Supplier qualification visits", "prevention", 5_000, 9_000),
    ("Automated regression test runs", "appraisal", 12_000, 20_000),
    ("Incoming inspection of sensor boards", "appraisal", 9_000, 15_000),
    ("Pre-release field trial", "appraisal", 15_000, 25_000),
    ("External safety audit", "appraisal", 10_000, 16_000),
    ("Rework of boards that failed inspection", "internal_failure", 14_000, 24_000),
    ("Re-testing after bug fixes", "internal_failure", 10_000, 18_000),
    ("Scrapped enclosures (wrong tolerance)", "internal_failure", 6_000, 12_000),
    ("Launch delayed two weeks by late defects", "internal_failure", 20_000, 35_000),
    ("Warranty replacements", "external_failure", 30_000, 50_000),
    ("Extra support calls after release 2.1", "external_failure", 12_000, 22_000),
    ("Emergency firmware patch and field update", "external_failure", 15_000, 28_000),
    ("Credit notes to an unhappy retailer", "external_failure", 8_000, 16_000),
)


def quality_costs(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build a year's quality cost ledger of a smart-thermostat product team.

    The items and their categories are fixed by hand; each cost is drawn
    uniformly between the item's bounds and rounded to 100 dollars.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in
        :data:`pmcourse.datasets.generate.DATASETS`).

    Returns
    -------
    DataFrame
        Columns ``item``, ``category`` (one of
        :data:`pmcourse.quality.COQ_CATEGORIES`) and ``cost`` in US dollars.

    Examples
    --------
    >>> ledger = quality_costs(1)
    >>> len(ledger), sorted(ledger["category"].unique())[0]
    (16, 'appraisal')

    Used in: lesson 01, life cycles (cost of quality).
    """
    gen = np.random.default_rng(rng)
    rows = [
        {
            "item": item,
            "category": category,
            "cost": int(round(gen.uniform(low, high), -2)),
        }
        for item, category, low, high in _QUALITY_ITEMS
    ]
    return pd.DataFrame(rows)
