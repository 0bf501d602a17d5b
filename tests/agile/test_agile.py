"""Tests for pmcourse.agile: velocity, burn charts, forecasts, flow and the models."""

import math
import statistics

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pmcourse.agile import (
    agile_vs_waterfall,
    burndown,
    burnup,
    cumulative_flow,
    cycle_times,
    forecast_percentiles,
    forecast_sprints,
    lead_times,
    littles_law,
    probability_within,
    simulate_kanban,
    sprints_remaining,
    throughput,
    velocity_stats,
)

# --- velocity statistics ------------------------------------------------------


def test_velocity_stats_match_reference_computations():
    """Do mean, median, std and the t band match statistics and scipy?"""
    history = [21, 18, 25, 19, 30, 22]
    s = velocity_stats(history, confidence=0.95)
    assert s.n == 6
    assert s.mean == pytest.approx(statistics.mean(history))
    assert s.median == pytest.approx(statistics.median(history))
    assert s.std == pytest.approx(statistics.stdev(history))
    assert (s.min, s.max) == (18, 30)
    low, high = stats.t.interval(
        0.95, len(history) - 1, loc=statistics.mean(history), scale=stats.sem(history)
    )
    assert (s.low, s.high) == pytest.approx((low, high))


def test_velocity_stats_single_sprint_has_no_band():
    """With one sprint, is the spread 0 and the band undefined (NaN)?"""
    s = velocity_stats([20])
    assert (s.mean, s.std) == (20, 0)
    assert math.isnan(s.low) and math.isnan(s.high)


@pytest.mark.parametrize(
    ("history", "match"),
    [
        ([], "velocities is empty"),
        ([20, -3, 18], r"velocities\[1\]"),
        ([20, math.nan], r"velocities\[1\]"),
    ],
)
def test_velocity_stats_reject_bad_history(history, match):
    """Does a bad velocity history raise naming velocities?"""
    with pytest.raises(ValueError, match=match):
        velocity_stats(history)


def test_sprints_remaining_hand_worked():
    """Is sprints remaining the ceiling of remaining points over velocity?"""
    assert sprints_remaining(120, 25) == 5  # 4.8 -> 5
    assert sprints_remaining(100, 25) == 4
    assert sprints_remaining(0, 25) == 0
    assert sprints_remaining(0.3, 0.1) == 3  # not 4 from float round-off


def test_sprints_remaining_rejects_bad_input():
    """Are a zero velocity and negative points reported by name?"""
    with pytest.raises(ValueError, match="velocity"):
        sprints_remaining(50, 0)
    with pytest.raises(ValueError, match="remaining_points"):
        sprints_remaining(-5, 10)


# --- burndown and burnup ------------------------------------------------------


def test_burndown_hand_worked_with_fixed_scope():
    """Does a 100-point release done 20, 25, 15, 30 burn down as worked by hand?"""
    bd = burndown(100, [20, 25, 15, 30], planned_sprints=5)
    assert bd["sprint"].tolist() == [0, 1, 2, 3, 4]
    assert bd["done"].tolist() == [0, 20, 45, 60, 90]
    assert bd["remaining"].tolist() == [100, 80, 55, 40, 10]
    assert bd["ideal"].tolist() == [100, 80, 60, 40, 20]


def test_burndown_when_scope_grows():
    """When scope grows by 20 in sprint 3, does remaining rise despite work done?"""
    bd = burndown([100, 100, 120, 120], [20, 25, 15, 30])
    assert bd["remaining"].tolist() == [100, 80, 55, 60, 30]
    bu = burnup([100, 100, 120, 120], [20, 25, 15, 30])
    assert bu["scope"].tolist() == [100, 100, 100, 120, 120]
    assert bu["done"].tolist() == [0, 20, 45, 60, 90]
    assert bu["ideal"].tolist() == [0, 25, 50, 75, 100]


@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=15),
    st.integers(min_value=0, max_value=200),
)
def test_burndown_and_burnup_agree(completed, extra):
    """Is remaining always scope minus done, and the ideal line ending at zero?"""
    scope = sum(completed) + extra
    bd = burndown(scope, completed)
    bu = burnup(scope, completed)
    assert np.allclose(bd["remaining"], bu["scope"] - bu["done"])
    assert bd["ideal"].iloc[-1] == 0
    assert bu["ideal"].iloc[-1] == scope
    assert (np.diff(bd["done"]) >= 0).all()


def test_burndown_rejects_bad_input():
    """Are negative points, a wrong-length scope and over-completion reported?"""
    with pytest.raises(ValueError, match=r"completed\[1\]"):
        burndown(100, [10, -5])
    with pytest.raises(ValueError, match="one per sprint"):
        burndown([100, 100, 100], [10, 5])
    with pytest.raises(ValueError, match="after sprint 2"):
        burndown(30, [20, 20])
    with pytest.raises(ValueError, match="planned_sprints"):
        burndown(30, [10], planned_sprints=0)


# --- Monte Carlo sprint forecasts ---------------------------------------------


def test_forecast_two_velocities_matches_hand_probabilities():
    """With velocities 10 or 20 and 30 points, is P(2 sprints) = 3/4, P(3) = 1/4?"""
    counts = forecast_sprints(30, [10, 20], n=40_000, rng=5)
    assert set(np.unique(counts)) == {2, 3}
    p2 = np.mean(counts == 2)
    se = math.sqrt(0.75 * 0.25 / counts.size)
    assert abs(p2 - 0.75) < 5 * se


def test_forecast_with_zero_velocity_sprints_is_geometric():
    """With velocities 0 or 10 and 10 points, are sprint counts geometric (mean 2)?"""
    counts = forecast_sprints(10, [0, 10], n=40_000, rng=9)
    # Geometric with p = 1/2: mean 2, variance 2.
    assert abs(counts.mean() - 2) < 5 * math.sqrt(2 / counts.size)
    assert counts.min() == 1
    assert counts.max() > 8  # long runs of zero sprints do happen


def test_forecast_single_velocity_is_certain():
    """With one velocity in the history, is every run ceil(backlog / v)?"""
    counts = forecast_sprints(95, [20], n=100, rng=1)
    assert counts.dtype.kind == "i"
    assert (counts == 5).all()
    assert (forecast_sprints(0, [20], n=5) == 0).all()


def test_forecast_matches_a_plain_loop():
    """Does the vectorised forecast match a one-run-at-a-time loop in distribution?"""
    history = [12, 0, 18, 25, 9, 21]
    backlog = 120
    fast = forecast_sprints(backlog, history, n=20_000, rng=2)
    gen = np.random.default_rng(3)
    slow = []
    for _ in range(20_000):
        total, k = 0, 0
        while total < backlog:
            total += history[gen.integers(len(history))]
            k += 1
        slow.append(k)
    slow = np.array(slow)
    se = math.sqrt(fast.var() / fast.size + slow.var() / slow.size)
    assert abs(fast.mean() - slow.mean()) < 5 * se
    assert stats.ks_2samp(fast, slow).pvalue > 1e-4


def test_forecast_is_deterministic_given_rng():
    """Does the same seed give the same forecast, and a Generator work too?"""
    a = forecast_sprints(200, [15, 20, 25], n=500, rng=11)
    b = forecast_sprints(200, [15, 20, 25], n=500, rng=11)
    c = forecast_sprints(200, [15, 20, 25], n=500, rng=np.random.default_rng(11))
    assert np.array_equal(a, b) and np.array_equal(a, c)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(min_value=0.5, max_value=500),
    st.lists(st.floats(min_value=0.5, max_value=60), min_size=1, max_size=10),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_forecast_counts_stay_between_best_and_worst_case(backlog, velocities, seed):
    """Is every run between ceil(backlog/max v) and ceil(backlog/min v) sprints?"""
    counts = forecast_sprints(backlog, velocities, n=300, rng=seed)
    lower = math.ceil(round(backlog / max(velocities), 9))
    upper = math.ceil(round(backlog / min(velocities), 9))
    assert counts.min() >= lower
    assert counts.max() <= upper


@settings(max_examples=40, deadline=None)
@given(
    st.floats(min_value=0.5, max_value=300),
    st.lists(st.sampled_from([0.0, 3.0, 8.0, 13.0, 21.0]), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_forecast_with_zeros_respects_best_case(backlog, velocities, seed):
    """With zero-velocity sprints in the history, is the best case still a floor?"""
    if not any(velocities):
        velocities = [*velocities, 5.0]
    counts = forecast_sprints(backlog, velocities, n=200, rng=seed)
    assert counts.min() >= math.ceil(round(backlog / max(velocities), 9))


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"velocities": []}, "velocities is empty"),
        ({"velocities": [0, 0]}, "all zero"),
        ({"velocities": [10, -1]}, r"velocities\[1\]"),
        ({"backlog_points": -10}, "backlog_points"),
        ({"n": 0}, r"\bn\b"),
        ({"n": 2.5}, r"\bn\b"),
    ],
)
def test_forecast_rejects_bad_input(kwargs, match):
    """Does bad input raise naming the parameter?"""
    args = {"backlog_points": 100, "velocities": [10, 20], "n": 10} | kwargs
    with pytest.raises(ValueError, match=match):
        forecast_sprints(**args)


def test_percentiles_and_probability_hand_worked():
    """Are P50/P80 the inverted-CDF values and P(<= 6) the share of runs?"""
    samples = [4, 5, 5, 5, 6, 6, 7, 8, 9, 12]
    p = forecast_percentiles(samples, [50, 80, 100])
    assert p.to_dict() == {"P50": 6, "P80": 8, "P100": 12}
    assert probability_within(samples, 6) == 0.6
    with pytest.raises(ValueError, match="q must"):
        forecast_percentiles(samples, [150])
    with pytest.raises(ValueError, match="samples is empty"):
        probability_within([], 3)


# --- Little's law and flow metrics --------------------------------------------


def test_littles_law_hand_worked():
    """Does 12 items at 3 a day mean 4 days each, in every direction?"""
    assert littles_law(wip=12, throughput=3) == 4
    assert littles_law(throughput=3, cycle_time=4) == 12
    assert littles_law(wip=12, cycle_time=4) == 3
    assert littles_law(wip=0, throughput=2) == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"wip": 5}, "exactly two"),
        ({"wip": 5, "throughput": 1, "cycle_time": 5}, "exactly two"),
        ({"wip": 5, "throughput": 0}, "throughput must be > 0"),
        ({"wip": -1, "throughput": 2}, "wip"),
    ],
)
def test_littles_law_rejects_bad_input(kwargs, match):
    """Are missing, extra, negative or zero-divisor arguments reported?"""
    with pytest.raises(ValueError, match=match):
        littles_law(**kwargs)


ITEMS = pd.DataFrame(
    {
        "id": ["A", "B", "C", "D"],
        "created": ["2024-03-01", "2024-03-01", "2024-03-02", "2024-03-04"],
        "started": ["2024-03-01", "2024-03-02", "2024-03-04", None],
        "finished": ["2024-03-03", "2024-03-04", None, None],
    }
)


def test_flow_metrics_from_dates_hand_worked():
    """Are cycle time, lead time, throughput and the CFD right for a dated table?"""
    assert cycle_times(ITEMS).to_dict() == {"A": 3, "B": 3}
    assert lead_times(ITEMS).to_dict() == {"A": 3, "B": 4}
    tp = throughput(ITEMS)
    assert tp.tolist() == [1, 1]
    assert tp.index[0] == pd.Timestamp("2024-03-03")
    cfd = cumulative_flow(ITEMS)
    assert cfd.index[0] == pd.Timestamp("2024-03-01")
    assert cfd.values.tolist() == [
        [1, 1, 0],  # Mar 1: B waiting, A in progress
        [1, 2, 0],  # Mar 2: C arrives, B starts
        [1, 1, 1],  # Mar 3: A done
        [1, 1, 2],  # Mar 4: B done, C starts, D arrives
    ]


def test_cumulative_flow_window_and_throughput_zero_days():
    """Do start/end widen the window, with zero-finish days counted?"""
    cfd = cumulative_flow(ITEMS, start="2024-02-28", end="2024-03-06")
    assert len(cfd) == 8
    assert cfd.iloc[0].sum() == 0
    items = [{"finished": 2}, {"finished": 5}, {"finished": 5}]
    assert throughput(items, start=0, end=6).tolist() == [0, 0, 1, 0, 0, 2, 0]


def test_flow_reads_timestamps_with_times_and_time_zones():
    """Do timestamps with times or a time zone count on their local calendar day?"""
    stamps = pd.DataFrame(
        {
            "created": pd.to_datetime(["2024-03-01 09:30", "2024-03-02 00:00"]),
            "started": pd.to_datetime(["2024-03-01 17:00", None]),
            "finished": pd.to_datetime(["2024-03-03 23:30", None]),
        }
    )
    zoned = stamps.apply(lambda c: c.dt.tz_localize("Europe/Paris"))
    for table in (stamps, zoned):
        assert cycle_times(table).tolist() == [3]
        assert cumulative_flow(table).values.tolist() == [
            [0, 1, 0],
            [1, 1, 0],
            [1, 0, 1],
        ]
    with pytest.raises(ValueError, match="'created' must hold dates"):
        cumulative_flow([{"created": "soon", "started": None, "finished": None}])


def test_flow_rejects_dates_out_of_order():
    """Is an item finished before it started, or finished unstarted, named?"""
    bad = [{"id": "X", "created": 1, "started": 5, "finished": 3}]
    with pytest.raises(ValueError, match="item 'X' is finished before it was started"):
        cumulative_flow(bad)
    orphan = [{"id": "Y", "created": 1, "started": None, "finished": 3}]
    with pytest.raises(ValueError, match="item 'Y' has a finished date but no started"):
        cycle_times(orphan)
    with pytest.raises(ValueError, match="'started' column"):
        cumulative_flow([{"created": 1, "finished": 2}])


@st.composite
def item_tables(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for k in range(n):
        created = draw(st.integers(0, 30))
        started = draw(st.one_of(st.none(), st.integers(created, created + 10)))
        finished = None
        if started is not None:
            finished = draw(st.one_of(st.none(), st.integers(started, started + 10)))
        rows.append(
            {"id": k, "created": created, "started": started, "finished": finished}
        )
    return pd.DataFrame(rows)


@given(item_tables())
def test_cumulative_flow_lines_never_fall(items):
    """Do arrivals, starts and finishes so far only ever rise, and add up?"""
    cfd = cumulative_flow(items)
    done = cfd["done"].to_numpy()
    started = done + cfd["in_progress"].to_numpy()
    arrived = started + cfd["to_do"].to_numpy()
    for line in (done, started, arrived):
        assert (np.diff(line) >= 0).all()
    assert (cfd >= 0).all().all()
    assert arrived[-1] == len(items)
    assert done[-1] == items["finished"].notna().sum()


# --- Kanban simulation --------------------------------------------------------


def test_kanban_respects_the_wip_limit_and_is_deterministic():
    """Is WIP never above the limit, and the same seed the same run?"""
    a = simulate_kanban(wip_limit=3, rng=4)
    b = simulate_kanban(wip_limit=3, rng=4)
    assert a.daily["wip"].max() <= 3
    pd.testing.assert_frame_equal(a.items, b.items)
    # The same items arrive whatever the limit.
    c = simulate_kanban(wip_limit=None, rng=4)
    assert np.array_equal(a.items["size"], c.items["size"])


def test_lower_wip_limit_lowers_cycle_time_under_overload():
    """When demand exceeds capacity, does a lower WIP limit cut mean cycle time?"""
    for seed in range(5):
        # Demand 1.5 items x 3 points = 4.5 points a day against capacity 3.
        kwargs = {"arrival_rate": 1.5, "capacity": 3.0, "days": 150, "rng": seed}
        ct = [
            simulate_kanban(wip_limit=lim, **kwargs).mean_cycle_time
            for lim in (2, 5, 10, None)
        ]
        assert ct[0] < ct[1] < ct[2] < ct[3], (seed, ct)


def test_kanban_obeys_littles_law_exactly():
    """Do item-days in progress add up to the daily WIP (Little's law's identity)?"""
    r = simulate_kanban(days=200, arrival_rate=0.8, wip_limit=4, rng=8)
    items = r.items.dropna(subset=["started"])
    last = len(r.daily) - 1
    item_days = (
        items["finished"].fillna(last).clip(upper=last) - items["started"] + 1
    ).sum()
    assert r.daily["wip"].sum() == item_days
    # Over a long, stable run the averages agree (Little's law).
    assert littles_law(
        throughput=r.mean_throughput, cycle_time=r.mean_cycle_time
    ) == pytest.approx(r.mean_wip, rel=0.1)


def test_kanban_items_feed_the_flow_functions():
    """Do the simulated items give the same cycle times through cycle_times?"""
    r = simulate_kanban(rng=2)
    assert cycle_times(r.items).mean() == pytest.approx(r.mean_cycle_time)
    cfd = cumulative_flow(r.items)
    assert cfd["done"].iloc[-1] == r.daily["throughput"].sum()


def test_kanban_item_alone_takes_size_over_capacity():
    """Does a 3-point item worked alone at 1 point a day take exactly 3 days?"""
    empty = simulate_kanban(days=10, arrival_rate=0.0, capacity=1.0, rng=1)
    assert len(empty.items) == 0 and empty.daily["throughput"].sum() == 0
    # Rare arrivals of constant 3-point items: mostly one item at a time.
    r = simulate_kanban(
        days=40, arrival_rate=0.05, capacity=1.0, size_mean=3.0, size_cv=0.0, rng=3
    )
    finished = r.items.dropna(subset=["finished"])
    assert len(finished) > 0
    assert (finished["cycle_time"] >= 3).all()  # sharing can only slow an item
    assert (finished["cycle_time"] == 3).any()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"wip_limit": 0}, "wip_limit"),
        ({"capacity": 0}, "capacity"),
        ({"arrival_rate": -1}, "arrival_rate"),
        ({"days": 0}, "days"),
        ({"size_cv": -0.1}, "size_cv"),
    ],
)
def test_kanban_rejects_bad_parameters(kwargs, match):
    """Does each bad parameter raise naming it?"""
    with pytest.raises(ValueError, match=match):
        simulate_kanban(**kwargs)


# --- Agile vs Waterfall -------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_high_volatility_favours_agile(seed):
    """With volatile requirements, does agile end with more value and cost less?"""
    r = agile_vs_waterfall(volatility=0.06, rng=seed)
    assert r.agile.value_at_end > r.waterfall.value_at_end + 10
    assert r.agile.value_weeks > r.waterfall.value_weeks
    assert r.agile.cost < r.waterfall.cost
    assert r.agile.rework_effort < r.waterfall.rework_effort


@pytest.mark.parametrize("seed", range(6))
def test_stable_scope_narrows_the_gap(seed):
    """With no changes, do both deliver all the value at costs within 15%?"""
    r = agile_vs_waterfall(volatility=0.0, rng=seed)
    assert r.agile.value_at_end == pytest.approx(100)
    assert r.waterfall.value_at_end == pytest.approx(100)
    assert abs(r.agile.cost - r.waterfall.cost) <= 0.15 * r.waterfall.cost
    # ...while at high volatility the cost gap is far wider.
    v = agile_vs_waterfall(volatility=0.06, rng=seed)
    assert v.waterfall.cost - v.agile.cost > abs(r.waterfall.cost - r.agile.cost)


def test_stable_scope_with_few_defects_makes_waterfall_cheaper():
    """With stable scope and no defects, is waterfall cheaper than short sprints?"""
    for seed in range(4):
        for sprint_length in (1, 2):
            r = agile_vs_waterfall(
                volatility=0.0, defect_rate=0.0, sprint_length=sprint_length, rng=seed
            )
            assert r.waterfall.cost < r.agile.cost


def test_short_feedback_loops_win_when_volatile():
    """At high volatility, do 1-week sprints beat 4-week sprints on value over time?"""
    short, long = [], []
    for seed in range(10):
        short.append(agile_vs_waterfall(volatility=0.08, sprint_length=1, rng=seed))
        long.append(agile_vs_waterfall(volatility=0.08, sprint_length=4, rng=seed))
    assert np.mean([r.agile.value_weeks for r in short]) > np.mean(
        [r.agile.value_weeks for r in long]
    )
    assert np.mean([r.agile.value_at_end for r in short]) > np.mean(
        [r.agile.value_at_end for r in long]
    )


def test_waterfall_delivers_nothing_before_release():
    """Is waterfall value zero until its release, then flat?"""
    r = agile_vs_waterfall(volatility=0.01, rng=3)
    release = r.waterfall.milestones["released"]
    t = r.timeline
    assert (t.loc[t["week"] < release - 1e-9, "waterfall_value"] == 0).all()
    after = t.loc[t["week"] >= release, "waterfall_value"]
    assert len(after) > 0 and after.nunique() == 1
    # Agile releases every sprint: value from the end of the first sprint.
    assert t.loc[t["week"] == 2, "agile_value"].item() > 0


@settings(max_examples=25, deadline=None)
@given(
    st.floats(min_value=0, max_value=0.15),
    st.integers(min_value=1, max_value=6),
    st.floats(min_value=2, max_value=30),
    st.floats(min_value=1, max_value=100),
    st.floats(min_value=0, max_value=0.5),
    st.integers(min_value=0, max_value=1000),
)
def test_model_series_stay_in_range(volatility, sprint, capacity, late, defects, seed):
    """Is value within 0-100, cost never falling, and the run deterministic?"""
    kwargs = {
        "volatility": volatility,
        "sprint_length": sprint,
        "capacity": capacity,
        "late_change_cost": late,
        "defect_rate": defects,
        "rng": seed,
    }
    r = agile_vs_waterfall(**kwargs)
    t = r.timeline
    assert len(t) == 53
    for approach in ("agile", "waterfall"):
        assert t[f"{approach}_value"].between(-1e-9, 100 + 1e-9).all()
        assert (np.diff(t[f"{approach}_cost"]) >= -1e-9).all()
    assert r.agile.cost == pytest.approx(t["agile_cost"].iloc[-1])
    pd.testing.assert_frame_equal(t, agile_vs_waterfall(**kwargs).timeline)


def test_model_slider_moves_are_smooth():
    """With a fixed seed, does more volatility never make waterfall rework cheaper?"""
    rework = [
        agile_vs_waterfall(volatility=v, rng=5).waterfall.rework_effort
        for v in np.linspace(0, 0.1, 11)
    ]
    assert (np.diff(rework) >= -1e-9).all()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"volatility": 1.5}, "volatility"),
        ({"sprint_length": 0}, "sprint_length"),
        ({"capacity": 0}, "capacity"),
        ({"late_change_cost": 0.5}, "late_change_cost"),
        ({"defect_rate": -0.1}, "defect_rate"),
        ({"sprint_overhead_days": 10}, "sprint_overhead_days"),
    ],
)
def test_model_rejects_bad_parameters(kwargs, match):
    """Does each out-of-range parameter raise naming it?"""
    with pytest.raises(ValueError, match=match):
        agile_vs_waterfall(**kwargs)


# --- capacity-adjusted velocity -----------------------------------------------


def test_capacity_adjusted_velocity_hand_worked():
    """Does 30 points with 5 of 6 people available give 25 points?"""
    from pmcourse.agile import capacity_adjusted_velocity

    assert capacity_adjusted_velocity(30, 5, 6) == pytest.approx(25)
    assert capacity_adjusted_velocity(24, 45, 60) == pytest.approx(18)
    assert capacity_adjusted_velocity(24, 0, 60) == 0


@given(
    st.floats(0, 200, allow_nan=False),
    st.floats(0, 100, allow_nan=False),
    st.floats(0.5, 100, allow_nan=False),
)
def test_capacity_adjusted_velocity_is_proportional(v, now, usual):
    """Is the adjusted velocity proportional to the capacity available?"""
    from pmcourse.agile import capacity_adjusted_velocity

    assert capacity_adjusted_velocity(v, usual, usual) == pytest.approx(v)
    assert capacity_adjusted_velocity(v, 2 * now, usual) == pytest.approx(
        2 * capacity_adjusted_velocity(v, now, usual)
    )


def test_capacity_adjusted_velocity_rejects_bad_input():
    """Are a zero usual capacity and a negative velocity named?"""
    from pmcourse.agile import capacity_adjusted_velocity

    with pytest.raises(ValueError, match="usual_capacity"):
        capacity_adjusted_velocity(30, 5, 0)
    with pytest.raises(ValueError, match="velocity"):
        capacity_adjusted_velocity(-1, 5, 6)
