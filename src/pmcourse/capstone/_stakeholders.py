"""The stakeholders of a run: satisfaction, influence, the sponsor.

Internal to :mod:`pmcourse.capstone`, one layer of the state of a run that
:class:`pmcourse.capstone._world.World` puts together (each layer builds on
the one below it; see that module). Work is measured in person-weeks, money
in dollars.
"""

from __future__ import annotations

from typing import Any

from pmcourse.capstone._draws import Draws
from pmcourse.capstone._team import Team
from pmcourse.capstone._work import clip
from pmcourse.capstone.scenario import Scenario


class Stakeholders(Team):
    """The people the project serves, how satisfied and how loud they are."""

    def __init__(self, sc: Scenario, draws: Draws) -> None:
        super().__init__(sc, draws)
        self.people = {
            s["id"]: {
                "name": s["name"],
                "power": float(s["power"]),
                "interest": float(s["interest"]),
                "sat": float(s["satisfaction"]),
                "cares": dict(s["cares"]),
                "sponsor": bool(s.get("sponsor", False)),
                "comm": 0.5,
                "scope": 0.0,
                "escalations": 0,
            }
            for s in sc.data["stakeholders"]
        }
        self.sponsor = next(k for k, v in self.people.items() if v["sponsor"])

    def satisfactions(self) -> dict[str, dict[str, float]]:
        return {
            k: {"satisfaction": v["sat"], "influence": self.influence(v)}
            for k, v in self.people.items()
        }

    @staticmethod
    def influence(v: dict[str, Any]) -> float:
        loud = 0.6 + 0.8 * abs(v["sat"] - 50.0) / 50.0
        return v["power"] * loud * (1.0 + 0.1 * v["escalations"])

    def overall_satisfaction(self) -> float:
        weights = [(self.influence(v), v["sat"]) for v in self.people.values()]
        return sum(w * s for w, s in weights) / sum(w for w, _ in weights)

    def _shock(self, amount: float, who: str | None = None) -> None:
        for k, v in self.people.items():
            if who is None or k == who:
                v["sat"] = clip(v["sat"] + amount, 0.0, 100.0)

    def _escalate(self, week: int, events: list[str]) -> None:
        sponsor = self.people[self.sponsor]
        sponsor["escalations"] += 1
        blocked = [a for a in self.acts.values() if a["blocked_until"] >= week]
        if blocked:
            for a in blocked:
                a["blocked_until"] = week - 1
            self._shock(-2.0, self.sponsor)
            events.append(
                "Escalation: the sponsor clears the blockage on "
                + ", ".join(a["id"] for a in blocked)
            )
        else:
            self._shock(-6.0, self.sponsor)
            events.append("Escalation without a blocker: the sponsor is annoyed")

    def _rebaseline(self, week: int, events: list[str]) -> None:
        sponsor = self.people[self.sponsor]
        if sponsor["sat"] < 45.0:
            self._shock(-3.0, self.sponsor)
            events.append("Re-baseline refused: the sponsor has lost confidence")
            return
        finish = week - 1 + self.forecast_remaining()
        self.replan(week - 1, max(finish, self.deadline))
        self._shock(-6.0, self.sponsor)
        events.append(f"Re-baseline approved: new finish week {self.deadline:.0f}")

    def _stakeholder_week(self, week: int) -> None:
        """Move each stakeholder's satisfaction towards what they see."""
        pv = self.pv(week)
        ac = self.ac()
        ev = self.ev()
        spi = ev / pv if pv > 0 else 1.0
        cpi = ev / ac if ac > 0 else 1.0
        perf_cost = clip((cpi - 1.0) * 4.0, -1.0, 1.0)
        perf_time = clip((spi - 1.0) * 4.0, -1.0, 1.0)
        quality = -min(1.0, self.defects_open / 30.0)
        for v in self.people.values():
            c = v["cares"]
            perf = (
                c.get("schedule", 0) * perf_time
                + c.get("cost", 0) * perf_cost
                + c.get("scope", 0) * clip(v["scope"] + quality, -1.0, 1.0)
                + c.get("communication", 0) * (2.0 * v["comm"] - 1.0)
            )
            target = 58.0 + 40.0 * perf
            v["sat"] = clip(v["sat"] + 0.25 * (target - v["sat"]), 0.0, 100.0)
            v["comm"] *= 0.7
            v["scope"] *= 0.9
