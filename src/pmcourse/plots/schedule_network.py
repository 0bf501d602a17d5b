"""The activity-on-node network diagram, with the critical path marked.

It draws what :func:`pmcourse.schedule.cpm` computed and computes nothing of
its own beyond layout. Boxes carry the gid ``"node:A"`` and links
``"edge:A->B"``, so tests and widgets can find them again. The Gantt chart is
in :mod:`pmcourse.plots.schedule`, which also re-exports
:func:`network_diagram`.

Used in: lesson 03, scheduling.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.path import Path as MplPath

from pmcourse import schedule as sched
from pmcourse.core.checks import as_frame
from pmcourse.plots.parts import number_text as _fmt
from pmcourse.plots.style import (
    COLORS,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["network_diagram"]

_LINK_NAMES = ("FS", "SS", "FF", "SF")

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
        nodes = np.flatnonzero(lv_arr == lv).tolist()
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
    thin: dict[str, Any] = {"color": edge, "linewidth": 0.6, "zorder": 4}
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
    kw: dict[str, Any] = {"ha": "center", "va": "center", "fontsize": 8, "zorder": 5}
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
    table = as_frame(tasks)
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
