"""nbgrader configuration at the repository root: load the course's own config.

JupyterLab serves the course with the repository as its root, and nbgrader's
formgrader reads ``nbgrader_config.py`` from there. The course itself is
configured in ``grading/nbgrader_config.py`` (course root ``grading/``).
"""

load_subconfig("grading/nbgrader_config.py")  # noqa: F821 (injected by traitlets)
