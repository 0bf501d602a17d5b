"""Leading a team: how a new lead's week splits as the team grows.

A teaching model, not a measured law. Every pair of people on a team is a
communication channel (``n (n - 1) / 2`` of them for ``n`` people, the lead
included); each channel is a place where hand-offs, questions and
misunderstandings arise, and the lead spends some time per channel per week
keeping them aligned. Add a fixed amount for planning and reporting, and the
rest of the week is what is left for hands-on work::

    coordination_hours = min(week_hours, fixed_hours + hours_per_channel * channels)
    hands_on_hours     = week_hours - coordination_hours

Because channels grow with the square of the team, the hands-on share does
not shrink gently: it collapses somewhere around eight to twelve people with
the default settings. Lesson 00 lets a learner move the parameters.

The small two-axis models of leadership that lesson 07 teaches and the CAPM
exam asks about, situational leadership (:func:`situational_style`), the five
conflict modes of the Thomas-Kilmann instrument (:func:`conflict_mode`,
:data:`CONFLICT_MODES`) and the bases of power (:data:`POWER_TYPES`), are in
:mod:`pmcourse.stakeholders.leadership_models`; :mod:`pmcourse.stakeholders`
gathers both (the old path ``pmcourse.stakeholders.leadership`` is that front).

Used in: lesson 00, start here; lesson 07, stakeholders and leadership.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import pandas as pd

from pmcourse.core.checks import is_whole, number
from pmcourse.stakeholders.engagement import communication_channels

__all__ = ["time_split"]


def time_split(
    team_size: int | Iterable[int],
    *,
    hours_per_channel: float = 0.5,
    fixed_hours: float = 2.0,
    week_hours: float = 40.0,
) -> pd.DataFrame:
    """Split a lead's week into coordination and hands-on hours by team size.

    Parameters
    ----------
    team_size : int or iterable of int
        People on the team, the lead included (1 means you work alone).
    hours_per_channel : float
        Hours a week the lead spends per communication channel (default 0.5).
    fixed_hours : float
        Hours a week of planning and status reporting whatever the team size.
    week_hours : float
        The lead's working week in hours (must be more than 0).

    Returns
    -------
    DataFrame
        One row per team size with columns ``team_size``, ``channels``,
        ``coordination_hours``, ``hands_on_hours`` and ``coordination_share``
        (coordination hours / week hours, from 0 to 1).

    Raises
    ------
    ValueError
        If a team size is not a whole number of at least 1, an hours
        parameter is negative, or ``week_hours`` is not positive.

    Examples
    --------
    A team of five has 10 channels: 2 + 0.5 x 10 = 7 hours of coordination.

    >>> time_split([1, 5, 10])
       team_size  channels  coordination_hours  hands_on_hours  coordination_share
    0          1         0                 2.0            38.0              0.0500
    1          5        10                 7.0            33.0              0.1750
    2         10        45                24.5            15.5              0.6125
    >>> float(time_split(20).loc[0, "hands_on_hours"])
    0.0

    Used in: lesson 00, start here.
    """
    sizes: list[Any] = (
        [team_size] if isinstance(team_size, numbers.Number) else list(team_size)  # type: ignore[arg-type]
    )
    if not sizes:
        raise ValueError("team_size must hold at least one team size")
    for size in sizes:
        if not is_whole(size, 1):
            raise ValueError(
                f"team_size must be whole numbers of people, at least 1 "
                f"(the lead), got {size!r}"
            )
    hours_per_channel = number(
        hours_per_channel, "hours_per_channel", numeric_only=True
    )
    fixed_hours = number(fixed_hours, "fixed_hours", numeric_only=True)
    week_hours = number(week_hours, "week_hours", numeric_only=True)
    if week_hours == 0:
        raise ValueError("week_hours must be more than 0 hours")
    channels = [communication_channels(int(size)) for size in sizes]
    coordination = [
        min(week_hours, fixed_hours + hours_per_channel * c) for c in channels
    ]
    frame = pd.DataFrame(
        {
            "team_size": [int(size) for size in sizes],
            "channels": channels,
            "coordination_hours": coordination,
            "hands_on_hours": [week_hours - c for c in coordination],
        }
    )
    frame["coordination_share"] = frame["coordination_hours"] / week_hours
    return frame
