"""Pieces several course charts share: formats, a legend swatch, a histogram.

- :func:`dollars` / :data:`DOLLARS` and :func:`number_text`: how amounts and
  day counts are written on axes and labels;
- :func:`critical_patch` and :func:`split_histogram`: what is critical or
  beyond a limit is vermillion and hatched, in legends and histograms alike;
- :func:`artists_by_gid`: how a chart that is refreshed in place finds the
  artists it tagged.

The palette and the per-figure style are in :mod:`pmcourse.plots.style`.

Used in: every lesson with a chart.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from pmcourse.core.format import number_text
from pmcourse.plots.style import COLORS, HATCH_CRITICAL

__all__ = [
    "DOLLARS",
    "artists_by_gid",
    "critical_patch",
    "dollars",
    "number_text",
    "split_histogram",
]


def artists_by_gid(ax: Axes) -> dict[str, Any]:
    """Return the artists of an axes that carry a gid, by gid.

    Charts that are refreshed in place tag the artists they move with a gid
    and find them again through this table.

    Parameters
    ----------
    ax : matplotlib.axes.Axes

    Returns
    -------
    dict of str to matplotlib.artist.Artist
        Lines, patches, texts and collections with a gid (a later artist
        wins over an earlier one with the same gid).

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> _ = ax.plot([0, 1], [0, 1], gid="trend")
    >>> list(artists_by_gid(ax))
    ['trend']

    Used in: every chart a simulation refreshes in place.
    """
    artists = [*ax.lines, *ax.patches, *ax.texts, *ax.collections]
    return {str(a.get_gid()): a for a in artists if a.get_gid()}


def critical_patch(label: str, *, edgecolor: str = COLORS["face"]) -> Patch:
    """Return the legend swatch of what is critical or beyond a limit.

    The course marks it by colour and hatch both: vermillion, hatched.

    Parameters
    ----------
    label : str
        The legend text ("critical (no float)", "over the baseline"...).
    edgecolor : str
        The hatch colour: white on a filled histogram, dark on bars.

    Returns
    -------
    matplotlib.patches.Patch

    Examples
    --------
    >>> critical_patch("over capacity").get_hatch()
    '///'

    Used in: every chart that marks the critical path or an overrun.
    """
    return Patch(
        facecolor=COLORS["critical"],
        hatch=HATCH_CRITICAL,
        edgecolor=edgecolor,
        label=label,
    )


def split_histogram(ax: Axes, edges: Any, *, inside: str, beyond: str) -> None:
    """Draw the two (empty) step histograms of a distribution split at a limit.

    The part inside the limit is plain blue, the part beyond it vermillion
    and hatched; a chart fills them later with ``set_data``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw (inside :func:`course_style`).
    edges : array_like
        The bin edges.
    inside, beyond : str
        The gids of the two histograms.

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> split_histogram(ax, [0, 1, 2], inside="on_time", beyond="late")
    >>> [p.get_gid() for p in ax.patches]
    ['on_time', 'late']

    Used in: lesson 02, budgeting (reserves); lesson 05, risk (Monte Carlo).
    """
    zeros = np.zeros(len(edges) - 1)
    ax.stairs(zeros, edges, fill=True, color=COLORS["normal"], gid=inside)
    ax.stairs(
        zeros,
        edges,
        fill=True,
        facecolor=COLORS["critical"],
        edgecolor=COLORS["face"],
        hatch=HATCH_CRITICAL,
        linewidth=0,
        gid=beyond,
    )


def dollars(x: float, _pos: object = None) -> str:
    """Format an amount of dollars for an axis: $950, $12.5k, $1.2M.

    Parameters
    ----------
    x : float
        The amount.
    _pos : object
        Ignored (matplotlib passes the tick position).

    Returns
    -------
    str

    Examples
    --------
    >>> dollars(950), dollars(12_500), dollars(-3_000), dollars(1_250_000)
    ('$950', '$12.5k', '-$3k', '$1.25M')

    Used in: lesson 02, budgeting; lesson 04, earned value (chart axes).
    """
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a >= 1e6:
        return f"{sign}${a / 1e6:.3g}M"
    if a >= 1e3:
        return f"{sign}${a / 1e3:.3g}k"
    return f"{sign}${a:.0f}"


#: The ``dollars`` format as a matplotlib tick formatter.
DOLLARS = FuncFormatter(dollars)
