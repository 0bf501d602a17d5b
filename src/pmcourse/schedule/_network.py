"""Activity networks: parse a task table once, then run fast passes over it.

This private module holds the machinery that :mod:`pmcourse.schedule` (one
schedule) and :mod:`pmcourse.risk` (thousands of Monte Carlo samples) share.
A :class:`Network` is built once from a task table; its forward and backward
passes run over arrays of shape ``(n_tasks, n_samples)`` so the same code
serves one schedule (``n_samples = 1``) and a whole simulation.

The passes are the textbook ones (zero-based: the project starts at 0)::

    ES[j] = max(0, max over links i -> j of  (EF[i] or ES[i]) + lag - (D[j] if the
            link ends at j's finish))
    EF[j] = ES[j] + D[j]
    LF[i] = min(T, min over links i -> j of (LF[j] or LS[j]) - lag + (D[i] if the
            link starts at i's start))
    LS[i] = LF[i] - D[i]

They are vectorised by *topological level*: every task in a level depends only
on tasks in earlier levels, so a whole level is computed with a few numpy
operations. Reading the task table (ids, numeric columns, predecessor
entries) is in :mod:`pmcourse.schedule._tasks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pmcourse.schedule._tasks import entries, parse_link

__all__ = [
    "Network",
    "build",
]

#: the predecessor's date a link starts from: finish (True) or start (False)
_FROM_FINISH = np.array([True, False, True, False])
#: the successor's date a link constrains: finish (True) or start (False)
_TO_FINISH = np.array([False, False, True, True])


@dataclass(frozen=True)
class Network:
    """A parsed activity network, ready for forward and backward passes.

    Attributes
    ----------
    ids : tuple of str
        Task ids in the order of the input table.
    src, dst : numpy.ndarray
        Predecessor and successor index of every link.
    kind : numpy.ndarray
        Link type of every link as an index into ``LINK_TYPES``.
    lag : numpy.ndarray
        Lag of every link in days (negative for a lead).
    level : numpy.ndarray
        Topological level of every task (0 for tasks without predecessors).
    """

    ids: tuple[str, ...]
    src: np.ndarray
    dst: np.ndarray
    kind: np.ndarray
    lag: np.ndarray
    level: np.ndarray
    _fwd: list[_Group] = field(repr=False)
    _bwd: list[_Group] = field(repr=False)

    @property
    def size(self) -> int:
        """Return the number of tasks."""
        return len(self.ids)

    def forward(self, durations: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return early starts and finishes for durations of shape (tasks, samples).

        Parameters
        ----------
        durations : numpy.ndarray
            Shape ``(n_tasks,)`` or ``(n_tasks, n_samples)``.

        Returns
        -------
        es, ef : numpy.ndarray
            Same shape as ``durations``.
        """
        d = np.asarray(durations, dtype=float)
        es = np.zeros_like(d)
        ef = d.copy()
        for g in self._fwd:
            # the predecessor's date each link starts from
            if g.from_finish.all():
                cand = ef[g.src]
            elif not g.from_finish.any():
                cand = es[g.src]
            else:
                cand = np.where(_column(g.from_finish, d), ef[g.src], es[g.src])
            if g.lag is not None:
                cand += _column(g.lag, d)
            if g.to_finish.any():  # FF and SF links constrain the finish
                cand -= np.where(_column(g.to_finish, d), d[g.dst], 0.0)
            best = _reduce(np.maximum, cand, g)
            if g.may_go_negative:
                np.maximum(best, 0.0, out=best)
            es[g.nodes] = best
            ef[g.nodes] = best + d[g.nodes]
        return es, ef

    def backward(
        self, durations: np.ndarray, finish: np.ndarray | float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return late starts and finishes given the project finish.

        Parameters
        ----------
        durations : numpy.ndarray
            Shape ``(n_tasks,)`` or ``(n_tasks, n_samples)``.
        finish : float or numpy.ndarray
            The project finish (one per sample).

        Returns
        -------
        ls, lf : numpy.ndarray
            Same shape as ``durations``.
        """
        d = np.asarray(durations, dtype=float)
        lf = np.broadcast_to(np.asarray(finish, dtype=float), d.shape).copy()
        ls = lf - d
        for g in self._bwd:
            # the successor's date each link constrains
            if g.to_finish.all():
                cand = lf[g.dst]
            elif not g.to_finish.any():
                cand = ls[g.dst]
            else:
                cand = np.where(_column(g.to_finish, d), lf[g.dst], ls[g.dst])
            if g.lag is not None:
                cand -= _column(g.lag, d)
            if not g.from_finish.all():  # SS and SF links hold the start
                cand += np.where(_column(g.from_finish, d), 0.0, d[g.src])
            best = _reduce(np.minimum, cand, g)
            np.minimum(lf[g.nodes], best, out=best)
            lf[g.nodes] = best
            ls[g.nodes] = best - d[g.nodes]
        return ls, lf

    def free_float(
        self, es: np.ndarray, ef: np.ndarray, total_float: np.ndarray
    ) -> np.ndarray:
        """Return how far each task can slip without moving a successor's early dates.

        For a link ``i -> j`` the slack is the successor's constrained early date
        (ES or EF by link type) minus the predecessor's date (EF or ES) plus lag.
        A task's free float is its smallest slack, capped by its total float (a
        task without successors: project finish minus EF).
        """
        ff = np.array(total_float, dtype=float, copy=True)
        if self.src.size == 0:
            return ff
        fin = _FROM_FINISH[self.kind]
        tof = _TO_FINISH[self.kind]
        shape = (-1,) + (1,) * (es.ndim - 1)
        succ_date = np.where(tof.reshape(shape), ef[self.dst], es[self.dst])
        pred_date = np.where(fin.reshape(shape), ef[self.src], es[self.src])
        slack = succ_date - pred_date - self.lag.reshape(shape)
        np.minimum.at(ff, self.src, slack)
        return np.maximum(ff, 0.0)


def build(
    ids: Sequence[str], predecessors: Sequence[Any], *, check_cycles: bool = True
) -> Network:
    """Build a :class:`Network` from task ids and their predecessor entries.

    Parameters
    ----------
    ids : sequence of str
        Unique task ids.
    predecessors : sequence
        One entry per task: a list of predecessor entries, a comma-separated
        string, or empty.
    check_cycles : bool
        Kept true: a network with a cycle has no schedule.

    Returns
    -------
    Network

    Raises
    ------
    ValueError
        Naming the task with an unknown predecessor, a task that lists itself,
        or every task of a cycle.
    """
    if len(predecessors) != len(ids):
        raise ValueError("ids and predecessors must have the same length")
    get = {tid: i for i, tid in enumerate(ids)}.get
    lists = [
        value if type(value) is list else entries(value, ids[j])
        for j, value in enumerate(predecessors)
    ]
    flat = [entry for value in lists for entry in value]
    if set(map(type, flat)) - {str}:  # a list held numbers: normalise those
        lists = [entries(value, ids[j]) for j, value in enumerate(lists)]
        flat = [entry for value in lists for entry in value]
    owner = np.repeat(np.arange(len(lists), dtype=np.intp), list(map(len, lists)))
    found = list(map(get, flat))  # the plain ``ID`` entries, at C speed
    src: Any = []  # a list while parsing, or the found arrays
    dst: Any = []
    special: list[tuple[int, int, float]] = []  # (link, kind, lag) unless FS+0
    if None not in found:
        src, dst = found, owner
    else:  # some entries carry a link type, a lag or spaces: parse those
        for k, i in enumerate(found):
            j = int(owner[k])
            if i is None:
                entry = flat[k].strip()
                if not entry:
                    continue
                i = get(entry)
                if i is None:
                    pid, kind, lag = parse_link(entry, ids[j])
                    i = get(pid)
                    if i is None:
                        raise ValueError(
                            f"task '{ids[j]}' lists unknown predecessor '{pid}'"
                        )
                    if kind or lag:
                        special.append((len(src), kind, lag))
            src.append(i)
            dst.append(j)
    n = len(ids)
    src_a = np.asarray(src, dtype=np.intp)
    dst_a = np.asarray(dst, dtype=np.intp)
    loops = np.flatnonzero(src_a == dst_a)
    if loops.size:
        raise ValueError(f"task '{ids[dst_a[loops[0]]]}' lists itself as a predecessor")
    kind_a = np.zeros(len(src), dtype=np.intp)
    lag_a = np.zeros(len(src), dtype=float)
    if special:
        pos, kinds, lags = zip(*special, strict=True)
        kind_a[list(pos)] = kinds
        lag_a[list(pos)] = lags
    level = _levels(n, src_a, dst_a, ids)
    return Network(
        ids=tuple(ids),
        src=src_a,
        dst=dst_a,
        kind=kind_a,
        lag=lag_a,
        level=level,
        _fwd=_groups(src_a, dst_a, kind_a, lag_a, level, forward=True),
        _bwd=_groups(src_a, dst_a, kind_a, lag_a, level, forward=False),
    )


def _column(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    """Shape a per-link vector to broadcast over the samples of ``like``."""
    return values.reshape((-1,) + (1,) * (like.ndim - 1))


@dataclass(frozen=True)
class _Group:
    """The links into (forward) or out of (backward) one topological level."""

    src: np.ndarray
    dst: np.ndarray
    nodes: np.ndarray  # the tasks computed by this group, one per run of links
    starts: np.ndarray  # where each node's run of links starts, for reduceat
    from_finish: np.ndarray
    to_finish: np.ndarray
    lag: np.ndarray | None  # None when every lag is 0
    may_go_negative: bool  # a lead or an FF/SF link could reach before 0
    # the k-th link of every node that has more than k links: (rows, links)
    slots: tuple[tuple[np.ndarray | None, np.ndarray], ...]


def _reduce(ufunc: np.ufunc, cand: np.ndarray, g: _Group) -> np.ndarray:
    """Reduce each node's run of link candidates with ``ufunc`` (max or min).

    One vectorised step per link position (first links, second links, ...)
    rather than ``ufunc.reduceat``, which is slow along the first axis of a
    2-D array.
    """
    if len(g.slots) == 1 and g.slots[0][1].size == cand.shape[0]:
        return cand  # one link per node
    best = cand[g.slots[0][1]]
    for rows, links in g.slots[1:]:
        if rows is None:
            ufunc(best, cand[links], out=best)
        else:
            best[rows] = ufunc(best[rows], cand[links])
    return best


def _groups(
    net_src: np.ndarray,
    net_dst: np.ndarray,
    kind: np.ndarray,
    lag: np.ndarray,
    level: np.ndarray,
    *,
    forward: bool,
) -> list[_Group]:
    """Group links by level, sorted by the node they update, for ``reduceat``."""
    if net_src.size == 0:
        return []
    node = net_dst if forward else net_src
    edge_level = level[node]
    order = np.lexsort((node, edge_level if forward else -edge_level))
    # every array below is in sorted order; a group is a slice of them
    src, dst, nd = net_src[order], net_dst[order], node[order]
    k = kind[order]
    from_finish, to_finish, lags = _FROM_FINISH[k], _TO_FINISH[k], lag[order]
    size = order.size
    run_start = np.flatnonzero(np.diff(nd, prepend=-1))  # a run: one node's links
    run_count = np.diff(np.append(run_start, size))
    group_start = np.flatnonzero(np.diff(edge_level[order], prepend=-1))
    group_end = np.append(group_start[1:], size)
    run_group = np.searchsorted(run_start, np.append(group_start, size))
    any_lag = np.add.reduceat((lags != 0).astype(np.intp), group_start) > 0
    negative = np.add.reduceat(((lags < 0) | to_finish).astype(np.intp), group_start)
    groups: list[Any] = []
    for gi, (a, b) in enumerate(
        zip(group_start.tolist(), group_end.tolist(), strict=True)
    ):
        r0, r1 = run_group[gi], run_group[gi + 1]
        starts = run_start[r0:r1] - a
        counts = run_count[r0:r1]
        slots: list[tuple[Any, Any]] = [(None, starts)]
        for pos in range(1, int(counts.max())):
            rows = np.flatnonzero(counts > pos)
            slots.append((rows, starts[rows] + pos))
        groups.append(
            _Group(
                src=src[a:b],
                dst=dst[a:b],
                nodes=nd[a:b][starts],
                starts=starts,
                from_finish=from_finish[a:b],
                to_finish=to_finish[a:b],
                lag=lags[a:b] if any_lag[gi] else None,
                may_go_negative=bool(negative[gi]),
                slots=tuple(slots),
            )
        )
    return groups


def _levels(n: int, src: np.ndarray, dst: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """Return each task's topological level (Kahn's algorithm, a level at a time)."""
    level = np.zeros(n, dtype=np.intp)
    if src.size == 0:
        return level
    indeg = np.bincount(dst, minlength=n)
    ready = np.zeros(n, dtype=bool)
    order = np.argsort(src, kind="stable")
    out_dst = dst[order]
    offsets = np.concatenate(([0], np.cumsum(np.bincount(src, minlength=n))))
    frontier = np.flatnonzero(indeg == 0)
    done = 0
    depth = 0
    while frontier.size:
        level[frontier] = depth
        done += frontier.size
        lo, hi = offsets[frontier], offsets[frontier + 1]
        counts = hi - lo
        total = int(counts.sum())
        if total == 0:
            break
        pos = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
        targets = out_dst[pos]
        indeg -= np.bincount(targets, minlength=n)
        ready[targets[indeg[targets] == 0]] = True  # a set, without sorting
        frontier = np.flatnonzero(ready)
        ready[frontier] = False
        depth += 1
    if done < n:
        raise ValueError("cycle: " + " -> ".join(_find_cycle(n, src, dst, indeg, ids)))
    return level


def _find_cycle(
    n: int, src: np.ndarray, dst: np.ndarray, indeg: np.ndarray, ids: Sequence[str]
) -> list[str]:
    """Return the ids along one cycle among the tasks Kahn's algorithm left over."""
    left = set(np.flatnonzero(indeg > 0).tolist())
    preds: dict[int, list[int]] = {}
    for s, d in zip(src.tolist(), dst.tolist(), strict=True):
        if s in left and d in left:
            preds.setdefault(d, []).append(s)
    # every leftover task has a leftover predecessor: walk back until we repeat
    node = min(left)
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = preds[node][0]
    cycle = path[seen[node] :][::-1]
    # start the cycle at its first task in input order, for a stable message
    k = cycle.index(min(cycle))
    cycle = cycle[k:] + cycle[:k]
    return [ids[i] for i in cycle + [cycle[0]]]
