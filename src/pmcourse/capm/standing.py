"""Where a learner stands per CAPM domain and task, and what to practise next.

:func:`standing` reads the practice answers of the learner's progress file
(``ProgressStore.table("practice")``) and returns a :class:`Standing`: the
ability estimate of each domain and task with its uncertainty
(:mod:`pmcourse.capm.irt`), the readiness estimate
(:mod:`pmcourse.capm.readiness`) and the next three things to practise: the
tasks most likely below the pass line, each with the lesson that teaches it.

Used in: lesson 00, start here ("My progress").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from pmcourse.capm.irt import DIFFICULTY_B, GRID, AbilityTracker, item_parameters
from pmcourse.capm.irt import estimate_tasks as _estimate_tasks
from pmcourse.capm.readiness import Readiness, domain_curves, readiness
from pmcourse.capm.schema import DOMAIN_NAMES

__all__ = ["Standing", "standing"]


@dataclass(frozen=True)
class Standing:
    """A learner's standing from their practice answers.

    Attributes
    ----------
    answered : int
        Practice answers used.
    domains : DataFrame
        Indexed by domain: ``name``, ``answered``, ``right``, ``ability``,
        ``sd``, ``rating`` and the rating probabilities.
    tasks : DataFrame
        Indexed by outline task: ``domain``, ``answered``, ``right``,
        ``ability``, ``sd``, ``p_below`` (probability of being below the
        pass line), ``lesson``.
    readiness : Readiness
    next_steps : list of str
        The three things to practise next, most needed first.
    """

    answered: int
    domains: pd.DataFrame = field(repr=False)
    tasks: pd.DataFrame = field(repr=False)
    readiness: Readiness = field(repr=False)
    next_steps: list[str] = field(default_factory=list)


def _answers(practice: pd.DataFrame, params: pd.DataFrame) -> pd.DataFrame:
    """Give each recorded answer its model parameters (by item, else by level)."""
    if practice.empty:
        return pd.DataFrame(columns=["item", "domain", "task", "a", "b", "correct"])
    known = params.set_index("id")
    out = practice[["item", "domain", "correct"]].copy()
    task = practice["task"] if "task" in practice else pd.Series(None, practice.index)
    out["task"] = task.fillna(out["item"].map(known["task"]))
    level = practice.get("difficulty", pd.Series(2, index=practice.index)).fillna(2)
    out["a"] = out["item"].map(known["a"]).fillna(1.0)
    out["b"] = out["item"].map(known["b"]).fillna(level.map(DIFFICULTY_B)).fillna(-1)
    out["domain"] = out["domain"].astype(int)
    out["correct"] = out["correct"].astype(bool)
    return out


def standing(practice: pd.DataFrame, params: pd.DataFrame | None = None) -> Standing:
    """Return the learner's :class:`Standing` from their practice answers.

    Parameters
    ----------
    practice : DataFrame
        One row per answer: ``item``, ``domain``, ``correct`` and, when
        known, ``task`` and ``difficulty`` (the progress file's
        ``practice`` table). Items no longer in the bank (after a course
        update) count by their recorded domain, task and difficulty.
    params : DataFrame, optional
        :func:`pmcourse.capm.irt.item_parameters` (the whole bank by default).

    Returns
    -------
    Standing

    Examples
    --------
    >>> answers = pd.DataFrame({"item": ["F-EVM-01"] * 4, "domain": 2,
    ...                         "task": "2.3", "correct": False})
    >>> s = standing(answers)
    >>> s.answered, s.next_steps[0].startswith("Task 2.3")
    (4, True)

    Used in: lesson 00, start here ("My progress").
    """
    params = item_parameters() if params is None else params
    answers = _answers(practice, params)
    tracker = AbilityTracker()
    for d, a, b, right in zip(
        answers["domain"].to_numpy(int),
        answers["a"].to_numpy(float),
        answers["b"].to_numpy(float),
        answers["correct"].to_numpy(bool),
        strict=True,
    ):
        tracker.update(int(d), float(a), float(b), bool(right))
    curves = domain_curves(params)
    ready = readiness(tracker, curves)
    domains = ready.domains.copy()
    domains.insert(0, "name", [DOMAIN_NAMES[d] for d in domains.index])
    counts = answers.groupby("domain")["correct"].agg(["size", "sum"])
    domains.insert(1, "answered", counts["size"].reindex(domains.index, fill_value=0))
    domains.insert(2, "right", counts["sum"].reindex(domains.index, fill_value=0))
    domains[["answered", "right"]] = domains[["answered", "right"]].astype(int)
    tasks = _estimate_tasks(answers, params)
    # the ability at which a domain's expected share right reaches the line
    line_at = {
        d: float(np.interp(ready.line, curves[d - 1], GRID)) for d in (1, 2, 3, 4)
    }
    z = (tasks["domain"].map(line_at) - tasks["ability"]) / tasks["sd"]
    tasks["p_below"] = special.ndtr(z.to_numpy(float))
    lessons = params.groupby("task")["lesson"].agg(lambda s: s.mode().iloc[0])
    tasks["lesson"] = [str(lessons.get(t, "09_capm_practice")) for t in tasks.index]
    ranked = tasks.sort_values(["p_below", "sd"], ascending=[False, False]).head(3)
    steps = [
        f"Task {task} ({DOMAIN_NAMES[int(r.domain)]}): "
        f"{r.p_below:.0%} likely below the line after {int(r.answered)} answers; "
        f"revisit lesson {r.lesson}, then practise this task"
        for task, r in ranked.iterrows()
    ]
    return Standing(
        answered=len(answers),
        domains=domains,
        tasks=tasks,
        readiness=ready,
        next_steps=steps,
    )
