"""The work of a run: activities, stories, defects and sprints.

Internal to :mod:`pmcourse.capstone`, one layer of the state of a run that
:class:`pmcourse.capstone._world.World` puts together (each layer builds on
the one below it; see that module). Work is measured in person-weeks, money
in dollars.
"""

from __future__ import annotations

import math
from typing import Any

from pmcourse.capstone._draws import Draws
from pmcourse.capstone.scenario import Scenario
from pmcourse.capstone.scenario import predecessor_ids as _preds

FIX_EFFORT = 0.15  # person-weeks to fix one defect
DEFECT_RATE = 0.25  # defects made per person-week of work
FIX_SHARE = 0.15  # at most this share of capacity goes to fixing defects
CRASH_PREMIUM = 2.0  # contractors cost this many times the normal rate
STORY_CREW = 3.0  # people who can work on one story at once
DONE = 1e-9


def clip(x: float, low: float, high: float) -> float:
    return low if x < low else high if x > high else x


class Work:
    """The activities and stories, how far each is done, defects, sprints."""

    def __init__(self, sc: Scenario, draws: Draws) -> None:
        d = sc.data
        self.sc = sc
        self.rate = float(d["rate"])
        self.loaded = sc.loaded_rate
        acts = d["activities"]
        stories = d.get("stories", [])
        self.acts: dict[str, dict[str, Any]] = {}
        for a, e in zip(acts, draws.act_err, strict=True):
            start, finish = sc.baseline[a["id"]]
            kind = a.get("kind", "activity")
            est = sc.work_of(a) if kind != "backlog" else 0.0
            self.acts[a["id"]] = {
                "id": a["id"],
                "name": a["name"],
                "kind": kind,
                "est": est,
                "work": est * float(e),
                "done": 0.0,
                "crew": float(a["crew"]),
                "preds": _preds(a.get("predecessors")),
                "materials": float(a.get("materials", 0.0)),
                "charged": 0.0,
                "budget": float(a.get("materials", 0.0)) + est * self.loaded,
                "optional": bool(a.get("optional", False)),
                "value": float(a.get("value", 3.0)),
                "cut": False,
                "fast": False,
                "blocked_until": 0,
                "plan": (start, finish, 0.0, 0),
                "finished": None,
            }
        self.stories: dict[str, dict[str, Any]] = {}
        self._by_backlog: dict[str, list[dict[str, Any]]] = {}
        for rank, (s, e) in enumerate(zip(stories, draws.story_err, strict=True)):
            self._add_story(s, rank, float(e))
        self.base_value = self.value_total(planned=True)
        self.defects_open = 0.0
        self.defects_total = 0.0
        self.velocities: list[float] = []
        self.sprint_points = 0.0
        self.commitment: float | None = None
        self.sprint_plan: list[str] | None = None
        self.overcommitted = False
        self.expected: float | None = None
        self.finished_week: int | None = None

    def _add_story(self, s: dict[str, Any], rank: float, err: float) -> None:
        effort = float(s["points"]) * self.sc.effort_per_point
        story = self.stories[s["id"]] = {
            "id": s["id"],
            "name": s["name"],
            "points": float(s["points"]),
            "priority": s.get("priority", "should"),
            "value": float(s.get("value", 2.0)),
            "backlog": s["backlog"],
            "rank": rank,
            "work": effort * err,
            "est": effort,
            "done": 0.0,
            "budget": float(s.get("cost", 0.0)) + effort * self.loaded,
            "materials": float(s.get("cost", 0.0)),
            "charged": 0.0,
            "cut": False,
            "finished": None,
            "started": False,
        }
        self._by_backlog.setdefault(s["backlog"], []).append(story)

    def _stories_of(self, act_id: str) -> list[dict[str, Any]]:
        return self._by_backlog.get(act_id, [])

    def complete(self, a: dict[str, Any]) -> bool:
        if a["cut"]:
            return True
        if a["kind"] == "backlog":
            return all(
                s["cut"] or s["done"] >= s["work"] - DONE
                for s in self._stories_of(a["id"])
            )
        return a["done"] >= a["work"] - DONE

    def fraction(self, a: dict[str, Any]) -> float:
        if a["kind"] == "backlog":
            stories = self._stories_of(a["id"])
            total = sum(s["budget"] for s in stories)
            if total <= 0:
                return 1.0
            return (
                sum(s["budget"] * min(1.0, s["done"] / s["work"]) for s in stories)
                / total
            )
        return 1.0 if a["work"] <= 0 else min(1.0, a["done"] / a["work"])

    def budget_of(self, a: dict[str, Any]) -> float:
        if a["kind"] == "backlog":
            return sum(s["budget"] for s in self._stories_of(a["id"]))
        return float(a["budget"])

    def sprint_starts(self, week: int) -> bool:
        n = self.sc.sprint_weeks
        return bool(n) and (week - 1) % n == 0 and not self.finished_week

    def value_total(self, planned: bool = False) -> float:
        total = 0.0
        for a in self.acts.values():
            if a["kind"] == "backlog":
                for s in self._stories_of(a["id"]):
                    if planned or (not s["cut"] and s["done"] >= s["work"] - DONE):
                        total += s["value"]
            elif planned or (not a["cut"] and a["done"] >= a["work"] - DONE):
                total += a["value"]
        return total

    def scope_done(self) -> float:
        return self.value_total() / self.base_value

    def quality_index(self) -> float:
        return 100.0 * math.exp(-self.defects_open / 10.0)

    def could_stories(self) -> list[dict[str, Any]]:
        return [
            {
                "id": s["id"],
                "name": s["name"],
                "points": s["points"],
                "percent": round(100.0 * min(1.0, s["done"] / s["work"]), 1),
            }
            for s in sorted(self.stories.values(), key=lambda s: -s["rank"])
            if s["priority"] == "could"
            and not s["cut"]
            and s["done"] < s["work"] - DONE
        ]

    def _cut(self, i: str) -> None:
        if i in self.acts:
            a = self.acts[i]
            a["budget"] *= self.fraction(a)
            a["cut"] = True
        else:
            s = self.stories[i]
            s["budget"] *= min(1.0, s["done"] / s["work"])
            s["cut"] = True
