"""Resource-constrained scheduling on all 480 PSPLIB j30 instances.

For every instance: the serial heuristic (latest finish time first) and the
improved method (regret-based biased random sampling with forward-backward
improvement, at most 1,000 schedules), each schedule checked by the
independent feasibility check, and the makespan compared with the published
optimum (Demeulemeester and Herroelen, j30opt.sm).

Run: ``.venv/bin/python benchmarks/bench_rcpsp.py [--limit N] [--schedules N]``.
Skips (exit 0) with a message when ../shared/data/psplib_j30 is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from pmcourse.formats import iter_psplib_archive, read_psplib_optimum
from pmcourse.resources import check_feasible, resource_schedule

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "psplib_j30"
#: the issue's bar for the improved method
TARGET = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N instances")
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    archive, optimum_file = DATA / "j30_all_480.tgz", DATA / "j30opt.sm"
    if not archive.exists() or not optimum_file.exists():
        print(f"skipped: PSPLIB j30 data not found in {DATA.resolve()}")
        return 0
    optimum = read_psplib_optimum(optimum_file)["makespan"]
    rng = np.random.default_rng(args.seed)
    dev = {"serial": [], "sampling": []}
    seconds = {"serial": 0.0, "sampling": 0.0}
    infeasible: list[str] = []
    optimal = 0
    count = 0
    for inst in iter_psplib_archive(archive):
        if args.limit is not None and count >= args.limit:
            break
        count += 1
        best = int(optimum[inst.name])
        for method in ("serial", "sampling"):
            t0 = time.perf_counter()
            plan = resource_schedule(
                inst.tasks,
                inst.capacities,
                method=method,
                n_schedules=args.schedules,
                rng=rng,
            )
            seconds[method] += time.perf_counter() - t0
            problems = check_feasible(inst.tasks, plan, inst.capacities)
            if problems:
                infeasible.append(f"{inst.name} ({method}): {problems[0]}")
            span = float(plan["finish"].max())
            if span < best:
                infeasible.append(f"{inst.name} ({method}): {span} beats the optimum")
            dev[method].append(100.0 * (span - best) / best)
            optimal += method == "sampling" and span == best
    print(f"PSPLIB j30: {count} instances, at most {args.schedules} schedules each")
    for method, label in [
        ("serial", "serial LFT (1 schedule)"),
        ("sampling", "sampling + FBI"),
    ]:
        d = np.asarray(dev[method])
        print(
            f"  {label:<26} mean deviation {d.mean():6.3f} %   max {d.max():6.2f} %"
            f"   time {seconds[method]:7.1f} s ({1000 * seconds[method] / count:.0f} ms"
            " per instance)"
        )
    print(f"  sampling + FBI finds the optimum in {optimal} of {count} instances")
    print(f"  infeasible or impossible schedules: {len(infeasible)}")
    for line in infeasible[:10]:
        print("   ", line)
    mean = float(np.mean(dev["sampling"]))
    verdict = "meets" if mean <= TARGET and not infeasible else "MISSES"
    print(f"  {verdict} the bar: mean deviation <= {TARGET} %, every schedule feasible")
    return 0 if verdict == "meets" else 1


if __name__ == "__main__":
    sys.exit(main())
