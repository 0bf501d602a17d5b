"""Cost: estimating, reserves, the cost baseline and its time-phased S-curve.

Estimating techniques, from the quickest to the most detailed:

- *analogous*: scale a similar past project's cost by the size ratio;
- *parametric*: fit cost (or effort) against size drivers by least squares
  on past projects, then read new estimates off the fitted line or curve;
- *three-point*: mean and standard deviation from optimistic, most likely
  and pessimistic estimates (PERT or triangular);
- *bottom-up*: estimate the work packages of the WBS and add them up.

Reserves: the contingency reserve (for identified risks, "known unknowns") is
part of the cost baseline; the management reserve (for unidentified risks,
"unknown unknowns") is not. So ``cost baseline = estimates + contingency`` and
``budget = cost baseline + management reserve``. The baseline spread over the
schedule gives the planned value curve (the S-curve) that earned value
management (:mod:`pmcourse.evm`) measures against.

Used in: lesson 02, budgeting; exercise ps02.
"""

from pmcourse.cost.baseline import (
    CostBudget,
    ReserveSizing,
    contingency_reserve,
    cost_budget,
    management_reserve,
    size_reserves,
    time_phased_baseline,
)
from pmcourse.cost.estimating import (
    ParametricModel,
    analogous_estimate,
    fit_parametric,
    three_point_costs,
    three_point_estimate,
)
from pmcourse.cost.wbs import rollup_wbs

__all__ = [
    "CostBudget",
    "ParametricModel",
    "ReserveSizing",
    "analogous_estimate",
    "contingency_reserve",
    "cost_budget",
    "fit_parametric",
    "management_reserve",
    "rollup_wbs",
    "size_reserves",
    "three_point_costs",
    "three_point_estimate",
    "time_phased_baseline",
]
