"""Charts for CAPM practice results: item map, mastery heat map, domain scores.

Both take the tables of :mod:`pmcourse.capm.analysis` and draw them in the
course style; what matters (a flagged item, a weak cell) is marked by shape
or hatch as well as colour.

Used in: lesson 09, CAPM practice; the instructor's grading report.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from pmcourse.plots.style import (
    COLORS,
    HATCH_CRITICAL,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["domain_scores", "item_map", "mastery_heatmap", "refresh_domain_scores"]

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


def _check_scores(by_domain: pd.DataFrame, pass_mark: float) -> None:
    for column in ("questions", "correct", "score"):
        if column not in by_domain.columns:
            raise ValueError(f"by_domain needs a '{column}' column (see score_exam)")
    if by_domain.empty:
        raise ValueError("by_domain is empty: no domain to draw")
    if not 0 <= pass_mark <= 1:
        raise ValueError(f"pass_mark must be a proportion in [0, 1], got {pass_mark!r}")


def _by_gid(ax: Axes, prefix: str) -> dict[str, Any]:
    found = {}
    for artist in [*ax.patches, *ax.texts, *ax.lines]:
        gid = artist.get_gid() or ""
        if gid.startswith(prefix):
            found[gid[len(prefix) :]] = artist
    return found


def domain_scores(
    by_domain: pd.DataFrame,
    ax: Axes | None = None,
    *,
    pass_mark: float = 0.7,
) -> Axes:
    """Draw a learner's score in each domain against the practice line.

    One horizontal bar per domain, its length the percentage right. Bars
    below the line are vermillion and hatched, the others green; the line
    itself is dashed. The axis label says that this is practice scoring, not
    PMI's.

    Parameters
    ----------
    by_domain : DataFrame
        :attr:`pmcourse.capm.practice.ExamReport.by_domain` (indexed by
        domain, with ``questions``, ``correct`` and ``score`` columns).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-style figure by default.
    pass_mark : float
        The practice line as a proportion.

    Returns
    -------
    matplotlib.axes.Axes
        Bars have gid ``"score:<domain>"``, their labels
        ``"score_label:<domain>"``; the line is ``"practice_line"`` and the
        axes gid ``"domain_scores"``.

    Raises
    ------
    ValueError
        If the table is empty or lacks a column, or ``pass_mark`` is not in
        [0, 1].

    Examples
    --------
    >>> table = pd.DataFrame({"questions": [10, 4], "correct": [8, 2],
    ...                       "score": [0.8, 0.5]}, index=[1, 3])
    >>> domain_scores(table).get_title(loc="left")
    'Practice score 71%: below your 70% line in Agile'

    Used in: lesson 09, CAPM practice (the practice widget's report).
    """
    _check_scores(by_domain, pass_mark)
    if ax is None:
        _, ax = new_figure(8.0, 3.2)
    domains = [int(d) for d in by_domain.index]
    y = np.arange(len(domains))[::-1]
    for yi, d in zip(y, domains, strict=True):
        ax.add_patch(
            Rectangle(
                (0, yi - 0.3),
                0,
                0.6,
                edgecolor=COLORS["face"],
                zorder=3,
                gid=f"score:{d}",
            )
        )
        ax.text(
            0, yi, "", va="center", fontsize=9, color=COLORS["text"], zorder=6,
            gid=f"score_label:{d}",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": COLORS["face"],
                  "edgecolor": "none"},
        )  # fmt: skip
    ax.axvline(
        0,
        color=COLORS["finish"],
        linestyle="--",
        linewidth=1.5,
        zorder=5,
        gid="practice_line",
    )
    ax.text(
        0,
        len(domains) - 0.45,
        "",
        va="bottom",
        ha="left",
        fontsize=8,
        color=COLORS["muted"],
        gid="practice_label",
    )
    ax.set_yticks(y, [DOMAIN_LABELS.get(d, str(d)) for d in domains])
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 20))
    ax.set_ylim(-0.6, len(domains) - 0.1)
    style_axes(ax, xlabel="Questions right (%). Practice scoring, not PMI's.", grid="x")
    ax.set_gid("domain_scores")
    return refresh_domain_scores(ax, by_domain, pass_mark=pass_mark)


def refresh_domain_scores(
    ax: Axes, by_domain: pd.DataFrame, *, pass_mark: float = 0.7
) -> Axes:
    """Move the bars and the line of a :func:`domain_scores` chart.

    When ``by_domain`` holds other domains than the chart, the chart is
    drawn again from scratch.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`domain_scores`.
    by_domain : DataFrame
        The new scores (see :func:`domain_scores`).
    pass_mark : float
        The practice line as a proportion.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        As :func:`domain_scores`.

    Examples
    --------
    >>> table = pd.DataFrame({"questions": [10, 4], "correct": [8, 2],
    ...                       "score": [0.8, 0.5]}, index=[1, 3])
    >>> ax = domain_scores(table)
    >>> refresh_domain_scores(ax, table, pass_mark=0.5).get_title(loc="left")
    'Practice score 71%: every domain at or above your 50% line'

    Used in: lesson 09, CAPM practice (moving the practice line).
    """
    _check_scores(by_domain, pass_mark)
    domains = [int(d) for d in by_domain.index]
    bars, labels = _by_gid(ax, "score:"), _by_gid(ax, "score_label:")
    if ax.get_gid() != "domain_scores" or sorted(bars) != sorted(map(str, domains)):
        ax.clear()
        return domain_scores(by_domain, ax, pass_mark=pass_mark)
    scores = by_domain["score"].to_numpy(dtype=float) * 100
    below = scores < pass_mark * 100 - 1e-9
    rows = zip(
        domains, scores, below, by_domain["questions"], by_domain["correct"],
        strict=True,
    )  # fmt: skip
    for d, score, low, n, right in rows:
        bar, label = bars[str(d)], labels[str(d)]
        bar.set_width(score)
        bar.set_facecolor(COLORS["critical"] if low else COLORS["good"])
        bar.set_hatch(HATCH_CRITICAL if low else "")
        label.set_x(min(score, 100) + 1.5)
        label.set_text(f"{int(right)}/{int(n)} ({score:.0f}%)")
    line = _by_gid(ax, "practice_line")[""]
    line.set_xdata([pass_mark * 100] * 2)
    text = _by_gid(ax, "practice_label")[""]
    text.set_x(pass_mark * 100)
    text.set_text(f" practice line {pass_mark:.0%}")
    total = by_domain["correct"].sum() / by_domain["questions"].sum()
    weak = [
        DOMAIN_LABELS.get(d, str(d)) for d, b in zip(domains, below, strict=True) if b
    ]
    if len(weak) == 1:
        verdict = f"below your {pass_mark:.0%} line in {weak[0]}"
    elif weak:
        verdict = f"{len(weak)} domains below your {pass_mark:.0%} line"
    else:
        verdict = f"every domain at or above your {pass_mark:.0%} line"
    set_title(ax, f"Practice score {total:.0%}: {verdict}")
    return ax
