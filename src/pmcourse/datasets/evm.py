"""Synthetic earned-value data: a project's baseline and its monthly status reports.

The project: Northgate Foods automates packaging line 3 with robot cells, new
conveyors and new line controls, over twelve months. Two tables describe it:

- :func:`evm_work_packages`: the eight work packages with their planned
  months and budgets, the performance measurement baseline;
- :func:`evm_status_reports`: one row per month with the planned value of
  the month (from that baseline), and, for the eight months reported so far,
  the value earned and the cost booked in the month, plus the status note.

Both builders take all their randomness from ``rng`` so that
:mod:`pmcourse.datasets.generate` can rebuild the committed CSV files exactly.

Used in: lesson 04, earned value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmcourse.cost import time_phased_baseline

__all__ = ["evm_status_reports", "evm_work_packages"]

#: (id, work package, early start month, early finish month, budget in dollars),
#: chosen by hand; months count from the project start at 0.
_WORK_PACKAGES: tuple[tuple[str, str, int, int, int], ...] = (
    ("WP1", "Project management and controls", 0, 12, 72_000),
    ("WP2", "Requirements and line layout", 0, 2, 64_000),
    ("WP3", "Robot cells: buy and factory-test", 1, 5, 260_000),
    ("WP4", "Conveyors and guarding: buy", 2, 5, 117_000),
    ("WP5", "Line control software", 2, 8, 186_000),
    ("WP6", "Mechanical and electrical installation", 5, 9, 214_000),
    ("WP7", "Commissioning and validation", 8, 11, 96_000),
    ("WP8", "Operator training and handover", 10, 12, 41_000),
)

#: The story of the months reported so far: (cumulative SPI, cumulative CPI,
#: status note). The generator adds a little noise to each index.
_STORY: tuple[tuple[float, float, str], ...] = (
    (1.00, 1.02, "Kick-off held; layout workshops on plan."),
    (0.95, 1.00, "Layout signed off a week late: the hygiene review needed a rerun."),
    (
        0.90,
        0.99,
        "Robot supplier confirms a five-week delay on cell 2; controls work "
        "brought forward.",
    ),
    (
        0.84,
        0.96,
        "Cell 2 still waiting; air freight booked for its parts at extra cost.",
    ),
    (
        0.85,
        0.92,
        "Factory test of the robot cells finds a gripper fault; supplier and "
        "our engineers rework it.",
    ),
    (
        0.87,
        0.90,
        "Control software interfaces changed after the gripper fix; overtime "
        "to absorb the rework.",
    ),
    (
        0.90,
        0.89,
        "Installation starts; a second shift is added to win back time.",
    ),
    (
        0.92,
        0.89,
        "Installation two-thirds done; the second shift continues to month 9.",
    ),
)

_FIRST_MONTH = pd.Timestamp("2025-01-01")


def evm_work_packages(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the packaging-line project's work packages: the cost baseline.

    Nothing here is random (the plan is chosen by hand so that the lesson can
    talk about it); ``rng`` is accepted so that every dataset builder has the
    same signature.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Unused.

    Returns
    -------
    DataFrame
        Columns ``id``, ``name``, ``es`` and ``ef`` (planned start and finish,
        in months from the project start) and ``cost`` (the budget, US
        dollars). The budgets add up to the BAC, 1,050,000 dollars.

    Examples
    --------
    >>> wp = evm_work_packages()
    >>> len(wp), int(wp["cost"].sum()), int(wp["ef"].max())
    (8, 1050000, 12)

    Used in: lesson 04, earned value (the performance measurement baseline).
    """
    return pd.DataFrame(
        _WORK_PACKAGES, columns=["id", "name", "es", "ef", "cost"]
    ).astype({"es": int, "ef": int, "cost": int})


def evm_status_reports(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the packaging-line project's monthly earned-value status reports.

    The planned value of each month is the work packages' time-phased
    baseline (:func:`pmcourse.cost.time_phased_baseline`, each budget spread
    evenly over its months). For the eight months reported so far, the
    cumulative earned value is the cumulative planned value times the
    story's SPI, and the cumulative actual cost is that earned value divided
    by the story's CPI; each index gets a little noise (normal, standard
    deviation 0.6 %) and the monthly amounts are rounded to 100 dollars.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of the noise (the course uses the seed in
        :data:`pmcourse.datasets.generate.DATASETS`).

    Returns
    -------
    DataFrame
        One row per month: ``period`` (1 to 12), ``month`` (``YYYY-MM``),
        ``pv``, ``ev`` and ``ac`` (dollars planned, earned and spent *in that
        month*; ``ev`` and ``ac`` are empty after month 8, the latest report)
        and ``note`` (the status report's headline, empty after month 8).

    Examples
    --------
    >>> reports = evm_status_reports(1)
    >>> len(reports), int(reports["pv"].sum()), int(reports["ev"].count())
    (12, 1050000, 8)

    Used in: lesson 04, earned value.
    """
    rng = np.random.default_rng(rng)
    wp = evm_work_packages().set_index("id")
    baseline = time_phased_baseline(wp, wp["cost"], period=1)
    pv = baseline["pv"].round(2).to_numpy()
    cumulative_pv = np.cumsum(pv)
    reported = len(_STORY)
    spi = np.array([s for s, _, _ in _STORY]) * (1 + rng.normal(0, 0.006, reported))
    cpi = np.array([c for _, c, _ in _STORY]) * (1 + rng.normal(0, 0.006, reported))
    ev_cum = np.round(cumulative_pv[:reported] * spi, -2)
    ac_cum = np.round(ev_cum / cpi, -2)
    periods = len(pv)
    missing = np.full(periods - reported, np.nan)
    return pd.DataFrame(
        {
            "period": np.arange(1, periods + 1),
            "month": [
                (_FIRST_MONTH + pd.DateOffset(months=k)).strftime("%Y-%m")
                for k in range(periods)
            ],
            "pv": pv,
            "ev": np.concatenate([np.diff(ev_cum, prepend=0.0), missing]),
            "ac": np.concatenate([np.diff(ac_cum, prepend=0.0), missing]),
            "note": [note for _, _, note in _STORY] + [""] * (periods - reported),
        }
    )
