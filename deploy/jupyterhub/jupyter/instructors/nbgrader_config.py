"""nbgrader settings for the instructors' servers on the class's JupyterHub.

The course's own settings come from the course clone the instructor's server
opens in (its nbgrader_config.py, which reads PMCOURSE_EXCHANGE); this adds
what only a shared server needs.
"""

c = get_config()  # noqa: F821 (injected by traitlets)

# nbgrader's collect files a submission under whatever student name it carries
# and only warns when another user owns it: refuse those instead.
c.ExchangeFactory.collect = "pmcourse.grading.exchange.OwnerCheckedCollect"
