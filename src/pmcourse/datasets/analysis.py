"""The FieldFix datasets: requirements, a product backlog, tests and a Kano survey.

FieldFix is a made-up project at a made-up regional water utility, Riverbend
Water: a work-order app on tablets that replaces paper job sheets and a shared
spreadsheet for 120 field technicians and their dispatchers (the project of
lesson 07's stakeholder register). Four tables describe it, linked by
requirement id:

- ``fieldfix_requirements``: business, stakeholder, solution and transition
  requirements, each with the requirement it derives from;
- ``fieldfix_backlog``: the solution and transition requirements as backlog
  items, with MoSCoW labels and WSJF scores;
- ``fieldfix_tests``: the test cases and the requirements each one verifies;
- ``fieldfix_kano``: a Kano survey of 32 technicians about six features.

The requirements, scores and test names are chosen by hand so that lesson 08
can talk about them (a Must-heavy backlog, two large Must items that WSJF
puts late, two untested requirements, two tests of nothing, one requirement
with no business reason). The random parts, drawn from ``rng``, are which of
the written test cases exist for each requirement, their status, and the
survey answers.

Used in: lesson 08, business analysis.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmcourse.analysis import KANO_TABLE

__all__ = [
    "fieldfix_backlog",
    "fieldfix_kano",
    "fieldfix_requirements",
    "fieldfix_tests",
]

#: A requirement's level and kind, from the prefix of its id.
_LEVELS: dict[str, tuple[str, str]] = {
    "BR": ("business", ""),
    "SR": ("stakeholder", ""),
    "FR": ("solution", "functional"),
    "NF": ("solution", "non-functional"),
    "TR": ("transition", ""),
}

#: (id, parent, statement, source, technique), chosen by hand; the level and
#: kind follow from the id (``_LEVELS``).
_REQUIREMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("BR-1", "",
     "Cut the average time from a reported fault to its repair from 9 to 6 "
     "working days within a year of go-live",
     "Director of Operations (sponsor)", "document analysis"),
    ("BR-2", "",
     "File the regulator's monthly supply-interruption report from system data, "
     "with no re-keying, from the next reporting year",
     "Water regulator", "document analysis"),
    ("BR-3", "",
     "Keep customer data on mobile devices protected as the information "
     "security policy requires",
     "Data protection officer", "interview"),
    ("SR-1", "BR-1",
     "Dispatchers see every open job, where it is and who has it, in one place",
     "Dispatch supervisors", "observation"),
    ("SR-2", "BR-1",
     "Technicians receive, update and close jobs on site, even with no signal",
     "Field technicians", "workshop"),
    ("SR-3", "BR-1",
     "Customers know when their repair is booked and when it is done",
     "Households", "survey"),
    ("SR-4", "BR-2",
     "The regulatory reporting team gets complete, accurate interruption data "
     "for every job",
     "Regulatory reporting team", "interview"),
    ("SR-5", "BR-3",
     "A lost or stolen tablet exposes no customer data",
     "Data protection officer", "interview"),
    ("FR-01", "SR-1",
     "A dispatcher can log a fault from a customer call as a work order",
     "Dispatch supervisors", "observation"),
    ("FR-02", "SR-1",
     "A dispatcher can see all open work orders on a map, coloured by status",
     "Dispatch supervisors", "prototype"),
    ("FR-03", "SR-1",
     "A dispatcher can assign a job to a technician from the map",
     "Dispatch supervisors", "prototype"),
    ("FR-04", "SR-2",
     "A technician sees their jobs for the day on their tablet",
     "Field technicians", "workshop"),
    ("FR-05", "SR-2",
     "A technician records work done, parts used and photos on the job",
     "Field technicians", "workshop"),
    ("FR-06", "SR-2",
     "The app works with no signal and syncs when the signal returns",
     "Field technicians", "observation"),
    ("FR-07", "SR-3",
     "The customer gets a text message when the repair is booked and when it "
     "is done",
     "Households", "survey"),
    ("FR-08", "SR-4",
     "The system produces the monthly interruptions report in the regulator's "
     "format",
     "Regulatory reporting team", "document analysis"),
    ("FR-09", "",
     "Technicians see a weekly leaderboard of jobs closed",
     "Dispatch supervisors", "interview"),
    ("NF-01", "SR-2",
     "Sync completes within 60 seconds of the signal returning, for a day's jobs",
     "Field technicians", "observation"),
    ("NF-02", "SR-5",
     "The app locks after 5 idle minutes and encrypts everything it stores",
     "Data protection officer", "interview"),
    ("NF-03", "SR-1",
     "Dispatcher screens respond within 2 seconds for 95 % of actions",
     "Dispatch supervisors", "interview"),
    ("NF-04", "SR-2",
     "Every control can be used wearing work gloves",
     "Field technicians", "observation"),
    ("TR-01", "SR-1",
     "Migrate open work orders and the last two years of closed ones from the "
     "spreadsheet",
     "Dispatch supervisors", "document analysis"),
    ("TR-02", "SR-2",
     "Train all technicians and dispatchers before they switch",
     "Field technicians", "lessons learned"),
    ("TR-03", "BR-1",
     "Run paper and app side by side for two weeks, then retire the spreadsheet",
     "Director of Operations (sponsor)", "lessons learned"),
)  # fmt: skip

#: (id, title, user story, MoSCoW, business value, time criticality,
#: risk reduction, job size), chosen by hand.
_BACKLOG: tuple[tuple[str, str, str, str, int, int, int, int], ...] = (
    ("FR-01", "Log a fault from a call",
     "As a dispatcher, I want to log a fault while the customer is on the phone, "
     "so that no report is lost or typed twice", "Must", 8, 5, 3, 5),
    ("FR-02", "Map of open jobs",
     "As a dispatcher, I want to see open jobs on a map, so that I can send the "
     "nearest technician", "Must", 8, 3, 2, 8),
    ("FR-03", "Assign from the map",
     "As a dispatcher, I want to assign a job from the map, so that I do not "
     "have to phone round", "Should", 5, 3, 1, 3),
    ("FR-04", "Job list on the tablet",
     "As a technician, I want my day's jobs on my tablet, so that I do not "
     "drive back to the depot for paper", "Must", 13, 8, 5, 5),
    ("FR-05", "Record work, parts, photos",
     "As a technician, I want to record work, parts and photos on the job, so "
     "that the office has the facts the same day", "Must", 13, 5, 3, 8),
    ("FR-06", "Work offline",
     "As a technician, I want the app to work with no signal, so that I can "
     "close jobs in basements and valleys", "Must", 8, 5, 8, 13),
    ("FR-07", "Text the customer",
     "As a customer, I want a text when my repair is booked and done, so that "
     "I do not have to call to ask", "Could", 5, 2, 1, 3),
    ("FR-08", "Regulator's monthly report",
     "As the regulatory reporting lead, I want the interruptions report produced for "
     "me, so that I file it on time without re-keying", "Should", 8, 13, 5, 3),
    ("FR-09", "Weekly leaderboard",
     "As a dispatch supervisor, I want a weekly leaderboard, so that technicians "
     "compete to close jobs", "Won't", 1, 1, 1, 3),
    ("NF-01", "Sync within 60 s",
     "As a technician, I want my jobs to sync within a minute of getting "
     "signal, so that the dispatcher sees them closed", "Should", 3, 2, 5, 5),
    ("NF-02", "Lock and encrypt",
     "As the data protection officer, I want idle tablets locked and data "
     "encrypted, so that a lost tablet leaks nothing", "Must", 3, 5, 13, 2),
    ("NF-03", "Fast dispatcher screens",
     "As a dispatcher, I want screens to answer within 2 seconds, so that I "
     "can keep up with calls at peak times", "Could", 3, 1, 3, 5),
    ("NF-04", "Usable with gloves",
     "As a technician, I want to use the app with gloves on, so that I do not "
     "strip off in the rain", "Could", 3, 1, 1, 3),
    ("TR-01", "Migrate work orders",
     "As a dispatcher, I want open and recent jobs moved into the app, so that "
     "I start with the full picture", "Must", 5, 8, 8, 13),
    ("TR-02", "Train the teams",
     "As a technician, I want training before I switch, so that I am not "
     "learning the app in front of a customer", "Must", 5, 8, 5, 5),
    ("TR-03", "Side-by-side run",
     "As the Director of Operations, I want paper and app run side by side for "
     "two weeks, so that nothing is lost at the switch", "Should", 3, 3, 5, 5),
)  # fmt: skip

#: Up to three test cases written for each requirement (none for FR-07 and
#: NF-03, left untested on purpose), then two tests that verify nothing known.
_TESTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("FR-01", ("Log a burst main from a call", "Reject a fault with no address",
               "Log a fault while the map is busy")),
    ("FR-02", ("Open jobs show at their address", "Colours follow job status")),
    ("FR-03", ("Assign a job by dragging it to a technician",)),
    ("FR-04", ("Today's jobs appear on the tablet at 7 am",
               "A job reassigned at noon leaves the first tablet")),
    ("FR-05", ("Record parts from the van stock list", "Attach three photos",
               "Record work on a job with no parts")),
    ("FR-06", ("Close a job in airplane mode", "Edit a job offline, then sync")),
    ("FR-08", ("Report totals match the job records",
               "Report file passes the regulator's format check")),
    ("FR-09", ("Leaderboard counts jobs closed this week",)),
    ("NF-01", ("Sync 40 jobs within 60 s on a weak signal",)),
    ("NF-02", ("Tablet locks after 5 idle minutes",
               "Stored data is unreadable without the key")),
    ("NF-04", ("Complete a job wearing work gloves",)),
    ("TR-01", ("Row counts match after migration", "Spot-check 50 migrated jobs")),
    ("TR-02", ("Every technician has passed the training check",)),
    ("TR-03", ("Side-by-side run finds no missing jobs",)),
)  # fmt: skip
_STRAY_TESTS: tuple[tuple[str, str], ...] = (
    ("Print a paper job sheet", "FR-10"),  # FR-10 was dropped from the scope
    ("Explore the app on an old tablet", ""),
)

#: Kano survey: the features asked about and the chance that a technician's
#: answer pair falls in each category, chosen by hand.
_KANO_FEATURES: dict[str, dict[str, float]] = {
    "Job list on the tablet": {
        "must-be": 0.55, "one-dimensional": 0.25, "attractive": 0.05,
        "indifferent": 0.10, "questionable": 0.05,
    },
    "Work offline": {
        "must-be": 0.45, "one-dimensional": 0.30, "attractive": 0.10,
        "indifferent": 0.15,
    },
    "Photos on the job": {
        "one-dimensional": 0.45, "must-be": 0.20, "attractive": 0.20,
        "indifferent": 0.15,
    },
    "Turn-by-turn directions": {
        "attractive": 0.55, "indifferent": 0.25, "one-dimensional": 0.15,
        "must-be": 0.05,
    },
    "Voice notes instead of typing": {
        "attractive": 0.30, "indifferent": 0.50, "one-dimensional": 0.10,
        "reverse": 0.10,
    },
    "Weekly leaderboard": {
        "reverse": 0.50, "indifferent": 0.35, "attractive": 0.10,
        "questionable": 0.05,
    },
}  # fmt: skip
_RESPONDENTS = 32

#: The answer pairs of each Kano category, from the evaluation table.
_PAIRS: dict[str, list[tuple[str, str]]] = {}
for _pair, _category in KANO_TABLE.items():
    _PAIRS.setdefault(_category, []).append(_pair)


def fieldfix_requirements(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the FieldFix requirements: 24 rows across the four levels.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Unused (the table is written by hand); accepted like every builder.

    Returns
    -------
    DataFrame
        Columns ``id, level, kind, parent, statement, source, technique``:
        ``level`` is business, stakeholder, solution or transition; ``kind``
        is functional or non-functional for solution requirements; ``parent``
        the id the requirement derives from (empty for business ones, and for
        one solution requirement with no business reason); ``source`` who
        asked for it; ``technique`` how it was elicited.

    Examples
    --------
    >>> reqs = fieldfix_requirements()
    >>> reqs["level"].value_counts().to_dict()
    {'solution': 13, 'stakeholder': 5, 'business': 3, 'transition': 3}

    Used in: lesson 08, business analysis.
    """
    columns = ["id", "level", "kind", "parent", "statement", "source", "technique"]
    rows = [(rid, *_LEVELS[rid[:2]], *rest) for rid, *rest in _REQUIREMENTS]
    return pd.DataFrame(rows, columns=columns)


def fieldfix_backlog(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the FieldFix product backlog: 16 items with MoSCoW and WSJF scores.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Unused (the scores are chosen by hand); accepted like every builder.

    Returns
    -------
    DataFrame
        Columns ``id, title, story, moscow, business_value,
        time_criticality, risk_reduction, job_size``; the scores are relative,
        on the scale 1, 2, 3, 5, 8, 13, 20; job size in story points.

    Examples
    --------
    >>> backlog = fieldfix_backlog()
    >>> len(backlog), int(backlog["job_size"].sum())
    (16, 89)

    Used in: lesson 08, business analysis.
    """
    columns = [
        "id",
        "title",
        "story",
        "moscow",
        "business_value",
        "time_criticality",
        "risk_reduction",
        "job_size",
    ]
    return pd.DataFrame(list(_BACKLOG), columns=columns)


def fieldfix_tests(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the FieldFix test cases and the requirements each one verifies.

    For each requirement with written test cases, ``rng`` decides how many of
    them (at least one) have been written so far, and each test's status:
    passed (75 %), failed (10 %) or not run (15 %). Two stray tests verify no
    known requirement: one of a dropped requirement (FR-10), one linked to
    nothing.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in the registry).

    Returns
    -------
    DataFrame
        Columns ``test_id, title, requirements, status``; ``requirements``
        holds comma-separated requirement ids (empty for none).

    Examples
    --------
    >>> tests = fieldfix_tests(1)
    >>> tests["test_id"].iloc[0], sorted(set(tests["status"]))
    ('TC-01', ['failed', 'not run', 'passed'])

    Used in: lesson 08, business analysis.
    """
    rng = np.random.default_rng(rng)
    rows = []
    for requirement, titles in _TESTS:
        count = int(rng.integers(1, len(titles) + 1))
        for title in titles[:count]:
            rows.append((title, requirement))
    rows += list(_STRAY_TESTS)
    status = rng.choice(
        ["passed", "failed", "not run"], size=len(rows), p=[0.75, 0.10, 0.15]
    )
    return pd.DataFrame(
        {
            "test_id": [f"TC-{i:02d}" for i in range(1, len(rows) + 1)],
            "title": [title for title, _ in rows],
            "requirements": [link for _, link in rows],
            "status": status,
        }
    )


def fieldfix_kano(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build a Kano survey: 32 technicians answer about six candidate features.

    Each feature has a hand-chosen mix of Kano categories (e.g. "Work
    offline" is must-be for 45 % of people), turned into whole counts of the
    32 respondents by largest-remainder rounding. ``rng`` shuffles which
    technician falls in which category, and draws for each one of the answer
    pairs that the Kano evaluation table gives that category.

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness (the course uses the seed in the registry).

    Returns
    -------
    DataFrame
        Columns ``respondent, feature, functional, dysfunctional``; the
        answers are like, expect, neutral, tolerate or dislike.

    Examples
    --------
    >>> survey = fieldfix_kano(3)
    >>> len(survey), survey["feature"].nunique()
    (192, 6)

    Used in: lesson 08, business analysis.
    """
    rng = np.random.default_rng(rng)
    answers = {}
    for feature, mix in _KANO_FEATURES.items():
        share = np.array(list(mix.values())) * _RESPONDENTS
        counts = np.floor(share).astype(int)
        extra = np.argsort(-(share - counts), kind="stable")
        counts[extra[: _RESPONDENTS - counts.sum()]] += 1
        categories = rng.permutation(np.repeat(list(mix), counts))
        answers[feature] = [
            _PAIRS[c][int(rng.integers(len(_PAIRS[c])))] for c in categories
        ]
    rows = [
        (f"T{person + 1:02d}", feature, *answers[feature][person])
        for person in range(_RESPONDENTS)
        for feature in _KANO_FEATURES
    ]
    return pd.DataFrame(
        rows, columns=["respondent", "feature", "functional", "dysfunctional"]
    )
