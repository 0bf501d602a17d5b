"""The static form of a simulation or self-check, for the course's website.

A web page has no Python kernel behind it, so a live widget cannot run there.
When the environment variable ``PMCOURSE_STATIC_WIDGETS`` is set (``make
book`` sets it while it executes the lessons), a displayed simulation or
self-check is shown instead as plain HTML: the settings it starts with, its
summary, its chart (a PNG with a text alternative) and a link to run it live
in JupyterLab. Everywhere else (JupyterLab, the tests, grading) nothing
changes: the display hook of :class:`pmcourse.widgets.base.Displayable` asks
:func:`enabled` first.

The link points at :data:`RUN_LINK`; the book's build turns it into the
page's JupyterHub link, or into its "run the course" page when no hub is
configured.

Used in: every lesson's simulations and self-checks, on the course website.
"""

from __future__ import annotations

import base64
import html
import os
import re
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

if TYPE_CHECKING:  # base imports this module in its display hook
    from pmcourse.widgets.base import Displayable

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "RUN_LINK",
    "chart_alt",
    "display_static",
    "enabled",
    "plain_text",
    "static_bundle",
    "static_html",
    "widget_html",
]

#: Set to a non-empty value other than "0" to show widgets in their static form.
ENVIRONMENT_VARIABLE = "PMCOURSE_STATIC_WIDGETS"
#: The address the "run this in JupyterLab" link carries; the book replaces it.
RUN_LINK = "#run-in-jupyterlab"

_LETTERS = "ABCDEFGHIJ"
#: ``$...$`` maths in an ``HTMLMath`` widget (a backslash before ``$`` escapes it).
_INLINE_MATH = re.compile(r"(?<!\\)\$(?!\$)(.+?)(?<!\\)\$")
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SETTINGS = '<ul class="pmcourse-static-settings">'
_CHOICES = '<ul class="pmcourse-static-choices">'


def enabled() -> bool:
    """Say whether displayed widgets should take their static form.

    Returns
    -------
    bool
        True when ``PMCOURSE_STATIC_WIDGETS`` is set to something other
        than ``""`` or ``"0"``.

    Examples
    --------
    >>> import os
    >>> os.environ.pop(ENVIRONMENT_VARIABLE, None) and None
    >>> enabled()
    False
    """
    return os.environ.get(ENVIRONMENT_VARIABLE, "") not in ("", "0")


def plain_text(markup: str) -> str:
    r"""Return the text of an HTML fragment, tags removed, spaces collapsed.

    Parameters
    ----------
    markup : str
        An HTML fragment.

    Returns
    -------
    str

    Examples
    --------
    >>> plain_text("<b>Critical path:</b> A &rarr; C,<br>\n 38 days")
    'Critical path: A → C, 38 days'
    """
    text = _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", markup))).strip()
    return re.sub(r" ([,.;:!?])", r"\1", text)


def _math(markup: str) -> str:
    r"""Turn ``$x$`` into ``\(x\)`` and ``\$`` into ``$`` (HTMLMath to MathJax)."""
    converted = _INLINE_MATH.sub(lambda m: rf"\({m.group(1)}\)", markup)
    return converted.replace(r"\$", "$")


def _hidden(widget: widgets.Widget) -> bool:
    layout = getattr(widget, "layout", None)
    return layout is not None and (
        layout.display == "none" or layout.visibility == "hidden"
    )


def _value_text(widget: widgets.Widget) -> str:
    """Return a control's current value as a person would read it."""
    label = getattr(widget, "label", None)
    if isinstance(label, str) and label:
        return label
    value = widget.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return " to ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _setting(widget: widgets.Widget) -> str:
    name = plain_text(getattr(widget, "description", "") or "").rstrip(":")
    tooltip = getattr(widget, "tooltip", None)
    if name.endswith("…") and tooltip:  # a label shortened to fit: say it all
        name = plain_text(str(tooltip))
    bounds = ""
    if isinstance(getattr(widget, "min", None), int | float) and isinstance(
        getattr(widget, "max", None), int | float
    ):
        bounds = f" (from {widget.min:g} to {widget.max:g})"
    return (
        f'{_SETTINGS}<li><span class="pmcourse-static-setting">'
        f"{html.escape(name or 'setting')}</span>: "
        f"<strong>{html.escape(_value_text(widget))}</strong>"
        f"{html.escape(bounds)}</li></ul>"
    )


def _img(png: bytes, alt: str) -> str:
    encoded = base64.b64encode(png).decode("ascii")
    return (
        f'<img class="pmcourse-static-chart" src="data:image/png;base64,{encoded}" '
        f'alt="{html.escape(alt, quote=True)}" style="max-width: 100%;">'
    )


def _output(widget: widgets.Output, alt: str) -> str:
    parts = []
    for output in widget.outputs:
        data = output.get("data", {})
        if "text/html" in data:
            parts.append(str(data["text/html"]))
        elif "image/png" in data:
            png_alt = output.get("metadata", {}).get("image/png", {}).get("alt", alt)
            parts.append(_img(base64.b64decode(data["image/png"]), png_alt))
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(str(data['text/plain']))}</pre>")
        elif output.get("output_type") == "stream":
            parts.append(f"<pre>{html.escape(str(output.get('text', '')))}</pre>")
    return "".join(parts)


def _render(widget: widgets.Widget, alt: str, choices: bool) -> str:
    if _hidden(widget):
        return ""
    if isinstance(widget, widgets.Box):
        inner = "".join(_render(child, alt, choices) for child in widget.children)
        return f"<div>{inner}</div>"
    png = getattr(widget, "png", None)
    if isinstance(widget, widgets.HTML) and isinstance(png, bytes):
        # a simulation's chart (base.ChartImage; base imports this module)
        return _img(png, alt) if png else ""
    if isinstance(widget, widgets.HTMLMath):
        return f'<div class="mathjax_process">{_math(str(widget.value))}</div>'
    if isinstance(widget, widgets.HTML):
        return str(widget.value)
    if isinstance(widget, widgets.Label):
        return f"<p>{html.escape(str(widget.value))}</p>"
    if isinstance(widget, widgets.Image):
        return _img(bytes(widget.value), alt) if widget.value else ""
    if isinstance(widget, widgets.Output):
        return _output(widget, alt)
    if isinstance(widget, widgets.Button):  # an answer to pick, or an action
        label = widget.description or widget.tooltip or ""
        if not (choices and label):
            return ""
        return f"{_CHOICES}<li>{html.escape(label)}</li></ul>"
    if isinstance(widget, widgets.Play) or not hasattr(widget, "value"):
        return ""
    return _setting(widget)


def widget_html(
    widget: widgets.Widget, alt: str = "Chart of the simulation", choices: bool = False
) -> str:
    r"""Render an ipywidgets tree as static HTML, in its current state.

    Containers become ``div`` elements, HTML widgets keep their markup,
    controls become "description: value" items, images become ``<img>``
    elements with ``alt``. Buttons become the list of choices they offer
    when ``choices`` is true (a question's answers), and are left out
    otherwise (actions need a kernel), as are hidden widgets.

    Parameters
    ----------
    widget : ipywidgets.Widget
        The root of the tree.
    alt : str
        The text alternative of any image in the tree.
    choices : bool
        Whether buttons are answers to list.

    Returns
    -------
    str
        An HTML fragment.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> tree = widgets.VBox([
    ...     widgets.HTML("<b>Plan</b>"),
    ...     widgets.IntSlider(value=4, min=1, max=9, description="Team"),
    ...     widgets.Checkbox(value=True, description="Buffer")])
    >>> print(widget_html(tree).replace("<li>", "\n<li>"))
    <div><b>Plan</b><ul class="pmcourse-static-settings">
    <li><span class="pmcourse-static-setting">Team</span>: <strong>4</strong> (from 1 to 9)</li>
    <li><span class="pmcourse-static-setting">Buffer</span>: <strong>yes</strong></li></ul></div>
    """  # noqa: E501
    rendered = _render(widget, alt, choices)
    # neighbouring settings (or choices) form one list
    for start in (_SETTINGS, _CHOICES):
        rendered = rendered.replace("</ul>" + start, "")
    return rendered


def chart_alt(app: Displayable) -> str:
    """Return the text alternative of a simulation's chart.

    A simulation that has an ``alt_text`` (a string, or a method returning
    one) gives it; otherwise the text is made from the chart's titles and
    axis labels and the simulation's summary of its result.

    Parameters
    ----------
    app : Displayable
        A simulation (anything with ``figure`` and ``summary``) or any other
        displayable object.

    Returns
    -------
    str
        A non-empty description of what the chart shows.

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> from pmcourse.widgets.base import Simulation
    >>> class Double(Simulation):
    ...     def build_controls(self):
    ...         return {"x": widgets.IntSlider(value=2, description="x")}
    ...     def compute(self):
    ...         return 2 * self.controls["x"].value
    ...     def draw(self):
    ...         self.ax.clear()
    ...         self.ax.bar([0], [self.result])
    ...         self.ax.set_title("Twice x", loc="left")
    ...         self.ax.set_ylabel("value")
    ...     def describe(self):
    ...         return f"<b>2x = {self.result}</b>"
    >>> chart_alt(Double())
    'Chart: Twice x (value). 2x = 4'
    """
    custom = getattr(app, "alt_text", None)
    if callable(custom):
        custom = custom()
    if isinstance(custom, str) and custom.strip():
        return custom.strip()
    pieces = []
    figure = getattr(app, "figure", None)
    for ax in figure.axes if figure is not None else []:
        title = " ".join(
            t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t
        )
        labels = [label for label in (ax.get_ylabel(), ax.get_xlabel()) if label]
        words = [title] if title else []
        if labels:
            words.append("(" + ", ".join(labels) + ")")
        if words:
            pieces.append(" ".join(words))
    text = "Chart: " + "; ".join(pieces) + "." if pieces else "Chart of the simulation."
    summary = getattr(app, "summary", None)
    described = plain_text(str(getattr(summary, "value", "") or ""))
    return f"{text} {described}".strip()


def _kind(app: Displayable) -> str:
    # by class name: importing base here would close an import cycle
    if any(cls.__name__ == "Simulation" for cls in type(app).__mro__):
        return "simulation"
    if hasattr(app, "explanation") and hasattr(app, "options"):
        return "question"
    return "activity"


def _answer(app: Any) -> str:
    """Return the answer and explanation of a self-check, folded away."""
    letter = _LETTERS[app.answer] if isinstance(app.answer, int) else ""
    option = html.escape(str(app.options[app.answer]))
    return (
        "<details><summary>Show the answer</summary>"
        f'<div class="mathjax_process"><p><strong>{letter}. {option}</strong></p>'
        f"<p>{_math(str(app.explanation))}</p></div></details>"
    )


def static_html(app: Displayable) -> str:
    """Return the static form of a simulation, self-check or other activity.

    Parameters
    ----------
    app : Displayable
        The object a lesson displays.

    Returns
    -------
    str
        An HTML fragment: a note that says what the reader sees, the widget
        in its current state (see :func:`widget_html`), for a self-check its
        answer in a folded ``<details>``, and the "run this in JupyterLab"
        link (:data:`RUN_LINK`).

    Examples
    --------
    >>> from pmcourse.widgets import SelfCheck
    >>> q = SelfCheck("Float of a task with ES 4, LS 6?", ["0", "2"],
    ...               answer="2", explanation="LS - ES = 2 days.")
    >>> page = static_html(q)
    >>> "<li>B. 2</li>" in page, "Show the answer" in page, RUN_LINK in page
    (True, True, True)
    """
    kind = _kind(app)
    alt = chart_alt(app) if kind == "simulation" else "Chart of the activity"
    body = widget_html(app.widget, alt, choices=kind == "question")
    if kind == "simulation":
        note = (
            "An interactive simulation, shown here at its starting settings. "
            f'<a class="pmcourse-run-link" href="{RUN_LINK}">Run this simulation '
            "in JupyterLab</a> to move its controls and watch the chart change."
        )
    elif kind == "question":
        body += _answer(app)
        note = (
            "A self-check question: think of your answer, then unfold it. "
            f'<a class="pmcourse-run-link" href="{RUN_LINK}">Try it in '
            "JupyterLab</a> for instant feedback and hints."
        )
    else:
        note = (
            "An interactive activity, shown here as it starts. "
            f'<a class="pmcourse-run-link" href="{RUN_LINK}">Run it in '
            "JupyterLab</a> to use it."
        )
    return (
        f'<div class="pmcourse-static pmcourse-static-{kind}">'
        f'<p class="pmcourse-static-note">{note}</p>{body}</div>'
    )


def static_bundle(app: Displayable) -> dict[str, str]:
    """Return the mimebundle of the static form: ``text/html`` and ``text/plain``.

    Parameters
    ----------
    app : Displayable

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> from pmcourse.widgets import SelfCheck
    >>> q = SelfCheck("2 + 2?", ["3", "4"], answer=1, explanation="Four.")
    >>> sorted(static_bundle(q))
    ['text/html', 'text/plain']
    """
    page = static_html(app)
    return {"text/html": page, "text/plain": plain_text(page)}


def display_static(app: Displayable) -> None:
    """Display the static form of ``app`` in the running notebook.

    Parameters
    ----------
    app : Displayable
    """
    from IPython.display import display

    display(static_bundle(app), raw=True)
