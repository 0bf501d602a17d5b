"""Leadership simulations: how a new lead's week splits as the team grows.

Used in: lesson 00, start here.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from pmcourse.plots.stakeholders_lead_week import lead_week_chart
from pmcourse.plots.style import (
    COLORS,
    LINESTYLES,
    course_style,
    set_title,
    style_axes,
)
from pmcourse.stakeholders.lead_week import lead_week
from pmcourse.stakeholders.leadership import time_split
from pmcourse.widgets.base import Simulation, drawing_order, left_title, slider

__all__ = ["LeadWeek", "TimeSplit"]


class TimeSplit(Simulation):
    """Show a lead's week as hands-on work and coordination for team sizes 1-20.

    The controls are the team size (people, the lead included), the hours a
    week each communication channel costs the lead, the fixed hours of
    planning and reporting, and the length of the week. The chart stacks
    hands-on hours (blue) under coordination hours (orange, hatched) for every
    team size and outlines the chosen one; the model is
    :func:`pmcourse.leadership.time_split`.

    Parameters
    ----------
    team_size : int
        Starting team size (default 6).
    max_team_size : int
        The largest team drawn and offered on the slider (default 20).

    Attributes
    ----------
    controls : dict
        ``team_size``, ``hours_per_channel``, ``fixed_hours``, ``week_hours``.
    result : DataFrame
        The :func:`~pmcourse.leadership.time_split` table for sizes
        1 to ``max_team_size``.

    Examples
    --------
    >>> app = TimeSplit()
    >>> int(app.current["channels"])
    15
    >>> app.controls["team_size"].value = 10
    >>> float(app.current["hands_on_hours"])
    15.5

    Used in: lesson 00, start here.
    """

    figsize = (9.0, 4.2)

    def __init__(self, team_size: int = 6, max_team_size: int = 20) -> None:
        if not 1 <= team_size <= max_team_size:
            raise ValueError(
                f"team_size must be between 1 and max_team_size ({max_team_size}), "
                f"got {team_size}"
            )
        self._start_size = int(team_size)
        self.max_team_size = int(max_team_size)
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the four sliders.

        Returns
        -------
        dict of str to ipywidgets.Widget
            The sliders by parameter name.
        """
        common = {"label_width": "240px", "width": "550px"}
        return {
            "team_size": slider(
                widgets.IntSlider,
                value=self._start_size,
                min=1,
                max=self.max_team_size,
                description="Team size (people, you included)",
                **common,
            ),
            "hours_per_channel": slider(
                widgets.FloatSlider,
                value=0.5,
                min=0.0,
                max=2.0,
                step=0.05,
                description="Hours a week per channel",
                **common,
            ),
            "fixed_hours": slider(
                widgets.FloatSlider,
                value=2.0,
                min=0.0,
                max=12.0,
                step=0.5,
                description="Planning and reporting (h/week)",
                **common,
            ),
            "week_hours": slider(
                widgets.FloatSlider,
                value=40.0,
                min=20.0,
                max=60.0,
                step=1.0,
                description="Your working week (hours)",
                **common,
            ),
        }

    def compute(self) -> pd.DataFrame:
        """Return the time split for every team size on the chart.

        Returns
        -------
        DataFrame
            The :func:`pmcourse.leadership.time_split` table.
        """
        v = self.values()
        return time_split(
            range(1, self.max_team_size + 1),
            hours_per_channel=v["hours_per_channel"],
            fixed_hours=v["fixed_hours"],
            week_hours=v["week_hours"],
        )

    @property
    def current(self) -> pd.Series:
        """The result's row for the chosen team size."""
        size = self.controls["team_size"].value
        return self.result.loc[self.result["team_size"] == size].iloc[0]

    def draw(self) -> None:
        """Draw stacked bars of hands-on and coordination hours by team size.

        The first call creates the chart; later calls move its bars, outline,
        note and lines in place, which is several times faster than redrawing.
        """
        if self.ax.get_gid() != "time_split":
            self._create_chart()
        table, row = self.result, self.current
        week = float(self.controls["week_hours"].value)
        hands = table["hands_on_hours"].to_numpy(dtype=float)
        coord = table["coordination_hours"].to_numpy(dtype=float)
        for patch, h in zip(self._hands, hands, strict=True):
            patch.set_height(h)
        for patch, h, c in zip(self._coord, hands, coord, strict=True):
            patch.set_y(h)
            patch.set_height(c)
        chosen = int(row.team_size)
        self._chosen.set_x(chosen - self._chosen.get_width() / 2)
        self._chosen.set_height(week)
        right = chosen < 0.75 * self.max_team_size
        self._note.set_text(
            f"{int(row.channels)} channels\n"
            f"{row.hands_on_hours:.1f} h hands-on\n"
            f"{row.coordination_hours:.1f} h coordinating"
        )
        self._note.xy = (chosen, week)
        self._note.set_position((chosen + (1.2 if right else -1.2), week * 1.02))
        self._note.set_horizontalalignment("left" if right else "right")
        self._half.set_ydata([week / 2, week / 2])
        self.ax.set_ylim(0, week * 1.45)
        set_title(
            self.ax,
            f"With {chosen} people, coordination takes "
            f"{row.coordination_share:.0%} of your week",
        )

    def _create_chart(self) -> None:
        """Create the chart's artists once, at their first positions."""
        ax = self.ax
        ax.clear()
        sizes = self.result["team_size"].to_numpy()
        ones = [1.0] * len(sizes)
        with course_style():
            style_axes(
                ax,
                xlabel="Team size (people, you included)",
                ylabel="Hours per week",
                grid="y",
            )
            hands = ax.bar(sizes, ones, color=COLORS["normal"], width=0.75)
            coord = ax.bar(
                sizes,
                ones,
                bottom=ones,
                color=COLORS["highlight"],
                hatch="//",  # diagonal: a quarter of the dots' drawing time
                edgecolor=COLORS["face"],
                width=0.75,
            )
            for patch, size in zip(hands.patches, sizes, strict=True):
                patch.set_gid(f"hands_on:{size}")
            for patch, size in zip(coord.patches, sizes, strict=True):
                patch.set_gid(f"coordination:{size}")
            self._hands, self._coord = list(hands.patches), list(coord.patches)
            (self._chosen,) = ax.bar(
                [1],
                [1],
                width=0.95,
                facecolor="none",
                edgecolor=COLORS["text"],
                linewidth=2.0,
                gid="chosen",
            ).patches
            self._note = ax.annotate(
                "",
                xy=(1, 1),
                xytext=(2, 1),
                va="bottom",
                fontsize=9,
            )  # no leader line: the outlined bar is next to it (and it is fast)
            self._half = ax.axhline(
                1,
                color=COLORS["muted"],
                linestyle=LINESTYLES["finish"],
                linewidth=1,
                gid="half_week",
            )
            ax.set_xticks(sizes[(sizes == 1) | (sizes % 2 == 0)])
            ax.set_xlim(0.3, self.max_team_size + 0.7)
            ax.legend(
                handles=[
                    Patch(facecolor=COLORS["normal"], label="hands-on work"),
                    Patch(
                        facecolor=COLORS["highlight"],
                        hatch="//",  # diagonal: a quarter of the dots' drawing time
                        edgecolor=COLORS["face"],
                        label="coordination",
                    ),
                    Line2D(
                        [],
                        [],
                        color=COLORS["muted"],
                        linestyle=LINESTYLES["finish"],
                        label="half your week",
                    ),
                ],
                loc="upper left",
                ncol=3,
            )
        ax.set_gid("time_split")

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves on an update: bars, note, lines, hours axis, title.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order; the team-size axis and the legend stay cached.
        """
        ax = self.ax
        moving = [ax.yaxis, *ax.patches, *ax.lines, *ax.texts, *ax.spines.values()]
        moving.append(left_title(ax))  # where set_title(loc="left") puts it
        return drawing_order(moving)

    def describe(self) -> str:
        """Return the chosen team size's split in one sentence.

        Returns
        -------
        str
            HTML for the summary line.
        """
        row = self.current
        table = self.result
        over = table.loc[table["coordination_share"] >= 0.5, "team_size"]
        tipping = (
            f"coordination passes half your week from {int(over.iloc[0])} people"
            if len(over)
            else "coordination stays under half your week for every team size shown"
        )
        return (
            f"<b>{int(row.team_size)} people, {int(row.channels)} channels:</b> "
            f"{row.coordination_hours:.1f} h coordinating, "
            f"{row.hands_on_hours:.1f} h hands-on a week. With these settings "
            f"{tipping}."
        )


class LeadWeek(Simulation):
    """A new lead's week: meetings, one-to-ones, interrupts and focus time.

    Four controls: the team size, the share of coordination delegated to a
    deputy, the minutes of one-to-one time per person, and the hours of
    stakeholder and status meetings. The chart stacks every team size's week
    (the model is :func:`pmcourse.stakeholders.lead_week.lead_week`) and outlines the
    chosen size; the summary states its hands-on and focus hours and what
    delegating changed.

    Attributes
    ----------
    controls : dict
        ``team_size``, ``delegation``, ``one_to_one_minutes``,
        ``status_hours``.
    result : DataFrame
        The :func:`~pmcourse.stakeholders.lead_week.lead_week` table for sizes 1 to 15.
    current : pandas.Series
        The row of the chosen team size.

    Examples
    --------
    >>> app = LeadWeek()
    >>> app.set_values(team_size=8, delegation=0.0)
    >>> float(app.current["focus_hours"])
    11.39
    >>> app.controls["delegation"].value = 0.5
    >>> float(app.current["focus_hours"])
    17.34

    Used in: lesson 00, start here.
    """

    figsize = (9.5, 4.2)
    sizes = range(1, 16)

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the four sliders.

        Returns
        -------
        dict of str to ipywidgets.Widget
        """
        common = {"label_width": "230px", "width": "470px"}
        return {
            "team_size": slider(widgets.IntSlider, value=6, min=1, max=15,
                                description="Team size (people)", **common),
            "delegation": slider(widgets.FloatSlider, value=0.0, min=0.0, max=0.8,
                                 step=0.1, readout_format=".0%",
                                 description="Coordination delegated", **common),
            "one_to_one_minutes": slider(
                widgets.IntSlider, value=30, min=0, max=60, step=15,
                description="One-to-one minutes per person", **common),
            "status_hours": slider(widgets.IntSlider, value=2, min=0, max=10,
                                   description="Status meeting hours", **common),
        }  # fmt: skip

    def compute(self) -> pd.DataFrame:
        """Run the model for every team size with the chosen settings.

        Returns
        -------
        DataFrame
        """
        values = self.values()
        return lead_week(
            self.sizes,
            delegation=values["delegation"],
            one_to_one_minutes=values["one_to_one_minutes"],
            status_hours=values["status_hours"],
        )

    @property
    def current(self) -> pd.Series:
        """The result's row for the chosen team size."""
        size = self.controls["team_size"].value
        return self.result[self.result["team_size"] == size].iloc[0]

    def draw(self) -> None:
        """Move the stacked bars and the focus line to the latest result."""
        lead_week_chart(
            self.result, self.ax, highlight=self.controls["team_size"].value
        )

    def dynamic_artists(self) -> list[Artist]:
        """Return the bars, the focus line and the title (legend and axes stay).

        Returns
        -------
        list of matplotlib.artist.Artist
        """
        ax = self.ax
        return drawing_order([*ax.patches, *ax.lines, left_title(ax)])

    def describe(self) -> str:
        """Return the chosen size's week in one sentence.

        Returns
        -------
        str
        """
        r = self.current
        share = self.controls["delegation"].value
        text = (
            f"<b>Team of {int(r['team_size'])}:</b> {r['leading_hours']:.3g} hours "
            f"of leading work ({r['meetings']:.3g} meetings, "
            f"{r['one_to_ones']:.3g} one-to-ones, {r['interrupts']:.3g} interrupts, "
            f"{r['planning']:.3g} planning, {r['coaching']:.3g} coaching); "
            f"<b>{r['hands_on_hours']:.3g} hands-on, {r['focus_hours']:.3g} of them "
            "in focus blocks</b>."
        )
        if share > 0:
            alone = lead_week(
                int(r["team_size"]),
                one_to_one_minutes=self.controls["one_to_one_minutes"].value,
                status_hours=self.controls["status_hours"].value,
            ).iloc[0]
            gain = r["focus_hours"] - alone["focus_hours"]
            text += (
                f" Delegating {share:.0%} changed focus time by {gain:+.3g} hours "
                f"(from {alone['focus_hours']:.3g})."
            )
        return text
