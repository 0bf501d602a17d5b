"""pmcourse: a Jupyter course that turns engineers into project leads.

The library is the single source of truth for every formula the course
teaches. Domain modules are pure (no printing, plotting or widgets):

- :mod:`pmcourse.schedule`: critical path (CPM), PERT and the chance of a date.

Plots live in :mod:`pmcourse.plots`, simulations in :mod:`pmcourse.widgets`.
"""

__version__ = "0.1.0"
