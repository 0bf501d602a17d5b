"""nbgrader settings for everyone on the class's JupyterHub (students too).

The hub puts this folder on every server's JUPYTER_CONFIG_PATH and sets the
variables read here (deploy/jupyterhub/jupyterhub_config.py).
"""

import os

c = get_config()  # noqa: F821 (injected by traitlets)

c.CourseDirectory.course_id = os.environ.get("PMCOURSE_COURSE_ID", "pmcourse")
c.Exchange.root = os.environ.get("PMCOURSE_EXCHANGE", "/srv/nbgrader/exchange")
