"""Earned value management: indices, forecasts and their reading in words.

Everything is importable from ``pmcourse.evm``; the submodules group it:

- :mod:`pmcourse.evm.indices`: variances, indices and forecasts from PV, EV,
  AC and BAC (:func:`evm`, :class:`EVMResult`, :func:`status_table`,
  :func:`eac_with_etc`, :func:`forecast_duration`);
- :mod:`pmcourse.evm.reading`: a result read in plain words
  (:func:`interpret`).

Used in: lesson 04, earned value; exercise ps04.
"""

from pmcourse.evm.indices import (
    EVMResult,
    eac_with_etc,
    evm,
    forecast_duration,
    status_table,
)
from pmcourse.evm.reading import interpret

__all__ = [
    "EVMResult",
    "eac_with_etc",
    "evm",
    "forecast_duration",
    "interpret",
    "status_table",
]
