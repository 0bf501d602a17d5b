"""Decision trees: decision, chance and end nodes, rolled back by EMV.

A tree is built from :class:`Decision` nodes (options to choose between,
each with its cost), :class:`Chance` nodes (branches with probabilities that
sum to 1) and :class:`End` nodes (a payoff or a cost). :func:`rollback`
works from the ends back to the root: a chance node is worth the
probability-weighted sum of its branches (its expected monetary value), a
decision node the best of its options net of their costs. Re-exported by
:mod:`pmcourse.risk`.

Used in: lesson 05, risk; exercise ps05.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Chance", "Decision", "End", "Rollback", "rollback"]


@dataclass(frozen=True)
class End:
    """An end node: the payoff (positive) or cost (negative) of an outcome."""

    value: float
    label: str = ""


@dataclass(frozen=True)
class Chance:
    """A chance node: branches ``(probability, node)`` whose probabilities sum to 1.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or they do not sum to 1.
    """

    branches: tuple[tuple[float, Any], ...]
    label: str = ""

    def __post_init__(self) -> None:
        probs = [p for p, _ in self.branches]
        if not probs:
            raise ValueError(f"chance node '{self.label}' has no branches")
        bad = [p for p in probs if not 0 <= p <= 1]
        if bad:
            raise ValueError(
                f"chance node '{self.label}' has probability {bad[0]!r}; "
                "expected 0 to 1"
            )
        if abs(sum(probs) - 1) > 1e-9:
            raise ValueError(
                f"chance node '{self.label}' has probabilities summing to "
                f"{sum(probs):g}; they must sum to 1"
            )


@dataclass(frozen=True)
class Decision:
    """A decision node: options ``name -> (cost, node)``; the cost is paid first."""

    options: Mapping[str, tuple[float, Any]]
    label: str = ""

    def __post_init__(self) -> None:
        if not self.options:
            raise ValueError(f"decision node '{self.label}' has no options")


@dataclass(frozen=True)
class Rollback:
    """The result of rolling a decision tree back.

    Attributes
    ----------
    value : float
        Expected value of the root, best choices taken.
    choices : dict
        For each decision node label, the option chosen.
    option_values : dict
        For each decision node label, every option's expected value net of its cost.
    """

    value: float
    choices: dict[str, str] = field(default_factory=dict)
    option_values: dict[str, dict[str, float]] = field(default_factory=dict)


def rollback(node: End | Chance | Decision) -> Rollback:
    """Roll a decision tree back to its best choices by expected monetary value.

    End nodes give their value; a chance node gives the probability-weighted
    sum of its branches; a decision node takes the option with the largest
    value minus the option's cost.

    Parameters
    ----------
    node : End, Chance or Decision
        The root.

    Returns
    -------
    Rollback

    Examples
    --------
    Build in-house (cost 120k; 70% the product earns 300k, 30% it earns 100k)
    or buy (cost 150k; earns 250k for certain):

    >>> tree = Decision({
    ...     "build": (120_000, Chance(((0.7, End(300_000)), (0.3, End(100_000))))),
    ...     "buy": (150_000, End(250_000)),
    ... }, label="make or buy")
    >>> result = rollback(tree)
    >>> result.value, result.choices
    (120000.0, {'make or buy': 'build'})

    Used in: lesson 05, risk; exercise ps05.
    """
    choices: dict[str, str] = {}
    values: dict[str, dict[str, float]] = {}

    def walk(n: Any) -> float:
        if isinstance(n, End):
            return float(n.value)
        if isinstance(n, Chance):
            return sum(p * walk(child) for p, child in n.branches)
        if isinstance(n, Decision):
            net = {
                name: walk(child) - cost for name, (cost, child) in n.options.items()
            }
            best = max(net, key=net.__getitem__)
            label = n.label or f"decision {len(choices) + 1}"
            choices[label] = best
            values[label] = net
            return net[best]
        raise TypeError(f"not a decision-tree node: {n!r}")

    value = walk(node)
    return Rollback(float(value), choices, values)
