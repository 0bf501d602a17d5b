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

import ast
import builtins
import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from pmcourse.grading.execution import NotebookPlan, Step

_BUILTINS = frozenset(dir(builtins)) | {"get_ipython", "display", "__file__"}


def _meta(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_test(cell: NotebookNode) -> bool:
    """Return whether a cell is an autograded test (a grade code cell).

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cell = new_code_cell("assert x")
    >>> cell.metadata["nbgrader"] = {"grade": True, "solution": False}
    >>> is_test(cell)
    True

    Used in: grading (``pmcourse autograde``).
    """
    meta = _meta(cell)
    return (
        cell.cell_type == "code"
        and bool(meta.get("grade"))
        and not bool(meta.get("solution"))
    )


def is_protected(cell: NotebookNode) -> bool:
    """Return whether a student may not change a cell (locked, or a test).

    Examples
    --------
    >>> from nbformat.v4 import new_markdown_cell
    >>> cell = new_markdown_cell("Read this")
    >>> cell.metadata["nbgrader"] = {"locked": True, "grade_id": "intro"}
    >>> is_protected(cell)
    True

    Used in: grading (``pmcourse autograde``).
    """
    meta = _meta(cell)
    return bool(meta.get("grade_id")) and (bool(meta.get("locked")) or is_test(cell))


def _python(source: str) -> str:
    from IPython.core.inputtransformer2 import TransformerManager

    return TransformerManager().transform_cell(source)


def bound_names(source: str) -> set[str]:
    r"""Return the names a cell's code binds (assignments, imports, defs, loops).

    Examples
    --------
    >>> sorted(bound_names("import pandas as pd\nfor t in x: y = t"))
    ['pd', 't', 'y']

    Used in: grading (which answers a test reads).
    """
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return set()
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            out.add(node.id)
        elif isinstance(node, ast.alias):
            out.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
    return out


def read_names(source: str) -> set[str]:
    """Return the names a cell's code reads.

    Examples
    --------
    >>> sorted(read_names("assert abs(es['A'] - 0) < tol"))
    ['abs', 'es', 'tol']

    Used in: grading (which answers a test reads).
    """
    try:
        tree = ast.parse(_python(source))
    except SyntaxError:
        return set()
    return {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }


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
            _meta(cell)["grade_id"]: cell
            for cell in self.release.cells
            if is_protected(cell)
        }

    def restored(self, grade_id: str) -> NotebookNode:
        """Return a protected or answer cell as released, with its full source."""
        for cell in self.release.cells:
            if _meta(cell).get("grade_id") == grade_id:
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


def _checksum(cell: NotebookNode) -> str | None:
    from nbgrader.utils import compute_checksum

    try:
        return compute_checksum(cell)
    except (KeyError, TypeError, ValueError):
        return None


def prepare(submitted: NotebookNode, ref: Reference) -> Prepared:
    r"""Check a submitted notebook against its release and build its plan.

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
    protected = ref.protected()
    release_ids = [_meta(c).get("grade_id") for c in ref.release.cells]
    answers = {
        _meta(c)["grade_id"]
        for c in ref.release.cells
        if _meta(c).get("grade_id") and not is_protected(c)
    }
    by_source = {
        cell.source.strip(): gid
        for gid, cell in protected.items()
        if cell.source.strip()
    }
    tampering: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    cells: list[NotebookNode] = []
    stripped = 0
    for cell in submitted.cells:
        gid = _meta(cell).get("grade_id")
        if gid is not None and (gid in protected or gid in answers):
            if gid in seen:
                tampering.append(f"cell {gid!r} appears more than once")
                continue
            seen.add(gid)
            if gid in protected:
                released = protected[gid]
                if cell.cell_type != released.cell_type or _checksum(cell) != _checksum(
                    released
                ):
                    tampering.append(f"cell {gid!r} was edited")
                cells.append(ref.restored(gid))
            else:
                keep = ref.restored(gid)
                keep.source = cell.source
                if keep.cell_type == "code" and cell.cell_type == "code":
                    keep.outputs = []
                cells.append(keep)
            continue
        if gid:
            tampering.append(f"cell {gid!r} is not a cell of the released notebook")
        match = by_source.get(cell.source.strip())
        if match and match not in seen and cell.cell_type == protected[match].cell_type:
            seen.add(match)
            stripped += 1
            cells.append(ref.restored(match))
            continue
        plain = copy.deepcopy(cell)
        plain.metadata.pop("nbgrader", None)
        cells.append(plain)
    if stripped:
        tampering.append(
            f"{stripped} locked or test cell(s) had their nbgrader metadata removed "
            "(recognised by their unchanged text)"
        )
    # Put back what is missing, after the release cell that precedes it.
    for position, gid in enumerate(release_ids):
        if gid is None or gid in seen:
            continue
        seen.add(gid)
        before = [g for g in release_ids[:position] if g]
        index = 0
        for i, cell in enumerate(cells):
            if _meta(cell).get("grade_id") in before:
                index = i + 1
        if gid in protected:
            tampering.append(f"cell {gid!r} was deleted")
            cells.insert(index, ref.restored(gid))
            continue
        # An answer whose metadata was stripped is the unlabelled cell of the
        # same kind in its place (between the cell before it and the next
        # labelled one); only when there is none was it deleted.
        stop = next(
            (i for i in range(index, len(cells)) if _meta(cells[i]).get("grade_id")),
            len(cells),
        )
        kept = ref.restored(gid)
        slot = [i for i in range(index, stop) if cells[i].cell_type == kept.cell_type]
        if slot and stripped:
            kept.source = cells[slot[-1]].source
            cells[slot[-1]] = kept
        else:
            problems.append(f"answer cell {gid!r} was deleted")
            cells.insert(index, kept)
    notebook = copy.deepcopy(submitted)
    notebook.cells = cells
    notebook.metadata["kernelspec"] = copy.deepcopy(
        ref.release.metadata.get("kernelspec", notebook.metadata.get("kernelspec", {}))
    )
    plan = NotebookPlan(ref.name, build_plan(notebook).steps)
    return Prepared(
        ref.name, notebook, plan, group_lines(tampering), group_lines(problems)
    )


def group_lines(lines: list[str]) -> list[str]:
    """Merge per-cell lines of one kind into one line (``cells 'a', 'b' were ...``).

    Examples
    --------
    >>> group_lines(["cell 'a' was edited", "cell 'b' was edited",
    ...              "cell 'c' was deleted"])
    ["cells 'a', 'b' were edited", "cell 'c' was deleted"]
    """
    import re

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
                    grade_id=_meta(cell)["grade_id"],
                )
            )
            instructor |= own
            continue
        if is_protected(cell):
            instructor |= bound_names(cell.source)
        steps.append(
            Step("run", source=cell.source, grade_id=_meta(cell).get("grade_id", ""))
        )
    name = notebook.metadata.get("name", "")
    return NotebookPlan(str(name), tuple(steps))
