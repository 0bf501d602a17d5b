"""Grading tools built on nbgrader's own commands and gradebook.

- :mod:`pmcourse.grading.course`: the course folders (``solutions/``,
  ``exercises/``, ``grading/``), running nbgrader on them, and a Jupyter
  environment isolated from the user's home.
- :mod:`pmcourse.grading.submissions`: building submissions (the solution,
  an untouched release, a chosen wrong answer) and putting them where
  nbgrader collects them.
- :mod:`pmcourse.grading.gradebook`: reading scores back per grade cell and
  from nbgrader's grades CSV.

The end-to-end tests (``tests/grading``) and ``python -m pmcourse.release``
use these; they never re-implement what nbgrader does.
"""
