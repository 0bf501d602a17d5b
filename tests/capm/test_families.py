"""Tests for the CAPM item families: every draw valid, every key the library's.

Each family's key is recomputed here from the drawn ``params`` by calling
pmcourse's own functions directly (not the family's code), then compared with
the item's key value and with the text of the option marked correct.
"""

import math
from collections import Counter

import numpy as np
import pytest

from pmcourse.agile import (
    burndown,
    cycle_times,
    littles_law,
    sprints_remaining,
    velocity_stats,
)
from pmcourse.analysis import weighted_score, wsjf
from pmcourse.capm import FAMILIES, draw, validate_item
from pmcourse.capm.families import Draft, Family, Redraw, build, family
from pmcourse.capm.schema import normalise_stem
from pmcourse.contracts import (
    fpif_final_price,
    point_of_total_assumption,
)
from pmcourse.cost import contingency_reserve, cost_budget, three_point_estimate
from pmcourse.evm import eac_with_etc, evm
from pmcourse.finance import benefit_cost_ratio, irr, npv, payback_period, roi
from pmcourse.risk import Chance, Decision, End, emv, rollback
from pmcourse.schedule import (
    cpm,
    crash_cost_slope,
    critical_path,
    path_estimate,
    pert,
    probability_of_finishing_by,
    project_finish,
)
from pmcourse.stakeholders import channels_added, communication_channels


def _evm(p):
    return evm(p["pv"], p["ev"], p["ac"], p["bac"])


def _status(p):
    r = _evm(p)
    cost = "Over budget" if r.cv < 0 else "Under budget"
    time = "behind schedule" if r.sv < 0 else "ahead of schedule"
    return f"{cost} and {time}"


def _row(p, column):
    return cpm(p["tasks"]).loc[p["activity"], column]


def _delay(p):
    slipped = [
        {**t, "duration": t["duration"] + p["slip"]} if t["id"] == p["activity"] else t
        for t in p["tasks"]
    ]
    return project_finish(slipped) - project_finish(p["tasks"])


def _deadline(p):
    mean, std = path_estimate(p["tasks"])
    return probability_of_finishing_by(p["deadline"], mean, std)


def _crash_first(p):
    critical = critical_path(cpm(p["tasks"]))
    return "Activity " + min(critical, key=lambda t: crash_cost_slope(**p["crash"][t]))


def _make_or_buy(p):
    tree = Decision(
        {
            "build": (
                p["build_cost"],
                Chance(((p["p"], End(p["high"])), (1 - p["p"], End(p["low"])))),
            ),
            "buy": (p["buy_cost"], End(p["buy_value"])),
        }
    )
    return rollback(tree).value


def _vendor(p):
    tree = Decision(
        {
            name: (
                v["cost"],
                Chance(((v["p"], End(v["on_time"])), (1 - v["p"], End(v["late"])))),
            )
            for name, v in p["vendors"].items()
        },
        label="pick",
    )
    return "Vendor " + rollback(tree).choices["pick"]


def _top_risk(p):
    return max(p["risks"], key=lambda r: emv([(r[1], r[2])]))[0].capitalize()


def _select(p):
    return "Project " + max(
        p["cashflows"], key=lambda k: npv(p["rate"], p["cashflows"][k])
    )


def _wsjf_first(p):
    return max(p["features"], key=lambda k: wsjf(**p["features"][k])).capitalize()


def _burndown(p):
    return burndown(p["scope"], p["completed"], planned_sprints=p["planned_sprints"])


def _three(p, method="pert"):
    return three_point_estimate(
        p["optimistic"], p["most_likely"], p["pessimistic"], method=method
    )


RECOMPUTE = {
    "F-EVM-01": lambda p: _evm(p).cv,
    "F-EVM-02": lambda p: _evm(p).sv,
    "F-EVM-03": lambda p: _evm(p).cpi,
    "F-EVM-04": lambda p: _evm(p).spi,
    "F-EVM-05": lambda p: _evm(p).eac,
    "F-EVM-06": lambda p: _evm(p).eac_atypical,
    "F-EVM-07": lambda p: _evm(p).eac_cpi_spi,
    "F-EVM-08": lambda p: _evm(p).etc,
    "F-EVM-09": lambda p: _evm(p).vac,
    "F-EVM-10": lambda p: _evm(p).tcpi,
    "F-EVM-11": _status,
    "F-EVM-12": lambda p: eac_with_etc(p["ac"], p["etc_bottom_up"]),
    "F-CPM-01": lambda p: project_finish(p["tasks"]),
    "F-CPM-02": lambda p: "-".join(critical_path(p["tasks"])),
    "F-CPM-03": lambda p: _row(p, "total_float"),
    "F-CPM-04": lambda p: _row(p, "free_float"),
    "F-CPM-05": lambda p: _row(p, "ef"),
    "F-CPM-06": lambda p: _row(p, "ls"),
    "F-CPM-07": _delay,
    "F-CPM-08": lambda p: project_finish(p["tasks"]),
    "F-PERT-01": lambda p: pert(p["optimistic"], p["most_likely"], p["pessimistic"])[0],
    "F-PERT-02": lambda p: path_estimate(p["tasks"])[1],
    "F-PERT-03": _deadline,
    "F-CRASH-01": lambda p: crash_cost_slope(**p),
    "F-CRASH-02": _crash_first,
    "F-COM-01": lambda p: communication_channels(p["n"]),
    "F-COM-02": lambda p: channels_added(p["n_before"], p["n_after"]),
    "F-COM-03": lambda p: communication_channels(p["n"]),
    "F-RSK-01": lambda p: emv(p["outcomes"]),
    "F-RSK-02": lambda p: emv(p["outcomes"]),
    "F-RSK-03": _top_risk,
    "F-RSK-04": _make_or_buy,
    "F-RSK-05": _vendor,
    "F-FIN-01": lambda p: npv(p["rate"], p["cashflows"]),
    "F-FIN-02": _select,
    "F-FIN-03": lambda p: irr(p["cashflows"]),
    "F-FIN-04": lambda p: payback_period(p["cashflows"]),
    "F-FIN-05": lambda p: benefit_cost_ratio(
        npv(p["rate"], p["benefits"]), npv(p["rate"], p["costs"])
    ),
    "F-FIN-06": lambda p: roi(p["net_benefit"], p["cost"]),
    "F-EST-01": lambda p: _three(p)[0],
    "F-EST-02": lambda p: _three(p, "triangular")[0],
    "F-EST-03": lambda p: _three(p)[1],
    "F-BUD-01": lambda p: (
        cost_budget(
            p["estimates"],
            contingency=p["contingency"],
            management_reserve=p["management_reserve"],
        ).cost_baseline
    ),
    "F-BUD-02": lambda p: contingency_reserve(emv=p["emv"]),
    "F-CON-01": lambda p: point_of_total_assumption(**p),
    "F-CON-02": lambda p: fpif_final_price(**p),
    "F-AGL-01": lambda p: sprints_remaining(p["remaining_points"], p["velocity"]),
    "F-AGL-02": lambda p: sprints_remaining(
        p["remaining_points"], velocity_stats(p["velocities"]).mean
    ),
    "F-AGL-03": lambda p: littles_law(wip=p["wip"], throughput=p["throughput"]),
    "F-AGL-04": lambda p: littles_law(
        throughput=p["throughput"], cycle_time=p["cycle_time"]
    ),
    "F-AGL-05": lambda p: littles_law(wip=p["wip"], cycle_time=p["cycle_time"]),
    "F-AGL-06": lambda p: _burndown(p)["remaining"].iloc[-1],
    "F-AGL-07": lambda p: (
        _burndown(p)["remaining"].iloc[-1] - _burndown(p)["ideal"].iloc[-1]
    ),
    "F-AGL-08": lambda p: cycle_times(p["items"]).mean(),
    "F-BA-01": lambda p: wsjf(**p),
    "F-BA-02": _wsjf_first,
    "F-BA-03": lambda p: weighted_score(p["scores"], p["weights"]).idxmax(),
}


def check_item(item):
    """Assert that a drawn family item is valid and keyed by the library."""
    fam = FAMILIES[item.id]
    assert validate_item(item.to_dict(), "families", strict=False) == []
    expected = RECOMPUTE[item.id](item.params)
    if isinstance(expected, str):
        assert item.key_value == expected
    else:
        assert math.isclose(item.key_value, expected, rel_tol=1e-9, abs_tol=1e-9)
    if item.type == "numeric":
        assert math.isclose(item.answer, float(expected), rel_tol=1e-9, abs_tol=1e-9)
        assert item.options == {}
        return
    assert item.options[item.answer] == fam.fmt(expected)
    texts = [normalise_stem(t) for t in item.options.values()]
    assert len(set(texts)) == 4, item.options
    assert set(item.distractors) == set(item.options) - {item.answer}


def test_every_family_has_an_independent_recomputation():
    """Does this test file recompute the key of every registered family?"""
    assert set(RECOMPUTE) == set(FAMILIES)


@pytest.mark.parametrize("family_id", sorted(FAMILIES))
def test_family_draws_are_valid_and_keyed_by_the_library(family_id):
    """Do 25 draws of each family give valid items keyed by the library?"""
    for seed in range(25):
        check_item(draw(family_id, seed))


@pytest.mark.slow
@pytest.mark.parametrize("family_id", sorted(FAMILIES))
def test_family_200_draws(family_id):
    """Do 200 draws with different seeds all give valid, library-keyed items?"""
    seeds = np.random.default_rng(2024).integers(0, 2**63 - 1, size=200)
    for seed in seeds:
        check_item(draw(family_id, int(seed)))


def test_counts_per_domain_and_scenarios():
    """Are there 55+ families spread over the domains, half of them scenarios?"""
    by_domain = Counter(f.domain for f in FAMILIES.values())
    assert len(FAMILIES) >= 55
    assert by_domain[2] >= 22 and by_domain[1] >= 18
    assert by_domain[3] >= 7 and 2 <= by_domain[4] <= 4
    assert sum(f.scenario for f in FAMILIES.values()) >= len(FAMILIES) / 2


def test_answer_letters_are_balanced():
    """Is each letter the answer about a quarter of the time across draws?"""
    letters = Counter(
        draw(fid, seed).answer
        for fid, fam in FAMILIES.items()
        if fam.kind == "single"
        for seed in range(40)
    )
    total = sum(letters.values())
    assert set(letters) == set("ABCD")
    for letter, n in letters.items():
        assert 0.22 < n / total < 0.28, (letter, n, total)


@pytest.mark.parametrize("family_id", sorted(FAMILIES))
def test_draws_vary_and_reproduce(family_id):
    """Do different seeds give different stems, and the same seed the same item?"""
    items = [draw(family_id, seed) for seed in range(12)]
    assert len({i.stem for i in items}) >= 6
    again = draw(family_id, items[3].seed)
    assert again == items[3]
    from_generator = draw(family_id, np.random.default_rng(5))
    assert draw(family_id, from_generator.seed) == from_generator


def test_typical_mistakes_appear_as_options():
    """Do the classic slips (inverted CPI, n squared, summed sigmas) appear?"""
    for seed in range(30):
        item = draw("F-EVM-03", seed)
        p = item.params
        inverted = f"{p['ac'] / p['ev']:.2f}"
        if inverted != item.options[item.answer]:
            assert inverted in item.options.values()
        item = draw("F-COM-01", seed)
        n = item.params["n"]
        assert f"{n * n:,d} channels" in item.options.values()
        assert f"{n * (n - 1):,d} channels" in item.options.values()
        item = draw("F-PERT-02", seed)
        summed = sum(
            (t["pessimistic"] - t["optimistic"]) / 6 for t in item.params["tasks"]
        )
        assert f"{summed:.2f} days" in item.options.values()


def test_hand_worked_cpi_item():
    """Does a CPI item show EV / AC as the key, worked out by hand?"""
    for seed in range(10):
        item = draw("F-EVM-03", seed)
        p = item.params
        # e.g. EV 40,000 / AC 50,000 = 0.80: formatted to two decimals
        assert item.options[item.answer] == f"{p['ev'] / p['ac']:.2f}"


def test_build_gives_up_on_a_family_that_never_draws():
    """Does build raise instead of looping forever on a broken family?"""

    def broken(rng):
        raise Redraw

    fam = Family(
        "F-BAD-01", 1, "1.1", "00_start_here", 1, False, "single", str, broken, "broken"
    )
    with pytest.raises(RuntimeError, match="F-BAD-01"):
        build(fam, 0)


def test_build_redraws_when_options_collide():
    """Does build redraw when a wrong value formats like the key?"""
    calls = []

    def sometimes(rng):
        calls.append(1)
        same = len(calls) < 3
        wrong = [(1.0 if same else 2.0, "a"), (3.0, "b"), (4.0, "c")]
        return Draft(stem="?", key=1.0, explanation="e", wrong=wrong)

    fam = Family(
        "F-BAD-02",
        1,
        "1.1",
        "00_start_here",
        1,
        False,
        "single",
        lambda x: f"{x:.1f}",
        sometimes,
        "t",
    )
    item = build(fam, 0)
    assert len(calls) == 3 and item.options[item.answer] == "1.0"


def test_registry_rejects_duplicates_and_bad_metadata():
    """Does the registry refuse a repeated id or a task outside the domain?"""
    with pytest.raises(ValueError, match="twice"):
        family(
            "F-EVM-01",
            domain=2,
            task="2.3",
            lesson="04_earned_value",
            difficulty=1,
            scenario=False,
        )
    with pytest.raises(ValueError, match="bad task"):
        family(
            "F-NEW-01",
            domain=2,
            task="1.3",
            lesson="04_earned_value",
            difficulty=1,
            scenario=False,
        )
