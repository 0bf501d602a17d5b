"""The capstone's engine: one project, advanced a week at a time.

All randomness is drawn when the project starts, from the seed alone: the
true size of each piece of work, the weekly noise on productivity and the
uniform numbers that decide whether each risk, event and change request
happens. Decisions therefore change what an event does, never whether the
dice come up, so two runs of one seed can be compared decision by decision
(the debrief's turning points rely on it).

The measures come from the library: :func:`pmcourse.evm.evm` (CPI, SPI,
EAC...), :func:`pmcourse.schedule.cpm` (every re-plan) and
:func:`pmcourse.stakeholders.communication_channels`
(the coordination cost of a bigger team).

Used in: lesson 10, leading a project; exercise ps10.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np

from pmcourse import evm, stakeholders
from pmcourse.capstone import _world
from pmcourse.capstone.decisions import COMMUNICATIONS, normalise
from pmcourse.capstone.scenario import CHANNEL_OVERHEAD, Scenario, load_scenario

__all__ = ["InvalidLog", "LOG_VERSION", "Project"]

LOG_VERSION = 1


class InvalidLog(ValueError):
    """A log that could not have been played (tampered or impossible)."""


class Project:
    """A project to lead, started from a scenario and a seed.

    Parameters
    ----------
    scenario : str
        A name from :func:`pmcourse.capstone.scenarios`.
    seed : int
        Seeds every random draw of the run (non-negative).

    Attributes
    ----------
    week : int
        Weeks played so far.
    done : bool
        Whether the project has finished (or was stopped at its last week).
    reports : list of dict
        Every week's status report, in order.
    log : dict
        The seed, the scenario and every week's decisions (JSON-friendly).

    Examples
    --------
    >>> p = Project("substation_upgrade", seed=1)
    >>> r = p.step()
    >>> r["week"], r["cpi"] == r["ev"] / r["ac"]
    (1, True)

    Used in: lesson 10, leading a project; exercise ps10.
    """

    def __init__(self, scenario: str, seed: int) -> None:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
            raise ValueError(f"seed: expected a whole number, got {seed!r}")
        if seed < 0:
            raise ValueError(f"seed: expected a non-negative number, got {seed}")
        self.scenario: Scenario = load_scenario(scenario)
        self.seed = int(seed)
        self.week = 0
        self.done = False
        self.reports: list[dict[str, Any]] = []
        self.log: dict[str, Any] = {
            "version": LOG_VERSION,
            "scenario": self.scenario.name,
            "seed": self.seed,
            "decisions": [],
            "checks": [],
        }
        self.w = _world.World(self.scenario, np.random.default_rng(self.seed))
        self.start_report = self._report([], week=0)

    # ----------------------------------------------------------- week
    def step(self, decisions: dict[str, Any] | None = None) -> dict[str, Any]:
        """Apply a week's decisions, play the week and return its report.

        Parameters
        ----------
        decisions : dict, optional
            The week's decisions (see :mod:`pmcourse.capstone.decisions`);
            ``None`` or ``{}`` decides nothing new.

        Returns
        -------
        dict
            The week's status report (see :meth:`status_keys`).

        Raises
        ------
        ValueError
            If the project is over, or a decision is malformed or impossible
            this week (the message names it; nothing is changed).

        Examples
        --------
        >>> p = Project("mobile_banking_app", seed=3)
        >>> p.step({"communicate": ["status_meeting"]})["week"]
        1
        """
        if self.done:
            raise ValueError("the project is over: no more weeks to play")
        clean = normalise(decisions)
        w = self.w
        w.validate(clean, self.week + 1)
        self.week += 1
        events = w.play(clean, self.week)
        report = self._report(events, week=self.week)
        self.reports.append(report)
        self.log["decisions"].append(copy.deepcopy(clean))
        self.log["checks"].append([round(report["ev"], 2), round(report["ac"], 2)])
        if w.finished_week is not None or self.week >= self.scenario.max_weeks:
            self.done = True
        return report

    @property
    def last_report(self) -> dict[str, Any]:
        """The latest report (the start report before the first week)."""
        return self.reports[-1] if self.reports else self.start_report

    # ----------------------------------------------------------- report
    def _forecast_finish(self, week: int) -> float:
        w = self.w
        if w.finished_week is not None:
            return float(w.finished_week)
        return float(week) + w.forecast_remaining()

    def _report(self, events: list[str], week: int) -> dict[str, Any]:
        w = self.w
        pv, ev, ac, bac = w.pv(week), w.ev(), w.ac(), w.bac()
        ev = min(ev, bac)
        if week == 0:
            m = {k: math.nan for k in ("cv", "sv", "cpi", "spi", "eac", "etc", "vac")}
            m["tcpi"] = math.nan
        else:
            r = evm.evm(pv=pv, ev=ev, ac=ac, bac=bac)
            m = {
                "cv": r.cv,
                "sv": r.sv,
                "cpi": ev / ac,
                "spi": ev / pv,
                "eac": r.eac if math.isfinite(r.eac) else r.eac_atypical,
                "etc": r.etc if math.isfinite(r.etc) else r.eac_atypical - ac,
                "vac": r.vac if math.isfinite(r.vac) else bac - r.eac_atypical,
                "tcpi": r.tcpi,
            }
        sats = w.satisfactions()
        report: dict[str, Any] = {
            "week": week,
            "scenario": self.scenario.name,
            "kind": self.scenario.kind,
            "pv": pv,
            "ev": ev,
            "ac": ac,
            "bac": bac,
            **m,
            "forecast_finish": self._forecast_finish(week),
            "deadline": w.deadline,
            "original_deadline": self.scenario.deadline,
            "finished": w.finished_week is not None,
            "scope_done": w.scope_done(),
            "defects_open": w.defects_open,
            "defects_total": w.defects_total,
            "quality": w.quality_index(),
            "morale": w.morale,
            "fatigue": w.fatigue,
            "team_size": len(w.team),
            "max_team": int(self.scenario.data["max_team"]),
            "capacity": w.last_capacity,
            "channels": stakeholders.communication_channels(len(w.team)),
            "overtime": w.overtime,
            "wip_limit": w.wip_limit,
            "stakeholder_satisfaction": w.overall_satisfaction(),
            "stakeholders": sats,
            "contingency_left": w.contingency_left(),
            "spent_this_week": w.spent_in(week),
            "velocity": list(w.velocities),
            "sprint_start": w.sprint_starts(week + 1),
            "activities": w.progress(),
            "could_stories": w.could_stories(),
            "events": list(events),
            "open_decisions": w.open_decisions(week + 1),
        }
        return report

    @staticmethod
    def status_keys() -> list[str]:
        """Return the keys every weekly report holds.

        Returns
        -------
        list of str

        Examples
        --------
        >>> {"pv", "ev", "ac", "cpi", "spi", "eac"} <= set(Project.status_keys())
        True
        """
        p = Project("substation_upgrade", 0)
        return list(p.start_report)

    def __repr__(self) -> str:
        state = "done" if self.done else "running"
        name = self.scenario.name
        return f"Project({name!r}, seed={self.seed}, week={self.week}, {state})"


# keep the constant importable from here for the lesson's text
CHANNEL_COST = CHANNEL_OVERHEAD
COMMUNICATION_COST = COMMUNICATIONS
