"""Exact search for small resource-constrained schedules (private).

:func:`pmcourse.schedule.resources.optimal_schedule` is the public entry point; this
module holds its depth-first branch and bound, written on plain integer
arrays so that it needs nothing from the rest of the package.

The search enumerates the orders of the serial schedule generation scheme
(each task placed at the earliest time its links and the remaining capacity
allow). Some order reproduces an optimal *active* schedule, one in which no
task can start earlier without moving another (Kolisch 1996), so the best
schedule over all orders is optimal. Three rules keep the search small:

- **start order** (the "precedence tree" of Patterson et al. 1989, Sprecher
  2000): tasks are placed in order of their start times, so a task never
  starts before the one placed just before it, and tasks starting at the same
  time are placed in a fixed (topological) order. Each active schedule is
  then built once;
- **bounds**: a branch is cut when it cannot beat the best schedule found so
  far (first a sampling schedule). A branch's bound is the largest of its
  placed finish times, the critical path from every unplaced task's earliest
  start to the end, and, per resource, the work still to do divided by the
  capacity, added to the current start time;
- **memory**: a partial schedule whose future is the same as one already
  searched (same tasks placed, same start time, same load ahead, same earliest
  starts) is not searched again.

This is only valid when no link lets a successor start before its
predecessor (``delta >= 0``): the public function checks that.

Used in: lesson 03, scheduling (resource levelling: the optimum to compare
the heuristics with).
"""

from __future__ import annotations

import numpy as np


def _topological_rank(npred: np.ndarray, succ: np.ndarray) -> np.ndarray:
    """Return each task's position in a topological order (ties by index)."""
    waiting = npred.copy()
    ready = [k for k in range(npred.size) if waiting[k] == 0]
    rank = np.empty(npred.size, dtype=np.int64)
    for pos in range(npred.size):
        k = min(ready)
        ready.remove(k)
        rank[k] = pos
        for j in np.flatnonzero(succ[k]):
            waiting[j] -= 1
            if waiting[j] == 0:
                ready.append(int(j))
    return rank


class BranchAndBound:
    """Search every start-ordered serial schedule for the shortest one.

    Parameters
    ----------
    dur : numpy.ndarray
        ``(n,)`` whole-number durations.
    use : numpy.ndarray
        ``(n, R)`` use of each resource while a task runs.
    cap : numpy.ndarray
        ``(R,)`` capacities.
    delta : numpy.ndarray
        ``(n, n)`` minimum start-to-start distances, ``none`` where no link.
    none : int
        The value marking "no link" in ``delta``.
    """

    def __init__(
        self,
        dur: np.ndarray,
        use: np.ndarray,
        cap: np.ndarray,
        delta: np.ndarray,
        none: int,
    ) -> None:
        self.dur, self.use, self.cap = dur, use, cap
        self.limit = cap if cap.dtype.kind == "i" else cap + 1e-9
        n = dur.size
        linked = delta > none
        self.delta = np.where(linked, delta, 0)
        self.succs = [np.flatnonzero(linked[k]) for k in range(n)]
        self.npred = linked.sum(axis=0)
        self.rank = _topological_rank(self.npred, linked)
        order = np.argsort(self.rank)
        # tail[k]: the longest chain of links from k's start to the end
        self.tail = dur.astype(np.int64).copy()
        for k in order[::-1]:
            for j in self.succs[k]:
                self.tail[k] = max(self.tail[k], self.delta[k, j] + self.tail[j])
        head = np.zeros(n, dtype=np.int64)
        for k in order:
            for j in self.succs[k]:
                head[j] = max(head[j], head[k] + self.delta[k, j])
        self.work = (use * dur[:, None]).sum(axis=0)
        self.lower = max(int((head + self.tail).max()), self._work_bound(0, self.work))
        self.nodes = 0

    def _work_bound(self, start: int, work: np.ndarray) -> int:
        """Return ``start`` plus the longest time any resource needs for ``work``."""
        busy = self.cap > 0
        if not busy.any():
            return start
        return start + int(np.ceil((work[busy] / self.cap[busy]).max() - 1e-9))

    def _slot(self, k: int, lo: int) -> int | None:
        """Return the earliest start >= lo where k fits, if it ends before best."""
        d = int(self.dur[k])
        hi = self.best - d  # a later start cannot improve on the best schedule
        if lo > hi:
            return None
        if d == 0:
            return lo
        fits = (self.load[lo : hi + d] + self.use[k] <= self.limit).all(axis=1)
        blocked = np.concatenate(([0], np.cumsum(~fits)))
        clash = blocked[d : d + hi - lo + 1] - blocked[: hi - lo + 1]
        free = np.flatnonzero(clash == 0)
        return lo + int(free[0]) if free.size else None

    def solve(self, incumbent: np.ndarray) -> np.ndarray:
        """Return optimal integer starts, given a feasible schedule to beat.

        Parameters
        ----------
        incumbent : numpy.ndarray
            ``(n,)`` starts of a feasible schedule.

        Returns
        -------
        numpy.ndarray
            ``(n,)`` starts of a schedule with the smallest makespan.
        """
        n = self.dur.size
        self.best_starts = incumbent.astype(np.int64).copy()
        self.best = int((incumbent + self.dur).max())
        if self.best <= self.lower:
            return self.best_starts
        horizon = self.best + int(self.dur.max()) + 1
        self.load = np.zeros((horizon, self.cap.size), dtype=self.use.dtype)
        self.starts = np.zeros(n, dtype=np.int64)
        self.est = np.zeros(n, dtype=np.int64)
        self.waiting = self.npred.copy()
        self.placed = np.zeros(n, dtype=bool)
        self.seen: set[tuple] = set()
        self.saved: list[np.ndarray] = []  # earliest starts before each placement
        self._search(0, -1, 0, self.work)
        return self.best_starts

    def _search(self, last: int, last_rank: int, finish: int, work: np.ndarray) -> None:
        """Extend the partial schedule whose latest-placed start is ``last``."""
        self.nodes += 1
        todo = np.flatnonzero(~self.placed)
        if todo.size == 0:
            if finish < self.best:
                self.best, self.best_starts = finish, self.starts.copy()
            return
        est = np.maximum(self.est[todo], last)
        key = (
            self.placed.tobytes(),
            last,
            last_rank,
            max(finish, last),
            self.load[last:finish].tobytes(),
            est.tobytes(),
        )
        if key in self.seen:
            return
        self.seen.add(key)
        eligible = [int(k) for k in todo if self.waiting[k] == 0]
        slots = {}
        for k in eligible:
            t = self._slot(k, max(int(self.est[k]), last))
            if t is None:
                return  # k can no longer finish before the best schedule
            slots[k] = t
        children = []
        for k in eligible:
            t = slots[k]
            if t == last and self.rank[k] < last_rank:
                continue  # built in the other order already
            rest = todo[todo != k]
            bound = max(finish, t + int(self.dur[k]))
            if rest.size:
                after = np.maximum(self.est[rest], self.delta[k, rest] + t)
                bound = max(bound, int((np.maximum(after, t) + self.tail[rest]).max()))
                others = [
                    max(slots[j], t) + int(self.tail[j]) for j in eligible if j != k
                ]
                bound = max([bound, *others])
                ahead = work + self.load[t:].sum(axis=0)  # k's work moves, not adds
                bound = max(bound, self._work_bound(t, ahead))
            if bound < self.best:
                children.append((bound, t, k))
        children.sort()
        for bound, t, k in children:
            if bound >= self.best:
                break
            self._place(k, t, +1)
            self._search(
                t,
                int(self.rank[k]),
                max(finish, t + int(self.dur[k])),
                work - self.use[k] * self.dur[k],
            )
            self._place(k, t, -1)

    def _place(self, k: int, t: int, sign: int) -> None:
        """Place task k at t (sign +1) or take it back (sign -1)."""
        d = int(self.dur[k])
        self.load[t : t + d] += sign * self.use[k]
        self.placed[k] = sign > 0
        self.starts[k] = t
        for j in self.succs[k]:
            self.waiting[j] -= sign
        if sign > 0:
            self.saved.append(self.est.copy())
            for j in self.succs[k]:
                self.est[j] = max(self.est[j], t + self.delta[k, j])
        else:
            self.est = self.saved.pop()
