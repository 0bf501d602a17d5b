"""Business analysis simulations: prioritise a backlog by MoSCoW or WSJF.

Used in: lesson 08, business analysis.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.artist import Artist

from pmcourse.analysis import (
    COD_PARTS,
    MOSCOW,
    MoscowCheck,
    moscow_categories,
    moscow_check,
    rank_backlog,
)
from pmcourse.plots.analysis import backlog_sequence
from pmcourse.widgets.base import Simulation, drawing_order, left_title

__all__ = ["BacklogPrioritiser", "PrioritisationResult"]

#: The methods offered, as (label, method of pmcourse.analysis.rank_backlog).
METHOD_CHOICES: tuple[tuple[str, str], ...] = (
    ("WSJF", "wsjf"),
    ("MoSCoW", "moscow"),
    ("MoSCoW, then WSJF", "moscow_wsjf"),
    ("Cost of delay only", "cost_of_delay"),
)
_NAMES = {method: label for label, method in METHOD_CHOICES}
#: The relative scale scores and sizes are usually given on.
SCALE: tuple[int, ...] = (1, 2, 3, 5, 8, 13, 20)
_ITEM_FIELDS = (*COD_PARTS, "job_size")
_PART_LABELS = {
    "business_value": "User-business value",
    "time_criticality": "Time criticality",
    "risk_reduction": "Risk reduction / opportunity",
    "job_size": "Job size (points)",
}


@dataclass(frozen=True)
class PrioritisationResult:
    """What one update of :class:`BacklogPrioritiser` computed.

    Attributes
    ----------
    ranked : DataFrame
        :func:`pmcourse.analysis.rank_backlog` in the chosen order, with a
        ``compare_rank`` column: each item's rank in the comparison order.
    check : MoscowCheck
        :func:`pmcourse.analysis.moscow_check` of the backlog.
    delay_cost : float
        Total cost of delay (``sum(cost of delay x finish)``) in this order.
    compare_delay_cost : float
        The same in the comparison order.
    """

    ranked: pd.DataFrame
    check: MoscowCheck
    delay_cost: float
    compare_delay_cost: float


class BacklogPrioritiser(Simulation):
    """Order a backlog by MoSCoW or WSJF and see what makes the next release.

    Global controls pick the method, the order to compare with, the release
    capacity (story points) and a weight for each part of the cost of delay.
    The item controls edit one backlog item at a time: pick it, then change
    its MoSCoW label, its three cost-of-delay scores and its job size. The
    chart (:func:`pmcourse.plots.analysis.backlog_sequence`) draws the items
    in delivery order, faded beyond the release capacity, with arrows for how
    far each moved against the comparison order; the text under the controls
    gives each order's total cost of delay and the MoSCoW balance check.

    Parameters
    ----------
    backlog : DataFrame
        Columns ``id``, ``moscow``, ``business_value``, ``time_criticality``,
        ``risk_reduction``, ``job_size`` (``title`` is shown when present),
        e.g. ``pmcourse.datasets.load("fieldfix_backlog")``.
    capacity : int, optional
        Starting release capacity in story points; by default about 45 % of
        the backlog.
    method, compare : str
        Starting method and comparison method (see
        :data:`pmcourse.analysis.METHODS`).

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
        ``method``, ``compare``, ``capacity``, ``w_business_value``,
        ``w_time_criticality``, ``w_risk_reduction``, ``item``, ``moscow``,
        ``business_value``, ``time_criticality``, ``risk_reduction``,
        ``job_size``.
    items : DataFrame
        The backlog with the learner's edits.
    result : PrioritisationResult
        The latest ranking, check and delay costs.

    Raises
    ------
    ValueError
        If the backlog is invalid (from :func:`pmcourse.analysis.rank_backlog`).

    Examples
    --------
    >>> items = pd.DataFrame({"id": ["A", "B"], "moscow": ["Must", "Could"],
    ...                       "business_value": [8, 3], "time_criticality": [5, 8],
    ...                       "risk_reduction": [3, 1], "job_size": [8, 2]})
    >>> app = BacklogPrioritiser(items, capacity=5)
    >>> app.order
    ['B', 'A']
    >>> app.controls["method"].value = "moscow"
    >>> app.order
    ['A', 'B']
    >>> app.controls["item"].value = "A"
    >>> app.controls["moscow"].value = "Won't"
    >>> app.order
    ['B', 'A']

    Used in: lesson 08, business analysis.
    """

    dpi = 80

    def __init__(
        self,
        backlog: pd.DataFrame,
        *,
        capacity: int | None = None,
        method: str = "wsjf",
        compare: str = "moscow",
    ) -> None:
        for name, value in (("method", method), ("compare", compare)):
            if value not in _NAMES:
                raise ValueError(
                    f"{name} must be one of {', '.join(_NAMES)}; got {value!r}"
                )
        table = backlog.reset_index(drop=True).copy()
        rank_backlog(table, "moscow")  # a clear ValueError for a bad backlog
        table["moscow"] = moscow_categories(table["moscow"])
        self.original = table
        self.items = table.copy()
        self._total = int(round(float(table["job_size"].sum())))
        self._start: dict[str, Any] = {
            "method": method,
            "compare": compare,
            "capacity": capacity
            if capacity is not None
            else int(round(0.45 * self._total)),
        }
        self.reset_button = widgets.Button(
            description="Back to the backlog as written",
            icon="undo",
            layout=widgets.Layout(width="260px"),
        )
        self.reset_button.on_click(lambda _: self.reset())
        self.table = widgets.HTML()
        self._xlim: tuple[float, float] | None = None
        super().__init__(figsize=(6.6, 0.3 * len(table) + 1.5))

    # --- controls -------------------------------------------------------------

    def build_controls(self) -> dict[str, widgets.Widget]:
        """Create the global and the per-item controls.

        Returns
        -------
        dict of str to ipywidgets.Widget
            The controls by name.
        """
        style = {"description_width": "190px"}
        wide = widgets.Layout(width="470px")
        common = {"style": style, "layout": wide, "continuous_update": False}
        ids = self.items["id"].astype(str).tolist()
        titles = (
            self.items["title"].astype(str).tolist()
            if "title" in self.items
            else [""] * len(ids)
        )
        controls: dict[str, widgets.Widget] = {
            "method": widgets.ToggleButtons(
                options=METHOD_CHOICES,
                value=self._start["method"],
                description="Order by",
                style={"description_width": "70px", "button_width": "180px"},
            ),
            "compare": widgets.Dropdown(
                options=METHOD_CHOICES,
                value=self._start["compare"],
                description="Arrows compare with",
                style=style,
                layout=wide,
            ),
            "capacity": widgets.IntSlider(
                value=min(int(self._start["capacity"]), self._total),
                min=0,
                max=self._total,
                description="Release capacity (points)",
                **common,
            ),
        }
        for part in COD_PARTS:
            controls[f"w_{part}"] = widgets.FloatSlider(
                value=1.0,
                min=0.0,
                max=3.0,
                step=0.5,
                description=f"Weight: {_PART_LABELS[part].split(' /')[0].lower()}",
                **common,
            )
        controls["item"] = widgets.Dropdown(
            options=[
                (f"{i}  {t}" if t else i, i) for i, t in zip(ids, titles, strict=True)
            ],
            value=ids[0],
            description="Item",
            style=style,
            layout=wide,
        )
        first = self.items.iloc[0]
        controls["moscow"] = widgets.Dropdown(
            options=list(MOSCOW),
            value=first["moscow"],
            description="MoSCoW",
            style=style,
            layout=wide,
        )
        for field in _ITEM_FIELDS:
            used = {int(v) for v in self.items[field] if float(v).is_integer()}
            options = sorted(set(SCALE) | used)
            controls[field] = widgets.SelectionSlider(
                options=options,
                value=int(first[field]),
                description=_PART_LABELS[field],
                **common,
            )
        return controls

    def _on_change(self, change: dict[str, Any]) -> None:
        """Route a control change: load an item, store an edit, or just update."""
        if self._paused:
            return
        owner = change.get("owner")
        if owner is self.controls["item"]:
            self._load_item(change["new"])
        elif owner in [self.controls[f] for f in ("moscow", *_ITEM_FIELDS)]:
            row = self._row(self.controls["item"].value)
            for field in ("moscow", *_ITEM_FIELDS):
                self.items.loc[row, field] = self.controls[field].value
        self.update()

    def _row(self, item_id: str) -> int:
        """Return the position of an item in the backlog."""
        return int(self.items.index[self.items["id"].astype(str) == item_id][0])

    def _load_item(self, item_id: str) -> None:
        """Show one item's current values in the item controls."""
        row = self.items.loc[self._row(item_id)]
        self._paused = True
        try:
            for field in ("moscow", *_ITEM_FIELDS):
                self.controls[field].value = (
                    row[field] if field == "moscow" else int(row[field])
                )
        finally:
            self._paused = False

    def edit(self, item_id: str, **values: Any) -> None:
        """Change one item's fields and update once.

        Parameters
        ----------
        item_id : str
            The item's id.
        **values
            New values of ``moscow``, ``business_value``, ``time_criticality``,
            ``risk_reduction`` or ``job_size``.

        Raises
        ------
        ValueError
            If the id or a field name is unknown.
        """
        if item_id not in set(self.items["id"].astype(str)):
            raise ValueError(f"item_id: no backlog item {item_id!r}")
        unknown = sorted(set(values) - {"moscow", *_ITEM_FIELDS})
        if unknown:
            raise ValueError(f"unknown item field(s) {unknown}")
        self._paused = True
        try:
            self.controls["item"].value = item_id
        finally:
            self._paused = False
        self._load_item(item_id)
        row = self._row(item_id)
        for field, value in values.items():
            self.items.loc[row, field] = value
        self._load_item(item_id)
        self.update()

    def reset(self) -> None:
        """Undo every edit of the items and put the global controls back."""
        self.items = self.original.copy()
        self._load_item(self.controls["item"].value)
        self.set_values(
            method=self._start["method"],
            compare=self._start["compare"],
            capacity=min(int(self._start["capacity"]), self._total),
            **{f"w_{part}": 1.0 for part in COD_PARTS},
        )

    # --- model and chart ------------------------------------------------------

    @property
    def weights(self) -> dict[str, float]:
        """The cost-of-delay weights set by the sliders."""
        return {part: float(self.controls[f"w_{part}"].value) for part in COD_PARTS}

    def compute(self) -> PrioritisationResult:
        """Rank the backlog both ways and check its MoSCoW balance.

        Returns
        -------
        PrioritisationResult
            The ranking, the check and the two total delay costs.
        """
        capacity = float(self.controls["capacity"].value)
        ranked = rank_backlog(
            self.items,
            self.controls["method"].value,
            weights=self.weights,
            capacity=capacity,
        )
        other = rank_backlog(
            self.items, self.controls["compare"].value, weights=self.weights
        )
        ranks = dict(zip(other["id"].astype(str), other["rank"], strict=True))
        ranked["compare_rank"] = ranked["id"].astype(str).map(ranks)
        return PrioritisationResult(
            ranked=ranked,
            check=moscow_check(self.items, capacity=capacity),
            delay_cost=float(ranked["delay_cost"].sum()),
            compare_delay_cost=float(other["delay_cost"].sum()),
        )

    @property
    def order(self) -> list[str]:
        """The item ids in the chosen order."""
        return self.result.ranked["id"].astype(str).tolist()

    @property
    def in_release(self) -> list[str]:
        """The ids of the items that fit in the release capacity."""
        ranked = self.result.ranked
        return ranked.loc[ranked["in_release"], "id"].astype(str).tolist()

    def draw(self) -> None:
        """Draw (or move) the delivery sequence of the latest ranking."""
        ranked = self.result.ranked
        capacity = float(self.controls["capacity"].value)
        fits = ranked[ranked["in_release"]]
        must = ranked["moscow"] == "Must"
        waiting = int((must & ~ranked["in_release"]).sum())
        name = _NAMES[self.controls["method"].value]
        title = f"{name}: {len(fits)} of {len(ranked)} items fit in {capacity:g} points"
        if must.any():
            title += (
                f"; {waiting} Must item{'s' * (waiting != 1)} wait"
                if waiting
                else "; every Must item is in"
            )
        compare = dict(
            zip(ranked["id"].astype(str), ranked["compare_rank"], strict=True)
        )
        backlog_sequence(
            ranked,
            ax=self.ax,
            capacity=capacity,
            compare=compare,
            title=title,
            titles=False,
            xmax=self._axis_end(float(ranked["finish"].max())),
        )
        xlim = self.ax.get_xlim()
        if xlim != self._xlim:  # the axis is cached: redraw it when it changes
            self.redraw_all()
            self._xlim = xlim
        self.table.value = self.table_html()

    def _axis_end(self, finish: float) -> float:
        """Return the end of the job-size axis: fixed unless the backlog outgrows it.

        Parameters
        ----------
        finish : float
            The job size of the whole backlog now.

        Returns
        -------
        float
            At least 1.25 times the original backlog, in steps of 10 points.
        """
        room = max(finish, 1.25 * self._total) * 1.05
        return float(10 * np.ceil(room / 10))

    def table_html(self) -> str:
        """Return the ranked backlog as a small HTML table.

        Returns
        -------
        str
            One row per item in the chosen order: rank, id, title, MoSCoW,
            cost of delay, job size, WSJF, finish, whether it is in the
            release, and its move against the comparison order.
        """
        head = (
            "<tr><th>#</th><th>id</th><th>item</th><th>MoSCoW</th>"
            "<th>CoD</th><th>size</th><th>WSJF</th><th>done at</th>"
            "<th>release</th><th>move</th></tr>"
        )
        rows = []
        for r in self.result.ranked.itertuples(index=False):
            move = int(r.compare_rank) - int(r.rank)
            shift = "=" if move == 0 else f"{'↑' if move > 0 else '↓'}{abs(move)}"
            title = html.escape(str(getattr(r, "title", "")))
            faded = "" if r.in_release else ' style="color: #666;"'
            rows.append(
                f"<tr{faded}><td>{r.rank}</td><td>{html.escape(str(r.id))}</td>"
                f"<td>{title}</td><td>{html.escape(str(r.moscow))}</td>"
                f"<td>{r.cost_of_delay:g}</td><td>{r.job_size:g}</td>"
                f"<td>{r.wsjf:.2f}</td><td>{r.finish:g}</td>"
                f"<td>{'✓' if r.in_release else ''}</td><td>{shift}</td></tr>"
            )
        return (
            '<table style="font-size: 11.5px; border-collapse: separate; '
            "border-spacing: 4px 0; white-space: nowrap; "
            'line-height: 1.25;">' + head + "".join(rows) + "</table>"
        )

    def dynamic_artists(self) -> list[Artist]:
        """Return what moves on an update: bars, labels, capacity line, title.

        Returns
        -------
        list of matplotlib.artist.Artist
            In drawing order; the axis, legend and frame stay cached (the
            axis is redrawn when its range changes).
        """
        ax = self.ax
        moving = [*ax.patches, *ax.lines, *ax.texts]
        moving.append(left_title(ax))  # where set_title(loc="left") puts it
        return drawing_order(moving)

    def describe(self) -> str:
        """Return the release, both delay costs and the MoSCoW warnings.

        Returns
        -------
        str
            HTML for the summary.
        """
        r = self.result
        name = _NAMES[self.controls["method"].value]
        other = _NAMES[self.controls["compare"].value]
        fits = ", ".join(html.escape(i) for i in self.in_release) or "nothing"
        if r.compare_delay_cost > 0:
            change = r.delay_cost / r.compare_delay_cost - 1
            versus = (
                f"{abs(change):.0%} {'less' if change < 0 else 'more'} than"
                if abs(change) >= 0.005
                else "the same as"
            )
        else:
            versus = "compared with"
        text = (
            f"<b>{name} order.</b> In the release: {fits}.<br>"
            f"Total cost of delay (cost of delay × finish, summed): "
            f"<b>{r.delay_cost:,.0f}</b>, {versus} {other} order "
            f"({r.compare_delay_cost:,.0f}).<br>"
            f"Must items: {r.check.must_share:.0%} of the planned effort."
        )
        if r.check.warnings:
            text += "".join(
                f"<br>⚠ {html.escape(warning)}." for warning in r.check.warnings
            )
        return text

    def layout(self) -> widgets.Widget:
        """Arrange global controls, item editor, summary and chart.

        Returns
        -------
        ipywidgets.Widget
            The simulation as one widget.
        """
        c = self.controls
        overall = widgets.VBox(
            [
                widgets.HTML("<b>The whole backlog</b>"),
                c["compare"],
                c["capacity"],
                *(c[f"w_{part}"] for part in COD_PARTS),
            ]
        )
        item = widgets.VBox(
            [
                widgets.HTML("<b>One item</b> (pick it, then change it)"),
                c["item"],
                c["moscow"],
                *(c[field] for field in _ITEM_FIELDS),
            ]
        )
        return widgets.VBox(
            [
                c["method"],
                widgets.HBox([overall, item]),
                self.reset_button,
                self.summary,
                self.message,
                widgets.HBox(
                    [self.image, self.table],
                    layout=widgets.Layout(align_items="flex-start"),
                ),
            ]
        )
