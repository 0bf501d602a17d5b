"""Benchmark: adaptive CAPM practice vs outline-weighted random practice.

Targets (issue 20), over 500 simulated learners with known abilities:
- adaptive practice needs at most 0.7x the items of outline-weighted random
  practice (the peer) to reach mastery (every domain's estimate within 0.5
  logits of the truth with a posterior sd of at most 0.5, or the pass/fail
  call 95 % certain);
- the readiness estimate's Brier score against each learner's simulated full
  exam is at most 0.15 and below a constant predictor's.
Both policies meet the same learners, who sit the same simulated exams.
Run: ``python benchmarks/bench_adaptive.py [--learners 500] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict

from pmcourse.capm.simulate import simulate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    results = {}
    for policy in ("adaptive", "uniform"):
        began = time.perf_counter()
        results[policy] = simulate(policy, args.learners, args.seed)
        seconds = time.perf_counter() - began
        r = asdict(results[policy])
        print(
            f"{policy:>8}: items to mastery mean {r['items_to_mastery_mean']:.1f} "
            f"(median {r['items_to_mastery_median']:.0f}, reached "
            f"{r['reached_mastery']:.1%}) | readiness Brier "
            f"{r['readiness_brier']:.3f} vs constant {r['constant_brier']:.3f} | "
            f"pass rate {r['pass_rate']:.1%} | {seconds:.1f} s",
            flush=True,
        )
    a, u = results["adaptive"], results["uniform"]
    ratio = a.items_to_mastery_mean / u.items_to_mastery_mean
    ok_items = ratio <= 0.7
    ok_brier = a.readiness_brier <= 0.15 and a.readiness_brier < a.constant_brier
    print(
        f"adaptive / outline-weighted random items: {ratio:.2f}x (target <= 0.70: "
        f"{'met' if ok_items else 'NOT met'}); readiness Brier {a.readiness_brier:.3f} "
        f"(target <= 0.15 and < constant {a.constant_brier:.3f}: "
        f"{'met' if ok_brier else 'NOT met'})"
    )
    return 0 if ok_items and ok_brier else 1


if __name__ == "__main__":
    sys.exit(main())
