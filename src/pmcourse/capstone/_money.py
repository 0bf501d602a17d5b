"""The money of a run: the ledger, the reserve and earned value.

Internal to :mod:`pmcourse.capstone`, one layer of the state of a run that
:class:`pmcourse.capstone._world.World` puts together (each layer builds on
the one below it; see that module). Work is measured in person-weeks, money
in dollars.
"""

from __future__ import annotations

from pmcourse.capstone._draws import Draws
from pmcourse.capstone._work import Work, clip
from pmcourse.capstone.scenario import Scenario


class Money(Work):
    """What was spent, week by week, and the EVM measures of the work."""

    def __init__(self, sc: Scenario, draws: Draws) -> None:
        super().__init__(sc, draws)
        self.ledger: list[tuple[int, str, float]] = []
        self.contingency = float(sc.data.get("contingency_reserve", 0.0))
        self.authorised = self.bac()

    def spent_in(self, week: int) -> float:
        return sum(x for w, _, x in self.ledger if w == week)

    def contingency_left(self) -> float:
        used = sum(x for _, c, x in self.ledger if c in ("risk", "response"))
        return self.contingency - used

    def bac(self) -> float:
        return sum(self.budget_of(a) for a in self.acts.values())

    def ev(self) -> float:
        return sum(self.budget_of(a) * self.fraction(a) for a in self.acts.values())

    def ac(self) -> float:
        return float(sum(x for _, _, x in self.ledger))

    def pv(self, week: int) -> float:
        total = 0.0
        for a in self.acts.values():
            start, finish, f0, _ = a["plan"]
            if finish <= start:
                frac = 1.0 if week >= finish else 0.0
            else:
                frac = clip((week - start) / (finish - start), 0.0, 1.0)
            total += self.budget_of(a) * (f0 + (1.0 - f0) * frac)
        return total
