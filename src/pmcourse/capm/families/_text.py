"""Formatting and scenery shared by the item families.

Formatters turn a key or a wrong value into option text the same way for
every option of an item: money with thousands separators and no cents,
indices to two decimals, percentages to one decimal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pmcourse.core import format as fmt

PEOPLE = (
    "Amara",
    "Bilal",
    "Chen",
    "Dana",
    "Emeka",
    "Farah",
    "Gustavo",
    "Hana",
    "Ivan",
    "Jia",
    "Kofi",
    "Leila",
    "Mateo",
    "Nadia",
    "Oren",
    "Priya",
    "Rosa",
    "Sanjay",
    "Tomas",
    "Uma",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zoe",
)

PROJECTS = (
    "the patient-portal upgrade at a regional hospital",
    "a 40-unit housing block",
    "the firmware release of a smart water meter",
    "a city's online building-permit system",
    "an NGO's clean-water programme in three villages",
    "the retooling of a packaging line",
    "a three-day conference for 900 delegates",
    "the move of a bank's payment service to the cloud",
    "a school district's laptop roll-out",
    "a wind-farm access road",
    "a warehouse robotics pilot",
    "a museum's new visitor app",
    "a hospital lab's sample-tracking system",
    "a rail depot's signalling upgrade",
    "self-service kiosks for a public library",
    "the launch of an e-bike sharing scheme",
)

TEAMS = (
    "a payments team",
    "a mobile-app team",
    "a data-platform team",
    "a team building a clinic booking service",
    "a firmware team",
    "a team rebuilding a council's website",
    "a logistics-software team",
    "a game studio's tools team",
)


def pick(rng: np.random.Generator, choices: Sequence[Any]) -> Any:
    """Return one of ``choices``, drawn with ``rng``."""
    return choices[int(rng.integers(len(choices)))]


def person(rng: np.random.Generator) -> str:
    """Return a first name."""
    return pick(rng, PEOPLE)


def project(rng: np.random.Generator) -> str:
    """Return a project described in a few words."""
    return pick(rng, PROJECTS)


def team(rng: np.random.Generator) -> str:
    """Return an agile team described in a few words."""
    return pick(rng, TEAMS)


def money(x: float) -> str:
    """Format an amount as ``$12,345`` (``-$4,500`` when negative)."""
    return fmt.money(x, millions=False)


def index(x: float) -> str:
    """Format a ratio (CPI, SPI, BCR) to two decimals."""
    return f"{float(x):.2f}"


def pct(x: float) -> str:
    """Format a fraction as a percentage with one decimal: ``84.1%``."""
    return fmt.percent(x)


def days(x: float) -> str:
    """Format a whole number of days (``1 day``, ``12 days``)."""
    return fmt.days(round(float(x)))


def days1(x: float) -> str:
    """Format days with one decimal."""
    return f"{float(x):.1f} days"


def days2(x: float) -> str:
    """Format days with two decimals."""
    return f"{float(x):.2f} days"


def years(x: float) -> str:
    """Format a number of years with two decimals."""
    return f"{float(x):.2f} years"


def count(unit: str) -> Any:
    """Return a formatter for whole counts of ``unit`` (``45 channels``)."""

    def fmt(x: float) -> str:
        value = round(float(x))
        word = unit[:-1] if value == 1 and unit.endswith("s") else unit
        return f"{value:,d} {word}"

    return fmt


def number(decimals: int, unit: str = "") -> Any:
    """Return a formatter with fixed decimals and an optional unit."""

    def fmt(x: float) -> str:
        text = f"{float(x):,.{decimals}f}"
        return f"{text} {unit}" if unit else text

    return fmt


def listing(names: Sequence[str]) -> str:
    """Join names as ``A``, ``A and B`` or ``A, B and C``."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
