"""Tests of pmcourse.montecarlo: sampling, schedule and cost simulation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from pmcourse.montecarlo import (
    monte_carlo_cost,
    monte_carlo_schedule,
    sample_three_point,
    simulate_schedule,
    widen_estimates,
)
from pmcourse.schedule import cpm, pert, triangular_mean, triangular_std

three_points = st.tuples(st.floats(0, 50), st.floats(0, 30), st.floats(0.5, 40)).map(
    lambda t: (t[0], t[0] + t[1], t[0] + t[1] + t[2])
)


@settings(max_examples=40, deadline=None)
@given(three_points, st.integers(0, 2**32 - 1))
def test_single_triangular_task_mean_converges(est, seed):
    """Does one triangular task's simulated mean match (o + m + p) / 3?"""
    o, m, p = est
    finish = monte_carlo_schedule(
        [
            {
                "id": "A",
                "optimistic": o,
                "most_likely": m,
                "pessimistic": p,
                "predecessors": "",
            }
        ],
        40_000,
        rng=seed,
    )
    se = triangular_std(o, m, p) / np.sqrt(finish.size)
    assert abs(finish.mean() - triangular_mean(o, m, p)) < 5 * se + 1e-9
    assert finish.min() >= o - 1e-9 and finish.max() <= p + 1e-9


@settings(max_examples=25, deadline=None)
@given(st.lists(three_points, min_size=2, max_size=6), st.integers(0, 2**32 - 1))
def test_chain_mean_is_sum_of_means(chain, seed):
    """Is a chain's simulated mean the sum of its task means (for both dists)?"""
    tasks = [
        {
            "id": f"T{k}",
            "optimistic": o,
            "most_likely": m,
            "pessimistic": p,
            "predecessors": [f"T{k - 1}"] if k else [],
        }
        for k, (o, m, p) in enumerate(chain)
    ]
    o, m, p = (np.array(x) for x in zip(*chain, strict=True))
    for dist, mean, std in (
        ("triangular", triangular_mean(o, m, p), triangular_std(o, m, p)),
        ("pert", pert(o, m, p)[0], None),
    ):
        finish = monte_carlo_schedule(tasks, 40_000, rng=seed, distribution=dist)
        if std is None:  # exact beta-PERT std: sqrt((mu-o)(p-mu)/7)
            mu = np.asarray(mean)
            std = np.sqrt((mu - o) * (p - mu) / 7)
        se = np.sqrt(np.sum(np.asarray(std) ** 2) / finish.size)
        assert abs(finish.mean() - np.sum(mean)) < 5 * se + 1e-9, dist


def test_parallel_tasks_probability_is_product_of_marginals():
    """For parallel tasks, is P(finish <= d) the product of the marginals?"""
    tasks = [
        {
            "id": "A",
            "optimistic": 4,
            "most_likely": 6,
            "pessimistic": 12,
            "predecessors": "",
        },
        {
            "id": "B",
            "optimistic": 5,
            "most_likely": 7,
            "pessimistic": 10,
            "predecessors": "",
        },
        {
            "id": "C",
            "optimistic": 2,
            "most_likely": 8,
            "pessimistic": 11,
            "predecessors": "",
        },
    ]
    n = 200_000
    finish = monte_carlo_schedule(tasks, n, rng=11)
    for d in (7.0, 8.5, 9.5):
        marginals = [
            stats.triang.cdf(
                d,
                (t["most_likely"] - t["optimistic"])
                / (t["pessimistic"] - t["optimistic"]),
                loc=t["optimistic"],
                scale=t["pessimistic"] - t["optimistic"],
            )
            for t in tasks
        ]
        expected = float(np.prod(marginals))
        se = np.sqrt(expected * (1 - expected) / n)
        assert abs(np.mean(finish <= d) - expected) < 5 * se


def test_merge_bias():
    """Is the simulated mean of two equal parallel paths above either path's mean?"""
    tasks = [
        {
            "id": "A",
            "optimistic": 5,
            "most_likely": 10,
            "pessimistic": 15,
            "predecessors": "",
        },
        {
            "id": "B",
            "optimistic": 5,
            "most_likely": 10,
            "pessimistic": 15,
            "predecessors": "",
        },
    ]
    assert monte_carlo_schedule(tasks, 50_000, rng=1).mean() > 10.5


def test_matches_a_cpm_loop_iteration_by_iteration():
    """Does the vectorised pass equal cpm on each sample, links and lags included?"""
    tasks = [
        {
            "id": "A",
            "optimistic": 2,
            "most_likely": 3,
            "pessimistic": 6,
            "predecessors": "",
        },
        {
            "id": "B",
            "optimistic": 1,
            "most_likely": 4,
            "pessimistic": 5,
            "predecessors": "A:SS+1",
        },
        {
            "id": "C",
            "optimistic": 3,
            "most_likely": 3,
            "pessimistic": 9,
            "predecessors": "A:FF+2, B",
        },
        {
            "id": "D",
            "optimistic": 0,
            "most_likely": 0,
            "pessimistic": 0,
            "predecessors": "C:SF-1, B",
        },
    ]
    sim = simulate_schedule(tasks, 300, rng=5, criticality=True)
    for k in range(sim.finish.size):
        plan = [dict(t, duration=sim.durations[i, k]) for i, t in enumerate(tasks)]
        r = cpm(plan)
        assert sim.finish[k] == pytest.approx(r["ef"].max())
        assert sim.critical[:, k].tolist() == r["critical"].tolist()


def test_seed_reproducible_and_generator_accepted():
    """Does the same seed give the same run, and is a Generator accepted?"""
    tasks = [
        {
            "id": "A",
            "optimistic": 1,
            "most_likely": 2,
            "pessimistic": 4,
            "predecessors": "",
        }
    ]
    a = monte_carlo_schedule(tasks, 100, rng=3)
    b = monte_carlo_schedule(tasks, 100, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)


def test_milestone_allowed_and_distributions():
    """Are milestones constant and the three distributions within bounds?"""
    for dist in ("triangular", "pert", "uniform", "beta-PERT"):
        d = sample_three_point([0, 2], [0, 3], [0, 9], 5000, rng=1, distribution=dist)
        assert (d[0] == 0).all()
        assert d[1].min() >= 2 and d[1].max() <= 9
    u = sample_three_point([2], [3], [9], 200_000, rng=1, distribution="uniform")
    assert u.mean() == pytest.approx(5.5, abs=0.02)


def test_correlation_raises_spread():
    """Does positive correlation widen the finish distribution of a chain?"""
    tasks = [
        {
            "id": f"T{k}",
            "optimistic": 5,
            "most_likely": 8,
            "pessimistic": 15,
            "predecessors": [f"T{k - 1}"] if k else [],
        }
        for k in range(6)
    ]
    base = simulate_schedule(tasks, 50_000, rng=2)
    corr = simulate_schedule(tasks, 50_000, rng=2, correlation=0.8)
    assert corr.finish.std() > 1.5 * base.finish.std()
    assert corr.finish.mean() == pytest.approx(base.finish.mean(), rel=0.01)
    d = sample_three_point(
        [0, 0], [1, 1], [2, 2], 50_000, rng=1, correlation=[[1, 0.6], [0.6, 1]]
    )
    assert np.corrcoef(d)[0, 1] == pytest.approx(0.6, abs=0.03)
    p = sample_three_point(
        [0, 0], [1, 1], [2, 2], 20_000, rng=1, distribution="pert", correlation=0.5
    )
    assert np.corrcoef(p)[0, 1] > 0.4


def test_criticality_and_sensitivity():
    """Is the long uncertain path critical most often and top of the tornado?"""
    tasks = [
        {
            "id": "long",
            "optimistic": 8,
            "most_likely": 10,
            "pessimistic": 20,
            "predecessors": "",
        },
        {
            "id": "short",
            "optimistic": 5,
            "most_likely": 6,
            "pessimistic": 7,
            "predecessors": "",
        },
        {
            "id": "end",
            "optimistic": 1,
            "most_likely": 1,
            "pessimistic": 1,
            "predecessors": "long, short",
        },
    ]
    sim = simulate_schedule(tasks, 20_000, rng=4, criticality=True)
    crit = sim.criticality()
    assert crit["end"] == 1.0
    assert crit["long"] == 1.0 and crit["short"] == 0.0
    sens = sim.sensitivity()
    assert sens.index[0] == "long"
    assert sens["end"] == 0.0
    s = sim.summary(deadline=15)
    assert s["p10"] <= s["p50"] <= s["p80"] <= s["p90"]
    assert 0 < s["probability"] < 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"distribution": "normal"}, "distribution must be one of"),
        ({"n": 0}, "at least 1"),
        ({"correlation": 1.0}, "correlation must be between"),
        ({"correlation": [[1, 0.5], [0.5, 1]]}, "must be 3 x 3"),
        ({"correlation": np.eye(3) * 2}, "1 on the diagonal"),
    ],
)
def test_bad_arguments(kwargs, message):
    """Are bad arguments rejected with the parameter named?"""
    tasks = [
        {
            "id": k,
            "optimistic": 1,
            "most_likely": 2,
            "pessimistic": 3,
            "predecessors": "",
        }
        for k in "ABC"
    ]
    args = {"n": 10, **kwargs}
    with pytest.raises(ValueError, match=message):
        simulate_schedule(tasks, **args)


def test_bad_estimates_name_the_task():
    """Is optimistic > most likely reported with the task id?"""
    with pytest.raises(ValueError, match="task 'B' needs optimistic"):
        monte_carlo_schedule(
            [
                {
                    "id": "A",
                    "optimistic": 1,
                    "most_likely": 2,
                    "pessimistic": 3,
                    "predecessors": "",
                },
                {
                    "id": "B",
                    "optimistic": 4,
                    "most_likely": 2,
                    "pessimistic": 3,
                    "predecessors": "A",
                },
            ],
            10,
        )
    with pytest.raises(ValueError, match="missing the column 'optimistic'"):
        monte_carlo_schedule([{"id": "A", "duration": 3, "predecessors": ""}], 10)
    with pytest.raises(ValueError, match="negative"):
        monte_carlo_schedule(
            [
                {
                    "id": "A",
                    "optimistic": -1,
                    "most_likely": 2,
                    "pessimistic": 3,
                    "predecessors": "",
                }
            ],
            10,
        )


def test_cost_simulation():
    """Does the cost simulation's mean equal the sum of PERT means?"""
    items = [
        {
            "id": "design",
            "optimistic": 8_000,
            "most_likely": 10_000,
            "pessimistic": 15_000,
        },
        {
            "id": "build",
            "optimistic": 20_000,
            "most_likely": 25_000,
            "pessimistic": 40_000,
        },
    ]
    total = monte_carlo_cost(items, 200_000, rng=9, distribution="pert")
    expected = pert(8_000, 10_000, 15_000)[0] + pert(20_000, 25_000, 40_000)[0]
    assert total.mean() == pytest.approx(expected, rel=0.003)
    with pytest.raises(ValueError, match="empty"):
        monte_carlo_cost([], 10)


@settings(max_examples=30, deadline=None)
@given(st.floats(1.0, 5.0), st.floats(1.0, 5.0), st.integers(0, 2**32 - 1))
def test_correlated_pert_quantiles_match_scipy(a, b, seed):
    """Are the fast beta quantiles used for correlated PERT draws within 2e-5 of
    scipy's exact ones, for every PERT shape?"""
    from pmcourse.sampling import _beta_ppf

    u = np.random.default_rng(seed).random((1, 2_000))
    exact = stats.beta.ppf(u, a, b)
    assert np.abs(_beta_ppf(u, np.array([a]), np.array([b])) - exact).max() < 2e-5


def test_widen_estimates_scales_each_side_of_most_likely():
    """Does factor 2 double both sides of each range, factor 0 collapse it, and
    an optimistic value stop at 0?"""
    tasks = [
        {"id": "A", "optimistic": 4, "most_likely": 6, "pessimistic": 10},
        {"id": "B", "optimistic": 1, "most_likely": 2, "pessimistic": 3},
    ]
    wide = widen_estimates(tasks, 2).set_index("id")
    # A: 6 - 2 * 2 = 2, 6 + 2 * 4 = 14; B: 2 - 2 * 1 = 0, 2 + 2 * 1 = 4
    assert wide.loc["A", ["optimistic", "pessimistic"]].tolist() == [2, 14]
    assert wide.loc["B", ["optimistic", "pessimistic"]].tolist() == [0, 4]
    assert widen_estimates(tasks, 3).set_index("id").loc["B", "optimistic"] == 0
    flat = widen_estimates(tasks, 0)
    assert (flat["optimistic"] == flat["most_likely"]).all()
    assert (flat["pessimistic"] == flat["most_likely"]).all()
    assert widen_estimates(tasks, 1)[["optimistic", "pessimistic"]].equals(
        widen_estimates(tasks, 1.0)[["optimistic", "pessimistic"]]
    )


def test_widen_estimates_rejects_bad_input():
    """Are a negative factor and out-of-order estimates rejected by name?"""
    tasks = [{"id": "A", "optimistic": 4, "most_likely": 6, "pessimistic": 10}]
    with pytest.raises(ValueError, match="factor must be a number >= 0"):
        widen_estimates(tasks, -0.5)
    with pytest.raises(ValueError, match="task 'Z' needs optimistic"):
        widen_estimates(
            [{"id": "Z", "optimistic": 5, "most_likely": 4, "pessimistic": 6}], 1
        )
