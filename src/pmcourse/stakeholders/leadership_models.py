"""Two-axis models of leadership: situational styles, conflict modes, power.

The small models that lesson 07 teaches and the CAPM exam asks about:
situational leadership (:func:`situational_style`), the five conflict modes
of the Thomas-Kilmann instrument (:func:`conflict_mode`,
:data:`CONFLICT_MODES`) and the bases of power (:data:`POWER_TYPES`). Each
is a table of named cells and a function that picks a cell from two ratings,
or reads a name in any of its common spellings. All are re-exported by
:mod:`pmcourse.stakeholders.leadership`.

Used in: lesson 07, stakeholders and leadership.
"""

from __future__ import annotations

import numbers

__all__ = [
    "CONFLICT_MODES",
    "LEADERSHIP_STYLES",
    "POWER_TYPES",
    "conflict_mode",
    "conflict_mode_name",
    "power_type_name",
    "situational_style",
]

#: Situational leadership styles: how much direction and support each gives,
#: and the follower it suits (Hersey and Blanchard, 1969; Blanchard's SLII
#: names, with Hersey's older names in brackets).
LEADERSHIP_STYLES: dict[str, dict[str, str]] = {
    "directing": {
        "older_name": "telling",
        "direction": "high",
        "support": "low",
        "suits": "keen but new to the task: low competence, high commitment",
    },
    "coaching": {
        "older_name": "selling",
        "direction": "high",
        "support": "high",
        "suits": "learning and discouraged: some competence, low commitment",
    },
    "supporting": {
        "older_name": "participating",
        "direction": "low",
        "support": "high",
        "suits": "able but unsure or unwilling: high competence, variable commitment",
    },
    "delegating": {
        "older_name": "delegating",
        "direction": "low",
        "support": "low",
        "suits": "able and willing: high competence, high commitment",
    },
}

#: The five conflict modes of the Thomas-Kilmann instrument (Thomas and
#: Kilmann, 1974), with the names PMI's guides also use and when each fits.
CONFLICT_MODES: dict[str, dict[str, str]] = {
    "competing": {
        "also_called": "forcing, directing",
        "assertive": "high",
        "cooperative": "low",
        "when": "an emergency or an unpopular decision that cannot wait",
    },
    "collaborating": {
        "also_called": "problem solving, confronting",
        "assertive": "high",
        "cooperative": "high",
        "when": "both sides' concerns matter too much to trade away, and there "
        "is time to work through them",
    },
    "compromising": {
        "also_called": "reconciling",
        "assertive": "medium",
        "cooperative": "medium",
        "when": "a quick, workable settlement between equals with opposed goals",
    },
    "avoiding": {
        "also_called": "withdrawing",
        "assertive": "low",
        "cooperative": "low",
        "when": "a trivial issue, or tempers need time to cool",
    },
    "accommodating": {
        "also_called": "smoothing",
        "assertive": "low",
        "cooperative": "high",
        "when": "the issue matters far more to the other side, or harmony "
        "matters more than the point",
    },
}

#: Bases of power (French and Raven, 1959; informational added by Raven, 1965).
POWER_TYPES: dict[str, dict[str, str]] = {
    "legitimate": {
        "also_called": "formal, positional",
        "source": "the role or title the organisation grants",
    },
    "reward": {
        "also_called": "",
        "source": "the ability to give something people value",
    },
    "coercive": {
        "also_called": "penalty",
        "source": "the ability to punish or withhold",
    },
    "expert": {
        "also_called": "",
        "source": "knowledge and skill others rely on",
    },
    "referent": {
        "also_called": "",
        "source": "the respect and trust people feel for the person",
    },
    "informational": {
        "also_called": "",
        "source": "control of information others need",
    },
}


def _rating(value: float, name: str, scale: tuple[float, float]) -> float:
    lo, hi = scale
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number on [{lo:g}, {hi:g}], got {value!r}")
    x = float(value)
    if not lo <= x <= hi:  # also rejects NaN
        raise ValueError(f"{name} must be on the scale [{lo:g}, {hi:g}], got {value!r}")
    return (x - lo) / (hi - lo)


def _scale(scale: tuple[float, float]) -> tuple[float, float]:
    lo, hi = (float(s) for s in scale)
    if not lo < hi:
        raise ValueError(f"scale must be (lowest, highest), lowest < highest: {scale}")
    return lo, hi


def situational_style(
    competence: float, commitment: float, *, scale: tuple[float, float] = (1, 10)
) -> str:
    """Pick the situational leadership style for one person and one task.

    Situational leadership (Hersey and Blanchard) matches the lead's mix of
    direction and support to the follower's development on *this* task: how
    competent they are at it and how committed (motivated, confident) they
    feel. A rating at or above the middle of the scale counts as high.

    ============  ==================  ==================
    competence    commitment high     commitment low
    ============  ==================  ==================
    low           directing           coaching
    high          delegating          supporting
    ============  ==================  ==================

    Parameters
    ----------
    competence : float
        Skill and knowledge for the task, on ``scale``.
    commitment : float
        Motivation and confidence for the task, on ``scale``.
    scale : (float, float)
        Lowest and highest rating, 1 to 10 by default.

    Returns
    -------
    str
        ``"directing"``, ``"coaching"``, ``"supporting"`` or ``"delegating"``
        (see :data:`LEADERSHIP_STYLES`).

    Raises
    ------
    ValueError
        If a rating is not a number on the scale, or the scale is malformed.

    Examples
    --------
    A keen graduate on their first project needs clear instructions:

    >>> situational_style(competence=2, commitment=9)
    'directing'
    >>> situational_style(competence=9, commitment=3)
    'supporting'

    Used in: lesson 07, leadership; exercise ps07.
    """
    lo, hi = _scale(scale)
    able = _rating(competence, "competence", (lo, hi)) >= 0.5
    willing = _rating(commitment, "commitment", (lo, hi)) >= 0.5
    return {
        (False, True): "directing",
        (False, False): "coaching",
        (True, False): "supporting",
        (True, True): "delegating",
    }[(able, willing)]


def conflict_mode(
    assertiveness: float,
    cooperativeness: float,
    *,
    scale: tuple[float, float] = (1, 10),
) -> str:
    """Name the Thomas-Kilmann conflict mode of a way of handling a conflict.

    The instrument places behaviour on two axes: assertiveness (pursuing
    your own concerns) and cooperativeness (pursuing the other side's).
    Both in the middle third of the scale is compromising; otherwise the
    quadrant decides, a rating at or above the middle counting as high.

    =============  ===================  ===================
    assertive      cooperative high     cooperative low
    =============  ===================  ===================
    high           collaborating        competing
    low            accommodating        avoiding
    =============  ===================  ===================

    Parameters
    ----------
    assertiveness : float
        How hard the party pursues its own concerns, on ``scale``.
    cooperativeness : float
        How much it tries to satisfy the other side's, on ``scale``.
    scale : (float, float)
        Lowest and highest rating, 1 to 10 by default.

    Returns
    -------
    str
        One of the keys of :data:`CONFLICT_MODES`.

    Raises
    ------
    ValueError
        If a rating is not a number on the scale, or the scale is malformed.

    Examples
    --------
    >>> conflict_mode(9, 2)
    'competing'
    >>> conflict_mode(5, 6)
    'compromising'
    >>> conflict_mode(1, 1)
    'avoiding'

    Used in: lesson 07, conflict; exercise ps07.
    """
    lo, hi = _scale(scale)
    a = _rating(assertiveness, "assertiveness", (lo, hi))
    c = _rating(cooperativeness, "cooperativeness", (lo, hi))
    if 1 / 3 <= a <= 2 / 3 and 1 / 3 <= c <= 2 / 3:
        return "compromising"
    return {
        (True, True): "collaborating",
        (True, False): "competing",
        (False, True): "accommodating",
        (False, False): "avoiding",
    }[(a >= 0.5, c >= 0.5)]


def _canonical(name: object, table: dict[str, dict[str, str]], what: str) -> str:
    if not isinstance(name, str):
        raise ValueError(f"{what} must be a name (str), got {name!r}")
    key = " ".join(name.strip().lower().replace("-", " ").split())
    for canonical, info in table.items():
        aliases = [a.strip() for a in info.get("also_called", "").split(",")]
        if key == canonical or key in aliases:
            return canonical
    raise ValueError(f"{what} {name!r} is not one of: {', '.join(table)}")


def conflict_mode_name(name: str) -> str:
    """Return the Thomas-Kilmann name for a conflict mode given by any usual name.

    PMI's guides have used other names for the same five modes (forcing,
    smoothing, withdrawing, problem solving, reconciling); this maps any of
    them, in any case, to the instrument's own name.

    Parameters
    ----------
    name : str
        A conflict mode, e.g. ``"Forcing"`` or ``"collaborating"``.

    Returns
    -------
    str
        One of the keys of :data:`CONFLICT_MODES`.

    Raises
    ------
    ValueError
        If the name is not a known conflict mode (the message lists them).

    Examples
    --------
    >>> conflict_mode_name("Smoothing"), conflict_mode_name("problem solving")
    ('accommodating', 'collaborating')

    Used in: lesson 07, conflict; exercise ps07.
    """
    return _canonical(name, CONFLICT_MODES, "conflict mode")


def power_type_name(name: str) -> str:
    """Return the French-Raven name for a base of power given by any usual name.

    Parameters
    ----------
    name : str
        A type of power, e.g. ``"positional"`` or ``"Expert"``.

    Returns
    -------
    str
        One of the keys of :data:`POWER_TYPES`.

    Raises
    ------
    ValueError
        If the name is not a known type of power (the message lists them).

    Examples
    --------
    >>> power_type_name("Formal"), power_type_name("penalty")
    ('legitimate', 'coercive')

    Used in: lesson 07, types of power; exercise ps07.
    """
    return _canonical(name, POWER_TYPES, "type of power")
