"""Tests of the network engine (pmcourse.schedule._network) under every schedule."""

import numpy as np
import pytest

from pmcourse.schedule import _network


def test_links_and_levels():
    net = _network.build(["A", "B", "C"], ["", "A", "A, B:SS+2"])
    assert net.size == 3
    assert list(net.level) == [0, 1, 2]
    links = sorted(zip(net.src.tolist(), net.dst.tolist(), strict=True))
    assert links == [(0, 1), (0, 2), (1, 2)]


def test_forward_pass_on_many_samples_at_once():
    net = _network.build(["A", "B", "C"], ["", "A", "A, B:SS+2"])
    durations = np.array([[3.0, 1.0], [2.0, 2.0], [1.0, 1.0]])
    es, ef = net.forward(durations)
    # sample 0: A 0-3, B 3-5, C after A (3) and B's start + 2 (5): 5-6
    assert es[:, 0].tolist() == [0, 3, 5]
    assert ef[:, 0].tolist() == [3, 5, 6]
    # sample 1: A 0-1, B 1-3, C from max(1, 3): 3-4
    assert ef[:, 1].tolist() == [1, 3, 4]


def test_unknown_predecessors_and_cycles_are_refused():
    with pytest.raises(ValueError, match="unknown predecessor 'Z'"):
        _network.build(["A", "B"], ["", "Z:FS+1"])
    with pytest.raises(ValueError, match="cycle"):
        _network.build(["A", "B"], ["B", "A"])
