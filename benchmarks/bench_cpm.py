"""Benchmark: CPM on a random 10,000-activity network vs a networkx pass.

Target (issue 3): under 100 ms and at least 3x faster than the networkx peer.
Both start from the same list of task dicts and produce ES, EF, LS, LF and total float.
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, report  # noqa: E402

from pmcourse.datasets.synthetic import random_network  # noqa: E402
from pmcourse.schedule import cpm  # noqa: E402


def networkx_cpm(tasks: list[dict]) -> dict[str, tuple[float, float, float, float]]:
    """Forward and backward pass written with networkx (finish-to-start links)."""
    g = nx.DiGraph()
    for t in tasks:
        g.add_node(t["id"], d=float(t["duration"]))
        for p in t["predecessors"]:
            g.add_edge(p, t["id"])
    order = list(nx.topological_sort(g))
    es: dict[str, float] = {}
    ef: dict[str, float] = {}
    for v in order:
        es[v] = max((ef[u] for u in g.predecessors(v)), default=0.0)
        ef[v] = es[v] + g.nodes[v]["d"]
    finish = max(ef.values())
    ls: dict[str, float] = {}
    lf: dict[str, float] = {}
    for v in reversed(order):
        lf[v] = min((ls[w] for w in g.successors(v)), default=finish)
        ls[v] = lf[v] - g.nodes[v]["d"]
    return {v: (es[v], ef[v], ls[v], lf[v]) for v in order}


def main() -> None:
    tasks = random_network(10_000, predecessors=3, rng=1)
    ours = cpm(tasks)
    peer = networkx_cpm(tasks)
    got = ours[["es", "ef", "ls", "lf"]].to_numpy()
    want = np.array([peer[i] for i in ours.index])
    assert np.allclose(got, want), "the two implementations disagree"
    t_ours = best_of(lambda: cpm(tasks))
    t_peer = best_of(lambda: networkx_cpm(tasks))
    report(
        "CPM, 10,000 activities, ~3 predecessors each",
        t_ours,
        "networkx forward/backward pass",
        t_peer,
        "target: ours < 100 ms and ratio >= 3x",
    )
    ok = t_ours < 0.100 and t_peer / t_ours >= 3
    print("target met" if ok else "TARGET MISSED")


if __name__ == "__main__":
    main()
