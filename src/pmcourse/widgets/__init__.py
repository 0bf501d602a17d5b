"""Course simulations and self-checks: thin widgets over the pure library.

Each simulation is a class (see :class:`pmcourse.widgets.base.Simulation`):
``controls`` holds the ipywidgets, ``result`` the library's latest answer,
``update()`` recomputes and redraws. A lesson shows one with a single line,
e.g. ``CriticalPathExplorer(plan)``.
"""

from pmcourse.widgets.agile import AgileVsWaterfall, KanbanBoard
from pmcourse.widgets.agile_lifecycle import LifeCycleChooser
from pmcourse.widgets.analysis import BacklogPrioritiser
from pmcourse.widgets.base import Simulation
from pmcourse.widgets.cost import CertificationROI, ReserveSizer
from pmcourse.widgets.evm import StatusDashboard
from pmcourse.widgets.lesson_mark import LessonMark
from pmcourse.widgets.quiz import SelfCheck
from pmcourse.widgets.risk import ScheduleRiskSimulator
from pmcourse.widgets.schedule import CriticalPathExplorer
from pmcourse.widgets.schedule_crashing import TimeCostTradeoff
from pmcourse.widgets.stakeholders import (
    ChannelsGrowth,
    PowerInterestGrid,
    StakeholderEngagement,
)
from pmcourse.widgets.stakeholders_leadership import LeadWeek, TimeSplit

__all__ = [
    "AgileVsWaterfall",
    "BacklogPrioritiser",
    "CertificationROI",
    "ChannelsGrowth",
    "CriticalPathExplorer",
    "KanbanBoard",
    "LeadWeek",
    "LessonMark",
    "LifeCycleChooser",
    "PowerInterestGrid",
    "ReserveSizer",
    "ScheduleRiskSimulator",
    "SelfCheck",
    "Simulation",
    "StakeholderEngagement",
    "StatusDashboard",
    "TimeCostTradeoff",
    "TimeSplit",
]
