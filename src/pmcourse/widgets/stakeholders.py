"""Stakeholder simulations: channels as the team grows, and the power-interest grid.

- :class:`ChannelsGrowth`: team size and people joining -> communication
  channels (:func:`pmcourse.stakeholders.communication_channels`), drawn as
  a network and on the n(n - 1)/2 curve.
- :class:`PowerInterestGrid`: move a stakeholder's power and interest ->
  the quadrant and the engagement strategy it calls for
  (:func:`pmcourse.stakeholders.classify_power_interest`).

Used in: lesson 07, stakeholders, communication and leadership.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes

from pmcourse.plots.stakeholders import (
    channels_curve,
    channels_network,
    power_interest_grid,
    refresh_channels_curve,
    refresh_power_interest_grid,
)
from pmcourse.plots.stakeholders_engagement import engagement_chart
from pmcourse.stakeholders import (
    QUADRANT_STRATEGIES,
    channels_added,
    classify_power_interest,
    communication_channels,
)
from pmcourse.stakeholders.engagement_weeks import (
    DEFAULT_PLAN,
    EngagementRun,
    simulate_engagement,
)
from pmcourse.widgets.base import Simulation, drawing_order, left_title

__all__ = ["ChannelsGrowth", "PowerInterestGrid", "StakeholderEngagement"]

_COMMON: dict[str, Any] = {
    "style": {"description_width": "230px"},
    "layout": widgets.Layout(width="520px"),
    "continuous_update": False,
}


class ChannelsGrowth(Simulation):
    """Watch communication channels multiply as people join the team.

    Left: the team as a network, every pair of people joined by a channel;
    the people joining and the channels they bring are orange and dashed.
    Right: channels against team size, ``n (n - 1) / 2``, with the team now
    and after it grows.

    Parameters
    ----------
    team_size : int
        People on the team now, the lead included (default 5).
    new_members : int
        People joining (default 2).

    Attributes
    ----------
    controls : dict
        ``team_size`` (1-15) and ``new_members`` (0-10).
    result : dict
        ``before``, ``after`` (people), ``channels_before``,
        ``channels_after`` and ``added`` (channels).

    Examples
    --------
    >>> app = ChannelsGrowth()
    >>> app.result["channels_before"], app.result["added"]
    (10, 11)
    >>> app.set_values(team_size=5, new_members=5)
    >>> app.result["channels_after"]
    45

    Used in: lesson 07, communication channels.
    """

    figsize = (11.0, 4.6)
    dpi = 80

    def __init__(self, team_size: int = 5, new_members: int = 2) -> None:
        self._start = (int(team_size), int(new_members))
        self.axes: list[Axes] = []  # the two panels, made on the first draw
        self._top = 0
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the two sliders.

        Returns
        -------
        dict of str to ipywidgets.Widget
            ``team_size`` and ``new_members``.
        """
        size, new = self._start
        return {
            "team_size": widgets.IntSlider(
                value=size,
                min=1,
                max=15,
                description="People now (you included)",
                **_COMMON,
            ),
            "new_members": widgets.IntSlider(
                value=new, min=0, max=10, description="People joining", **_COMMON
            ),
        }

    def compute(self) -> dict[str, int]:
        """Count the channels before and after, and the channels added.

        Returns
        -------
        dict of str to int
            See the class's ``result`` attribute.
        """
        n, new = self.controls["team_size"].value, self.controls["new_members"].value
        return {
            "before": n,
            "after": n + new,
            "channels_before": communication_channels(n),
            "channels_after": communication_channels(n + new),
            "added": channels_added(n, n + new),
        }

    def draw(self) -> None:
        """Redraw the network (left); move the markers on the curve (right).

        The curve's axis shows team sizes up to 10, 20 or 25, whichever is the
        smallest that fits the grown team; it is redrawn only when that
        changes.
        """
        r = self.result
        new = r["after"] - r["before"]
        top = next(t for t in (10, 20, 25) if r["after"] + 2 <= t or t == 25)
        if not self.axes:
            self.side_by_side(2)
        left, right = self.axes
        left.clear()
        channels_network(r["before"], left, new=new)
        if top != self._top:
            right.clear()
            channels_curve(r["before"], right, new=new, max_n=top)
            self._top = top
            self.redraw_all()
            return
        refresh_channels_curve(right, r["before"], new=new)

    def dynamic_artists(self) -> list[Artist]:
        """Return the whole network panel, and the curve's markers and title.

        Returns
        -------
        list of matplotlib.artist.Artist
            The artists redrawn on every update.
        """
        left, right = self.axes
        moving: list[Artist] = [*left.collections, *left.lines, *left.texts]
        moving.append(left_title(left))
        moving += [line for line in right.lines if line.get_gid() in ("now", "after")]
        moving.append(left_title(right))
        return moving

    def describe(self) -> str:
        """Return the channel counts before and after in one sentence.

        Returns
        -------
        str
            HTML for the summary.
        """
        r = self.result
        text = (
            f"<b>{r['before']} people: {r['channels_before']} channels.</b> "
            f"n(n − 1)/2 = {r['before']} × {r['before'] - 1} / 2."
        )
        if r["after"] != r["before"]:
            text += (
                f" With {r['after'] - r['before']} more, {r['after']} people have "
                f"<b>{r['channels_after']} channels: {r['added']} added</b>."
            )
        return text


class PowerInterestGrid(Simulation):
    """Place stakeholders on the power-interest grid and see the strategy each needs.

    Pick a stakeholder, then move their power and interest: the point moves,
    its quadrant and the recommended engagement strategy update, and so do
    the counts per quadrant. The ratings of the other stakeholders stay as
    given (or as you last set them).

    Parameters
    ----------
    register : DataFrame
        Columns ``stakeholder``, ``power`` and ``interest`` on a 1-10 scale,
        e.g. ``pmcourse.datasets.load("stakeholder_register")``.
    selected : str, optional
        The stakeholder chosen first (the first row by default).

    Attributes
    ----------
    controls : dict
        ``stakeholder`` (a dropdown), ``power`` and ``interest`` (1-10).
    result : DataFrame
        The register with ``quadrant`` and ``strategy`` columns.

    Raises
    ------
    ValueError
        If the register has no stakeholders or a rating is off the scale.

    Examples
    --------
    >>> rows = [
    ...     {"stakeholder": "sponsor", "power": 9, "interest": 8},
    ...     {"stakeholder": "auditor", "power": 8, "interest": 2},
    ... ]
    >>> app = PowerInterestGrid(pd.DataFrame(rows))
    >>> app.quadrant
    'manage closely'
    >>> app.controls["stakeholder"].value = "auditor"
    >>> app.controls["interest"].value = 7
    >>> app.quadrant
    'manage closely'

    Used in: lesson 07, stakeholders (power-interest grid).
    """

    figsize = (7.5, 5.6)
    dpi = 80

    def __init__(self, register: pd.DataFrame, selected: str | None = None) -> None:
        table = classify_power_interest(register)  # validates the ratings
        if table.empty:
            raise ValueError("register has no stakeholders")
        self.table = table[["stakeholder", "power", "interest"]].copy()
        self.table["stakeholder"] = self.table["stakeholder"].astype(str)
        names = self.table["stakeholder"].tolist()
        if selected is not None and selected not in names:
            raise ValueError(f"selected {selected!r} is not in the register")
        self._selected = selected or names[0]
        self._drawn = False
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the stakeholder dropdown and the two rating sliders.

        Returns
        -------
        dict of str to ipywidgets.Widget
            ``stakeholder``, ``power`` and ``interest``.
        """
        row = self._row(self._selected)
        picker = widgets.Dropdown(
            options=self.table["stakeholder"].tolist(),
            value=self._selected,
            description="Stakeholder",
            style=_COMMON["style"],
            layout=_COMMON["layout"],
        )
        # Registered before the base class's observer, so the sliders show the
        # new stakeholder's ratings before the chart is recomputed.
        picker.observe(self._load_ratings, names="value")
        return {
            "stakeholder": picker,
            "power": widgets.IntSlider(
                value=int(row["power"]),
                min=1,
                max=10,
                description="Power over the project (1-10)",
                **_COMMON,
            ),
            "interest": widgets.IntSlider(
                value=int(row["interest"]),
                min=1,
                max=10,
                description="Interest in the project (1-10)",
                **_COMMON,
            ),
        }

    def _row(self, name: str) -> pd.Series:
        return self.table.loc[self.table["stakeholder"] == name].iloc[0]

    def _load_ratings(self, change: dict[str, Any]) -> None:
        row = self._row(change["new"])
        self._paused = True
        try:
            self.controls["power"].value = int(row["power"])
            self.controls["interest"].value = int(row["interest"])
        finally:
            self._paused = False

    def compute(self) -> pd.DataFrame:
        """Store the sliders' ratings for the chosen stakeholder and classify all.

        Returns
        -------
        DataFrame
            The register with ``quadrant`` and ``strategy`` columns.
        """
        name = self.controls["stakeholder"].value
        chosen = self.table["stakeholder"] == name
        self.table.loc[chosen, "power"] = self.controls["power"].value
        self.table.loc[chosen, "interest"] = self.controls["interest"].value
        grid = classify_power_interest(self.table)
        grid["strategy"] = grid["quadrant"].map(QUADRANT_STRATEGIES)
        return grid

    @property
    def quadrant(self) -> str:
        """The chosen stakeholder's quadrant in the latest result."""
        name = self.controls["stakeholder"].value
        return str(
            self.result.loc[self.result["stakeholder"] == name, "quadrant"].iloc[0]
        )

    def draw(self) -> None:
        """Draw the grid once; afterwards move the points, labels and title."""
        name = self.controls["stakeholder"].value
        if not self._drawn:
            self.ax.clear()
            power_interest_grid(self.result, self.ax, highlight=name)
            self._drawn = True
        else:
            refresh_power_interest_grid(self.ax, self.result, highlight=name)

    def dynamic_artists(self) -> list[Artist]:
        """Return the points, their labels and the title; the quadrants stay.

        Returns
        -------
        list of matplotlib.artist.Artist
            The artists redrawn on every update.
        """
        moving: list[Artist] = [
            a
            for a in [*self.ax.lines, *self.ax.texts]
            if str(a.get_gid()).startswith(("stakeholder:", "label:", "leader:"))
        ]
        moving.append(left_title(self.ax))
        return moving

    def describe(self) -> str:
        """Return the chosen stakeholder's quadrant, strategy and the counts.

        Returns
        -------
        str
            HTML for the summary.
        """
        name = self.controls["stakeholder"].value
        row = self.result.loc[self.result["stakeholder"] == name].iloc[0]
        counts = self.result["quadrant"].value_counts()
        tally = ", ".join(f"{q} {counts.get(q, 0)}" for q in QUADRANT_STRATEGIES)
        return (
            f"<b>{html.escape(name)}</b> (power {row['power']}, interest "
            f"{row['interest']}): <b>{row['quadrant']}</b>. "
            f"{html.escape(row['strategy'])}<br>All stakeholders: {tally}."
        )


_INTERVALS = [("every week", 1), ("every 2 weeks", 2), ("every 4 weeks", 4),
              ("never", 0)]  # fmt: skip


class StakeholderEngagement(Simulation):
    """Run a communication plan over 12 weeks and watch engagement move.

    One dropdown per quadrant of the power-interest grid sets how often its
    stakeholders are contacted; a fifth picks a stakeholder to neglect. The
    model (:func:`pmcourse.stakeholders.engagement_weeks.simulate_engagement`)
    moves each
    stakeholder towards the level the project needs when contacted, lets
    resistance grow when a key stakeholder waits too long, and delays
    decisions that need the key stakeholders' sign-off.

    Parameters
    ----------
    register : DataFrame
        A stakeholder register (``stakeholder``, ``power``, ``interest``,
        ``current``, ``desired``), e.g. ``datasets.load("stakeholder_register")``.

    Attributes
    ----------
    controls : dict
        ``manage closely``, ``keep satisfied``, ``keep informed``,
        ``monitor`` (weeks between contacts, 0: never) and ``neglect``.
    result : EngagementRun
        The latest run.

    Examples
    --------
    >>> from pmcourse import datasets
    >>> app = StakeholderEngagement(datasets.load("stakeholder_register"))
    >>> app.result.slip_days
    7.8
    >>> app.controls["neglect"].value = "Tom Baptiste"
    >>> app.result.slip_days
    22.2

    Used in: lesson 07, stakeholders.
    """

    figsize = (9.5, 4.4)

    def __init__(self, register: pd.DataFrame) -> None:
        self.register = register.copy()
        self.power = dict(
            zip(register["stakeholder"].astype(str), register["power"], strict=True)
        )
        simulate_engagement(self.register)  # a bad register fails here, clearly
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the plan's four dropdowns and the neglect dropdown.

        Returns
        -------
        dict of str to ipywidgets.Widget
        """
        style = {"description_width": "210px"}
        controls: dict[str, widgets.Widget] = {
            quadrant: widgets.Dropdown(
                options=_INTERVALS, value=interval,
                description=f"Contact '{quadrant}'", style=style,
                layout=widgets.Layout(width="400px"))
            for quadrant, interval in DEFAULT_PLAN.items()
        }  # fmt: skip
        names = [("nobody", "")] + [(n, n) for n in self.power]
        controls["neglect"] = widgets.Dropdown(
            options=names, value="", description="Never contact", style=style,
            layout=widgets.Layout(width="400px"))  # fmt: skip
        return controls

    def compute(self) -> EngagementRun:
        """Run the model with the chosen plan.

        Returns
        -------
        EngagementRun
        """
        values = self.values()
        plan = {q: values[q] for q in DEFAULT_PLAN}
        return simulate_engagement(
            self.register, plan, neglect=values["neglect"] or None
        )

    def draw(self) -> None:
        """Move the engagement lines to the latest run."""
        engagement_chart(self.result, self.power, self.ax)

    def dynamic_artists(self) -> list[Artist]:
        """Return the lines and the title; axes and legend stay.

        Returns
        -------
        list of matplotlib.artist.Artist
        """
        return drawing_order([*self.ax.lines, left_title(self.ax)])

    def describe(self) -> str:
        """Return the slip, the hours and who ends below neutral.

        Returns
        -------
        str
        """
        run = self.result
        end = run.levels.iloc[-1]
        below = [n for n in run.levels.columns if self.power[n] >= 7 and end[n] < 1]
        text = (
            f"<b>After 12 weeks: decisions delayed {run.slip_days:.3g} days</b>, "
            f"{run.lead_hours:.3g} hours of your time spent on contact."
        )
        if below:
            text += " Key stakeholders below neutral: " + ", ".join(below) + "."
        return text
