"""Jira CSV exports and plain issue tables -> cycle time, throughput and WIP.

Two kinds of file are read the same way:

- a **Jira CSV export** ("Export > CSV (all fields)"): one row per issue with
  columns such as ``Issue key``, ``Created`` and ``Resolved``. Jira repeats a
  column once per value (three sprints give three ``Sprint`` columns, likewise
  ``Labels``, ``Fix Version/s``, ``Component/s``); pandas would rename them
  ``Sprint.1``, ``Sprint.2``, so the file is read by position with the
  :mod:`csv` module and each repeated column becomes one list;
- a **plain table** with an id, a created date and a finished (resolved)
  date, optionally a started date and the file's own cycle time, like the
  anonymised export ``id, project, task, created_date, finished_date,
  cycle_time_days``.

The flow measures come from :mod:`pmcourse.agile`, the course's single
definition of them: cycle time counts the first and the last day
(``finished - started + 1``), and an issue without a started date is taken as
started when it was created (its cycle time is then its lead time). A file's
own ``cycle_time_days`` column is checked, not used: ``-1`` marks an invalid
row in the MIT data set, and such rows are reported in ``skipped``.

Used in: lesson 06, Kanban and flow (measure your own team).
"""

from __future__ import annotations

import csv
import datetime
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pmcourse.agile import cumulative_flow, cycle_times, throughput
from pmcourse.formats._common import SkipLog, file_label

__all__ = ["JiraFlow", "read_jira_csv"]

#: header names recognised for each role (compared case-insensitively)
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("issue key", "key", "id", "issue id"),
    "created": ("created", "created_date", "created date", "created_at"),
    "started": ("started", "started_date", "start_date", "start date", "started_at"),
    "finished": (
        "resolved",
        "resolved_date",
        "resolution date",
        "resolutiondate",
        "finished",
        "finished_date",
        "done",
        "done_date",
        "closed",
        "finished_at",
    ),
    "cycle_time": ("cycle_time_days", "cycle_time", "cycle time"),
}
#: Jira's default date format ("12/Mar/24 3:45 PM") and close relatives
_JIRA_FORMATS = (
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%d/%b/%Y %H:%M",
    "%d/%b/%y",
    "%d/%b/%Y",
)


@dataclass(frozen=True, eq=False)
class JiraFlow:
    """Issues read from a Jira export, with their flow measures.

    Attributes
    ----------
    items : DataFrame
        One row per usable issue: ``id``, ``created``, ``started``,
        ``finished`` (Timestamps; ``finished`` NaT while open), ``cycle_time``
        (days, first and last day counted; NaN while open) and every other
        column of the file (a list for a repeated column).
    skipped : DataFrame
        Columns ``where, item, reason``: rows not used and why (unparsable
        or missing dates, finished before created, an invalid cycle time in
        the file, a repeated issue key, a row with the wrong number of fields).
    warnings : tuple of str
        Notes on values used with an assumption.
    throughput_weekly : pandas.Series
        Issues finished in each Monday-to-Sunday week, indexed by the
        Monday (``week_start``), weeks with none included.
    wip : pandas.Series
        Issues in progress at the end of each day (created or started, not
        finished), indexed by ``day``.
    source : str
        The file name.
    """

    items: pd.DataFrame
    skipped: pd.DataFrame
    warnings: tuple[str, ...]
    throughput_weekly: pd.Series
    wip: pd.Series
    source: str

    @property
    def cycle_time_mean(self) -> float:
        """Return the mean cycle time of the finished issues, in days."""
        return float(self.items["cycle_time"].mean())

    @property
    def cycle_time_median(self) -> float:
        """Return the median cycle time of the finished issues, in days."""
        return float(self.items["cycle_time"].median())


def _parse_date(text: str) -> datetime.datetime | None:
    """Return a date-time from ISO 8601 or Jira's format; None if neither."""
    text = text.strip()
    try:
        value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        value = None
        for fmt in _JIRA_FORMATS:
            try:
                value = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if value is not None and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # flow is counted in whole local days
    return value


def _find_role(
    header: Sequence[str], role: str, given: str | None, label: str
) -> int | None:
    lowered = [h.strip().lower() for h in header]
    if given is not None:
        if given.strip().lower() not in lowered:
            raise ValueError(
                f"{label}: no column {given!r} for the {role} date; columns: "
                f"{', '.join(header)}"
            )
        return lowered.index(given.strip().lower())
    for name in ROLE_NAMES[role]:
        if name in lowered:
            return lowered.index(name)
    return None


def read_jira_csv(
    path: str | os.PathLike[str],
    *,
    id_column: str | None = None,
    created_column: str | None = None,
    started_column: str | None = None,
    finished_column: str | None = None,
) -> JiraFlow:
    r"""Read a Jira CSV export (or a plain issue table) and measure its flow.

    Parameters
    ----------
    path : str or path-like
        The CSV file (UTF-8, with or without a byte-order mark).
    id_column, created_column, started_column, finished_column : str, optional
        Header names to use instead of the recognised ones (``Issue key`` or
        ``id``; ``Created`` or ``created_date``; ``started``; ``Resolved`` or
        ``finished_date``).

    Returns
    -------
    JiraFlow
        ``items``, ``skipped``, ``warnings``, ``throughput_weekly``, ``wip``
        and the properties ``cycle_time_mean`` and ``cycle_time_median``.

    Raises
    ------
    ValueError
        Naming the file: an empty file, no created or finished column, a
        named column that is not there, or no usable row at all.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = path.write_text(
    ...     "Issue key,Created,Resolved,Sprint,Sprint\n"
    ...     "PM-1,2024-03-04,2024-03-06,S1,S2\n"
    ...     "PM-2,2024-03-05,2024-03-04,S1,\n"
    ...     "PM-3,2024-03-05,,S2,\n"
    ... )
    >>> flow = read_jira_csv(path)
    >>> flow.items[["id", "cycle_time", "Sprint"]]
         id  cycle_time    Sprint
    0  PM-1         3.0  [S1, S2]
    1  PM-3         NaN      [S2]
    >>> flow.skipped.loc[0, "reason"]
    'finished 2024-03-04 before created 2024-03-05'

    Used in: lesson 06, Kanban and flow (measure your own team).
    """
    label = file_label(path)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise ValueError(f"{label}: the file is empty (no header row)") from None
        except csv.Error as err:
            raise ValueError(f"{label}: line 1: not valid CSV ({err})") from None
        roles = {
            "id": _find_role(header, "id", id_column, label),
            "created": _find_role(header, "created", created_column, label),
            "started": _find_role(header, "started", started_column, label),
            "finished": _find_role(header, "finished", finished_column, label),
            "cycle_time": _find_role(header, "cycle_time", None, label),
        }
        for role in ("created", "finished"):
            if roles[role] is None:
                raise ValueError(
                    f"{label}: no {role} column (looked for "
                    f"{', '.join(ROLE_NAMES[role])}); name it with {role}_column="
                )
        rows: list[tuple[int, int, list[str]]] = []
        number = 1
        try:
            for number, row in enumerate(reader, start=2):
                rows.append((number, reader.line_num, row))
        except csv.Error as err:
            raise ValueError(
                f"{label}: line {reader.line_num}: not valid CSV ({err})"
            ) from None
    return _flow(label, header, roles, rows)


def _flow(label, header, roles, rows) -> JiraFlow:
    skipped = SkipLog()
    warnings: list[str] = []
    role_pos = {pos for pos in roles.values() if pos is not None}
    groups: dict[str, list[int]] = {}
    for pos, name in enumerate(header):
        if pos not in role_pos:
            groups.setdefault(name, []).append(pos)
    records: list[dict[str, Any]] = []
    first_row: dict[str, int] = {}
    mismatched = 0
    for number, line, row in rows:
        where = f"row {number} (line {line})"
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not a row
        if len(row) != len(header):
            skipped.add(
                where,
                row[roles["id"]]
                if roles["id"] is not None and roles["id"] < len(row)
                else "",
                f"{len(row)} fields where the header has {len(header)}",
            )
            continue
        item = row[roles["id"]].strip() if roles["id"] is not None else ""
        item = item or f"row {number}"
        reasons: list[str] = []
        dates: dict[str, datetime.datetime | None] = {}
        for role in ("created", "started", "finished"):
            pos = roles[role]
            text = row[pos].strip() if pos is not None else ""
            if not text:
                dates[role] = None
                if role == "created":
                    reasons.append("no created date")
                continue
            dates[role] = _parse_date(text)
            if dates[role] is None:
                reasons.append(f"{header[pos]} {text!r} is not a date")
        created, started, finished = (
            dates[k] for k in ("created", "started", "finished")
        )
        day = lambda d: d.date()  # noqa: E731 - order is judged in whole days
        if created and finished and day(finished) < day(created):
            reasons.append(f"finished {day(finished)} before created {day(created)}")
        if created and started and day(started) < day(created):
            reasons.append(f"started {day(started)} before created {day(created)}")
        if started and finished and day(finished) < day(started):
            reasons.append(f"finished {day(finished)} before started {day(started)}")
        if roles["cycle_time"] is not None:
            text = row[roles["cycle_time"]].strip()
            try:
                given = float(text) if text else math.nan
            except ValueError:
                reasons.append(
                    f"{header[roles['cycle_time']]} {text!r} is not a number"
                )
                given = math.nan
            if given < 0:
                reasons.append(
                    f"{header[roles['cycle_time']]} is {text} (the file marks the "
                    "cycle time invalid)"
                )
            elif created and finished and not math.isnan(given):
                mismatched += given != (day(finished) - day(created)).days
        if item in first_row:
            reasons.append(f"issue {item!r} already read at row {first_row[item]}")
        if reasons:
            skipped.add(where, item, "; ".join(reasons))
            continue
        first_row[item] = number
        record: dict[str, Any] = {
            "id": item,
            "created": pd.Timestamp(created),
            "started": pd.Timestamp(started or created),
            "finished": pd.Timestamp(finished) if finished else pd.NaT,
        }
        for name, positions in groups.items():
            if len(positions) == 1:
                record[name] = row[positions[0]]
            else:
                record[name] = [row[p] for p in positions if row[p].strip()]
        records.append(record)
    if mismatched:
        warnings.append(
            f"{mismatched} rows give a cycle time other than finished - created in "
            "days; the dates were used"
        )
    if roles["started"] is None:
        warnings.append(
            "no started column: each issue is taken as started when created, so "
            "cycle time here is lead time"
        )
    if not records:
        raise ValueError(f"{label}: no usable row ({len(skipped.rows)} skipped)")
    items = pd.DataFrame(records)
    times = cycle_times(items.assign(id=range(len(items))))
    items.insert(4, "cycle_time", times.reindex(range(len(items))).to_numpy())
    weekly = pd.Series(dtype="int64", name="throughput")
    if items["finished"].notna().any():
        daily = throughput(items[["finished"]])
        weekly = daily.groupby(daily.index.to_period("W-SUN")).sum()
        weekly.index = weekly.index.start_time.rename("week_start")
        weekly.name = "throughput"
    wip = cumulative_flow(items[["created", "started", "finished"]])["in_progress"]
    return JiraFlow(
        items=items,
        skipped=skipped.frame(),
        warnings=tuple(warnings),
        throughput_weekly=weekly,
        wip=wip.rename("wip"),
        source=label,
    )
