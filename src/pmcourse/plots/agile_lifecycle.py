"""Life-cycle charts: how well each approach fits a scenario.

Draws what :func:`pmcourse.lifecycle.assess` computed. Every bar carries a
``gid`` (``"fit:predictive"``...) so tests and widgets can find it again.

Used in: lesson 01, life cycles.
"""

from __future__ import annotations

from typing import Any, cast

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from pmcourse.agile.lifecycle import APPROACHES, LifeCycleFit
from pmcourse.plots.style import (
    COLORS,
    HATCH_CRITICAL,
    LINESTYLES,
    course_style,
    new_figure,
    set_title,
    style_axes,
)

__all__ = ["fit_values", "life_cycle_fit", "refresh_life_cycle_fit"]


def life_cycle_fit(
    result: LifeCycleFit, ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Draw one horizontal bar per approach, its length the fit (0 to 100).

    The recommended approach is orange *and* hatched; the others are blue. A
    dashed line at 50 marks "neutral": a bar to its right means the
    scenario's factors, on balance, favour that approach.

    Parameters
    ----------
    result : LifeCycleFit
        From :func:`pmcourse.lifecycle.assess`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new course-styled figure by default.
    title : str, optional
        By default the title names the recommendation and its margin.

    Returns
    -------
    matplotlib.axes.Axes
        Bars have gid ``"fit:<approach>"``, their value labels
        ``"fit_label:<approach>"``, the neutral line ``"neutral"``; the axes
        gid is ``"life_cycle_fit"``.

    Examples
    --------
    >>> from pmcourse.agile.lifecycle import assess
    >>> result = assess(requirements_clarity=1, requirements_volatility=5,
    ...                 delivery_cadence=5, regulatory_constraints=1,
    ...                 cost_of_change=1, team_experience=4,
    ...                 stakeholder_availability=5)
    >>> ax = life_cycle_fit(result)
    >>> {k: round(v) for k, v in fit_values(ax).items()}["adaptive"]
    97

    Used in: lesson 01, life cycles.
    """
    if ax is None:
        _, ax = new_figure(8.0, 3.6)
    y = list(range(len(APPROACHES)))
    with course_style():
        style_axes(ax, xlabel="Fit to the scenario (0 to 100; 50 is neutral)", grid="x")
        bars = ax.barh(y, [50.0] * len(y), height=0.62, color=COLORS["normal"])
        for patch, approach in zip(bars.patches, APPROACHES, strict=True):
            patch.set_gid(f"fit:{approach}")
        for yi, approach in zip(y, APPROACHES, strict=True):
            ax.text(0, yi, "", va="center", fontsize=9, gid=f"fit_label:{approach}")
        ax.axvline(
            50,
            color=COLORS["muted"],
            linestyle=LINESTYLES["finish"],
            linewidth=1.0,
            gid="neutral",
        )
        ax.set_yticks(y, [a.capitalize() for a in APPROACHES])
        ax.set_ylim(len(y) - 0.4, -0.6)
        ax.set_xlim(0, 108)
    ax.set_gid("life_cycle_fit")
    refresh_life_cycle_fit(ax, result, title=title)
    return ax


def refresh_life_cycle_fit(
    ax: Axes, result: LifeCycleFit, *, title: str | None = None
) -> Axes:
    """Move the bars of a :func:`life_cycle_fit` chart to a new result.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`life_cycle_fit`.
    result : LifeCycleFit
        The new result.
    title : str, optional
        A title; by default it names the recommendation.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Raises
    ------
    ValueError
        If the axes was not drawn by :func:`life_cycle_fit`.

    Examples
    --------
    >>> from pmcourse.agile.lifecycle import assess
    >>> levels = dict(requirements_clarity=5, requirements_volatility=1,
    ...               delivery_cadence=1, regulatory_constraints=5,
    ...               cost_of_change=5, team_experience=2,
    ...               stakeholder_availability=2)
    >>> ax = life_cycle_fit(assess(levels))
    >>> levels["requirements_clarity"] = 1  # 50 + 50 * (9 - 4) / 9.5
    >>> _ = refresh_life_cycle_fit(ax, assess(levels))
    >>> round(fit_values(ax)["predictive"], 1)
    76.3

    Used in: lesson 01, life cycles (the life-cycle chooser).
    """
    if ax.get_gid() != "life_cycle_fit":
        raise ValueError("ax was not drawn by life_cycle_fit()")
    patches: dict[str | None, Any] = {p.get_gid(): p for p in ax.patches}  # bars
    labels = {t.get_gid(): t for t in ax.texts}
    for approach in APPROACHES:
        value = float(result.fit[approach])
        best = approach == result.recommended
        bar = patches[f"fit:{approach}"]
        bar.set_width(value)
        bar.set_facecolor(COLORS["highlight"] if best else COLORS["normal"])
        bar.set_hatch(HATCH_CRITICAL if best else None)  # type: ignore[arg-type]
        bar.set_edgecolor(COLORS["text"] if best else COLORS["normal"])
        label = labels[f"fit_label:{approach}"]
        label.set_position((value + 1.2, label.get_position()[1]))
        label.set_text(f"{value:.0f}" + ("  recommended" if best else ""))
        label.set_fontweight("bold" if best else "normal")
    if title is None:
        title = f"{result.recommended.capitalize()} fits best, " + (
            f"{result.margin:.0f} points ahead of {result.runner_up}"
            if result.margin >= 0.5
            else f"level with {result.runner_up}"
        )
    set_title(ax, title)
    return ax


def fit_values(ax: Axes) -> dict[str, float]:
    """Read the drawn fit of each approach back from a :func:`life_cycle_fit` chart.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        An axes drawn by :func:`life_cycle_fit`.

    Returns
    -------
    dict of str to float
        Bar length by approach.

    Examples
    --------
    >>> from pmcourse.agile.lifecycle import assess
    >>> ax = life_cycle_fit(assess(dict.fromkeys(
    ...     ["requirements_clarity", "requirements_volatility",
    ...      "delivery_cadence", "regulatory_constraints", "cost_of_change",
    ...      "team_experience", "stakeholder_availability"], 3)))
    >>> set(fit_values(ax).values())
    {50.0}

    Used in: tests and the life-cycle chooser.
    """
    return {
        str(p.get_gid()).split(":", 1)[1]: float(p.get_width())
        for p in cast("list[Rectangle]", ax.patches)
        if (p.get_gid() or "").startswith("fit:")
    }
