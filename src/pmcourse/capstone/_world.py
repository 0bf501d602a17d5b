"""The state of a capstone project and how one week changes it.

Internal to :mod:`pmcourse.capstone`; :class:`pmcourse.capstone.Project`
is the public face. Work is measured in person-weeks, money in dollars.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from pmcourse.capstone.decisions import COMMUNICATIONS
from pmcourse.capstone.scenario import (
    CHANNEL_OVERHEAD,
    Scenario,
    planned_capacity,
)
from pmcourse.capstone.scenario import predecessor_ids as _preds

FIX_EFFORT = 0.15  # person-weeks to fix one defect
DEFECT_RATE = 0.25  # defects made per person-week of work
FIX_SHARE = 0.15  # at most this share of capacity goes to fixing defects
CRASH_PREMIUM = 2.0  # contractors cost this many times the normal rate
STORY_CREW = 3.0  # people who can work on one story at once
DONE = 1e-9


def _clip(x: float, low: float, high: float) -> float:
    return low if x < low else high if x > high else x


class World:
    """Everything that changes during a run (see the module docstring)."""

    def __init__(self, sc: Scenario, rng: np.random.Generator) -> None:
        d = sc.data
        self.sc = sc
        n_weeks = sc.max_weeks + 1
        self.rate = float(d["rate"])
        self.loaded = sc.loaded_rate
        self.deadline = float(sc.deadline)
        # --- random draws, all made now, independent of any decision
        self.noise = rng.lognormal(0.0, 0.08, n_weeks)
        acts = d["activities"]
        stories = d.get("stories", [])
        act_err = rng.lognormal(0.0, 0.12, len(acts))
        story_err = rng.lognormal(0.0, 0.15, len(stories))
        self.risk_u = rng.random((len(d.get("risks", [])), n_weeks))
        self.event_u = rng.random((len(d.get("events", [])), n_weeks))
        self.cr_u = rng.random(len(d.get("change_requests", [])))
        skill_err = rng.normal(0.0, 0.05, len(d["team"]) + 12)
        # --- team
        self.team = [
            {"name": p["name"], "skill": float(p["skill"]) + float(e), "joined": 0}
            for p, e in zip(d["team"], skill_err[: len(d["team"])], strict=True)
        ]
        self.hire_skills = [1.0 + float(e) for e in skill_err[len(d["team"]) :]]
        self.hired = 0
        self.lost = 0
        self.morale = 60.0
        self.fatigue = 0.0
        self.overtime = 0
        self.wip_limit: int | None = None
        self.one_to_ones = 0.0
        self.capacity_loss: list[tuple[int, float]] = []
        self.last_capacity = 0.0
        # --- activities and stories
        self.acts: dict[str, dict[str, Any]] = {}
        for a, e in zip(acts, act_err, strict=True):
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
        for rank, (s, e) in enumerate(zip(stories, story_err, strict=True)):
            self._add_story(s, rank, float(e))
        self.base_value = self.value_total(planned=True)
        self.authorised = self.bac()
        self.authorised_deadline = float(sc.deadline)
        self.planned_capacity = planned_capacity(d["team"])
        # --- risks, events, change requests, stakeholders
        self.risks = {
            r["id"]: {**r, "status": "open", "response": None, "p": 1.0, "i": 1.0}
            for r in d.get("risks", [])
        }
        self.events = {e["id"]: {**e, "status": "open"} for e in d.get("events", [])}
        self.crs = {
            c["id"]: {**c, "status": "pending", "since": 0}
            for c in d.get("change_requests", [])
        }
        self.extras = {x["id"]: {**x, "added": False} for x in d.get("extras", [])}
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
            for s in d["stakeholders"]
        }
        self.sponsor = next(k for k, v in self.people.items() if v["sponsor"])
        # --- money, quality, agile
        self.ledger: list[tuple[int, str, float]] = []
        self.contingency = float(d.get("contingency_reserve", 0.0))
        self.defects_open = 0.0
        self.defects_total = 0.0
        self.velocities: list[float] = []
        self.sprint_points = 0.0
        self.commitment: float | None = None
        self.sprint_plan: list[str] | None = None
        self.overcommitted = False
        self.expected: float | None = None
        self.finished_week: int | None = None
        self.morale_history: list[float] = []
        self._week = 0
        self._paths: list[tuple[str, ...]] = []
        self._paths_key: tuple[Any, ...] = ()

    # ------------------------------------------------------------ helpers
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

    def spent_in(self, week: int) -> float:
        return sum(x for w, _, x in self.ledger if w == week)

    def contingency_left(self) -> float:
        used = sum(x for _, c, x in self.ledger if c in ("risk", "response"))
        return self.contingency - used

    # ------------------------------------------------------------ EVM
    def bac(self) -> float:
        return sum(self.budget_of(a) for a in self.acts.values())

    def ev(self) -> float:
        return sum(self.budget_of(a) * self.fraction(a) for a in self.acts.values())

    def ac(self) -> float:
        return float(sum(x for _, _, x in self.ledger))

    def pv(self, week: int) -> float:
        total = 0.0
        for a in self.acts.values():
            start, finish, f0, _ = a["plan"]
            if finish <= start:
                frac = 1.0 if week >= finish else 0.0
            else:
                frac = _clip((week - start) / (finish - start), 0.0, 1.0)
            total += self.budget_of(a) * (f0 + (1.0 - f0) * frac)
        return total

    # ------------------------------------------------------------ scope
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

    # ------------------------------------------------------------ people
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
                v["sat"] = _clip(v["sat"] + amount, 0.0, 100.0)

    # ------------------------------------------------------------ plans
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
        from pmcourse import schedule

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

    # ------------------------------------------------------------ decisions
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

    def _decide_cr(
        self, c: dict[str, Any], choice: str, week: int, events: list[str]
    ) -> None:
        who = c["sponsor"]
        if choice == "accept":
            c["status"] = "accepted"
            target = self.acts[c["activity"]]
            if self.complete(target):
                live = [a for a in self.acts.values() if not self.complete(a)]
                target = max(live, key=lambda a: (a["plan"][1], a["id"]))
            if target["kind"] == "backlog":
                story = {
                    "id": c["id"],
                    "name": c["description"],
                    "points": c["work"] / self.sc.effort_per_point,
                    "priority": "must",
                    "value": c["value"],
                    "backlog": target["id"],
                    "cost": c["cost"],
                }
                self._add_story(story, -1 + 0.01 * len(self.stories), 1.0)
            else:
                target["work"] += c["work"]
                target["est"] += c["work"]
                target["budget"] += c["cost"] + c["work"] * self.loaded
                target["materials"] += c["cost"]
                target["value"] += c["value"]
            self.authorised += c["cost"] + c["work"] * self.loaded
            self.deadline += c["work"] / self.planned_capacity
            self.authorised_deadline += c["work"] / self.planned_capacity
            self._shock(6.0 + 2.0 * c["value"], who)
            self.people[who]["scope"] += 0.5
            events.append(f"{c['id']} accepted: {c['description']}")
        elif choice == "reject":
            c["status"] = "rejected"
            self._shock(-4.0 - 1.5 * c["value"], who)
            self.people[who]["scope"] -= 0.3
            events.append(f"{c['id']} rejected")
        else:
            c["status"] = "deferred"
            c["since"] = week + 3
            self._shock(-1.0, who)
            events.append(f"{c['id']} deferred for three weeks")

    def _cut(self, i: str) -> None:
        if i in self.acts:
            a = self.acts[i]
            a["budget"] *= self.fraction(a)
            a["cut"] = True
        else:
            s = self.stories[i]
            s["budget"] *= min(1.0, s["done"] / s["work"])
            s["cut"] = True

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

    def _respond(
        self, r: dict[str, Any], choice: str, week: int, events: list[str]
    ) -> None:
        r["response"] = choice
        spec = r["responses"].get(choice, {})
        cost = float(spec.get("cost", 0.0))
        if cost:
            self.ledger.append((week, "response", cost))
        if choice == "escalate":
            if spec.get("outside"):
                r["status"] = "closed"
                events.append(
                    f"{r['id']} escalated: its owner outside the project takes it"
                )
            else:
                self._shock(-5.0, self.sponsor)
                events.append(f"{r['id']} escalated, but the sponsor sends it back")
            return
        if choice in ("avoid", "mitigate"):
            r["p"] = float(spec.get("probability", 1.0))
            r["i"] = float(spec.get("impact", 1.0))
        elif choice == "transfer":
            r["p"] = float(spec.get("probability", 1.0))
            r["i_cost"] = float(spec.get("impact", 0.0))
            if spec.get("applies") != "cost":
                r["i"] = float(spec.get("impact", 0.0))
        events.append(
            f"{r['id']}: response {choice}" + (f" (${cost:,.0f})" if cost else "")
        )

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

    # ------------------------------------------------------------ the week
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
        self._people(week, dec)
        if self.sc.sprint_weeks and week % self.sc.sprint_weeks == 0:
            self._end_sprint(events)
        if self.finished_week is None and all(
            self.complete(a) for a in self.acts.values()
        ):
            self.finished_week = week
            events.append(f"Project finished in week {week}")
        return events

    def _random_events(self, week: int, events: list[str]) -> None:
        for k, r in enumerate(self.risks.values()):
            lo, hi = r["window"]
            if r["status"] != "open":
                continue
            if week > hi:
                r["status"] = "closed"
                continue
            if week < lo:
                continue
            p = r["probability"] * r["p"]
            hazard = 1.0 - (1.0 - p) ** (1.0 / (hi - lo + 1)) if p < 1 else 1.0
            if self.risk_u[k, week] < hazard:
                r["status"] = "occurred"
                self._impact(r, r["i"], r.get("i_cost", r["i"]), week, events, "risk")
        for k, e in enumerate(self.events.values()):
            lo, hi = e["window"]
            if e["status"] == "open" and lo <= week <= hi:
                p = e["probability"]
                if self.event_u[k, week] < 1.0 - (1.0 - p) ** (1.0 / (hi - lo + 1)):
                    e["status"] = "occurred"
                    self._impact(e, 1.0, 1.0, week, events, "event")
        for k, c in enumerate(self.crs.values()):
            if c["status"] == "pending" and week == c["week"]:
                c["status"] = "open" if self.cr_u[k] < c["probability"] else "withdrawn"
                c["since"] = week
                if c["status"] == "open":
                    events.append(f"Change request {c['id']}: {c['description']}")
            elif c["status"] == "deferred" and week >= c["since"]:
                c["status"] = "open"
                events.append(f"Change request {c['id']} is back on the table")

    def _impact(
        self,
        r: dict[str, Any],
        i: float,
        i_cost: float,
        week: int,
        events: list[str],
        kind: str,
    ) -> None:
        text = f"{r['id']} happened: {r['description']}"
        if r.get("cost", 0.0) * i_cost > 0:
            self.ledger.append((week, "risk", float(r["cost"]) * i_cost))
            text += f" (${float(r['cost']) * i_cost:,.0f})"
        work = float(r.get("work", 0.0)) * i
        if work > 0 and r.get("activity") in self.acts:
            a = self.acts[r["activity"]]
            if not self.complete(a):
                if a["kind"] == "backlog":
                    live = [
                        s
                        for s in self._stories_of(a["id"])
                        if not s["cut"] and s["done"] < s["work"]
                    ]
                    for s in live:
                        s["work"] += work / len(live)
                else:
                    a["work"] += work
                    a["est"] += work
        if "block" in r and i > 0:
            a = self.acts[r["block"]["activity"]]
            if not self.complete(a):
                a["blocked_until"] = week + max(1, round(r["block"]["weeks"] * i)) - 1
                text += f"; {a['id']} is blocked"
        if "capacity" in r:
            self.capacity_loss.append(
                (week + int(r.get("weeks", 1)) - 1, float(r["capacity"]))
            )
        if r.get("leaves") and i > 0 and len(self.team) > 1:
            self.team.sort(key=lambda p: p["skill"])
            gone = self.team.pop()
            self.lost += 1
            text += f"; {gone['name']} leaves"
        self.morale += float(r.get("morale", 0.0)) * i
        if r.get("satisfaction"):
            self._shock(float(r["satisfaction"]) * i)
        events.append(text)

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

    def _people(self, week: int, dec: dict[str, Any]) -> None:
        if self.overtime:
            self.fatigue += 9.0 * self.overtime
        else:
            self.fatigue -= 10.0
        if self.overcommitted:
            self.fatigue += 5.0
        self.fatigue = _clip(self.fatigue, 0.0, 100.0)
        target = 68.0 - 0.45 * self.fatigue + 8.0 * self.one_to_ones
        self.morale += 0.3 * (target - self.morale)
        self.morale = _clip(self.morale, 0.0, 100.0)
        self.one_to_ones *= 0.5
        self.morale_history.append(self.morale)
        pv = self.pv(week)
        ac = self.ac()
        ev = self.ev()
        spi = ev / pv if pv > 0 else 1.0
        cpi = ev / ac if ac > 0 else 1.0
        perf_cost = _clip((cpi - 1.0) * 4.0, -1.0, 1.0)
        perf_time = _clip((spi - 1.0) * 4.0, -1.0, 1.0)
        quality = -min(1.0, self.defects_open / 30.0)
        for v in self.people.values():
            c = v["cares"]
            perf = (
                c.get("schedule", 0) * perf_time
                + c.get("cost", 0) * perf_cost
                + c.get("scope", 0) * _clip(v["scope"] + quality, -1.0, 1.0)
                + c.get("communication", 0) * (2.0 * v["comm"] - 1.0)
            )
            target = 58.0 + 40.0 * perf
            v["sat"] = _clip(v["sat"] + 0.25 * (target - v["sat"]), 0.0, 100.0)
            v["comm"] *= 0.7
            v["scope"] *= 0.9
        for c in self.crs.values():
            if c["status"] == "open" and week - c["since"] >= 2:
                self._shock(-2.0, c["sponsor"])

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
