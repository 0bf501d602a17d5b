"""Small input checks shared by the agile modules."""

from __future__ import annotations

import numbers
from typing import Any


def is_whole(value: Any, low: int) -> bool:
    """Return True if ``value`` is a whole number (not a bool) and ``>= low``.

    Examples
    --------
    >>> is_whole(3, 1), is_whole(3.0, 1), is_whole(2.5, 1), is_whole(True, 0)
    (True, True, False, False)
    >>> is_whole("3", 1), is_whole(None, 1), is_whole(0, 1)
    (False, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    return float(value).is_integer() and float(value) >= low
