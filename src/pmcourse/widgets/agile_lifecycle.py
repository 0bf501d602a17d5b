"""Life-cycle simulation: rate a scenario, see which approach fits and why.

Used in: lesson 01, life cycles.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import pandas as pd
from matplotlib.artist import Artist

from pmcourse.agile import lifecycle
from pmcourse.plots.agile_lifecycle import life_cycle_fit, refresh_life_cycle_fit
from pmcourse.widgets.base import Simulation, drawing_order, left_title

__all__ = ["LifeCycleChooser"]

_CUSTOM = "(your own scenario)"


class LifeCycleChooser(Simulation):
    """Rate a project on seven factors and compare the fit of each life cycle.

    One slider per factor of :data:`pmcourse.lifecycle.FACTORS`, from 1
    (low) to 5 (high). Every change reruns :func:`pmcourse.lifecycle.assess`
    and redraws a bar per approach (predictive, iterative, incremental,
    adaptive, hybrid); the recommended one is orange and hatched, and the
    text above the chart lists the factors that decided it.

    Parameters
    ----------
    scenarios : DataFrame, optional
        Ready-made scenarios to pick from (a ``scenario`` name column and
        one column per factor), e.g.
        ``pmcourse.datasets.load("lifecycle_scenarios")``.
    start : str or mapping, optional
        The first scenario: a name from ``scenarios`` or a mapping of
        factor ratings. All factors at 3 (neutral) by default.

    Attributes
    ----------
    controls : dict of str to ipywidgets.IntSlider
        One slider per factor, by factor name.
    preset : ipywidgets.Dropdown
        The ready-made scenarios (only shown when ``scenarios`` is given).
    result : pmcourse.lifecycle.LifeCycleFit
        The latest assessment.

    Raises
    ------
    ValueError
        If ``start`` names no scenario or rates a factor out of range.

    Examples
    --------
    >>> app = LifeCycleChooser()
    >>> app.result.margin
    0.0
    >>> app.set_values(requirements_volatility=5, delivery_cadence=5)
    >>> app.result.recommended
    'adaptive'

    Used in: lesson 01, life cycles.
    """

    figsize = (8.5, 3.4)

    def __init__(
        self,
        scenarios: pd.DataFrame | None = None,
        *,
        start: str | dict[str, int] | None = None,
    ) -> None:
        self.scenarios: dict[str, dict[str, int]] = {}
        if scenarios is not None:
            for _, row in scenarios.iterrows():
                levels = {f.name: row[f.name] for f in lifecycle.FACTORS}
                lifecycle.assess(levels)  # a clear ValueError for a bad row
                self.scenarios[str(row["scenario"])] = {
                    k: int(v) for k, v in levels.items()
                }
        if start is None:
            self._start = {f.name: 3 for f in lifecycle.FACTORS}
        elif isinstance(start, str):
            if start not in self.scenarios:
                raise ValueError(
                    f"start {start!r} is not one of the scenarios: "
                    + ", ".join(self.scenarios)
                )
            self._start = dict(self.scenarios[start])
        else:
            self._start = dict(lifecycle.assess(start).levels)
        first = start if isinstance(start, str) else _CUSTOM
        self.preset = widgets.Dropdown(
            options=[_CUSTOM, *self.scenarios],
            value=first,
            description="Scenario",
            layout=widgets.Layout(width="460px"),
            style={"description_width": "80px"},
        )
        self.preset.observe(self._on_preset, names="value")
        super().__init__()

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create one 1-to-5 slider per factor.

        Returns
        -------
        dict of str to ipywidgets.Widget
            Sliders keyed by factor name.
        """
        return {
            f.name: widgets.IntSlider(
                value=self._start[f.name],
                min=1,
                max=5,
                description=f.label,
                tooltip=f"1: {f.low}; 5: {f.high}",
                continuous_update=False,
                layout=widgets.Layout(width="560px"),
                style={"description_width": "290px"},
            )
            for f in lifecycle.FACTORS
        }

    def compute(self) -> lifecycle.LifeCycleFit:
        """Assess the sliders' ratings.

        Returns
        -------
        pmcourse.lifecycle.LifeCycleFit
            The fit of each approach and the reasons.
        """
        return lifecycle.assess(self.values())

    def draw(self) -> None:
        """Draw the fit chart of the latest result."""
        if self.ax.get_gid() == "life_cycle_fit":
            refresh_life_cycle_fit(self.ax, self.result)
        else:
            life_cycle_fit(self.result, ax=self.ax)

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves on an update: bars, their labels and the title.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order.
        """
        ax = self.ax
        moving = [*ax.patches, *ax.texts, *ax.lines, left_title(ax)]
        return drawing_order(moving)

    def describe(self) -> str:
        """Return the recommendation and its reasons as HTML.

        Returns
        -------
        str
            A sentence and a short list.
        """
        r = self.result
        items = "".join(f"<li>{html.escape(text)}</li>" for text in r.reasons)
        return (
            f"<b>Best fit: {r.recommended}</b> ({r.fit[r.recommended]:.0f} of 100; "
            f"runner-up {r.runner_up}, {r.fit[r.runner_up]:.0f}).<br>"
            f"Why:<ul style='margin-top: 0'>{items}</ul>"
        )

    def update(self) -> None:
        """Recompute and redraw; a slider moved away from a preset unselects it."""
        super().update()
        name = self.preset.value
        if name in self.scenarios and self.values() != self.scenarios[name]:
            self.preset.value = _CUSTOM

    def _on_preset(self, change: dict[str, Any]) -> None:
        name = change["new"]
        if name in self.scenarios:
            self.set_values(**self.scenarios[name])

    def load(self, name: str) -> None:
        """Set every slider to a ready-made scenario's ratings.

        Parameters
        ----------
        name : str
            A scenario name from the table given to the constructor.

        Raises
        ------
        ValueError
            If there is no scenario of that name.
        """
        if name not in self.scenarios:
            raise ValueError(
                f"no scenario {name!r}; scenarios: {', '.join(self.scenarios)}"
            )
        self.preset.value = name  # its observer sets the sliders

    def layout(self) -> widgets.Widget:
        """Arrange the scenario picker, sliders, summary and chart.

        Returns
        -------
        ipywidgets.Widget
            The chooser as one widget.
        """
        head = widgets.HTML(
            "<b>Rate the project from 1 (low) to 5 (high).</b> Hover over a "
            "slider to see what 1 and 5 mean."
        )
        parts: list[widgets.Widget] = [head]
        if self.scenarios:
            parts.append(self.preset)
        parts += [widgets.VBox(list(self.controls.values())), self.summary]
        return widgets.VBox([*parts, self.message, self.image])
