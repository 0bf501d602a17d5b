"""Rules every topic shares: input checks and the way numbers are written.

- :mod:`pmcourse.core.format`: money, days and percentages written for a
  learner (:func:`money`, :func:`days`, :func:`percent`);
- :mod:`pmcourse.core.checks`: a table as a DataFrame (:func:`as_frame`),
  a number read from anything ``float()`` reads (:func:`number`), a whole
  number (:func:`is_whole`).

Topic packages import from here; ``core`` imports no topic (it is the bottom
layer of the library, see ``ARCHITECTURE.md``).
"""

from pmcourse.core.checks import Table, as_frame, is_whole, number
from pmcourse.core.format import days, money, number_text, percent

__all__ = [
    "Table",
    "as_frame",
    "days",
    "is_whole",
    "money",
    "number",
    "number_text",
    "percent",
]
