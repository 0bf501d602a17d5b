"""Carry a student's answers out of the sandbox as data, and only as data.

The autograder never runs a test cell in the student's kernel. When the
kernel reaches a test cell it runs :func:`emit` instead, which encodes the
values the test reads (the student's answers) as tagged JSON and displays
them under :data:`MIME`. The grader decodes them with :func:`decode` in a
clean interpreter where no student code has run, and runs the real test
there. Whatever the student's code does (monkeypatching, exiting, hooks),
all it can change is the data it hands over, which is what any answer is.

Supported values: ``None``, bool, int, float, complex, str, bytes, lists,
tuples, sets, dicts, numpy scalars and arrays, pandas Series and DataFrames
(numbers, text, booleans), dates and times, Fractions and Decimals.
Anything else (a function, a class, a module) is carried as a stand-in whose
type has the original's name, so a test that checks the type explains what
went wrong, and that refuses to be used.

This module is imported inside student kernels: it must stay light (it only
touches numpy and pandas when the kernel has already imported them).
"""

from __future__ import annotations

import base64
import datetime as _dt
import decimal
import fractions
import json
import math
import sys
from collections.abc import Iterable, Mapping
from typing import Any

#: The display MIME type of captured answers.
MIME = "application/x-pmcourse-answers+json"
#: The largest encoded capture accepted, in characters.
MAX_CHARS = 4_000_000
_MAX_DEPTH = 40


class _TooLarge(Exception):
    pass


def _encode(value: Any, depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0 or depth > _MAX_DEPTH:
        raise _TooLarge
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if abs(value) < 2**53 else {"__t": "int", "v": str(value)}
    if kind is float:
        return value if math.isfinite(value) else {"__t": "float", "v": repr(value)}
    if kind in (list, tuple, set, frozenset):
        items = [_encode(v, depth + 1, budget) for v in value]
        return items if kind is list else {"__t": kind.__name__, "v": items}
    if kind is dict:
        pairs = [
            [_encode(k, depth + 1, budget), _encode(v, depth + 1, budget)]
            for k, v in value.items()
        ]
        return {"__t": "dict", "v": pairs}
    if kind is complex:
        return {"__t": "complex", "v": [value.real, value.imag]}
    if kind is bytes:
        return {"__t": "bytes", "v": base64.b64encode(value).decode()}
    if kind in (fractions.Fraction, decimal.Decimal):
        return {"__t": kind.__name__, "v": str(value)}
    if kind in (_dt.date, _dt.datetime, _dt.time, _dt.timedelta):
        v = value.total_seconds() if kind is _dt.timedelta else value.isoformat()
        return {"__t": kind.__name__, "v": v}
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        if isinstance(value, numpy.generic):
            return {"__t": "np", "dtype": str(value.dtype), "v": repr(value.item())}
        if kind is numpy.ndarray:
            if value.size > 1_000_000:
                raise _TooLarge
            return {
                "__t": "ndarray",
                "dtype": str(value.dtype),
                "shape": list(value.shape),
                "v": [_encode(v, depth + 1, budget) for v in value.ravel().tolist()],
            }
    pandas = sys.modules.get("pandas")
    if pandas is not None and kind in (pandas.Series, pandas.DataFrame):
        if value.size > 1_000_000:
            raise _TooLarge
        frame = value.to_frame() if kind is pandas.Series else value
        return {
            "__t": kind.__name__,
            "name": _encode(getattr(value, "name", None), depth + 1, budget),
            "index": _encode(frame.index.tolist(), depth + 1, budget),
            "index_name": _encode(frame.index.name, depth + 1, budget),
            "columns": _encode(frame.columns.tolist(), depth + 1, budget),
            "dtypes": [str(t) for t in frame.dtypes],
            "v": _encode(frame.to_numpy().tolist(), depth + 1, budget),
        }
    return {"__t": "unsupported", "type": kind.__name__}


def encode(values: Mapping[str, Any]) -> str:
    """Encode named values as tagged JSON.

    Parameters
    ----------
    values : mapping of str to object
        Variable name to value.

    Returns
    -------
    str
        JSON text; a value that cannot be carried becomes a stand-in, one too
        large is marked ``too-large``.

    Examples
    --------
    >>> encode({"es": {"A": 0, "B": 3.0}})
    '{"es": {"__t": "dict", "v": [["A", 0], ["B", 3.0]]}}'

    Used in: grading (inside the sandboxed kernel, before each test cell).
    """
    out = {}
    for name, value in values.items():
        try:
            out[name] = _encode(value, 0, [2_000_000])
        except _TooLarge:
            out[name] = {"__t": "too-large", "type": type(value).__name__}
        except Exception as err:  # a student's object may raise anything
            out[name] = {"__t": "unsupported", "type": f"{type(err).__name__}"}
    return json.dumps(out)


def emit(namespace: Mapping[str, Any], names: Iterable[str], grade_id: str) -> None:
    """Display the named answers of a namespace for the grader.

    Parameters
    ----------
    namespace : mapping
        The kernel's global namespace.
    names : iterable of str
        The variables the test reads; missing ones are left out.
    grade_id : str
        The test cell the answers are for.

    Used in: grading (the cell the grader runs in place of a test).
    """
    from IPython.display import display

    values = {name: namespace[name] for name in names if name in namespace}
    payload = {"grade_id": grade_id, "values": json.loads(encode(values))}
    display({MIME: payload}, raw=True)


class Unsupported:
    """Stand-in for an answer that is not data; using it raises TypeError."""

    _type = "object"

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(
            f"this answer is a {self._type}; the grader checks data answers "
            "(numbers, text, lists, dicts, arrays, tables) only"
        )

    __call__ = __iter__ = __len__ = __getitem__ = __getattr__ = _refuse
    __add__ = __sub__ = __mul__ = __truediv__ = __lt__ = __gt__ = _refuse

    def __repr__(self) -> str:
        return f"<{self._type}, not data>"


def _stand_in(type_name: str) -> Unsupported:
    name = "".join(c for c in str(type_name) if c.isalnum() or c == "_") or "object"
    kind = type(name, (Unsupported,), {"_type": name})
    return object.__new__(kind)


def _decode(value: Any) -> Any:
    import numpy as np

    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    tag = value.get("__t")
    v: Any = value.get("v")
    if tag in ("tuple", "set", "frozenset"):
        return {"tuple": tuple, "set": set, "frozenset": frozenset}[tag](
            _decode(x) for x in v
        )
    if tag == "dict":
        return {_hashable(_decode(k)): _decode(x) for k, x in v}
    if tag == "int":
        return int(v)
    if tag == "float":
        return float(v)
    if tag == "complex":
        return complex(float(v[0]), float(v[1]))
    if tag == "bytes":
        return base64.b64decode(v)
    if tag == "Fraction":
        return fractions.Fraction(v)
    if tag == "Decimal":
        return decimal.Decimal(v)
    if tag in ("date", "datetime", "time"):
        return getattr(_dt, tag).fromisoformat(v)
    if tag == "timedelta":
        return _dt.timedelta(seconds=float(v))
    if tag == "np":
        dtype: np.dtype[Any] = np.dtype(value["dtype"])
        if dtype.kind not in "biufcUS?":
            return _stand_in(f"numpy.{dtype}")
        import ast

        return dtype.type(ast.literal_eval(v))
    if tag == "ndarray":
        dtype = np.dtype(value["dtype"])
        if dtype.kind not in "biufcUS?":
            dtype = np.dtype(object)
        flat = [_decode(x) for x in v]
        return np.array(flat, dtype=dtype).reshape(value["shape"])
    if tag in ("Series", "DataFrame"):
        return _decode_frame(tag, value)
    if tag in ("unsupported", "too-large"):
        return _stand_in(value.get("type", "object"))
    raise ValueError(f"value: unknown tag {tag!r}")


def _hashable(key: Any) -> Any:
    if isinstance(key, list):
        return tuple(_hashable(k) for k in key)
    if isinstance(key, set):
        return frozenset(key)
    return key


def _decode_frame(tag: str, value: dict) -> Any:
    import pandas as pd

    columns = [_hashable(c) for c in _decode(value["columns"])]
    index = [_hashable(i) for i in _decode(value["index"])]
    frame = pd.DataFrame(_decode(value["v"]), index=index, columns=columns)
    frame.index.name = _decode(value.get("index_name"))
    for column, dtype in zip(columns, value.get("dtypes", []), strict=False):
        try:
            frame[column] = frame[column].astype(dtype)
        except (TypeError, ValueError):
            pass
    if tag == "Series":
        series = frame.iloc[:, 0] if frame.shape[1] else pd.Series(dtype=float)
        series.name = _hashable(_decode(value.get("name")))
        return series
    return frame


def decode(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Turn captured answers back into Python values (no code is run).

    Parameters
    ----------
    payload : mapping
        ``{"grade_id": ..., "values": {name: encoded}}`` as :func:`emit`
        displays it.

    Returns
    -------
    dict of str to object
        Name to value; a value that cannot be decoded becomes a stand-in.

    Raises
    ------
    ValueError
        If ``payload`` has no ``values`` mapping.

    Examples
    --------
    >>> import json
    >>> values = json.loads(encode({"t": (1, 2.5), "d": {("a", 1): None}}))
    >>> decode({"values": values})
    {'t': (1, 2.5), 'd': {('a', 1): None}}

    Used in: grading (the clean check of every test cell).
    """
    values = payload.get("values") if isinstance(payload, Mapping) else None
    if not isinstance(values, Mapping):
        raise ValueError("payload: expected a mapping with 'values'")
    out = {}
    for name, value in values.items():
        try:
            out[str(name)] = _decode(value)
        except Exception:  # anything malformed is the student's own loss
            out[str(name)] = _stand_in("malformed value")
    return out
