"""Risk charts: the probability-impact heat map and Monte Carlo schedule results.

Every chart draws what :mod:`pmcourse.risk` or :mod:`pmcourse.montecarlo`
computed; none computes a formula of its own (binning a histogram is
drawing). The Monte Carlo charts are drawn in :mod:`pmcourse.plots.montecarlo`
and re-exported here. Drawn elements carry a ``gid`` (``"cell:2,3"``, ``"on_time"``,
``"deadline"``, ``"crit:A"``...) so tests and widgets can find them again; the
``refresh_*`` functions move an existing chart to a new result, which is what
keeps the Monte Carlo simulator fast.

Used in: lesson 05, risk.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle

from pmcourse.plots.risk_montecarlo import (
    criticality_bars,
    finish_histogram,
    histogram_counts,
    refresh_criticality_bars,
    refresh_finish_histogram,
    tornado,
)
from pmcourse.plots.style import (
    COLORS,
    course_style,
    new_figure,
    set_title,
    style_axes,
)
from pmcourse.risk import DEFAULT_BANDS, probability_impact_matrix

__all__ = [
    "criticality_bars",
    "finish_histogram",
    "heat_map",
    "histogram_counts",
    "refresh_criticality_bars",
    "refresh_finish_histogram",
    "tornado",
]

#: Heat-map band colours (light, so the risk ids stay readable) and hatches.
_BAND_STYLE = {
    "low": ("#CDEBDD", ""),
    "medium": ("#FBE3A8", ".."),
    "high": ("#F4B9A0", "//"),
}


def heat_map(
    scored: pd.DataFrame,
    ax: Axes | None = None,
    *,
    probability_levels: int = 5,
    impact_levels: int = 5,
    bands: Sequence[tuple[float, str]] = DEFAULT_BANDS,
    title: str | None = None,
) -> Axes:
    """Draw a probability-impact matrix with each risk's id in its cell.

    Cells are coloured *and* hatched by band (low: green, plain; medium:
    yellow, dotted; high: orange-red, hatched), from
    :func:`pmcourse.risk.probability_impact_matrix`. Opportunities are
    written with a "+" before their id, and in italics.

    Parameters
    ----------
    scored : DataFrame
        From :func:`pmcourse.risk.score_register` with scales, so that every
        risk has ``p_rating`` and ``i_rating``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    probability_levels, impact_levels : int
        The number of rating levels of the scales used.
    bands : sequence of (lower bound, name)
        The bands used for scoring.
    title : str, optional
        By default, how many risks fall in the high band.

    Returns
    -------
    matplotlib.axes.Axes
        Cells have gid ``"cell:<p>,<i>"`` and their texts
        ``"risks:<p>,<i>"`` (ids joined by line breaks).

    Raises
    ------
    ValueError
        If ``scored`` has no ratings (score it with scales first).

    Examples
    --------
    >>> from pmcourse.risk import score_register
    >>> reg = [{"id": "R1", "description": "a", "probability": 0.8, "impact": 50},
    ...        {"id": "R2", "description": "b", "probability": 0.1, "impact": 5}]
    >>> scored = score_register(reg, (0.2, 0.4, 0.6, 0.8, 1.0), (10, 20, 30, 40, 50))
    >>> ax = heat_map(scored)
    >>> {t.get_gid(): t.get_text() for t in ax.texts if t.get_text()}
    {'risks:1,1': 'R2', 'risks:4,5': 'R1'}

    Used in: lesson 05, risk.
    """
    for column in ("p_rating", "i_rating", "id"):
        if column not in scored.columns or scored[column].isna().any():
            raise ValueError(
                f"scored needs a complete {column!r} column: use "
                "score_register(register, probability_scale, impact_scale)"
            )
    matrix = probability_impact_matrix(probability_levels, impact_levels, bands)
    kinds = (
        scored["kind"]
        if "kind" in scored.columns
        else pd.Series("threat", scored.index)
    )
    if ax is None:
        _, ax = new_figure(7.0, 5.0)
    with course_style():
        style_axes(ax, xlabel="Impact rating", ylabel="Probability rating", grid=None)
        for cell in matrix.itertuples(index=False):
            face, hatch = _BAND_STYLE.get(cell.band, ("#EEEEEE", ""))
            ax.add_patch(
                Rectangle(
                    (cell.i_rating - 0.5, cell.p_rating - 0.5),
                    1,
                    1,
                    facecolor=face,
                    hatch=hatch,
                    edgecolor=COLORS["face"],
                    linewidth=2,
                    gid=f"cell:{cell.p_rating},{cell.i_rating}",
                )
            )
            here = scored[
                (scored["p_rating"] == cell.p_rating)
                & (scored["i_rating"] == cell.i_rating)
            ]
            # an opportunity is marked by a "+" before its id as well as by
            # italics (meaning is never carried by a type style alone)
            ids = [
                f"+{i}" if kind == "opportunity" else str(i)
                for i, kind in zip(here["id"], kinds[here.index], strict=True)
            ]
            opportunity = bool(len(here)) and (kinds[here.index] == "opportunity").all()
            ax.text(
                cell.i_rating,
                cell.p_rating,
                "\n".join(ids),
                ha="center",
                va="center",
                fontsize=8.5,
                fontstyle="italic" if opportunity else "normal",
                color=COLORS["text"],
                gid=f"risks:{cell.p_rating},{cell.i_rating}",
            )
        ax.set_xlim(0.5, impact_levels + 0.5)
        ax.set_ylim(0.5, probability_levels + 0.5)
        ax.set_xticks(range(1, impact_levels + 1))
        ax.set_yticks(range(1, probability_levels + 1))
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.legend(
            handles=[
                Patch(
                    facecolor=face, hatch=hatch, edgecolor=COLORS["muted"], label=name
                )
                for name, (face, hatch) in _BAND_STYLE.items()
            ]
            + [
                Patch(
                    facecolor="none",
                    edgecolor="none",
                    label="+ before an id:\nan opportunity",
                )
            ],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            title="band",
        )
    high = int((scored.get("band") == "high").sum()) if "band" in scored else 0
    set_title(
        ax,
        title or f"{high} of {len(scored)} risks sit in the high band (top right)",
    )
    return ax
