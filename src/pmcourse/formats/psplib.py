"""PSPLIB: the research benchmark of resource-constrained project scheduling.

PSPLIB (Kolisch and Sprecher, 1997, *European Journal of Operational
Research* 96(1):205-216) publishes project networks whose tasks each need a
fixed amount of a few renewable resources (people, machines) with a fixed
capacity, together with the best makespans ever found; for the 480 instances
of the j30 set these are proven optimal. The course reads the single-mode
``.sm`` files into a ``cpm`` task table plus one column per resource, so a
heuristic's schedule can be compared with the optimum.

Jobs keep their numbers as ids (``"1"`` to ``"32"`` in j30). The first and
last job are dummies with duration 0 and no resource use (the project's start
and end); they are kept, so the finish of the last job is the makespan.

Used in: lesson 03, scheduling (resource levelling).
"""

from __future__ import annotations

import os
import re
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmcourse.formats._common import SkipLog, file_label

__all__ = [
    "PsplibInstance",
    "iter_psplib_archive",
    "read_psplib",
    "read_psplib_optimum",
]


@dataclass(frozen=True, eq=False)
class PsplibInstance:
    """One PSPLIB instance, as read by :func:`read_psplib`.

    Unpacks as ``tasks, capacities = read_psplib(path)``.

    Attributes
    ----------
    name : str
        The instance name, the file name without ``.sm`` (``"j301_1"``).
    tasks : DataFrame
        Columns ``id, duration, predecessors`` and one integer column per
        renewable resource (``R1``, ``R2``, ...) with the task's use of it.
    capacities : dict of str to int
        Each resource column's capacity per period.
    horizon : int
        The file's upper bound on the makespan (sum of all durations).
    skipped : DataFrame
        Columns ``where, item, reason`` (non-renewable resources, which a
        single-mode schedule does not constrain in time).
    warnings : tuple of str
        Always empty for a well-formed file; kept for the common pattern.
    source : str
        The file (or archive member) name.
    """

    name: str
    tasks: pd.DataFrame
    capacities: dict[str, int]
    horizon: int
    skipped: pd.DataFrame
    warnings: tuple[str, ...]
    source: str

    def __iter__(self) -> Iterator[object]:
        """Unpack as ``tasks, capacities``."""
        return iter((self.tasks, self.capacities))


def _member_bytes(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    """Return a regular file's bytes from an open archive."""
    handle = tar.extractfile(member)
    if handle is None:  # a link or a folder: the caller only passes files
        raise ValueError(f"{member.name}: not a regular file in the archive")
    return handle.read()


def read_psplib(path: str | os.PathLike[str]) -> PsplibInstance:
    """Read a PSPLIB single-mode ``.sm`` file into a task table and capacities.

    Parameters
    ----------
    path : str or path-like
        A single-mode file such as ``j301_1.sm``.

    Returns
    -------
    PsplibInstance
        Unpacks as ``tasks, capacities``.

    Raises
    ------
    ValueError
        Naming the file and line: a missing section, a job with more than one
        mode, a count that does not match, a successor that is not a job, or
        a field that is not a whole number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = '''jobs (incl. supersource/sink ):  3
    ... horizon                       :  4
    ... RESOURCES
    ...   - renewable                 :  1   R
    ...   - nonrenewable              :  0   N
    ... PRECEDENCE RELATIONS:
    ... jobnr.    #modes  #successors   successors
    ...    1        1          1           2
    ...    2        1          1           3
    ...    3        1          0
    ... REQUESTS/DURATIONS:
    ... jobnr. mode duration  R 1
    ... ------------------------------------------------------------------------
    ...   1      1     0       0
    ...   2      1     4       2
    ...   3      1     0       0
    ... RESOURCEAVAILABILITIES:
    ...   R 1
    ...    3
    ... '''
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.sm"
    >>> _ = path.write_text(text)
    >>> tasks, capacities = read_psplib(path)
    >>> tasks
      id  duration predecessors  R1
    0  1         0           []   0
    1  2         4          [1]   2
    2  3         0          [2]   0
    >>> capacities
    {'R1': 3}

    Used in: lesson 03, scheduling (resource levelling).
    """
    label = file_label(path)
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return parse_psplib(text, label)


def parse_psplib(text: str, label: str) -> PsplibInstance:
    """Parse the text of a ``.sm`` file; ``label`` names it in errors.

    Parameters
    ----------
    text : str
        The file's content.
    label : str
        The file name, used in error messages and for the instance name.

    Returns
    -------
    PsplibInstance

    Raises
    ------
    ValueError
        As :func:`read_psplib`.

    Examples
    --------
    >>> parse_psplib("nothing here", "x.sm")
    Traceback (most recent call last):
    ...
    ValueError: x.sm: no line 'jobs (incl. supersource/sink ): N' found

    Used in: lesson 03 and the resource-scheduling benchmark.
    """
    lines = text.splitlines()
    skipped = SkipLog()

    def fail(lineno: int, message: str) -> ValueError:
        return ValueError(f"{label}: line {lineno}: {message}")

    def ints(lineno: int, tokens: list[str]) -> list[int]:
        try:
            return [int(tok) for tok in tokens]
        except ValueError:
            raise fail(
                lineno, f"expected whole numbers, got {' '.join(tokens)!r}"
            ) from None

    def header_value(pattern: str, what: str) -> tuple[int, int]:
        for i, line in enumerate(lines, start=1):
            m = re.match(pattern, line.strip(), flags=re.IGNORECASE)
            if m:
                return ints(i, [m.group(1)])[0], i
        raise ValueError(f"{label}: no line {what!r} found")

    def section(title: str) -> int:
        for i, line in enumerate(lines, start=1):
            if line.strip().upper().startswith(title):
                return i
        raise ValueError(f"{label}: no {title} section found")

    n_jobs, _ = header_value(
        r"jobs \(incl\. supersource/sink \)\s*:\s*(\d+)",
        "jobs (incl. supersource/sink ): N",
    )
    horizon, _ = header_value(r"horizon\s*:\s*(\d+)", "horizon : N")
    n_renew, _ = header_value(r"-\s*renewable\s*:\s*(\d+)", "- renewable : N R")
    try:
        n_nonrenew, nr_line = header_value(r"-\s*nonrenewable\s*:\s*(\d+)", "")
    except ValueError:
        n_nonrenew, nr_line = 0, 0
    if n_nonrenew:
        skipped.add(
            f"line {nr_line}",
            f"{n_nonrenew} N",
            "non-renewable resources are a budget over the whole project, not a "
            "limit per period; a single-mode schedule does not depend on them",
        )

    # precedence relations: one row per job after the column header
    start = section("PRECEDENCE RELATIONS") + 1
    successors: dict[int, list[int]] = {}
    order: list[int] = []
    for i in range(start + 1, start + 1 + n_jobs):
        if not _data_line(lines, i):
            raise fail(i, f"expected {n_jobs} precedence rows, the section ends here")
        values = ints(i, lines[i - 1].split())
        if len(values) < 3 or len(values) != 3 + values[2]:
            raise fail(i, "expected: job, modes, number of successors, successors")
        job, modes = values[0], values[1]
        if modes != 1:
            raise fail(
                i,
                f"job {job} has {modes} modes; only single-mode files "
                "(.sm) are supported",
            )
        if job in successors:
            raise fail(i, f"job {job} appears twice")
        successors[job] = values[3:]
        order.append(job)

    # requests and durations: skip the header and the dashed line
    start = section("REQUESTS/DURATIONS") + 1
    header = lines[start - 1].replace("R ", "R").replace("N ", "N").split()
    resources = [h for h in header[3:] if h.upper().startswith("R")]
    if len(resources) != n_renew:
        raise fail(
            start,
            f"{len(resources)} renewable resource columns, the header says {n_renew}",
        )
    first = start + 2 if lines[start].strip().startswith("-") else start + 1
    duration: dict[int, int] = {}
    use: dict[int, list[int]] = {}
    for i in range(first, first + n_jobs):
        if not _data_line(lines, i):
            raise fail(i, f"expected {n_jobs} request rows, the section ends here")
        values = ints(i, lines[i - 1].split())
        if len(values) != 3 + n_renew + n_nonrenew:
            raise fail(
                i,
                f"expected job, mode, duration and {n_renew + n_nonrenew} "
                f"resource requests, got {len(values)} numbers",
            )
        job = values[0]
        if job not in successors:
            raise fail(i, f"job {job} has no precedence row")
        if values[2] < 0:
            raise fail(i, f"job {job} has a negative duration ({values[2]})")
        duration[job] = values[2]
        use[job] = values[3 : 3 + n_renew]

    start = section("RESOURCEAVAILABILITIES") + 1
    cap_line = start + 1
    caps = ints(cap_line, lines[cap_line - 1].split()) if cap_line <= len(lines) else []
    if len(caps) < n_renew:
        raise fail(cap_line, f"expected {n_renew} renewable capacities")
    columns = [f"R{k}" for k in range(1, n_renew + 1)]
    capacities = dict(zip(columns, caps[:n_renew], strict=True))

    predecessors: dict[int, list[str]] = {job: [] for job in order}
    for job in order:
        for succ in successors[job]:
            if succ not in predecessors:
                raise ValueError(
                    f"{label}: job {job} lists successor {succ}, which is not a job"
                )
            predecessors[succ].append(str(job))
    for job in order:
        predecessors[job].sort(key=int)
    data: dict[str, list] = {
        "id": [str(j) for j in order],
        "duration": [duration[j] for j in order],
        "predecessors": [predecessors[j] for j in order],
    }
    for k, col in enumerate(columns):
        data[col] = [use[j][k] for j in order]
    table = pd.DataFrame(data)
    return PsplibInstance(
        name=label.removesuffix(".sm"),
        tasks=table,
        capacities=capacities,
        horizon=horizon,
        skipped=skipped.frame(),
        warnings=(),
        source=label,
    )


def _data_line(lines: list[str], lineno: int) -> bool:
    """Return whether line ``lineno`` (1-based) exists and starts with a number."""
    if lineno > len(lines):
        return False
    tokens = lines[lineno - 1].split()
    return bool(tokens) and tokens[0].lstrip("-").isdigit()


def _instance_key(name: str) -> tuple[str, int, int]:
    """Sort ``j3010_2`` after ``j309_10``: by set, parameter, then instance."""
    m = re.match(r"^([a-z]+\d+?)(\d+)_(\d+)$", name)
    if not m:
        return (name, 0, 0)
    return (m.group(1), int(m.group(2)), int(m.group(3)))


def iter_psplib_archive(path: str | os.PathLike[str]) -> Iterator[PsplibInstance]:
    """Yield every ``.sm`` instance inside a ``.tgz`` archive, without unpacking it.

    The archive is read in memory with :mod:`tarfile`; instances come in the
    order of the optimum table (parameter, then instance: ``j301_1``,
    ``j301_2``, ..., ``j3048_10``).

    Parameters
    ----------
    path : str or path-like
        A tar archive (gzip or not), e.g. PSPLIB's ``j30.sm.tgz``.

    Yields
    ------
    PsplibInstance

    Raises
    ------
    ValueError
        If the file is not a tar archive, holds no ``.sm`` file, or an
        instance is malformed (named with its member path).

    Examples
    --------
    >>> import tarfile, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "notes.txt").write_text("no instance here")
    >>> with tarfile.open(folder / "set.tgz", "w:gz") as tar:
    ...     tar.add(folder / "notes.txt", arcname="notes.txt")
    >>> list(iter_psplib_archive(folder / "set.tgz"))
    Traceback (most recent call last):
    ...
    ValueError: set.tgz: the archive holds no .sm file

    Used in: lesson 03 and the resource-scheduling benchmark.
    """
    label = file_label(path)
    try:
        tar = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError) as err:
        raise ValueError(f"{label}: not a readable tar archive ({err})") from None
    with tar:  # one pass in archive order: a gzip stream is slow to seek back
        texts = {
            member.name: _member_bytes(tar, member)
            for member in tar
            if member.isfile() and member.name.endswith(".sm")
        }
    if not texts:
        raise ValueError(f"{label}: the archive holds no .sm file")
    for name in sorted(texts, key=lambda m: _instance_key(Path(m).stem)):
        try:
            inst = parse_psplib(texts[name].decode("utf-8", "replace"), Path(name).name)
        except ValueError as err:
            raise ValueError(f"{label}: member {name}: {err}") from None
        yield inst


def read_psplib_optimum(path: str | os.PathLike[str]) -> pd.DataFrame:
    r"""Read a PSPLIB table of optimal (or best-known) makespans.

    Parameters
    ----------
    path : str or path-like
        ``j30opt.sm`` (columns parameter, instance, makespan, CPU time) or a
        best-known list such as ``j30hrs.sm`` (parameter, instance, makespan,
        ...).

    Returns
    -------
    DataFrame
        Indexed by instance name (``"j301_1"``: set, parameter, ``_``,
        instance), with integer columns ``parameter``, ``instance`` and
        ``makespan``. ``df.loc["j301_1", "makespan"]`` is the optimum.

    Raises
    ------
    ValueError
        Naming the file and line of a data row that is not three or more
        numbers, a repeated instance, or a file with no data rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "j30opt.sm"
    >>> _ = path.write_text(
    ...     "Instance Set            : j30\n"
    ...     "Paramter Instance Makespan CPU-Time[sec.]\n"
    ...     "------------------------------------------\n"
    ...     "1       1         43       0.30\n"
    ...     "1       2         47       0.11\n"
    ... )
    >>> read_psplib_optimum(path)["makespan"].to_dict()
    {'j301_1': 43, 'j301_2': 47}

    Used in: lesson 03 and the resource-scheduling benchmark.
    """
    label = file_label(path)
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    prefix = re.match(r"^([a-z]+\d+)", Path(path).name.lower())
    set_name = prefix.group(1) if prefix else ""
    data_from = None
    for i, line in enumerate(lines, start=1):
        m = re.match(r"^\s*Instance Set\s*:\s*(\S+)", line)
        if m:
            set_name = m.group(1)
        if re.match(r"^\s*Par", line) and data_from is None:
            data_from = i + 1
    if data_from is None:
        raise ValueError(f"{label}: no header line starting with 'Par' found")
    rows = []
    seen: set[str] = set()
    for i in range(data_from, len(lines) + 1):
        tokens = lines[i - 1].split()
        if not tokens or set(lines[i - 1].strip()) <= {"-", "="}:
            continue
        try:
            parameter, number, makespan = (int(t) for t in tokens[:3])
        except ValueError:
            raise ValueError(
                f"{label}: line {i}: expected parameter, instance and makespan "
                f"as whole numbers, got {lines[i - 1].strip()!r}"
            ) from None
        name = f"{set_name}{parameter}_{number}"
        if name in seen:
            raise ValueError(f"{label}: line {i}: instance {name} appears twice")
        seen.add(name)
        rows.append((name, parameter, number, makespan))
    if not rows:
        raise ValueError(f"{label}: no data rows after the header")
    table = pd.DataFrame(rows, columns=["name", "parameter", "instance", "makespan"])
    return table.set_index("name")
