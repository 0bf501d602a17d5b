"""Benchmark: one update of each simulation model at its default parameters.

Target (issue 3): under 50 ms per update (the widget budget is 100 ms, and the
widget also has to draw). A widget calls its model on every slider move, so
the figure that matters is the typical (median) call, printed with the best.

To add a model, append a ``SimulationModel`` to ``SIMULATION_MODELS``: a name,
the lesson that uses it, and a zero-argument callable that runs one update at
the model's defaults (with a fixed seed, as the widget does).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import best_of, median_of  # noqa: E402

from pmcourse.agile import agile_vs_waterfall, simulate_kanban  # noqa: E402

TARGET_SECONDS = 0.050


@dataclass(frozen=True)
class SimulationModel:
    """One simulation model as a widget calls it."""

    name: str
    lesson: str
    update: Callable[[], object]


SIMULATION_MODELS: list[SimulationModel] = [
    SimulationModel(
        "agile.agile_vs_waterfall (defaults)",
        "lesson 06",
        lambda: agile_vs_waterfall(rng=42),
    ),
    SimulationModel(
        "agile.agile_vs_waterfall (volatility 0.12, 1-week sprints)",
        "lesson 06",
        lambda: agile_vs_waterfall(volatility=0.12, sprint_length=1, rng=42),
    ),
    SimulationModel(
        "agile.simulate_kanban (defaults, WIP limit 4)",
        "lesson 06",
        lambda: simulate_kanban(rng=42),
    ),
    SimulationModel(
        "agile.simulate_kanban (no WIP limit)",
        "lesson 06",
        lambda: simulate_kanban(wip_limit=None, rng=42),
    ),
    # Other modules' simulation models are added here (risk, schedule, cost...).
]


def main() -> None:
    print(
        f"simulation models: one update each, target < {TARGET_SECONDS * 1000:.0f} ms"
    )
    missed = []
    for model in SIMULATION_MODELS:
        model.update()  # warm-up (imports, caches)
        median = median_of(model.update, repeat=21)
        best = best_of(model.update, repeat=21, warmup=0)
        ok = median < TARGET_SECONDS
        print(
            f"{model.name} [{model.lesson}]: median {median * 1000:.1f} ms, "
            f"best {best * 1000:.1f} ms (target < {TARGET_SECONDS * 1000:.0f} ms: "
            f"{'met' if ok else 'MISSED'})",
            flush=True,
        )
        if not ok:
            missed.append(model.name)
    print("target met" if not missed else f"TARGET MISSED: {', '.join(missed)}")


if __name__ == "__main__":
    main()
