"""The schedule of a run: the network, forecasts and re-plans.

Internal to :mod:`pmcourse.capstone`, one layer of the state of a run that
:class:`pmcourse.capstone._world.World` puts together (each layer builds on
the one below it; see that module). Work is measured in person-weeks, money
in dollars.
"""

from __future__ import annotations

import math
from typing import Any

from pmcourse import schedule
from pmcourse.capstone._draws import Draws
from pmcourse.capstone._money import Money
from pmcourse.capstone.scenario import Scenario, planned_capacity
from pmcourse.capstone.scenario import predecessor_ids as _preds


class Schedule(Money):
    """What can be worked on, the remaining network and its forecast."""

    def __init__(self, sc: Scenario, draws: Draws) -> None:
        super().__init__(sc, draws)
        self.deadline = float(sc.deadline)
        self.authorised_deadline = float(sc.deadline)
        self.planned_capacity = planned_capacity(sc.data["team"])
        self.last_capacity = 0.0
        self._week = 0
        self._paths: list[tuple[str, ...]] = []
        self._paths_key: tuple[Any, ...] = ()

    def available(self, a: dict[str, Any], week: int) -> bool:
        if self.complete(a) or a["blocked_until"] >= week:
            return False
        for p in a["preds"]:
            pa = self.acts[p]
            if self.complete(pa):
                continue
            if a["fast"] and self.fraction(pa) >= 0.5:
                continue
            return False
        return True

    def paths(self) -> list[tuple[str, ...]]:
        """Every path from a first to a last activity (cached per network)."""
        key = tuple((a["id"], tuple(a["preds"])) for a in self.acts.values())
        if self._paths_key != key:
            succ: dict[str, list[str]] = {i: [] for i in self.acts}
            for a in self.acts.values():
                for p in a["preds"]:
                    succ[p].append(a["id"])
            found: list[tuple[str, ...]] = []

            def walk(path: tuple[str, ...]) -> None:
                nxt = succ[path[-1]]
                if not nxt:
                    found.append(path)
                for n in nxt:
                    walk((*path, n))

            for a in self.acts.values():
                if not a["preds"]:
                    walk((a["id"],))
            self._paths, self._paths_key = found, key
        return self._paths

    def forecast_remaining(self) -> float:
        """Weeks the remaining network needs: its longest path.

        The same number as :func:`pmcourse.schedule.project_finish` of
        :meth:`remaining_network` (a test checks it), found over the paths
        enumerated once, because it is asked every week.
        """
        durations = {t["id"]: t["duration"] for t in self.remaining_network()}
        if not durations:
            return 0.0
        return max(sum(durations.get(i, 0.0) for i in path) for path in self.paths())

    def remaining_network(self) -> list[dict[str, Any]]:
        cap = self.last_capacity or self.planned_capacity
        tasks = []
        for a in self.acts.values():
            if self.complete(a):
                continue
            if a["kind"] == "backlog":
                stories = [s for s in self._stories_of(a["id"]) if not s["cut"]]
                left = sum(
                    max(s["est"] - s["done"], 0.1 * s["est"])
                    for s in stories
                    if s["done"] < s["work"]
                )
            else:
                left = max(a["est"] - a["done"], 0.1 * a["est"])
            rate = min(a["crew"], cap)
            blocked = max(0, a["blocked_until"] - self._week)
            preds = [p for p in a["preds"] if not self.complete(self.acts[p])]
            tasks.append(
                {
                    "id": a["id"],
                    "duration": left / rate + blocked,
                    "predecessors": ", ".join(preds),
                }
            )
        return tasks

    def replan(self, week: int, finish: float) -> None:
        """Spread the remaining planned value from now to the new finish."""
        tasks = self.remaining_network()

        table = schedule.cpm(tasks) if tasks else None
        for a in self.acts.values():
            f0 = self.fraction(a)
            if table is not None and a["id"] in table.index:
                row = table.loc[a["id"]]
                a["plan"] = (week + float(row.es), week + float(row.ef), f0, week)
            else:
                a["plan"] = (week, week, 1.0, week)
        self.deadline = float(math.ceil(finish))

    def progress(self) -> list[dict[str, Any]]:
        out = []
        for a in self.acts.values():
            start, finish, _, _ = a["plan"]
            out.append(
                {
                    "id": a["id"],
                    "name": a["name"],
                    "percent": round(100.0 * self.fraction(a), 1),
                    "planned_start": start,
                    "planned_finish": finish,
                    "finished": a["finished"],
                    "cut": a["cut"],
                    "kind": a["kind"],
                    "optional": a["optional"],
                    "workable": self.available(a, self._week + 1),
                }
            )
        return out

    def _add_extra(self, x: dict[str, Any], week: int) -> None:
        x["added"] = True
        work = float(
            x.get("work", float(x.get("points", 0)) * self.sc.effort_per_point)
        )
        self.authorised += float(x.get("materials", 0.0)) + work * self.loaded
        if x.get("backlog"):
            self._add_story({**x, "priority": "should"}, 100 + len(self.stories), 1.0)
            return
        budget = float(x["materials"]) + work * self.loaded
        dur = work / float(x["crew"])
        self.acts[x["id"]] = {
            "id": x["id"],
            "name": x["name"],
            "kind": "activity",
            "est": work,
            "work": work,
            "done": 0.0,
            "crew": float(x["crew"]),
            "preds": _preds(x["predecessors"]),
            "materials": float(x["materials"]),
            "charged": 0.0,
            "budget": budget,
            "optional": True,
            "value": float(x["value"]),
            "cut": False,
            "fast": False,
            "blocked_until": 0,
            "plan": (week, week + dur, 0.0, week),
            "finished": None,
        }
        self.acts[x["successors"]]["preds"].append(x["id"])
