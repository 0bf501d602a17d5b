"""Bottom-up estimating: roll a WBS table's costs up to every level.

Used in: lesson 02, budgeting; lesson 03, scheduling (the WBS).
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.core.checks import Table
from pmcourse.cost._common import nonempty_table as _table

# --------------------------------------------------------------------------
# Bottom-up: rolling up a WBS

_WBS_CODE = re.compile(r"^\d+(\.\d+)*$")


def _wbs_code(value: Any, label: Any, column: str) -> str:
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (float, np.floating)):
        raise ValueError(
            f"row {label}: {column} code {value!r} must be text such as '1.2.3' "
            "(stored as a number, 1.10 would read as 1.1)"
        )
    text = str(value).strip()
    if not _WBS_CODE.match(text):
        raise ValueError(
            f"row {label}: {column} code {value!r} is not a dotted code "
            "such as '1', '1.2' or '1.2.3'"
        )
    return text


def rollup_wbs(wbs: Table, *, code: str = "wbs", cost: str = "cost") -> pd.DataFrame:
    """Add up work-package costs through a work breakdown structure.

    Each row is a WBS element with a dotted code (``1``, ``1.2``, ``1.2.3``):
    the parent of ``1.2.3`` is ``1.2``. Costs are estimated on the leaves
    (work packages); every parent's cost becomes the sum of its children's.
    A parent's cost may be left empty, or given if it equals that sum (so a
    rolled-up table rolls up to itself).

    Parameters
    ----------
    wbs : DataFrame or list of dict
        The WBS table; other columns (a name, an owner) are kept.
    code : str
        Column with the dotted codes (text).
    cost : str
        Column with the costs.

    Returns
    -------
    DataFrame
        Indexed by code in WBS order (``1.2`` before ``1.10``), with the
        original columns, ``cost`` rolled up, and ``level`` (1 for ``1``,
        2 for ``1.2``, ...), ``parent`` (None at level 1) and ``leaf``.

    Raises
    ------
    ValueError
        Naming the row: a malformed or repeated code, a parent missing from
        the table, a leaf without a cost, a negative cost, or a parent cost
        that differs from the sum of its children.

    Examples
    --------
    >>> t = rollup_wbs([
    ...     {"wbs": "1", "name": "House"},
    ...     {"wbs": "1.1", "name": "Foundation", "cost": 20_000},
    ...     {"wbs": "1.2", "name": "Frame"},
    ...     {"wbs": "1.2.1", "name": "Walls", "cost": 30_000},
    ...     {"wbs": "1.2.2", "name": "Roof", "cost": 15_000},
    ... ])
    >>> t[["name", "level", "cost"]]
                 name  level     cost
    wbs
    1           House      1  65000.0
    1.1    Foundation      2  20000.0
    1.2         Frame      2  45000.0
    1.2.1       Walls      3  30000.0
    1.2.2        Roof      3  15000.0

    Used in: lesson 02, budgeting (bottom-up estimating); lesson 03 (the WBS);
    exercise ps02.
    """
    table = _table(wbs, "wbs table")
    for c in (code, cost):
        if c not in table.columns:
            raise ValueError(f"wbs table is missing the column {c!r}")
    labels = list(table.index)
    codes = [
        _wbs_code(v, label, code) for v, label in zip(table[code], labels, strict=True)
    ]
    row_of: dict[str, Any] = {}
    for c, label in zip(codes, labels, strict=True):
        if c in row_of:
            raise ValueError(
                f"row {label}: {code} '{c}' repeats row {row_of[c]}; codes must be "
                "unique"
            )
        row_of[c] = label
    parents = [c.rpartition(".")[0] or None for c in codes]
    for c, parent, label in zip(codes, parents, labels, strict=True):
        if parent is not None and parent not in row_of:
            raise ValueError(
                f"row {label} ({code} '{c}'): its parent '{parent}' is not in the "
                "table; add the parent element"
            )
    has_child = set(p for p in parents if p is not None)

    raw = pd.to_numeric(table[cost], errors="coerce").to_numpy(dtype=float)
    given: dict[str, float | None] = {}
    for c, value, original, label in zip(codes, raw, table[cost], labels, strict=True):
        missing = bool(np.ndim(original) == 0 and pd.isna(original))
        if not missing and not math.isfinite(value):
            raise ValueError(
                f"row {label} ({code} '{c}'): cost must be a number, got {original!r}"
            )
        if not missing and value < 0:
            raise ValueError(
                f"row {label} ({code} '{c}'): cost must be >= 0, got {original!r}"
            )
        if missing and c not in has_child:
            raise ValueError(
                f"row {label} ({code} '{c}'): a work package (leaf) needs a cost"
            )
        given[c] = None if missing else value

    total: dict[str, float] = {
        c: (given[c] or 0.0) if c not in has_child else 0.0 for c in codes
    }
    for c in sorted(codes, key=lambda s: s.count("."), reverse=True):
        parent = c.rpartition(".")[0]
        stated = given[c]
        if c in has_child and stated is not None:
            if not math.isclose(stated, total[c], rel_tol=1e-9, abs_tol=1e-9):
                raise ValueError(
                    f"row {row_of[c]} ({code} '{c}'): cost {given[c]:,.2f} differs "
                    f"from the sum of its children ({total[c]:,.2f}); leave a "
                    "parent's cost empty to have it rolled up"
                )
        if parent:
            total[parent] += total[c]

    out = table.copy()
    out[code] = codes
    out[cost] = [total[c] for c in codes]
    out["level"] = [c.count(".") + 1 for c in codes]
    out["parent"] = pd.Series(parents, index=out.index, dtype=object)
    out["leaf"] = [c not in has_child for c in codes]
    out = out.set_index(code)
    order = sorted(out.index, key=lambda s: tuple(int(k) for k in s.split(".")))
    return out.loc[order]
