"""The state of a capstone project and how one week changes it.

Internal to :mod:`pmcourse.capstone`; :class:`pmcourse.capstone.Project`
is the public face. The state is built in layers, each a class in its own
module that extends the one below it (so no module imports one above it):

1. :mod:`._work`: activities, stories, defects and sprints;
2. :mod:`._money`: the ledger, the contingency reserve, PV, EV and AC;
3. :mod:`._schedule`: what can be worked on, the remaining network, its
   forecast and re-plans;
4. :mod:`._team`: the people, their capacity, the week's work, morale;
5. :mod:`._stakeholders`: satisfaction, influence, escalations;
6. :mod:`._register`: risks, events and change requests;
7. this module: the decisions (open, checked, applied) and the week.

All random draws are made first (:mod:`._draws`). Work is measured in
person-weeks, money in dollars.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pmcourse.capstone._draws import draw
from pmcourse.capstone._register import Register
from pmcourse.capstone._work import DONE
from pmcourse.capstone.decisions import COMMUNICATIONS
from pmcourse.capstone.scenario import Scenario


class World(Register):
    """Everything that changes during a run (see the module docstring)."""

    def __init__(self, sc: Scenario, rng: np.random.Generator) -> None:
        super().__init__(sc, draw(sc, rng))

    def open_decisions(self, week: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if self.finished_week is not None:
            return out
        for c in self.crs.values():
            if c["status"] == "open":
                out.append(
                    {
                        "kind": "change_request",
                        "id": c["id"],
                        "text": c["description"],
                        "work": c["work"],
                        "cost": c["cost"] + c["work"] * self.loaded,
                        "value": c["value"],
                        "requested_by": c["sponsor"],
                        "waiting_weeks": week - 1 - c["since"],
                    }
                )
        for r in self.risks.values():
            if r["status"] == "open" and r["response"] is None:
                out.append(
                    {
                        "kind": "risk",
                        "id": r["id"],
                        "text": r["description"],
                        "probability": r["probability"],
                        "window": list(r["window"]),
                        "cost": r.get("cost", 0.0),
                        "work": r.get("work", 0.0),
                        "cost_of_work": r.get("work", 0.0) * self.loaded,
                        "responses": {
                            k: dict(v) for k, v in r.get("responses", {}).items()
                        },
                    }
                )
        if self.sprint_starts(week) and any(
            a["kind"] == "backlog" and not self.complete(a) for a in self.acts.values()
        ):
            out.append(
                {
                    "kind": "sprint_commitment",
                    "id": f"sprint {1 + (week - 1) // self.sc.sprint_weeks}",
                }
            )
        return out

    def validate(self, dec: dict[str, Any], week: int) -> None:
        """Raise ValueError if a decision is impossible this week."""
        self._week = week
        team = len(self.team) + dec.get("hire", 0) - dec.get("release", 0)
        if team > int(self.sc.data["max_team"]):
            raise ValueError(
                f"hire: the team may have at most {self.sc.data['max_team']} people"
            )
        if team < 1 or dec.get("release", 0) > len(self.team) - 1:
            raise ValueError("release: at least one person must stay on the team")
        for key in ("assign", "crash", "fast_track"):
            for i in dec.get(key, []):
                a = self.acts.get(i)
                if a is None or self.complete(a):
                    raise ValueError(f"{key}: {i!r} is not an unfinished activity")
                if key == "crash" and (
                    a["kind"] == "backlog" or not self.available(a, week)
                ):
                    raise ValueError(f"crash: {i!r} cannot be worked on this week")
                if key == "fast_track" and (a["done"] > 0 or a["kind"] == "backlog"):
                    raise ValueError(f"fast_track: {i!r} has started or is a backlog")
        for c in dec.get("change_requests", {}):
            if c not in self.crs or self.crs[c]["status"] != "open":
                raise ValueError(
                    f"change_requests: {c!r} is not an open change request"
                )
        for i in dec.get("cut", []):
            if i in self.acts:
                a = self.acts[i]
                if not a["optional"] or self.complete(a):
                    raise ValueError(f"cut: {i!r} is not optional unfinished work")
            elif i in self.stories:
                s = self.stories[i]
                if s["priority"] != "could" or s["cut"] or s["done"] >= s["work"]:
                    raise ValueError(f"cut: story {i!r} is not an unfinished 'could'")
            else:
                raise ValueError(f"cut: {i!r} is neither an activity nor a story")
        for i in dec.get("add", []):
            x = self.extras.get(i)
            if x is None or x["added"]:
                raise ValueError(f"add: {i!r} is not an extra that can still be added")
            host = self.acts.get(x.get("backlog") or x.get("successors", ""))
            if (
                host is None
                or self.complete(host)
                or host["done"] > 0
                and not x.get("backlog")
            ):
                raise ValueError(
                    f"add: {i!r} comes too late, its host work has started"
                )
        for r, choice in dec.get("risk_responses", {}).items():
            risk = self.risks.get(r)
            if risk is None or risk["status"] != "open" or risk["response"] is not None:
                raise ValueError(
                    f"risk_responses: {r!r} is not an open risk without a response"
                )
            if (
                choice in ("avoid", "mitigate", "transfer")
                and choice not in risk["responses"]
            ):
                raise ValueError(f"risk_responses: {r!r} cannot be met with {choice!r}")
        if "sprint_commitment" in dec and not self.sprint_starts(week):
            raise ValueError("sprint_commitment: only in the first week of a sprint")
        if (
            "sprint_commitment" in dec or "wip_limit" in dec
        ) and not self.sc.sprint_weeks:
            raise ValueError(
                "sprint_commitment and wip_limit need a scenario with a backlog"
            )

    def apply(self, dec: dict[str, Any], week: int, events: list[str]) -> float:
        """Apply decisions; return the share of capacity they take this week."""
        rate = self.rate
        for _ in range(dec.get("hire", 0)):
            skill = self.hire_skills[self.hired % len(self.hire_skills)]
            self.hired += 1
            self.team.append(
                {"name": f"Hire {self.hired}", "skill": skill, "joined": week}
            )
            self.ledger.append((week, "hiring", float(self.sc.data["hire_fee"])))
        if dec.get("release"):
            self.team.sort(key=lambda p: p["skill"], reverse=True)
            for _ in range(dec["release"]):
                gone = self.team.pop()
                events.append(f"{gone['name']} leaves the project")
                self.ledger.append((week, "release", rate))
                self.morale -= 4.0
        if "overtime" in dec:
            self.overtime = dec["overtime"]
        if "wip_limit" in dec:
            self.wip_limit = dec["wip_limit"]
        for i in dec.get("fast_track", []):
            self.acts[i]["fast"] = True
            self.acts[i]["work"] *= 1.1
        for c, choice in dec.get("change_requests", {}).items():
            self._decide_cr(self.crs[c], choice, week, events)
        for i in dec.get("cut", []):
            self._cut(i)
            for v in self.people.values():
                v["scope"] -= 0.15 * v["cares"].get("scope", 0.0) * 2
        for i in dec.get("add", []):
            self._add_extra(self.extras[i], week)
        for r, choice in dec.get("risk_responses", {}).items():
            self._respond(self.risks[r], choice, week, events)
        share = 0.0
        for item in dec.get("communicate", []):
            share += COMMUNICATIONS[item]
            if item == "status_meeting":
                for v in self.people.values():
                    v["comm"] = 1.0
            elif item == "one_to_ones":
                self.one_to_ones = 1.0
            elif item == "escalation":
                self._escalate(week, events)
            elif item == "rebaseline":
                self._rebaseline(week, events)
        if "sprint_commitment" in dec:
            self._commit(float(dec["sprint_commitment"]))
        return share

    def play(self, dec: dict[str, Any], week: int) -> list[str]:
        events: list[str] = []
        if self.sprint_starts(week):
            self.sprint_points = 0.0
            self.commitment = None
            self.sprint_plan = None
            self.overcommitted = False
        share = self.apply(dec, week, events)
        self._random_events(week, events)
        cap = self._capacity(week, share)
        self.last_capacity = cap
        used = self._work(week, cap, dec, events)
        del used
        self._payroll(week)
        self._people(week)
        if self.sc.sprint_weeks and week % self.sc.sprint_weeks == 0:
            self._end_sprint(events)
        if self.finished_week is None and all(
            self.complete(a) for a in self.acts.values()
        ):
            self.finished_week = week
            events.append(f"Project finished in week {week}")
        return events

    def _people(self, week: int) -> None:
        self._team_week()
        self._stakeholder_week(week)
        self._waiting_requests(week)

    def _end_sprint(self, events: list[str]) -> None:
        if not any(
            a["kind"] == "backlog"
            and (a["done"] or any(s["started"] for s in self._stories_of(a["id"])))
            for a in self.acts.values()
        ):
            return
        self.velocities.append(self.sprint_points)
        if self.commitment is not None:
            met = self.sprint_plan is not None and all(
                self.stories[i]["done"] >= self.stories[i]["work"] - DONE
                for i in self.sprint_plan
            )
            honest = self.expected is None or self.commitment >= 0.8 * self.expected
            if met and honest:
                self._shock(3.0)
                self.morale += 3.0
                events.append(f"Sprint goal met: {self.sprint_points:.0f} points")
            elif met:
                events.append(
                    "Sprint goal met, but it was set low: "
                    f"{self.sprint_points:.0f} points"
                )
            else:
                self._shock(-3.0)
                self.morale -= 3.0
                events.append(
                    f"Sprint goal missed: {self.sprint_points:.0f} of "
                    f"{self.commitment:.0f} points"
                )
