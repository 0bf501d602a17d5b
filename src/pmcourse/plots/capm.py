"""Charts for CAPM practice results: an item map and a domain mastery heat map.

Both take the tables of :mod:`pmcourse.capm.analysis` and draw them in the
course style; what matters (a flagged item, a weak cell) is marked by shape
or hatch as well as colour.

Used in: lesson 09, CAPM practice; the instructor's grading report.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from pmcourse.plots.style import COLORS, HATCH_CRITICAL, new_figure, style_axes

__all__ = ["item_map", "mastery_heatmap"]

#: Short domain labels for axes.
DOMAIN_LABELS = {
    1: "Fundamentals",
    2: "Predictive",
    3: "Agile",
    4: "Business analysis",
}


def item_map(
    analysis: pd.DataFrame,
    ax: Axes | None = None,
    *,
    min_discrimination: float = 0.2,
    difficulty_range: tuple[float, float] = (0.25, 0.95),
    label_flagged: bool = True,
) -> Axes:
    """Plot each item's difficulty against its discrimination, flagged items marked.

    Parameters
    ----------
    analysis : DataFrame
        The result of :func:`pmcourse.capm.item_analysis` (columns
        ``difficulty``, ``discrimination`` and, optionally, ``flag``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-style figure by default.
    min_discrimination : float
        Drawn as a dashed guide line.
    difficulty_range : (float, float)
        Drawn as dotted guide lines.
    label_flagged : bool
        Write the id next to each flagged item.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a needed column is missing.

    Examples
    --------
    >>> table = pd.DataFrame({"difficulty": [0.8, 0.4], "discrimination":
    ...                       [0.45, 0.05], "flag": [False, True]},
    ...                      index=pd.Index(["Q1", "Q2"], name="item"))
    >>> item_map(table).get_title(loc="left")
    '1 of 2 items need review'

    Used in: lesson 09, CAPM practice; instructor reports.
    """
    for column in ("difficulty", "discrimination"):
        if column not in analysis.columns:
            raise ValueError(f"analysis needs a '{column}' column (see item_analysis)")
    if ax is None:
        _, ax = new_figure(8.0, 5.0)
    x = analysis["difficulty"].to_numpy(dtype=float)
    y = analysis["discrimination"].to_numpy(dtype=float)
    if "flag" in analysis.columns:
        flag = analysis["flag"].to_numpy(dtype=bool)
    else:
        low, high = difficulty_range
        flag = ~(y >= min_discrimination) | (x < low) | (x > high)
    y_plot = np.nan_to_num(y, nan=0.0)
    ax.scatter(
        x[~flag],
        y_plot[~flag],
        s=40,
        color=COLORS["normal"],
        marker="o",
        label="works as intended",
        zorder=3,
    )
    ax.scatter(
        x[flag],
        y_plot[flag],
        s=70,
        color=COLORS["critical"],
        marker="X",
        label="needs review",
        zorder=4,
    )
    if label_flagged:
        for name, xi, yi in zip(
            analysis.index[flag], x[flag], y_plot[flag], strict=True
        ):
            ax.annotate(
                str(name),
                (xi, yi),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize=8,
                color=COLORS["text"],
            )
    ax.axhline(
        min_discrimination,
        color=COLORS["float"],
        linestyle=(0, (5, 3)),
        linewidth=1,
        label=f"discrimination {min_discrimination:g}",
    )
    for bound in difficulty_range:
        ax.axvline(bound, color=COLORS["float"], linestyle=":", linewidth=1)
    ax.set_xlim(-0.02, 1.02)
    bottom = min(-0.2, float(np.nanmin(y_plot)) - 0.05) if y_plot.size else -0.2
    ax.set_ylim(bottom, 1.0)
    n, k = len(analysis), int(flag.sum())
    title = f"{k} of {n} items need review" if k else f"All {n} items work as intended"
    style_axes(
        ax,
        title=title,
        xlabel="Difficulty (proportion correct)",
        ylabel="Discrimination (corrected point-biserial)",
        grid="both",
    )
    ax.legend(loc="lower right")
    return ax


def mastery_heatmap(
    mastery: pd.DataFrame,
    ax: Axes | None = None,
    *,
    threshold: float = 0.7,
    annotate: bool | None = None,
) -> Axes:
    """Draw each student's mastery of each domain as a heat map.

    Cells below ``threshold`` are hatched as well as darker, so a weak spot
    shows in print and to colour-blind readers.

    Parameters
    ----------
    mastery : DataFrame
        The result of :func:`pmcourse.capm.mastery_by_domain` (students x
        domains, proportions in [0, 1]).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-style figure by default.
    threshold : float
        The pass mark per domain.
    annotate : bool, optional
        Write the percentage in each cell (default: when 40 students or fewer).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If the table is empty.

    Examples
    --------
    >>> m = pd.DataFrame({1: [0.9, 0.5], 2: [0.4, 0.8]}, index=["ann", "bo"])
    >>> mastery_heatmap(m).get_title(loc="left")
    'Weakest domain: Predictive (class mean 60%)'

    Used in: lesson 09, CAPM practice; instructor reports.
    """
    if mastery.empty:
        raise ValueError("mastery is empty: no students or no domains")
    values = mastery.to_numpy(dtype=float)
    n_students, n_domains = values.shape
    if ax is None:
        _, ax = new_figure(2.0 + 1.6 * n_domains, 1.5 + 0.28 * n_students)
    image = ax.imshow(values, cmap="cividis", vmin=0, vmax=1, aspect="auto")
    labels = [DOMAIN_LABELS.get(int(d), str(d)) for d in mastery.columns]
    ax.set_xticks(range(n_domains), labels)
    ax.set_yticks(range(n_students), [str(s) for s in mastery.index])
    if annotate is None:
        annotate = n_students <= 40
    for i in range(n_students):
        for j in range(n_domains):
            v = values[i, j]
            if np.isnan(v):
                continue
            if v < threshold:
                ax.add_patch(
                    Rectangle(
                        (j - 0.5, i - 0.5),
                        1,
                        1,
                        fill=False,
                        hatch=HATCH_CRITICAL,
                        edgecolor=(1.0, 1.0, 1.0, 0.45),
                        linewidth=0,
                    )
                )
            if annotate:
                ax.text(
                    j,
                    i,
                    f"{v:.0%}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=COLORS["text"],
                    bbox={
                        "boxstyle": "round,pad=0.15",
                        "facecolor": COLORS["face"],
                        "edgecolor": "none",
                        "alpha": 0.85,
                    },
                )
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    bar.set_label("Proportion correct")
    means = mastery.mean(axis=0)
    weakest = means.idxmin()
    style_axes(
        ax,
        title=(
            f"Weakest domain: {DOMAIN_LABELS.get(int(weakest), weakest)} "
            f"(class mean {means[weakest]:.0%})"
        ),
        xlabel=f"Domain (hatched: below {threshold:.0%})",
        ylabel="Student",
        grid=None,
    )
    ax.grid(False)
    return ax
