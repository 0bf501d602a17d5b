"""Traceability: a requirements traceability matrix and the gaps it shows.

A requirements traceability matrix links each requirement to the tests that
verify it (forward) and to the requirement it derives from (backward). It
shows requirements nobody tests, tests that verify nothing, and requirements
with no business reason.

Used in: lesson 08, business analysis (traceability); exercise ps08.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["Traceability", "trace"]


@dataclass(frozen=True)
class Traceability:
    """The result of :func:`trace`: the matrix and what it reveals.

    Attributes
    ----------
    matrix : DataFrame
        Requirements (rows) by tests (columns); 1 where the test verifies the
        requirement.
    untested : tuple of str
        Requirements that need a test and have none.
    orphan_tests : tuple of str
        Tests that verify no known requirement.
    unknown_links : tuple of (str, str)
        ``(test, requirement)`` links to requirement ids that do not exist.
    no_parent : tuple of str
        Requirements below the business level that trace back to nothing
        (empty when the table has no ``level`` and ``parent`` columns).
    coverage : float
        Share of the requirements needing a test that have one (1.0 if none
        need one).
    """

    matrix: pd.DataFrame
    untested: tuple[str, ...]
    orphan_tests: tuple[str, ...]
    unknown_links: tuple[tuple[str, str], ...]
    no_parent: tuple[str, ...]
    coverage: float

    @property
    def ok(self) -> bool:
        """True when every link is sound and nothing is untested or orphaned."""
        return not (
            self.untested or self.orphan_tests or self.unknown_links or self.no_parent
        )


def _ids(text: Any) -> list[str]:
    """Split a comma-separated id list (``""`` or NaN: no ids)."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return []
    return [part.strip() for part in str(text).split(",") if part.strip()]


def trace(
    requirements: pd.DataFrame,
    tests: pd.DataFrame,
    *,
    needs_test: Collection[str] | None = None,
    links: str = "requirements",
) -> Traceability:
    """Build a requirements traceability matrix and check it.

    Forward: each requirement that needs a test should have at least one,
    and each test should verify a requirement (a test of nothing is either
    testing work nobody asked for or has lost its requirement). Backward:
    when ``requirements`` has ``level`` and ``parent`` columns, every
    requirement except business requirements should trace to a parent; one
    that does not has no business reason (possible gold plating).

    Parameters
    ----------
    requirements : DataFrame
        Column ``id`` and optionally ``level`` (business, stakeholder,
        solution, transition) and ``parent`` (the id it derives from).
    tests : DataFrame
        Columns ``test_id`` and ``links``: the requirement ids each test
        verifies, comma-separated (empty for none).
    needs_test : collection of str, optional
        The levels that need a test (e.g. ``{"solution", "transition"}``);
        every requirement by default.
    links : str
        Name of the tests' link column.

    Returns
    -------
    Traceability
        The matrix and the lists of gaps.

    Raises
    ------
    ValueError
        If a column is missing or an id repeats.

    Examples
    --------
    >>> reqs = pd.DataFrame({"id": ["R1", "R2", "R3"]})
    >>> tests = pd.DataFrame({"test_id": ["T1", "T2", "T3"],
    ...                       "requirements": ["R1", "R1, R9", ""]})
    >>> result = trace(reqs, tests)
    >>> result.untested, result.orphan_tests, result.unknown_links
    (('R2', 'R3'), ('T3',), (('T2', 'R9'),))
    >>> result.matrix.loc["R1"].tolist(), round(result.coverage, 2)
    ([1, 1, 0], 0.33)

    Used in: lesson 08, business analysis (traceability); exercise ps08.
    """
    for table, name, columns in (
        (requirements, "requirements", ["id"]),
        (tests, "tests", ["test_id", links]),
    ):
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise ValueError(
                f"{name} needs column(s) {missing}; it has {list(table.columns)}"
            )
    req_ids = requirements["id"].astype(str).str.strip().tolist()
    test_ids = tests["test_id"].astype(str).str.strip().tolist()
    for name, ids in (("requirements", req_ids), ("tests", test_ids)):
        seen: set[str] = set()
        for i in ids:
            if i in seen:
                raise ValueError(f"{name}: id {i!r} repeats")
            seen.add(i)
    known = set(req_ids)
    matrix = pd.DataFrame(
        0, index=pd.Index(req_ids, name="requirement"), columns=test_ids
    )
    unknown, orphans = [], []
    for test, text in zip(test_ids, tests[links].tolist(), strict=True):
        targets = _ids(text)
        good = [r for r in targets if r in known]
        unknown += [(test, r) for r in targets if r not in known]
        if not good:
            orphans.append(test)
        matrix.loc[good, test] = 1
    matrix.columns.name = "test"
    if needs_test is None:
        need = req_ids
    else:
        if "level" not in requirements.columns:
            raise ValueError("needs_test needs a 'level' column in requirements")
        wanted = {str(x).lower() for x in needs_test}
        levels = requirements["level"].astype(str).str.lower().tolist()
        need = [r for r, lv in zip(req_ids, levels, strict=True) if lv in wanted]
    tested = matrix.sum(axis=1) > 0
    untested = [r for r in need if not tested[r]]
    no_parent: list[str] = []
    if {"level", "parent"} <= set(requirements.columns):
        for r, lv, p in zip(
            req_ids, requirements["level"], requirements["parent"], strict=True
        ):
            if str(lv).lower() != "business" and not [x for x in _ids(p) if x in known]:
                no_parent.append(r)
    coverage = 1.0 - len(untested) / len(need) if need else 1.0
    return Traceability(
        matrix,
        tuple(untested),
        tuple(orphans),
        tuple(unknown),
        tuple(no_parent),
        coverage,
    )
