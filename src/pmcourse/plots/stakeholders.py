"""Charts for lesson 07: the power-interest grid and communication channels.

Every function draws on an axes it is given (or a new course figure) and
returns it. Counts and quadrants come from :mod:`pmcourse.stakeholders`.

Used in: lesson 07, stakeholders, communication and leadership.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from pmcourse.plots.style import COLORS, course_style, new_figure, set_title, style_axes
from pmcourse.stakeholders import (
    QUADRANTS,
    channels_added,
    classify_power_interest,
    communication_channels,
)

__all__ = [
    "channels_curve",
    "channels_network",
    "power_interest_grid",
    "refresh_channels_curve",
    "refresh_power_interest_grid",
]

#: Light background colour of each quadrant of the grid.
QUADRANT_COLORS: dict[str, str] = {
    "manage closely": "#F6D8C4",  # light vermillion
    "keep satisfied": "#FBEBC4",  # light orange
    "keep informed": "#D3E6F3",  # light blue
    "monitor": "#EEEEEE",
}


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is None:
        _, ax = new_figure(width, height)
    return ax


def power_interest_grid(
    table: pd.DataFrame,
    ax: Axes | None = None,
    *,
    highlight: str | None = None,
    scale: tuple[float, float] = (1, 10),
    threshold: float | None = None,
    title: str | None = None,
) -> Axes:
    """Draw stakeholders on the power-interest grid, quadrants named and shaded.

    Parameters
    ----------
    table : DataFrame
        Columns ``stakeholder``, ``power`` and ``interest``; a ``quadrant``
        column is added with :func:`pmcourse.stakeholders.classify_power_interest`
        when missing.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    highlight : str, optional
        A stakeholder to pick out with a larger, outlined marker.
    scale : (float, float)
        The rating scale (as for ``classify_power_interest``).
    threshold : float, optional
        Where low turns high; the middle of the scale by default.
    title : str, optional
        The chart's title.

    Returns
    -------
    matplotlib.axes.Axes
        Each stakeholder's point is a line with gid ``stakeholder:<name>``,
        its label a text ``label:<name>`` tied to it by a line
        ``leader:<name>``; the quadrant backgrounds are patches with gid
        ``quadrant:<name>`` and the two threshold lines have gids
        ``threshold:interest`` and ``threshold:power``.

    Raises
    ------
    ValueError
        As for :func:`~pmcourse.stakeholders.classify_power_interest`, or if
        ``highlight`` is not in the table.

    Examples
    --------
    >>> rows = [{"stakeholder": "sponsor", "power": 9, "interest": 8}]
    >>> ax = power_interest_grid(pd.DataFrame(rows), highlight="sponsor")
    >>> [line.get_gid() for line in ax.lines]
    ['threshold:interest', 'threshold:power', 'stakeholder:sponsor', 'leader:sponsor']

    Used in: lesson 07, stakeholders (power-interest grid).
    """
    grid = table if "quadrant" in table.columns else None
    if grid is None:
        grid = classify_power_interest(table, scale=scale, threshold=threshold)
    names = grid["stakeholder"].astype(str).tolist()
    if highlight is not None and highlight not in names:
        raise ValueError(f"highlight {highlight!r} is not a stakeholder of the table")
    lo, hi = (float(v) for v in scale)
    cut = (lo + hi) / 2 if threshold is None else float(threshold)
    span = hi - lo
    pad, head = 0.06 * span, 0.13 * span  # head: room for the quadrant names
    ax = _axes(ax, 7.5, 6.0)
    ax.grid(False)
    with course_style():
        style_axes(
            ax, xlabel="Interest in the project", ylabel="Power over it", grid=None
        )
        xs = {False: (lo - pad, cut), True: (cut, hi + pad)}
        ys = {False: (lo - head, cut), True: (cut, hi + head)}
        for (high_p, high_i), quadrant in QUADRANTS.items():
            (x0, x1), (y0, y1) = xs[high_i], ys[high_p]
            ax.add_patch(
                Rectangle(
                    (x0, y0),
                    x1 - x0,
                    y1 - y0,
                    facecolor=QUADRANT_COLORS[quadrant],
                    linewidth=0,
                    zorder=0,
                    gid=f"quadrant:{quadrant}",
                )
            )
            ax.text(
                x1 - pad * 0.3 if high_i else x0 + pad * 0.3,
                y1 - pad * 0.3 if high_p else y0 + pad * 0.3,
                quadrant.upper(),
                ha="right" if high_i else "left",
                va="top" if high_p else "bottom",
                fontsize=9,
                fontweight="bold",
                color=COLORS["muted"],
            )
        ax.axvline(cut, color=COLORS["muted"], linewidth=1, gid="threshold:interest")
        ax.axhline(cut, color=COLORS["muted"], linewidth=1, gid="threshold:power")
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(lo - head, hi + head)
    refresh_power_interest_grid(ax, grid, highlight=highlight, title=title)
    return ax


def refresh_power_interest_grid(
    ax: Axes,
    grid: pd.DataFrame,
    *,
    highlight: str | None = None,
    title: str | None = None,
) -> None:
    """Redraw the stakeholders of a :func:`power_interest_grid`, in place.

    The quadrants stay; the points, their labels and the title are replaced.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`power_interest_grid`.
    grid : DataFrame
        Columns ``stakeholder``, ``power``, ``interest`` and ``quadrant``
        (from :func:`pmcourse.stakeholders.classify_power_interest`).
    highlight : str, optional
        A stakeholder to pick out.
    title : str, optional
        The title; by default how many stakeholders to manage closely.

    Raises
    ------
    ValueError
        If ``highlight`` is not a stakeholder of the table.

    Examples
    --------
    >>> rows = [{"stakeholder": "sponsor", "power": 9, "interest": 8}]
    >>> ax = power_interest_grid(pd.DataFrame(rows))
    >>> moved = classify_power_interest([{"stakeholder": "sponsor", "power": 2,
    ...                                   "interest": 8}])
    >>> refresh_power_interest_grid(ax, moved, highlight="sponsor")
    >>> ax.get_title(loc="left")
    '0 of 1 stakeholders to manage closely'

    Used in: lesson 07, stakeholders (power-interest grid).
    """
    names = grid["stakeholder"].astype(str).tolist()
    if highlight is not None and highlight not in names:
        raise ValueError(f"highlight {highlight!r} is not a stakeholder of the table")
    for artist in [*ax.lines, *ax.texts]:
        if str(artist.get_gid()).startswith(("stakeholder:", "label:", "leader:")):
            artist.remove()
    x_lo, x_hi = ax.get_xlim()
    span = (x_hi - x_lo) / 1.12  # the scale's span: the axis has 6 % margins
    boxes: list[tuple[float, float, float, float]] = []
    leaders: list[tuple[float, float, float, float]] = []
    interest, power = grid["interest"].astype(float), grid["power"].astype(float)
    points = list(zip(interest, power, strict=True))
    with course_style():
        for row, name in zip(grid.itertuples(index=False), names, strict=True):
            chosen = name == highlight
            x, y = float(row.interest), float(row.power)
            ax.plot(
                [x],
                [y],
                marker="o",
                markersize=12 if chosen else 7,
                linestyle="none",
                color=COLORS["critical"] if chosen else COLORS["normal"],
                markeredgecolor=COLORS["text"] if chosen else COLORS["face"],
                markeredgewidth=1.5,
                gid=f"stakeholder:{name}",
                zorder=3,
            )
            text = name if len(name) <= 24 else name[:23] + "…"
            others = [pt for k, pt in enumerate(points) if names[k] != name]
            box, ha = _label_box(text, x, y, x_lo, x_hi, span, boxes, others, leaders)
            boxes.append(box)
            anchor = box[0] if ha == "left" else box[1]
            leaders.append(_leader(x, y, box, ha))
            ax.text(
                anchor,
                box[2],
                text,
                ha=ha,
                va="bottom",
                fontsize=8.5,
                fontweight="bold" if chosen else "normal",
                zorder=4,
                gid=f"label:{name}",
            )
            # a thin leader from the point to its label's nearest corner
            ax.plot(
                [x, anchor],
                [y, box[2] + (0.0 if box[2] >= y else box[3] - box[2])],
                color=COLORS["muted"],
                linewidth=0.6,
                zorder=2.5,
                gid=f"leader:{name}",
            )
    close = int((grid["quadrant"] == "manage closely").sum())
    default = f"{close} of {len(grid)} stakeholders to manage closely"
    set_title(ax, title or default)


def _label_box(
    text: str,
    x: float,
    y: float,
    left_edge: float,
    right_edge: float,
    span: float,
    taken: list[tuple[float, float, float, float]],
    others: Sequence[tuple[float, float]] = (),
    leaders: Sequence[tuple[float, float, float, float]] = (),
) -> tuple[tuple[float, float, float, float], str]:
    """Find a place for a point's label that overlaps no label placed before.

    Boxes are ``(x0, x1, y0, y1)`` in data units, estimated from the number
    of characters. The label tries the right of the point (above, then
    below), then the left, then further away. A place next to another
    stakeholder's point (in ``others``) is taken only if there is no other,
    so that each label sits by its own point; a place whose leader line would
    cross a leader drawn before is taken only if there is no other.
    """
    width, height, gap = 0.0105 * span * len(text), 0.05 * span, 0.015 * span
    candidates = []
    for lifts in ((gap, -height - gap / 2), (height + gap, -2 * height)):
        for lift in lifts:
            candidates.append((x + gap, x + gap + width, y + lift, "left"))
        for lift in lifts:
            candidates.append((x - gap - width, x - gap, y + lift, "right"))
    near = 2 * gap  # how close another point may come to a label
    for avoid_points, avoid_crossing in ((True, True), (False, True), (False, False)):
        for x0, x1, y0, ha in candidates:
            if x0 < left_edge or x1 > right_edge:
                continue
            box = (x0, x1, y0, y0 + height)
            if any(  # labels keep a small gap between them, so none run together
                box[0] < b[1] + 2 * gap
                and b[0] < box[1] + 2 * gap
                and box[2] < b[3]
                and b[2] < box[3]
                for b in taken
            ):
                continue
            if avoid_points and any(
                box[0] - near <= px <= box[1] + near
                and box[2] - near <= py <= box[3] + near
                for px, py in others
            ):
                continue
            if avoid_crossing and any(
                segments_cross(_leader(x, y, box, ha), other) for other in leaders
            ):
                continue
            return box, ha
    x0 = x + gap if x + gap + width <= right_edge else x - gap - width
    return (x0, x0 + width, y + gap, y + gap + height), "left" if x0 > x else "right"


def _leader(
    x: float, y: float, box: tuple[float, float, float, float], ha: str
) -> tuple[float, float, float, float]:
    """Return the leader from a point to its label's nearest corner: x0, y0, x1, y1."""
    anchor = box[0] if ha == "left" else box[1]
    return (x, y, anchor, box[2] if box[2] >= y else box[3])


def segments_cross(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    """Return whether two line segments cross (touching ends do not count).

    Parameters
    ----------
    a, b : tuple of float
        Segments as ``(x0, y0, x1, y1)``.

    Returns
    -------
    bool

    Examples
    --------
    >>> segments_cross((0, 0, 2, 2), (0, 2, 2, 0))
    True
    >>> segments_cross((0, 0, 1, 1), (2, 0, 3, 1))
    False
    """

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    p1, p2, p3, p4 = (a[0], a[1]), (a[2], a[3]), (b[0], b[1]), (b[2], b[3])
    d1, d2 = side(p3, p4, p1), side(p3, p4, p2)
    d3, d4 = side(p1, p2, p3), side(p1, p2, p4)
    return d1 * d2 < 0 and d3 * d4 < 0


def _circle(n: int) -> np.ndarray:
    angles = np.pi / 2 - 2 * np.pi * np.arange(n) / max(n, 1)
    return np.column_stack([np.cos(angles), np.sin(angles)])


def channels_network(n: int, ax: Axes | None = None, *, new: int = 0) -> Axes:
    """Draw a team as people on a circle joined by every communication channel.

    Parameters
    ----------
    n : int
        People on the team now, the lead included (drawn first, at the top).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    new : int
        People joining; they and the channels they add are drawn in orange
        with dashed lines.

    Returns
    -------
    matplotlib.axes.Axes
        Two line collections with gids ``channels:old`` and ``channels:new``
        (one segment per channel) and the people as lines with gids
        ``people:you``, ``people:team`` and ``people:new``.

    Raises
    ------
    ValueError
        If ``n`` or ``new`` is negative or not whole (from
        :func:`pmcourse.stakeholders.channels_added`).

    Examples
    --------
    >>> ax = channels_network(4, new=1)
    >>> [len(c.get_segments()) for c in ax.collections]
    [6, 4]

    Used in: lesson 07, communication channels.
    """
    added = channels_added(n, n + new)  # validates both sizes
    total = n + new
    ax = _axes(ax, 5.5, 5.5)
    points = _circle(total)
    old: list[list[np.ndarray]] = []
    fresh: list[list[np.ndarray]] = []
    for i, j in itertools.combinations(range(total), 2):
        (fresh if j >= n else old).append([points[i], points[j]])
    with course_style():
        style_axes(ax, grid=None)
        ax.add_collection(
            LineCollection(
                old,
                colors=COLORS["float"],
                linewidths=0.9,
                alpha=0.7,
                gid="channels:old",
            )
        )
        ax.add_collection(
            LineCollection(
                fresh,
                colors=COLORS["highlight"],
                linewidths=1.3,
                linestyles="--",
                gid="channels:new",
            )
        )
        groups = {
            "people:you": (points[:1], COLORS["critical"]),
            "people:team": (points[1:n], COLORS["normal"]),
            "people:new": (points[n:], COLORS["highlight"]),
        }
        for gid, (xy, colour) in groups.items():
            ax.plot(
                xy[:, 0],
                xy[:, 1],
                marker="o",
                markersize=12,
                linestyle="none",
                color=colour,
                markeredgecolor=COLORS["face"],
                markeredgewidth=1.5,
                zorder=3,
                gid=gid,
            )
        if total:
            ax.annotate(
                "you",
                points[0],
                xytext=(0, 10),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                fontweight="bold",
            )
        ax.set_xlim(-1.25, 1.25)
        ax.set_ylim(-1.25, 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
    text = f"{n} people: {communication_channels(n)} channels"
    if new:
        text += f"; +{new} → {communication_channels(total)} (+{added})"
    set_title(ax, text)
    return ax


def channels_curve(
    n: int, ax: Axes | None = None, *, new: int = 0, max_n: int = 20
) -> Axes:
    """Draw channels against team size, marking the team now and after it grows.

    Parameters
    ----------
    n : int
        People now, the lead included.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    new : int
        People joining.
    max_n : int
        The largest team size on the axis (at least ``n + new``).

    Returns
    -------
    matplotlib.axes.Axes
        The curve has gid ``curve``; the two marked sizes ``now`` and
        ``after``.

    Raises
    ------
    ValueError
        If a size is negative or not whole.

    Examples
    --------
    >>> ax = channels_curve(5, new=5, max_n=12)
    >>> ax.lines[-1].get_gid(), list(ax.lines[-1].get_ydata())
    ('after', [45])

    Used in: lesson 07, communication channels.
    """
    channels_added(n, n + new)  # validates both sizes
    top = max(int(max_n), n + new)
    sizes = np.arange(1, top + 1)
    channels = [communication_channels(int(k)) for k in sizes]
    ax = _axes(ax, 6.0, 4.2)
    with course_style():
        style_axes(
            ax, xlabel="People on the team (you included)", ylabel="Channels", grid="y"
        )
        ax.plot(sizes, channels, color=COLORS["muted"], linewidth=1.5, gid="curve")
        ax.plot(
            [],
            [],
            marker="o",
            markersize=9,
            linestyle="none",
            color=COLORS["normal"],
            gid="now",
        )
        ax.plot(
            [],
            [],
            marker="D",
            markersize=9,
            linestyle="none",
            color=COLORS["highlight"],
            gid="after",
        )
        ax.set_xlim(0.5, top + 0.5)
        ax.set_ylim(bottom=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    refresh_channels_curve(ax, n, new=new)
    return ax


def refresh_channels_curve(ax: Axes, n: int, *, new: int = 0) -> None:
    """Move the markers and the title of a :func:`channels_curve`, in place.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`channels_curve`.
    n : int
        People now, the lead included.
    new : int
        People joining.

    Raises
    ------
    ValueError
        If a size is negative or not whole.

    Examples
    --------
    >>> ax = channels_curve(5, new=1)
    >>> refresh_channels_curve(ax, 4, new=2)
    >>> ax.get_title(loc="left")
    '50% more people, 9 more channels'

    Used in: lesson 07, communication channels (simulation).
    """
    added = channels_added(n, n + new)
    lines = {line.get_gid(): line for line in ax.lines}
    lines["now"].set_data([n], [communication_channels(n)])
    lines["after"].set_data([n + new], [communication_channels(n + new)])
    growth = f"{new / n:.0%} more people" if n else f"{new} people"
    set_title(
        ax, f"{growth}, {added} more channels" if new else "Channels grow as n²/2"
    )
