"""Business analysis: prioritise a backlog, read a Kano survey, trace requirements.

Everything is importable from ``pmcourse.analysis``; the submodules group it:

- :mod:`pmcourse.analysis.priority`: cost of delay, WSJF scores, ranking a
  backlog by WSJF, cost of delay or MoSCoW, and comparing the orders;
- :mod:`pmcourse.analysis.moscow`: MoSCoW labels and the balance check
  (Must items above about 60 % of the effort);
- :mod:`pmcourse.analysis.kano`: the Kano evaluation table and survey
  classification;
- :mod:`pmcourse.analysis.traceability`: the requirements traceability
  matrix and its gaps.

Used in: lesson 08, business analysis; exercise ps08.
"""

from pmcourse.analysis.kano import (
    KANO_ANSWERS,
    KANO_CATEGORIES,
    KANO_TABLE,
    kano_category,
    kano_classify,
)
from pmcourse.analysis.moscow import (
    MOSCOW,
    MoscowCheck,
    moscow_categories,
    moscow_check,
)
from pmcourse.analysis.priority import (
    COD_PARTS,
    METHODS,
    compare_rankings,
    cost_of_delay,
    rank_backlog,
    weighted_score,
    wsjf,
    wsjf_table,
)
from pmcourse.analysis.traceability import Traceability, trace

__all__ = [
    "COD_PARTS",
    "KANO_ANSWERS",
    "KANO_CATEGORIES",
    "KANO_TABLE",
    "METHODS",
    "MOSCOW",
    "MoscowCheck",
    "Traceability",
    "compare_rankings",
    "cost_of_delay",
    "kano_category",
    "kano_classify",
    "moscow_categories",
    "moscow_check",
    "rank_backlog",
    "trace",
    "weighted_score",
    "wsjf",
    "wsjf_table",
]
