"""Agile delivery: velocity, burn charts, forecasts, flow and Agile vs Waterfall.

Everything is importable from ``pmcourse.agile``; the submodules group it:

- :mod:`pmcourse.agile.velocity`: velocity statistics, ``sprints_remaining``
  and Monte Carlo sprint forecasts.
- :mod:`pmcourse.agile.burn`: burndown and burnup series.
- :mod:`pmcourse.agile.flow`: Little's law, cumulative flow, cycle time, lead
  time and throughput from item dates.
- :mod:`pmcourse.agile.kanban`: a Kanban flow simulation with a WIP limit.
- :mod:`pmcourse.agile.delivery`: the Agile-vs-Waterfall model.
- :mod:`pmcourse.agile.lifecycle`: how well each life cycle fits a project.

Used in: lesson 06, Agile vs Waterfall; exercise ps06.
"""

from pmcourse.agile.burn import burndown, burnup
from pmcourse.agile.delivery import (
    AgileWaterfallResult,
    ApproachSummary,
    agile_vs_waterfall,
)
from pmcourse.agile.flow import (
    cumulative_flow,
    cycle_times,
    lead_times,
    littles_law,
    throughput,
)
from pmcourse.agile.kanban import KanbanResult, simulate_kanban
from pmcourse.agile.lifecycle import (
    APPROACHES,
    FACTORS,
    WEIGHTS,
    Factor,
    LifeCycleFit,
    assess,
    assess_table,
)
from pmcourse.agile.velocity import (
    VelocityStats,
    capacity_adjusted_velocity,
    forecast_percentiles,
    forecast_sprints,
    probability_within,
    sprints_remaining,
    velocity_stats,
)

__all__ = [
    "APPROACHES",
    "FACTORS",
    "WEIGHTS",
    "AgileWaterfallResult",
    "ApproachSummary",
    "Factor",
    "KanbanResult",
    "LifeCycleFit",
    "VelocityStats",
    "agile_vs_waterfall",
    "assess",
    "assess_table",
    "burndown",
    "burnup",
    "capacity_adjusted_velocity",
    "cumulative_flow",
    "cycle_times",
    "forecast_percentiles",
    "forecast_sprints",
    "lead_times",
    "littles_law",
    "probability_within",
    "simulate_kanban",
    "sprints_remaining",
    "throughput",
    "velocity_stats",
]
