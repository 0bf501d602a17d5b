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

The submodules: :mod:`pmcourse.cost.estimating`, :mod:`pmcourse.cost.wbs`,
:mod:`pmcourse.cost.baseline`, :mod:`pmcourse.cost.finance` (project
selection: NPV, IRR, payback, BCR, ROI; also importable as
``pmcourse.finance``), :mod:`pmcourse.cost.contracts` (incentive contracts)
and :mod:`pmcourse.cost.quality` (cost of quality).

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
from pmcourse.cost.contracts import (
    cpif_final_fee,
    fpif_final_price,
    point_of_total_assumption,
)
from pmcourse.cost.estimating import (
    ParametricModel,
    analogous_estimate,
    fit_parametric,
    three_point_costs,
    three_point_estimate,
)
from pmcourse.cost.finance import (
    benefit_cost_ratio,
    discounted_payback_period,
    irr,
    npv,
    payback_period,
    present_value,
    roi,
)
from pmcourse.cost.quality import (
    COQ_CATEGORIES,
    CostOfQuality,
    coq_summary,
    cost_of_quality,
)
from pmcourse.cost.wbs import rollup_wbs

__all__ = [
    "COQ_CATEGORIES",
    "CostBudget",
    "CostOfQuality",
    "ParametricModel",
    "ReserveSizing",
    "analogous_estimate",
    "benefit_cost_ratio",
    "contingency_reserve",
    "coq_summary",
    "cost_budget",
    "cost_of_quality",
    "cpif_final_fee",
    "discounted_payback_period",
    "fit_parametric",
    "fpif_final_price",
    "irr",
    "management_reserve",
    "npv",
    "payback_period",
    "point_of_total_assumption",
    "present_value",
    "roi",
    "rollup_wbs",
    "size_reserves",
    "three_point_costs",
    "three_point_estimate",
    "time_phased_baseline",
]
