"""The course's datasets: load them by name, never from the network.

Every dataset is a CSV file shipped inside the package (``pmcourse/data``,
found through :mod:`importlib.resources`, so an installed wheel works on a
JupyterHub image) and documented in its ``README.md``. In a checkout that
folder is a link to the top-level ``datasets/`` that students browse: one
copy of each file. The synthetic ones are built by
:mod:`pmcourse.datasets.generate` with fixed seeds.

Used in: every lesson with a worked example.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

__all__ = ["available", "data_dir", "load"]


def data_dir() -> Path:
    """Return the folder the datasets are read from.

    The ``PMCOURSE_DATASETS`` environment variable overrides the default, the
    package's own data (``pmcourse/data``, the top-level ``datasets/`` of a
    checkout).

    Returns
    -------
    Path
        The datasets folder (it may not exist).

    Examples
    --------
    >>> (data_dir() / "product_launch.csv").is_file()
    True
    """
    # imported here, not at the top, so ``python -m pmcourse.datasets.generate``
    # does not find its own module already imported by the package
    from pmcourse.datasets.generate import DATASETS_DIR

    override = os.environ.get("PMCOURSE_DATASETS")
    return Path(override) if override else DATASETS_DIR


def available() -> list[str]:
    """List the names of the datasets that :func:`load` can read.

    Returns
    -------
    list of str
        Sorted names (CSV file names without ``.csv``).

    Examples
    --------
    >>> "product_launch" in available()
    True

    Used in: every lesson with a worked example.
    """
    folder = data_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.csv"))


def load(name: str) -> pd.DataFrame:
    """Load one of the course's datasets as a DataFrame.

    Parameters
    ----------
    name : str
        The dataset's name, e.g. ``"product_launch"`` (see :func:`available`
        and ``datasets/README.md``).

    Returns
    -------
    DataFrame
        A fresh copy: change it freely. Text columns hold strings, with ``""``
        (not NaN) where a value is empty, e.g. a task without predecessors.

    Raises
    ------
    ValueError
        If no dataset has that name (the message lists the available ones).
    FileNotFoundError
        If the datasets folder itself is missing.

    Examples
    --------
    >>> plan = load("product_launch")
    >>> plan.loc[0, ["id", "duration", "predecessors"]].to_dict()
    {'id': 'A', 'duration': 3, 'predecessors': ''}

    Used in: every lesson with a worked example.
    """
    if not isinstance(name, str):
        raise ValueError(f"name must be a dataset name (str), got {name!r}")
    folder = data_dir()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"the datasets folder {folder} does not exist; reinstall the course "
            "(pip install .) or set PMCOURSE_DATASETS to the folder of the CSV files"
        )
    names = available()
    key = name.strip().removesuffix(".csv")
    if key not in names:
        raise ValueError(
            f"no dataset named {name!r}; available: {', '.join(names) or 'none'}"
        )
    from pmcourse.datasets.generate import DATASETS

    spec = DATASETS.get(key)
    dtypes = dict(spec.dtypes) if spec is not None else {}
    frame = pd.read_csv(folder / f"{key}.csv", dtype=dtypes or None)
    for column, kind in dtypes.items():
        if kind == "str" and column in frame.columns:
            frame[column] = frame[column].fillna("")
    return frame
