"""A Kanban flow simulation: how a WIP limit changes cycle time.

The model runs day by day:

1. New items arrive: a Poisson number with mean ``arrival_rate``, each with a
   size (effort in points) drawn from a gamma distribution with mean
   ``size_mean`` and coefficient of variation ``size_cv``. They queue in the
   backlog, first come first served.
2. The team pulls items from the backlog into progress while the number in
   progress is below ``wip_limit`` (no limit: every waiting item starts).
3. The day's ``capacity`` (points) is shared equally among the items in
   progress; an item that needs less than its share finishes and its unused
   share goes to the others (processor sharing with "water filling").

New items start only at the beginning of a day, so capacity freed when an
item finishes mid-day goes to the other items in progress, or idles if there
are none: a very low limit (1) can starve the team and cut throughput.

There is no cost for switching between items, so, idle time apart, a WIP
limit changes when items *start*, not how much the team finishes: it trades
waiting in progress for waiting in the backlog. That alone shortens cycle
time (start to finish), as Little's law predicts (cycle time = WIP /
throughput). Real teams also lose time switching between many items, which
makes limits pay off even more than this model shows.

Used in: lesson 06, Kanban and WIP limits (simulation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmcourse.core import is_whole
from pmcourse.core.checks import number

__all__ = ["KanbanResult", "simulate_kanban"]


@dataclass(frozen=True)
class KanbanResult:
    """Output of :func:`simulate_kanban`.

    ``daily`` has one row per day: ``day, arrivals, backlog, wip, started,
    throughput``. ``wip`` counts the items worked on that day (started on or
    before it and not finished before it), the definition under which
    Little's law holds exactly. ``items`` has one row per item: ``id, size,
    created, started, finished`` (NaN until it happens), ``cycle_time`` and
    ``lead_time`` (days, both ends counted), usable with
    :func:`pmcourse.agile.cumulative_flow`.

    Examples
    --------
    >>> r = simulate_kanban(days=60, wip_limit=2, rng=1)
    >>> r.mean_wip <= 2, r.mean_cycle_time > 0
    (True, True)
    >>> r.items.columns[:3].tolist()
    ['id', 'size', 'created']
    """

    daily: pd.DataFrame
    items: pd.DataFrame

    @property
    def mean_cycle_time(self) -> float:
        """Mean cycle time of the finished items, in days (NaN if none)."""
        ct = self.items["cycle_time"].dropna()
        return float(ct.mean()) if len(ct) else math.nan

    @property
    def mean_lead_time(self) -> float:
        """Mean lead time of the finished items, in days (NaN if none)."""
        lt = self.items["lead_time"].dropna()
        return float(lt.mean()) if len(lt) else math.nan

    @property
    def mean_throughput(self) -> float:
        """Mean items finished per day."""
        return float(self.daily["throughput"].mean())

    @property
    def mean_wip(self) -> float:
        """Mean items in progress per day."""
        return float(self.daily["wip"].mean())


def _share(remaining: np.ndarray, capacity: float) -> np.ndarray:
    """Split ``capacity`` equally over items, passing on what a finished item leaves.

    Returns the work left on each item after the day.
    """
    k = remaining.size
    order = np.argsort(remaining, kind="stable")
    r = remaining[order]
    before = np.concatenate([[0.0], np.cumsum(r)[:-1]])
    # Capacity needed for items 0..i (sorted) to all finish today; never decreases.
    need = before + r * (k - np.arange(k))
    m = int(np.searchsorted(need, capacity, side="right"))
    left = np.zeros(k)
    if m < k:
        level = (capacity - before[m]) / (k - m)
        left[m:] = r[m:] - level
    out = np.empty(k)
    out[order] = left
    return out


def simulate_kanban(
    days: int = 120,
    arrival_rate: float = 1.1,
    capacity: float = 3.0,
    wip_limit: int | None = 4,
    size_mean: float = 3.0,
    size_cv: float = 0.5,
    rng: np.random.Generator | int | None = None,
) -> KanbanResult:
    """Simulate a Kanban team day by day under a WIP limit.

    Demand is ``arrival_rate * size_mean`` points a day against ``capacity``;
    above 1 the backlog grows without end. With no WIP limit, an overloaded
    team starts everything and each item's share of attention shrinks, so
    cycle time climbs; with a limit, items wait in the backlog instead and
    cycle time stays near ``wip_limit / throughput``. See the module notes
    for the model's rules.

    The random draws (arrivals and sizes) do not depend on ``wip_limit`` or
    ``capacity``, so with a fixed ``rng`` seed the same items arrive whatever
    the limit: comparisons between limits are fair.

    Parameters
    ----------
    days : int
        Days to simulate (>= 1).
    arrival_rate : float
        Mean new items per day (>= 0).
    capacity : float
        Points the team completes per day (> 0).
    wip_limit : int or None
        Most items in progress at once (>= 1); None means no limit.
    size_mean : float
        Mean item size in points (> 0).
    size_cv : float
        Item size variability: standard deviation / mean (>= 0; 0 makes every
        item ``size_mean``).
    rng : numpy.random.Generator or int or None
        Random source or seed.

    Returns
    -------
    KanbanResult
        Daily series (``daily``) and per-item dates (``items``), with
        ``mean_cycle_time``, ``mean_lead_time``, ``mean_throughput`` and
        ``mean_wip`` properties.

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it).

    Examples
    --------
    >>> limited = simulate_kanban(wip_limit=3, rng=7)
    >>> unlimited = simulate_kanban(wip_limit=None, rng=7)
    >>> limited.mean_cycle_time < unlimited.mean_cycle_time
    True
    >>> int(limited.daily["wip"].max())
    3

    Used in: lesson 06, Kanban and WIP limits (simulation).
    """
    if not is_whole(days, 1):
        raise ValueError(f"days must be a whole number >= 1, got {days!r}")
    days = int(days)
    arrival_rate = number(arrival_rate, "arrival_rate")
    capacity = number(capacity, "capacity", strict=True)
    size_mean = number(size_mean, "size_mean", strict=True)
    size_cv = number(size_cv, "size_cv")
    if wip_limit is not None:
        if not is_whole(wip_limit, 1):
            raise ValueError(
                f"wip_limit must be a whole number >= 1 or None, got {wip_limit!r}"
            )
    limit = math.inf if wip_limit is None else int(wip_limit)

    gen = np.random.default_rng(rng)
    arrivals = gen.poisson(arrival_rate, size=days)
    total = int(arrivals.sum())
    # Arrivals come first, so they stay the same whatever the size settings.
    base = (
        gen.standard_gamma(1.0 / size_cv**2, size=total) * size_cv**2
        if size_cv
        else None
    )
    sizes = np.full(total, size_mean) if base is None else base * size_mean
    created = np.repeat(np.arange(days), arrivals).astype(float)
    started = np.full(total, np.nan)
    finished = np.full(total, np.nan)
    remaining = sizes.copy()

    in_progress = np.empty(0, dtype=np.int64)
    next_item = 0  # first item not yet started (items start in arrival order)
    arrived = 0
    backlog = np.zeros(days, dtype=np.int64)
    wip = np.zeros(days, dtype=np.int64)
    n_started = np.zeros(days, dtype=np.int64)
    done = np.zeros(days, dtype=np.int64)
    for day in range(days):
        arrived += int(arrivals[day])
        room = arrived - next_item if limit == math.inf else limit - in_progress.size
        take = int(max(0, min(room, arrived - next_item)))
        if take:
            new = np.arange(next_item, next_item + take)
            started[new] = day
            in_progress = np.concatenate([in_progress, new])
            next_item += take
        n_started[day] = take
        wip[day] = in_progress.size
        if in_progress.size:
            remaining[in_progress] = _share(remaining[in_progress], capacity)
            finishing = remaining[in_progress] <= 1e-12
            finished[in_progress[finishing]] = day
            done[day] = int(finishing.sum())
            in_progress = in_progress[~finishing]
        backlog[day] = arrived - next_item

    daily = pd.DataFrame(
        {
            "day": np.arange(days),
            "arrivals": arrivals,
            "backlog": backlog,
            "wip": wip,
            "started": n_started,
            "throughput": done,
        }
    )
    items = pd.DataFrame(
        {
            "id": np.arange(total),
            "size": sizes,
            "created": created,
            "started": started,
            "finished": finished,
            "cycle_time": finished - started + 1,
            "lead_time": finished - created + 1,
        }
    )
    return KanbanResult(daily=daily, items=items)
