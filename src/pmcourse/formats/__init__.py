"""Read real project files into course tables, and write plans back.

- :func:`read_mspdi` / :func:`write_mspdi`: Microsoft Project XML (MSPDI),
  also read and written by ProjectLibre.
- :func:`read_jira_csv`: a Jira CSV export or a plain table of created and
  finished dates -> cycle time, throughput per week, WIP over time.
- :func:`read_psplib`, :func:`read_psplib_optimum`, :func:`iter_psplib_archive`:
  the PSPLIB benchmark of resource-constrained scheduling.

Every reader returns a small result object with its tables, a ``skipped``
DataFrame (columns ``where, item, reason``: what in the file was not used and
why) and a ``warnings`` tuple; malformed input raises ``ValueError`` naming
the file and the element or line.

Used in: lesson 03, scheduling; lesson 06, agile flow.
"""

from pmcourse.formats._mspdi_writer import write_mspdi
from pmcourse.formats.jira import JiraFlow, read_jira_csv
from pmcourse.formats.mspdi import MspdiProject, read_mspdi
from pmcourse.formats.psplib import (
    PsplibInstance,
    iter_psplib_archive,
    read_psplib,
    read_psplib_optimum,
)

__all__ = [
    "JiraFlow",
    "MspdiProject",
    "PsplibInstance",
    "iter_psplib_archive",
    "read_jira_csv",
    "read_mspdi",
    "read_psplib",
    "read_psplib_optimum",
    "write_mspdi",
]
