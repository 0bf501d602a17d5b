"""Resource-constrained scheduling on an integer time grid (private).

The machinery behind :mod:`pmcourse.schedule.resources`: a task table and its
capacities turned into a :class:`Problem` (durations, uses and link distances
on an integer grid), the serial schedule generation scheme run on a batch of
priority rows at once (:func:`serial_sgs`), forward-backward improvement
(:func:`justify`) and biased random sampling (:func:`sample_best`). The
methods themselves are described in :mod:`pmcourse.schedule.resources`.

Used in: lesson 03, scheduling (resource levelling).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from pmcourse.core.checks import Table
from pmcourse.schedule import _network, _tasks

TaskTable: TypeAlias = Table
GRIDS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 25, 40, 50, 100)
NONE = -(2**40)  # "no link" in the integer distance matrix
TOL = 1e-9


@dataclass(frozen=True)
class Problem:
    """A task table on an integer time grid, ready for the schedule passes."""

    ids: list[str]
    scale: int  # time units of the grid per unit of the table
    dur: np.ndarray  # (n,) int64
    use: np.ndarray  # (n, R) int64 or float64
    cap: np.ndarray  # (R,)
    delta: np.ndarray  # (n, n) int64: start[j] >= start[i] + delta[i, j]
    succ: np.ndarray  # (n, n) int64: 1 where j follows i
    npred: np.ndarray  # (n,) int64
    lft: np.ndarray  # (n,) latest finish times, grid units
    horizon: int  # no schedule of the passes ends later

    def reverse(self) -> Problem:
        """Return the mirror problem: time runs backwards, links are reversed.

        A finish at ``T - s`` in the mirror is a start at ``s`` here, so
        ``start[i] >= start[j] + delta[i, j] + d[j] - d[i]`` in the mirror.
        """
        linked = self.delta > NONE
        rdelta = np.full_like(self.delta, NONE)
        shift = self.dur[None, :] - self.dur[:, None]  # d[j] - d[i] at [i, j]
        rdelta.T[linked] = (self.delta + shift)[linked]
        return Problem(
            ids=self.ids,
            scale=self.scale,
            dur=self.dur,
            use=self.use,
            cap=self.cap,
            delta=rdelta,
            succ=self.succ.T.copy(),
            npred=self.succ.sum(axis=1),
            lft=self.lft,
            horizon=self.horizon,
        )


def parse_tasks(tasks: TaskTable) -> tuple[list[str], np.ndarray, _network.Network]:
    table = _tasks.records(tasks)
    if len(table) == 0:
        raise ValueError("tasks table is empty: add at least one task")
    ids = _tasks.task_ids(table)
    durations = _tasks.numeric_column(table, "duration", ids)
    if "predecessors" not in table.columns:
        raise ValueError(
            "tasks table is missing the column 'predecessors' "
            "(use an empty list or '' for a task without predecessors)"
        )
    return ids, durations, _network.build(ids, table["predecessors"].tolist())


def resource_names(resources: Sequence[str] | Mapping[str, Any]) -> list[str]:
    if isinstance(resources, str):
        return [resources]
    names = [str(r) for r in resources]
    if not names:
        raise ValueError("give at least one resource column")
    return names


def use_matrix(table: pd.DataFrame, ids: list[str], names: list[str]) -> np.ndarray:
    for name in names:
        if name not in table.columns:
            raise ValueError(
                f"tasks table has no column '{name}' for that resource "
                f"(columns: {', '.join(map(str, table.columns))})"
            )
    return np.column_stack(
        [_tasks.numeric_column(table, name, ids) for name in names]
    ).reshape(len(ids), len(names))


def grid_scale(values: np.ndarray) -> int:
    for k in GRIDS:
        scaled = values * k
        if np.all(np.abs(scaled - np.round(scaled)) <= TOL * np.maximum(1, scaled)):
            return k
    raise ValueError(
        "durations and lags must be multiples of 1/100 of a time unit to be "
        "scheduled under resource limits"
    )


def build_problem(tasks: TaskTable, capacities: Mapping[str, float]) -> Problem:
    if not isinstance(capacities, Mapping) or not capacities:
        raise ValueError(
            "capacities must be a dict mapping each resource column to its "
            "capacity, e.g. {'R1': 12}"
        )
    table = _tasks.records(tasks)
    ids, durations, net = parse_tasks(table)
    names = resource_names(capacities)
    cap = np.empty(len(names))
    for k, name in enumerate(names):
        value = capacities[name]
        try:
            cap[k] = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"capacity of '{name}' must be a number, got {value!r}"
            ) from None
        if not math.isfinite(cap[k]) or cap[k] < 0:
            raise ValueError(f"capacity of '{name}' must be >= 0, got {value!r}")
    use = use_matrix(table, ids, names)
    over = np.argwhere(use > cap[None, :] + TOL)
    if over.size:
        i, k = over[0]
        raise ValueError(
            f"task '{ids[i]}' needs {use[i, k]:g} of '{names[k]}' but its capacity "
            f"is {cap[k]:g}: no schedule can run it"
        )
    k = grid_scale(np.concatenate([durations, net.lag]))
    dur = np.round(durations * k).astype(np.int64)
    lag = np.round(net.lag * k).astype(np.int64)
    n = len(ids)
    # minimum start-to-start distance of every link (see the module notes)
    src, dst, kind = net.src, net.dst, net.kind
    from_finish = np.isin(kind, (0, 2))  # FS, FF start from the predecessor's end
    to_finish = np.isin(kind, (2, 3))  # FF, SF constrain the successor's end
    dist = lag + np.where(from_finish, dur[src], 0) - np.where(to_finish, dur[dst], 0)
    delta = np.full((n, n), NONE, dtype=np.int64)
    np.maximum.at(delta, (src, dst), dist)
    succ = np.zeros((n, n), dtype=np.int64)
    succ[src, dst] = 1
    if (
        np.issubdtype(use.dtype, np.floating)
        and np.all(use == np.round(use))
        and np.all(cap == np.round(cap))
    ):
        use, cap = use.astype(np.int64), cap.astype(np.int64)
    es, ef = net.forward(dur.astype(float))
    _, lf = net.backward(dur.astype(float), float(ef.max()))
    slack = max(0, int((dist - dur[src]).max(initial=0)))
    horizon = int(dur.sum() + n * slack + max(0, int(es.max())) + 1)
    return Problem(
        ids=ids,
        scale=k,
        dur=dur,
        use=use,
        cap=cap,
        delta=delta,
        succ=succ,
        npred=succ.sum(axis=0),
        lft=lf,
        horizon=horizon,
    )


def serial_sgs(
    p: Problem,
    prio: np.ndarray,
    rng: np.random.Generator | None = None,
    sampled: np.ndarray | None = None,
) -> np.ndarray:
    """Run the serial schedule generation scheme on a batch of priority rows.

    ``prio`` (batch, n): the eligible task with the highest value goes next
    (the lowest index on ties). Rows flagged in ``sampled`` draw the next task
    at random instead, with regret-based weights ``prio - min prio + 1`` over
    the eligible tasks. Returns integer starts, shape (batch, n).
    """
    b, n = prio.shape
    rows = np.arange(b)
    length = p.horizon + int(p.dur.max(initial=0)) + 1
    grid = np.arange(length)
    load = np.zeros((b, length, p.cap.size), dtype=p.use.dtype)
    starts = np.zeros((b, n), dtype=np.int64)
    waiting = np.broadcast_to(p.npred, (b, n)).copy()
    placed = np.zeros((b, n), dtype=bool)
    finish = np.zeros(b, dtype=np.int64)
    sampling = sampled is not None and sampled.any()
    # whole units compare exactly; fractions of a unit get a rounding margin
    limit = p.cap if p.cap.dtype.kind == "i" else p.cap + 1e-9
    for _ in range(n):
        eligible = (waiting == 0) & ~placed
        score = np.where(eligible, prio, -np.inf)
        pick = score.argmax(axis=1)
        if sampling and rng is not None and sampled is not None:
            worst = np.where(eligible, prio, np.inf).min(axis=1, keepdims=True)
            weight = np.where(eligible, prio - worst + 1.0, 0.0)
            cum = np.cumsum(weight, axis=1)
            draw = rng.random(b) * cum[:, -1]
            drawn = np.minimum((cum <= draw[:, None]).sum(axis=1), n - 1)
            pick = np.where(sampled, drawn, pick)
        d = p.dur[pick]
        est = (starts + p.delta[:, pick].T).max(axis=1, initial=0)
        # only the part of the profile that can matter: past the latest end
        # of anything placed, or any task's earliest start, it is all free
        top = min(length, int(max(finish.max(), est.max())) + int(d.max()) + 1)
        need = p.use[pick]  # (b, R)
        fits = (load[:, :top, :] + need[:, None, :] <= limit).all(axis=2)
        blocked = np.zeros((b, top + 1), dtype=np.int64)
        np.cumsum(~fits, axis=1, out=blocked[:, 1:])
        end = np.minimum(grid[None, :top] + d[:, None], top)
        clash = np.take_along_axis(blocked, end, axis=1) - blocked[:, :top]
        ok = (clash == 0) & (grid[None, :top] >= est[:, None])
        t = ok.argmax(axis=1)
        starts[rows, pick] = t
        run = (grid[None, :top] >= t[:, None]) & (grid[None, :top] < (t + d)[:, None])
        load[:, :top, :] += run[:, :, None] * need[:, None, :]
        finish = np.maximum(finish, t + d)
        placed[rows, pick] = True
        waiting -= p.succ[pick]
    return starts


def justify(p: Problem, mirror: Problem, starts: np.ndarray) -> list[np.ndarray]:
    """Return the backward and forward passes of forward-backward improvement."""
    finish = starts + p.dur
    back = serial_sgs(mirror, finish.astype(float))  # latest finish first
    end = (back + p.dur).max(axis=1, keepdims=True)
    right = end - back - p.dur  # mirror time back to real time
    forward = serial_sgs(p, -right.astype(float))  # earliest start first
    return [right, forward]


def sample_best(p: Problem, budget: int, rng: np.random.Generator) -> np.ndarray:
    """Return the best schedule of biased random sampling with justification.

    Each pass counts as one schedule of the budget: ``budget // 3`` sampled
    forward passes, then one backward and one forward justification of each.
    """
    lft_first = -p.lft[None, :]
    batch = budget // 3 if budget >= 3 else budget
    sampled = np.arange(batch) > 0  # row 0 is the serial LFT schedule
    found = serial_sgs(p, np.repeat(lft_first, batch, axis=0), rng, sampled)
    if budget >= 3:
        found = np.concatenate([found, *justify(p, p.reverse(), found)])
    return found[int((found + p.dur).max(axis=1).argmin())]
