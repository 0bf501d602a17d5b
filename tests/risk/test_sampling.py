"""Tests of pmcourse.risk.sampling: draws from three-point estimates."""

import numpy as np
import pytest

from pmcourse.risk import DISTRIBUTIONS, sample_three_point


@pytest.mark.parametrize(
    ("distribution", "mean"),
    [("triangular", (2 + 4 + 9) / 3), ("pert", (2 + 16 + 9) / 6), ("uniform", 5.5)],
)
def test_each_distribution_has_its_mean(distribution, mean):
    draws = sample_three_point([2], [4], [9], 200_000, rng=3, distribution=distribution)
    assert draws.shape == (1, 200_000)
    assert draws.min() >= 2 and draws.max() <= 9
    assert draws.mean() == pytest.approx(mean, abs=0.03)


def test_the_distributions_are_listed():
    assert {"triangular", "pert", "uniform"} <= set(DISTRIBUTIONS)


def test_a_milestone_is_a_constant_and_a_seed_repeats():
    draws = sample_three_point([0, 1], [0, 2], [0, 3], 1000, rng=7)
    assert np.all(draws[0] == 0)
    again = sample_three_point([0, 1], [0, 2], [0, 3], 1000, rng=7)
    assert np.array_equal(draws, again)


def test_correlation_couples_the_draws():
    corr = [[1.0, 0.9], [0.9, 1.0]]
    draws = sample_three_point(
        [0, 0], [5, 5], [10, 10], 50_000, rng=1, correlation=corr
    )
    independent = sample_three_point([0, 0], [5, 5], [10, 10], 50_000, rng=1)
    assert np.corrcoef(draws)[0, 1] > 0.8
    assert abs(np.corrcoef(independent)[0, 1]) < 0.05


def test_an_unknown_distribution_is_refused():
    with pytest.raises(ValueError, match="lognormal"):
        sample_three_point([1], [2], [3], 10, distribution="lognormal")
