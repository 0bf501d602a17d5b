"""Schedule charts: a Gantt chart and an activity-on-node network diagram.

Both draw what :func:`pmcourse.schedule.cpm` computed; they compute nothing
of their own beyond layout. Every drawn task carries a ``gid`` (``"task:A"``,
``"float:A"``, ``"node:A"``, ``"edge:A->B"``) so that tests and widgets can
find it again; :func:`bar_spans` reads the Gantt bars back as a table. The
network diagram is drawn in :mod:`pmcourse.plots.network` and re-exported
here.

Used in: lesson 03, scheduling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from pmcourse import schedule as sched
from pmcourse.core.checks import as_frame
from pmcourse.core.format import days
from pmcourse.plots.alt import set_alt_text
from pmcourse.plots.parts import critical_patch
from pmcourse.plots.parts import number_text as _fmt
from pmcourse.plots.schedule_network import network_diagram
from pmcourse.plots.style import (
    COLORS,
    DAYS_LABEL,
    HATCH_CRITICAL,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["bar_spans", "gantt", "network_diagram", "refresh_gantt"]

_SCHEDULE_COLUMNS = ("es", "ef", "ls", "lf", "total_float", "critical")


def _is_schedule(obj: Any) -> bool:
    """Return whether ``obj`` is a cpm result rather than a task table."""
    return isinstance(obj, pd.DataFrame) and all(
        c in obj.columns for c in _SCHEDULE_COLUMNS
    )


def _split_input(
    schedule_or_tasks: Any,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return a cpm schedule and a mapping id -> name from either kind of input."""
    if _is_schedule(schedule_or_tasks):
        table = result = schedule_or_tasks
    else:
        table = as_frame(schedule_or_tasks)
        result = sched.cpm(table)
    ids = [str(i) for i in result.index]
    names: dict[str, str] = {}
    if "name" in table.columns:
        names = {
            str(i): str(n)
            for i, n in zip(ids, table["name"].tolist(), strict=True)
            if isinstance(n, str) and n
        }
    return result, names


def gantt(
    schedule_or_tasks: Any,
    ax: Axes | None = None,
    *,
    deadline: float | None = None,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    show_float: bool = True,
    paths: Sequence[Sequence[str]] | None = None,
) -> Axes:
    """Draw a Gantt chart that picks out the critical path and shows float.

    Each task is a bar from its early start to its early finish. Critical
    tasks are vermillion *and* hatched; the others are plain blue. A thin
    dashed outline after a bar shows the task's total float (how far it can
    slip before the project finish moves). A dashed black line marks the
    project finish and, if given, a dash-dot purple line the deadline.

    Parameters
    ----------
    schedule_or_tasks : DataFrame or list of dict
        A :func:`pmcourse.schedule.cpm` result, or a task table (then ``cpm``
        is run on it). A ``name`` column, if present, labels the rows.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    deadline : float, optional
        A date (days from the start) to draw as a vertical line.
    names : mapping of str to str, optional
        Task names by id, overriding a ``name`` column.
    title : str, optional
        The default title states the finish and its distance to the deadline.
    show_float : bool
        Draw the total float outlines and their labels.
    paths : sequence of sequence of str, optional
        The critical paths (:func:`pmcourse.schedule.critical_paths`). When
        there are two or more, each critical bar is labelled with the numbers
        of the paths it lies on ("paths 1, 2"). By default they are computed
        when a task table is given.

    Returns
    -------
    matplotlib.axes.Axes
        The axes. Task bars have gid ``"task:<id>"``, float outlines
        ``"float:<id>"`` (hidden when the float is 0), the finish line
        ``"finish"``, the deadline line ``"deadline"``; :func:`bar_spans`
        reads the bars back and :func:`refresh_gantt` moves them.

    Raises
    ------
    ValueError
        From :func:`pmcourse.schedule.cpm` for a bad task table, or if the
        deadline is not a finite number.

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 2, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A"},
    ... ]
    >>> ax = gantt(plan, deadline=8)
    >>> bar_spans(ax).loc["C"].to_dict()
    {'start': 3.0, 'width': 4.0, 'hatched': True}

    Used in: lesson 03, scheduling.
    """
    result, table_names = _split_input(schedule_or_tasks)
    if paths is None and not _is_schedule(schedule_or_tasks):
        paths = sched.critical_paths(schedule_or_tasks)
    if names is not None:
        table_names = {**table_names, **{str(k): str(v) for k, v in names.items()}}
    deadline = _check_deadline(deadline)
    ids = [str(i) for i in result.index]
    n = len(ids)
    y = np.arange(n, dtype=float)
    zeros = np.zeros(n)

    if ax is None:
        _, ax = new_figure(11.0, 0.42 * n + 1.9)
    with course_style():
        style_axes(ax, xlabel=DAYS_LABEL, grid="x")
        bars = ax.barh(y, zeros + 1, left=zeros, height=0.62, linewidth=0.8)
        for patch, tid in zip(bars.patches, ids, strict=True):
            patch.set_gid(f"task:{tid}")
        ax.plot([], [], linestyle="none", marker="D", markersize=8, gid="milestones")
        if show_float:
            floats = ax.barh(
                y,
                zeros + 1,
                left=zeros,
                height=0.28,
                facecolor="none",
                edgecolor=COLORS["float"],
                linewidth=1.0,
                linestyle=LINESTYLES["float"],
            )
            for patch, tid, yi in zip(floats.patches, ids, y, strict=True):
                patch.set_gid(f"float:{tid}")
                ax.text(
                    0,
                    yi,
                    "",
                    va="center",
                    fontsize=8,
                    color=COLORS["muted"],
                    gid=f"float_label:{tid}",
                )
        ax.axvline(
            0,
            color=COLORS["finish"],
            linestyle=LINESTYLES["finish"],
            linewidth=1.4,
            gid="finish",
        )
        if deadline is not None:
            ax.axvline(
                deadline,
                color=COLORS["deadline"],
                linestyle=LINESTYLES["deadline"],
                linewidth=2.0,
                gid="deadline",
            )
        labels = [
            f"{tid}  {table_names[tid]}" if tid in table_names else tid for tid in ids
        ]
        ax.set_yticks(y, labels)
        ax.set_ylim(n - 0.4, -0.6)
        handles: list[Artist] = [
            critical_patch("critical (no float)", edgecolor=COLORS["text"]),
            Patch(facecolor=COLORS["normal"], label="not critical"),
        ]
        if show_float:
            handles.append(
                Patch(
                    facecolor="none",
                    edgecolor=COLORS["float"],
                    linestyle=LINESTYLES["float"],
                    label="total float",
                )
            )
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["finish"],
                linestyle=LINESTYLES["finish"],
                label="project finish",
            )
        )
        if deadline is not None:
            handles.append(
                Line2D(
                    [],
                    [],
                    color=COLORS["deadline"],
                    linestyle=LINESTYLES["deadline"],
                    linewidth=2.0,
                    label=f"deadline: day {_fmt(deadline)}",
                )
            )
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.35 / max(n, 1) - 0.08),
            ncol=len(handles),
            handlelength=2.4,
            columnspacing=1.4,
        )
        ax.set_gid("gantt")
        refresh_gantt(ax, result, deadline=deadline, title=title, paths=paths)
    return ax


def _check_deadline(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    try:
        value = float(deadline)
    except (TypeError, ValueError):
        raise ValueError(
            f"deadline must be a number of days, got {deadline!r}"
        ) from None
    if not np.isfinite(value):
        raise ValueError(f"deadline must be a finite number of days, got {deadline}")
    return value


def refresh_gantt(
    ax: Axes,
    schedule: pd.DataFrame,
    *,
    deadline: float | None = None,
    title: str | None = None,
    paths: Sequence[Sequence[str]] | None = None,
) -> Axes:
    """Move the bars of a chart drawn by :func:`gantt` to a new schedule.

    Much faster than drawing the chart again, so simulations call it on every
    change. The tasks must be the same, in the same order; their dates,
    float and criticality may all change.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`gantt` drew on.
    schedule : DataFrame
        A :func:`pmcourse.schedule.cpm` result for the same task ids.
    deadline : float, optional
        The deadline to compare with in the title (and to move the line to).
    title : str, optional
        A fixed title; by default it states the finish and the deadline gap.
    paths : sequence of sequence of str, optional
        The critical paths; with two or more, each critical bar is labelled
        with the numbers of the paths through it.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the axes holds no Gantt chart or its tasks differ from the schedule's.

    Examples
    --------
    >>> plan = [{"id": "A", "duration": 2, "predecessors": ""}]
    >>> ax = gantt(plan)
    >>> longer = [{"id": "A", "duration": 5, "predecessors": ""}]
    >>> from pmcourse.schedule import cpm
    >>> float(bar_spans(refresh_gantt(ax, cpm(longer))).loc["A", "width"])
    5.0

    Used in: lesson 03, the critical path explorer.
    """
    artists: dict[str, Any] = {
        str(a.get_gid()): a
        for a in (*ax.patches, *ax.lines, *ax.texts)
        if a.get_gid() is not None
    }
    ids = [str(i) for i in schedule.index]
    drawn = [g[5:] for g in artists if g.startswith("task:")]
    if ax.get_gid() != "gantt" or drawn != ids:
        raise ValueError(
            "refresh_gantt needs an axes drawn by gantt() for the same tasks "
            f"(drawn: {drawn}, given: {ids})"
        )
    deadline = _check_deadline(deadline)
    es = schedule["es"].to_numpy(dtype=float)
    ef = schedule["ef"].to_numpy(dtype=float)
    tf = schedule["total_float"].to_numpy(dtype=float)
    crit = schedule["critical"].to_numpy(dtype=bool)
    finish = float(ef.max()) if len(ef) else 0.0
    on_paths = _path_labels(ids, paths)
    for i, tid in enumerate(ids):
        bar = artists[f"task:{tid}"]
        bar.set_x(es[i])
        bar.set_width(ef[i] - es[i])
        bar.set_facecolor(COLORS["critical"] if crit[i] else COLORS["normal"])
        bar.set_edgecolor(COLORS["text"] if crit[i] else COLORS["normal"])
        bar.set_hatch(HATCH_CRITICAL if crit[i] else None)
        outline = artists.get(f"float:{tid}")
        if outline is not None:
            outline.set_x(ef[i])
            outline.set_width(tf[i])
            outline.set_visible(bool(tf[i] > 0))
            label = artists[f"float_label:{tid}"]
            label.set_position((ef[i] + tf[i] + 0.3, i))
            label.set_text(f"float {_fmt(tf[i])}" if tf[i] > 0 else on_paths[i])
    milestones = ef - es == 0
    artists["milestones"].set_data(es[milestones], np.flatnonzero(milestones))
    artists["milestones"].set_color(COLORS["text"])
    artists["finish"].set_xdata([finish, finish])
    if deadline is not None and "deadline" in artists:
        artists["deadline"].set_xdata([deadline, deadline])
    for label, c in zip(ax.get_yticklabels(), crit, strict=True):
        label.set_fontweight("bold" if c else "normal")
    right = max(
        finish,
        deadline if deadline is not None else 0.0,
        float((ef + tf).max()) if len(ef) else 0.0,
    )
    ax.set_xlim(0, right * 1.06 + 2.5)
    set_title(ax, title if title is not None else _gantt_title(schedule, deadline))
    set_alt_text(ax, _gantt_alt(ids, finish, crit, deadline, paths))
    return ax


def _gantt_alt(
    ids: list[str],
    finish: float,
    crit: np.ndarray,
    deadline: float | None,
    paths: Sequence[Sequence[str]] | None,
) -> str:
    """Say in words what the Gantt chart shows: finish, deadline, critical paths."""
    text = (
        f"Gantt chart of {len(ids)} tasks; the project finishes on day {_fmt(finish)}"
    )
    if deadline is not None:
        gap = deadline - finish
        text += f", deadline day {_fmt(deadline)} (" + (
            f"{_days(gap)} to spare)" if gap >= 0 else f"missed by {_days(-gap)})"
        )
    if paths is not None and len(paths) > 1:
        chains = "; ".join(
            f"path {k}: {', '.join(map(str, p))}" for k, p in enumerate(paths, 1)
        )
        return f"{text}. {len(paths)} critical paths, {chains}."
    on = [t for t, c in zip(ids, crit, strict=True) if c]
    return f"{text}. Critical path: {', '.join(on)}."


def _path_labels(ids: list[str], paths: Sequence[Sequence[str]] | None) -> list[str]:
    """Return per task "path 2" / "paths 1, 2" when there are several paths."""
    if paths is None or len(paths) < 2:
        return ["" for _ in ids]
    numbers: dict[str, list[str]] = {}
    for k, path in enumerate(paths, start=1):
        for tid in path:
            numbers.setdefault(str(tid), []).append(str(k))
    return [
        ("path " if len(numbers.get(t, [])) == 1 else "paths ") + ", ".join(numbers[t])
        if t in numbers
        else ""
        for t in ids
    ]


def _gantt_title(result: pd.DataFrame, deadline: float | None) -> str:
    """Say what the reader should see: the finish, and the deadline if any."""
    finish = float(result["ef"].max()) if len(result) else 0.0
    if deadline is None:
        return f"The critical path sets the finish: day {_fmt(finish)}"
    gap = deadline - finish
    if gap > 0:
        return f"Finish day {_fmt(finish)} is {_days(gap)} inside the deadline"
    if gap == 0:
        return f"Finish day {_fmt(finish)} is exactly on the deadline"
    return f"Finish day {_fmt(finish)} misses the deadline by {_days(-gap)}"


def _days(n: float) -> str:
    """Return ``n`` with its unit: '1 day', '2.5 days'."""
    return days(n)


def bar_spans(ax: Axes, kind: str = "task") -> pd.DataFrame:
    """Read the Gantt bars back from an axes drawn by :func:`gantt`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`gantt` drew on.
    kind : {"task", "float"}
        Task bars (early start to early finish) or total float outlines.

    Returns
    -------
    DataFrame
        Indexed by task id (name ``id``) with float columns ``start`` and
        ``width`` and bool ``hatched`` (the critical-path marking).

    Raises
    ------
    ValueError
        If ``kind`` is not ``"task"`` or ``"float"``.

    Examples
    --------
    >>> ax = gantt([{"id": "A", "duration": 2, "predecessors": ""}])
    >>> bar_spans(ax)
        start  width  hatched
    id
    A     0.0    2.0     True

    Used in: the widget and plot tests; lesson 03.
    """
    if kind not in ("task", "float"):
        raise ValueError(f"kind must be 'task' or 'float', got {kind!r}")
    prefix = f"{kind}:"
    rows = {}
    for patch in ax.patches:
        gid = patch.get_gid()
        if (
            isinstance(patch, Rectangle)
            and gid
            and gid.startswith(prefix)
            and patch.get_visible()
        ):
            rows[gid[len(prefix) :]] = {
                "start": float(patch.get_x()),
                "width": float(patch.get_width()),
                "hatched": bool(patch.get_hatch()),
            }
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["start", "width", "hatched"]
    )
    frame.index.name = "id"
    return frame.astype({"start": float, "width": float, "hatched": bool})
