"""Check a submitted notebook and build what the sandbox runs (parent side).

Before any student code runs, the grader reads each submitted notebook and
decides, without executing anything:

- whether it is a notebook at all (``invalid``: missing, empty, not JSON,
  not nbformat 4, unreadable);
- whether the cells a student may not change (locked cells and tests) are
  the ones released (``tampered``: edited, deleted, duplicated, or stripped
  of their nbgrader metadata), by nbgrader's own cell checksums compared
  with the released notebook in ``exercises/``;
- the prepared notebook: the submission with every locked and test cell put
  back from the gradebook (hidden tests included), missing ones re-inserted
  after the cell that precedes them in the release, cells whose metadata
  was stripped recognised by their unchanged source;
- the execution plan: the student's and the instructor's code cells to run,
  and, in place of each test, the names of the answers to capture (the test
  code itself never reaches the sandbox).
"""

from __future__ import annotations

import builtins
import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from pmcourse.grading.cells import (
    bound_names,
    checksum,
    is_protected,
    is_test,
    nbgrader_meta,
    read_names,
)
from pmcourse.grading.execution import NotebookPlan, Step

_BUILTINS = frozenset(dir(builtins)) | {"get_ipython", "display", "__file__"}

#: kept importable from here (tests and answer specifications use them)
__all__ = [
    "InvalidNotebook",
    "Prepared",
    "Reference",
    "Restoration",
    "bound_names",
    "build_plan",
    "group_lines",
    "is_protected",
    "is_test",
    "load_references",
    "prepare",
    "read_names",
    "read_submitted",
    "tampered",
]


@dataclass(frozen=True)
class Reference:
    """What one released notebook must contain, from exercises/ and the gradebook.

    Parameters
    ----------
    name : str
        The notebook's name without ``.ipynb``.
    release : NotebookNode
        The released (student) notebook.
    sources : dict of str to str
        ``grade_id`` to the full source the gradebook holds (hidden tests in).
    """

    name: str
    release: NotebookNode
    sources: dict[str, str]

    def protected(self) -> dict[str, NotebookNode]:
        """Return the release's protected cells by grade id, in order."""
        return {
            nbgrader_meta(cell)["grade_id"]: cell
            for cell in self.release.cells
            if is_protected(cell)
        }

    def restored(self, grade_id: str) -> NotebookNode:
        """Return a protected or answer cell as released, with its full source."""
        for cell in self.release.cells:
            if nbgrader_meta(cell).get("grade_id") == grade_id:
                out = copy.deepcopy(cell)
                if is_protected(cell):
                    out.source = self.sources.get(grade_id, cell.source)
                if out.cell_type == "code":
                    out.outputs, out.execution_count = [], None
                return out
        raise KeyError(grade_id)


def load_references(
    release_dir: Path, sources: Mapping[str, Mapping[str, str]]
) -> dict[str, Reference]:
    """Read an assignment's released notebooks.

    Parameters
    ----------
    release_dir : Path
        ``exercises/<assignment>``.
    sources : mapping
        Notebook name to ``{grade_id: full source}`` from the gradebook.

    Returns
    -------
    dict of str to Reference
        By notebook name.

    Raises
    ------
    ValueError
        If the release folder has no notebook.

    Examples
    --------
    >>> load_references(Path("/no/release"), {})
    Traceback (most recent call last):
    ...
    ValueError: release_dir: no notebook in /no/release

    Used in: grading (``pmcourse autograde``).
    """
    paths = sorted(Path(release_dir).glob("*.ipynb"))
    if not paths:
        raise ValueError(f"release_dir: no notebook in {release_dir}")
    return {
        p.stem: Reference(
            p.stem, nbformat.read(p, as_version=4), dict(sources.get(p.stem, {}))
        )
        for p in paths
    }


class InvalidNotebook(ValueError):
    """A submitted file is not a readable nbformat-4 notebook."""


def read_submitted(path: Path) -> NotebookNode:
    """Read a submitted notebook strictly.

    Parameters
    ----------
    path : Path
        The ``.ipynb`` file.

    Returns
    -------
    NotebookNode
        The notebook.

    Raises
    ------
    InvalidNotebook
        If the file is missing, empty, not JSON, not nbformat 4 or not a
        valid notebook; the message says which, for the student.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     bad = Path(tmp) / "ps.ipynb"
    ...     _ = bad.write_text('{"nbformat": 3, "worksheets": []}')
    ...     read_submitted(bad)
    Traceback (most recent call last):
    ...
    pmcourse.grading.prepare.InvalidNotebook: ps.ipynb: nbformat 3 ...

    Used in: grading (``pmcourse autograde``).
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidNotebook(f"{path.name}: missing")
    data = path.read_bytes()
    if not data.strip():
        raise InvalidNotebook(f"{path.name}: empty file")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        raise InvalidNotebook(f"{path.name}: not valid JSON ({err})") from None
    if not isinstance(raw, dict) or raw.get("nbformat") != 4:
        version = raw.get("nbformat") if isinstance(raw, dict) else None
        raise InvalidNotebook(
            f"{path.name}: nbformat {version} (expected a version 4 notebook: "
            "open it in JupyterLab and save it)"
        )
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        nbformat.validate(nb)
    except Exception as err:
        raise InvalidNotebook(f"{path.name}: not a valid notebook ({err})") from None
    return nb


@dataclass
class Prepared:
    """A submitted notebook made ready for grading.

    Parameters
    ----------
    name : str
        The notebook's name.
    notebook : NotebookNode
        The prepared notebook (protected cells restored, hidden tests in).
    plan : NotebookPlan
        What the sandbox runs, one step per cell of ``notebook``.
    tampering : list of str
        Each change to a protected cell (empty when none).
    problems : list of str
        Other remarks (answer cells deleted, unknown cells).
    """

    name: str
    notebook: NotebookNode
    plan: NotebookPlan
    tampering: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def tampered(cell: NotebookNode, released: NotebookNode) -> bool:
    """Return whether a submitted cell differs from its released, protected self.

    The detect-tampering stage: nbgrader's checksum (source, kind, grade,
    solution, locked, grade id, points) of the two cells, as nbgrader's
    ``CheckCellMetadata`` and ``OverwriteCells`` compare them.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> released = new_code_cell("assert x == 2")
    >>> released.metadata["nbgrader"] = {"grade": True, "solution": False,
    ...     "locked": True, "grade_id": "t", "points": 1}
    >>> cell = copy.deepcopy(released)
    >>> tampered(cell, released)
    False
    >>> cell.metadata["nbgrader"]["points"] = 5
    >>> tampered(cell, released)
    True
    """
    return cell.cell_type != released.cell_type or checksum(cell) != checksum(released)


class Restoration:
    """The restore stage: a submission's cells put back in line with the release.

    Feed it the submitted cells in order with :meth:`take`, then call
    :meth:`put_back_missing`; :attr:`cells` is then the prepared notebook's
    cells, and :attr:`tampering` and :attr:`problems` say what was found.

    - a protected cell (locked or a test) comes back as released, with the
      gradebook's full source (hidden tests in), and an edit is tampering;
    - an answer cell keeps the student's source in the released cell;
    - a protected cell stripped of its metadata is recognised by its
      unchanged source; an unknown grade id is tampering;
    - a missing cell goes back after the release cell that precedes it.

    Parameters
    ----------
    ref : Reference
        The release and the gradebook's sources.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> test = new_code_cell("assert x == 2")
    >>> test.metadata["nbgrader"] = {"grade": True, "solution": False,
    ...     "locked": True, "grade_id": "t", "points": 1}
    >>> work = Restoration(Reference("nb", new_notebook(cells=[test]), {}))
    >>> work.take(new_code_cell("x = 2"))
    >>> work.put_back_missing()
    >>> [c.source for c in work.cells], work.tampering
    (['assert x == 2', 'x = 2'], ["cell 't' was deleted"])
    """

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.protected = ref.protected()
        self.answers = {
            nbgrader_meta(c)["grade_id"]
            for c in ref.release.cells
            if nbgrader_meta(c).get("grade_id") and not is_protected(c)
        }
        self.by_source = {
            cell.source.strip(): gid
            for gid, cell in self.protected.items()
            if cell.source.strip()
        }
        self.cells: list[NotebookNode] = []
        self.seen: set[str] = set()
        self.tampering: list[str] = []
        self.problems: list[str] = []
        self.stripped = 0

    def take(self, cell: NotebookNode) -> None:
        """Add the next submitted cell, restored as it should be."""
        gid = nbgrader_meta(cell).get("grade_id")
        if gid is not None and (gid in self.protected or gid in self.answers):
            self._take_known(gid, cell)
            return
        if gid:
            self.tampering.append(
                f"cell {gid!r} is not a cell of the released notebook"
            )
        match = self.by_source.get(cell.source.strip())
        if (
            match
            and match not in self.seen
            and cell.cell_type == self.protected[match].cell_type
        ):
            self.seen.add(match)
            self.stripped += 1
            self.cells.append(self.ref.restored(match))
            return
        plain = copy.deepcopy(cell)
        plain.metadata.pop("nbgrader", None)
        self.cells.append(plain)

    def _take_known(self, gid: str, cell: NotebookNode) -> None:
        if gid in self.seen:
            self.tampering.append(f"cell {gid!r} appears more than once")
            return
        self.seen.add(gid)
        if gid in self.protected:
            if tampered(cell, self.protected[gid]):
                self.tampering.append(f"cell {gid!r} was edited")
            self.cells.append(self.ref.restored(gid))
            return
        keep = self.ref.restored(gid)
        keep.source = cell.source
        if keep.cell_type == "code" and cell.cell_type == "code":
            keep.outputs = []
        self.cells.append(keep)

    def put_back_missing(self) -> None:
        """Put back each release cell not taken, after the one preceding it."""
        if self.stripped:
            self.tampering.append(
                f"{self.stripped} locked or test cell(s) had their nbgrader "
                "metadata removed (recognised by their unchanged text)"
            )
        release_ids = [nbgrader_meta(c).get("grade_id") for c in self.ref.release.cells]
        for position, gid in enumerate(release_ids):
            if gid is None or gid in self.seen:
                continue
            self.seen.add(gid)
            before = {g for g in release_ids[:position] if g}
            index = 0
            for i, cell in enumerate(self.cells):
                if nbgrader_meta(cell).get("grade_id") in before:
                    index = i + 1
            self._put_back(gid, index)

    def _put_back(self, gid: str, index: int) -> None:
        if gid in self.protected:
            self.tampering.append(f"cell {gid!r} was deleted")
            self.cells.insert(index, self.ref.restored(gid))
            return
        # An answer whose metadata was stripped is the unlabelled cell of the
        # same kind in its place (between the cell before it and the next
        # labelled one); only when there is none was it deleted.
        cells = self.cells
        stop = next(
            (
                i
                for i in range(index, len(cells))
                if nbgrader_meta(cells[i]).get("grade_id")
            ),
            len(cells),
        )
        kept = self.ref.restored(gid)
        slot = [i for i in range(index, stop) if cells[i].cell_type == kept.cell_type]
        if slot and self.stripped:
            kept.source = cells[slot[-1]].source
            cells[slot[-1]] = kept
        else:
            self.problems.append(f"answer cell {gid!r} was deleted")
            cells.insert(index, kept)


def prepare(submitted: NotebookNode, ref: Reference) -> Prepared:
    r"""Check a submitted notebook against its release and build its plan.

    The stages in order: :class:`Restoration` (detecting tampering with
    :func:`tampered` on the way), then :func:`build_plan`.

    Parameters
    ----------
    submitted : NotebookNode
        The student's notebook (as read by :func:`read_submitted`).
    ref : Reference
        The release and the gradebook's sources of that notebook.

    Returns
    -------
    Prepared
        The prepared notebook, its plan and what was tampered with.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> test = new_code_cell("assert x == 2")
    >>> test.metadata["nbgrader"] = {"grade": True, "solution": False,
    ...     "locked": True, "grade_id": "t", "points": 1}
    >>> ref = Reference("nb", new_notebook(cells=[test]),
    ...                 {"t": "assert x == 2\nassert x > 0"})
    >>> edited = copy.deepcopy(ref.release)
    >>> edited.cells[0].source = "pass"
    >>> prepared = prepare(edited, ref)
    >>> prepared.tampering, prepared.notebook.cells[0].source
    (["cell 't' was edited"], 'assert x == 2\nassert x > 0')

    Used in: grading (``pmcourse autograde``).
    """
    work = Restoration(ref)
    for cell in submitted.cells:
        work.take(cell)
    work.put_back_missing()
    notebook = copy.deepcopy(submitted)
    notebook.cells = work.cells
    notebook.metadata["kernelspec"] = copy.deepcopy(
        ref.release.metadata.get("kernelspec", notebook.metadata.get("kernelspec", {}))
    )
    plan = NotebookPlan(ref.name, build_plan(notebook).steps)
    return Prepared(
        ref.name,
        notebook,
        plan,
        group_lines(work.tampering),
        group_lines(work.problems),
    )


def group_lines(lines: list[str]) -> list[str]:
    """Merge per-cell lines of one kind into one line (``cells 'a', 'b' were ...``).

    Examples
    --------
    >>> group_lines(["cell 'a' was edited", "cell 'b' was edited",
    ...              "cell 'c' was deleted"])
    ["cells 'a', 'b' were edited", "cell 'c' was deleted"]
    """
    kinds: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str] | str] = []
    for line in lines:
        found = re.fullmatch(
            r"((?:answer )?)cell ('[^']*') (was|appears|is) (.+)", line
        )
        if not found:
            order.append(line)
            continue
        key = (found[1], f"{found[3]} {found[4]}")
        if key not in kinds:
            kinds[key] = []
            order.append(key)
        kinds[key].append(found[2])
    plural = {"was": "were", "appears": "appear", "is": "are"}
    out = []
    for item in order:
        if isinstance(item, str):
            out.append(item)
            continue
        prefix, what = item
        names = kinds[item]
        if len(names) == 1:
            out.append(f"{prefix}cell {names[0]} {what}")
            continue
        verb, rest = what.split(" ", 1)
        rest = rest.replace("not a cell", "not cells")
        out.append(f"{prefix}cells {', '.join(names)} {plural[verb]} {rest}")
    return out


def build_plan(notebook: NotebookNode) -> NotebookPlan:
    """Build the execution plan of a prepared notebook.

    Code cells run as they are, except tests: in their place the plan
    captures the variables the test reads that no locked cell or earlier
    test defines (the student's answers).

    Parameters
    ----------
    notebook : NotebookNode
        A prepared notebook (from :func:`prepare`).

    Returns
    -------
    NotebookPlan
        One step per cell.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> setup = new_code_cell("import math")
    >>> setup.metadata["nbgrader"] = {"locked": True, "grade_id": "s"}
    >>> test = new_code_cell("assert math.isclose(x, 2)")
    >>> test.metadata["nbgrader"] = {"grade": True, "grade_id": "t", "points": 1}
    >>> plan = build_plan(new_notebook(cells=[setup, new_code_cell("x = 2"), test]))
    >>> [s.kind for s in plan.steps], plan.steps[2].names
    (['run', 'run', 'capture'], ('x',))

    Used in: grading (``pmcourse autograde``).
    """
    instructor: set[str] = set()
    steps = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            steps.append(Step("skip"))
            continue
        if is_test(cell):
            own = bound_names(cell.source)
            names = read_names(cell.source) - own - instructor - _BUILTINS
            steps.append(
                Step(
                    "capture",
                    names=tuple(sorted(names)),
                    grade_id=nbgrader_meta(cell)["grade_id"],
                )
            )
            instructor |= own
            continue
        if is_protected(cell):
            instructor |= bound_names(cell.source)
        steps.append(
            Step(
                "run",
                source=cell.source,
                grade_id=nbgrader_meta(cell).get("grade_id", ""),
            )
        )
    name = notebook.metadata.get("name", "")
    return NotebookPlan(str(name), tuple(steps))
