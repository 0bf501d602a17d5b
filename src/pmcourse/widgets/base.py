"""The base class of every course simulation: controls -> library -> chart.

A simulation is a small object a lesson displays in one line. It holds

- ``controls``: the ipywidgets a learner moves, by name;
- ``result``: the latest value computed by the pure library;
- ``figure`` and ``ax``: the matplotlib chart of that result;
- ``update()``: what the controls' observers call on every change.

Subclasses write four small methods: :meth:`Simulation.build_controls`,
:meth:`Simulation.compute` (call the library, return the result),
:meth:`Simulation.draw` (plot ``self.result`` on ``self.ax``) and
:meth:`Simulation.describe` (a sentence of HTML about the result).

The chart is rendered to PNG and swapped into an :class:`ipywidgets.Image`,
so the picture changes in place without the flicker of clearing an output
area. A value the library rejects is shown to the learner as a short message,
not a traceback, and the last good chart stays on screen.

Used in: every lesson's simulation.
"""

from __future__ import annotations

import base64
import html
import io
import time
from collections.abc import Iterable, Sequence
from typing import Any

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image as PILImage

from pmcourse.plots.alt import alt_text
from pmcourse.plots.style import course_style, new_figure

__all__ = [
    "ChartImage",
    "Displayable",
    "Simulation",
    "drawing_order",
    "left_title",
    "slider",
]


def slider(
    kind: type, *, label_width: str, width: str, **kwargs: Any
) -> widgets.Widget:
    """Return a slider that recomputes on release, with a fixed label width.

    Parameters
    ----------
    kind : type
        ``ipywidgets.IntSlider`` or ``ipywidgets.FloatSlider``.
    label_width, width : str
        CSS widths of the description and of the whole control.
    **kwargs
        Passed to the slider (value, min, max, step, description...).

    Returns
    -------
    ipywidgets.Widget

    Examples
    --------
    >>> s = slider(widgets.IntSlider, label_width="100px", width="300px",
    ...            value=3, min=1, max=9, description="Team size")
    >>> s.value, s.continuous_update
    (3, False)
    """
    return kind(
        continuous_update=False,
        style={"description_width": label_width},
        layout=widgets.Layout(width=width),
        **kwargs,
    )


def left_title(ax: Axes) -> Artist:
    """Return the text artist of an axes' left title (where ``set_title`` puts it).

    Simulations that redraw only what moves list it among their moving
    artists; matplotlib keeps it in a private attribute, read here only.

    Parameters
    ----------
    ax : matplotlib.axes.Axes

    Returns
    -------
    matplotlib.text.Text

    Examples
    --------
    >>> from pmcourse.plots.style import new_figure
    >>> fig, ax = new_figure(pyplot=False)
    >>> _ = ax.set_title("Ahead", loc="left")
    >>> left_title(ax).get_text()
    'Ahead'

    Used in: every simulation's ``dynamic_artists``.
    """
    return ax._left_title  # type: ignore[attr-defined]


def drawing_order(artists: Iterable[Artist]) -> list[Artist]:
    """Sort artists as matplotlib draws them: by zorder, ties in the given order.

    Parameters
    ----------
    artists : iterable of matplotlib.artist.Artist

    Returns
    -------
    list of matplotlib.artist.Artist

    Used in: every simulation's ``dynamic_artists``.
    """
    return sorted(artists, key=lambda artist: artist.get_zorder())


class ChartImage(widgets.HTML):
    """A simulation's chart on screen: an ``<img>`` that carries its alt text.

    ipywidgets' ``Image`` cannot carry an ``alt`` attribute (and giving it a
    ``tooltip`` stops JupyterLab from drawing it), so the chart is sent as an
    HTML widget holding ``<img alt="..." src="data:image/png;base64,...">``:
    a screen reader reads the text alternative where the chart is, and the
    static form of the course keeps the same markup.

    Attributes
    ----------
    png : bytes
        The chart's latest PNG image.
    alt : str
        Its text alternative.

    Examples
    --------
    >>> chart = ChartImage()
    >>> chart.show(b"PNG bytes", "Finish: day 35.")
    >>> chart.png, chart.alt
    (b'PNG bytes', 'Finish: day 35.')
    >>> chart.value.startswith('<img alt="Finish: day 35." src="data:image/png;')
    True

    Used in: every simulation's chart.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.png = b""
        self.alt = ""
        self.add_class("pmcourse-chart")

    def show(self, png: bytes, alt: str) -> None:
        """Show a new chart image with its text alternative.

        Parameters
        ----------
        png : bytes
            The PNG image.
        alt : str
            What the chart shows, in words.
        """
        self.png, self.alt = png, alt
        encoded = base64.b64encode(png).decode("ascii")
        self.value = (
            f'<img alt="{html.escape(alt, quote=True)}" '
            f'src="data:image/png;base64,{encoded}" style="max-width: 100%;">'
        )


class Displayable:
    """A mixin: an object a notebook shows as the widget its :meth:`layout` builds.

    Subclasses write :meth:`layout`; ``widget`` builds it once, and the
    notebook display hooks show it.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> class Hello(Displayable):
    ...     def layout(self):
    ...         return widgets.HTML("hello")
    >>> app = Hello()
    >>> app.widget is app.widget, app.widget.value
    (True, 'hello')

    Used in: every lesson's simulation and self-check.
    """

    _widget: widgets.Widget | None = None

    def layout(self) -> widgets.Widget:
        """Build the whole object as one widget.

        Returns
        -------
        ipywidgets.Widget
        """
        raise NotImplementedError

    @property
    def widget(self) -> widgets.Widget:
        """The displayable layout (built once)."""
        if self._widget is None:
            self._widget = self.layout()
        return self._widget

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        from pmcourse.widgets import static  # the course website's static form

        if static.enabled():
            return static.display_static(self)
        display(self.widget)


class Simulation(Displayable):
    """Base class for an interactive simulation (see the module docstring).

    Parameters
    ----------
    figsize : tuple of float, optional
        Chart size in inches; the class attribute ``figsize`` by default.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        The learner's controls, by name; set ``controls[name].value`` to move one.
    result : Any
        The latest result of :meth:`compute` (None before the first update).
    error : str or None
        The message shown for the last rejected input, or None.
    figure : matplotlib.figure.Figure
        The chart (not registered with pyplot).
    ax : matplotlib.axes.Axes
        The chart's axes.
    last_update_ms : float
        How long the last :meth:`update` took, in milliseconds.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> class Double(Simulation):
    ...     def build_controls(self):
    ...         return {"x": widgets.IntSlider(value=2)}
    ...     def compute(self):
    ...         return 2 * self.controls["x"].value
    ...     def draw(self):
    ...         self.ax.clear()
    ...         self.ax.bar([0], [self.result])
    >>> app = Double()
    >>> app.controls["x"].value = 5
    >>> app.result
    10

    Used in: every lesson's simulation.
    """

    #: Chart size in inches (width, height).
    figsize: tuple[float, float] = (9.0, 4.5)
    #: Resolution of the rendered chart in dots per inch.
    dpi: int = 90

    def __init__(self, figsize: tuple[float, float] | None = None) -> None:
        self.figure: Figure
        self.ax: Axes
        self.figure, self.ax = new_figure(*(figsize or self.figsize), pyplot=False)
        self.figure.set_dpi(self.dpi)
        self._canvas = FigureCanvasAgg(self.figure)
        self._background: Any = None
        self.result: Any = None
        self.error: str | None = None
        self.last_update_ms: float = float("nan")
        self.chart_alt = ""
        self.image = ChartImage()
        self.summary = widgets.HTML()
        self.message = widgets.HTML()
        self._paused = False
        self._widget: widgets.Widget | None = None
        self.controls: dict[str, widgets.Widget] = self.build_controls()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self.update()

    # --- what subclasses write ----------------------------------------------

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the controls, by name.

        Returns
        -------
        dict of str to ipywidgets.Widget
            Widgets with a ``value`` trait.
        """
        raise NotImplementedError

    def compute(self) -> Any:
        """Call the pure library with the controls' values and return the result.

        Returns
        -------
        Any
            The new ``result``.

        Raises
        ------
        ValueError
            For values the library rejects; the learner sees the message.
        """
        raise NotImplementedError

    def draw(self) -> None:
        """Draw ``self.result`` on ``self.ax``.

        The axes keeps what the previous call drew: clear it first
        (``self.ax.clear()``) to redraw from scratch, or, faster, move the
        existing artists to the new result.
        """
        raise NotImplementedError

    def describe(self) -> str:
        """Return one or two sentences of HTML about ``self.result``.

        Returns
        -------
        str
            HTML shown above the chart (empty by default).
        """
        return ""

    def layout(self) -> widgets.Widget:
        """Arrange the controls, summary, message and chart.

        Returns
        -------
        ipywidgets.Widget
            The whole simulation as one widget.
        """
        return widgets.VBox(
            [widgets.VBox(list(self.controls.values())), self.summary, self.message]
            + [self.image]
        )

    # --- the machinery ------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """Return the controls' current values, by name.

        Returns
        -------
        dict
            ``{name: control.value}``.
        """
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, change: dict[str, Any]) -> None:
        if not self._paused:
            self.update()

    def update(self) -> None:
        """Recompute the result and redraw the chart from the controls' values.

        A ``ValueError`` or ``TypeError`` from the library becomes a friendly
        message under the controls (``self.error``); the previous result and
        chart stay. Any other error is reported the same way, so a learner
        never sees a traceback from a slider.
        """
        start = time.perf_counter()
        try:
            result = self.compute()
        except (ValueError, TypeError) as exc:
            self._show_error(str(exc))
            return
        except Exception as exc:  # a learner must not see a traceback
            self._show_error(f"something unexpected went wrong ({exc!r})")
            return
        self.result = result
        try:
            self.draw()
            self.summary.value = self.describe()
            png = self.render_png()
            # the chart's text alternative goes with the image (its alt);
            # never an Image widget's tooltip: JupyterLab then fails to draw it
            self.chart_alt = alt_text(self.figure)
            self.image.show(png, self.chart_alt)
        except Exception as exc:  # the same for a drawing problem
            self._show_error(f"the chart could not be drawn ({exc!r})")
            return
        self.error = None
        self.message.value = ""
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def _show_error(self, text: str) -> None:
        self.error = text
        self.message.value = (
            '<div style="border-left: 4px solid #D55E00; padding: 4px 10px; '
            'background: rgba(213, 94, 0, 0.08);">'
            f"<b>That setting can't be computed:</b> {html.escape(text)}.<br>"
            "Move the control back, or try another value. The chart shows the "
            "last setting that worked.</div>"
        )

    def side_by_side(self, n: int = 2) -> list[Axes]:
        """Replace the chart's single axes by ``n`` side-by-side panels.

        Sets ``self.axes`` (the panels, left to right) and ``self.ax`` (the
        first); call it once, from the first :meth:`draw`.

        Parameters
        ----------
        n : int
            Number of panels.

        Returns
        -------
        list of matplotlib.axes.Axes
        """
        self.figure.clear()
        with course_style():
            self.axes = list(self.figure.subplots(1, n))
        self.ax = self.axes[0]
        return self.axes

    def dynamic_artists(self) -> list[Artist] | None:
        """Return the artists that change between updates, or None.

        A simulation whose chart keeps most of its artists (axis labels,
        legend) and moves a few can list the moving ones here. The rest is
        then rendered once into a background that later updates paste back
        before drawing only these artists, which is several times faster than
        drawing the whole figure. None (the default) redraws everything.
        Call :meth:`redraw_all` when a static part changes.

        Returns
        -------
        list of matplotlib.artist.Artist or None
            The artists to draw on every update.
        """
        return None

    def redraw_all(self) -> None:
        """Draw the whole figure on the next render (the static parts changed)."""
        self._background = None

    def render_png(self) -> bytes:
        """Render the chart as PNG bytes.

        Returns
        -------
        bytes
            The PNG image.
        """
        canvas = self._canvas
        moving = self.dynamic_artists()
        with course_style():
            if moving is None or self.figure.get_layout_engine() is not None:
                canvas.draw()
                # the first render placed the axes; keep that layout from now on,
                # which saves a third of the time of each later update
                self.figure.set_layout_engine(None)
            if moving is not None:
                self._background = blit(self.figure, moving, self._background)
        buffer = io.BytesIO()
        size = canvas.get_width_height(physical=True)
        # read Agg's buffer in place and drop alpha in C (the face is opaque):
        # a third faster than copying an RGB array out of it
        rgba = PILImage.frombuffer(
            "RGBA", size, canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        rgba.convert("RGB").save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def set_values(self, **values: Any) -> None:
        """Set several controls at once, then update once.

        Parameters
        ----------
        **values
            Control names and their new values.

        Raises
        ------
        ValueError
            If a name is not one of the controls.
        """
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(
                f"unknown control(s) {', '.join(unknown)}; controls: "
                + ", ".join(self.controls)
            )
        self._paused = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._paused = False
        self.update()


def blit(figure: Any, moving: Sequence[Any], background: Any = None) -> Any:
    """Draw only the moving artists over a cached background; return it.

    The first call draws the figure without the moving artists and keeps
    that picture as the background; later calls paste it and draw just the
    moving ones (an empty text is skipped: it draws nothing but costs time).

    Parameters
    ----------
    figure : matplotlib Figure
        A figure on an Agg canvas, already laid out.
    moving : sequence of Artist
        The artists that change from update to update.
    background : optional
        What an earlier call returned (``None``: draw it now).

    Returns
    -------
    object
        The background, for the next call.

    Examples
    --------
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); canvas = FigureCanvasAgg(fig)
    >>> (line,) = fig.add_subplot().plot([0, 1])
    >>> canvas.draw()
    >>> saved = blit(fig, [line]); blit(fig, [line], saved) is saved
    True
    """
    canvas = figure.canvas
    if background is None:
        visible = [artist.get_visible() for artist in moving]
        for artist in moving:
            artist.set_visible(False)
        canvas.draw()
        background = canvas.copy_from_bbox(figure.bbox)
        for artist, shown in zip(moving, visible, strict=True):
            artist.set_visible(shown)
    canvas.restore_region(background)
    for artist in moving:
        if isinstance(artist, Text) and not artist.get_text():
            continue
        figure.draw_artist(artist)
    return background
