"""Business analysis charts: a prioritised backlog as a delivery sequence, and Kano.

Both draw what :mod:`pmcourse.analysis` computed; they compute nothing of
their own beyond layout. Every backlog bar carries the gid ``"item:<id>"``
and every Kano point ``"kano:<feature>"``, so tests and widgets can find them;
:func:`sequence_bars` reads the backlog bars back as a table.

Used in: lesson 08, business analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import blended_transform_factory

from pmcourse.analysis import MOSCOW
from pmcourse.plots.style import (
    COLORS,
    HATCH_CRITICAL,
    LINESTYLES,
    OKABE_ITO,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["MOSCOW_STYLE", "backlog_sequence", "kano_chart", "sequence_bars"]

#: Fill colour and hatch of each MoSCoW category (colour and pattern both).
MOSCOW_STYLE: dict[str, tuple[str, str | None]] = {
    "Must": (COLORS["critical"], HATCH_CRITICAL),
    "Should": (COLORS["normal"], None),
    "Could": (COLORS["secondary"], ".."),
    "Won't": ("#939393", None),  # the lightest grey with 3:1 on white
    "": (COLORS["float"], "xx"),  # no category: grey, crossed
}
_FADED = 0.35  # alpha of items that do not fit in the release
_SEQUENCE_COLUMNS = ("id", "rank", "start", "finish", "job_size", "wsjf")


def _shift(rank: int, other: int | None) -> str:
    """Describe how far an item moved against another order: ↑3, ↓2, =."""
    if other is None:
        return ""
    move = int(other) - int(rank)
    return "  =" if move == 0 else f"  {'↑' if move > 0 else '↓'}{abs(move)}"


def _labels(
    row: pd.Series, compare: Mapping[str, int] | None, titles: bool
) -> tuple[str, str]:
    """Return the left label (id, title) and the right one (WSJF, shift)."""
    title = str(row.get("title", "") or "") if titles else ""
    left = f"{row['id']}  {title[:26] + '…' if len(title) > 27 else title}"
    other = None if compare is None else compare.get(str(row["id"]))
    right = f"{row['wsjf']:.1f}{_shift(int(row['rank']), other)}"
    return left.rstrip(), right


def backlog_sequence(
    ranked: pd.DataFrame,
    *,
    ax: Axes | None = None,
    capacity: float | None = None,
    compare: Mapping[str, int] | None = None,
    title: str | None = None,
    titles: bool = True,
    xmax: float | None = None,
) -> Axes:
    """Draw a ranked backlog as the sequence the team would deliver it in.

    One bar per item, first item at the top, from the job size done before
    it (``start``) to the job size done when it is finished (``finish``):
    a Gantt chart of the backlog, with job size standing for time. The fill
    and hatch show the MoSCoW category; items past the release capacity are
    faded. The number after each bar is its WSJF score and, with ``compare``,
    an arrow says how far the item moved against another order (↑3: three
    places earlier, ↓2: two places later).

    When ``ax`` already holds a sequence of the same number of items, the
    chart is updated in place, which is several times faster (simulations
    rely on it).

    Parameters
    ----------
    ranked : DataFrame
        A :func:`pmcourse.analysis.rank_backlog` result (``id``, ``rank``,
        ``start``, ``finish``, ``job_size``, ``wsjf``; ``title`` and
        ``moscow`` are used when present).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    capacity : float, optional
        The release capacity, drawn as a dashed line.
    compare : mapping of str to int, optional
        Each item's rank under another method.
    title : str, optional
        The title; by default it says how many items fit in the release.
    titles : bool
        Label each bar with its id and ``title`` (True) or its id only.
    xmax : float, optional
        The right end of the axis; by default a little beyond the last
        finish and the capacity.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; bars have gid ``"item:<id>"``, the capacity line
        ``"capacity"``.

    Raises
    ------
    ValueError
        If a column is missing or the capacity is negative.

    Examples
    --------
    >>> from pmcourse.analysis import rank_backlog
    >>> items = pd.DataFrame({"id": ["A", "B"], "moscow": ["Must", "Could"],
    ...                       "business_value": [8, 3], "time_criticality": [5, 8],
    ...                       "risk_reduction": [3, 1], "job_size": [8, 2]})
    >>> ax = backlog_sequence(rank_backlog(items), capacity=5)
    >>> sequence_bars(ax)[["rank", "start", "width", "in_release"]]
        rank  start  width  in_release
    id
    B      1    0.0    2.0        True
    A      2    2.0    8.0       False

    Used in: lesson 08, business analysis; the backlog prioritisation widget.
    """
    missing = [c for c in _SEQUENCE_COLUMNS if c not in ranked.columns]
    if missing:
        raise ValueError(
            f"ranked needs columns {missing} (use pmcourse.analysis.rank_backlog)"
        )
    if capacity is not None and not capacity >= 0:
        raise ValueError(f"capacity must be a number >= 0, got {capacity!r}")
    if ax is None:
        _, ax = new_figure(9.0, 0.34 * len(ranked) + 1.6)
    if ax.get_gid() != "backlog" or len(ax.patches) != len(ranked):
        _create(ax, len(ranked))
    _refresh(ax, ranked.reset_index(drop=True), capacity, compare, title, titles)
    if xmax is not None:
        ax.set_xlim(0, xmax)
    return ax


def _create(ax: Axes, n: int) -> None:
    """Create the chart's artists for ``n`` items, to be placed by _refresh."""
    ax.clear()
    with course_style():
        style_axes(
            ax,
            xlabel="Job size done, in order (story points); number: WSJF score",
            grid="x",
        )
        ax.set_ylim(n - 0.4, -0.6)
        ax.tick_params(axis="y", left=False, labelleft=False)
        ax.spines["left"].set_visible(False)
        left = blended_transform_factory(ax.transAxes, ax.transData)
        for i in range(n):
            ax.add_patch(Rectangle((0, i - 0.36), 1, 0.72, linewidth=0.8))
            ax.text(-0.01, i, "", transform=left, ha="right", va="center", fontsize=9)
            ax.text(0, i, "", ha="left", va="center", fontsize=8.5)
        ax.axvline(
            0,
            color=COLORS["finish"],
            linestyle=LINESTYLES["finish"],
            linewidth=1.2,
            gid="capacity",
        )
        handles: list[Artist] = [
            Patch(
                facecolor=MOSCOW_STYLE[c][0],
                hatch=MOSCOW_STYLE[c][1],
                edgecolor=COLORS["face"],
                label=c,
            )
            for c in MOSCOW
        ]
        handles.append(
            Line2D(
                [],
                [],
                color=COLORS["finish"],
                linestyle=LINESTYLES["finish"],
                label="release capacity",
            )
        )
        # bars past the capacity are pale *and* outlined with dashes: the key
        # shows that look, so the pale colours match a legend entry
        handles.append(
            Patch(
                facecolor=COLORS["muted"],
                alpha=_FADED,
                edgecolor=COLORS["text"],
                linestyle="--",
                label="past the capacity",
            )
        )
        ax.legend(
            handles=handles,
            loc="upper right",
            ncol=1,
            fontsize=8.5,
            handlelength=1.6,
            title="MoSCoW",
            title_fontsize=8.5,
        )
    ax.set_gid("backlog")


def _refresh(
    ax: Axes,
    ranked: pd.DataFrame,
    capacity: float | None,
    compare: Mapping[str, int] | None,
    title: str | None,
    titles: bool = True,
) -> None:
    """Move the bars and labels of a chart made by _create to ``ranked``."""
    n = len(ranked)
    bars = list(ax.patches)
    names, scores = ax.texts[0 : 2 * n : 2], ax.texts[1 : 2 * n : 2]
    finish = float(ranked["finish"].max()) if n else 0.0
    categories = (
        ranked["moscow"].astype(str).tolist() if "moscow" in ranked else [""] * n
    )
    for i, row in ranked.iterrows():
        bar, category = bars[i], categories[i]
        color, hatch = MOSCOW_STYLE.get(category, MOSCOW_STYLE[""])
        inside = capacity is None or row["finish"] <= capacity
        bar.set_x(float(row["start"]))
        bar.set_width(float(row["job_size"]))
        bar.set_facecolor(color)
        bar.set_hatch(hatch)
        bar.set_edgecolor(COLORS["face"] if inside else COLORS["text"])
        bar.set_linestyle("-" if inside else "--")
        bar.set_alpha(1.0 if inside else _FADED)
        bar.set_gid(f"item:{row['id']}")
        left, right = _labels(row, compare, titles)
        names[i].set_text(left)
        names[i].set_color(COLORS["text"] if inside else COLORS["muted"])
        scores[i].set_text(right)
    line = ax.lines[0]
    line.set_visible(capacity is not None)
    if capacity is not None:
        line.set_xdata([capacity, capacity])
    top = max(finish, capacity or 0.0)
    # rounded up to tens, so small changes keep the axis (widgets cache it)
    ax.set_xlim(0, 10 * np.ceil((top * 1.12 + 3) / 10))
    per_char = _char_width(ax)
    for i, row in ranked.iterrows():
        x = float(row["finish"]) + 0.4
        width = per_char * len(scores[i].get_text())
        if capacity is not None and x - 0.3 <= capacity <= x + width:
            x = capacity + 0.6  # never write a score across the capacity line
        scores[i].set_position((x, i))
    if title is None:
        fits = int((ranked["finish"] <= capacity).sum()) if capacity is not None else n
        title = (
            f"{fits} of {n} items fit in a release of {capacity:g} points"
            if capacity is not None
            else f"The backlog takes {finish:g} points in this order"
        )
    set_title(ax, title)


def _char_width(ax: Axes, fontsize: float = 8.5) -> float:
    """Return the width of one label character in data units (an estimate)."""
    left, right = ax.get_xlim()
    inches = ax.get_position().width * ax.figure.get_figwidth()  # type: ignore[union-attr]
    return (right - left) * (0.62 * fontsize / 72) / max(inches, 1e-6)


def sequence_bars(ax: Axes) -> pd.DataFrame:
    """Read the bars of a chart drawn by :func:`backlog_sequence` back as a table.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes :func:`backlog_sequence` drew on.

    Returns
    -------
    DataFrame
        Indexed by item id, in rank order: ``rank``, ``start``, ``width``,
        ``color`` (hex), ``hatched`` and ``in_release`` (not faded).

    Raises
    ------
    ValueError
        If the axes holds no backlog sequence.

    Examples
    --------
    >>> from pmcourse.analysis import rank_backlog
    >>> items = pd.DataFrame({"id": ["A"], "business_value": [1],
    ...                       "time_criticality": [1], "risk_reduction": [1],
    ...                       "job_size": [3]})
    >>> sequence_bars(backlog_sequence(rank_backlog(items)))["width"].tolist()
    [3.0]

    Used in: the plot and widget tests.
    """
    if ax.get_gid() != "backlog":
        raise ValueError("sequence_bars needs an axes drawn by backlog_sequence()")
    from matplotlib.colors import to_hex

    rows = {}
    for rank, patch in enumerate(cast("list[Rectangle]", ax.patches), start=1):
        rows[str(patch.get_gid())[5:]] = {
            "rank": rank,
            "start": float(patch.get_x()),
            "width": float(patch.get_width()),
            "color": to_hex(patch.get_facecolor(), keep_alpha=False).upper(),
            "hatched": bool(patch.get_hatch()),
            "in_release": (patch.get_alpha() or 1.0) > _FADED,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "id"
    return frame


_KANO_COLORS = {
    "must-be": COLORS["critical"],
    "one-dimensional": COLORS["normal"],
    "attractive": COLORS["good"],
    "indifferent": COLORS["float"],
    "reverse": OKABE_ITO["reddish_purple"],
    "questionable": OKABE_ITO["yellow"],
}
_KANO_MARKERS = {
    "must-be": "s",
    "one-dimensional": "o",
    "attractive": "^",
    "indifferent": "D",
    "reverse": "v",
    "questionable": "X",
}


def kano_chart(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str = "Which features must be there, and which would delight",
) -> Axes:
    """Plot Kano features by how much missing them hurts and having them pleases.

    Horizontal: ``|worse|``, the share of answers saying the absence would
    displease; vertical: ``better``, the share saying the presence would
    please (Berger et al. 1993). Dashed lines at 0.5 split the chart into the
    four usual regions: must-be (bottom right), one-dimensional (top right),
    attractive (top left) and indifferent (bottom left). Each point's colour
    and marker show the category the survey's majority gave.

    Parameters
    ----------
    table : DataFrame
        A :func:`pmcourse.analysis.kano_classify` result.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure by default.
    title : str
        The chart's title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; points have gid ``"kano:<feature>"``.

    Raises
    ------
    ValueError
        If the table lacks ``category``, ``better`` or ``worse``.

    Examples
    --------
    >>> from pmcourse.analysis import kano_classify
    >>> survey = pd.DataFrame({"feature": ["maps", "maps"],
    ...                        "functional": ["like", "neutral"],
    ...                        "dysfunctional": ["dislike", "dislike"]})
    >>> ax = kano_chart(kano_classify(survey))
    >>> [line.get_gid() for line in ax.lines if line.get_gid()]
    ['kano:maps']

    Used in: lesson 08, business analysis (Kano).
    """
    missing = [c for c in ("category", "better", "worse") if c not in table.columns]
    if missing:
        raise ValueError(
            f"table needs columns {missing} (use pmcourse.analysis.kano_classify)"
        )
    if ax is None:
        _, ax = new_figure(7.5, 5.2)
    with course_style():
        style_axes(
            ax,
            xlabel="Dissatisfaction if missing, |worse|",
            ylabel="Satisfaction if present, better",
            grid=None,
        )
        ax.axhline(0.5, color=COLORS["muted"], linestyle="--", linewidth=0.8)
        ax.axvline(0.5, color=COLORS["muted"], linestyle="--", linewidth=0.8)
        corners = {
            "attractive": (0.02, 0.98, "left", "top"),
            "one-dimensional": (0.98, 0.98, "right", "top"),
            "indifferent": (0.02, 0.02, "left", "bottom"),
            "must-be": (0.98, 0.02, "right", "bottom"),
        }
        for name, (x, y, ha, va) in corners.items():
            ax.text(
                x, y, name, ha=ha, va=va, fontsize=9, color=COLORS["muted"],
                fontstyle="italic",
            )  # fmt: skip
        for feature, row in table.iterrows():
            if np.isnan(row["better"]):
                continue
            x, y = abs(float(row["worse"])), float(row["better"])
            ax.plot(
                [x], [y],
                marker=_KANO_MARKERS.get(row["category"], "o"),
                markersize=9, linestyle="none",
                color=_KANO_COLORS.get(row["category"], COLORS["text"]),
                markeredgecolor=COLORS["text"], markeredgewidth=0.6,
                gid=f"kano:{feature}",
            )  # fmt: skip
            right = x < 0.65
            ax.annotate(
                f"{feature} ({row['category']})", (x, y),
                xytext=(7 if right else -7, 4), textcoords="offset points",
                fontsize=8.5, ha="left" if right else "right",
            )  # fmt: skip
        ax.grid(False)
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-0.03, 1.03)
        set_title(ax, title)
    return ax
