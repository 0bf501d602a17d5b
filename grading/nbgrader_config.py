"""nbgrader configuration of the pmcourse course (the course root is this folder).

nbgrader's folders are mapped onto the repository like this::

    solutions/<assignment>/      source      (instructor versions, in git)
    exercises/<assignment>/      release     (generated student versions, in git)
    grading/submitted/           submitted   (collected or imported work, ignored)
    grading/autograded/          autograded  (ignored)
    grading/feedback/            feedback    (ignored)
    grading/gradebook.db         gradebook   (SQLite, ignored)
    grading/exchange/            exchange    (release/fetch/submit, ignored)

Every path is computed from this file's own location, so a copy of the
repository (or of grading/, solutions/ and exercises/ together) works wherever
it lives. nbgrader reads this file when it runs in grading/; the
``nbgrader_config.py`` at the repository root loads it when nbgrader or
JupyterLab's formgrader runs from the repository root.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, GetGrades

c = get_config()  # noqa: F821 (injected by traitlets when it loads this file)

COURSE_ROOT = Path(__file__).resolve().parent
# On JupyterHub the class shares one exchange folder, named by PMCOURSE_EXCHANGE
# (deploy/jupyterhub/ sets it); on one machine it is grading/exchange.
EXCHANGE = Path(os.environ.get("PMCOURSE_EXCHANGE") or COURSE_ROOT / "exchange")
# The formgrader warns when the exchange is missing; creating the course's own
# one here keeps every copy of the course (CI, a temporary grading run) working
# without a setup step. A shared exchange is made by the hub's administrator.
if not os.environ.get("PMCOURSE_EXCHANGE"):
    EXCHANGE.mkdir(exist_ok=True)

c.CourseDirectory.course_id = "pmcourse"
c.CourseDirectory.root = str(COURSE_ROOT)
c.CourseDirectory.source_directory = os.path.join("..", "solutions")
c.CourseDirectory.release_directory = os.path.join("..", "exercises")
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = f"sqlite:///{COURSE_ROOT / 'gradebook.db'}"
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    ".DS_Store",
    # Each assignment's answer specification (its keys) stays with the sources:
    # never released, never copied into a student's or an autograded folder.
    "answers.py",
]

c.Exchange.root = str(EXCHANGE)

# A student who deletes a test cell must not silently score nothing for it:
# autograde puts the missing grade cells back from the gradebook.
c.OverwriteCells.add_missing_cells = True

# Seconds a single cell may run before autograde stops it and records the cell
# as failed (exercises run in well under a second per cell).
c.Execute.timeout = 120
c.ExecutePreprocessor.timeout = 120

# Feedback goes back to students: remove hidden tests and marking schemes from it
# (nbgrader 0.9 keeps them by default, see nbgrader issues 917 and 1363).
c.GenerateFeedback.preprocessors = [
    GetGrades,
    ClearHiddenTests,
    ClearMarkScheme,
    CSSHTMLHeaderPreprocessor,
]

# Tracebacks in graded notebooks show only the exception and its message
# ("AssertionError: p_on_time is not right"), never the test code around the
# failing line: IPython's default context would print hidden tests back to the
# student in the feedback.
c.Execute.extra_arguments = ["--InteractiveShell.xmode=Minimal"]
