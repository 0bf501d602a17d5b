"""Grading tools built on nbgrader's own commands and gradebook.

- :mod:`pmcourse.grading.course`: the course folders (``solutions/``,
  ``exercises/``, ``grading/``), running nbgrader on them, and a Jupyter
  environment isolated from the user's home.
- :mod:`pmcourse.grading.submissions`: building submissions (the solution,
  an untouched release, a chosen wrong answer) and putting them where
  nbgrader collects them.
- :mod:`pmcourse.grading.gradebook`: reading scores back per grade cell and
  from nbgrader's grades CSV.

The ``pmcourse`` command (:mod:`pmcourse.cli`, its subcommands in
:mod:`pmcourse.commands`) adds, in small modules:
:mod:`~pmcourse.grading.importing` (LMS downloads and rosters),
:mod:`~pmcourse.grading.sandbox` (bubblewrap and resource limits),
:mod:`~pmcourse.grading.cells` (nbgrader's cell predicates and checksum),
:mod:`~pmcourse.grading.prepare` (read, detect tampering, restore, plan),
:mod:`~pmcourse.grading.execution` (the sandboxed kernel, on any executor),
:mod:`~pmcourse.grading.capture` and :mod:`~pmcourse.grading.checks` (answers
out as data, tests in a clean interpreter), :mod:`~pmcourse.grading.autograde`
(the batch, with its threat model), :mod:`~pmcourse.grading.status`,
:mod:`~pmcourse.grading.feedback`, :mod:`~pmcourse.grading.export` and
:mod:`~pmcourse.grading.report`.

The end-to-end tests (``tests/grading``) and ``python -m pmcourse.release``
use these; they never re-implement what nbgrader does.
"""
