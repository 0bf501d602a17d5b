"""Schedule charts: a Gantt chart and an activity-on-node network diagram.

Both draw what :func:`pmcourse.schedule.cpm` computed; they compute nothing
of their own beyond layout. Every drawn task carries a ``gid`` (``"task:A"``,
``"float:A"``, ``"node:A"``, ``"edge:A->B"``) so that tests and widgets can
find it again; :func:`bar_spans` reads the Gantt bars back as a table.

Used in: lesson 03, scheduling.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.path import Path as MplPath

from pmcourse import schedule as sched
from pmcourse.plots.style import (
    COLORS,
    HATCH_CRITICAL,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["bar_spans", "gantt", "network_diagram", "refresh_gantt"]

_SCHEDULE_COLUMNS = ("es", "ef", "ls", "lf", "total_float", "critical")
_LINK_NAMES = ("FS", "SS", "FF", "SF")
_TIME_LABEL = "Time (working days from project start)"


def _split_input(
    schedule_or_tasks: Any,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return a cpm schedule and a mapping id -> name from either kind of input."""
    if isinstance(schedule_or_tasks, pd.DataFrame) and all(
        c in schedule_or_tasks.columns for c in _SCHEDULE_COLUMNS
    ):
        table = result = schedule_or_tasks
    else:
        table = (
            schedule_or_tasks
            if isinstance(schedule_or_tasks, pd.DataFrame)
            else pd.DataFrame(list(schedule_or_tasks))
        )
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


def _fmt(x: float) -> str:
    """Format a day count without a trailing ``.0``."""
    return f"{x:g}"


def gantt(
    schedule_or_tasks: Any,
    ax: Axes | None = None,
    *,
    deadline: float | None = None,
    names: Mapping[str, str] | None = None,
    title: str | None = None,
    show_float: bool = True,
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
        style_axes(ax, xlabel=_TIME_LABEL, grid="x")
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
        handles = [
            Patch(
                facecolor=COLORS["critical"],
                edgecolor=COLORS["text"],
                hatch=HATCH_CRITICAL,
                label="critical (no float)",
            ),
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
        refresh_gantt(ax, result, deadline=deadline, title=title)
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
    artists = {
        a.get_gid(): a
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
            label.set_text(f"float {_fmt(tf[i])}" if tf[i] > 0 else "")
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
    return ax


def _gantt_title(result: pd.DataFrame, deadline: float | None) -> str:
    """Say what the reader should see: the finish, and the deadline if any."""
    finish = float(result["ef"].max()) if len(result) else 0.0
    if deadline is None:
        return f"The critical path sets the finish: day {_fmt(finish)}"
    gap = deadline - finish
    if gap > 0:
        return f"Finish day {_fmt(finish)} is {_fmt(gap)} days inside the deadline"
    if gap == 0:
        return f"Finish day {_fmt(finish)} is exactly on the deadline"
    return f"Finish day {_fmt(finish)} misses the deadline by {_fmt(-gap)} days"


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


# --- network diagram ---------------------------------------------------------

_BOX_W, _BOX_H = 1.9, 1.2
_DX, _DY = 2.7, 1.65


def _layout(
    level: np.ndarray, src: np.ndarray, dst: np.ndarray
) -> tuple[np.ndarray, list[list[int]]]:
    """Place nodes on a grid: x by topological level, y by predecessor average.

    A link that skips levels gets a hidden waypoint in every level it crosses,
    so it runs through a free slot instead of behind another box (the idea of
    the Sugiyama layered layout). Within a level, nodes and waypoints are
    ordered by the mean height of their predecessors (the barycentre
    heuristic), which keeps most arrows short and uncrossed.

    Returns
    -------
    pos : numpy.ndarray
        Shape ``(n_nodes + n_waypoints, 2)``; the first rows are the nodes.
    routes : list of list of int
        For each link, the waypoints it passes through, in order.
    """
    n = level.size
    levels = list(level.tolist())
    preds: dict[int, list[int]] = {}
    routes: list[list[int]] = []
    for s, d in zip(src.tolist(), dst.tolist(), strict=True):
        route = []
        prev = s
        for lv in range(levels[s] + 1, levels[d]):
            levels.append(lv)
            node = len(levels) - 1
            preds.setdefault(node, []).append(prev)
            route.append(node)
            prev = node
        preds.setdefault(d, []).append(prev)
        routes.append(route)
    lv_arr = np.asarray(levels, dtype=int)
    pos = np.zeros((lv_arr.size, 2))
    for lv in range(int(lv_arr.max()) + 1 if n else 0):
        nodes = np.flatnonzero(lv_arr == lv)
        keys = [
            (np.mean([pos[p, 1] for p in preds[i]]) if i in preds else 0.0, -i)
            for i in nodes
        ]
        order = [i for _, i in sorted(zip(keys, nodes, strict=True), reverse=True)]
        k = len(order)
        for rank, i in enumerate(order):
            pos[i] = (lv * _DX, ((k - 1) / 2 - rank) * _DY)
    return pos, routes


def _box(ax: Axes, x: float, y: float, critical: bool, tid: str) -> None:
    """Draw one node's frame: three rows, the outer rows split in three."""
    edge = COLORS["critical"] if critical else COLORS["muted"]
    width = 2.4 if critical else 1.0
    face = "#FBE3D3" if critical else COLORS["face"]
    left, bottom = x - _BOX_W / 2, y - _BOX_H / 2
    ax.add_patch(
        Rectangle(
            (left, bottom),
            _BOX_W,
            _BOX_H,
            facecolor=face,
            edgecolor=edge,
            linewidth=width,
            linestyle="-" if critical else (0, (4, 2)),
            gid=f"node:{tid}",
            zorder=3,
        )
    )
    row = _BOX_H / 4
    thin = {"color": edge, "linewidth": 0.6, "zorder": 4}
    for yy in (bottom + row, bottom + 3 * row):
        ax.plot([left, left + _BOX_W], [yy, yy], **thin)
    for xx in (left + _BOX_W / 3, left + 2 * _BOX_W / 3):
        ax.plot([xx, xx], [bottom + 3 * row, bottom + _BOX_H], **thin)
        ax.plot([xx, xx], [bottom, bottom + row], **thin)


def _box_texts(
    ax: Axes,
    x: float,
    y: float,
    top: tuple[str, str, str],
    middle: tuple[str, str],
    bottom: tuple[str, str, str],
) -> None:
    """Write the three rows of one node."""
    row = _BOX_H / 4
    cols = (x - _BOX_W / 3, x, x + _BOX_W / 3)
    kw = {"ha": "center", "va": "center", "fontsize": 8, "zorder": 5}
    for cx, text in zip(cols, top, strict=True):
        ax.text(cx, y + 1.5 * row, text, **kw)
    for cx, text in zip(cols, bottom, strict=True):
        ax.text(cx, y - 1.5 * row, text, **kw)
    ax.text(x, y + 0.55 * row, middle[0], fontweight="bold", **{**kw, "fontsize": 9})
    ax.text(
        x,
        y - 0.4 * row,
        middle[1],
        color=COLORS["muted"],
        linespacing=1.0,
        **{**kw, "fontsize": 6.5},
    )


def network_diagram(
    tasks: Any,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    show_key: bool = True,
) -> Axes:
    """Draw an activity-on-node network diagram with the critical path marked.

    Nodes are placed left to right by topological level (a task sits one
    column to the right of its latest-placed predecessor). Each box reads::

        ES | duration | EF
           id and name
        LS | total float | LF

    Critical boxes and critical links (both ends critical and no slack on the
    link) are drawn in solid bold vermillion; the rest in thin dashed grey.
    Links other than plain finish-to-start are labelled, e.g. ``SS+5``.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table (``id``, ``duration``, ``predecessors``, optional
        ``name``): the links come from it and the dates from
        :func:`pmcourse.schedule.cpm`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure sized to the network by
        default.
    title : str, optional
        The default title names the critical path.
    show_key : bool
        Draw a small key explaining the box layout.

    Returns
    -------
    matplotlib.axes.Axes
        The axes. Boxes have gid ``"node:<id>"``, links ``"edge:<pred>-><succ>"``
        with ``"critical"`` in their label when they are critical.

    Raises
    ------
    ValueError
        From :func:`pmcourse.schedule.cpm` for a bad task table.

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 2, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A:SS+1"},
    ... ]
    >>> ax = network_diagram(plan)
    >>> sorted(p.get_gid() for p in ax.patches if p.get_gid().startswith("edge"))
    ['edge:A->B', 'edge:A->C']

    Used in: lesson 03, scheduling.
    """
    table = tasks if isinstance(tasks, pd.DataFrame) else pd.DataFrame(list(tasks))
    result = sched.cpm(table)
    ids, durations, net = sched.network(table)
    names = {}
    if "name" in table.columns:
        names = dict(zip(ids, table["name"].fillna("").astype(str), strict=True))
    es = result["es"].to_numpy(dtype=float)
    ef = result["ef"].to_numpy(dtype=float)
    crit = result["critical"].to_numpy(dtype=bool)
    pos, routes = _layout(net.level, net.src, net.dst)
    n_levels = int(net.level.max()) + 1
    tallest = int(np.bincount((pos[:, 0] / _DX).round().astype(int)).max())

    if ax is None:
        data_w = (n_levels - 1) * _DX + _BOX_W + 0.6
        data_h = (tallest - 1) * _DY + _BOX_H + 0.6 + (0.75 if show_key else 0.0)
        width = min(16.0, max(6.5, 0.62 * data_w * 1.1))
        _, ax = new_figure(width, width * data_h / data_w + 0.5)
    with course_style():
        style_axes(ax, grid=None)
        for k in range(net.src.size):
            i, j = int(net.src[k]), int(net.dst[k])
            kind = _LINK_NAMES[int(net.kind[k])]
            lag = float(net.lag[k])
            from_date = ef[i] if kind in ("FS", "FF") else es[i]
            to_date = es[j] if kind in ("FS", "SS") else ef[j]
            slack = to_date - from_date - lag
            critical = bool(crit[i] and crit[j] and abs(slack) < 1e-9)
            start = (pos[i, 0] + _BOX_W / 2, pos[i, 1])
            end = (pos[j, 0] - _BOX_W / 2, pos[j, 1])
            points = [start]
            for w in routes[k]:
                points += [(pos[w, 0] - _BOX_W / 2, pos[w, 1])]
                points += [(pos[w, 0] + _BOX_W / 2, pos[w, 1])]
            points.append(end)
            codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(points) - 1)
            arrow = FancyArrowPatch(
                path=MplPath(points, codes),
                arrowstyle="-|>",
                mutation_scale=12,
                color=COLORS["critical"] if critical else COLORS["float"],
                linewidth=2.2 if critical else 1.0,
                linestyle="-" if critical else (0, (4, 2)),
                gid=f"edge:{ids[i]}->{ids[j]}",
                label="critical" if critical else "",
                zorder=2,
            )
            ax.add_patch(arrow)
            if kind != "FS" or lag != 0:
                sign = "+" if lag >= 0 else "-"
                text = kind + (f"{sign}{_fmt(abs(lag))}" if lag else "")
                mid = (np.asarray(points[0]) + np.asarray(points[1])) / 2
                ax.text(
                    mid[0],
                    mid[1] + 0.12,
                    text,
                    ha="center",
                    va="bottom",
                    fontsize=7.5,
                    color=COLORS["critical"] if critical else COLORS["muted"],
                    bbox={"facecolor": COLORS["face"], "edgecolor": "none", "pad": 0.5},
                    zorder=6,
                )
        for i, tid in enumerate(ids):
            row = result.iloc[i]
            x, y = pos[i]
            _box(ax, x, y, bool(crit[i]), tid)
            name = names.get(tid, "")
            short = "\n".join(
                textwrap.wrap(name, width=19, max_lines=2, placeholder="...")
            )
            _box_texts(
                ax,
                x,
                y,
                (_fmt(row.es), _fmt(durations[i]), _fmt(row.ef)),
                (tid, short),
                (_fmt(row.ls), _fmt(row.total_float), _fmt(row.lf)),
            )
        xs, ys = pos[:, 0], pos[:, 1]
        ax.set_xlim(xs.min() - _BOX_W / 2 - 0.3, xs.max() + _BOX_W / 2 + 0.3)
        low = ys.min() - _BOX_H / 2 - 0.3
        if show_key:
            low -= 0.75
            _key(ax, xs.min() + 0.1, ys.min() - _BOX_H / 2 - 0.75)
        ax.set_ylim(low, ys.max() + _BOX_H / 2 + 0.3)
        ax.set_aspect("equal")
        ax.set_axis_off()
        if title is None:
            path = [tid for tid, c in zip(ids, crit, strict=True) if c]
            title = (
                f"Critical path {' → '.join(path)} (bold orange-red): "
                f"finish day {_fmt(float(ef.max()))}"
            )
        set_title(ax, title)
    return ax


def _key(ax: Axes, x: float, y: float) -> None:
    """Explain the box layout in one line under the diagram."""
    ax.text(
        x - _BOX_W / 2,
        y,
        "Box: top row ES | duration | EF;  middle: id and name;  "
        "bottom row LS | total float | LF.   Days from the start (day 0).",
        fontsize=8,
        color=COLORS["muted"],
        va="center",
        ha="left",
    )
