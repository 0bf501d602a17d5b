"""Tests of pmcourse.schedule.three_point: PERT, triangular and the chance of a date."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmcourse.schedule import (
    deadline_for_probability,
    path_estimate,
    pert,
    pert_table,
    probability_of_finishing_by,
    triangular_mean,
    triangular_std,
)

three_points = st.tuples(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100)).map(
    sorted
)


def test_pert_by_hand():
    # (4 + 4 * 6 + 14) / 6 = 7, (14 - 4) / 6 = 1.667
    mean, std = pert(4, 6, 14)
    assert mean == pytest.approx(7.0)
    assert std == pytest.approx(10 / 6)


def test_triangular_by_hand():
    assert triangular_mean(1, 4, 7) == pytest.approx(4.0)
    # sqrt((1 + 16 + 49 - 4 - 7 - 28) / 18) = sqrt(27 / 18)
    assert triangular_std(1, 4, 7) == pytest.approx(math.sqrt(27 / 18))


@given(three_points)
def test_the_means_lie_between_optimistic_and_pessimistic(opm):
    o, m, p = opm
    mean, std = pert(o, m, p)
    assert o - 1e-9 <= mean <= p + 1e-9
    assert o - 1e-9 <= triangular_mean(o, m, p) <= p + 1e-9
    assert std >= 0


def test_pert_is_elementwise_on_arrays():
    mean, std = pert(np.array([1, 4]), np.array([2, 6]), np.array([3, 14]))
    assert np.allclose(mean, [2.0, 7.0])
    assert np.allclose(std, [1 / 3, 10 / 6])


def test_pert_table_and_the_path():
    tasks = [
        {"id": "A", "optimistic": 2, "most_likely": 4, "pessimistic": 6},
        {"id": "B", "optimistic": 4, "most_likely": 6, "pessimistic": 14},
    ]
    table = pert_table(tasks)
    assert list(table["mean"]) == pytest.approx([4.0, 7.0])
    assert list(table["variance"]) == pytest.approx([(4 / 6) ** 2, (10 / 6) ** 2])
    mean, std = path_estimate(tasks)
    assert mean == pytest.approx(11.0)
    # the square root of the summed variances, not the sum of the deviations
    assert std == pytest.approx(math.sqrt((4 / 6) ** 2 + (10 / 6) ** 2))


def test_pert_table_refuses_estimates_out_of_order():
    with pytest.raises(ValueError, match="task 'A' needs optimistic <= most_likely"):
        pert_table([{"id": "A", "optimistic": 5, "most_likely": 4, "pessimistic": 6}])


def test_the_chance_of_a_date_and_back():
    assert probability_of_finishing_by(20, 20, 2) == pytest.approx(0.5)
    assert probability_of_finishing_by(22, 20, 2) == pytest.approx(0.8413, abs=1e-4)
    assert deadline_for_probability(0.8413447, 20, 2) == pytest.approx(22, abs=1e-4)
