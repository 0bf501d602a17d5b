"""CAPM-style practice: an original question bank, exams and item analysis.

The bank holds static questions (YAML files in ``pmcourse/capm/bank/``,
written by us) and calculation item families whose numbers are drawn with an
``rng`` and whose keys are computed by :mod:`pmcourse`
(:mod:`pmcourse.capm.families`). Every item follows the schema of
:mod:`pmcourse.capm.schema`.

- :func:`load_bank` -> DataFrame, one row per item (families once);
- :func:`draw` -> a concrete :class:`Item` (a family's numbers drawn);
- :func:`assemble_exam` -> a list of items stratified by the outline's domain
  weights (36/17/20/27), reproducible from a seed;
- :func:`grade` -> whether a response is right;
- :func:`score_exam` -> an :class:`ExamReport` of a practice exam: scores by
  domain and the explanations of missed questions
  (:mod:`pmcourse.capm.practice`);
- :class:`ExamSession` -> one learner's practice exam taken headless: answers,
  flags, the clock, the score (:mod:`pmcourse.capm.session`; the practice
  widget :class:`pmcourse.widgets.capm.PracticeExam` is a thin layer over it);
- :mod:`pmcourse.capm.exercise` writes the exercise ps09 from the bank;
- :func:`item_analysis`, :func:`distractor_table`, :func:`mastery_by_domain`
  for instructors (plots in :mod:`pmcourse.plots.capm`).

Used in: lesson 09, CAPM practice; exercise ps09; instructor reports.
"""

from pmcourse.capm.analysis import distractor_table, item_analysis, mastery_by_domain
from pmcourse.capm.bank import draw, load_bank
from pmcourse.capm.exam import assemble_exam, domain_counts
from pmcourse.capm.families import FAMILIES
from pmcourse.capm.item import Item, grade
from pmcourse.capm.practice import ExamReport, score_exam
from pmcourse.capm.schema import (
    DOMAIN_NAMES,
    OUTLINE_WEIGHTS,
    BankError,
    validate_item,
)
from pmcourse.capm.session import ExamSession

__all__ = [
    "DOMAIN_NAMES",
    "FAMILIES",
    "OUTLINE_WEIGHTS",
    "BankError",
    "ExamReport",
    "ExamSession",
    "Item",
    "assemble_exam",
    "distractor_table",
    "domain_counts",
    "draw",
    "grade",
    "item_analysis",
    "load_bank",
    "mastery_by_domain",
    "score_exam",
    "validate_item",
]
