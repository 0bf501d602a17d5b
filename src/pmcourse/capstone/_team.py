"""The team of a run: people, capacity, the week's work, morale.

Internal to :mod:`pmcourse.capstone`, one layer of the state of a run that
:class:`pmcourse.capstone._world.World` puts together (each layer builds on
the one below it; see that module). Work is measured in person-weeks, money
in dollars.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from pmcourse.capstone._draws import Draws
from pmcourse.capstone._schedule import Schedule
from pmcourse.capstone._work import (
    CRASH_PREMIUM,
    DEFECT_RATE,
    DONE,
    FIX_EFFORT,
    FIX_SHARE,
    STORY_CREW,
    clip,
)
from pmcourse.capstone.scenario import CHANNEL_OVERHEAD, Scenario


class Team(Schedule):
    """The people, what they can do in a week and how they feel about it."""

    def __init__(self, sc: Scenario, draws: Draws) -> None:
        super().__init__(sc, draws)
        team = sc.data["team"]
        skill_err = draws.skill_err
        self.noise = draws.noise
        self.team = [
            {"name": p["name"], "skill": float(p["skill"]) + float(e), "joined": 0}
            for p, e in zip(team, skill_err[: len(team)], strict=True)
        ]
        self.hire_skills = [1.0 + float(e) for e in skill_err[len(team) :]]
        self.hired = 0
        self.lost = 0
        self.morale = 60.0
        self.fatigue = 0.0
        self.overtime = 0
        self.wip_limit: int | None = None
        self.one_to_ones = 0.0
        self.capacity_loss: list[tuple[int, float]] = []
        self.morale_history: list[float] = []

    def productivity(self, week: int) -> float:
        return (
            (0.75 + 0.5 * self.morale / 100.0)
            * (1.0 - 0.4 * self.fatigue / 100.0)
            * (1.0 + 0.1 * self.overtime)
            * float(self.noise[week])
        )

    def _capacity(self, week: int, share: float) -> float:
        raw = 0.0
        for p in self.team:
            age = week - p["joined"]
            ramp = 1.0 if p["joined"] == 0 or age >= 2 else (0.4 if age == 0 else 0.7)
            raw += p["skill"] * ramp
        n = len(self.team)
        overhead = CHANNEL_OVERHEAD * n * (n - 1) / 2
        loss = sum(x for until, x in self.capacity_loss if until >= week)
        return max(0.0, raw * (1.0 - overhead - share + loss) * self.productivity(week))

    def _work(
        self, week: int, cap: float, dec: dict[str, Any], events: list[str]
    ) -> float:
        prod = self.productivity(week)
        avg = sum(p["skill"] for p in self.team) / len(self.team)
        if self.defects_open > 0:
            fix = min(FIX_SHARE * cap, self.defects_open * FIX_EFFORT)
            self.defects_open -= fix / FIX_EFFORT
            cap -= fix
        order = sorted(
            (a for a in self.acts.values() if self.available(a, week)),
            key=lambda a: (a["id"] not in dec.get("assign", {}), a["plan"][0], a["id"]),
        )
        for a in order:
            if cap <= 0:
                break
            limit = a["crew"] * avg * prod
            if a["id"] in dec.get("assign", {}):
                limit = min(limit, dec["assign"][a["id"]] * avg * prod) or limit
            give = min(cap, limit)
            if a["kind"] == "backlog":
                spent = self._work_backlog(a, give, week, avg * prod)
            else:
                spent = min(give, a["work"] - a["done"])
                self._progress(a, spent, week)
            cap -= spent
        for i in dec.get("crash", []):
            a = self.acts[i]
            extra = min(0.5 * a["crew"] * avg, a["work"] - a["done"])
            self.ledger.append((week, "crash", extra * self.rate * CRASH_PREMIUM))
            self._progress(a, extra, week)
        return cap

    def _progress(self, item: dict[str, Any], amount: float, week: int) -> None:
        if amount <= 0:
            return
        before = min(1.0, item["done"] / item["work"]) if item["work"] > 0 else 1.0
        item["done"] += amount
        if item["work"] - item["done"] < 1e-6:
            item["done"] = item["work"]
        after = min(1.0, item["done"] / item["work"]) if item["work"] > 0 else 1.0
        owed = item["materials"] * after - item["charged"]
        if owed > 0:
            self.ledger.append((week, "materials", owed))
            item["charged"] += owed
        factor = (1.0 + self.fatigue / 60.0) * (1.0 + 0.15 * self.overtime)
        factor *= 1.5 if item.get("fast") else 1.0
        factor *= 1.3 if self.overcommitted else 1.0
        made = amount * DEFECT_RATE * factor
        self.defects_open += made
        self.defects_total += made
        if after >= 1.0 - DONE and before < 1.0 - DONE:
            item["finished"] = week
            if "points" in item:
                self.sprint_points += item["points"]

    def _work_backlog(
        self, a: dict[str, Any], give: float, week: int, per_person: float
    ) -> float:
        """Work a backlog: the sprint's stories first, at most WIP-limit at once.

        Without a WIP limit everyone starts a story of their own; with one,
        the people share the limited stories (at most three on one story).
        Each story in progress beyond three costs 5 % in task switching.
        """
        plan = self.sprint_plan or []
        live = sorted(
            (
                s
                for s in self._stories_of(a["id"])
                if not s["cut"] and s["done"] < s["work"] - DONE
            ),
            key=lambda s: (s["id"] not in plan, not s["started"], s["rank"]),
        )
        people = give / max(per_person, 1e-9)
        if self.wip_limit:
            crew = min(STORY_CREW, max(1.0, math.ceil(people / self.wip_limit)))
            limit = self.wip_limit
        else:
            crew, limit = 1.0, len(live)
        busy = sum(1 for s in live if s["started"])
        shares: list[tuple[dict[str, Any], float]] = []
        budget = give
        for s in live:
            if budget <= DONE:
                break
            if not s["started"]:
                if busy >= limit:
                    continue
                busy += 1
            share = min(budget, crew * per_person, (s["work"] - s["done"]) / 0.6)
            shares.append((s, share))
            budget -= share
        switching = max(0.6, 1.0 - 0.05 * max(0, busy - 3))
        for s, share in shares:
            s["started"] = True
            self._progress(s, min(share * switching, s["work"] - s["done"]), week)
        return give - budget

    def _payroll(self, week: int) -> None:
        pay = sum(self.rate for _ in self.team) * (1.0 + 0.15 * self.overtime)
        self.ledger.append((week, "payroll", pay))

    def _commit(self, points: float) -> None:
        self.commitment = points
        plan: list[str] = []
        total = 0.0
        order = sorted(
            self.stories.values(), key=lambda s: (not s["started"], s["rank"])
        )
        for s in order:
            if s["cut"] or s["done"] >= s["work"] - DONE:
                continue
            if plan and total + s["points"] > points + DONE:
                continue
            plan.append(s["id"])
            total += s["points"]
        self.sprint_plan = plan
        recent = [v for v in self.velocities[-3:] if v > 0]
        self.expected = float(np.mean(recent)) if recent else None
        self.overcommitted = self.expected is not None and points > 1.15 * self.expected

    def _team_week(self) -> None:
        """Move fatigue and morale after a week's work."""
        if self.overtime:
            self.fatigue += 9.0 * self.overtime
        else:
            self.fatigue -= 10.0
        if self.overcommitted:
            self.fatigue += 5.0
        self.fatigue = clip(self.fatigue, 0.0, 100.0)
        target = 68.0 - 0.45 * self.fatigue + 8.0 * self.one_to_ones
        self.morale += 0.3 * (target - self.morale)
        self.morale = clip(self.morale, 0.0, 100.0)
        self.one_to_ones *= 0.5
        self.morale_history.append(self.morale)
