"""The course's plot style, applied to one figure or axes at a time.

Nothing here changes matplotlib's global settings: importing the module has no
side effect. :func:`new_figure` makes a styled figure, :func:`style_axes` styles
an axes someone else made, and :func:`course_style` is a context manager for
drawing code that creates its own artists.

The style is made to read well in JupyterLab's light *and* dark themes: every
figure has an explicit white face, so its dark text keeps its contrast whatever
the page behind it. Colours come from the Okabe-Ito palette, which stays
distinguishable under the common forms of colour blindness; anything that
matters (the critical path, a deadline) is marked by a line style or hatch as
well as a colour.

Used in: every lesson with a chart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Okabe-Ito colours by name (Okabe and Ito, "Color Universal Design", 2008).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: Okabe-Ito's orange and sky blue darkened (same hue and saturation, lower
#: lightness) to reach 3:1 against the white face, as WCAG 2.1's non-text
#: contrast asks of marks that carry meaning; the originals reach 2.3:1.
ACCESSIBLE_ORANGE = "#C38700"
ACCESSIBLE_SKY_BLUE = "#1E9BE2"

#: The roles colours play in the course's charts.
COLORS: dict[str, str] = {
    "critical": OKABE_ITO["vermillion"],
    "normal": OKABE_ITO["blue"],
    "float": "#6E6E6E",
    "finish": "#222222",
    "deadline": OKABE_ITO["reddish_purple"],
    "highlight": ACCESSIBLE_ORANGE,
    "good": OKABE_ITO["bluish_green"],
    "secondary": ACCESSIBLE_SKY_BLUE,
    "text": "#222222",
    "muted": "#555555",
    "grid": "#DDDDDD",
    "face": "#FFFFFF",
}

#: Line styles and hatches that carry the same meaning as the colours.
LINESTYLES: dict[str, Any] = {
    "critical": "-",
    "normal": "-",
    "finish": "--",
    "deadline": "-.",
    "float": (0, (2, 1.5)),
}
HATCH_CRITICAL = "///"

#: The time axis of schedule charts: working days counted from day 0.
DAYS_LABEL = "Time (working days from project start)"

#: The colour cycle for series without a special role: every colour reaches
#: 3:1 on the white face (Okabe-Ito's yellow, 1.3:1, is left out).
CYCLE: list[str] = [
    OKABE_ITO["blue"],
    ACCESSIBLE_ORANGE,
    OKABE_ITO["bluish_green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["reddish_purple"],
    ACCESSIBLE_SKY_BLUE,
    OKABE_ITO["black"],
]

#: rcParams used while a course figure is being drawn (never set globally).
RC: dict[str, Any] = {
    "figure.facecolor": COLORS["face"],
    "figure.edgecolor": COLORS["face"],
    "savefig.facecolor": COLORS["face"],
    "axes.facecolor": COLORS["face"],
    "axes.edgecolor": COLORS["muted"],
    "axes.labelcolor": COLORS["text"],
    "axes.titlecolor": COLORS["text"],
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 10,
    "axes.prop_cycle": mpl.cycler(color=CYCLE),  # type: ignore[attr-defined]
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": COLORS["grid"],
    "grid.linewidth": 0.8,
    "xtick.color": COLORS["muted"],
    "ytick.color": COLORS["muted"],
    "xtick.labelcolor": COLORS["text"],
    "ytick.labelcolor": COLORS["text"],
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "text.color": COLORS["text"],
    "legend.frameon": False,
    "legend.fontsize": 9,
    "hatch.linewidth": 0.8,
    "font.size": 10,
    # unhinted glyphs render about twice as fast, which keeps simulations quick
    "text.hinting": "none",
}


@contextmanager
def course_style() -> Iterator[None]:
    """Apply the course's rcParams inside a ``with`` block only.

    Yields
    ------
    None
        Artists created inside the block take the course style; matplotlib's
        global settings are restored on exit.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> before = mpl.rcParams["axes.titleweight"]
    >>> with course_style():
    ...     mpl.rcParams["axes.titleweight"]
    'bold'
    >>> mpl.rcParams["axes.titleweight"] == before
    True

    Used in: every lesson with a chart.
    """
    seen: dict[str, Any] = {}
    try:
        with mpl.rc_context(RC):  # type: ignore[arg-type]
            try:
                yield
            finally:
                seen["interactive"] = mpl.rcParams["interactive"]
    finally:
        # A notebook's inline backend switches interactive mode on when the
        # first pyplot figure is made; if that happened inside the block, keep
        # it, or later figures would never be shown under their cells.
        if seen:
            mpl.rcParams["interactive"] = seen["interactive"]


def style_axes(
    ax: Axes,
    *,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    grid: Literal["both", "x", "y"] | None = "x",
) -> Axes:
    """Style one axes in the course style and set its title and labels.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to style (its figure gets a white face too).
    title : str, optional
        A title that says what the reader should see, not just what is drawn.
    xlabel, ylabel : str, optional
        Axis labels, with units in brackets, e.g. ``"Time (days)"``.
    grid : {"x", "y", "both"} or None
        Which light grid lines to draw behind the data.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes, for chaining.

    Raises
    ------
    ValueError
        If ``grid`` is not one of the allowed values.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> style_axes(ax, title="Costs rise after week 3", xlabel="Time (weeks)")
    <Axes: title={'left': 'Costs rise after week 3'}, xlabel='Time (weeks)'>

    Used in: every lesson with a chart.
    """
    if grid not in ("x", "y", "both", None):
        raise ValueError(f"grid must be 'x', 'y', 'both' or None, got {grid!r}")
    ax.figure.set_facecolor(COLORS["face"])
    ax.set_facecolor(COLORS["face"])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(COLORS["muted"])
    ax.tick_params(colors=COLORS["muted"], labelcolor=COLORS["text"], labelsize=9)
    if grid is not None:
        ax.grid(True, axis=grid, color=COLORS["grid"], linewidth=0.8)
        ax.set_axisbelow(True)
    if title is not None:
        set_title(ax, title)
    if xlabel is not None:
        ax.set_xlabel(xlabel, color=COLORS["text"], fontsize=10)
    if ylabel is not None:
        ax.set_ylabel(ylabel, color=COLORS["text"], fontsize=10)
    return ax


def set_title(ax: Axes, title: str) -> Axes:
    """Set an axes' title in the course style: left-aligned, bold, dark.

    The style is passed explicitly, so it holds even when the title is changed
    later outside :func:`course_style` (as simulations do on every update).
    The title's height is fixed, which also spares matplotlib from measuring
    the tick labels on every draw.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes.
    title : str
        A title that says what the reader should see.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Examples
    --------
    >>> fig, ax = new_figure(pyplot=False)
    >>> set_title(ax, "The finish moves to day 40").get_title(loc="left")
    'The finish moves to day 40'

    Used in: every lesson with a chart.
    """
    for loc in ("center", "right"):
        ax.set_title("", loc=loc)
    ax.set_title(
        title,
        loc="left",
        fontsize=12,
        fontweight="bold",
        color=COLORS["text"],
        y=1.02,
    )
    return ax


def new_figure(
    width: float = 9.0, height: float = 4.5, *, pyplot: bool = True, dpi: int = 100
) -> tuple[Figure, Axes]:
    """Create a figure with one axes in the course style.

    Parameters
    ----------
    width, height : float
        Size in inches.
    pyplot : bool
        True (the default) registers the figure with pyplot, so a notebook shows
        it under the cell. Widgets pass False: they render the figure themselves
        and must not leave figures behind in pyplot.
    dpi : int
        Resolution in dots per inch.

    Returns
    -------
    (Figure, Axes)
        The figure and its single axes.

    Raises
    ------
    ValueError
        If a size is not positive.

    Examples
    --------
    >>> fig, ax = new_figure(6, 3, pyplot=False)
    >>> fig.get_size_inches().tolist(), fig.get_facecolor()[:3]
    ([6.0, 3.0], (1.0, 1.0, 1.0))

    Used in: every lesson with a chart.
    """
    if width <= 0 or height <= 0:
        raise ValueError(
            f"width and height must be positive inches, got {width}, {height}"
        )
    size: dict[str, Any] = {"figsize": (width, height), "dpi": dpi, "layout": "tight"}
    face: dict[str, Any] = {"facecolor": COLORS["face"], "edgecolor": COLORS["face"]}
    if pyplot:
        # made outside course_style(): creating the first pyplot figure is what
        # sets up a notebook's inline backend, which must not be rolled back
        fig = plt.figure(**size, **face)
    else:
        fig = Figure(**size, **face)
    with course_style():
        ax = fig.add_subplot()
    style_axes(ax)
    return fig, ax


def new_panels(
    n: int = 2, width: float = 11.0, height: float = 4.2, *, pyplot: bool = True
) -> tuple[Figure, list[Axes]]:
    """Create a figure with ``n`` side-by-side axes in the course style.

    Parameters
    ----------
    n : int
        Number of panels (at least 1).
    width, height : float
        Figure size in inches.
    pyplot : bool
        Register the figure with pyplot (True, for notebooks) or not (widgets).

    Returns
    -------
    (Figure, list of Axes)
        The figure and its panels, left to right.

    Raises
    ------
    ValueError
        If ``n`` is less than 1.

    Examples
    --------
    >>> fig, axes = new_panels(2, pyplot=False)
    >>> len(axes)
    2

    Used in: lesson 06, Agile vs Waterfall; lesson 07, stakeholders.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1 panel, got {n}")
    fig, first = new_figure(width, height, pyplot=pyplot)
    first.remove()
    with course_style():
        axes = list(np.atleast_1d(fig.subplots(1, n)))
    for ax in axes:
        style_axes(ax, grid="y")
    return fig, axes
