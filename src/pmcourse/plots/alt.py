"""Text alternatives for the course's figures, and the one way to display them.

Every figure a lesson, an exercise or a simulation shows carries a text
alternative that states what it shows, made from the plotted data:

- a plot function that knows what its chart means says it with
  :func:`set_alt_text` (the Gantt chart names the finish and the critical
  paths, for example);
- any other axes is described from what is drawn on it by
  :func:`describe_axes`: title, axis labels and ranges, the named lines with
  their first, last and highest points, the bars with their values.

:func:`figure_bundle` turns a figure into the mimebundle a notebook stores:
``image/png`` with ``metadata["image/png"]["alt"]``, ``text/html`` with an
``<img alt=...>`` inside a ``<figure>`` and ``<figcaption>``, and the same
text as ``text/plain``. :func:`show` displays one figure that way, and
:func:`enable_alt_text` makes IPython display *every* matplotlib figure that
way (so the plain ``gantt(plan)`` of a lesson cell gets its alt text too).

Used in: every lesson's setup cell, and every simulation's chart.
"""

from __future__ import annotations

import base64
import html
import io
import weakref
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

__all__ = [
    "alt_text",
    "describe_axes",
    "enable_alt_text",
    "figure_bundle",
    "set_alt_text",
    "show",
    "undescribed_images",
]

_ALT: weakref.WeakKeyDictionary[Axes, str] = weakref.WeakKeyDictionary()
_MAX_ITEMS = 12


def set_alt_text(ax: Axes, text: str) -> Axes:
    """Attach the text alternative a plot function wrote for its axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes the function drew on.
    text : str
        What the chart shows, in a sentence or three, from the data.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the text is empty.

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> _ = set_alt_text(ax, "Costs rise from $1,000 to $4,000.")
    >>> alt_text(fig)
    'Costs rise from $1,000 to $4,000.'
    """
    if not str(text).strip():
        raise ValueError("alt text must state what the figure shows, got ''")
    _ALT[ax] = " ".join(str(text).split())
    return ax


def _num(x: float) -> str:
    """Format a number briefly: 35, 2.5, 1,234, 0.071."""
    x = float(x)
    if not np.isfinite(x):
        return str(x)
    if abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _visible_label(label: object) -> str:
    text = str(label or "")
    return "" if text.startswith("_") else text


def _lines(ax: Axes) -> list[str]:
    out = []
    for line in ax.get_lines():
        if not line.get_visible():
            continue
        x = np.asarray(line.get_xdata(), dtype=float).ravel()
        y = np.asarray(line.get_ydata(), dtype=float).ravel()
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        if len(x) == 0:
            continue
        name = _visible_label(line.get_label())
        if len(x) == 2 and (x[0] == x[1] or y[0] == y[1]):
            where = f"x = {_num(x[0])}" if x[0] == x[1] else f"y = {_num(y[0])}"
            out.append(f"{name or 'a reference line'} at {where}")
            continue
        if not name and len(x) < 3:
            continue
        top = int(np.argmax(y))
        out.append(
            f"{name or 'a line'}: {len(x)} points from ({_num(x[0])}, {_num(y[0])})"
            f" to ({_num(x[-1])}, {_num(y[-1])}), highest {_num(y[top])}"
            f" at {_num(x[top])}"
        )
    return out


def _bars(ax: Axes) -> list[str]:
    out = []
    tick_labels: dict[bool, list[str]] = {}  # by orientation: asked once per axes
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        patches = [p for p in container.patches if p.get_visible()]
        if not patches:
            continue
        horizontal = container.orientation == "horizontal"
        values = [p.get_width() if horizontal else p.get_height() for p in patches]
        name = _visible_label(container.get_label())
        if horizontal not in tick_labels:
            ticks = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
            tick_labels[horizontal] = [t.get_text() for t in ticks]
        labels = tick_labels[horizontal]
        pairs = [
            f"{labels[k]} {_num(v)}" if k < len(labels) and labels[k] else _num(v)
            for k, v in enumerate(values[:_MAX_ITEMS])
        ]
        more = (
            f" and {len(values) - _MAX_ITEMS} more" if len(values) > _MAX_ITEMS else ""
        )
        out.append(
            f"{name + ': ' if name else ''}{len(values)} bars "
            f"({', '.join(pairs)}{more})"
        )
    return out


def describe_axes(ax: Axes) -> str:
    """Describe a chart from what is drawn on it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes

    Returns
    -------
    str
        The title, the axes with their ranges, and the named series (lines with
        their first, last and highest points; bars with their values; the
        number of points of a scatter; the size of a grid of cells).

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> _ = ax.plot([0, 1, 2], [5, 9, 7], label="velocity")
    >>> _ = ax.set(title="Velocity settles", xlabel="Sprint", ylabel="Points")
    >>> print(describe_axes(ax))  # doctest: +NORMALIZE_WHITESPACE
    Chart: Velocity settles. Sprint on the horizontal axis from -0.1 to 2.1;
    Points on the vertical axis from 4.8 to 9.2. velocity: 3 points from (0, 5)
    to (2, 7), highest 9 at 1.
    """
    title = " ".join(
        t for t in (ax.get_title(loc=k) for k in ("left", "center", "right")) if t
    )
    parts = [f"Chart: {title}." if title else "Chart."]
    axes = []
    for name, label, lim in (
        ("horizontal", ax.get_xlabel(), ax.get_xlim()),
        ("vertical", ax.get_ylabel(), ax.get_ylim()),
    ):
        if label:
            low, high = sorted(lim)
            axes.append(f"{label} on the {name} axis from {_num(low)} to {_num(high)}")
    if axes:
        parts.append("; ".join(axes) + ".")
    series = _lines(ax) + _bars(ax)
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets())
        name = _visible_label(collection.get_label())
        if len(offsets) and name:
            series.append(f"{name}: {len(offsets)} points")
    for image in ax.get_images():
        shape = np.shape(np.asarray(image.get_array()))
        series.append(f"a grid of {shape[0]} by {shape[1]} cells")
    if series:
        parts.append("; ".join(series[:_MAX_ITEMS]) + ".")
    return " ".join(parts)


def alt_text(figure: Figure | Axes) -> str:
    """Return the text alternative of a figure: each chart's, in order.

    A chart whose plot function called :func:`set_alt_text` gives that text;
    any other is described by :func:`describe_axes`.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or matplotlib.axes.Axes

    Returns
    -------
    str
        Never empty.

    Examples
    --------
    >>> from pmcourse.plots import gantt
    >>> ax = gantt([{"id": "A", "duration": 3, "predecessors": ""},
    ...             {"id": "B", "duration": 2, "predecessors": "A"}])
    >>> alt_text(ax.figure)
    'Gantt chart of 2 tasks; the project finishes on day 5. Critical path: A, B.'
    """
    fig = _root(figure)
    texts = []
    for ax in fig.get_axes():
        if not ax.get_visible() or not ax.axison and ax not in _ALT:
            continue
        text = _ALT.get(ax) or describe_axes(ax)
        if text not in texts and text != "Chart.":
            texts.append(text)
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    if suptitle:
        texts.insert(0, f"{suptitle}.")
    return " ".join(texts) or "A chart without data."


def figure_bundle(
    figure: Figure | Axes, *, dpi: float | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Render a figure as a mimebundle that carries its text alternative.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or matplotlib.axes.Axes
    dpi : float, optional
        Resolution; the figure's own by default.

    Returns
    -------
    data : dict
        ``image/png`` (base64), ``text/html`` (a ``<figure>`` with the image,
        its ``alt`` and a ``<figcaption>``) and ``text/plain`` (the alt text).
    metadata : dict
        ``{"image/png": {"alt": ..., "width": ..., "height": ...}}``.

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> _ = set_alt_text(ax, "Risk falls week by week.")
    >>> data, meta = figure_bundle(fig, dpi=20)
    >>> meta["image/png"]["alt"], data["text/plain"]
    ('Risk falls week by week.', 'Risk falls week by week.')
    >>> '<img alt="Risk falls week by week."' in data["text/html"]
    True
    """
    fig = _root(figure)
    text = alt_text(fig)
    buffer = io.BytesIO()
    from pmcourse.plots.style import course_style

    with course_style():
        fig.savefig(buffer, format="png", dpi=dpi or fig.get_dpi(), bbox_inches="tight")
    png = buffer.getvalue()
    width, height = _png_size(png)
    encoded = base64.b64encode(png).decode("ascii")
    alt = html.escape(text, quote=True)
    page = (
        '<figure style="margin: 0">'
        f'<img alt="{alt}" src="data:image/png;base64,{encoded}" '
        f'width="{width}" height="{height}" style="max-width: 100%; height: auto"/>'
        f'<figcaption style="position: absolute; width: 1px; height: 1px; '
        f'overflow: hidden; clip: rect(0 0 0 0)">{html.escape(text)}</figcaption>'
        "</figure>"
    )
    data = {"image/png": encoded, "text/html": page, "text/plain": text}
    metadata = {"image/png": {"alt": text, "width": width, "height": height}}
    return data, metadata


def undescribed_images(outputs: list[dict[str, Any]]) -> tuple[int, int]:
    """Count a cell's image outputs and those that lack a text alternative.

    An image is described when its ``image/png`` metadata has a non-empty
    ``alt``, its ``text/html`` carries an ``alt`` attribute, and its
    ``text/plain`` is the same text (what :func:`figure_bundle` writes).

    Parameters
    ----------
    outputs : list of dict
        A notebook cell's outputs (nbformat's output dicts).

    Returns
    -------
    images : int
        How many outputs hold an ``image/png``.
    bare : int
        How many of them have no text alternative.

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> _ = set_alt_text(ax, "Cost rises.")
    >>> data, meta = figure_bundle(fig, dpi=20)
    >>> described = {"output_type": "display_data", "data": data, "metadata": meta}
    >>> bare = {"output_type": "display_data", "data": {"image/png": "x"}}
    >>> undescribed_images([described, bare])
    (2, 1)
    """
    images = bare = 0
    for out in outputs:
        data = out.get("data", {})
        if "image/png" not in data:
            continue
        images += 1
        alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
        page = data.get("text/html", "")
        if not (alt.strip() and 'alt="' in page and data.get("text/plain") == alt):
            bare += 1
    return images, bare


def _root(figure: Any) -> Figure:
    """Return the top-level figure of a figure, subfigure or axes."""
    fig = figure.get_figure(root=True) if hasattr(figure, "get_figure") else figure
    if not isinstance(fig, Figure):
        raise TypeError(f"expected a matplotlib figure or axes, got {figure!r}")
    return fig


def _png_size(png: bytes) -> tuple[int, int]:
    """Return (width, height) from a PNG's header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def show(figure: Figure | Axes | None = None) -> None:
    """Display a figure with its text alternative (see :func:`figure_bundle`).

    Parameters
    ----------
    figure : matplotlib.figure.Figure or matplotlib.axes.Axes, optional
        By default pyplot's current figure, which is then closed so that the
        inline backend does not show it a second time.

    Outside IPython (a plain script) the text alternative is printed instead.

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> _ = set_alt_text(ax, "Three risks, one above the threshold.")
    >>> show(fig)
    Three risks, one above the threshold.
    """
    from IPython import get_ipython
    from IPython.display import publish_display_data
    from matplotlib import pyplot as plt

    if figure is None:
        figure = plt.gcf()
    fig = _root(figure)
    if get_ipython() is None:
        print(alt_text(fig))
        return
    data, metadata = figure_bundle(fig)
    publish_display_data(data, metadata)
    if plt.fignum_exists(getattr(fig, "number", -1)):
        plt.close(fig)


def _display_figure(fig: Figure) -> bool:
    """IPython's display hook for a figure: publish the bundle with alt text."""
    from IPython.display import publish_display_data

    data, metadata = figure_bundle(fig)
    publish_display_data(data, metadata)
    return True


def enable_alt_text(shell: Any = None) -> bool:
    """Make IPython display every matplotlib figure with its text alternative.

    Registers a display hook for :class:`matplotlib.figure.Figure`, so the
    figures the inline backend shows at the end of a cell, and ``display(fig)``,
    go through :func:`figure_bundle`. Lessons call it in their setup cell.

    Parameters
    ----------
    shell : IPython.core.interactiveshell.InteractiveShell, optional
        The running shell by default.

    Returns
    -------
    bool
        True if a shell was found and the hook registered; False outside
        IPython (then nothing changes).

    Examples
    --------
    >>> enable_alt_text()  # outside IPython: nothing to do
    False
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency
            return False
        shell = get_ipython()
    if shell is None:
        return False
    formatter = shell.display_formatter.ipython_display_formatter
    formatter.for_type(Figure, _display_figure)
    return True
