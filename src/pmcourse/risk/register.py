"""Risk register: probability-impact scoring and expected monetary value.

Monte Carlo simulation of schedules and costs lives in
:mod:`pmcourse.risk.montecarlo` and decision trees in
:mod:`pmcourse.risk.decision_tree`; the package front gathers all three, so a
lesson can write ``from pmcourse.risk import monte_carlo_schedule, rollback``.

Conventions: a probability is a number in [0, 1]; an impact is in money or
days. Threats have negative impact and opportunities positive impact when an
expected monetary value (EMV) is summed, as the exam does.

Used in: lesson 05, risk; exercise ps05.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pmcourse.core.checks import as_frame

__all__ = [
    "REGISTER_COLUMNS",
    "emv",
    "probability_impact_matrix",
    "register_emv",
    "score_register",
    "validate_register",
]

#: required columns of a risk register and what each holds
REGISTER_COLUMNS = {
    "id": "a short unique label, e.g. R1",
    "description": "cause, risk event and effect in one sentence",
    "probability": "chance the risk occurs, 0 to 1",
    "impact": "effect if it occurs, in dollars or days (a positive number)",
}
#: optional columns with their allowed values (None: free text)
OPTIONAL_COLUMNS: dict[str, tuple[str, ...] | None] = {
    "kind": ("threat", "opportunity"),
    "category": None,
    "owner": None,
    "response": (
        "avoid",
        "mitigate",
        "transfer",
        "accept",
        "escalate",
        "exploit",
        "enhance",
        "share",
    ),
    "status": ("open", "closed", "occurred"),
}

#: default probability-impact bands (score = probability x impact on 0-1 scales)
DEFAULT_BANDS = ((0.0, "low"), (0.1, "medium"), (0.3, "high"))


def validate_register(
    register: pd.DataFrame | Iterable[Mapping[str, Any]],
) -> pd.DataFrame:
    """Check a risk register and return it with defaults filled in.

    Parameters
    ----------
    register : DataFrame or list of dict
        One row per risk with the columns in :data:`REGISTER_COLUMNS`; optional
        ``kind`` (threat or opportunity, default threat), ``category``,
        ``owner``, ``response`` and ``status``.

    Returns
    -------
    DataFrame
        A validated copy with a ``kind`` column.

    Raises
    ------
    ValueError
        Listing every problem with the row's id: a missing column, a
        probability outside [0, 1], a negative impact, a duplicate id or an
        unknown kind or response.

    Examples
    --------
    >>> reg = validate_register([
    ...     {"id": "R1", "description": "Supplier late", "probability": 0.3,
    ...      "impact": 20000},
    ... ])
    >>> reg.loc[0, "kind"]
    'threat'

    Used in: lesson 05, risk.
    """
    table = as_frame(register, copy=True, what="register")
    missing = [c for c in REGISTER_COLUMNS if c not in table.columns]
    if missing:
        wanted = "; ".join(f"'{c}' ({REGISTER_COLUMNS[c]})" for c in missing)
        raise ValueError(f"risk register is missing the column(s) {wanted}")
    if "kind" not in table.columns:
        table["kind"] = "threat"
    problems: list[str] = []
    seen: set[str] = set()
    for i, row in table.iterrows():
        rid = str(row["id"]) if pd.notna(row["id"]) else f"row {i}"
        if rid in seen:
            problems.append(f"risk '{rid}' appears more than once")
        seen.add(rid)
        for col in ("probability", "impact"):
            value = pd.to_numeric(pd.Series([row[col]]), errors="coerce").iloc[0]
            if pd.isna(value):
                problems.append(f"risk '{rid}' has no numeric {col} ({row[col]!r})")
            elif col == "probability" and not 0 <= value <= 1:
                problems.append(
                    f"risk '{rid}' has probability {value:g}; it must be between 0 "
                    "and 1 (write 30% as 0.3)"
                )
            elif col == "impact" and value < 0:
                problems.append(
                    f"risk '{rid}' has a negative impact ({value:g}); give the size "
                    "and say whether it is a threat or an opportunity in 'kind'"
                )
        for col, allowed in OPTIONAL_COLUMNS.items():
            if allowed and col in table.columns and pd.notna(row[col]):
                if str(row[col]).lower() not in allowed:
                    problems.append(
                        f"risk '{rid}' has {col} '{row[col]}'; expected one of "
                        + ", ".join(allowed)
                    )
    if problems:
        raise ValueError("risk register problems:\n- " + "\n- ".join(problems))
    table["probability"] = table["probability"].astype(float)
    table["impact"] = table["impact"].astype(float)
    table["kind"] = table["kind"].str.lower()
    return table


def emv(outcomes: Iterable[tuple[float, float]]) -> float:
    """Return the expected monetary value of (probability, impact) pairs.

    ``EMV = sum(p_i * impact_i)``; give threats a negative impact and
    opportunities a positive one.

    Parameters
    ----------
    outcomes : iterable of (probability, impact)
        Each probability in [0, 1].

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] (naming its position).

    Examples
    --------
    >>> emv([(0.3, -20_000), (0.1, 15_000)])
    -4500.0

    Used in: lesson 05, risk; exercise ps05.
    """
    total = 0.0
    for k, pair in enumerate(outcomes):
        try:
            p, impact = pair
        except (TypeError, ValueError):
            raise ValueError(
                f"outcome {k} must be a (probability, impact) pair, got {pair!r}"
            ) from None
        if not 0 <= p <= 1:
            raise ValueError(f"outcome {k} has probability {p!r}; expected 0 to 1")
        total += float(p) * float(impact)
    return total


def register_emv(register: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Return each risk's EMV (threats negative) as a column of the register.

    Parameters
    ----------
    register : DataFrame or list of dict
        A risk register (see :func:`validate_register`).

    Returns
    -------
    DataFrame
        The validated register with an ``emv`` column.

    Examples
    --------
    >>> reg = register_emv([
    ...     {"id": "R1", "description": "Key engineer leaves", "probability": 0.2,
    ...      "impact": 30000},
    ...     {"id": "O1", "description": "Bulk discount", "probability": 0.5,
    ...      "impact": 4000, "kind": "opportunity"},
    ... ])
    >>> reg["emv"].tolist(), float(reg["emv"].sum())
    ([-6000.0, 2000.0], -4000.0)

    Used in: lesson 05, risk; lesson 02, budgeting (contingency reserve).
    """
    table = validate_register(register)
    sign = np.where(table["kind"] == "opportunity", 1.0, -1.0)
    table["emv"] = sign * table["probability"] * table["impact"]
    return table


def score_register(
    register: pd.DataFrame | Iterable[Mapping[str, Any]],
    probability_scale: Sequence[float] | None = None,
    impact_scale: Sequence[float] | None = None,
    bands: Sequence[tuple[float, str]] = DEFAULT_BANDS,
) -> pd.DataFrame:
    """Score each risk as probability x impact and put it in a heat-map band.

    With scales given, a risk's probability and impact are first turned into
    ratings 1..k by the scale's upper bounds (a probability of 0.25 on the
    scale ``(0.1, 0.3, 0.5, 0.7, 0.9)`` rates 2); the score is then
    ``rating_p x rating_i / k_p / k_i`` so that scores always run from 0 to 1.
    Without scales, the probability and the impact relative to the largest
    impact in the register are multiplied.

    Parameters
    ----------
    register : DataFrame or list of dict
        A risk register.
    probability_scale, impact_scale : sequence of float, optional
        Increasing upper bounds of each rating.
    bands : sequence of (lower bound, name)
        Increasing lower bounds of the heat-map bands on the 0-1 score.

    Returns
    -------
    DataFrame
        The register with ``p_rating``, ``i_rating``, ``score`` and ``band``,
        sorted by score, highest first.

    Raises
    ------
    ValueError
        If a scale is not increasing, or a value lies above its scale's top.

    Examples
    --------
    >>> reg = [
    ...     {"id": "R1", "description": "a", "probability": 0.8, "impact": 50},
    ...     {"id": "R2", "description": "b", "probability": 0.1, "impact": 5},
    ... ]
    >>> out = score_register(reg, (0.2, 0.4, 0.6, 0.8, 1.0), (10, 20, 30, 40, 50))
    >>> out[["id", "p_rating", "i_rating", "score", "band"]].to_dict("records")[0]
    {'id': 'R1', 'p_rating': 4, 'i_rating': 5, 'score': 0.8, 'band': 'high'}

    Used in: lesson 05, risk.
    """
    table = validate_register(register)

    def rate(values: pd.Series, scale: Sequence[float] | None, name: str):
        if scale is None:
            return None, 1
        bounds = np.asarray(scale, dtype=float)
        if bounds.size == 0 or np.any(np.diff(bounds) <= 0):
            raise ValueError(f"{name} must be a non-empty increasing sequence")
        if (values > bounds[-1]).any():
            worst = values[values > bounds[-1]].index[0]
            raise ValueError(
                f"risk '{table.loc[worst, 'id']}' is above the top of {name} "
                f"({values[worst]:g} > {bounds[-1]:g})"
            )
        return np.searchsorted(bounds, values.to_numpy(), side="left") + 1, bounds.size

    pr, kp = rate(table["probability"], probability_scale, "probability_scale")
    ir, ki = rate(table["impact"], impact_scale, "impact_scale")
    p_part = table["probability"].to_numpy() if pr is None else pr / kp
    top = table["impact"].max()
    i_part = (
        (table["impact"].to_numpy() / top if top > 0 else np.zeros(len(table)))
        if ir is None
        else ir / ki
    )
    table["p_rating"] = pr if pr is not None else np.nan
    table["i_rating"] = ir if ir is not None else np.nan
    table["score"] = np.round(p_part * i_part, 10)
    table["band"] = _band_names(table["score"].to_numpy(), bands)
    return table.sort_values("score", ascending=False, kind="stable").reset_index(
        drop=True
    )


def _band_names(scores: np.ndarray, bands: Sequence[tuple[float, str]]) -> list[str]:
    """Return the heat-map band of each score (the band with the highest floor)."""
    lows = [b for b, _ in bands]
    if not lows or any(b2 <= b1 for b1, b2 in zip(lows, lows[1:], strict=False)):
        raise ValueError("bands must have increasing lower bounds")
    idx = np.searchsorted(np.asarray(lows), scores, side="right") - 1
    return [bands[max(k, 0)][1] for k in idx]


def probability_impact_matrix(
    probability_levels: int = 5,
    impact_levels: int = 5,
    bands: Sequence[tuple[float, str]] = DEFAULT_BANDS,
) -> pd.DataFrame:
    """Return every cell of a probability-impact matrix with its score and band.

    A cell's score is ``p_rating / probability_levels * i_rating /
    impact_levels``, the same 0-1 score :func:`score_register` gives a risk
    with those ratings, and its band is the heat-map colour zone.

    Parameters
    ----------
    probability_levels, impact_levels : int
        Number of rating levels on each axis (5 for the usual 5 x 5 matrix).
    bands : sequence of (lower bound, name)
        Increasing lower bounds of the bands on the 0-1 score.

    Returns
    -------
    DataFrame
        One row per cell: ``p_rating``, ``i_rating``, ``score``, ``band``.

    Raises
    ------
    ValueError
        If a number of levels is not a whole number >= 1, or the bands are
        not increasing.

    Examples
    --------
    On a 5 x 5 matrix with the default bands (low below 0.1, high from
    0.3), a cell rated 2 x 3 scores 6 / 25 = 0.24, medium:

    >>> m = probability_impact_matrix()
    >>> m.query("p_rating == 2 and i_rating == 3")[["score", "band"]].values.tolist()
    [[0.24, 'medium']]
    >>> m["band"].value_counts().to_dict()
    {'high': 13, 'medium': 9, 'low': 3}

    Used in: lesson 05, risk (the heat map).
    """
    for name, levels in (
        ("probability_levels", probability_levels),
        ("impact_levels", impact_levels),
    ):
        if isinstance(levels, bool) or int(levels) != levels or levels < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {levels!r}")
    kp, ki = int(probability_levels), int(impact_levels)
    p_grid, i_grid = np.meshgrid(
        np.arange(1, kp + 1), np.arange(1, ki + 1), indexing="ij"
    )
    p_rating, i_rating = p_grid.ravel(), i_grid.ravel()
    score = np.round(p_rating / kp * i_rating / ki, 10)
    return pd.DataFrame(
        {
            "p_rating": p_rating,
            "i_rating": i_rating,
            "score": score,
            "band": _band_names(score, bands),
        }
    )
