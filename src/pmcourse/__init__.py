"""pmcourse: a Jupyter course that turns engineers into project leads.

The library is the single source of truth for every formula the course
teaches. Domain modules are pure (no printing, plotting or widgets):

- :mod:`pmcourse.schedule`: critical path (CPM), PERT and the chance of a date;
  :mod:`pmcourse.resources`: resource-constrained scheduling.
- :mod:`pmcourse.cost`: estimating, reserves and the cost baseline;
  :mod:`pmcourse.finance`: project selection (NPV, IRR, payback, BCR, ROI).
- :mod:`pmcourse.evm`: earned value indices and forecasts.
- :mod:`pmcourse.risk` and :mod:`pmcourse.montecarlo`: registers, EMV,
  decision trees and Monte Carlo simulation.
- :mod:`pmcourse.agile`: velocity, forecasts, flow, Kanban and an
  Agile-versus-Waterfall model; :mod:`pmcourse.stakeholders`: channels,
  power-interest grid, RACI.
- :mod:`pmcourse.formats`: MS Project XML, Jira CSV and PSPLIB files.
- :mod:`pmcourse.capm`: the CAPM-style question bank.

Plots live in :mod:`pmcourse.plots`, simulations in :mod:`pmcourse.widgets`.
"""

__version__ = "0.1.0"
