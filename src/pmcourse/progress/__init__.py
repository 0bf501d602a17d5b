"""A learner's progress, kept on the learner's own machine.

- :class:`ProgressStore`: the SQLite file in the user data folder
  (:func:`default_path`; ``PMCOURSE_PROGRESS_DIR`` overrides it);
- :func:`record_self_check`, :func:`record_practice`, :func:`record_validation`,
  :func:`record_lesson`: what the widgets call; they never interrupt a learner
  (a failure to record is a warning, never an error);
- :func:`record_validate`: what the course's server extension
  (:mod:`pmcourse.progress.server`, enabled by ``pmcourse.setup_lab``) calls
  after nbgrader's Validate, recording each part's result; grading never does;
- :func:`lessons_summary`, :func:`self_check_summary`,
  :func:`validation_summary`: what "My progress" shows
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
from pmcourse.progress.summary import (
    lessons_summary,
    self_check_summary,
    validation_summary,
)
from pmcourse.progress.validation import grading_folder, record_validate, validate_parts

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ProgressStore",
    "current_lesson",
    "default_path",
    "default_store",
    "grading_folder",
    "lessons_summary",
    "practice_rows",
    "question_id",
    "record_exam",
    "record_lesson",
    "record_practice",
    "record_question",
    "record_self_check",
    "record_validate",
    "record_validation",
    "self_check_summary",
    "validate_parts",
    "validation_summary",
]
