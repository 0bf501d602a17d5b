"""Capstone scenarios: the data of a project to lead, read from package data.

Each scenario is one JSON file in ``pmcourse/capstone/scenarios/``: the
activities (a network, with backlog activities that hold user stories), the
team, the budget and its reserves, the risk register, the events nobody
planned, the change requests that will arrive and the stakeholders. This
module reads a file, checks it and derives the baseline plan, levelled to
the team with :func:`pmcourse.schedule.resource_schedule`.

Used in: lesson 10, leading a project; exercise ps10.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from pmcourse import schedule, stakeholders

__all__ = ["KINDS", "RESPONSES", "Scenario", "load_scenario", "scenario_names"]

#: The three characters of scenario.
KINDS = ("predictive", "adaptive", "hybrid")
#: Risk responses a lead can choose (PMI's five for threats).
RESPONSES = ("avoid", "mitigate", "transfer", "accept", "escalate")
#: Capacity lost to coordination per communication channel in the team.
CHANNEL_OVERHEAD = 0.003

_PACKAGE = "pmcourse.capstone"
_FOLDER = "scenarios"


def scenario_names() -> list[str]:
    """Return the names of the scenarios shipped with the course, sorted.

    Returns
    -------
    list of str

    Examples
    --------
    >>> "substation_upgrade" in scenario_names()
    True

    Used in: lesson 10, leading a project.
    """
    folder = resources.files(_PACKAGE).joinpath(_FOLDER)
    return sorted(
        p.name.removesuffix(".json")
        for p in folder.iterdir()
        if p.name.endswith(".json")
    )


def predecessor_ids(text: Any) -> list[str]:
    """Return a task's predecessor ids from a list or a comma-separated text.

    Examples
    --------
    >>> predecessor_ids("A, B"), predecessor_ids(None)
    (['A', 'B'], [])
    """
    if isinstance(text, list):
        return [str(t) for t in text]
    return [p.strip() for p in str(text or "").split(",") if p.strip()]


@dataclass(frozen=True)
class Scenario:
    """One scenario's data with its baseline plan.

    Attributes
    ----------
    name, title, kind, story : str
        Identity; ``kind`` is one of :data:`KINDS`.
    deadline, max_weeks : int
        The committed finish week and the week the project is stopped.
    data : dict
        The parsed JSON file.
    loaded_rate : float
        Budgeted cost of one person-week of work, so that the planned
        payroll of the whole team is inside the budget.
    baseline : dict
        Activity id to its planned ``(start, finish)`` weeks, levelled to
        the team.
    """

    name: str
    title: str
    kind: str
    story: str
    deadline: int
    max_weeks: int
    data: dict[str, Any] = field(repr=False)
    loaded_rate: float = 0.0
    baseline: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)

    @property
    def activities(self) -> list[dict[str, Any]]:
        """The activities of the network, as in the file."""
        return list(self.data["activities"])

    @property
    def stories(self) -> list[dict[str, Any]]:
        """The user stories of the backlog activities (empty when none)."""
        return list(self.data.get("stories", []))

    @property
    def effort_per_point(self) -> float:
        """Person-weeks one story point takes."""
        return float(self.data.get("effort_per_point", 0.5))

    @property
    def sprint_weeks(self) -> int:
        """Sprint length in weeks (0 when the scenario has no backlog)."""
        return int(self.data.get("sprint_weeks", 0))

    def work_of(self, activity: dict[str, Any]) -> float:
        """Return the planned work of an activity in person-weeks."""
        if activity.get("kind") == "backlog":
            points = sum(
                s["points"] for s in self.stories if s["backlog"] == activity["id"]
            )
            return points * self.effort_per_point
        return float(activity["work"])


def planned_capacity(team: list[dict[str, Any]]) -> float:
    """Return a team's weekly capacity in person-weeks after coordination.

    ``capacity = sum(skill) * (1 - 0.003 * channels)``, where ``channels =
    n (n - 1) / 2`` (:func:`pmcourse.stakeholders.communication_channels`).

    Parameters
    ----------
    team : list of dict
        Each with a ``skill`` (1.0 is a typical person).

    Returns
    -------
    float

    Examples
    --------
    >>> round(planned_capacity([{"skill": 1.0}] * 5), 3)
    4.85

    Used in: lesson 10, leading a project.
    """
    n = len(team)
    overhead = CHANNEL_OVERHEAD * stakeholders.communication_channels(n) if n else 0.0
    return sum(float(p["skill"]) for p in team) * max(0.0, 1.0 - overhead)


def _check(data: dict[str, Any]) -> None:
    name = data.get("name", "?")
    for key in ("name", "title", "kind", "deadline", "max_weeks", "rate", "team"):
        if key not in data:
            raise ValueError(f"scenario {name!r}: missing {key!r}")
    if data["kind"] not in KINDS:
        raise ValueError(f"scenario {name!r}: kind must be one of {KINDS}")
    if not 12 <= int(data["deadline"]) <= int(data["max_weeks"]) <= 30:
        raise ValueError(f"scenario {name!r}: expected 12 <= deadline <= max_weeks")
    ids = {a["id"] for a in data["activities"]}
    for a in data["activities"]:
        for p in predecessor_ids(a.get("predecessors")):
            if p not in ids:
                raise ValueError(f"scenario {name!r}: activity {a['id']!r} lists {p!r}")
    for r in data.get("risks", []):
        for resp in r.get("responses", {}):
            if resp not in RESPONSES:
                raise ValueError(f"scenario {name!r}: risk {r['id']!r} has {resp!r}")


@lru_cache(maxsize=8)
def load_scenario(name: str) -> Scenario:
    """Read a scenario's file, check it and plan its baseline.

    The baseline staffs each activity with ``min(crew, team size)`` people,
    gives it ``duration = work / (people * capacity per person)`` weeks and
    levels the network to the team with
    :func:`pmcourse.schedule.resource_schedule`.

    Parameters
    ----------
    name : str
        One of :func:`scenario_names`.

    Returns
    -------
    Scenario

    Raises
    ------
    ValueError
        If there is no such scenario, or its data is inconsistent.

    Examples
    --------
    >>> s = load_scenario("substation_upgrade")
    >>> s.kind, s.deadline, s.baseline["A"]
    ('predictive', 17, (0.0, 2.2))

    Used in: lesson 10, leading a project.
    """
    if name not in scenario_names():
        raise ValueError(
            f"scenario: {name!r} is unknown; "
            f"choose one of {', '.join(scenario_names())}"
        )
    path = resources.files(_PACKAGE).joinpath(_FOLDER, f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    _check(data)
    shell = Scenario(
        data["name"],
        data["title"],
        data["kind"],
        data.get("story", ""),
        int(data["deadline"]),
        int(data["max_weeks"]),
        data,
    )
    team = data["team"]
    per_person = planned_capacity(team) / len(team)
    tasks = []
    for a in data["activities"]:
        people = min(int(a["crew"]), len(team))
        duration = shell.work_of(a) / (people * per_person)
        tasks.append(
            {
                "id": a["id"],
                "duration": round(duration, 2),
                "predecessors": ", ".join(predecessor_ids(a.get("predecessors"))),
                "people": people,
            }
        )
    plan = schedule.resource_schedule(tasks, {"people": len(team)})
    baseline = {str(i): (float(r.start), float(r.finish)) for i, r in plan.iterrows()}
    finish = max(f for _, f in baseline.values())
    work = sum(shell.work_of(a) for a in data["activities"])
    loaded = float(data["rate"]) * len(data["team"]) * finish / work
    return Scenario(
        shell.name,
        shell.title,
        shell.kind,
        shell.story,
        shell.deadline,
        shell.max_weeks,
        data,
        loaded,
        baseline,
    )
