"""Calculation item families: questions whose numbers are drawn with an rng.

Each family is a function registered with :func:`family` under an id such as
``F-EVM-01``. It draws its numbers, computes the key with :mod:`pmcourse`
(never with a formula of its own) and lists wrong values from typical
mistakes, each with the reason it is wrong. :func:`build` turns a family and
a seed into a concrete :class:`~pmcourse.capm.item.Item`, the options
formatted alike and shuffled so that every letter is the answer equally
often. Every item keeps the ``params`` it was drawn from, so a test can
recompute its key.

The families by topic, named like the library's topic packages:
:mod:`.evm` (earned value), :mod:`.schedule` (CPM, float, lags),
:mod:`.schedule_pert` (PERT, crashing), :mod:`.cost_finance` (NPV, IRR,
payback, BCR, ROI), :mod:`.cost` (three-point costs, budgets, contracts),
:mod:`.stakeholders` (communication channels), :mod:`.risk` (EMV, decision
trees, risk scores), :mod:`.agile` (velocity, burndown, Little's law, cycle
time), :mod:`.analysis` (WSJF, weighted scoring).

Used in: lesson 09, CAPM practice; exercise ps09.
"""

from pmcourse.capm.families import (  # noqa: F401 (importing registers)
    agile,
    analysis,
    cost,
    cost_finance,
    evm,
    risk,
    schedule,
    schedule_pert,
    stakeholders,
)
from pmcourse.capm.families._registry import (
    FAMILIES,
    Draft,
    Family,
    Redraw,
    build,
    family,
)

__all__ = ["FAMILIES", "Draft", "Family", "Redraw", "build", "family"]
