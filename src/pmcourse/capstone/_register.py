"""What nobody planned: risks, events and change requests.

Internal to :mod:`pmcourse.capstone`, one layer of the state of a run that
:class:`pmcourse.capstone._world.World` puts together (each layer builds on
the one below it; see that module). Work is measured in person-weeks, money
in dollars.
"""

from __future__ import annotations

from typing import Any

from pmcourse.capstone._draws import Draws
from pmcourse.capstone._stakeholders import Stakeholders
from pmcourse.capstone.scenario import Scenario


class Register(Stakeholders):
    """The risk register, the unplanned events and the change requests."""

    def __init__(self, sc: Scenario, draws: Draws) -> None:
        super().__init__(sc, draws)
        d = sc.data
        self.risk_u = draws.risk_u
        self.event_u = draws.event_u
        self.cr_u = draws.cr_u
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

    def _waiting_requests(self, week: int) -> None:
        """Annoy the sponsors of change requests left open two weeks."""
        for c in self.crs.values():
            if c["status"] == "open" and week - c["since"] >= 2:
                self._shock(-2.0, c["sponsor"])
