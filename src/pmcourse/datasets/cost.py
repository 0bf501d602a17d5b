"""Datasets of lesson 02: past projects' effort, and the launch plan's budget.

Used in: lesson 02, budgeting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmcourse.datasets.schedule import PRODUCT_LAUNCH_SEED, product_launch

#: Kinds of past project and how much more effort a function point costs.
_DOMAINS: dict[str, float] = {
    "web": 1.00,
    "mobile": 1.10,
    "data": 0.90,
    "integration": 1.15,
    "embedded": 1.30,
}


def historical_effort(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build a table of 40 past software projects: size, estimate and actual effort.

    Made up, with the shape of the public function-point studies
    (Albrecht and Gaffney 1983; Desharnais 1989): effort in person-hours
    grows a little faster than size in function points. For each project:

    - size: lognormal around 300 function points, kept to 60-1,500;
    - actual effort: ``8 * size ** 1.08 * domain factor * noise`` hours,
      with lognormal noise of about 22 % (the domain factors are in
      :data:`_DOMAINS`);
    - the estimate made at the start: the actual effort divided by a
      lognormal factor with median ``exp(0.18)``, so estimates fall short
      of the actual effort by about 16 % on a typical project;
    - duration: ``2.5 * person_months ** 0.35`` months (152 hours a
      person-month), and the average team size that implies.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in
        :data:`pmcourse.datasets.generate.DATASETS`).

    Returns
    -------
    DataFrame
        Columns ``id, year, domain, size_fp, team_size, duration_months,
        estimated_hours, actual_hours``.

    Examples
    --------
    >>> past = historical_effort(3)
    >>> len(past), bool((past["actual_hours"] > 0).all())
    (40, True)

    Used in: lesson 02, budgeting (parametric estimating); exercise ps02.
    """
    gen = np.random.default_rng(rng)
    n = 40
    domains = gen.choice(list(_DOMAINS), size=n)
    size = np.clip(np.round(300 * np.exp(gen.normal(0.0, 0.6, n))), 60, 1500)
    factor = np.array([_DOMAINS[d] for d in domains])
    actual = 8.0 * size**1.08 * factor * np.exp(gen.normal(0.0, 0.22, n))
    estimated = actual / np.exp(gen.normal(0.18, 0.15, n))
    person_months = actual / 152.0
    duration = 2.5 * person_months**0.35
    team = np.maximum(1, np.round(person_months / duration))
    return pd.DataFrame(
        {
            "id": [f"P{i + 1:02d}" for i in range(n)],
            "year": np.sort(gen.integers(2016, 2025, n)),
            "domain": domains,
            "size_fp": size.astype(int),
            "team_size": team.astype(int),
            "duration_months": np.round(duration, 1),
            "estimated_hours": (np.round(estimated, -1)).astype(int),
            "actual_hours": (np.round(actual, -1)).astype(int),
        }
    )


#: The summary elements of the launch's WBS (the activities are the leaves).
_LAUNCH_BRANCHES: tuple[tuple[str, str], ...] = (
    ("1", "Product launch"),
    ("1.1", "Project management"),
    ("1.2", "Market research"),
    ("1.3", "Product"),
    ("1.4", "Marketing"),
    ("1.5", "Readiness"),
    ("1.6", "Launch"),
)


def launch_budget(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the product launch's WBS with three-point cost estimates.

    The leaves are the 12 activities of the ``product_launch`` dataset; the
    summary rows (``1``, ``1.1``, ...) carry no cost of their own, so that
    :func:`pmcourse.cost.rollup_wbs` adds them up. Each most likely cost is
    the activity's budgeted cost in ``product_launch``; the optimistic cost
    is 80-95 % of it and the pessimistic 115-180 %, drawn uniformly and
    rounded to 100 dollars: cost risk is skewed towards overruns.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in
        :data:`pmcourse.datasets.generate.DATASETS`).

    Returns
    -------
    DataFrame
        Columns ``wbs, id, name, optimistic, most_likely, pessimistic``;
        ``id`` is empty and the costs are missing on summary rows.

    Examples
    --------
    >>> budget = launch_budget(5)
    >>> int(budget["id"].ne("").sum()), budget.loc[0, "name"]
    (12, 'Product launch')

    Used in: lesson 02, budgeting (bottom-up and three-point estimating,
    reserves); exercise ps02.
    """
    gen = np.random.default_rng(rng)
    plan = product_launch(np.random.default_rng(PRODUCT_LAUNCH_SEED))
    rows: list[dict[str, object]] = [
        {"wbs": code, "id": "", "name": name} for code, name in _LAUNCH_BRANCHES
    ]
    for task in plan.itertuples():
        most_likely = float(task.cost)
        rows.append(
            {
                "wbs": task.wbs,
                "id": task.id,
                "name": task.name,
                "optimistic": int(round(most_likely * gen.uniform(0.80, 0.95), -2)),
                "most_likely": int(most_likely),
                "pessimistic": int(round(most_likely * gen.uniform(1.15, 1.80), -2)),
            }
        )
    table = pd.DataFrame(rows)
    order = sorted(
        range(len(table)),
        key=lambda i: tuple(int(k) for k in table.loc[i, "wbs"].split(".")),
    )
    table = table.loc[order].reset_index(drop=True)
    for column in ("optimistic", "most_likely", "pessimistic"):
        table[column] = table[column].astype("Int64")
    return table
