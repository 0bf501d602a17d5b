"""Lesson 10's dashboard: lead a capstone project week by week in JupyterLab.

The dashboard shows this week's status report, the open decisions with a
control for each, the levers a lead always has (overtime, people,
communication, crashing, WIP limit, sprint commitment), an "Advance a week"
button, the event feed, morale and satisfaction gauges and three charts
(EVM S-curves, the Gantt of progress, people over time). It computes
nothing: each week it collects the controls into decisions, calls
:meth:`pmcourse.capstone.Project.step` and draws the report.

Used in: lesson 10, leading a project.
"""

from __future__ import annotations

import html
import io
import time
from typing import Any

import ipywidgets as widgets
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image as PILImage

from pmcourse import capstone
from pmcourse.plots.capstone import evm_history, people_chart, progress_chart
from pmcourse.plots.style import course_style
from pmcourse.widgets.base import Displayable, Simulation, blit, drawing_order

__all__ = ["CapstoneDashboard"]

LATER = "decide later"
TITLES = (
    "Earned value: are we earning what we spend?",
    "Progress against the plan",
    "Team and stakeholders (0-100)",
)
_TALK = {
    "status_meeting": "Status meeting with stakeholders",
    "one_to_ones": "One-to-ones with the team",
    "escalation": "Escalate a blocker to the sponsor",
    "rebaseline": "Ask the sponsor to re-baseline",
}


def _money(x: float) -> str:
    return f"${x:,.0f}"


# Artists that change only when the plan does (a re-plan, an accepted change,
# a cut): they live in the cached background, which is drawn again only when
# one of them moved. Everything else on the charts moves every week.
_SETTLED = frozenset({"pv", "bac", "bac_label", "plan", "deadline"})


def _signature(artist: Artist) -> tuple[Any, ...]:
    """Return what a settled artist looks like: its data, place and colour."""
    if isinstance(artist, Line2D):
        x, y = artist.get_data()
        return (np.asarray(x, float).tobytes(), np.asarray(y, float).tobytes())
    if isinstance(artist, Rectangle):
        return (artist.get_x(), artist.get_width(), artist.get_facecolor())
    if isinstance(artist, Text):
        return (artist.get_text(), artist.get_position())
    return (id(artist),)


def palette_png(canvas: FigureCanvasAgg, colors: int = 64) -> bytes:
    """Encode a rendered canvas as a palette PNG of at most ``colors`` colours.

    A chart holds a handful of colours and their anti-aliased blends, so a
    palette image looks the same as the full-colour one at a third of the
    bytes, and it is encoded about twice as fast.

    Parameters
    ----------
    canvas : FigureCanvasAgg
        A canvas that has been drawn.
    colors : int
        The size of the palette.

    Returns
    -------
    bytes
        The PNG image.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1), dpi=50)
    >>> canvas = FigureCanvasAgg(fig)
    >>> _ = fig.add_subplot().plot([0, 1], [1, 0])
    >>> canvas.draw()
    >>> palette_png(canvas)[1:4]
    b'PNG'
    """
    rgba = np.asarray(canvas.buffer_rgba())
    height, width = rgba.shape[:2]
    image = PILImage.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
    image = image.convert("RGB").quantize(colors, method=PILImage.Quantize.FASTOCTREE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class _Charts(Simulation):
    """The dashboard's three charts, redrawn by moving only what changes.

    The axes, the planned value, the plan bars and the deadline are drawn
    once into a background; each week pastes it back and draws only the
    curves, bars and labels that moved. The background is drawn again only
    when a settled artist changed (see :data:`_SETTLED`).
    """

    figsize = (14.0, 3.6)
    dpi = 72

    def __init__(self, dashboard: CapstoneDashboard) -> None:
        self.dashboard = dashboard
        self._shape: tuple[int, ...] = ()
        self._settled: tuple[Any, ...] = ()
        self._planned: tuple[tuple[Any, ...], list[float]] = ((), [])
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        return {}

    def compute(self) -> dict[str, Any]:
        return self.dashboard.result

    def planned_value(self) -> list[float]:
        """Return the current plan's cumulative PV per week (cached per plan)."""
        project = self.dashboard.project
        key = (
            *(a["plan"] for a in project.w.acts.values()),
            project.w.bac(),
        )
        if key != self._planned[0]:
            weeks = project.scenario.max_weeks
            self._planned = (key, [project.w.pv(k) for k in range(weeks + 1)])
        return self._planned[1]

    def draw(self) -> None:
        project = self.dashboard.project
        r = self.result
        weeks = float(project.scenario.max_weeks)
        shape = (len(r["activities"]),)
        if shape != self._shape:  # first draw, or the network grew
            self.side_by_side(3)
            self._shape = shape
            self.redraw_all()
        reports = [project.start_report, *project.reports]
        top = 1.8 * project.start_report["bac"]
        # the titles stay put (the status table gives the week's figures):
        # a text drawn anew every week would cost more than the curves
        evm_history(
            reports,
            self.planned_value(),
            self.axes[0],
            limits=(weeks, top),
            title=TITLES[0],
        )
        progress_chart(r, self.axes[1], weeks=weeks, title=TITLES[1])
        people_chart(reports, self.axes[2], weeks=weeks, title=TITLES[2])
        settled = tuple(_signature(a) for a in self._artists(moving=False))
        if settled != self._settled:
            self._settled = settled
            self.redraw_all()

    def _artists(self, *, moving: bool) -> list[Artist]:
        found: list[Artist] = []
        for ax in self.axes:
            for artist in [*ax.lines, *ax.texts, *ax.patches]:
                if (artist.get_gid() not in _SETTLED) == moving:
                    found.append(artist)
        return found

    def dynamic_artists(self) -> list[Artist]:
        return drawing_order(self._artists(moving=True))

    def render_png(self) -> bytes:
        """Render the chart as a palette PNG (see :func:`palette_png`)."""
        canvas = self._canvas
        moving = self.dynamic_artists()
        with course_style():
            if self.figure.get_layout_engine() is not None:
                canvas.draw()
                self.figure.set_layout_engine(None)  # keep the first layout
            self._background = blit(self.figure, moving, self._background)
        return palette_png(canvas)


class CapstoneDashboard(Displayable):
    """Play a capstone scenario in a notebook, one week per click.

    Parameters
    ----------
    scenario : str
        A name from :func:`pmcourse.capstone.scenarios`.
    seed : int
        The run's seed (the exercise uses the student's own).

    Attributes
    ----------
    project : pmcourse.capstone.Project
        The project being led.
    controls : dict of str to ipywidgets.Widget
        The levers by name (``overtime``, ``hire``, ``release``,
        ``communicate``, ``crash``, ``wip_limit``, ``sprint_commitment``)
        and one dropdown per open decision, named ``decision:<id>``.
    result : dict
        The latest report.
    last_update_ms : float
        How long the last week took (model, report and charts).

    Examples
    --------
    >>> app = CapstoneDashboard("substation_upgrade", seed=3)
    >>> app.controls["overtime"].value = 1
    >>> app.controls["communicate"].value = ("status_meeting",)
    >>> app.advance()["week"], app.project.log["decisions"][0]["overtime"]
    (1, 1)

    Used in: lesson 10, leading a project.
    """

    def __init__(self, scenario: str = "substation_upgrade", seed: int = 1) -> None:
        self.project = capstone.Project(scenario, seed)
        self.result: dict[str, Any] = self.project.last_report
        self.last_update_ms = float("nan")
        self.caption = widgets.HTML()
        self.status = widgets.HTML()
        self.feed = widgets.HTML()
        self.message = widgets.HTML()
        self.morale = widgets.FloatProgress(
            min=0, max=100, description="Team morale", style={"bar_color": "#009E73"}
        )
        self.satisfaction = widgets.FloatProgress(
            min=0, max=100, description="Stakeholders", style={"bar_color": "#0072B2"}
        )
        self.decision_box = widgets.VBox()
        self.button = widgets.Button(
            description="Advance a week",
            button_style="primary",
            tooltip="Apply the decisions above and play one week",
        )
        self.button.on_click(lambda _: self.advance())
        self.controls: dict[str, widgets.Widget] = {}
        self._feed: list[str] = []
        self._rows: dict[str, widgets.Widget] = {}
        self.charts: _Charts | None = None
        self._levers()
        self._refresh()
        self.charts = _Charts(self)
        self.image = self.charts.image
        self.draw()

    # ---------------------------------------------------------- controls
    def _levers(self) -> None:
        wide = {"description_width": "150px"}
        kind = self.project.scenario.kind
        c = self.controls
        c["overtime"] = widgets.Dropdown(
            options=[("none", 0), ("+10 % hours", 1), ("+20 % hours", 2)],
            value=0,
            description="Overtime",
            style=wide,
        )
        c["hire"] = widgets.BoundedIntText(
            value=0, min=0, max=3, description="Hire people", style=wide
        )
        c["release"] = widgets.BoundedIntText(
            value=0, min=0, max=3, description="Release people", style=wide
        )
        c["communicate"] = widgets.SelectMultiple(
            options=[(v, k) for k, v in _TALK.items()],
            description="Communicate",
            rows=4,
            style=wide,
        )
        c["crash"] = widgets.Dropdown(
            options=[("none", "")], description="Crash activity", style=wide
        )
        if kind != "predictive":
            c["wip_limit"] = widgets.BoundedIntText(
                value=0, min=0, max=20, description="WIP limit (0: none)", style=wide
            )
            c["sprint_commitment"] = widgets.BoundedIntText(
                value=0,
                min=0,
                max=200,
                description="Sprint commitment",
                style=wide,
            )

    def _open_decision_controls(self) -> None:
        """Show a dropdown per open decision, keeping the ones still open.

        A week usually leaves the open decisions as they were; their rows are
        kept (reset to "decide later") and only new ones are built, since
        building widgets is the slowest part of a week.
        """
        items = [
            i
            for i in self.result["open_decisions"]
            if i["kind"] in ("change_request", "risk")
        ]
        for key in [k for k in self.controls if k.startswith("decision:")]:
            self.controls[key].value = LATER
        shown = [i["id"] for i in items]
        if shown != getattr(self, "_shown", None):
            self._shown = shown
            for key in [k for k in self.controls if k.startswith("decision:")]:
                if key[len("decision:") :] not in shown:
                    del self.controls[key]
                    self._rows.pop(key, None)
            rows = [self._decision_row(item) for item in items]
            self.decision_box.children = rows or [
                widgets.HTML("<i>No open change requests or risks this week.</i>")
            ]
        self._crash_options()

    def _decision_row(self, item: dict[str, Any]) -> widgets.Widget:
        """Return the row of one open decision (built once, then kept)."""
        key = f"decision:{item['id']}"
        if key in self._rows:
            return self._rows[key]
        if item["kind"] == "change_request":
            options = [LATER, "accept", "reject", "defer"]
            text = (
                f"<b>{item['id']}</b> {html.escape(item['text'])}: "
                f"{item['work']:g} person-weeks, {_money(item['cost'])}, "
                f"value {item['value']}/5, asked by {item['requested_by']}"
            )
        else:
            options = [LATER, *item["responses"], "accept"]
            if "escalate" not in options:
                options.append("escalate")
            costs = ", ".join(
                f"{k} {_money(v.get('cost', 0))}" for k, v in item["responses"].items()
            )
            text = (
                f"<b>{item['id']}</b> {html.escape(item['text'])}: "
                f"p = {item['probability']:.0%} in weeks {item['window'][0]}-"
                f"{item['window'][1]}, impact {_money(item['cost'])} and "
                f"{item['work']:g} person-weeks ({costs})"
            )
        control = widgets.Dropdown(
            options=options, value=LATER, layout=widgets.Layout(width="160px")
        )
        self.controls[key] = control
        row = self._rows[key] = widgets.HBox([control, widgets.HTML(text)])
        return row

    def _crash_options(self) -> None:
        workable = [
            (f"{a['id']}: {a['name']}", a["id"])
            for a in self.result["activities"]
            if a["workable"] and a["kind"] == "activity" and a["percent"] < 100
        ]
        options = [("none", ""), *workable]
        if list(self.controls["crash"].options) != options:
            self.controls["crash"].options = options
        self.controls["crash"].value = ""

    def decisions(self) -> dict[str, Any]:
        """Collect the controls into this week's decisions.

        Returns
        -------
        dict
            Only what differs from "nothing new" (see
            :mod:`pmcourse.capstone.decisions`).
        """
        c = self.controls
        report = self.result
        dec: dict[str, Any] = {}
        if c["overtime"].value != report["overtime"]:
            dec["overtime"] = c["overtime"].value
        for key in ("hire", "release"):
            if c[key].value:
                dec[key] = c[key].value
        if c["communicate"].value:
            dec["communicate"] = list(c["communicate"].value)
        if c["crash"].value:
            dec["crash"] = [c["crash"].value]
        if "wip_limit" in c and c["wip_limit"].value:
            if c["wip_limit"].value != report["wip_limit"]:
                dec["wip_limit"] = c["wip_limit"].value
        if "sprint_commitment" in c and c["sprint_commitment"].value:
            if report["sprint_start"]:
                dec["sprint_commitment"] = c["sprint_commitment"].value
        for item in report["open_decisions"]:
            control = c.get(f"decision:{item['id']}")
            if control is None or control.value == LATER:
                continue
            key = (
                "change_requests"
                if item["kind"] == "change_request"
                else "risk_responses"
            )
            dec.setdefault(key, {})[item["id"]] = control.value
        return dec

    # ---------------------------------------------------------- the week
    def advance(self) -> dict[str, Any]:
        """Play one week with the controls' decisions and redraw everything.

        A decision the project refuses is shown as a message and the week is
        not played.

        Returns
        -------
        dict
            The report now shown (the new week's, or the old one if refused).
        """
        if self.project.done:
            self.message.value = "<b>The project is over.</b> Read the debrief below."
            return self.result
        start = time.perf_counter()
        try:
            self.result = self.project.step(self.decisions())
        except ValueError as exc:
            self.message.value = (
                f"<b>That decision can't be played:</b> {html.escape(str(exc))}."
            )
            return self.result
        self.message.value = ""
        for key in ("hire", "release", "sprint_commitment"):
            if key in self.controls:
                self.controls[key].value = 0
        self.controls["communicate"].value = ()
        self._refresh()
        self.last_update_ms = (time.perf_counter() - start) * 1000
        return self.result

    def play(self, weeks: int) -> dict[str, Any]:
        """Advance ``weeks`` weeks with the current controls (stops at the end).

        Parameters
        ----------
        weeks : int
            How many weeks to play.

        Returns
        -------
        dict
            The latest report.
        """
        for _ in range(weeks):
            if self.project.done:
                break
            self.advance()
        return self.result

    def _refresh(self) -> None:
        r = self.result
        self._open_decision_controls()
        self.morale.value = r["morale"]
        self.morale.description = f"Morale {r['morale']:.0f}"
        self.satisfaction.value = r["stakeholder_satisfaction"]
        self.satisfaction.description = (
            f"Stakeholders {r['stakeholder_satisfaction']:.0f}"
        )
        self.status.value = self.status_html()
        for event in r["events"]:
            self._feed.insert(0, f"week {r['week']}: {html.escape(event)}")
        items = "".join(f"<li>{e}</li>" for e in self._feed[:12])
        self.feed.value = f"<b>Events</b><ul>{items or '<li>none yet</li>'}</ul>"
        if self.project.done:
            self.button.disabled = True
            self.button.description = "Project over"
        if self.charts is not None:
            self.draw()

    def status_html(self) -> str:
        """Return this week's status report as an HTML table.

        Returns
        -------
        str
        """
        r = self.result
        done = (
            "finished" if r["finished"] else f"forecast week {r['forecast_finish']:.1f}"
        )
        rows = [
            ("Week", f"{r['week']} of {r['deadline']:.0f} planned ({done})"),
            (
                "PV / EV / AC",
                f"{_money(r['pv'])} / {_money(r['ev'])} / {_money(r['ac'])}",
            ),
            ("CPI / SPI", f"{r['cpi']:.2f} / {r['spi']:.2f}"),
            ("BAC / EAC", f"{_money(r['bac'])} / {_money(r['eac'])}"),
            ("Contingency left", _money(r["contingency_left"])),
            ("Overtime", f"level {r['overtime']} (+{10 * r['overtime']} % hours)"),
            ("Scope delivered", f"{100 * r['scope_done']:.0f} % of the planned value"),
            ("Open defects", f"{r['defects_open']:.1f} (quality {r['quality']:.0f})"),
            (
                "Team",
                f"{r['team_size']} people, {r['channels']} channels, "
                f"fatigue {r['fatigue']:.0f}",
            ),
        ]
        if r["kind"] != "predictive":
            rows.append(
                (
                    "Velocity (last sprints)",
                    ", ".join(f"{v:.0f}" for v in r["velocity"][-4:]) or "none yet",
                )
            )
        body = "".join(
            f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>"
            for k, v in rows
        )
        return f"<table aria-label='Status report'>{body}</table>"

    def draw(self) -> None:
        """Redraw the three charts (S-curves, Gantt, people) and their caption."""
        r = self.result
        if self.charts is not None:
            self.charts.update()
        self.caption.value = (
            f"<i>Charts, week {r['week']}: left, planned value, earned value and "
            f"actual cost to date (CPI {r['cpi']:.2f}, SPI {r['spi']:.2f}); middle, "
            f"each activity's plan and the part done, forecast finish week "
            f"{r['forecast_finish']:.1f} against the deadline {r['deadline']:.0f}; "
            f"right, morale {r['morale']:.0f} and stakeholder satisfaction "
            f"{r['stakeholder_satisfaction']:.0f} week by week.</i>"
        )

    def layout(self) -> widgets.Widget:
        """Arrange the dashboard.

        Returns
        -------
        ipywidgets.Widget
        """
        levers = widgets.VBox(
            [widgets.HTML("<b>This week's decisions</b>")]
            + [w for k, w in self.controls.items() if not k.startswith("decision:")]
        )
        title = widgets.HTML(
            f"<h3>{html.escape(self.project.scenario.title)} "
            f"({self.project.scenario.kind})</h3>"
            f"<p>{html.escape(self.project.scenario.story)}</p>"
        )
        top = widgets.HBox(
            [self.status, widgets.VBox([self.morale, self.satisfaction, self.feed])]
        )
        return widgets.VBox(
            [
                title,
                top,
                widgets.HTML("<b>Open decisions</b>"),
                self.decision_box,
                levers,
                widgets.HBox([self.button]),
                self.message,
                self.image,
                self.caption,
            ]
        )
