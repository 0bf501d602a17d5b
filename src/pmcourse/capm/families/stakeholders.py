"""Item families on communication channels (domain 1, lesson 07).

Keys from :mod:`pmcourse.stakeholders` (``communication_channels``,
``channels_added``).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from pmcourse.capm.families._registry import Draft, family
from pmcourse.capm.families._text import count, person, project
from pmcourse.stakeholders import channels_added, communication_channels

_CHANNELS = count("channels")


#: The registry decorator with the metadata all this module's families share.
_family = partial(family, domain=1, task="1.4", lesson="07_stakeholders")


@_family("F-COM-01", difficulty=1, scenario=True, fmt=_CHANNELS)
def channels(rng: np.random.Generator) -> Draft:
    """Ask for the communication channels in a team, the project manager included."""
    k = int(rng.integers(4, 15))
    n = k + 1
    key = communication_channels(n)
    return Draft(
        stem=(
            f"{person(rng)} leads {project(rng)} with a team of {k} people, not "
            "counting the project manager. How many communication channels are "
            "there, the project manager included?"
        ),
        key=key,
        explanation=(
            f"With n = {k} + 1 = {n} people, channels = n(n - 1) / 2 = "
            f"{n} x {n - 1} / 2 = {key}."
        ),
        wrong=[
            (communication_channels(k), "This leaves the project manager out."),
            (n * (n - 1), "Each pair is counted twice; divide by 2."),
            (n * n, "Channels are pairs of people, n(n - 1) / 2, not n squared."),
            (n - 1, "This counts only the manager's own links."),
        ],
        params={"n": n},
    )


@_family("F-COM-02", difficulty=2, scenario=True, fmt=_CHANNELS)
def channels_growth(rng: np.random.Generator) -> Draft:
    """Ask for the channels added when a team grows."""
    before = int(rng.integers(4, 11))
    after = before + int(rng.integers(2, 7))
    key = channels_added(before, after)
    return Draft(
        stem=(
            f"{person(rng)}'s project team, project manager included, grows from "
            f"{before} to {after} people when {project(rng)} enters its build "
            "phase. How many communication channels does the growth add?"
        ),
        key=key,
        explanation=(
            f"Channels go from {before} x {before - 1} / 2 = "
            f"{communication_channels(before)} to {after} x {after - 1} / 2 = "
            f"{communication_channels(after)}: {key} more."
        ),
        wrong=[
            (communication_channels(after), "This is the new total, not the increase."),
            (
                communication_channels(after - before),
                "This counts only the links among the newcomers.",
            ),
            (after - before, "Each newcomer links with everyone, not just one."),
        ],
        params={"n_before": before, "n_after": after},
    )


@_family(
    "F-COM-03",
    difficulty=1,
    scenario=False,
    kind="numeric",
    tolerance=0,
    unit="channels",
)
def channels_from_roles(rng: np.random.Generator) -> Draft:
    """Ask for the channels among the people listed by role."""
    devs, testers, managers = (int(x) for x in rng.integers(2, 7, size=3))
    n = devs + testers + managers + 2
    key = communication_channels(n)
    return Draft(
        stem=(
            f"A project involves a sponsor, {managers} functional managers, {devs} "
            f"developers, {testers} testers and the project manager. How many "
            "communication channels are there?"
        ),
        key=key,
        explanation=(
            f"n = 1 + {managers} + {devs} + {testers} + 1 = {n}; n(n - 1) / 2 = {key}."
        ),
        params={"n": n},
    )
