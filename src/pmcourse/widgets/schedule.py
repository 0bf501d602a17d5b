"""Scheduling simulations: the critical path explorer.

Used in: lesson 03, scheduling.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.artist import Artist

from pmcourse import schedule as sched
from pmcourse.core.checks import as_frame
from pmcourse.core.format import days
from pmcourse.plots.schedule import gantt, refresh_gantt
from pmcourse.plots.style import COLORS
from pmcourse.widgets.base import Simulation, drawing_order, left_title

__all__ = ["CriticalPathExplorer"]


def _days(n: float) -> str:
    """Return ``n`` with its unit, singular for exactly one: '1 day', '2.5 days'."""
    return days(n)


class CriticalPathExplorer(Simulation):
    """Change activity durations and watch the critical path and finish move.

    One slider per activity sets its duration in days. Every change reruns
    :func:`pmcourse.schedule.cpm` and redraws the Gantt chart: the critical
    path, the float of the other activities and the project finish update at
    once, and a line of text states the finish and the critical path.

    Parameters
    ----------
    tasks : DataFrame or list of dict
        A task table (``id``, ``duration``, ``predecessors``, optional
        ``name``), e.g. ``pmcourse.datasets.load("product_launch")``.
    deadline : float, optional
        A date to draw and compare the finish with, in days from the start.
    max_duration : float, optional
        The top of every slider; by default twice each planned duration
        (at least 10 days).

    Attributes
    ----------
    controls : dict of str to ipywidgets.IntSlider or FloatSlider
        One slider per task id.
    result : DataFrame
        The latest ``cpm`` result.
    critical_paths : list of list of str
        The latest critical chains, from
        :func:`pmcourse.schedule.critical_paths` (one per line in the summary,
        numbered on the Gantt chart's bars).
    plan : DataFrame
        The ``cpm`` result of the durations as given (the baseline).

    Raises
    ------
    ValueError
        If the task table is invalid (from :func:`pmcourse.schedule.cpm`).

    Examples
    --------
    >>> plan = [
    ...     {"id": "A", "duration": 3, "predecessors": ""},
    ...     {"id": "B", "duration": 2, "predecessors": "A"},
    ...     {"id": "C", "duration": 4, "predecessors": "A"},
    ... ]
    >>> app = CriticalPathExplorer(plan)
    >>> app.finish, app.critical_path
    (7.0, ['A', 'C'])
    >>> app.controls["B"].value = 6
    >>> app.finish, app.critical_path
    (9.0, ['A', 'B'])

    Used in: lesson 03, scheduling.
    """

    dpi = 80

    def __init__(
        self,
        tasks: Any,
        *,
        deadline: float | None = None,
        max_duration: float | None = None,
    ) -> None:
        table = as_frame(tasks)
        self.plan = sched.cpm(table)  # raises a clear ValueError for a bad table
        self.tasks = table.copy()
        self.deadline = deadline
        self.max_duration = max_duration
        self.ids = [str(i) for i in self.plan.index]
        self.names: dict[str, str] = {}
        if "name" in table.columns:
            self.names = {
                tid: str(name)
                for tid, name in zip(self.ids, table["name"].tolist(), strict=True)
                if isinstance(name, str) and name
            }
        self._planned = dict(
            zip(self.ids, table["duration"].astype(float).tolist(), strict=True)
        )
        self.critical_paths: list[list[str]] = []
        self.reset_button = widgets.Button(
            description="Back to the plan",
            icon="undo",
            tooltip="Set every duration back to its planned value",
        )
        self.reset_button.on_click(lambda _: self.reset())
        super().__init__(figsize=(9.5, 0.36 * len(self.ids) + 1.7))

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create one duration slider per task.

        Returns
        -------
        dict of str to ipywidgets.Widget
            Sliders keyed by task id.
        """
        whole = all(float(d).is_integer() for d in self._planned.values())
        controls: dict[str, widgets.Widget] = {}
        for tid, planned in self._planned.items():
            top = self.max_duration or max(10.0, 2 * planned)
            name = self.names.get(tid, "")
            label = f"{tid} {name}".strip()  # whole: no cut-off names
            kwargs = {
                "value": planned,
                "min": 0,
                "max": top,
                "description": label,
                "tooltip": f"{tid}: {name}" if name else tid,
                "continuous_update": False,
                "layout": widgets.Layout(width="490px"),
                "style": {"description_width": "270px"},
            }
            if whole:
                kwargs["value"], kwargs["max"] = int(planned), int(np.ceil(top))
                controls[tid] = widgets.IntSlider(**kwargs)
            else:
                controls[tid] = widgets.FloatSlider(step=0.5, **kwargs)
        return controls

    def compute(self) -> pd.DataFrame:
        """Run the critical path method on the sliders' durations.

        Returns
        -------
        DataFrame
            The :func:`pmcourse.schedule.cpm` result.
        """
        table = self.tasks.copy()
        table["duration"] = [float(self.controls[tid].value) for tid in self.ids]
        result = sched.cpm(table)
        self.critical_paths = sched.critical_paths(table)
        return result

    def draw(self) -> None:
        """Draw the Gantt chart of the latest result."""
        paths = self.critical_paths
        if self.ax.get_gid() == "gantt":
            refresh_gantt(self.ax, self.result, deadline=self.deadline, paths=paths)
        else:
            gantt(
                self.result,
                ax=self.ax,
                deadline=self.deadline,
                names=self.names,
                paths=paths,
            )
        # the time axis is drawn in steps of 10 days, so that most updates keep
        # it (and the bold row labels) in the cached background
        left, right = self.ax.get_xlim()
        self.ax.set_xlim(left, 10 * np.ceil(right / 10))
        static = (tuple(self.result["critical"].tolist()), self.ax.get_xlim())
        if static != getattr(self, "_drawn_static", None):
            self.redraw_all()  # bold labels of critical tasks or the time axis
            self._drawn_static = static
        for tid, critical in self.result["critical"].items():
            self.controls[str(tid)].style.handle_color = (
                COLORS["critical"] if critical else None
            )

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves on an update: bars, lines, labels, title.

        The task names, the time axis, the legend and the frame stay in the
        cached background (:meth:`draw` asks for a new one when they change).

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order.
        """
        ax = self.ax
        moving = [*ax.patches, *ax.lines, *ax.texts, *ax.spines.values()]
        moving.append(left_title(ax))  # where set_title(loc="left") puts it
        return drawing_order(moving)

    @property
    def finish(self) -> float:
        """The project finish of the latest result, in days."""
        return float(self.result["ef"].max())

    @property
    def critical_path(self) -> list[str]:
        """The critical tasks of the latest result, in order of early start."""
        return sched.critical_path(self.result)

    def describe(self) -> str:
        """Return the finish, its change from the plan, and the critical path.

        Returns
        -------
        str
            HTML for the summary line.
        """
        planned = float(self.plan["ef"].max())
        change = self.finish - planned
        delta = (
            "as planned"
            if change == 0
            else f"{_days(abs(change))} {'later' if change > 0 else 'earlier'} "
            "than planned"
        )
        text = f"<b>Finish: day {self.finish:g}</b> ({delta})"
        if self.deadline is not None:
            gap = self.deadline - self.finish
            text += f"; deadline day {self.deadline:g}: " + (
                f"{_days(gap)} to spare"
                if gap >= 0
                else f"<b>missed by {_days(-gap)}</b>"
            )
        chains = [" → ".join(html.escape(t) for t in p) for p in self.critical_paths]
        if len(chains) == 1:
            return f"{text}<br><b>Critical path:</b> {chains[0]}"
        lines = "".join(f"<li>path {k}: {c}</li>" for k, c in enumerate(chains, 1))
        return (
            f"{text}<br><b>{len(chains)} critical paths</b> (a delay on any of "
            f"them delays the finish):<ol style='margin: 0'>{lines}</ol>"
        )

    def reset(self) -> None:
        """Set every slider back to the planned duration and update once."""
        self.set_values(**{tid: self._planned[tid] for tid in self.ids})

    def layout(self) -> widgets.Widget:
        """Arrange the sliders in two columns above the summary and the chart.

        Returns
        -------
        ipywidgets.Widget
            The explorer as one widget.
        """
        sliders = list(self.controls.values())
        legend = widgets.HTML(
            "<b>Durations (working days).</b> Release a handle to recompute; "
            "critical activities have orange-red handles."
        )
        columns = widgets.GridBox(  # two columns, one where the page is narrow
            sliders,
            layout=widgets.Layout(
                grid_template_columns="repeat(auto-fill, minmax(490px, 1fr))"
            ),
        )
        return widgets.VBox(
            [legend, columns, self.reset_button, self.summary, self.message, self.image]
        )
