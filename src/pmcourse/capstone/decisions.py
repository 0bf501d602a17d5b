"""The decisions a project lead can take in a week, and their checks.

A week's decisions are a dict; every key is optional and an empty dict (or
``None``) is a valid week in which nothing new is decided:

- ``hire`` (int): people to hire (they ramp up over two weeks, at a fee);
- ``release`` (int): people to release (the least skilled leave);
- ``assign`` (dict): activity id to people moved onto it first this week;
- ``overtime`` (0, 1 or 2): hours above normal from now on (+10 % each);
- ``crash`` (list): activities to crash this week (contractors, at a premium);
- ``fast_track`` (list): activities allowed to start when their
  predecessors are half done (with rework);
- ``change_requests`` (dict): change request id to ``accept``, ``reject``
  or ``defer``;
- ``cut`` (list): optional activities or ``could`` stories to drop;
- ``add`` (list): extra scope to add (ids of the scenario's extras);
- ``risk_responses`` (dict): risk id to ``avoid``, ``mitigate``,
  ``transfer``, ``accept`` or ``escalate``;
- ``communicate`` (list): any of ``status_meeting``, ``one_to_ones``,
  ``escalation``, ``rebaseline``;
- ``sprint_commitment`` (number): story points committed for the sprint that
  starts this week (backlog scenarios, first week of a sprint);
- ``wip_limit`` (int): stories in progress at once from now on.

Used in: lesson 10, leading a project; exercise ps10.
"""

from __future__ import annotations

from typing import Any

from pmcourse.core import is_whole

__all__ = ["COMMUNICATIONS", "DECISION_KEYS", "normalise"]

#: Communication actions and what they cost in team capacity that week.
COMMUNICATIONS = {
    "status_meeting": 0.02,
    "one_to_ones": 0.03,
    "escalation": 0.0,
    "rebaseline": 0.01,
}
#: Every key a week's decisions may hold.
DECISION_KEYS = (
    "hire",
    "release",
    "assign",
    "overtime",
    "crash",
    "fast_track",
    "change_requests",
    "cut",
    "add",
    "risk_responses",
    "communicate",
    "sprint_commitment",
    "wip_limit",
)


def _int(value: Any, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key}: expected a whole number, got {value!r}")
    if not is_whole(value, low) or value > high:
        raise ValueError(
            f"{key}: expected a whole number {low} to {high}, got {value!r}"
        )
    return int(value)


def _ids(value: Any, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(v, str) for v in value
    ):
        raise ValueError(f"{key}: expected a list of ids, got {value!r}")
    if len(set(value)) != len(value):
        raise ValueError(f"{key}: an id is listed twice in {value!r}")
    return list(value)


def _mapping(value: Any, key: str, allowed: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError(f"{key}: expected a dict of id to choice, got {value!r}")
    for k, v in value.items():
        if not isinstance(k, str) or v not in allowed:
            raise ValueError(f"{key}: {k!r} -> {v!r}; expected one of {allowed}")
    return {str(k): str(v) for k, v in value.items()}


def normalise(decisions: dict[str, Any] | None) -> dict[str, Any]:
    """Check the form of a week's decisions and return them in canonical form.

    The form only: whether an id exists or a choice is possible this week is
    checked by the project when it applies them.

    Parameters
    ----------
    decisions : dict or None
        The week's decisions (see the module docstring).

    Returns
    -------
    dict
        Only the keys given, with canonical JSON-friendly values.

    Raises
    ------
    ValueError
        Naming the key and what was expected.

    Examples
    --------
    >>> normalise({"overtime": 1, "crash": "B"})
    {'overtime': 1, 'crash': ['B']}
    >>> normalise(None)
    {}

    Used in: lesson 10, leading a project.
    """
    if decisions is None:
        return {}
    if not isinstance(decisions, dict):
        raise ValueError(f"decisions: expected a dict or None, got {decisions!r}")
    unknown = sorted(set(decisions) - set(DECISION_KEYS))
    if unknown:
        raise ValueError(
            f"decisions: unknown key(s) {unknown}; allowed: {', '.join(DECISION_KEYS)}"
        )
    out: dict[str, Any] = {}
    for key in DECISION_KEYS:
        if key not in decisions:
            continue
        value = decisions[key]
        if key in ("hire", "release"):
            out[key] = _int(value, key, 0, 10)
        elif key == "overtime":
            out[key] = _int(value, key, 0, 2)
        elif key == "wip_limit":
            out[key] = _int(value, key, 1, 50)
        elif key == "sprint_commitment":
            out[key] = _int(value, key, 0, 500)
        elif key in ("crash", "fast_track", "cut", "add"):
            out[key] = _ids(value, key)
        elif key == "communicate":
            items = _ids(value, key)
            bad = [i for i in items if i not in COMMUNICATIONS]
            if bad:
                raise ValueError(
                    f"communicate: unknown {bad}; allowed {COMMUNICATIONS}"
                )
            out[key] = items
        elif key == "change_requests":
            out[key] = _mapping(value, key, ("accept", "reject", "defer"))
        elif key == "risk_responses":
            out[key] = _mapping(
                value, key, ("avoid", "mitigate", "transfer", "accept", "escalate")
            )
        elif key == "assign":
            if not isinstance(value, dict):
                raise ValueError(
                    f"assign: expected a dict of id to people, got {value!r}"
                )
            out[key] = {
                str(k): _int(v, f"assign[{k!r}]", 0, 20) for k, v in value.items()
            }
    return out
