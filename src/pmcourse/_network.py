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
operations.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

LINK_TYPES = ("FS", "SS", "FF", "SF")
#: the predecessor's date a link starts from: finish (True) or start (False)
_FROM_FINISH = np.array([True, False, True, False])
#: the successor's date a link constrains: finish (True) or start (False)
_TO_FINISH = np.array([False, False, True, True])

_LINK_RE = re.compile(
    r"^\s*(?P<id>[^:]+?)\s*(?::\s*(?P<type>[A-Za-z]{2})\s*"
    r"(?:(?P<sign>[+-])\s*(?P<lag>\d+(?:\.\d*)?|\.\d+)\s*[dD]?)?)?\s*$"
)


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
    _fwd: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(repr=False)
    _bwd: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(repr=False)

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
        fin = _FROM_FINISH[self.kind]
        tof = _TO_FINISH[self.kind]
        for edges, targets, starts in self._fwd:
            s, t = self.src[edges], self.dst[edges]
            cand = es[s] + self.lag[edges].reshape((-1,) + (1,) * (d.ndim - 1))
            cand = _add_where(cand, d[s], fin[edges])
            cand = _add_where(cand, -d[t], tof[edges])
            best = np.maximum.reduceat(cand, starts, axis=0)
            es[targets] = np.maximum(best, 0.0)
        return es, es + d

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
        fin = _FROM_FINISH[self.kind]
        tof = _TO_FINISH[self.kind]
        for edges, sources, starts in self._bwd:
            s, t = self.src[edges], self.dst[edges]
            cand = lf[t] - self.lag[edges].reshape((-1,) + (1,) * (d.ndim - 1))
            cand = _add_where(cand, -d[t], ~tof[edges])
            cand = _add_where(cand, d[s], ~fin[edges])
            best = np.minimum.reduceat(cand, starts, axis=0)
            lf[sources] = np.minimum(lf[sources], best)
        return lf - d, lf

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


def _add_where(values: np.ndarray, extra: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Add ``extra`` to the rows of ``values`` where ``mask`` is true."""
    if not mask.any():
        return values
    if mask.all():
        return values + extra
    shape = (-1,) + (1,) * (values.ndim - 1)
    return values + np.where(mask.reshape(shape), extra, 0.0)


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return False


def records(tasks: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Return the task table as a DataFrame, whatever form it came in.

    Parameters
    ----------
    tasks : DataFrame or iterable of dict
        A task table.

    Returns
    -------
    DataFrame
        The same table (not copied when it already was a DataFrame).

    Raises
    ------
    TypeError
        If ``tasks`` is neither a DataFrame nor a list of dicts.
    """
    if isinstance(tasks, pd.DataFrame):
        return tasks
    if isinstance(tasks, (str, bytes)) or not isinstance(tasks, Iterable):
        raise TypeError(
            "tasks must be a DataFrame or a list of dicts with 'id', 'duration' "
            f"and 'predecessors', got {type(tasks).__name__}"
        )
    rows = list(tasks)
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(
                f"tasks row {i} must be a dict with 'id', 'duration' and "
                f"'predecessors', got {type(row).__name__}"
            )
    return pd.DataFrame(rows)


def task_ids(table: pd.DataFrame) -> list[str]:
    """Return the task ids of a table as strings, checking they are unique.

    The ids come from an ``id`` column or, failing that, from an index named
    ``id`` (a :func:`pmcourse.schedule.cpm` result).

    Raises
    ------
    ValueError
        If there is no id column, an id is empty or an id is repeated.
    """
    if "id" in table.columns:
        raw = table["id"].tolist()
    elif table.index.name == "id":
        raw = table.index.tolist()
    else:
        raise ValueError(
            "tasks table is missing the column 'id' "
            f"(columns: {', '.join(map(str, table.columns)) or 'none'})"
        )
    if all(type(v) is str for v in raw):  # fast path: the usual case
        ids = [v.strip() for v in raw]
        if all(ids) and len(set(ids)) == len(ids):
            return ids
    ids = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        if _is_missing(value) or str(value).strip() == "":
            raise ValueError(f"task in row {i} has an empty id")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        tid = str(value).strip()
        if tid in seen:
            raise ValueError(f"task id '{tid}' appears more than once")
        seen.add(tid)
        ids.append(tid)
    return ids


def numeric_column(
    table: pd.DataFrame, column: str, ids: Sequence[str], *, allow_negative=False
) -> np.ndarray:
    """Return a column as floats, naming the task and column of any bad value.

    Raises
    ------
    ValueError
        If the column is missing, or a value is not a finite number (or is
        negative when ``allow_negative`` is false).
    """
    if column not in table.columns:
        raise ValueError(
            f"tasks table is missing the column '{column}' "
            f"(columns: {', '.join(map(str, table.columns))})"
        )
    col = table[column]
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        fast = col.to_numpy(dtype=float)
        if np.isfinite(fast).all() and (allow_negative or (fast >= 0).all()):
            return fast
    values = col.tolist()
    out = np.empty(len(values), dtype=float)
    for i, (tid, value) in enumerate(zip(ids, values, strict=True)):
        if _is_missing(value):
            raise ValueError(f"task '{tid}' has no {column} (the cell is empty)")
        try:
            if isinstance(value, bool):
                raise TypeError
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                f"task '{tid}' has a {column} that is not a number: {value!r}"
            ) from None
        if not math.isfinite(number):
            raise ValueError(f"task '{tid}' has no {column} (got {value!r})")
        if number < 0 and not allow_negative:
            raise ValueError(
                f"task '{tid}' has a negative {column} ({value!r}); "
                f"a {column} must be 0 or more"
            )
        out[i] = number
    return out


def parse_link(text: str, task: str) -> tuple[str, int, float]:
    """Parse one predecessor entry such as ``A``, ``A:SS`` or ``A:FS+2``.

    Parameters
    ----------
    text : str
        The entry.
    task : str
        The task that lists it (named in errors).

    Returns
    -------
    tuple
        ``(predecessor id, link type index, lag)``.

    Raises
    ------
    ValueError
        If the entry does not follow ``ID[:TYPE[+LAG|-LAG]]``.
    """
    m = _LINK_RE.match(text)
    if not m:
        raise ValueError(
            f"task '{task}' has a predecessor entry {text!r} that is not of the "
            "form ID, ID:TYPE or ID:TYPE+LAG (TYPE one of FS, SS, FF, SF)"
        )
    kind = (m["type"] or "FS").upper()
    if kind not in LINK_TYPES:
        raise ValueError(
            f"task '{task}' has a predecessor entry {text!r} with link type "
            f"'{m['type']}'; expected one of FS, SS, FF, SF"
        )
    lag = float(m["lag"]) if m["lag"] else 0.0
    if m["sign"] == "-":
        lag = -lag
    return m["id"].strip(), LINK_TYPES.index(kind), lag


def _entries(value: Any, task: str) -> list[str]:
    if _is_missing(value):
        return []
    if isinstance(value, str):
        return [p for p in (s.strip() for s in value.split(",")) if p]
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Series)):
        out = []
        for p in value:
            if _is_missing(p):
                continue
            if isinstance(p, float) and p.is_integer():
                p = int(p)
            if str(p).strip():
                out.append(str(p).strip())
        return out
    if isinstance(value, (int, np.integer)):
        return [str(value)]
    raise ValueError(
        f"task '{task}' has predecessors of type {type(value).__name__}; expected "
        "a list of ids or a comma-separated string"
    )


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
    src: list[int] = []
    dst: list[int] = []
    special: list[tuple[int, int, float]] = []  # (link, kind, lag) unless FS+0
    for j, value in enumerate(predecessors):
        if type(value) is not list or not all(type(p) is str for p in value):
            value = _entries(value, ids[j])
        for entry in value:
            i = get(entry)
            if i is None:
                entry = entry.strip()
                if not entry:
                    continue
                i = get(entry)
                if i is None:
                    pid, k, g = parse_link(entry, ids[j])
                    i = get(pid)
                    if i is None:
                        raise ValueError(
                            f"task '{ids[j]}' lists unknown predecessor '{pid}'"
                        )
                    if k or g:
                        special.append((len(src), k, g))
            if i == j:
                raise ValueError(f"task '{ids[j]}' lists itself as a predecessor")
            src.append(i)
            dst.append(j)
    n = len(ids)
    src_a = np.asarray(src, dtype=np.intp)
    dst_a = np.asarray(dst, dtype=np.intp)
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
        _fwd=_groups(level[dst_a], dst_a, ascending=True),
        _bwd=_groups(level[src_a], src_a, ascending=False),
    )


def _groups(
    edge_level: np.ndarray, node: np.ndarray, *, ascending: bool
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Group links by level, sorted by node, for ``ufunc.reduceat``."""
    if node.size == 0:
        return []
    order = np.lexsort((node, edge_level if ascending else -edge_level))
    lv = edge_level[order]
    cuts = np.flatnonzero(np.diff(lv)) + 1
    groups = []
    for edges in np.split(order, cuts):
        nodes = node[edges]
        starts = np.concatenate(([0], np.flatnonzero(np.diff(nodes)) + 1))
        groups.append((edges, nodes[starts], starts))
    return groups


def _levels(n: int, src: np.ndarray, dst: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """Return each task's topological level (Kahn's algorithm, a level at a time)."""
    level = np.zeros(n, dtype=np.intp)
    if src.size == 0:
        return level
    indeg = np.bincount(dst, minlength=n)
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
        targets = np.unique(targets)
        frontier = targets[indeg[targets] == 0]
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
