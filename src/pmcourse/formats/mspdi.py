"""Microsoft Project XML (MSPDI): read a plan into task tables, write one back.

MSPDI is the XML that Microsoft Project saves ("XML format") and that
ProjectLibre and many other tools read and write. What the course takes from
it, and how:

- **Tasks** become a ``cpm`` task table. Durations are ISO 8601 durations
  (``PT16H0M0S``), turned into *working days* with the file's
  ``MinutesPerDay`` (480 minutes = 8 hours when the file does not say).
- **Links** (``PredecessorLink``) become predecessor entries ``ID:TYPE+LAG``.
  MSPDI codes the type as 0 = FF, 1 = FS, 2 = SF, 3 = SS and stores the lag
  in tenths of a minute of working time (4800 = 480 minutes = one 8-hour
  day); ``LagFormat`` only says how Project displays it, except for elapsed
  formats (read as calendar time) and percentage formats (a share of the
  predecessor's duration), which are converted with a warning.
- **Summary tasks** roll up their subtasks; a schedule network has no use for
  them, so they are skipped (and reported), while every task keeps its place
  in the outline in the ``wbs`` column. ``summary_tasks="keep"`` keeps them
  as plain rows flagged in a ``summary`` column (``cpm`` then treats them as
  ordinary tasks: use that for display only).
- **Resources** and **assignments** become two more tables.

Task ids are the task ``UID`` (the number MS Project never reuses) as a
string, except in files written by :func:`pmcourse.formats.write_mspdi`, which keep the
course's own ids in the custom field Text1 (alias "pmcourse id") so that a
plan survives the round trip unchanged.

Used in: lesson 03, scheduling (bring your own plan).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from pmcourse.formats._common import SkipLog, link_entry
from pmcourse.formats._mspdi_xml import (
    ELAPSED,
    ID_ALIAS,
    LINK_TYPE_NAMES,
    NO_RESOURCE,
    PERCENT,
    RESOURCE_ID_FIELD,
    RESOURCE_TYPES,
    TASK_ID_FIELD,
    parse,
)

# re-exported: the writer's vocabulary was first defined here
from pmcourse.formats._mspdi_xml import LINK_TYPE_CODES as LINK_TYPE_CODES
from pmcourse.formats._mspdi_xml import NS as NS

__all__ = ["MspdiProject", "read_mspdi"]


@dataclass(frozen=True, eq=False)
class MspdiProject:
    """What :func:`read_mspdi` found in a file.

    Unpacks as ``tasks, resources, assignments = read_mspdi(path)``.

    Attributes
    ----------
    tasks : DataFrame
        Columns ``id, uid, name, wbs, outline_level, duration, predecessors,
        milestone, start, finish`` (plus ``summary`` when summary tasks are
        kept). ``duration`` is in working days; ``predecessors`` is a list of
        entries in the ``cpm`` notation; ``start``/``finish`` are the dates
        the file's own scheduler computed.
    resources : DataFrame
        Columns ``id, uid, name, type, max_units, standard_rate`` (rate per
        hour).
    assignments : DataFrame
        Columns ``task, resource, units, work_hours``.
    skipped : DataFrame
        Columns ``where, item, reason``: every task, link, resource or
        assignment of the file that is not in the tables, and why.
    warnings : tuple of str
        Conversions that rested on an assumption.
    hours_per_day : float
        Working hours per day used to turn durations into days.
    source : str
        The file name.
    """

    tasks: pd.DataFrame
    resources: pd.DataFrame
    assignments: pd.DataFrame
    skipped: pd.DataFrame
    warnings: tuple[str, ...]
    hours_per_day: float
    source: str

    def __iter__(self) -> Iterator[pd.DataFrame]:
        """Unpack as ``tasks, resources, assignments``."""
        return iter((self.tasks, self.resources, self.assignments))


def read_mspdi(
    path: str | os.PathLike[str],
    *,
    summary_tasks: Literal["skip", "keep"] = "skip",
    hours_per_day: float | None = None,
) -> MspdiProject:
    """Read a Microsoft Project XML (MSPDI) file into course tables.

    Parameters
    ----------
    path : str or path-like
        The ``.xml`` file saved by MS Project, ProjectLibre or another tool.
    summary_tasks : {"skip", "keep"}
        Skip summary tasks (reported in ``skipped``; their subtasks stay) or
        keep them as rows with ``summary`` True.
    hours_per_day : float, optional
        Working hours in a day; default the file's ``MinutesPerDay`` / 60, or
        8 when the file does not give it.

    Returns
    -------
    MspdiProject
        Unpacks as ``tasks, resources, assignments``; also has ``skipped``,
        ``warnings`` and ``hours_per_day``.

    Raises
    ------
    ValueError
        Naming the file and the element: not well-formed XML, a root other
        than ``<Project>``, a task without ``<UID>``, a duration that is not
        ISO 8601, a link type outside 0-3, a number that is not a number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pmcourse.formats import write_mspdi
    >>> plan = [
    ...     {"id": "A", "duration": 2, "predecessors": []},
    ...     {"id": "B", "duration": 1, "predecessors": ["A:SS+1"]},
    ... ]
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.xml"
    >>> _ = write_mspdi(plan, path)
    >>> tasks, resources, assignments = read_mspdi(path)
    >>> tasks[["id", "duration", "predecessors"]]
      id  duration predecessors
    0  A       2.0           []
    1  B       1.0     [A:SS+1]

    Used in: lesson 03, scheduling (bring your own plan).
    """
    if summary_tasks not in ("skip", "keep"):
        raise ValueError(
            f"summary_tasks must be 'skip' or 'keep', got {summary_tasks!r}"
        )
    r, root = parse(path)
    skipped = SkipLog()
    warnings: list[str] = []

    minutes_per_day = r.number(root, "MinutesPerDay", "<Project>", math.nan)
    if hours_per_day is None:
        if math.isnan(minutes_per_day) or minutes_per_day <= 0:
            warnings.append("the file gives no MinutesPerDay: assumed 8 hours a day")
            hours_per_day = 8.0
        else:
            hours_per_day = minutes_per_day / 60
    elif hours_per_day <= 0 or not math.isfinite(hours_per_day):
        raise ValueError(
            f"hours_per_day must be a positive number, got {hours_per_day}"
        )
    minutes_per_week = r.number(root, "MinutesPerWeek", "<Project>", math.nan)
    days_per_week = (
        minutes_per_week / (hours_per_day * 60)
        if math.isfinite(minutes_per_week) and minutes_per_week > 0
        else 5.0
    )

    rows, links, skipped_uids = _read_tasks(
        r, root, summary_tasks, hours_per_day, skipped
    )
    task_by_uid = {row["uid"]: row for row in rows}
    if r.ids_by_alias(root, TASK_ID_FIELD):
        _use_pmcourse_ids(r, rows, "task")
    else:
        for row in rows:
            del row["_elem"]
            row["id"] = str(row["uid"])
    _resolve_links(
        r,
        links,
        task_by_uid,
        skipped_uids,
        hours_per_day,
        days_per_week,
        skipped,
        warnings,
    )
    columns = [
        "id",
        "uid",
        "name",
        "wbs",
        "outline_level",
        "duration",
        "predecessors",
        "milestone",
        "start",
        "finish",
    ] + (["summary"] if summary_tasks == "keep" else [])
    tasks = pd.DataFrame(
        [{c: row[c] for c in columns} for row in rows], columns=columns
    )

    resources, res_by_uid = _read_resources(r, root, skipped)
    assignments = _read_assignments(
        r, root, task_by_uid, res_by_uid, hours_per_day, skipped
    )
    return MspdiProject(
        tasks=tasks,
        resources=resources,
        assignments=assignments,
        skipped=skipped.frame(),
        warnings=tuple(warnings),
        hours_per_day=float(hours_per_day),
        source=r.label,
    )


def _read_tasks(r, root, summary_tasks, hours_per_day, skipped):
    """Return the kept task rows and the raw links of every task."""
    rows: list[dict[str, Any]] = []
    links: list[tuple[int, int, int, int, int]] = []  # succ, pred, type, lag, fmt
    seen: set[int] = set()
    for pos, t in enumerate(root.iterfind(f"{r.q}Tasks/{r.q}Task"), start=1):
        uid = r.integer(t, "UID", f"<Task> number {pos}")
        where = f"Task UID {uid}"
        if uid in seen:
            raise r.fail(where, "this UID appears more than once")
        seen.add(uid)
        name = r.text(t, "Name") or ""
        level = r.integer(t, "OutlineLevel", where, default=-1)
        summary = r.flag(t, "Summary")
        reason = None
        if r.flag(t, "IsNull"):
            reason = "blank (null) task row"
        elif level == 0:
            reason = f"project summary task {name!r}"
        elif summary and summary_tasks == "skip":
            reason = (
                f"summary task {name!r} rolls up its subtasks, which are kept "
                "(see the wbs column)"
            )
        if reason is not None:
            skipped.add(where, uid, reason)
            continue
        hours = r.hours(t, "Duration", where)
        if hours is None:
            if not r.flag(t, "Milestone"):
                raise r.fail(where, "<Duration> is missing")
            hours = 0.0
        if hours < 0:
            raise r.fail(where, f"<Duration> is negative ({r.text(t, 'Duration')})")
        for link in t.iterfind(r.q + "PredecessorLink"):
            lwhere = f"{where}, <PredecessorLink>"
            pred = r.integer(link, "PredecessorUID", lwhere)
            if r.flag(link, "CrossProject"):
                skipped.add(
                    lwhere, pred, "link to a task in another project (CrossProject)"
                )
                continue
            code = r.integer(link, "Type", lwhere, default=1)
            if code not in LINK_TYPE_NAMES:
                raise r.fail(lwhere, f"<Type> is {code}; MSPDI link types are 0-3")
            lag = r.integer(link, "LinkLag", lwhere, default=0)
            fmt = r.integer(link, "LagFormat", lwhere, default=7)
            links.append((uid, pred, code, lag, fmt))
        row = {
            "uid": uid,
            "name": name,
            "wbs": r.text(t, "WBS") or r.text(t, "OutlineNumber") or "",
            "outline_level": level if level >= 0 else pd.NA,
            "duration": hours / hours_per_day,
            "predecessors": [],
            "milestone": r.flag(t, "Milestone"),
            "start": r.date(t, "Start", where),
            "finish": r.date(t, "Finish", where),
            "summary": summary,
            "_elem": t,
        }
        rows.append(row)
    kept = {row["uid"] for row in rows}
    return rows, links, seen - kept


def _use_pmcourse_ids(r, rows, kind):
    """Take ids from the Text1 field that :func:`write_mspdi` fills."""
    field = TASK_ID_FIELD if kind == "task" else RESOURCE_ID_FIELD
    seen: dict[str, int] = {}
    for row in rows:
        value = r.field_value(row.pop("_elem"), field)
        tid = value if value is not None else str(row["uid"])
        if tid in seen:
            raise r.fail(
                f"{kind.capitalize()} UID {row['uid']}",
                f"its {ID_ALIAS!r} {tid!r} is also used by UID {seen[tid]}",
            )
        seen[tid] = row["uid"]
        row["id"] = tid


def _resolve_links(
    r,
    links,
    task_by_uid,
    skipped_uids,
    hours_per_day,
    days_per_week,
    skipped,
    warnings,
):
    """Turn raw links into predecessor entries on the successor rows."""
    minutes_per_day = hours_per_day * 60
    for succ, pred, code, lag, fmt in links:
        row = task_by_uid.get(succ)
        where = f"Task UID {succ}, <PredecessorLink> to UID {pred}"
        if row is None:  # the successor itself was skipped (summary task)
            skipped.add(where, pred, "link of a skipped task")
            continue
        pred_row = task_by_uid.get(pred)
        if pred_row is None:
            reason = (
                "predecessor is a skipped task (summary or blank row)"
                if pred in skipped_uids
                else f"predecessor UID {pred} is not in the file"
            )
            skipped.add(where, pred, reason)
            continue
        if fmt in PERCENT:
            days = lag / 100 * pred_row["duration"]
            warnings.append(
                f"{where}: lag {lag}% of the predecessor's duration read as "
                f"{days:g} working days"
            )
        elif fmt in ELAPSED:
            days = lag / 10 / (24 * 60) * days_per_week / 7
            warnings.append(
                f"{where}: elapsed lag of {lag / 10 / 60:g} calendar hours read as "
                f"{days:g} working days ({days_per_week:g} working days a week)"
            )
        else:
            days = lag / 10 / minutes_per_day
        row["predecessors"].append(
            link_entry(pred_row["id"], LINK_TYPE_NAMES[code], days)
        )


def _read_resources(r, root, skipped):
    rows: list[dict[str, Any]] = []
    by_uid: dict[int, dict[str, Any]] = {}
    use_alias = r.ids_by_alias(root, RESOURCE_ID_FIELD)
    for pos, res in enumerate(root.iterfind(f"{r.q}Resources/{r.q}Resource"), start=1):
        uid = r.integer(res, "UID", f"<Resource> number {pos}")
        where = f"Resource UID {uid}"
        name = r.text(res, "Name")
        if r.flag(res, "IsNull"):
            skipped.add(where, uid, "blank (null) resource row")
            continue
        if name is None:
            reason = (
                "unnamed resource UID 0 (MS Project's reserved blank entry)"
                if uid == 0
                else "resource without a name"
            )
            skipped.add(where, uid, reason)
            continue
        code = r.integer(res, "Type", where, default=1)
        row = {
            "uid": uid,
            "name": name,
            "type": RESOURCE_TYPES.get(code, str(code)),
            "max_units": r.number(res, "MaxUnits", where, 1.0),
            "standard_rate": r.number(res, "StandardRate", where, 0.0),
            "_elem": res,
        }
        rows.append(row)
        by_uid[uid] = row
    if use_alias:
        _use_pmcourse_ids(r, rows, "resource")
    else:
        for row in rows:
            del row["_elem"]
            row["id"] = str(row["uid"])
    columns = ["id", "uid", "name", "type", "max_units", "standard_rate"]
    return pd.DataFrame(
        [{c: x[c] for c in columns} for x in rows], columns=columns
    ), by_uid


def _read_assignments(r, root, task_by_uid, res_by_uid, hours_per_day, skipped):
    rows = []
    for pos, a in enumerate(
        root.iterfind(f"{r.q}Assignments/{r.q}Assignment"), start=1
    ):
        uid = r.integer(a, "UID", f"<Assignment> number {pos}", default=pos)
        where = f"Assignment UID {uid}"
        task = r.integer(a, "TaskUID", where)
        res = r.integer(a, "ResourceUID", where)
        if res == NO_RESOURCE:
            skipped.add(where, uid, "no resource assigned (ResourceUID -65535)")
            continue
        if task not in task_by_uid:
            skipped.add(
                where, uid, f"task UID {task} was skipped or is not in the file"
            )
            continue
        if res not in res_by_uid:
            skipped.add(
                where, uid, f"resource UID {res} was skipped or is not in the file"
            )
            continue
        work = r.hours(a, "Work", where)
        rows.append(
            {
                "task": task_by_uid[task]["id"],
                "resource": res_by_uid[res]["id"],
                "units": r.number(a, "Units", where, 1.0),
                "work_hours": math.nan if work is None else work,
            }
        )
    return pd.DataFrame(rows, columns=["task", "resource", "units", "work_hours"])
