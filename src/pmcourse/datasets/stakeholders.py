"""A synthetic stakeholder register for lesson 07 and exercise ps07.

Used in: lesson 07, stakeholders, communication and leadership; exercise ps07.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["stakeholder_register"]

#: (stakeholder, role, group, high power?, high interest?, current, desired,
#: expectation), chosen by hand for the field-service app project.
_REGISTER: tuple[tuple[str, str, str, bool, bool, str, str, str], ...] = (
    (
        "Rosa Lindqvist",
        "Director of Operations (sponsor)",
        "internal",
        True,
        True,
        "supportive",
        "leading",
        "fewer missed appointments by the autumn",
    ),
    (
        "Graham Achebe",
        "Chief Financial Officer",
        "internal",
        True,
        False,
        "neutral",
        "supportive",
        "the budget holds and the savings are real",
    ),
    (
        "Priya Natarajan",
        "Head of IT",
        "internal",
        True,
        True,
        "neutral",
        "supportive",
        "an app her team can support after go-live",
    ),
    (
        "Tom Baptiste",
        "Union representative",
        "internal",
        True,
        True,
        "resistant",
        "supportive",
        "no tracking of individual technicians",
    ),
    (
        "Field technicians",
        "120 people who will use the app daily",
        "internal",
        False,
        True,
        "unaware",
        "supportive",
        "an app that works offline and saves paperwork",
    ),
    (
        "Dispatch supervisors",
        "plan the technicians' days",
        "internal",
        False,
        True,
        "resistant",
        "supportive",
        "keep control over who goes where",
    ),
    (
        "Customer service lead",
        "answers customers' calls",
        "internal",
        False,
        True,
        "neutral",
        "supportive",
        "accurate arrival times to give callers",
    ),
    (
        "Data protection officer",
        "privacy and compliance",
        "internal",
        True,
        False,
        "neutral",
        "supportive",
        "location data handled lawfully",
    ),
    (
        "Water regulator",
        "sets service-level targets",
        "external",
        True,
        False,
        "unaware",
        "neutral",
        "service levels reported as before",
    ),
    (
        "App vendor",
        "supplies the scheduling platform",
        "external",
        False,
        True,
        "supportive",
        "supportive",
        "a reference customer and a smooth rollout",
    ),
    (
        "Households",
        "receive the visits",
        "external",
        False,
        False,
        "unaware",
        "unaware",
        "a technician who arrives when promised",
    ),
    (
        "Facilities manager",
        "fits tablet mounts in the vans",
        "internal",
        False,
        False,
        "unaware",
        "neutral",
        "enough notice to book the garage",
    ),
)


def stakeholder_register(rng: np.random.Generator | int | None = None) -> pd.DataFrame:
    """Build the stakeholder register of a field-service app rollout.

    A water utility is replacing paper job sheets with a scheduling app for
    its field technicians. The twelve stakeholders, their roles, groups,
    engagement levels and expectations are chosen by hand so that every
    quadrant of the power-interest grid and every kind of engagement gap
    occurs. The ratings are drawn: a "high" rating is a whole number from 7
    to 10 and a "low" one from 1 to 4, so each stakeholder sits clearly in
    the quadrant chosen for it (the grid's default threshold is 5.5).

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        Source of randomness for the ratings.

    Returns
    -------
    DataFrame
        Columns ``stakeholder, role, group, power, interest, current,
        desired, expectation``; ``power`` and ``interest`` on a 1-10 scale,
        ``current`` and ``desired`` engagement levels (unaware, resistant,
        neutral, supportive, leading).

    Examples
    --------
    >>> reg = stakeholder_register(5)
    >>> len(reg), reg.loc[0, "stakeholder"]
    (12, 'Rosa Lindqvist')
    >>> bool(reg["power"].between(1, 10).all())
    True

    Used in: lesson 07, stakeholders; exercise ps07.
    """
    gen = np.random.default_rng(rng)
    rows = []
    for name, role, group, hi_p, hi_i, current, desired, expect in _REGISTER:
        power = int(gen.integers(7, 11) if hi_p else gen.integers(1, 5))
        interest = int(gen.integers(7, 11) if hi_i else gen.integers(1, 5))
        rows.append(
            {
                "stakeholder": name,
                "role": role,
                "group": group,
                "power": power,
                "interest": interest,
                "current": current,
                "desired": desired,
                "expectation": expect,
            }
        )
    return pd.DataFrame(rows)
