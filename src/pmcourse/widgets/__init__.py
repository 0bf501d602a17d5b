"""Course simulations and self-checks: thin widgets over the pure library.

Each simulation is a class (see :class:`pmcourse.widgets.base.Simulation`):
``controls`` holds the ipywidgets, ``result`` the library's latest answer,
``update()`` recomputes and redraws. A lesson shows one with a single line,
e.g. ``CriticalPathExplorer(plan)``.
"""

from pmcourse.widgets.base import Simulation
from pmcourse.widgets.leadership import TimeSplit
from pmcourse.widgets.quiz import SelfCheck
from pmcourse.widgets.schedule import CriticalPathExplorer

__all__ = ["CriticalPathExplorer", "SelfCheck", "Simulation", "TimeSplit"]
