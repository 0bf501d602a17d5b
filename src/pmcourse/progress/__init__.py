"""A learner's progress, kept on the learner's own machine.

- :class:`ProgressStore`: the SQLite file in the user data folder
  (:func:`default_path`; ``PMCOURSE_PROGRESS_DIR`` overrides it);
- :func:`record_self_check`, :func:`record_practice`, :func:`record_validation`,
  :func:`record_lesson`: what the widgets call; they never interrupt a learner
  (a failure to record is a warning, never an error);
- :func:`lessons_summary`, :func:`self_check_summary`: what "My progress" shows
  (the per-domain abilities come from :mod:`pmcourse.capm.irt`).

Nothing leaves the machine; ``pmcourse progress --export FILE`` gives the
learner their data and ``pmcourse progress --forget`` deletes it.

Used in: lesson 00, start here ("My progress"); every lesson's self-checks;
lesson 09, CAPM practice.
"""

from pmcourse.progress.recording import (
    current_lesson,
    default_store,
    practice_rows,
    question_id,
    record_exam,
    record_lesson,
    record_practice,
    record_question,
    record_self_check,
    record_validation,
)
from pmcourse.progress.store import ENV_VAR, SCHEMA_VERSION, ProgressStore, default_path
from pmcourse.progress.summary import lessons_summary, self_check_summary

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ProgressStore",
    "current_lesson",
    "default_path",
    "default_store",
    "lessons_summary",
    "practice_rows",
    "question_id",
    "record_exam",
    "record_lesson",
    "record_practice",
    "record_question",
    "record_self_check",
    "record_validation",
    "self_check_summary",
]
