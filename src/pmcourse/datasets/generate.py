"""Build the course's synthetic datasets with fixed seeds.

Every dataset in the repository's ``datasets/`` folder that the course made
itself is produced here, so anyone can rebuild it and a test can prove the
committed file matches a fresh build. Run it from the repository root::

    python -m pmcourse.datasets.generate            # rewrite datasets/*.csv
    python -m pmcourse.datasets.generate --check    # exit 1 if a file is stale

To add a dataset: write a function ``name(rng) -> DataFrame`` that draws all
its randomness from ``rng``, then register it in :data:`DATASETS` with its seed
and column types, and document it in ``datasets/README.md``.

Used in: lesson 03, scheduling (product_launch); later lessons add their data.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from pmcourse.datasets.agile import jira_issues, sprint_history
from pmcourse.datasets.agile_lifecycle import lifecycle_scenarios, quality_costs
from pmcourse.datasets.analysis import (
    fieldfix_backlog,
    fieldfix_kano,
    fieldfix_requirements,
    fieldfix_tests,
)
from pmcourse.datasets.cost import historical_effort, launch_budget
from pmcourse.datasets.evm import evm_status_reports, evm_work_packages
from pmcourse.datasets.risk import risk_register
from pmcourse.datasets.schedule import (
    LEVELLING_SEED,
    PRODUCT_LAUNCH_SEED,
    levelling_capacities,
    levelling_plan,
    product_launch,
)
from pmcourse.datasets.stakeholders import stakeholder_register

#: The datasets the package ships (``pmcourse/data``, read through
#: :mod:`importlib.resources`). In a checkout ``src/pmcourse/data`` is a link to
#: the top-level ``datasets/`` folder, so this writes the files students browse;
#: a wheel carries a copy of them.
DATASETS_DIR = Path(str(resources.files("pmcourse").joinpath("data")))


@dataclass(frozen=True)
class DatasetSpec:
    """How one dataset is built and read back.

    Attributes
    ----------
    build : callable
        ``build(rng) -> DataFrame``; all randomness comes from ``rng``.
    seed : int
        The fixed seed passed to :func:`numpy.random.default_rng`.
    dtypes : dict
        Column types used when reading the CSV back (text columns as ``str``
        so that codes such as WBS ``1.10`` are not turned into numbers).
    description : str
        One line for error messages and listings.
    """

    build: Callable[[np.random.Generator], pd.DataFrame]
    seed: int
    dtypes: dict[str, str] = field(default_factory=dict)
    description: str = ""


# --- registry ---------------------------------------------------------------

_TEXT = "str"

#: Every generated dataset: its builder, seed and column types.
DATASETS: dict[str, DatasetSpec] = {
    "product_launch": DatasetSpec(
        build=product_launch,
        seed=PRODUCT_LAUNCH_SEED,
        dtypes={
            "id": _TEXT,
            "name": _TEXT,
            "wbs": _TEXT,
            "predecessors": _TEXT,
            "resource": _TEXT,
        },
        description="a 12-activity product launch plan with links, estimates, costs",
    ),
    "evm_work_packages": DatasetSpec(
        build=evm_work_packages,
        seed=0,
        dtypes={"id": _TEXT, "name": _TEXT},
        description="the packaging-line project's work packages (cost baseline)",
    ),
    "evm_status_reports": DatasetSpec(
        build=evm_status_reports,
        seed=20250131,
        dtypes={"month": _TEXT, "note": _TEXT},
        description="monthly earned-value status reports of the packaging-line project",
    ),
    "risk_register": DatasetSpec(
        build=risk_register,
        seed=20250505,
        dtypes={
            c: _TEXT
            for c in (
                "id",
                "kind",
                "category",
                "description",
                "task",
                "owner",
                "response",
                "status",
            )
        },
        description="the product launch's risk register: 11 threats, 3 opportunities",
    ),
    "lifecycle_scenarios": DatasetSpec(
        build=lifecycle_scenarios,
        seed=0,
        dtypes={"scenario": _TEXT, "description": _TEXT},
        description="eight project situations rated on the seven life-cycle factors",
    ),
    "quality_costs": DatasetSpec(
        build=quality_costs,
        seed=20240601,
        dtypes={"item": _TEXT, "category": _TEXT},
        description="a year's cost-of-quality ledger of a product team",
    ),
    "historical_effort": DatasetSpec(
        build=historical_effort,
        seed=20240902,
        dtypes={"id": _TEXT, "domain": _TEXT},
        description="40 past software projects: size, estimated and actual effort",
    ),
    "launch_budget": DatasetSpec(
        build=launch_budget,
        seed=20240316,
        dtypes={"wbs": _TEXT, "id": _TEXT, "name": _TEXT},
        description="the product launch's WBS with three-point cost estimates",
    ),
    "sprint_history": DatasetSpec(
        build=sprint_history,
        seed=20250106,
        dtypes={"team": _TEXT, "start": _TEXT, "end": _TEXT},
        description="ten sprints of two Scrum teams: availability, commitment, "
        "velocity, release scope",
    ),
    "jira_issues": DatasetSpec(
        build=jira_issues,
        seed=20250425,
        dtypes={
            "Issue key": _TEXT,
            "Issue Type": _TEXT,
            "Summary": _TEXT,
            "Priority": _TEXT,
            "Status": _TEXT,
            "Created": _TEXT,
            "Started": _TEXT,
            "Resolved": _TEXT,
        },
        description="a Kanban team's issues over 16 weeks, as a Jira CSV export",
    ),
    "stakeholder_register": DatasetSpec(
        build=stakeholder_register,
        seed=20251464,
        dtypes={
            "stakeholder": _TEXT,
            "role": _TEXT,
            "group": _TEXT,
            "current": _TEXT,
            "desired": _TEXT,
            "expectation": _TEXT,
        },
        description="twelve stakeholders of a field-service app rollout",
    ),
    "fieldfix_requirements": DatasetSpec(
        build=fieldfix_requirements,
        seed=0,
        dtypes={
            c: _TEXT
            for c in (
                "id",
                "level",
                "kind",
                "parent",
                "statement",
                "source",
                "technique",
            )
        },
        description="the field-service app's requirements, business to transition",
    ),
    "fieldfix_backlog": DatasetSpec(
        build=fieldfix_backlog,
        seed=0,
        dtypes={"id": _TEXT, "title": _TEXT, "story": _TEXT, "moscow": _TEXT},
        description="16 backlog items with MoSCoW labels and WSJF scores",
    ),
    "fieldfix_tests": DatasetSpec(
        build=fieldfix_tests,
        seed=20250808,
        dtypes={"test_id": _TEXT, "title": _TEXT, "requirements": _TEXT},
        description="the field-service app's test cases and what they verify",
    ),
    "fieldfix_kano": DatasetSpec(
        build=fieldfix_kano,
        seed=20250809,
        dtypes={
            c: _TEXT for c in ("respondent", "feature", "functional", "dysfunctional")
        },
        description="a Kano survey of 32 technicians about six app features",
    ),
    "levelling_plan": DatasetSpec(
        build=levelling_plan,
        seed=LEVELLING_SEED,
        dtypes={"id": _TEXT, "predecessors": _TEXT},
        description="a PSPLIB-like 12-task plan that overloads its two teams",
    ),
    "levelling_capacities": DatasetSpec(
        build=levelling_capacities,
        seed=LEVELLING_SEED,
        dtypes={"resource": _TEXT},
        description="the people available in each team of levelling_plan",
    ),
}


def build(name: str) -> pd.DataFrame:
    """Build one registered dataset with its fixed seed.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS`.

    Returns
    -------
    DataFrame
        The dataset, exactly as it is written to ``datasets/<name>.csv``.

    Raises
    ------
    ValueError
        If ``name`` is not a registered dataset (the message lists them).

    Examples
    --------
    >>> build("product_launch").equals(build("product_launch"))
    True

    Used in: the dataset tests and ``python -m pmcourse.datasets.generate``.
    """
    if name not in DATASETS:
        raise ValueError(
            f"no generator for dataset {name!r}; generated datasets: "
            + ", ".join(sorted(DATASETS))
        )
    spec = DATASETS[name]
    return spec.build(np.random.default_rng(spec.seed))


def to_csv_text(frame: pd.DataFrame) -> str:
    r"""Return the exact CSV text the course stores for a dataset.

    Parameters
    ----------
    frame : DataFrame
        A dataset.

    Returns
    -------
    str
        CSV with a header, no index and ``\n`` line endings.

    Examples
    --------
    >>> to_csv_text(pd.DataFrame({"id": ["A"], "duration": [3]}))
    'id,duration\nA,3\n'

    Used in: the dataset tests and ``python -m pmcourse.datasets.generate``.
    """
    return frame.to_csv(index=False, lineterminator="\n")


def write_all(
    out_dir: Path | str = DATASETS_DIR, names: Sequence[str] | None = None
) -> list[Path]:
    """Write the generated datasets as CSV files.

    Parameters
    ----------
    out_dir : path
        Target folder (created if missing).
    names : sequence of str, optional
        Which datasets; all registered ones by default.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValueError
        If a name is not registered.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_all(tmp, ["product_launch"])]
    ['product_launch.csv']

    Used in: ``python -m pmcourse.datasets.generate``.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names if names is not None else sorted(DATASETS):
        path = out / f"{name}.csv"
        path.write_text(to_csv_text(build(name)), encoding="utf-8")
        written.append(path)
    return written


def stale(out_dir: Path | str = DATASETS_DIR) -> list[str]:
    """List the generated datasets whose stored CSV differs from a fresh build.

    Parameters
    ----------
    out_dir : path
        The folder holding the CSV files.

    Returns
    -------
    list of str
        Names that are missing or out of date (empty when all are current).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = write_all(tmp)
    ...     stale(tmp)
    []

    Used in: the dataset tests and ``python -m pmcourse.datasets.generate --check``.
    """
    out = Path(out_dir)
    bad = []
    for name in sorted(DATASETS):
        path = out / f"{name}.csv"
        if not path.exists() or path.read_text(encoding="utf-8") != to_csv_text(
            build(name)
        ):
            bad.append(name)
    return bad


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild the datasets, or check them with ``--check``.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (``sys.argv[1:]`` by default).

    Returns
    -------
    int
        Exit status: 0 on success, 1 when ``--check`` finds a stale file.
    """
    parser = argparse.ArgumentParser(
        prog="python -m pmcourse.datasets.generate",
        description="Rebuild the course's synthetic datasets with fixed seeds.",
    )
    parser.add_argument("--out", default=str(DATASETS_DIR), help="target folder")
    parser.add_argument(
        "--check", action="store_true", help="only report files that are out of date"
    )
    parser.add_argument("names", nargs="*", help="datasets to build (default: all)")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale(args.out)
        for name in bad:
            print(f"stale: {name}.csv (run python -m pmcourse.datasets.generate)")
        return 1 if bad else 0
    for path in write_all(args.out, args.names or None):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
