"""Course plots: one style, applied per figure, and the charts lessons reuse.

Importing this package changes no matplotlib setting. See
:mod:`pmcourse.plots.style` for the style and :mod:`pmcourse.plots.schedule`
for the Gantt chart and network diagram.
"""

from pmcourse.plots.alt import (
    alt_text,
    describe_axes,
    enable_alt_text,
    figure_bundle,
    set_alt_text,
    show,
)
from pmcourse.plots.schedule import bar_spans, gantt, network_diagram, refresh_gantt
from pmcourse.plots.style import (
    COLORS,
    OKABE_ITO,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = [
    "COLORS",
    "OKABE_ITO",
    "alt_text",
    "describe_axes",
    "enable_alt_text",
    "figure_bundle",
    "set_alt_text",
    "show",
    "bar_spans",
    "course_style",
    "gantt",
    "network_diagram",
    "new_figure",
    "refresh_gantt",
    "set_title",
    "style_axes",
]
