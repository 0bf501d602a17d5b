"""Stakeholders and communication: channels, power-interest grid, engagement, RACI.

- Communication channels: every pair of people is a channel, ``n(n - 1) / 2``
  with ``n`` counting the project manager.
- Power-interest grid: rate each stakeholder's power (ability to affect the
  project) and interest (how much the project affects them) on one scale; the
  quadrant suggests how closely to engage them.
- Engagement assessment: where each stakeholder is now and where the project
  needs them, on the ladder unaware < resistant < neutral < supportive <
  leading.
- RACI: a responsibility matrix of tasks (rows) by people (columns) holding
  the letters R, A, C and I.

Used in: lesson 07, stakeholders, communication and leadership; exercise ps07.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any, overload

import pandas as pd

from pmcourse.core.checks import as_frame, is_whole

__all__ = [
    "ENGAGEMENT_LEVELS",
    "QUADRANTS",
    "QUADRANT_STRATEGIES",
    "RACI_LETTERS",
    "assess_engagement",
    "channels_added",
    "classify_power_interest",
    "communication_channels",
    "parse_raci_cell",
    "validate_raci",
]

#: The four quadrants of the power-interest grid, keyed by (high power, high interest).
QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, True): "manage closely",
    (True, False): "keep satisfied",
    (False, True): "keep informed",
    (False, False): "monitor",
}

#: What each quadrant asks of the project lead, in one sentence.
QUADRANT_STRATEGIES: dict[str, str] = {
    "manage closely": (
        "Involve them in key decisions, meet them regularly and hear their "
        "concerns before they hear about problems from others."
    ),
    "keep satisfied": (
        "Give them short, timely updates on what matters to them (cost, "
        "compliance, risk) and watch for their interest rising."
    ),
    "keep informed": (
        "Keep them up to date through regular, easy-to-reach channels and use "
        "their detailed knowledge; raise their concerns with those who decide."
    ),
    "monitor": (
        "Check now and then that their power or interest has not changed; "
        "general updates are enough."
    ),
}

#: Engagement levels from least to most engaged.
ENGAGEMENT_LEVELS: tuple[str, ...] = (
    "unaware",
    "resistant",
    "neutral",
    "supportive",
    "leading",
)

#: The letters a RACI cell may hold.
RACI_LETTERS: tuple[str, ...] = ("R", "A", "C", "I")


def _whole_number(value: Any, name: str) -> int:
    """Return ``value`` as an int, or raise naming ``name``."""
    if not is_whole(value):
        raise ValueError(f"{name} must be a whole number of people, got {value!r}")
    return int(value)


def communication_channels(n: int) -> int:
    """Count the communication channels among ``n`` people.

    Every pair of people is one potential channel: ``n * (n - 1) / 2``.
    ``n`` counts everyone on the project, the project manager included.
    The count grows with the square of the team size, which is why a lead's
    coordination work grows faster than the team.

    Parameters
    ----------
    n : int
        Number of people, including the project manager (``n >= 0``). A float
        holding a whole number (``5.0``) is accepted.

    Returns
    -------
    int
        Number of distinct two-person channels.

    Raises
    ------
    ValueError
        If ``n`` is negative or not a whole number.

    Examples
    --------
    >>> communication_channels(5)
    10
    >>> communication_channels(10)
    45

    Used in: lesson 00, start here (coordination load); lesson 07, communication.
    """
    n = _whole_number(n, "n")
    if n < 0:
        raise ValueError(f"n must be >= 0 people, got {n}")
    return n * (n - 1) // 2


def channels_added(n_before: int, n_after: int) -> int:
    """Count the channels a team gains (or loses) when it changes size.

    The change is ``channels(n_after) - channels(n_before)``; it is negative
    when the team shrinks.

    Parameters
    ----------
    n_before, n_after : int
        Team sizes before and after the change, project manager included.

    Returns
    -------
    int
        Channels added (negative when channels are removed).

    Raises
    ------
    ValueError
        If either size is negative or not a whole number.

    Examples
    --------
    Growing from 5 to 10 people takes the team from 10 to 45 channels:

    >>> channels_added(5, 10)
    35
    >>> channels_added(10, 5)
    -35

    Used in: lesson 00, start here; lesson 07, communication.
    """
    before = _whole_number(n_before, "n_before")
    after = _whole_number(n_after, "n_after")
    if before < 0:
        raise ValueError(f"n_before must be >= 0 people, got {before}")
    if after < 0:
        raise ValueError(f"n_after must be >= 0 people, got {after}")
    return communication_channels(after) - communication_channels(before)


def _check_rating(value: Any, name: str, scale: tuple[float, float]) -> float:
    lo, hi = scale
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a number on [{lo}, {hi}], got {value!r}"
        ) from None
    if not lo <= x <= hi:
        raise ValueError(f"{name} must be on the scale [{lo}, {hi}], got {value!r}")
    return x


@overload
def classify_power_interest(
    table: float,
    interest: float,
    *,
    scale: tuple[float, float] = ...,
    threshold: float | None = ...,
) -> str: ...


@overload
def classify_power_interest(
    table: pd.DataFrame | Iterable[Mapping[str, Any]],
    interest: None = ...,
    *,
    scale: tuple[float, float] = ...,
    threshold: float | None = ...,
) -> pd.DataFrame: ...


def classify_power_interest(
    table: float | pd.DataFrame | Iterable[Mapping[str, Any]],
    interest: float | None = None,
    *,
    scale: tuple[float, float] = (1, 10),
    threshold: float | None = None,
) -> str | pd.DataFrame:
    """Place stakeholders on the power-interest grid.

    Power and interest are rated on the same scale, 1 (lowest) to 10 (highest)
    by default. A rating at or above ``threshold`` counts as high; the default
    threshold is the middle of the scale (5.5 on 1-10, so 6 and up is high).

    ============  ===============  ================
    power         interest high    interest low
    ============  ===============  ================
    high          manage closely   keep satisfied
    low           keep informed    monitor
    ============  ===============  ================

    Parameters
    ----------
    table : float or DataFrame or list of dict
        Either one stakeholder's power rating (then give ``interest`` too), or
        a table with the columns ``power`` and ``interest`` (and usually
        ``stakeholder``).
    interest : float, optional
        The interest rating, when ``table`` is a single power rating.
    scale : (float, float)
        Lowest and highest allowed rating, e.g. ``(1, 10)``, ``(1, 5)`` or
        ``(0, 1)``.
    threshold : float, optional
        Ratings at or above it count as high. Defaults to the scale's middle.

    Returns
    -------
    str or DataFrame
        The quadrant name for one stakeholder; for a table, a copy with a new
        ``quadrant`` column.

    Raises
    ------
    ValueError
        If a rating is missing or off the scale (naming the stakeholder), a
        column is missing, or the scale or threshold is malformed.

    Examples
    --------
    >>> classify_power_interest(9, 8)
    'manage closely'
    >>> classify_power_interest(0.2, 0.9, scale=(0, 1))
    'keep informed'
    >>> grid = classify_power_interest(
    ...     [
    ...         {"stakeholder": "sponsor", "power": 9, "interest": 7},
    ...         {"stakeholder": "auditor", "power": 8, "interest": 2},
    ...         {"stakeholder": "end users", "power": 3, "interest": 9},
    ...         {"stakeholder": "facilities", "power": 2, "interest": 2},
    ...     ]
    ... )
    >>> grid["quadrant"].tolist()
    ['manage closely', 'keep satisfied', 'keep informed', 'monitor']

    Used in: lesson 07, stakeholders; exercise ps07.
    """
    lo, hi = (float(s) for s in scale)
    if not lo < hi:
        raise ValueError(
            f"scale must be (lowest, highest) with lowest < highest, got {scale}"
        )
    cut = (lo + hi) / 2 if threshold is None else float(threshold)
    if not lo < cut <= hi:
        raise ValueError(f"threshold must lie in ({lo}, {hi}], got {threshold!r}")

    if interest is not None or isinstance(table, numbers.Real):
        if interest is None:
            raise ValueError("interest is required when table is a single power rating")
        p = _check_rating(table, "power", (lo, hi))
        i = _check_rating(interest, "interest", (lo, hi))
        return QUADRANTS[(p >= cut, i >= cut)]

    frame = as_frame(table, copy=True)
    for column in ("power", "interest"):
        if column not in frame.columns:
            raise ValueError(
                f"table needs a '{column}' column; it has {list(frame.columns)}"
            )
    names = frame["stakeholder"] if "stakeholder" in frame.columns else frame.index
    quadrants = []
    for name, p, i in zip(names, frame["power"], frame["interest"], strict=True):
        p = _check_rating(p, f"power of stakeholder {name!r}", (lo, hi))
        i = _check_rating(i, f"interest of stakeholder {name!r}", (lo, hi))
        quadrants.append(QUADRANTS[(p >= cut, i >= cut)])
    frame["quadrant"] = quadrants
    return frame


def assess_engagement(
    table: pd.DataFrame | Iterable[Mapping[str, Any]],
) -> pd.DataFrame:
    """Compare each stakeholder's current and desired engagement.

    The levels, from least to most engaged, are unaware, resistant, neutral,
    supportive and leading. The ``gap`` is the number of steps from the
    current level to the desired one: positive means the stakeholder must be
    brought further in, 0 means no action, negative means they are more
    involved than the project needs (rarely a problem, but worth a look).

    Parameters
    ----------
    table : DataFrame or list of dict
        Columns ``stakeholder``, ``current`` and ``desired``; levels are
        matched ignoring case and surrounding spaces.

    Returns
    -------
    DataFrame
        A copy of the table with the levels normalised to lower case, an
        integer ``gap`` column and a boolean ``action_needed`` column
        (``gap != 0``).

    Raises
    ------
    ValueError
        If a column is missing or a level is not one of the five, naming the
        stakeholder.

    Examples
    --------
    >>> out = assess_engagement(
    ...     pd.DataFrame(
    ...         {
    ...             "stakeholder": ["sponsor", "ops lead", "legal"],
    ...             "current": ["supportive", "Resistant", "neutral"],
    ...             "desired": ["leading", "supportive", "neutral"],
    ...         }
    ...     )
    ... )
    >>> out[["stakeholder", "gap", "action_needed"]].values.tolist()
    [['sponsor', 1, True], ['ops lead', 2, True], ['legal', 0, False]]

    Used in: lesson 07, stakeholders (engagement assessment matrix).
    """
    frame = as_frame(table, copy=True)
    for column in ("stakeholder", "current", "desired"):
        if column not in frame.columns:
            raise ValueError(
                f"table needs a '{column}' column; it has {list(frame.columns)}"
            )
    rank = {level: k for k, level in enumerate(ENGAGEMENT_LEVELS)}
    gaps = []
    for row in frame.itertuples(index=False):
        levels = []
        for column in ("current", "desired"):
            raw = getattr(row, column)
            level = str(raw).strip().lower() if isinstance(raw, str) else raw
            if level not in rank:
                raise ValueError(
                    f"stakeholder {row.stakeholder!r}: {column} level {raw!r} is not "
                    f"one of {', '.join(ENGAGEMENT_LEVELS)}"
                )
            levels.append(level)
        gaps.append(rank[levels[1]] - rank[levels[0]])
    frame["current"] = frame["current"].str.strip().str.lower()
    frame["desired"] = frame["desired"].str.strip().str.lower()
    frame["gap"] = pd.array(gaps, dtype="int64")
    frame["action_needed"] = frame["gap"] != 0
    return frame


def parse_raci_cell(cell: Any) -> frozenset[str]:
    """Read the letters in one RACI cell.

    A cell may hold one letter or several written together ("AR") or with
    separators ("A/R", "R, C", "a + r"); case does not matter. An empty cell,
    ``None`` or NaN means no role.

    Parameters
    ----------
    cell : str or None
        The cell's content.

    Returns
    -------
    frozenset of str
        The upper-case letters found (they may include letters other than
        R, A, C, I; :func:`validate_raci` reports those).

    Examples
    --------
    >>> sorted(parse_raci_cell("A/R"))
    ['A', 'R']
    >>> sorted(parse_raci_cell(" ci "))
    ['C', 'I']
    >>> parse_raci_cell(None)
    frozenset()

    Used in: lesson 07, responsibility assignment (RACI).
    """
    if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
        return frozenset()
    return frozenset(re.sub(r"[^A-Za-z]", "", str(cell)).upper())


def validate_raci(matrix: pd.DataFrame, *, raise_errors: bool = False) -> list[str]:
    """Check a RACI matrix and list every problem found.

    The rules: each task has exactly one Accountable person (A) and at least
    one Responsible person (R); cells hold only the letters R, A, C and I
    (combined letters such as "A/R" or "AR" are fine: the accountable person
    may also do the work); task names are unique.

    Parameters
    ----------
    matrix : DataFrame
        Tasks as rows (the index holds task names, or a ``task`` column does),
        people as columns, cells holding letters or left empty.
    raise_errors : bool
        By default the problems are returned as a list, empty when the matrix
        is valid. With ``True`` a ValueError listing all of them is raised
        instead (useful in a grading cell).

    Returns
    -------
    list of str
        One message per problem, each naming the task (and the person for a
        bad cell). An empty list means the matrix is valid.

    Raises
    ------
    TypeError
        If ``matrix`` is not a DataFrame.
    ValueError
        If ``matrix`` has no tasks or no people, or when ``raise_errors`` is
        true and there are problems.

    Examples
    --------
    >>> raci = pd.DataFrame(
    ...     {"Ana": ["A/R", "A", "I"], "Ben": ["C", "R", "A"], "Chen": ["I", "R", "C"]},
    ...     index=["design", "build", "launch"],
    ... )
    >>> validate_raci(raci)
    ["task 'launch' has no Responsible (R): give someone the work"]
    >>> raci.loc["launch", "Chen"] = "R"
    >>> validate_raci(raci)
    []

    Used in: lesson 07, responsibility assignment (RACI); exercise ps07.
    """
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(
            f"matrix must be a pandas DataFrame, got {type(matrix).__name__}"
        )
    frame = matrix.set_index("task") if "task" in matrix.columns else matrix
    if frame.shape[0] == 0:
        raise ValueError("matrix has no tasks (rows)")
    if frame.shape[1] == 0:
        raise ValueError("matrix has no people (columns)")

    problems: list[str] = []
    duplicated = frame.index[frame.index.duplicated()].unique()
    for task in duplicated:
        problems.append(
            f"task {task!r} appears more than once: give each row a unique name"
        )
    for task, row in frame.iterrows():
        accountable, responsible = [], []
        for person, cell in row.items():
            letters = parse_raci_cell(cell)
            unknown = sorted(letters - set(RACI_LETTERS))
            if unknown:
                problems.append(
                    f"task {task!r}, person {person!r}: unknown letter(s) "
                    f"{', '.join(unknown)} in {cell!r}; use only R, A, C, I"
                )
            if "A" in letters:
                accountable.append(str(person))
            if "R" in letters:
                responsible.append(str(person))
        if not accountable:
            problems.append(
                f"task {task!r} has no Accountable (A): name exactly one owner"
            )
        elif len(accountable) > 1:
            problems.append(
                f"task {task!r} has {len(accountable)} Accountable people "
                f"({', '.join(accountable)}): keep exactly one"
            )
        if not responsible:
            problems.append(
                f"task {task!r} has no Responsible (R): give someone the work"
            )
    if problems and raise_errors:
        raise ValueError("RACI matrix has problems:\n- " + "\n- ".join(problems))
    return problems
