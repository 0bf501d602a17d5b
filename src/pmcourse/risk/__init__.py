"""Risk: the register, EMV, decision trees, Monte Carlo and problem solving.

Everything is importable from ``pmcourse.risk``; the submodules group it:

- :mod:`pmcourse.risk.register`: the register, probability-impact scoring
  and expected monetary value (:func:`emv`, :func:`register_emv`,
  :func:`score_register`, :func:`probability_impact_matrix`);
- :mod:`pmcourse.risk.decision_tree`: decision trees rolled back to EMV
  (:class:`Decision`, :class:`Chance`, :class:`End`, :func:`rollback`);
- :mod:`pmcourse.risk.sampling`: draws from three-point estimates, with
  correlation (:func:`sample_three_point`);
- :mod:`pmcourse.risk.montecarlo`: Monte Carlo simulation of a schedule or a
  cost (:func:`monte_carlo_schedule`, :func:`simulate_schedule`,
  :func:`monte_carlo_cost`);
- :mod:`pmcourse.risk.problem_solving`: Pareto analysis of causes
  (:func:`pareto`).

Conventions: a probability is a number in [0, 1]; an impact is in money or
days.

Used in: lesson 05, risk; exercise ps05.
"""

from pmcourse.risk.decision_tree import Chance, Decision, End, Rollback, rollback
from pmcourse.risk.montecarlo import (
    ScheduleSimulation,
    monte_carlo_cost,
    monte_carlo_schedule,
    simulate_schedule,
    widen_estimates,
)
from pmcourse.risk.problem_solving import pareto
from pmcourse.risk.register import (
    DEFAULT_BANDS,
    OPTIONAL_COLUMNS,
    REGISTER_COLUMNS,
    emv,
    probability_impact_matrix,
    register_emv,
    score_register,
    validate_register,
)
from pmcourse.risk.sampling import DISTRIBUTIONS, sample_three_point

__all__ = [
    "DEFAULT_BANDS",
    "DISTRIBUTIONS",
    "OPTIONAL_COLUMNS",
    "REGISTER_COLUMNS",
    "Chance",
    "Decision",
    "End",
    "Rollback",
    "ScheduleSimulation",
    "emv",
    "monte_carlo_cost",
    "monte_carlo_schedule",
    "pareto",
    "probability_impact_matrix",
    "register_emv",
    "rollback",
    "sample_three_point",
    "score_register",
    "simulate_schedule",
    "validate_register",
    "widen_estimates",
]
