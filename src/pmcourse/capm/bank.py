"""The question bank: load it, validate it, draw concrete items from it.

Static questions live in ``pmcourse/capm/bank/*.yaml`` (package data, read
with :mod:`importlib.resources` and :func:`yaml.safe_load`); calculation
families live in :mod:`pmcourse.capm.families`. Both are validated against
:mod:`pmcourse.capm.schema` when the bank is loaded.

Used in: lesson 09, CAPM practice; exercise ps09.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import yaml

from pmcourse.capm.families import FAMILIES, build
from pmcourse.capm.item import Item
from pmcourse.capm.schema import BankError, check_bank, validate_item

__all__ = ["draw", "load_bank", "read_folder", "static_items"]

#: Columns of :func:`load_bank`, in order.
COLUMNS = (
    "id",
    "domain",
    "task",
    "type",
    "scenario",
    "stem",
    "options",
    "answer",
    "explanation",
    "distractors",
    "difficulty",
    "lesson",
    "family",
    "tolerance",
    "unit",
    "source",
)
_FILE_DOMAIN = re.compile(r"^d([1-4])_")
#: The seed of the example draw that represents a family in :func:`load_bank`.
EXAMPLE_SEED = 0


def read_folder(folder: Any) -> tuple[list[tuple[str, dict]], list[str]]:
    r"""Read and validate the YAML items of one folder.

    Parameters
    ----------
    folder : pathlib.Path or importlib.resources Traversable
        A folder of ``*.yaml`` files, each a list of items. A file named
        ``d<k>_*.yaml`` must hold domain ``k`` items only.

    Returns
    -------
    items : list of (file name, item dict)
        The valid items, in file order.
    problems : list of str
        Every problem found, each naming the file and the item id.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "d2_x.yaml").write_text("- id: D2-001\n  domain: 3\n")
    >>> read_folder(tmp)[1][0]
    'd2_x.yaml, item D2-001: missing key(s) task, type, scenario, stem, ...'

    Used in: lesson 09, CAPM practice (bank checks).
    """
    files = (
        sorted(
            (f for f in folder.iterdir() if f.name.endswith(".yaml")),
            key=lambda f: f.name,
        )
        if folder.is_dir()
        else []
    )
    problems: list[str] = []
    out: list[tuple[str, dict[str, Any]]] = []
    for f in files:
        try:
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
        except yaml.YAMLError as err:
            problems.append(f"{f.name}: not valid YAML: {err}")
            continue
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(f"{f.name}: must hold a list of items")
            continue
        match = _FILE_DOMAIN.match(f.name)
        for item in data:
            found = validate_item(item, f.name)
            if not found and match and item["domain"] != int(match.group(1)):
                found.append(
                    f"{f.name}, item {item['id']}: domain {item['domain']} item in "
                    f"a domain {match.group(1)} file"
                )
            problems += found
            if not found:
                out.append((f.name, dict(item)))
    return out, problems


@functools.lru_cache(maxsize=1)
def static_items() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Read and validate every static item of the YAML bank.

    Returns
    -------
    tuple of (file name, item dict)
        In file order.

    Raises
    ------
    BankError
        Listing every problem, each naming the file and the item id; this
        includes ids and stems repeated anywhere in the bank, families too.

    Examples
    --------
    >>> all(isinstance(item, dict) for _, item in static_items())
    True

    Used in: lesson 09, CAPM practice.
    """
    out, problems = read_folder(resources.files("pmcourse.capm").joinpath("bank"))
    family_items = [(f"families ({fid})", _example(fid)) for fid in FAMILIES]
    problems += check_bank(out + [(s, i.to_dict()) for s, i in family_items])
    if problems:
        raise BankError(problems)
    return tuple(out)


@functools.cache
def _example(family_id: str) -> Item:
    return build(FAMILIES[family_id], EXAMPLE_SEED)


def _given(value: Any) -> bool:
    """Return False for None and NaN (a missing cell of a bank table)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def static_item(item: Mapping[str, Any]) -> Item:
    """Return the :class:`Item` of one static question as the YAML bank holds it.

    Examples
    --------
    >>> first = next(iter(static_by_id().values()))
    >>> static_item(first).id == first["id"]
    True
    """
    answer = item["answer"]
    if isinstance(answer, list | tuple):
        answer = tuple(sorted(answer))
    elif item["type"] == "numeric":
        answer = float(answer)
    return Item(
        id=item["id"],
        domain=item["domain"],
        task=item["task"],
        type=item["type"],
        scenario=item["scenario"],
        stem=" ".join(str(item["stem"]).split()),
        options=dict(item.get("options") or {}),
        answer=answer,
        explanation=" ".join(str(item["explanation"]).split()),
        distractors=dict(item.get("distractors") or {}),
        difficulty=item["difficulty"],
        lesson=item["lesson"],
        tolerance=float(item["tolerance"]) if _given(item.get("tolerance")) else None,
        unit=item["unit"] if _given(item.get("unit")) else None,
    )


def load_bank() -> pd.DataFrame:
    """Return the whole bank as a table, one row per item (families once).

    A family's row shows an example draw (seed 0): its stem, options and
    answer change with every :func:`draw`.

    Returns
    -------
    DataFrame
        Columns ``id, domain, task, type, scenario, stem, options, answer,
        explanation, distractors, difficulty, lesson, family, tolerance,
        unit, source`` (``source``: the YAML file, or ``families``).

    Raises
    ------
    BankError
        If an item breaks the schema (see :mod:`pmcourse.capm.schema`).

    Examples
    --------
    >>> bank = load_bank()
    >>> set(bank["domain"]) <= {1, 2, 3, 4}, bank["id"].is_unique
    (True, True)
    >>> bank.loc[bank["id"] == "F-EVM-01", "family"].item()
    True

    Used in: lesson 09, CAPM practice; instructor item analysis.
    """
    rows = []
    for source, raw in static_items():
        rows.append({**static_item(raw).to_dict(), "source": source})
    for fid in FAMILIES:
        rows.append({**_example(fid).to_dict(), "source": "families"})
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    return table.astype({"domain": int, "difficulty": int})


def static_by_id() -> dict[str, Mapping[str, Any]]:
    """Return the static questions of the bank by id.

    Examples
    --------
    >>> len(static_by_id()) > 0
    True
    """
    return {item["id"]: item for _, item in static_items()}


def _seed(rng: np.random.Generator | int | None) -> int:
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        return int(rng)
    return int(np.random.default_rng(rng).integers(0, 2**63 - 1))


def draw(item_id: str, rng: np.random.Generator | int | None = None) -> Item:
    """Return a concrete item: a family's numbers drawn, a static item as is.

    Parameters
    ----------
    item_id : str
        An id of the bank (``D2-007``, ``F-EVM-01``).
    rng : numpy.random.Generator or int or None
        Random source; an int is used as the family's seed, so
        ``draw(item.id, item.seed)`` reproduces ``item``. Static items ignore
        it (their options keep their letters).

    Returns
    -------
    Item

    Raises
    ------
    KeyError
        If no item has this id.

    Examples
    --------
    >>> a, b = draw("F-EVM-03", rng=7), draw("F-EVM-03", rng=7)
    >>> a == b, a.family, a.seed
    (True, True, 7)

    Used in: lesson 09, CAPM practice; exercise ps09.
    """
    if item_id in FAMILIES:
        return build(FAMILIES[item_id], _seed(rng))
    static = static_by_id()
    if item_id not in static:
        raise KeyError(f"no item with id {item_id!r} in the CAPM bank")
    return static_item(static[item_id])
