"""Stakeholders, communication and leadership, and a career's arithmetic.

Everything is importable from ``pmcourse.stakeholders``; the submodules group
it:

- :mod:`pmcourse.stakeholders.engagement`: communication channels, the
  power-interest grid, engagement assessment and RACI checks;
- :mod:`pmcourse.stakeholders.leadership`: how a lead's week splits as the
  team grows (:func:`time_split`), with the two-axis models of
  :mod:`pmcourse.stakeholders.leadership_models` (situational styles,
  conflict modes, power);
- :mod:`pmcourse.stakeholders.career`: what a certification returns on its
  cost (:func:`certification_roi`).

Used in: lesson 07, stakeholders, communication and leadership; exercise ps07.
"""

from pmcourse.stakeholders.career import CertificationROI, certification_roi
from pmcourse.stakeholders.engagement import (
    ENGAGEMENT_LEVELS,
    QUADRANT_STRATEGIES,
    QUADRANTS,
    RACI_LETTERS,
    assess_engagement,
    channels_added,
    classify_power_interest,
    communication_channels,
    parse_raci_cell,
    validate_raci,
)
from pmcourse.stakeholders.leadership import time_split
from pmcourse.stakeholders.leadership_models import (
    CONFLICT_MODES,
    LEADERSHIP_STYLES,
    POWER_TYPES,
    conflict_mode,
    conflict_mode_name,
    power_type_name,
    situational_style,
)

__all__ = [
    "CONFLICT_MODES",
    "ENGAGEMENT_LEVELS",
    "LEADERSHIP_STYLES",
    "POWER_TYPES",
    "QUADRANTS",
    "QUADRANT_STRATEGIES",
    "RACI_LETTERS",
    "CertificationROI",
    "assess_engagement",
    "certification_roi",
    "channels_added",
    "classify_power_interest",
    "communication_channels",
    "conflict_mode",
    "conflict_mode_name",
    "parse_raci_cell",
    "power_type_name",
    "situational_style",
    "time_split",
    "validate_raci",
]
