"""The capstone engine: its contract, its invariants and its replays."""

from __future__ import annotations

import json
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmcourse import capstone, schedule
from pmcourse.capstone import InvalidLog, Project

SCENARIOS = capstone.scenarios()


def random_decisions(report: dict, rnd: random.Random) -> dict:
    """Draw a valid but arbitrary week of decisions from a report."""
    dec: dict = {}
    if rnd.random() < 0.3:
        dec["overtime"] = rnd.choice([0, 1, 2])
    if rnd.random() < 0.4:
        talk = ["status_meeting", "one_to_ones", "escalation", "rebaseline"]
        dec["communicate"] = rnd.sample(talk, rnd.randint(1, 2))
    if rnd.random() < 0.1 and report["team_size"] < report["max_team"]:
        dec["hire"] = 1
    elif rnd.random() < 0.05 and report["team_size"] > 2:
        dec["release"] = 1
    workable = [
        a["id"]
        for a in report["activities"]
        if a["workable"] and a["kind"] == "activity" and a["percent"] < 100
    ]
    if workable and rnd.random() < 0.15:
        dec["crash"] = [rnd.choice(workable)]
    if workable and rnd.random() < 0.15:
        dec["assign"] = {rnd.choice(workable): rnd.randint(1, 3)}
    for item in report["open_decisions"]:
        if item["kind"] == "risk" and rnd.random() < 0.5:
            choices = [*item["responses"], "accept"]
            choice = rnd.choice(choices)
            dec.setdefault("risk_responses", {})[item["id"]] = choice
        elif item["kind"] == "change_request" and rnd.random() < 0.6:
            choice = rnd.choice(["accept", "reject", "defer"])
            dec.setdefault("change_requests", {})[item["id"]] = choice
        elif item["kind"] == "sprint_commitment" and rnd.random() < 0.7:
            dec["sprint_commitment"] = rnd.randint(5, 30)
    if report["kind"] != "predictive" and rnd.random() < 0.1:
        dec["wip_limit"] = rnd.randint(1, 5)
    stories = report["could_stories"]
    if stories and rnd.random() < 0.1:
        dec["cut"] = [stories[0]["id"]]
    return dec


def play_random(scenario: str, seed: int, decision_seed: int) -> Project:
    rnd = random.Random(decision_seed)
    p = Project(scenario, seed)
    while not p.done:
        p.step(random_decisions(p.last_report, rnd))
    return p


# ---------------------------------------------------------------- contract
def test_there_are_three_scenarios_of_different_character():
    """Are there at least three scenarios, predictive, adaptive and hybrid,
    each 12 to 26 weeks long?"""
    kinds = {capstone.load_scenario(n).kind for n in SCENARIOS}
    assert len(SCENARIOS) >= 3
    assert {"predictive", "adaptive", "hybrid"} <= kinds
    for name in SCENARIOS:
        s = capstone.load_scenario(name)
        assert 12 <= s.deadline <= 26, name
        assert s.data["risks"] and s.data["stakeholders"] and s.data["team"]


def test_a_week_without_decisions_is_valid_and_reports_the_contract_keys():
    """Does step() with no decisions advance one week and report at least the
    keys of the contract?"""
    p = Project("substation_upgrade", 11)
    r = p.step()
    keys = {"week", "pv", "ev", "ac", "cpi", "spi", "eac", "morale"}
    assert keys | {"stakeholder_satisfaction"} <= set(r)
    assert r["week"] == 1 and p.week == 1 and not p.done
    assert p.step({})["week"] == 2


def test_the_log_is_json_and_holds_seed_scenario_and_decisions():
    """Is the log JSON-serialisable, with the seed, the scenario and every
    week's decisions?"""
    p = Project("mobile_banking_app", 4)
    p.step({"communicate": ["status_meeting"], "overtime": 1})
    p.step()
    log = json.loads(json.dumps(p.log))
    assert log["seed"] == 4 and log["scenario"] == "mobile_banking_app"
    assert log["decisions"] == [
        {"overtime": 1, "communicate": ["status_meeting"]},
        {},
    ]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_passive_run_finishes_and_debrief_scores_in_range(scenario):
    """Does a passive run end, and does its debrief score everything 0-100?"""
    d = capstone.run(scenario, "passive", 0)
    for key in ("scope", "schedule", "cost", "quality", "team", "stakeholders"):
        assert 0 <= d[key] <= 100, key
    assert 0 <= d["overall"] <= 100
    assert d["weeks"] <= capstone.load_scenario(scenario).max_weeks


def test_strategies_include_passive_and_sound():
    """Does STRATEGIES hold "passive" and a sound strategy, and does passive
    never decide anything?"""
    assert {"passive", "sound"} <= set(capstone.STRATEGIES)
    p = capstone.run_project("clinic_records_rollout", "passive", 3)
    assert all(d == {} for d in p.log["decisions"])


def test_run_accepts_a_strategy_function():
    """Does run() accept strategy(report) -> decisions and call it weekly?"""
    seen = []

    def talk(report):
        seen.append(report["week"])
        return {"communicate": ["status_meeting"]}

    d = capstone.run("substation_upgrade", talk, 5)
    assert seen[0] == 0 and seen == list(range(len(seen)))
    assert d["weeks"] == len(seen)


def test_unknown_strategy_and_scenario_are_named():
    """Do an unknown strategy and scenario raise errors that name them?"""
    with pytest.raises(ValueError, match="'gambler'"):
        capstone.run("substation_upgrade", "gambler", 1)
    with pytest.raises(ValueError, match="'moon_base'"):
        Project("moon_base", 1)


# ---------------------------------------------------------------- invariants
def check_invariants(p: Project) -> None:
    spent = 0.0
    for r in p.reports:
        assert r["cpi"] == r["ev"] / r["ac"], r["week"]
        assert r["spi"] == r["ev"] / r["pv"], r["week"]
        assert r["ev"] <= r["bac"] * (1 + 1e-12), r["week"]
        spent += r["spent_this_week"]
        assert math.isclose(r["ac"], spent, rel_tol=1e-9), r["week"]
        assert 0 <= r["morale"] <= 100 and 0 <= r["stakeholder_satisfaction"] <= 100
    assert math.isclose(p.reports[-1]["ac"], sum(x for *_, x in p.w.ledger))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scenario=st.sampled_from(SCENARIOS),
    seed=st.integers(0, 2**32),
    decision_seed=st.integers(0, 10_000),
)
def test_invariants_hold_for_random_decisions(scenario, seed, decision_seed):
    """Over random seeds and random decisions: CPI = EV/AC, SPI = EV/PV,
    EV <= BAC, AC the sum of what was spent, and the replay identical?"""
    p = play_random(scenario, seed, decision_seed)
    check_invariants(p)
    again = capstone.replay(json.loads(json.dumps(p.log)))
    assert again.reports == p.reports
    assert again.log == p.log


@settings(max_examples=10, deadline=None)
@given(scenario=st.sampled_from(SCENARIOS), seed=st.integers(0, 2**32))
def test_same_seed_and_decisions_give_the_same_run_bit_for_bit(scenario, seed):
    """Do two runs with one seed and one strategy agree bit for bit (reports
    and logs, as JSON text)?"""
    a = capstone.run_project(scenario, "sound", seed)
    b = capstone.run_project(scenario, "sound", seed)
    assert json.dumps(a.log) == json.dumps(b.log)
    assert repr(a.reports) == repr(b.reports)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_replay_is_identical_for_every_scenario(scenario):
    """Does replay(log) reproduce every report of a sound run?"""
    p = capstone.run_project(scenario, "sound", 21)
    assert capstone.replay(p.log).reports == p.reports
    assert capstone.replay(json.dumps(p.log)).reports == p.reports


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_forecast_matches_the_library_critical_path(scenario):
    """Is the weekly forecast of the remaining network the same number as
    pmcourse.schedule.project_finish on that network?"""
    p = Project(scenario, 8)
    while not p.done:
        p.step(capstone.STRATEGIES["sound"](p.last_report))
        tasks = p.w.remaining_network()
        if tasks:
            want = schedule.project_finish(tasks)
            assert math.isclose(p.w.forecast_remaining(), want, abs_tol=1e-9)


# ---------------------------------------------------------------- bad input
def test_an_impossible_decision_is_refused_and_changes_nothing():
    """Is an impossible decision refused with a message naming it, leaving the
    project as it was?"""
    p = Project("substation_upgrade", 2)
    before = repr(p.start_report)
    with pytest.raises(ValueError, match="crash: 'H'"):
        p.step({"crash": ["H"]})
    with pytest.raises(ValueError, match="unknown key"):
        p.step({"bribe": 1})
    with pytest.raises(ValueError, match="cut: 'A'"):
        p.step({"cut": ["A"]})
    with pytest.raises(ValueError, match="hire"):
        p.step({"hire": 9})
    with pytest.raises(ValueError, match="sprint_commitment"):
        p.step({"sprint_commitment": 10})
    assert p.week == 0 and p.log["decisions"] == []
    assert repr(p.last_report) == before


def test_the_project_refuses_weeks_after_its_end():
    """Does step() refuse to play once the project is done?"""
    p = capstone.run_project("substation_upgrade", "passive", 1)
    with pytest.raises(ValueError, match="over"):
        p.step()


def test_replay_rejects_an_edited_log():
    """Does replay reject a log whose figures or decisions were edited?"""
    p = capstone.run_project("clinic_records_rollout", "sound", 6)
    edited = json.loads(json.dumps(p.log))
    edited["checks"][4][1] -= 1000.0
    with pytest.raises(InvalidLog, match="week 5"):
        capstone.replay(edited)
    dropped = json.loads(json.dumps(p.log))
    k = next(k for k, d in enumerate(dropped["decisions"]) if "risk_responses" in d)
    del dropped["decisions"][k]["risk_responses"]
    with pytest.raises(InvalidLog):
        capstone.replay(dropped)


def test_replay_rejects_impossible_and_malformed_logs():
    """Does replay reject decisions that could not have been played, extra
    weeks, another seed's checks and malformed logs?"""
    p = capstone.run_project("substation_upgrade", "sound", 9)
    impossible = json.loads(json.dumps(p.log))
    impossible["decisions"][0] = {"crash": ["I"]}
    impossible.pop("checks")
    with pytest.raises(InvalidLog, match="week 1: crash"):
        capstone.replay(impossible)
    longer = json.loads(json.dumps(p.log))
    longer["decisions"].append({})
    longer["checks"].append([0.0, 0.0])
    with pytest.raises(InvalidLog, match="over"):
        capstone.replay(longer)
    other = dict(p.log, seed=10)
    with pytest.raises(InvalidLog):
        capstone.replay(other)
    for bad in ("not json", {"seed": 1}, [1, 2], {**p.log, "decisions": "x"}):
        with pytest.raises(InvalidLog):
            capstone.replay(bad)


# ---------------------------------------------------------------- dynamics
def test_status_meetings_raise_stakeholder_satisfaction():
    """Do regular status meetings leave stakeholders more satisfied than
    silence, with the same seed?"""
    quiet = capstone.run_project("substation_upgrade", "passive", 3)
    talk = capstone.run_project(
        "substation_upgrade", lambda r: {"communicate": ["status_meeting"]}, 3
    )
    assert (
        talk.reports[8]["stakeholder_satisfaction"]
        > quiet.reports[8]["stakeholder_satisfaction"] + 5
    )


def test_overtime_buys_a_burst_and_sustained_overtime_backfires():
    """Does a short burst of overtime earn more when capacity is the
    bottleneck, at a higher weekly cost, while eight weeks of heavy overtime
    tire the team so much that it earns less than no overtime?"""
    base = Project("mobile_banking_app", 4)
    burst = Project("mobile_banking_app", 4)
    heavy = Project("mobile_banking_app", 4)
    for week in range(1, 9):
        a = base.step()
        b = burst.step({"overtime": 1 if week in (3, 4) else 0})
        c = heavy.step({"overtime": 2})
        if week == 4:
            assert b["ev"] > a["ev"]
            assert b["spent_this_week"] > a["spent_this_week"]
    assert c["fatigue"] > 50 > a["fatigue"]
    assert c["ev"] < a["ev"]


def test_a_wip_limit_speeds_up_the_backlog():
    """Does a WIP limit deliver more story points than everyone starting their
    own story (less task switching)?"""
    loose, limited = Project("mobile_banking_app", 5), Project("mobile_banking_app", 5)
    loose.step(), limited.step()
    for _ in range(9):
        loose.step()
        limited.step({"wip_limit": 3})
    assert sum(limited.last_report["velocity"]) > sum(loose.last_report["velocity"])


def test_hiring_grows_the_team_and_its_channels():
    """Does hiring add people, channels (n(n-1)/2) and a fee?"""
    p = Project("substation_upgrade", 5)
    before = p.step()
    after = p.step({"hire": 2})
    assert after["team_size"] == before["team_size"] + 2
    n = after["team_size"]
    assert after["channels"] == n * (n - 1) // 2
    assert after["spent_this_week"] > before["spent_this_week"]


def test_change_requests_move_the_budget_only_when_accepted():
    """Does accepting a change request raise the BAC, and rejecting it not?"""
    runs = {}
    for choice in ("accept", "reject"):
        p = Project("substation_upgrade", 0)
        while not p.done:
            crs = [
                i["id"]
                for i in p.last_report["open_decisions"]
                if i["kind"] == "change_request"
            ]
            p.step({"change_requests": dict.fromkeys(crs, choice)} if crs else {})
        runs[choice] = p.reports[-1]["bac"]
    assert runs["accept"] > runs["reject"]


def test_cutting_a_could_story_lowers_the_bac():
    """Does cutting an unstarted 'could' story take its budget out of the BAC?"""
    p = Project("mobile_banking_app", 2)
    r0 = p.step()
    story = r0["could_stories"][0]["id"]
    r1 = p.step({"cut": [story]})
    assert r1["bac"] < r0["bac"]
    assert story not in [s["id"] for s in r1["could_stories"]]


def test_sound_beats_passive_on_average_in_every_scenario():
    """Over a few seeds, does the sound strategy score higher than passive on
    average in every scenario? (The 500-seed table is in the benchmark.)"""
    for scenario in SCENARIOS:
        diffs = [
            capstone.run(scenario, "sound", s)["overall"]
            - capstone.run(scenario, "passive", s)["overall"]
            for s in range(8)
        ]
        assert sum(diffs) / len(diffs) > 5, scenario


def test_debrief_finds_turning_points_and_compares_strategies():
    """Does the full debrief name turning points (weeks whose decisions moved
    the score) and every reference strategy's score on the same seed?"""
    p = capstone.run_project("substation_upgrade", "sound", 12)
    d = capstone.debrief(p)
    assert set(d["strategies"]) == set(capstone.STRATEGIES)
    assert d["strategies"]["sound"] == d["overall"]
    assert d["turning_points"]
    for tp in d["turning_points"]:
        assert p.log["decisions"][tp["week"] - 1] == tp["decisions"]
        assert math.isclose(
            tp["worth"], d["overall"] - tp["overall_without"], abs_tol=0.11
        )
