"""The course formula sheet, from one source: the formulas and their worked examples.

Each :class:`Formula` names the library functions that compute it
(``functions``); its worked example is computed by calling them when the
sheet is built (:func:`formula_table`), so the sheet can never disagree with
the library. :func:`formula_sheet_html` is the printable page (two A4 pages,
with a print style); ``python -m pmcourse.reference`` writes it to
``notebooks/formula_sheet.html``.

Used in: notebooks/formula_sheet.ipynb; lesson 09, CAPM practice.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

__all__ = ["FORMULAS", "Formula", "formula_sheet_html", "formula_table", "formulas_for"]


@dataclass(frozen=True)
class Formula:
    """One formula of the sheet.

    Attributes
    ----------
    key : str
        Short id, e.g. ``"cpi"``.
    name : str
    formula : str
        The formula as a learner writes it.
    topic : str
        The sheet's section.
    lesson : str
        The lesson that teaches it.
    domain : int
        The CAPM domain.
    functions : tuple of str
        The library functions that compute it (``"evm.evm"`` means
        ``pmcourse.evm.evm``).
    example : callable
        Returns ``(given, result)``: the worked example's inputs and its
        result, computed by the library.
    """

    key: str
    name: str
    formula: str
    topic: str
    lesson: str
    domain: int
    functions: tuple[str, ...]
    example: Callable[[], tuple[str, str]]


def _money(x: float) -> str:
    return f"−${-x:,.0f}" if x < 0 else f"${x:,.0f}"


# --- worked examples: each calls the library -----------------------------


def _evm(field: str, fmt: Callable[[float], str]) -> Callable[[], tuple[str, str]]:
    def example() -> tuple[str, str]:
        from pmcourse.evm import evm

        r = evm(pv=50_000, ev=40_000, ac=45_000, bac=100_000)
        return "PV 50,000, EV 40,000, AC 45,000, BAC 100,000", fmt(getattr(r, field))

    return example


def _ratio(x: float) -> str:
    return f"{x:.2f}"


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _pert_mean() -> tuple[str, str]:
    from pmcourse.schedule import pert

    mean, _ = pert(4, 6, 14)
    return "O 4, M 6, P 14 days", f"E = {mean:.2f} days"


def _pert_sd() -> tuple[str, str]:
    from pmcourse.schedule import pert

    _, sd = pert(4, 6, 14)
    return "O 4, M 6, P 14 days", f"σ = {sd:.2f} days, variance {sd**2:.2f}"


def _triangular() -> tuple[str, str]:
    from pmcourse.schedule import triangular_mean

    return "O 4, M 6, P 14 days", f"E = {triangular_mean(4, 6, 14):.2f} days"


def _path() -> tuple[str, str]:
    from pmcourse.schedule import path_estimate

    tasks = [
        {"id": "A", "optimistic": 2, "most_likely": 4, "pessimistic": 8},
        {"id": "B", "optimistic": 3, "most_likely": 5, "pessimistic": 13},
    ]
    mean, sd = path_estimate(tasks)
    return "A (2, 4, 8) then B (3, 5, 13)", f"E = {mean:.2f}, σ = {sd:.2f} days"


def _probability() -> tuple[str, str]:
    from pmcourse.schedule import deadline_for_probability, probability_of_finishing_by

    p = probability_of_finishing_by(30, 28, 2)
    d = deadline_for_probability(0.9, 28, 2)
    return "path E 28, σ 2 days", f"P(≤ 30) = {p:.1%}; 90 % by day {d:.1f}"


def _cpm() -> tuple[str, str]:
    from pmcourse.schedule import cpm

    t = cpm(
        [
            {"id": "A", "duration": 3, "predecessors": []},
            {"id": "B", "duration": 5, "predecessors": ["A"]},
            {"id": "C", "duration": 2, "predecessors": ["A"]},
            {"id": "D", "duration": 4, "predecessors": ["B", "C"]},
        ]
    )
    c = t.loc["C"]
    return (
        "A 3; B 5 after A; C 2 after A; D 4 after B, C",
        f"C: ES {c['es']:g}, EF {c['ef']:g}, LS {c['ls']:g}, LF {c['lf']:g}, "
        f"total float {c['total_float']:g}, free float {c['free_float']:g}",
    )


def _crash() -> tuple[str, str]:
    from pmcourse.schedule import crash_cost_slope

    s = crash_cost_slope(10, 20_000, 7, 29_000)
    return "10 days $20,000 -> 7 days $29,000", f"{_money(s)} per day"


def _analogous() -> tuple[str, str]:
    from pmcourse.cost import analogous_estimate

    e = analogous_estimate(400_000, 80, 100)
    return "past $400,000 for 80 units; new 100 units", _money(e)


def _parametric() -> tuple[str, str]:
    from pmcourse.cost import fit_parametric

    model = fit_parametric(
        {"cost": [110, 205, 290, 410], "size": [10, 20, 30, 40]}, "cost", "size"
    )
    return "history: size 10-40, cost 110-410", f"cost(25) = {model.predict(25):.1f}"


def _three_point_cost() -> tuple[str, str]:
    from pmcourse.cost import three_point_estimate

    mean, sd = three_point_estimate(40_000, 50_000, 72_000)
    return "O $40,000, M $50,000, P $72,000", f"{_money(mean)} ± {_money(sd)}"


def _wbs() -> tuple[str, str]:
    from pmcourse.cost import rollup_wbs

    r = rollup_wbs(
        [
            {"wbs": "1"},
            {"wbs": "1.1", "cost": 12_000},
            {"wbs": "1.2", "cost": 8_000},
            {"wbs": "2"},
            {"wbs": "2.1", "cost": 5_000},
        ]
    )
    return (
        "1.1 $12,000, 1.2 $8,000, 2.1 $5,000",
        f"1 = {_money(float(r['cost'].to_dict()['1']))}",
    )


def _contingency() -> tuple[str, str]:
    from pmcourse.cost import contingency_reserve

    c = contingency_reserve(emv=[-0.3 * 20_000, -0.1 * 50_000, 0.2 * 10_000])
    return "EMVs -6,000, -5,000, +2,000", _money(c)


def _budget() -> tuple[str, str]:
    from pmcourse.cost import cost_budget, management_reserve

    mr = management_reserve(218_000, 0.05)
    b = cost_budget([120_000, 89_000], contingency=9_000, management_reserve=mr)
    return (
        "estimates 209,000, contingency 9,000, 5 % management reserve",
        f"baseline {_money(b.cost_baseline)}, budget {_money(b.budget)}",
    )


def _reserve_from_simulation() -> tuple[str, str]:
    from pmcourse.cost import size_reserves

    totals = [100_000 + 1_000 * k for k in range(101)]
    r = size_reserves(totals, 120_000, confidence=0.8)
    return "simulated totals 100,000-200,000; base 120,000", (
        f"P80 {_money(r.cost_at_confidence)}, contingency "
        f"{_money(r.contingency_reserve)}"
    )


def _npv() -> tuple[str, str]:
    from pmcourse.cost import npv

    return "-100,000 then 40,000 x 3 at 8 %", _money(
        npv(0.08, [-100_000] + [40_000] * 3)
    )


def _irr() -> tuple[str, str]:
    from pmcourse.cost import irr

    return "-100,000 then 40,000 x 3", f"{irr([-100_000] + [40_000] * 3):.2%}"


def _payback() -> tuple[str, str]:
    from pmcourse.cost import payback_period

    p = payback_period([-100_000, 30_000, 40_000, 50_000])
    return "-100,000, then 30,000, 40,000, 50,000", f"{p:.1f} periods"


def _bcr() -> tuple[str, str]:
    from pmcourse.cost import benefit_cost_ratio

    return "PV benefits 150,000, PV costs 120,000", _ratio(
        benefit_cost_ratio(150_000, 120_000)
    )


def _roi() -> tuple[str, str]:
    from pmcourse.cost import roi

    return "net benefit 30,000 on cost 120,000", _pct(roi(30_000, 120_000))


def _pta() -> tuple[str, str]:
    from pmcourse.cost import point_of_total_assumption

    p = point_of_total_assumption(100_000, 10_000, 120_000, 0.7)
    return "target cost 100,000, fee 10,000, ceiling 120,000, buyer 70 %", _money(p)


def _emv() -> tuple[str, str]:
    from pmcourse.risk import emv

    e = emv([(0.3, -20_000), (0.2, 10_000)])
    return "threat 30 % x -20,000; opportunity 20 % x +10,000", _money(e)


def _score() -> tuple[str, str]:
    from pmcourse.risk import score_register

    s = score_register(
        [
            {"id": "R1", "description": "a", "probability": 0.3, "impact": 40_000},
            {"id": "R2", "description": "b", "probability": 0.5, "impact": 20_000},
        ]
    ).set_index("id")
    score = {str(k): float(v) for k, v in s["score"].to_dict().items()}
    return "R1: 30 %, $40,000; R2: 50 %, $20,000", (
        f"R1 {score['R1']:.2f}, R2 {score['R2']:.2f}"
    )


def _rollback() -> tuple[str, str]:
    from pmcourse.risk import Chance, Decision, End, rollback

    tree = Decision(
        {
            "build": (120_000, Chance(((0.7, End(300_000)), (0.3, End(100_000))))),
            "buy": (150_000, End(250_000)),
        }
    )
    r = rollback(tree)
    return "build 120,000 (70 % 300,000 / 30 % 100,000); buy 150,000 -> 250,000", (
        f"{next(iter(r.choices.values()))}, EMV {_money(r.value)}"
    )


def _monte_carlo() -> tuple[str, str]:
    from pmcourse.risk import simulate_schedule

    sim = simulate_schedule(
        [
            {"id": "A", "optimistic": 2, "most_likely": 4, "pessimistic": 9},
            {"id": "B", "optimistic": 2, "most_likely": 4, "pessimistic": 9},
            {
                "id": "C",
                "optimistic": 1,
                "most_likely": 1,
                "pessimistic": 1,
                "predecessors": ["A", "B"],
            },
        ],
        n=20_000,
        rng=1,
    )
    return "A, B (2, 4, 9) in parallel, then C 1 day; 20,000 runs, seed 1", (
        f"mean finish {sim.finish.mean():.2f} days (one path alone: 6.00)"
    )


def _forecast_duration() -> tuple[str, str]:
    from pmcourse.evm import forecast_duration

    return "planned 12 months, SPI 0.80", f"{forecast_duration(12, 0.8):.1f} months"


def _channels() -> tuple[str, str]:
    from pmcourse.stakeholders import channels_added, communication_channels

    return "8 people, then 12", (
        f"{communication_channels(8)} channels; +{channels_added(8, 12)}"
    )


def _sprints() -> tuple[str, str]:
    from pmcourse.agile import sprints_remaining

    return "130 points left, velocity 24", f"{sprints_remaining(130, 24)} sprints"


def _capacity() -> tuple[str, str]:
    from pmcourse.agile import capacity_adjusted_velocity

    v = capacity_adjusted_velocity(30, 50, 60)
    return "velocity 30 at 60 people-days; next sprint 50", f"{v:.1f} points"


def _velocity_stats() -> tuple[str, str]:
    from pmcourse.agile import velocity_stats

    s = velocity_stats([21, 25, 19, 27, 23])
    return "velocities 21, 25, 19, 27, 23", f"mean {s.mean:.1f}, sd {s.std:.2f}"


def _forecast() -> tuple[str, str]:
    from pmcourse.agile import forecast_percentiles, forecast_sprints

    samples = forecast_sprints(120, [21, 25, 19, 27, 23], 5_000, rng=1)
    p = forecast_percentiles(samples, q=(85,))
    return "120 points, past velocities 21-27; 5,000 runs, seed 1", (
        f"85 % within {p.iloc[0]:g} sprints"
    )


def _littles_law() -> tuple[str, str]:
    from pmcourse.agile import littles_law

    return "WIP 12 items, throughput 3 a day", f"cycle time {littles_law(12, 3):g} days"


def _burndown() -> tuple[str, str]:
    from pmcourse.agile import burndown

    b = burndown(100, [20, 25, 15])
    return "scope 100; done 20, 25, 15", f"remaining {b['remaining'].iloc[-1]:g}"


def _throughput() -> tuple[str, str]:
    from pmcourse.agile import throughput

    t = throughput(
        [
            {"id": 1, "started": 0, "finished": 2},
            {"id": 2, "started": 1, "finished": 2},
            {"id": 3, "started": 1, "finished": 3},
        ]
    )
    return "items finished on days 2, 2, 3", f"{int(t.sum())} items over {len(t)} days"


def _time_phased() -> tuple[str, str]:
    from pmcourse.cost import time_phased_baseline

    sched = pd.DataFrame(
        {"es": [0.0, 2.0], "ef": [2.0, 4.0]}, index=pd.Index(["A", "B"], name="id")
    )
    t = time_phased_baseline(sched, {"A": 100, "B": 300}, period=1)
    return "A $100 over days 0-2, B $300 over days 2-4", (
        "cumulative PV " + ", ".join(f"{v:g}" for v in t.iloc[:, -1])
    )


def _wsjf() -> tuple[str, str]:
    from pmcourse.analysis import wsjf

    return (
        "value 8, time criticality 5, risk reduction 3, size 4",
        f"{wsjf(8, 5, 3, 4):g}",
    )


def _kano() -> tuple[str, str]:
    from pmcourse.analysis import kano_category

    return "present: like; absent: dislike", kano_category("like", "dislike")


def _coq() -> tuple[str, str]:
    from pmcourse.cost import cost_of_quality

    q = cost_of_quality(
        [
            {"category": "prevention", "cost": 4_000},
            {"category": "appraisal", "cost": 9_000},
            {"category": "internal failure", "cost": 6_000},
            {"category": "external failure", "cost": 15_000},
        ]
    )
    return "prevention 4,000, appraisal 9,000, failures 6,000 + 15,000", (
        f"conformance {_money(q.conformance)}, nonconformance "
        f"{_money(q.nonconformance)}, total {_money(q.total)}, failure share "
        f"{_pct(q.failure_share)}"
    )


_EV = "Earned value"
_EST = "Estimating and budgets"
_SCH = "Schedule"
_FIN = "Project selection and contracts"
_RISK = "Risk"
_AG = "Agile and flow"
_BA = "People, quality and business analysis"

#: Every formula of the sheet, in the sheet's order.
FORMULAS: tuple[Formula, ...] = (
    Formula(
        "cv",
        "Cost variance",
        "CV = EV − AC",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("cv", _money),
    ),
    Formula(
        "sv",
        "Schedule variance",
        "SV = EV − PV",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("sv", _money),
    ),
    Formula(
        "cpi",
        "Cost performance index",
        "CPI = EV / AC",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm", "evm.status_table"),
        _evm("cpi", _ratio),
    ),
    Formula(
        "spi",
        "Schedule performance index",
        "SPI = EV / PV",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("spi", _ratio),
    ),
    Formula(
        "eac",
        "Estimate at completion (CPI persists)",
        "EAC = BAC / CPI",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("eac", _money),
    ),
    Formula(
        "eac_atypical",
        "EAC (variance was one-off)",
        "EAC = AC + (BAC − EV)",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("eac_atypical", _money),
    ),
    Formula(
        "eac_cpi_spi",
        "EAC (cost and schedule persist)",
        "EAC = AC + (BAC − EV) / (CPI × SPI)",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("eac_cpi_spi", _money),
    ),
    Formula(
        "etc",
        "Estimate to complete",
        "ETC = EAC − AC",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("etc", _money),
    ),
    Formula(
        "vac",
        "Variance at completion",
        "VAC = BAC − EAC",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("vac", _money),
    ),
    Formula(
        "tcpi",
        "To-complete performance index",
        "TCPI = (BAC − EV) / (BAC − AC); on an EAC: (BAC − EV) / (EAC − AC)",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("tcpi", _ratio),
    ),
    Formula(
        "percent_complete",
        "Percent complete",
        "% complete = EV / BAC",
        _EV,
        "04_earned_value",
        2,
        ("evm.evm",),
        _evm("percent_complete", _pct),
    ),
    Formula(
        "forecast_duration",
        "Duration forecast",
        "forecast = planned / SPI",
        _EV,
        "04_earned_value",
        2,
        ("evm.forecast_duration",),
        _forecast_duration,
    ),
    Formula(
        "time_phased",
        "Time-phased baseline (S-curve)",
        "PV(t) = Σ budget of work scheduled up to t",
        _EV,
        "04_earned_value",
        2,
        ("cost.time_phased_baseline",),
        _time_phased,
    ),
    Formula(
        "pert_mean",
        "Three-point (beta, PERT) mean",
        "E = (O + 4M + P) / 6",
        _EST,
        "03_scheduling",
        2,
        ("schedule.pert", "schedule.pert_table"),
        _pert_mean,
    ),
    Formula(
        "pert_sd",
        "Three-point (beta) standard deviation",
        "σ = (P − O) / 6; variance = σ²",
        _EST,
        "03_scheduling",
        2,
        ("schedule.pert", "schedule.pert_table"),
        _pert_sd,
    ),
    Formula(
        "triangular",
        "Three-point (triangular) mean",
        "E = (O + M + P) / 3",
        _EST,
        "02_budgeting",
        2,
        ("schedule.triangular_mean",),
        _triangular,
    ),
    Formula(
        "three_point_cost",
        "Three-point cost estimate",
        "E = (O + 4M + P) / 6, σ = (P − O) / 6 per item; totals add",
        _EST,
        "02_budgeting",
        2,
        ("cost.three_point_estimate", "cost.three_point_costs"),
        _three_point_cost,
    ),
    Formula(
        "analogous",
        "Analogous estimate",
        "estimate = past cost × new size / past size",
        _EST,
        "02_budgeting",
        2,
        ("cost.analogous_estimate",),
        _analogous,
    ),
    Formula(
        "parametric",
        "Parametric estimate",
        "cost = a + b × driver (or a × driver^b), fitted to history",
        _EST,
        "02_budgeting",
        2,
        ("cost.fit_parametric",),
        _parametric,
    ),
    Formula(
        "wbs_rollup",
        "WBS roll-up",
        "parent cost = Σ children's costs",
        _EST,
        "02_budgeting",
        2,
        ("cost.rollup_wbs",),
        _wbs,
    ),
    Formula(
        "contingency",
        "Contingency reserve (from the register)",
        "contingency = −Σ EMV of identified risks (if net negative)",
        _EST,
        "02_budgeting",
        2,
        ("cost.contingency_reserve",),
        _contingency,
    ),
    Formula(
        "budget",
        "Cost baseline and budget",
        "baseline = estimates + contingency; budget = baseline + management reserve",
        _EST,
        "02_budgeting",
        2,
        ("cost.cost_budget", "cost.management_reserve"),
        _budget,
    ),
    Formula(
        "reserve_simulated",
        "Contingency from a simulation",
        "contingency = P80 of simulated totals − base estimate",
        _EST,
        "02_budgeting",
        2,
        ("cost.size_reserves", "risk.monte_carlo_cost"),
        _reserve_from_simulation,
    ),
    Formula(
        "cpm",
        "Critical path method (zero-based days)",
        "ES = max EF of predecessors; EF = ES + D; LF = min LS of successors; "
        "LS = LF − D; total float = LS − ES; free float = min ES of "
        "successors − EF",
        _SCH,
        "03_scheduling",
        2,
        ("schedule.cpm", "schedule.critical_path", "schedule.project_finish"),
        _cpm,
    ),
    Formula(
        "path",
        "A path's estimate",
        "E = Σ E; σ = √(Σ σ²), never Σ σ",
        _SCH,
        "03_scheduling",
        2,
        ("schedule.path_estimate",),
        _path,
    ),
    Formula(
        "probability",
        "Probability of finishing by a date",
        "z = (date − E) / σ; P = Φ(z)",
        _SCH,
        "03_scheduling",
        2,
        ("schedule.probability_of_finishing_by", "schedule.deadline_for_probability"),
        _probability,
    ),
    Formula(
        "crash_slope",
        "Crash cost slope",
        "slope = (crash cost − normal cost) / (normal − crash duration)",
        _SCH,
        "03_scheduling",
        2,
        ("schedule.crash_cost_slope",),
        _crash,
    ),
    Formula(
        "merge_bias",
        "Schedule Monte Carlo (merge bias)",
        "finish = max over joining paths, per run; P(finish ≤ d) = share of runs; "
        "Pxx = the xx-th percentile of the finishes; criticality = share of runs "
        "an activity is on the critical path",
        _SCH,
        "05_risk",
        1,
        (
            "risk.simulate_schedule",
            "risk.monte_carlo_schedule",
            "pmcourse.risk.montecarlo.ScheduleSimulation.percentile",
            "pmcourse.risk.montecarlo.ScheduleSimulation.probability_by",
            "pmcourse.risk.montecarlo.ScheduleSimulation.criticality",
        ),
        _monte_carlo,
    ),
    Formula(
        "npv",
        "Net present value",
        "NPV = Σ CFₜ / (1 + r)ᵗ, CF₀ at t = 0",
        _FIN,
        "02_budgeting",
        2,
        ("finance.npv", "finance.present_value"),
        _npv,
    ),
    Formula(
        "irr",
        "Internal rate of return",
        "the r at which NPV = 0",
        _FIN,
        "02_budgeting",
        2,
        ("finance.irr",),
        _irr,
    ),
    Formula(
        "payback",
        "Payback period",
        "last period still short + amount left / next period's flow "
        "(discounted payback: the same on the discounted flows)",
        _FIN,
        "02_budgeting",
        2,
        (
            "finance.payback_period",
            "cost.discounted_payback_period",
            "finance.discounted_payback_period",
        ),
        _payback,
    ),
    Formula(
        "bcr",
        "Benefit-cost ratio",
        "BCR = PV(benefits) / PV(costs)",
        _FIN,
        "02_budgeting",
        2,
        ("finance.benefit_cost_ratio",),
        _bcr,
    ),
    Formula(
        "roi",
        "Return on investment",
        "ROI = net benefit / cost",
        _FIN,
        "02_budgeting",
        2,
        ("finance.roi",),
        _roi,
    ),
    Formula(
        "pta",
        "Point of total assumption",
        "PTA = (ceiling price − target price) / buyer's share + target cost",
        _FIN,
        "02_budgeting",
        2,
        ("contracts.point_of_total_assumption",),
        _pta,
    ),
    Formula(
        "emv",
        "Expected monetary value",
        "EMV = Σ pᵢ × impactᵢ (threats −, opportunities +)",
        _RISK,
        "05_risk",
        1,
        ("risk.emv", "risk.register_emv"),
        _emv,
    ),
    Formula(
        "risk_score",
        "Risk score",
        "score = probability × impact / largest impact (0 to 1)",
        _RISK,
        "05_risk",
        1,
        ("risk.score_register",),
        _score,
    ),
    Formula(
        "decision_tree",
        "Decision tree roll-back",
        "chance node: Σ p × value; decision: best of (value − cost)",
        _RISK,
        "05_risk",
        1,
        ("risk.rollback", "risk.Decision", "risk.Chance", "risk.End"),
        _rollback,
    ),
    Formula(
        "sprints",
        "Sprints remaining",
        "sprints = ⌈remaining points / velocity⌉",
        _AG,
        "06_agile_vs_waterfall",
        3,
        ("agile.sprints_remaining",),
        _sprints,
    ),
    Formula(
        "capacity_velocity",
        "Capacity-adjusted velocity",
        "velocity × capacity / usual capacity",
        _AG,
        "06_agile_vs_waterfall",
        3,
        ("agile.capacity_adjusted_velocity",),
        _capacity,
    ),
    Formula(
        "velocity",
        "Velocity statistics",
        "mean and spread of points finished per sprint",
        _AG,
        "06_agile_vs_waterfall",
        3,
        ("agile.velocity_stats",),
        _velocity_stats,
    ),
    Formula(
        "forecast",
        "Probabilistic sprint forecast",
        "resample past velocities until the backlog is done; read percentiles",
        _AG,
        "06_agile_vs_waterfall",
        3,
        (
            "agile.forecast_sprints",
            "agile.forecast_percentiles",
            "agile.probability_within",
        ),
        _forecast,
    ),
    Formula(
        "burndown",
        "Burndown",
        "remaining = scope − Σ points done",
        _AG,
        "06_agile_vs_waterfall",
        3,
        ("agile.burndown",),
        _burndown,
    ),
    Formula(
        "littles_law",
        "Little's law",
        "average cycle time = average WIP / average throughput",
        _AG,
        "06_agile_vs_waterfall",
        3,
        ("agile.littles_law",),
        _littles_law,
    ),
    Formula(
        "throughput",
        "Throughput",
        "items finished per period",
        _AG,
        "06_agile_vs_waterfall",
        3,
        ("agile.throughput",),
        _throughput,
    ),
    Formula(
        "channels",
        "Communication channels",
        "channels = n(n − 1) / 2",
        _BA,
        "07_stakeholders",
        1,
        ("stakeholders.communication_channels", "stakeholders.channels_added"),
        _channels,
    ),
    Formula(
        "coq",
        "Cost of quality",
        "conformance = prevention + appraisal; nonconformance = internal + "
        "external failure; total = both; failure share = nonconformance / total",
        _BA,
        "01_lifecycles",
        1,
        (
            "quality.cost_of_quality",
            "pmcourse.cost.quality.CostOfQuality.conformance",
            "pmcourse.cost.quality.CostOfQuality.nonconformance",
            "pmcourse.cost.quality.CostOfQuality.total",
            "pmcourse.cost.quality.CostOfQuality.failure_share",
        ),
        _coq,
    ),
    Formula(
        "wsjf",
        "Weighted shortest job first",
        "WSJF = (business value + time criticality + risk reduction) / job size",
        _BA,
        "08_business_analysis",
        4,
        (
            "analysis.wsjf",
            "analysis.wsjf_table",
            "analysis.cost_of_delay",
            "analysis.rank_backlog",
        ),
        _wsjf,
    ),
    Formula(
        "kano",
        "Kano category",
        "evaluation table (answer if present, answer if absent) -> category",
        _BA,
        "08_business_analysis",
        4,
        ("analysis.kano_category", "analysis.kano_classify"),
        _kano,
    ),
)


def formulas_for(function: str) -> list[Formula]:
    """Return the formulas a library function computes.

    Parameters
    ----------
    function : str
        ``"module.name"`` as a solution calls it (``"evm.evm"``).

    Returns
    -------
    list of Formula

    Examples
    --------
    >>> [f.key for f in formulas_for("agile.littles_law")]
    ['littles_law']

    Used in: tests of the formula sheet.
    """
    return [f for f in FORMULAS if function in f.functions]


def formula_table() -> pd.DataFrame:
    """Return the sheet with every worked example computed by the library now.

    Returns
    -------
    DataFrame
        ``key``, ``topic``, ``name``, ``formula``, ``given``, ``result``,
        ``lesson``, ``domain``.

    Examples
    --------
    >>> t = formula_table().set_index("key")
    >>> t.loc["cpi", "result"], t.loc["channels", "result"]
    ('0.89', '28 channels; +38')

    Used in: notebooks/formula_sheet.ipynb.
    """
    rows = []
    for f in FORMULAS:
        given, result = f.example()
        rows.append(
            {
                "key": f.key,
                "topic": f.topic,
                "name": f.name,
                "formula": f.formula,
                "given": given,
                "result": result,
                "lesson": f.lesson,
                "domain": f.domain,
            }
        )
    return pd.DataFrame(rows)


_STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.4pt;
       line-height: 1.2; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 13pt; margin: 0 0 2mm; }
h2 { font-size: 9.6pt; margin: 2.2mm 0 0.8mm; border-bottom: 1px solid #0072B2;
     color: #0b4f79; break-after: avoid; }
p.note { margin: 0 0 1.5mm; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: 0.5mm 1mm; vertical-align: top;
         text-align: left; }
th { font-weight: 600; }
td.f { font-family: "DejaVu Sans Mono", monospace; font-size: 7.8pt; width: 38%; }
td.n { width: 21%; font-weight: 600; }
tr { break-inside: avoid; }
@page { size: A4; margin: 12mm; }
@media print { body { max-width: none; } a { color: inherit; } }
"""


def formula_sheet_html() -> str:
    """Return the printable formula sheet (two A4 pages), examples computed now.

    Returns
    -------
    str
        A standalone HTML page with a print style.

    Examples
    --------
    >>> page = formula_sheet_html()
    >>> "@page { size: A4" in page and "Little&#x27;s law" in page
    True

    Used in: notebooks/formula_sheet.ipynb (the printable page).
    """
    table = formula_table()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>pmcourse formula sheet</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>pmcourse formula sheet</h1>",
        '<p class="note">Zero-based days (the project starts at day 0). Every '
        "worked example was computed by the pmcourse library when this page was "
        "built. Lesson numbers say where each formula is taught.</p>",
    ]
    for topic, group in table.groupby("topic", sort=False):
        parts.append(f"<h2>{html.escape(str(topic))}</h2><table>")
        for r in group.to_dict("records"):
            parts.append(
                f'<tr><td class="n">{html.escape(r["name"])} '
                f"<small>(L{r['lesson'][:2]})</small></td>"
                f'<td class="f">{html.escape(r["formula"])}</td>'
                f"<td>{html.escape(r['given'])} → "
                f"<b>{html.escape(r['result'])}</b></td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
