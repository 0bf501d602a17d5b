"""Rules every topic shares: input checks and the way numbers are written.

- :mod:`pmcourse.core.checks`: a table as a DataFrame (:func:`as_frame`),
  a number read from anything ``float()`` reads (:func:`number`).

Topic packages import from here; ``core`` imports no topic (it is the bottom
layer of the library, see ``ARCHITECTURE.md``).
"""

from pmcourse.core.checks import Table, as_frame, number

__all__ = ["Table", "as_frame", "number"]
