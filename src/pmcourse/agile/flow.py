"""Flow metrics: Little's law, cumulative flow, cycle time and throughput.

An item table has one row per work item and the columns ``created``,
``started`` and ``finished`` (dates, or whole day numbers); ``started`` and
``finished`` are empty (NaT/NaN) until the event happens. An optional ``id``
column names the items in error messages.

Day conventions, used throughout the course:

- A date is the day an event happened. An item is counted in a state at the
  end of each day: done if ``finished <= day``, in progress if
  ``started <= day`` and not done, to do if ``created <= day`` and not started.
- Cycle time counts both the start and the finish day:
  ``finished - started + 1`` days, so an item started and finished on the same
  day took 1 day. Lead time likewise counts from ``created``. (This is the
  convention of Daniel Vacanti's *Actionable Agile Metrics for
  Predictability*; some tools leave out the ``+ 1``.)

Used in: lesson 06, Kanban and flow; exercise ps06.
"""

from __future__ import annotations

import math
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from pmcourse.core.checks import Table, as_frame, number

__all__ = [
    "cumulative_flow",
    "cycle_times",
    "lead_times",
    "littles_law",
    "throughput",
]

ItemTable: TypeAlias = Table
_STATES = ("created", "started", "finished")


def littles_law(
    wip: float | None = None,
    throughput: float | None = None,
    cycle_time: float | None = None,
) -> float:
    """Solve Little's law, ``wip = throughput * cycle_time``, for the missing term.

    Over a stable period, the average number of items in progress equals the
    average rate at which items finish times the average time each spends in
    progress. Give exactly two of the three (in consistent units, e.g. items,
    items per day and days) and get the third.

    Parameters
    ----------
    wip : float, optional
        Average work in progress (items, >= 0).
    throughput : float, optional
        Average items finished per unit of time (> 0 when dividing by it).
    cycle_time : float, optional
        Average time an item spends in progress (> 0 when dividing by it).

    Returns
    -------
    float
        The missing quantity.

    Raises
    ------
    ValueError
        If not exactly one argument is missing, a value is negative or not
        finite, or a divisor is zero.

    Examples
    --------
    A team with 12 items in progress that finishes 3 a day takes 4 days an item:

    >>> littles_law(wip=12, throughput=3)
    4.0
    >>> littles_law(throughput=3, cycle_time=4)
    12.0
    >>> littles_law(wip=12, cycle_time=4)
    3.0

    Used in: lesson 06, Little's law; exercise ps06.
    """
    given = {"wip": wip, "throughput": throughput, "cycle_time": cycle_time}
    missing = [name for name, value in given.items() if value is None]
    if len(missing) != 1:
        raise ValueError(
            "give exactly two of wip, throughput and cycle_time; "
            f"missing: {', '.join(missing) or 'none'}"
        )
    values = {}
    for name, value in given.items():
        if value is None:
            continue
        values[name] = number(value, name)
    if missing[0] == "wip":
        return values["throughput"] * values["cycle_time"]
    divisor = "cycle_time" if missing[0] == "throughput" else "throughput"
    if values[divisor] == 0:
        raise ValueError(f"{divisor} must be > 0 to solve for {missing[0]}")
    return values["wip"] / values[divisor]


def _items(items: ItemTable, need: tuple[str, ...] = _STATES) -> pd.DataFrame:
    frame = as_frame(items)
    for column in need:
        if column not in frame.columns:
            raise ValueError(
                f"items needs a '{column}' column; it has {list(frame.columns)}"
            )
    return frame


def _day_numbers(frame: pd.DataFrame) -> tuple[dict[str, np.ndarray], bool]:
    """Return the event columns as float day numbers (NaN = not yet) and a date flag."""
    columns = [c for c in _STATES if c in frame.columns]
    numeric = all(
        pd.api.types.is_numeric_dtype(frame[c]) or frame[c].isna().all()
        for c in columns
    )
    out = {}
    for c in columns:
        if numeric:
            out[c] = frame[c].to_numpy(dtype=float, na_value=np.nan)
        else:
            try:
                try:
                    dates = pd.to_datetime(frame[c])
                except ValueError:  # e.g. some dates with a time, some without
                    dates = pd.to_datetime(frame[c], format="mixed")
                if dates.dt.tz is not None:  # keep the local calendar day
                    dates = dates.dt.tz_localize(None)
                dates = dates.dt.normalize()
            except (TypeError, ValueError) as err:
                raise ValueError(f"items column '{c}' must hold dates: {err}") from None
            days = (dates - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)
            out[c] = days.to_numpy(dtype=float, na_value=np.nan)
    return out, not numeric


def _check_order(frame: pd.DataFrame, days: dict[str, np.ndarray]) -> None:
    names = frame["id"].tolist() if "id" in frame.columns else frame.index.tolist()
    created = days["created"]
    missing = np.flatnonzero(np.isnan(created))
    if missing.size:
        raise ValueError(f"item {names[missing[0]]!r} has no created date")
    pairs = [("started", "created"), ("finished", "started")]
    for later, earlier in pairs:
        if later not in days:
            continue
        a, b = days[later], days[earlier]
        orphan = np.flatnonzero(~np.isnan(a) & np.isnan(b))
        if orphan.size:
            raise ValueError(
                f"item {names[orphan[0]]!r} has a {later} date but no {earlier} date"
            )
        early = np.flatnonzero(a < b)
        if early.size:
            raise ValueError(
                f"item {names[early[0]]!r} is {later} before it was {earlier}"
            )


def cumulative_flow(
    items: ItemTable,
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame:
    """Count the items in each state at the end of every day.

    Stack the three columns, ``done`` at the bottom, to draw a cumulative
    flow diagram: the top edge of each band (arrivals, starts, finishes so
    far) never falls, the vertical gap between the started and finished lines
    is the work in progress, and the horizontal gap approximates cycle time.

    Parameters
    ----------
    items : DataFrame or list of dict
        The item table (``created``, ``started``, ``finished``; see the
        module notes).
    start, end : date or int, optional
        First and last day to report; default from the first event to the
        last one.

    Returns
    -------
    DataFrame
        Indexed by ``day`` (dates, or day numbers for numeric input), columns
        ``to_do``, ``in_progress``, ``done``, integer counts.

    Raises
    ------
    ValueError
        If a column is missing, an item has no created date, or an item's
        dates are out of order (finished before started, started before
        created, or finished without a start).

    Examples
    --------
    >>> items = [
    ...     {"id": "A", "created": 0, "started": 1, "finished": 3},
    ...     {"id": "B", "created": 0, "started": 2, "finished": None},
    ...     {"id": "C", "created": 2, "started": None, "finished": None},
    ... ]
    >>> cumulative_flow(items)
         to_do  in_progress  done
    day
    0        2            0     0
    1        1            1     0
    2        1            2     0
    3        1            1     1

    Used in: lesson 06, cumulative flow diagrams; exercise ps06.
    """
    frame = _items(items)
    days, is_date = _day_numbers(frame)
    _check_order(frame, days)
    events = np.concatenate([d[~np.isnan(d)] for d in days.values()])
    if events.size == 0:
        raise ValueError("items is empty: give at least one item")

    def _as_day(value: Any) -> float:
        if is_date:
            return (pd.Timestamp(value).normalize() - pd.Timestamp("1970-01-01")).days
        return float(value)

    first = math.floor(events.min()) if start is None else _as_day(start)
    last = math.floor(events.max()) if end is None else _as_day(end)
    if last < first:
        raise ValueError(f"end ({end!r}) is before start ({start!r})")
    grid = np.arange(first, last + 1, dtype=float)

    def reached(column: str) -> np.ndarray:
        d = np.sort(days[column][~np.isnan(days[column])])
        return np.searchsorted(d, grid, side="right")

    n_created, n_started, n_finished = (reached(c) for c in _STATES)
    if is_date:
        index = pd.DatetimeIndex(
            pd.Timestamp("1970-01-01") + pd.to_timedelta(grid, "D")
        )
    else:
        index = pd.Index(grid.astype(np.int64))
    index.name = "day"
    return pd.DataFrame(
        {
            "to_do": n_created - n_started,
            "in_progress": n_started - n_finished,
            "done": n_finished,
        },
        index=index,
    )


def _durations(items: ItemTable, begin: str) -> pd.Series:
    frame = _items(items, need=(begin, "finished"))
    full = frame if "created" in frame.columns else frame.assign(created=frame[begin])
    days, _ = _day_numbers(full)
    _check_order(full, days)
    done = ~np.isnan(days["finished"])
    values = days["finished"][done] - days[begin][done] + 1
    index = frame["id"][done] if "id" in frame.columns else frame.index[done]
    return pd.Series(values, index=pd.Index(index), name=f"{begin}_to_finished_days")


def cycle_times(items: ItemTable) -> pd.Series:
    """Return each finished item's cycle time in days: ``finished - started + 1``.

    Unfinished items are left out (their cycle time is not known yet; their
    age so far is a separate, useful measure).

    Parameters
    ----------
    items : DataFrame or list of dict
        Columns ``started`` and ``finished`` (``created`` optional).

    Returns
    -------
    pandas.Series
        Days, indexed by item id (or the table's index).

    Raises
    ------
    ValueError
        If a column is missing or dates are out of order.

    Examples
    --------
    >>> items = [
    ...     {"id": "A", "created": 0, "started": 1, "finished": 3},
    ...     {"id": "B", "created": 0, "started": 2, "finished": 2},
    ...     {"id": "C", "created": 1, "started": 2, "finished": None},
    ... ]
    >>> cycle_times(items).tolist()
    [3.0, 1.0]

    Used in: lesson 06, flow metrics; exercise ps06.
    """
    return _durations(items, "started").rename("cycle_time")


def lead_times(items: ItemTable) -> pd.Series:
    """Return each finished item's lead time in days: ``finished - created + 1``.

    Lead time is what the customer waits: from the request to delivery,
    including time spent queueing before work starts.

    Parameters
    ----------
    items : DataFrame or list of dict
        Columns ``created``, ``started`` and ``finished``.

    Returns
    -------
    pandas.Series
        Days, indexed by item id (or the table's index).

    Raises
    ------
    ValueError
        If a column is missing or dates are out of order.

    Examples
    --------
    >>> items = [{"id": "A", "created": 0, "started": 1, "finished": 3}]
    >>> lead_times(items).tolist()
    [4.0]

    Used in: lesson 06, flow metrics.
    """
    _items(items)
    return _durations(items, "created").rename("lead_time")


def throughput(items: ItemTable, start: Any = None, end: Any = None) -> pd.Series:
    """Count the items finished on each day, zero days included.

    Parameters
    ----------
    items : DataFrame or list of dict
        Column ``finished`` at least; empty for unfinished items.
    start, end : date or int, optional
        First and last day to report; default the first and last finish.

    Returns
    -------
    pandas.Series
        Items finished per day, indexed by ``day``. Its mean is the average
        throughput used in Little's law.

    Raises
    ------
    ValueError
        If the ``finished`` column is missing or no item has finished.

    Examples
    --------
    >>> items = [{"finished": 1}, {"finished": 1}, {"finished": 3}, {"finished": None}]
    >>> throughput(items).tolist()
    [2, 0, 1]

    Used in: lesson 06, flow metrics; exercise ps06.
    """
    frame = _items(items, need=("finished",))
    days, is_date = _day_numbers(frame[["finished"]])
    finished = days["finished"][~np.isnan(days["finished"])]
    if finished.size == 0:
        raise ValueError("no item has a finished date: throughput needs finished items")

    def _as_day(value: Any) -> float:
        if is_date:
            return (pd.Timestamp(value).normalize() - pd.Timestamp("1970-01-01")).days
        return float(value)

    first = finished.min() if start is None else _as_day(start)
    last = finished.max() if end is None else _as_day(end)
    if last < first:
        raise ValueError(f"end ({end!r}) is before start ({start!r})")
    grid = np.arange(math.floor(first), math.floor(last) + 1)
    counts = np.bincount(
        (finished[(finished >= grid[0]) & (finished <= grid[-1])] - grid[0]).astype(
            int
        ),
        minlength=grid.size,
    )
    if is_date:
        index = pd.DatetimeIndex(
            pd.Timestamp("1970-01-01") + pd.to_timedelta(grid, "D")
        )
    else:
        index = pd.Index(grid.astype(np.int64))
    index.name = "day"
    return pd.Series(counts, index=index, name="throughput")
