"""Synthetic networks for benchmarks, tests and simulations (made here, seeded).

- :func:`random_network`: a plain activity network (durations and links).
- :func:`rcpsp_instance`: a resource-constrained scheduling problem in the
  style of PSPLIB, whose early-start plan overloads its resources.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pmcourse.schedule import cpm
from pmcourse.schedule.resources import resource_usage


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
        chosen: Any = (gen.choice(j - lo, size=k, replace=False) + lo) if k else []
        tasks.append(
            {
                "id": f"t{j}",
                "duration": float(durations[j]),
                "predecessors": [f"t{i}" for i in sorted(chosen)],
            }
        )
    return tasks


def rcpsp_instance(
    n_tasks: int = 12,
    n_resources: int = 2,
    *,
    resource_strength: float = 0.3,
    resource_factor: float = 0.75,
    max_predecessors: int = 2,
    max_duration: int = 10,
    max_use: int = 10,
    rng: np.random.Generator | int | None = None,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Return a PSPLIB-like resource-constrained plan and capacities it overloads.

    The plan imitates the instances of PSPLIB (Kolisch and Sprecher 1997),
    made by their generator ProGen (Kolisch, Sprecher and Drexl 1995), at a
    size a learner can read:

    - **network**: task ``T1`` is the single start; every later task has
      1 to ``max_predecessors`` finish-to-start predecessors drawn among the
      tasks before it; the last task is the single finish (it follows every
      task that has no other successor);
    - **durations**: whole numbers from 1 to ``max_duration``;
    - **resource use**: each task uses each resource with probability
      ``resource_factor`` (at least one resource per task), from 1 to
      ``max_use`` units while it runs;
    - **capacities** from the *resource strength* RS, as ProGen defines it:
      ``capacity = Kmin + floor(RS x (Kmax - Kmin))``, where ``Kmin`` is
      the largest single task's use (below it, no schedule exists) and
      ``Kmax`` the peak use of the early-start schedule (at or above it,
      the critical path plan is already feasible). With RS below 1, every
      resource whose peak exceeds ``Kmin`` is overloaded in the early-start
      plan; a network is drawn again if no resource is.

    Parameters
    ----------
    n_tasks : int
        Number of tasks (at least 4: three or fewer always form a chain,
        which no capacity can overload).
    n_resources : int
        Number of renewable resources, named ``R1``, ``R2``, ... (at least 1).
    resource_strength : float
        RS in ``[0, 1)``: 0 is the scarcest capacity that still allows a
        schedule, values near 1 leave the plan barely overloaded.
    resource_factor : float
        Probability in ``(0, 1]`` that a task uses a given resource.
    max_predecessors : int
        Most predecessors a task draws (at least 1).
    max_duration : int
        Longest duration (at least 1).
    max_use : int
        Most units of a resource a task uses (at least 1).
    rng : numpy.random.Generator, int or None
        Seed or generator; all randomness comes from it.

    Returns
    -------
    tasks : DataFrame
        Columns ``id``, ``duration``, ``predecessors`` (comma-separated ids,
        ``""`` for the start) and one integer column per resource.
    capacities : dict of str to int
        Units of each resource available at any time.

    Raises
    ------
    ValueError
        If a parameter is out of its range, or if 100 draws in a row give no
        overloaded resource (a network too thin to overload).

    Examples
    --------
    >>> from pmcourse.schedule.resources import check_feasible
    >>> from pmcourse.schedule import cpm
    >>> tasks, capacities = rcpsp_instance(8, 2, rng=1)
    >>> list(tasks.columns)
    ['id', 'duration', 'predecessors', 'R1', 'R2']
    >>> int((tasks["predecessors"] == "").sum())
    1
    >>> len(check_feasible(tasks, cpm(tasks), capacities)) > 0  # overloaded
    True

    Used in: lesson 03, scheduling (resource levelling); the resource tests.
    """
    for name, value, low in (
        ("n_tasks", n_tasks, 4),
        ("n_resources", n_resources, 1),
        ("max_predecessors", max_predecessors, 1),
        ("max_duration", max_duration, 1),
        ("max_use", max_use, 1),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        if value < low:
            raise ValueError(f"{name} must be at least {low}, got {value}")
    if not 0 <= resource_strength < 1:
        raise ValueError(
            f"resource_strength must be in [0, 1), got {resource_strength!r} "
            "(1 or more would leave the plan feasible)"
        )
    if not 0 < resource_factor <= 1:
        raise ValueError(f"resource_factor must be in (0, 1], got {resource_factor!r}")
    gen = np.random.default_rng(rng)
    ids = [f"T{j}" for j in range(1, n_tasks + 1)]
    names = [f"R{k}" for k in range(1, n_resources + 1)]
    for _ in range(100):
        preds: list[list[int]] = [[] for _ in ids]
        has_successor = np.zeros(n_tasks, dtype=bool)
        for j in range(1, n_tasks - 1):
            k = int(gen.integers(1, min(j, max_predecessors) + 1))
            chosen = sorted(int(i) for i in gen.choice(j, size=k, replace=False))
            preds[j] = chosen
            has_successor[chosen] = True
        preds[-1] = [i for i in range(n_tasks - 1) if not has_successor[i]]
        durations = gen.integers(1, max_duration + 1, size=n_tasks)
        uses = gen.integers(1, max_use + 1, size=(n_tasks, n_resources))
        used = gen.random((n_tasks, n_resources)) < resource_factor
        none = np.flatnonzero(~used.any(axis=1))
        used[none, gen.integers(0, n_resources, size=none.size)] = True
        uses = np.where(used, uses, 0)
        tasks = pd.DataFrame(
            {
                "id": ids,
                "duration": durations,
                "predecessors": [", ".join(ids[i] for i in p) for p in preds],
            }
        )
        for k, name in enumerate(names):
            tasks[name] = uses[:, k]
        peak = resource_usage(tasks, cpm(tasks), names).max().to_numpy()
        k_min = uses.max(axis=0)
        capacity = k_min + np.floor(resource_strength * (peak - k_min)).astype(int)
        if (peak > capacity).any():
            return tasks, {n: int(c) for n, c in zip(names, capacity, strict=True)}
    raise ValueError(
        "100 draws gave no overloaded resource; use more tasks, more "
        "predecessors' choice or a higher resource_factor"
    )
