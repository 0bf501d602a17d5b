"""Scheduling: the critical path method (CPM), PERT, crashing and resources.

Everything is importable from ``pmcourse.schedule``; the submodules group it:

- :mod:`pmcourse.schedule.critical_path_method`: forward and backward pass,
  float, the critical path (:func:`cpm`, :func:`critical_path`,
  :func:`project_finish`) and the crash cost slope;
- :mod:`pmcourse.schedule.three_point`: PERT and triangular three-point
  estimates, path estimates and the chance of a date (:func:`pert`,
  :func:`pert_table`, :func:`probability_of_finishing_by`...);
- :mod:`pmcourse.schedule.crashing`: the time-cost trade-off
  (:func:`time_cost_tradeoff`, :func:`crash_estimates`,
  :func:`cheapest_duration`);
- :mod:`pmcourse.schedule.resources`: resource-constrained scheduling
  (:func:`resource_schedule`, :func:`optimal_schedule`,
  :func:`resource_usage`, :func:`check_feasible`), with its engines in the
  private ``_rcpsp`` and ``_rcpsp_search`` modules;
- ``_tasks`` and ``_network``: the task-table parser and the network engine
  every schedule computation runs on. Other topics reach them through this
  front only (:func:`task_records`, :func:`task_ids`, :func:`task_column`,
  :func:`build_network`): risk's Monte Carlo runs the same network.

Used in: lesson 03, scheduling; exercise ps03.
"""

from pmcourse.schedule._network import Network
from pmcourse.schedule._network import build as build_network
from pmcourse.schedule._tasks import numeric_column as task_column
from pmcourse.schedule._tasks import records as task_records
from pmcourse.schedule._tasks import task_ids
from pmcourse.schedule.crashing import (
    cheapest_duration,
    crash_estimates,
    time_cost_tradeoff,
)
from pmcourse.schedule.critical_path_method import (
    TaskTable,
    cpm,
    crash_cost_slope,
    critical_path,
    critical_paths,
    network,
    project_finish,
)
from pmcourse.schedule.resources import (
    check_feasible,
    optimal_schedule,
    resource_schedule,
    resource_usage,
)
from pmcourse.schedule.three_point import (
    deadline_for_probability,
    path_estimate,
    pert,
    pert_table,
    probability_of_finishing_by,
    triangular_mean,
    triangular_std,
    with_estimates,
)

__all__ = [
    "Network",
    "TaskTable",
    "cheapest_duration",
    "build_network",
    "check_feasible",
    "cpm",
    "crash_cost_slope",
    "crash_estimates",
    "critical_path",
    "critical_paths",
    "deadline_for_probability",
    "network",
    "optimal_schedule",
    "path_estimate",
    "pert",
    "pert_table",
    "probability_of_finishing_by",
    "project_finish",
    "resource_schedule",
    "resource_usage",
    "task_column",
    "task_ids",
    "task_records",
    "time_cost_tradeoff",
    "triangular_mean",
    "triangular_std",
    "with_estimates",
]
