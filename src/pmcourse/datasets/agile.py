"""Synthetic agile data: two teams' sprint histories and a Jira-like issue log.

Both builders take all their randomness from ``rng`` so that
:mod:`pmcourse.datasets.generate` can rebuild the committed CSV files exactly.

- :func:`sprint_history`: ten two-week sprints of two Scrum teams, with the
  people-days each had, what it committed to, what it finished and the
  release scope as it grew.
- :func:`jira_issues`: sixteen weeks of a Kanban team's issues as a Jira
  "Export > CSV" would give them (Jira's date format, empty dates for what
  has not happened yet, one row damaged by a data migration).

Used in: lesson 06, Agile vs Waterfall; exercise ps06.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["jira_issues", "sprint_history"]

#: (team, people, points per person-day, starting release scope in points)
_TEAMS: tuple[tuple[str, int, float, int], ...] = (
    ("Payments", 6, 0.42, 260),
    ("Mobile", 5, 2.0, 1150),
)
_FIRST_SPRINT = dt.date(2025, 1, 6)  # a Monday
_SPRINTS = 10
_SPRINT_DAYS = 10  # working days in a two-week sprint


def sprint_history(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build ten sprints of two Scrum teams working towards their releases.

    Each sprint is two weeks (10 working days). A team's ``available_days``
    are its people times 10, less absences (a few days most sprints, and one
    sprint with two people away for a week). Points finished follow the
    available days at the team's own rate with +-15 % noise; the commitment
    is the average of the last three sprints scaled to the sprint's
    availability, plus noise. The release scope grows in about a third of the
    sprints, when the product owner adds stories.

    The two teams estimate on different scales on purpose: Mobile's points
    are about five times smaller than Payments', so its velocity is far
    higher without the team being faster. Velocity compares a team with
    itself, never with another team.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in
        :data:`pmcourse.datasets.generate.DATASETS`).

    Returns
    -------
    DataFrame
        Columns ``team, sprint, start, end, available_days, committed,
        completed, scope``: dates as ``YYYY-MM-DD`` text, days in
        person-days, the others in story points; ``scope`` is the release's
        total as known at the end of the sprint.

    Examples
    --------
    >>> h = sprint_history(1)
    >>> h.groupby("team").size().tolist()
    [10, 10]
    >>> bool((h.groupby("team")["completed"].cumsum() <= h["scope"]).all())
    True

    Used in: lesson 06, velocity and burn charts; exercise ps06.
    """
    gen = np.random.default_rng(rng)
    rows = []
    for team, people, rate, scope in _TEAMS:
        done: list[int] = []
        away_sprint = int(gen.integers(3, 8))  # two people away for a week
        for k in range(1, _SPRINTS + 1):
            absences = int(gen.integers(0, 5)) + (10 if k == away_sprint else 0)
            available = people * _SPRINT_DAYS - absences
            completed = int(round(available * rate * gen.lognormal(0.0, 0.15)))
            recent = done[-3:] or [round(people * _SPRINT_DAYS * rate)]
            plan = np.mean(recent) * available / (people * _SPRINT_DAYS)
            committed = int(round(plan * gen.uniform(0.95, 1.2)))
            if gen.random() < 0.35:
                scope += int(gen.integers(1, 6)) * round(5 * rate / 0.42)
            done.append(completed)
            start = _FIRST_SPRINT + dt.timedelta(weeks=2 * (k - 1))
            rows.append(
                {
                    "team": team,
                    "sprint": k,
                    "start": start.isoformat(),
                    "end": (start + dt.timedelta(days=11)).isoformat(),
                    "available_days": available,
                    "committed": committed,
                    "completed": completed,
                    "scope": scope,
                }
            )
    return pd.DataFrame(rows)


_ISSUE_TYPES = ("Story", "Bug", "Task")
_TYPE_SHARE = (0.5, 0.3, 0.2)
#: mean cycle time in working days by issue type (lognormal, sigma 0.6)
_TYPE_CYCLE = {"Story": 5.0, "Bug": 2.5, "Task": 3.0}
_AREAS = (
    "billing API",
    "login service",
    "search index",
    "reporting jobs",
    "mobile gateway",
    "audit log",
    "notifications",
    "admin console",
)
_VERBS = {
    "Story": ("Add rate limits to", "Expose metrics for", "Support SSO in"),
    "Bug": ("Timeouts in", "Wrong totals in", "Memory leak in"),
    "Task": ("Upgrade runtime of", "Rotate certificates for", "Document"),
}
_JIRA_FORMAT = "%d/%b/%y %I:%M %p"


def _working_day(day: dt.date) -> dt.date:
    """Move a Saturday or Sunday to the next Monday."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _add_working_days(day: dt.date, n: int) -> dt.date:
    """Return the date ``n`` working days after ``day`` (weekends skipped)."""
    day = _working_day(day)
    for _ in range(n):
        day = _working_day(day + dt.timedelta(days=1))
    return day


def _stamp(day: dt.date, gen: np.random.Generator, after: str = "") -> str:
    """Return a Jira date-time for a random minute of a working day.

    With ``after`` (an earlier stamp), a stamp on the same day is moved to
    no earlier than that minute, so that events keep their order.
    """
    minutes = int(gen.integers(9 * 60, 17 * 60 + 30))
    moment = dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60))
    if after:
        earlier = dt.datetime.strptime(after, _JIRA_FORMAT)
        moment = max(moment, earlier)
    return moment.strftime(_JIRA_FORMAT)


def jira_issues(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build a Kanban team's issue log as a Jira CSV export would show it.

    The Platform team takes requests from other teams. Over 16 weeks from
    Monday 6 January 2025 a Poisson number of issues (mean 1.6) arrives each
    working day; each waits in "To Do" for an exponential number of working
    days (mean 3) and then takes a lognormal number of working days in
    progress (mean 5 for a story, 2.5 for a bug, 3 for a task). The export is
    taken on Friday 25 April 2025 at 17:00: what had not happened by then is
    left empty (``Started`` for issues still to do, ``Resolved`` for those
    not done). One issue moved from an older tracker has a resolution date
    before its creation date, as migrated data sometimes has; a reader should
    skip it and say so.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness.

    Returns
    -------
    DataFrame
        Columns ``Issue key, Issue Type, Summary, Priority, Status, Created,
        Started, Resolved``; dates in Jira's export format
        (``06/Jan/25 9:41 AM``), empty where not reached.

    Examples
    --------
    >>> log = jira_issues(3)
    >>> log.columns.tolist()[:5]
    ['Issue key', 'Issue Type', 'Summary', 'Priority', 'Status']
    >>> sorted(log["Status"].unique())
    ['Done', 'In Progress', 'To Do']

    Used in: lesson 06, Kanban and flow; exercise ps06.
    """
    gen = np.random.default_rng(rng)
    first = dt.date(2025, 1, 6)
    export = dt.date(2025, 4, 25)
    days = [first + dt.timedelta(days=d) for d in range((export - first).days + 1)]
    workdays = [d for d in days if d.weekday() < 5]
    rows = []
    key = 101
    for day in workdays:
        for _ in range(int(gen.poisson(1.6))):
            kind = str(gen.choice(_ISSUE_TYPES, p=_TYPE_SHARE))
            wait = int(np.floor(gen.exponential(3.0)))
            mean = _TYPE_CYCLE[kind]
            work = max(1, int(round(gen.lognormal(np.log(mean) - 0.18, 0.6))))
            started = _add_working_days(day, wait)
            resolved = _add_working_days(started, work - 1)
            verb = str(gen.choice(_VERBS[kind]))
            area = str(gen.choice(_AREAS))
            priority = str(
                gen.choice(["Low", "Medium", "High"], p=[0.2, 0.6, 0.2])
                if kind != "Bug"
                else gen.choice(["Medium", "High", "Highest"], p=[0.5, 0.35, 0.15])
            )
            created_at = _stamp(day, gen)
            started_at = _stamp(started, gen, after=created_at)
            resolved_at = _stamp(resolved, gen, after=started_at)
            if started > export:
                status, started_at, resolved_at = "To Do", "", ""
            elif resolved > export:
                status, resolved_at = "In Progress", ""
            else:
                status = "Done"
            rows.append(
                {
                    "Issue key": f"PLAT-{key}",
                    "Issue Type": kind,
                    "Summary": f"{verb} {area}",
                    "Priority": priority,
                    "Status": status,
                    "Created": created_at,
                    "Started": started_at,
                    "Resolved": resolved_at,
                }
            )
            key += 1
    log = pd.DataFrame(rows)
    # One migrated issue: resolved the year before it was "created".
    k = int(gen.integers(5, 20))
    log.loc[k, ["Status", "Started", "Resolved"]] = [
        "Done",
        "",
        _stamp(dt.date(2024, 11, 29), gen),
    ]
    return log
