"""pmcourse: a Jupyter course that turns engineers into project leads.

The library is the single source of truth for every formula the course
teaches. Domain code is pure (no printing, plotting or widgets) and grouped
by the course's topics, one package each, whose ``__init__`` is its public
front:

- :mod:`pmcourse.schedule`: critical path (CPM), PERT and the chance of a
  date, crashing, resource-constrained scheduling.
- :mod:`pmcourse.cost`: estimating, reserves, the cost baseline, project
  selection (NPV, IRR, payback, BCR, ROI; also ``pmcourse.finance``),
  contracts and the cost of quality.
- :mod:`pmcourse.evm`: earned value indices, forecasts and their reading.
- :mod:`pmcourse.risk`: registers, EMV, decision trees, Monte Carlo
  simulation and Pareto analysis.
- :mod:`pmcourse.agile`: velocity, forecasts, flow, Kanban, an
  Agile-versus-Waterfall model and choosing a life cycle.
- :mod:`pmcourse.analysis`: backlog prioritisation, Kano, traceability.
- :mod:`pmcourse.stakeholders`: channels, power-interest grid, RACI,
  leadership and career arithmetic.
- :mod:`pmcourse.core`: the rules every topic shares (input checks).
- :mod:`pmcourse.formats`: MS Project XML, Jira CSV and PSPLIB files.
- :mod:`pmcourse.capm`: the CAPM-style question bank.

Plots live in :mod:`pmcourse.plots`, simulations in :mod:`pmcourse.widgets`,
datasets in :mod:`pmcourse.datasets`, each with modules named after the same
topics. Tooling (``cli``, ``release``, ``setup_lab``, ``grading``,
``variants``) sits apart from the domain. ``ARCHITECTURE.md`` draws the
layers.

Old import paths. Modules that moved into a topic package keep importing
under their old name (``pmcourse.finance``, ``pmcourse.pert``,
``pmcourse.montecarlo``...): :data:`MOVED` maps each old path to its new
home, and importing the old path returns the very same module object.

Examples
--------
>>> import pmcourse.montecarlo, pmcourse.risk.montecarlo
>>> pmcourse.montecarlo is pmcourse.risk.montecarlo
True
>>> from pmcourse.finance import npv
>>> round(npv(0.1, [-100, 60, 60]), 2)
4.13
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

__version__ = "0.1.0"

#: old module path -> the module it moved to (imports of the old path still work)
MOVED: dict[str, str] = {
    "pmcourse._checks": "pmcourse.core.checks",
    "pmcourse._tasks": "pmcourse.schedule._tasks",
    "pmcourse._network": "pmcourse.schedule._network",
    "pmcourse._rcpsp": "pmcourse.schedule._rcpsp",
    "pmcourse._rcpsp_search": "pmcourse.schedule._rcpsp_search",
    "pmcourse.pert": "pmcourse.schedule.three_point",
    "pmcourse.crashing": "pmcourse.schedule.crashing",
    "pmcourse.resources": "pmcourse.schedule.resources",
    "pmcourse.finance": "pmcourse.cost.finance",
    "pmcourse.contracts": "pmcourse.cost.contracts",
    "pmcourse.quality": "pmcourse.cost.quality",
    "pmcourse.evm_reading": "pmcourse.evm.reading",
    "pmcourse.decision_tree": "pmcourse.risk.decision_tree",
    "pmcourse.montecarlo": "pmcourse.risk.montecarlo",
    "pmcourse.sampling": "pmcourse.risk.sampling",
    "pmcourse.problem_solving": "pmcourse.risk.problem_solving",
    "pmcourse.lifecycle": "pmcourse.agile.lifecycle",
    "pmcourse.leadership": "pmcourse.stakeholders",  # it re-exported the models
    "pmcourse.leadership_models": "pmcourse.stakeholders.leadership_models",
    "pmcourse.career": "pmcourse.stakeholders.career",
    "pmcourse.plots.budgeting": "pmcourse.plots.cost_baseline",
    "pmcourse.plots.crashing": "pmcourse.plots.schedule_crashing",
    "pmcourse.plots.network": "pmcourse.plots.schedule_network",
    "pmcourse.plots.resources": "pmcourse.plots.schedule_resources",
    "pmcourse.plots.montecarlo": "pmcourse.plots.risk_montecarlo",
    "pmcourse.plots.problem_solving": "pmcourse.plots.risk_problem_solving",
    "pmcourse.plots.flow": "pmcourse.plots.agile_flow",
    "pmcourse.plots.lifecycle": "pmcourse.plots.agile_lifecycle",
    "pmcourse.widgets.earned_value": "pmcourse.widgets.evm",
    "pmcourse.widgets.crashing": "pmcourse.widgets.schedule_crashing",
    "pmcourse.widgets.leadership": "pmcourse.widgets.stakeholders_leadership",
    "pmcourse.widgets.lifecycle": "pmcourse.widgets.agile_lifecycle",
    "pmcourse.capm.families.budget": "pmcourse.capm.families.cost",
    "pmcourse.capm.families.finance": "pmcourse.capm.families.cost_finance",
    "pmcourse.capm.families.pert": "pmcourse.capm.families.schedule_pert",
    "pmcourse.capm.families.channels": "pmcourse.capm.families.stakeholders",
    "pmcourse.capm.families.ba": "pmcourse.capm.families.analysis",
    "pmcourse.datasets.budgeting": "pmcourse.datasets.cost",
    "pmcourse.datasets.earned_value": "pmcourse.datasets.evm",
    "pmcourse.datasets.levelling": "pmcourse.datasets.schedule",
    "pmcourse.datasets.lifecycles": "pmcourse.datasets.agile_lifecycle",
    "pmcourse.datasets.backlog": "pmcourse.datasets.analysis",
}


class _MovedLoader(importlib.abc.Loader):
    """Load an old module path as the module it moved to (the same object)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self.spec = module.__spec__  # the import system overwrites it; put it back
        return module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = self.spec  # already executed under its new name


class _MovedFinder(importlib.abc.MetaPathFinder):
    """Find the old paths of :data:`MOVED`; asked after the ordinary finders."""

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, _MovedLoader(MOVED[fullname]))


if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
    sys.meta_path.append(_MovedFinder())


def __getattr__(name: str) -> ModuleType:
    """Import an old top-level path on first use: ``pmcourse.finance.npv``."""
    if f"{__name__}.{name}" in MOVED:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
