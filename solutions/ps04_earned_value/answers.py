"""Answer specification of ps04 (earned value): instructor's side, never released.

The given values come from the student's variant through ``pmcourse`` (the
cost baseline, the cumulative status table, the measures at month 6). A key
that a person computes from an earlier answer (the typical EAC from the CPI,
the VAC from the EAC) is written as that formula over the earlier answer, so
an answer computed from the student's own rounded earlier answers is accepted
(see :mod:`pmcourse.variants.spec`). The hidden tests, ``pmcourse variant
--answers`` and the practice key all read this one file.
"""

from __future__ import annotations

from typing import Any

from pmcourse import cost, evm
from pmcourse.variants import ps04
from pmcourse.variants.spec import Answer, Mistake, Part, Spec

#: The EAC each of ps04.SITUATIONS calls for, in that module's order.
EAC_KINDS = ("atypical", "typical", "cpi_spi", "bottom_up")


def given(params: Any) -> dict[str, Any]:
    """Return what the keys start from: the baseline and month 6's measures."""
    baseline = cost.time_phased_baseline(
        ps04.work_packages(params).set_index("id"), period=1
    )
    bac0 = float(baseline["pv"].sum())
    table = evm.status_table(ps04.reports(params), bac0)
    month = ps04.STATUS_MONTH
    pv, ev, ac = (float(x) for x in table.loc[month, ["pv", "ev", "ac"]])
    one = ps04.reports(params).set_index("period").loc[month]
    status = evm.evm(pv, ev, ac, bac0)
    return {
        "baseline": baseline,
        "table": table,
        "pv6": pv,
        "ev6": ev,
        "ac6": ac,
        "month6": {k: float(one[k]) for k in ("pv", "ev", "ac")},
        "status": status,
        "bac0": bac0,
        "approved_eac": float(params["approved_eac"]),
        "situation_order": list(params["situation_order"]),
    }


def _first_below(table: Any, column: str) -> int:
    below = table.index[table[column] < ps04.CPI_WARNING]
    return int(below[0]) if len(below) else 0


MONTH6_ALONE = "this uses month 6 alone; use the cumulative values up to month 6"

#: What the other variance is called, as a mistake's name.
VARIANCE_NAMES = {"cv": "cost variance", "sv": "schedule variance"}


def _variance(name: str, against: str, other: str, other_is: str) -> Answer:
    """CV or SV (EV minus AC or PV) with the three mistakes both share."""
    rule = f"{name.upper()} is EV - {against.upper()}"
    return Answer(
        name,
        "money",
        lambda v: getattr(v["status"], name),
        [
            Mistake(
                "wrong sign",
                lambda v: -getattr(v["status"], name),
                f"this is {against.upper()} - EV; {rule}",
            ),
            Mistake(
                VARIANCE_NAMES[other],
                lambda v: getattr(v["status"], other),
                f"this is {other_is}; {rule}",
            ),
            Mistake(
                "month 6 alone",
                lambda v: v["month6"]["ev"] - v["month6"][against],
                MONTH6_ALONE,
            ),
        ],
    )


SPEC = Spec(
    "ps04_earned_value",
    given=given,
    parts=[
        Part(
            "check_baseline",
            "Part 1",
            [
                Answer("bac", "money", lambda v: v["bac0"]),
                Answer(
                    "pv_cumulative",
                    "money",
                    lambda v: v["baseline"]["cumulative_pv"].tolist(),
                    [
                        Mistake(
                            "not cumulative",
                            lambda v: v["baseline"]["pv"].tolist(),
                            "these are each month's planned values; give the "
                            "running totals (cumulative PV)",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_variances",
            "Part 2",
            [
                _variance("cv", "ac", "sv", "EV - PV, the schedule variance"),
                _variance("sv", "pv", "cv", "EV - AC"),
            ],
        ),
        Part(
            "check_indices",
            "Part 3",
            [
                Answer(
                    "cpi",
                    "ratio",
                    lambda v: v["status"].cpi,
                    [
                        Mistake(
                            "inverted",
                            lambda v: 1 / v["status"].cpi,
                            "this is AC / EV; CPI is EV / AC",
                        ),
                        Mistake(
                            "schedule index",
                            lambda v: v["status"].spi,
                            "this is EV / PV, the SPI; CPI is EV / AC",
                        ),
                        Mistake(
                            "percentage",
                            lambda v: 100 * v["status"].cpi,
                            "this is a percentage; give the index as a ratio "
                            "such as 0.95",
                        ),
                    ],
                ),
                Answer(
                    "spi",
                    "ratio",
                    lambda v: v["status"].spi,
                    [
                        Mistake(
                            "inverted",
                            lambda v: 1 / v["status"].spi,
                            "this is PV / EV; SPI is EV / PV",
                        ),
                        Mistake(
                            "cost index",
                            lambda v: v["status"].cpi,
                            "this is EV / AC, the CPI; SPI is EV / PV",
                        ),
                    ],
                ),
            ],
        ),
        Part(
            "check_eac",
            "Part 4",
            [
                Answer(
                    "eac_typical",
                    "money",
                    lambda v: v["bac"] / v["cpi"],
                    [
                        Mistake(
                            "atypical",
                            lambda v: v["status"].eac_atypical,
                            "this is the atypical EAC, AC + (BAC - EV); the "
                            "typical one assumes the CPI so far continues",
                        ),
                        Mistake(
                            "times CPI",
                            lambda v: v["bac"] * v["cpi"],
                            "this is BAC x CPI; the typical EAC divides the "
                            "budget by the CPI",
                        ),
                    ],
                ),
                Answer(
                    "eac_atypical",
                    "money",
                    lambda v: v["ac6"] + v["bac"] - v["ev6"],
                    [
                        Mistake(
                            "typical",
                            lambda v: v["status"].eac,
                            "this is the typical EAC, BAC / CPI; the atypical "
                            "one assumes the rest goes as budgeted",
                        )
                    ],
                ),
                Answer(
                    "eac_cpi_spi",
                    "money",
                    lambda v: v["ac6"] + (v["bac"] - v["ev6"]) / (v["cpi"] * v["spi"]),
                    [
                        Mistake(
                            "without AC",
                            lambda v: v["bac"] / (v["cpi"] * v["spi"]),
                            "this is BAC / (CPI x SPI); the remaining work "
                            "(BAC - EV) is divided by CPI x SPI and added to AC",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_etc_vac",
            "Part 5",
            [
                Answer(
                    "etc",
                    "money",
                    lambda v: v["eac_typical"] - v["ac6"],
                    [
                        Mistake(
                            "budget left",
                            lambda v: v["bac"] - v["ev6"],
                            "this is BAC - EV, the work left at budget rates; "
                            "with the typical EAC, ETC is EAC - AC",
                        )
                    ],
                ),
                Answer(
                    "vac",
                    "money",
                    lambda v: v["bac"] - v["eac_typical"],
                    [
                        Mistake(
                            "wrong sign",
                            lambda v: v["eac_typical"] - v["bac"],
                            "this is EAC - BAC; VAC is BAC - EAC (negative "
                            "for an overrun)",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_tcpi",
            "Part 6",
            [
                Answer(
                    "tcpi_bac",
                    "ratio",
                    lambda v: (v["bac"] - v["ev6"]) / (v["bac"] - v["ac6"]),
                    [
                        Mistake(
                            "inverted",
                            lambda v: (v["bac"] - v["ac6"]) / (v["bac"] - v["ev6"]),
                            "this is money left over work left; TCPI is work "
                            "left (BAC - EV) over money left (BAC - AC)",
                        )
                    ],
                ),
                Answer(
                    "tcpi_approved",
                    "ratio",
                    lambda v: (v["bac"] - v["ev6"]) / (v["approved_eac"] - v["ac6"]),
                    [
                        Mistake(
                            "on the BAC",
                            lambda v: v["tcpi_bac"],
                            "this is the index on the original budget; for the "
                            "approved figure the money left is APPROVED_EAC - AC",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_percent",
            "Part 7",
            [
                Answer(
                    "percent_complete",
                    "ratio",
                    lambda v: v["ev6"] / v["bac"],
                    [
                        Mistake(
                            "percentage",
                            lambda v: 100 * v["ev6"] / v["bac"],
                            "this is a percentage; give a fraction such as 0.4",
                        ),
                        Mistake(
                            "planned",
                            lambda v: v["pv6"] / v["bac"],
                            "this is PV / BAC, the work planned by now; percent "
                            "complete is EV / BAC",
                        ),
                    ],
                ),
                Answer(
                    "percent_spent",
                    "ratio",
                    lambda v: v["ac6"] / v["bac"],
                    [
                        Mistake(
                            "percentage",
                            lambda v: 100 * v["ac6"] / v["bac"],
                            "this is a percentage; give a fraction such as 0.4",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_trend",
            "Part 8",
            [
                Answer(
                    "first_month_below",
                    "count",
                    lambda v: _first_below(v["table"], "cpi"),
                    [
                        Mistake(
                            "month's own CPI",
                            lambda v: _first_below(
                                v["table"].assign(
                                    cpi=v["table"]["ev"].diff().fillna(v["table"]["ev"])
                                    / v["table"]["ac"].diff().fillna(v["table"]["ac"])
                                ),
                                "cpi",
                            ),
                            "this is the first month whose own CPI fell below "
                            "0.95; use the cumulative CPI of each month",
                        )
                    ],
                ),
            ],
        ),
        Part(
            "check_choice",
            "Part 9",
            [
                Answer(
                    "eac_choice",
                    "label",
                    lambda v: {
                        letter: EAC_KINDS[i]
                        for letter, i in zip("abcd", v["situation_order"], strict=True)
                    },
                ),
            ],
        ),
    ],
)
