"""Write a course plan as Microsoft Project XML (MSPDI).

The reader and the format's codes live in :mod:`pmcourse.formats.mspdi`; this
module holds the writer, so that each stays short.

Used in: lesson 03, scheduling (take the plan to MS Project).
"""

from __future__ import annotations

import datetime
import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pandas as pd

from pmcourse.core.checks import as_frame
from pmcourse.formats._mspdi_xml import (
    ID_ALIAS,
    LINK_TYPE_CODES,
    NS,
    RESOURCE_ID_FIELD,
    TASK_ID_FIELD,
)
from pmcourse.schedule import cpm, network

__all__ = ["write_mspdi"]


def write_mspdi(
    tasks: pd.DataFrame | list[dict[str, Any]],
    path: str | os.PathLike[str],
    resources: pd.DataFrame | list[dict[str, Any]] | None = None,
    assignments: pd.DataFrame | list[dict[str, Any]] | None = None,
    *,
    start_date: str | datetime.date = "2025-01-06",
    hours_per_day: float = 8.0,
    name: str | None = None,
) -> Path:
    """Write a course plan as Microsoft Project XML (MSPDI).

    The file holds a standard calendar (Monday to Friday, from 08:00 with a
    lunch hour at 12:00), the tasks in table order with their links, lags
    and dates from :func:`pmcourse.schedule.cpm`, the resources and the
    assignments. MS Project and ProjectLibre open it, and
    :func:`pmcourse.formats.read_mspdi` reads it back to the same table
    (durations and lags to the second).

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A ``cpm`` task table: ``id``, ``duration`` (working days),
        ``predecessors``; optional ``name`` (default the id) and ``wbs``.
    path : str or path-like
        Where to write the ``.xml`` file.
    resources : DataFrame or list of dict, optional
        ``id``; optional ``name``, ``max_units`` (default 1), ``standard_rate``
        (per hour, default 0), ``type`` ("work" or "material").
    assignments : DataFrame or list of dict, optional
        ``task``, ``resource``; optional ``units`` (default 1 = full time) and
        ``work_hours`` (default units x duration x hours per day).
    start_date : str or date
        The project's first working day (a weekend date moves to Monday).
    hours_per_day : float
        Working hours a day (whole minutes, at most 15).
    name : str, optional
        Project title; default the file name without extension.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    ValueError
        For a task table ``cpm`` rejects, summary rows, a resource or
        assignment that names an unknown id, or bad ``hours_per_day``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.xml"
    >>> plan = [{"id": "A", "duration": 3, "predecessors": ""}]
    >>> write_mspdi(plan, path).name
    'plan.xml'
    >>> from pmcourse.formats import read_mspdi
    >>> read_mspdi(path).tasks.loc[0, "finish"]
    Timestamp('2025-01-08 17:00:00')

    Used in: lesson 03, scheduling (take the plan to MS Project).
    """
    table = as_frame(tasks)
    if "summary" in table.columns and table["summary"].fillna(False).astype(bool).any():
        raise ValueError(
            "tasks has summary rows (column 'summary'); write_mspdi writes a flat "
            "task list: drop them first"
        )
    minutes = hours_per_day * 60
    if not (0 < hours_per_day <= 15) or abs(minutes - round(minutes)) > 1e-9:
        raise ValueError(
            "hours_per_day must be between 0 and 15 in whole minutes, "
            f"got {hours_per_day}"
        )
    ids, durations, net = network(table)
    sched = cpm(table)
    cal = _Calendar(start_date, hours_per_day)
    names = _column(table, "name", ids)
    wbs = _column(table, "wbs", [str(i) for i in range(1, len(ids) + 1)])
    res_rows = _resource_rows(resources)
    asg_rows = _assignment_rows(assignments, ids, res_rows)
    title = name or Path(path).stem

    root = ET.Element("Project", xmlns=NS)
    finish = float(sched["ef"].max())
    for tag, text in [
        ("SaveVersion", "14"),
        ("Name", Path(path).name),
        ("Title", title),
        ("ScheduleFromStart", "1"),
        ("StartDate", cal.stamp(0.0, end=False)),
        ("FinishDate", cal.stamp(finish, end=True)),
        ("CalendarUID", "1"),
        ("DefaultStartTime", "08:00:00"),
        ("DefaultFinishTime", cal.day_end),
        ("MinutesPerDay", str(round(minutes))),
        ("MinutesPerWeek", str(round(5 * minutes))),
        ("DaysPerMonth", "20"),
        ("DurationFormat", "7"),
        ("WorkFormat", "2"),
    ]:
        _sub(root, tag, text)
    attrs = _sub(root, "ExtendedAttributes")
    for field, field_name in [(TASK_ID_FIELD, "Text1"), (RESOURCE_ID_FIELD, "Text1")]:
        ea = _sub(attrs, "ExtendedAttribute")
        _sub(ea, "FieldID", field)
        _sub(ea, "FieldName", field_name)
        _sub(ea, "Alias", ID_ALIAS)
    cal.write(_sub(root, "Calendars"))

    tasks_el = _sub(root, "Tasks")
    _write_task(tasks_el, cal, 0, title, "0", 0, 0.0, finish, hours_per_day, True)
    preds: dict[int, list[tuple[int, int, float]]] = {}
    for s, d, k, g in zip(net.src, net.dst, net.kind, net.lag, strict=True):
        preds.setdefault(int(d), []).append((int(s), int(k), float(g)))
    for i, tid in enumerate(ids):
        t = _write_task(
            tasks_el,
            cal,
            i + 1,
            names[i],
            wbs[i],
            float(sched["es"].iloc[i]),
            float(durations[i]),
            float(sched["ef"].iloc[i]),
            hours_per_day,
            False,
            critical=bool(sched["critical"].iloc[i]),
        )
        for s, k, g in preds.get(i, []):
            link = _sub(t, "PredecessorLink")
            _sub(link, "PredecessorUID", str(s + 1))
            _sub(link, "Type", str(LINK_TYPE_CODES[_LINK_NAMES[k]]))
            _sub(link, "CrossProject", "0")
            _sub(link, "LinkLag", str(round(g * minutes * 10)))
            _sub(link, "LagFormat", "7")
        ea = _sub(t, "ExtendedAttribute")
        _sub(ea, "FieldID", TASK_ID_FIELD)
        _sub(ea, "Value", tid)

    res_el = _sub(root, "Resources")
    res_uid = {}
    for j, res in enumerate(res_rows, start=1):
        res_uid[res["id"]] = j
        el = _sub(res_el, "Resource")
        for tag, text in [
            ("UID", str(j)),
            ("ID", str(j)),
            ("Name", res["name"]),
            ("Type", "0" if res["type"] == "material" else "1"),
            ("IsNull", "0"),
            ("MaxUnits", _num(res["max_units"])),
            ("StandardRate", _num(res["standard_rate"])),
            ("StandardRateFormat", "2"),
        ]:
            _sub(el, tag, text)
        ea = _sub(el, "ExtendedAttribute")
        _sub(ea, "FieldID", RESOURCE_ID_FIELD)
        _sub(ea, "Value", res["id"])

    asg_el = _sub(root, "Assignments")
    index = {tid: i for i, tid in enumerate(ids)}
    for n, (task, res, units, work) in enumerate(asg_rows, start=1):
        i = index[task]
        es, ef = float(sched["es"].iloc[i]), float(sched["ef"].iloc[i])
        el = _sub(asg_el, "Assignment")
        for tag, text in [
            ("UID", str(n)),
            ("TaskUID", str(i + 1)),
            ("ResourceUID", str(res_uid[res])),
            ("Finish", cal.stamp(ef, end=ef > es)),
            ("Start", cal.stamp(es, end=False)),
            ("Units", _num(units)),
            (
                "Work",
                _iso_hours(
                    units * float(durations[i]) * hours_per_day
                    if work is None
                    else work
                ),
            ),
        ]:
            _sub(el, tag, text)

    ET.indent(root, space="  ")
    out = Path(path)
    body = ET.tostring(root, encoding="unicode")
    out.write_text(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body + "\n",
        encoding="utf-8",
    )
    return out


#: the order of link types in pmcourse._network (index -> name)
_LINK_NAMES = ("FS", "SS", "FF", "SF")


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag)
    if text is not None:
        el.text = text
    return el


def _num(x: float) -> str:
    return f"{float(x):.6f}".rstrip("0").rstrip(".") or "0"


def _iso_hours(hours: float) -> str:
    seconds = round(hours * 3600)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"PT{h}H{m}M{s}S"


def _column(table: pd.DataFrame, column: str, default: list[str]) -> list[str]:
    if column not in table.columns:
        return list(default)
    values = table[column].tolist()
    return [
        d
        if v is None or (isinstance(v, float) and math.isnan(v)) or str(v) == ""
        else str(v)
        for v, d in zip(values, default, strict=True)
    ]


def _write_task(
    parent, cal, uid, name, wbs, es, duration, ef, hpd, summary, *, critical=True
):
    t = _sub(parent, "Task")
    milestone = duration == 0 and not summary
    for tag, text in [
        ("UID", str(uid)),
        ("ID", str(uid)),
        ("Name", name),
        ("Type", "1"),
        ("IsNull", "0"),
        ("WBS", wbs),
        ("OutlineNumber", str(uid)),  # a flat list: 1, 2, 3 (0 for the project)
        ("OutlineLevel", "0" if summary else "1"),
        ("Priority", "500"),
        ("Start", cal.stamp(es, end=False)),
        ("Finish", cal.stamp(ef, end=ef > es)),
        ("Duration", _iso_hours((ef - es if summary else duration) * hpd)),
        ("DurationFormat", "7"),
        ("EffortDriven", "0"),
        ("Estimated", "0"),
        ("Milestone", "1" if milestone else "0"),
        ("Summary", "1" if summary else "0"),
        ("Critical", "1" if critical else "0"),
        ("ConstraintType", "0"),
        ("CalendarUID", "-1"),
    ]:
        _sub(t, tag, text)
    return t


def _get(rec: dict[str, Any], key: str, default: Any) -> Any:
    """Return ``rec[key]``, or ``default`` when it is absent, empty or NaN."""
    value = rec.get(key)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return default
    return value


def _number(rec: dict[str, Any], key: str, default: float, where: str) -> float:
    value = _get(rec, key, default)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {key} must be a number, got {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{where}: {key} must be a number >= 0, got {value!r}")
    return number


def _resource_rows(resources) -> list[dict[str, Any]]:
    if resources is None:
        return []
    table = as_frame(resources)
    if len(table) and "id" not in table.columns:
        raise ValueError("resources table is missing the column 'id'")
    rows, seen = [], set()
    for k, rec in enumerate(table.to_dict("records")):
        rid = str(rec["id"])
        if rid in seen:
            raise ValueError(f"resources row {k}: id {rid!r} appears more than once")
        seen.add(rid)
        where = f"resources row {k} ({rid!r})"
        kind = str(_get(rec, "type", "work"))
        if kind not in ("work", "material"):
            raise ValueError(
                f"{where}: type must be 'work' or 'material', got {kind!r}"
            )
        rows.append(
            {
                "id": rid,
                "name": str(_get(rec, "name", rid)),
                "type": kind,
                "max_units": _number(rec, "max_units", 1.0, where),
                "standard_rate": _number(rec, "standard_rate", 0.0, where),
            }
        )
    return rows


def _assignment_rows(assignments, ids, res_rows) -> list[tuple[Any, ...]]:
    if assignments is None:
        return []
    table = as_frame(assignments)
    for col in ("task", "resource"):
        if len(table) and col not in table.columns:
            raise ValueError(f"assignments table is missing the column '{col}'")
    known_tasks, known_res = set(ids), {r["id"] for r in res_rows}
    out = []
    for k, rec in enumerate(table.to_dict("records")):
        task, res = str(rec["task"]), str(rec["resource"])
        if task not in known_tasks:
            raise ValueError(f"assignments row {k} names unknown task {task!r}")
        if res not in known_res:
            raise ValueError(f"assignments row {k} names unknown resource {res!r}")
        where = f"assignments row {k}"
        units = _number(rec, "units", 1.0, where)
        work = _get(rec, "work_hours", None)
        work = None if work is None else _number(rec, "work_hours", 0.0, where)
        out.append((task, res, units, work))
    return out


class _Calendar:
    """A Monday-to-Friday calendar that turns working-day numbers into dates."""

    def __init__(self, start_date, hours_per_day: float) -> None:
        day = pd.Timestamp(start_date).normalize()
        while day.weekday() >= 5:
            day += pd.Timedelta(days=1)
        self.start = day
        minutes = round(hours_per_day * 60)
        self.minutes = minutes
        morning = min(minutes, 240)
        self.blocks = [(8 * 60, morning)]
        if minutes > morning:
            self.blocks.append((13 * 60, minutes - morning))
        last_from, last_len = self.blocks[-1]
        self.day_end = _clock(last_from + last_len)

    def stamp(self, days: float, *, end: bool) -> str:
        """Return the date-time of a zero-based working-day number.

        ``end`` gives a finish its day's closing time rather than the next
        day's opening (a 1-day task starting Monday finishes Monday 17:00).
        """
        whole = math.floor(days + 1e-9)
        rest = round((days - whole) * self.minutes)
        if rest >= self.minutes:
            whole, rest = whole + 1, 0
        if end and rest == 0 and days > 0:
            whole, rest = whole - 1, self.minutes
        date = self.start + pd.offsets.BDay(whole) if whole else self.start
        for begin, length in self.blocks:
            if rest < length or (end and rest == length):
                clock = begin + rest
                break
            rest -= length
        else:  # pragma: no cover - rest never exceeds a day
            clock = self.blocks[-1][0] + self.blocks[-1][1]
        return (date + pd.Timedelta(minutes=clock)).strftime("%Y-%m-%dT%H:%M:%S")

    def write(self, parent: ET.Element) -> None:
        cal = _sub(parent, "Calendar")
        for tag, text in [
            ("UID", "1"),
            ("Name", "Standard"),
            ("IsBaseCalendar", "1"),
            ("BaseCalendarUID", "-1"),
        ]:
            _sub(cal, tag, text)
        days = _sub(cal, "WeekDays")
        for day_type in range(1, 8):  # 1 = Sunday ... 7 = Saturday
            day = _sub(days, "WeekDay")
            _sub(day, "DayType", str(day_type))
            working = day_type not in (1, 7)
            _sub(day, "DayWorking", "1" if working else "0")
            if working:
                times = _sub(day, "WorkingTimes")
                for begin, length in self.blocks:
                    wt = _sub(times, "WorkingTime")
                    _sub(wt, "FromTime", _clock(begin))
                    _sub(wt, "ToTime", _clock(begin + length))


def _clock(minutes: int) -> str:
    minutes %= 24 * 60  # midnight is written 00:00:00, as MS Project does
    return f"{minutes // 60:02d}:{minutes % 60:02d}:00"
