"""Synthetic networks for benchmarks, tests and simulations (made here, seeded)."""

from __future__ import annotations

import numpy as np


def random_network(
    n: int,
    predecessors: int = 3,
    *,
    max_duration: int = 10,
    window: int | None = None,
    rng: np.random.Generator | int | None = None,
) -> list[dict]:
    """Return a random activity network as a list of task dicts.

    Task ``t{j}`` gets up to ``predecessors`` distinct finish-to-start
    predecessors drawn from the tasks before it (from the last ``window``
    tasks when given, which makes long chains), and an integer duration in
    ``1 .. max_duration``.

    Parameters
    ----------
    n : int
        Number of activities (at least 1).
    predecessors : int
        Predecessors per activity (fewer for the first ones).
    max_duration : int
        Largest duration in days.
    window : int, optional
        Draw predecessors only among the ``window`` previous tasks.
    rng : numpy.random.Generator, int or None
        Seed or generator.

    Returns
    -------
    list of dict
        Rows with ``id``, ``duration`` and ``predecessors`` (a list of ids).

    Raises
    ------
    ValueError
        If ``n`` < 1, ``predecessors`` < 0 or ``max_duration`` < 1.

    Examples
    --------
    >>> tasks = random_network(5, rng=1)
    >>> [t["id"] for t in tasks]
    ['t0', 't1', 't2', 't3', 't4']
    >>> len(tasks[4]["predecessors"])
    3

    Used in: benchmarks; lesson 05, risk.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if predecessors < 0:
        raise ValueError(f"predecessors must be 0 or more, got {predecessors}")
    if max_duration < 1:
        raise ValueError(f"max_duration must be at least 1, got {max_duration}")
    gen = np.random.default_rng(rng)
    durations = gen.integers(1, max_duration + 1, size=n)
    tasks = []
    for j in range(n):
        lo = 0 if window is None else max(0, j - window)
        k = min(j - lo, predecessors)
        chosen = (gen.choice(j - lo, size=k, replace=False) + lo) if k else []
        tasks.append(
            {
                "id": f"t{j}",
                "duration": float(durations[j]),
                "predecessors": [f"t{i}" for i in sorted(chosen)],
            }
        )
    return tasks
