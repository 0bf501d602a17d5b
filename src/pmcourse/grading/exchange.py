"""nbgrader's exchange, made to refuse a submission handed in under another name.

On a shared server (JupyterHub), ``nbgrader submit --student=ben`` run by the
user ``ana`` puts a file named ``ben+ps03+...`` in the exchange's inbound
folder. nbgrader's own collect only warns that the file is owned by someone
else ("cheating attempt?") and then files it as ben's submission, replacing
ben's real one if it is newer. :class:`OwnerCheckedCollect` collects a
submission only when the operating-system user who owns it is the student it
names, and logs every refused one as an error; the student's own latest
submission is collected instead.

Enable it in an nbgrader config read by the instructor (the JupyterHub
deployment in ``deploy/jupyterhub/`` does)::

    c.ExchangeFactory.collect = "pmcourse.grading.exchange.OwnerCheckedCollect"

Used in: grading on JupyterHub (``deploy/jupyterhub/``).
"""

from __future__ import annotations

import os
import pwd
from typing import Any

from nbgrader.exchange.default.collect import ExchangeCollect

__all__ = ["OwnerCheckedCollect", "owner_of"]


def owner_of(path: str | os.PathLike[str]) -> str:
    """Return the name of the operating-system user who owns a file.

    Parameters
    ----------
    path : path-like
        The file or folder.

    Returns
    -------
    str
        The owner's user name, or ``"uid <n>"`` for an id with no user.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as handle:
    ...     owner_of(handle.name) == pwd.getpwuid(os.getuid()).pw_name
    True

    Used in: grading on JupyterHub.
    """
    uid = os.stat(path).st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


class OwnerCheckedCollect(ExchangeCollect):
    """Collect only submissions owned by the student they are filed under.

    Records whose owner differs from the student id in their name are put
    behind the genuine ones when nbgrader picks each student's latest
    submission, and are never copied: the instructor's log names each one as
    an error with its real owner.

    Used in: grading on JupyterHub (``deploy/jupyterhub/``).
    """

    #: set by nbgrader's ``init_src``: the submissions to collect
    src_records: list[dict[str, Any]]
    #: the submissions refused because their owner is another user
    refused_records: list[dict[str, Any]]

    def _path_to_record(self, path: str) -> dict[str, Any]:
        record = super()._path_to_record(path)
        record["owner"] = owner_of(path)
        return record

    @staticmethod
    def _genuine(record: dict[str, Any]) -> bool:
        return record.get("owner", record["username"]) == record["username"]

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        ordered = super()._sort_by_timestamp(records)
        return [r for r in ordered if self._genuine(r)] + [
            r for r in ordered if not self._genuine(r)
        ]

    def init_src(self) -> None:
        """Find the submissions to collect, keeping only genuine ones."""
        super().init_src()
        inbound = getattr(self, "inbound_path", "")
        pattern = f"+{self.coursedir.assignment_id}+"
        forged = []
        if inbound and os.path.isdir(inbound):
            for name in sorted(os.listdir(inbound)):
                if pattern not in name:
                    continue
                record = self._path_to_record(os.path.join(inbound, name))
                if not self._genuine(record):
                    forged.append(record)
        for record in forged:
            self.log.error(
                "Refused %s: filed as student %r but owned by the user %r",
                record["filename"],
                record["username"],
                record["owner"],
            )
        self.src_records = [r for r in self.src_records if self._genuine(r)]
        self.refused_records = forged
