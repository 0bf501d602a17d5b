"""The course's Jupyter server extension: nbgrader's Validate, then a record.

Enabled in the environment by ``python -m pmcourse.setup_lab``. It serves
nbgrader's Validate address (``/assignments/validate``) with nbgrader's own
handler, and once nbgrader has answered it records the run in the student's
progress file (:func:`pmcourse.progress.record_validate`). What the student
sees is nbgrader's answer, unchanged.

Used in: every exercise (Validate).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pmcourse.progress.validation import record_validate

__all__ = ["VALIDATE_PATH", "recording_handler"]

#: nbgrader's Validate address, under the server's base URL.
VALIDATE_PATH = "assignments/validate"


def recording_handler() -> type:
    """Return nbgrader's Validate handler, extended to record each run.

    Returns
    -------
    type
        A subclass of nbgrader's ``ValidateAssignmentHandler``.

    Examples
    --------
    >>> recording_handler().__mro__[1].__name__
    'ValidateAssignmentHandler'

    Used in: every exercise (Validate).
    """
    from nbgrader.server_extensions.validate_assignment.handlers import (
        ValidateAssignmentHandler,
    )

    class RecordingValidateHandler(ValidateAssignmentHandler):  # type: ignore[misc]
        """nbgrader's Validate; the result is also recorded for the student."""

        def validate_notebook(self, path: str) -> Any:
            output = super().validate_notebook(path)
            value = output.get("value") if isinstance(output, dict) else None
            if output.get("success") and isinstance(value, dict):
                record_validate(Path(self.root_dir) / path, value)
            return output

    return RecordingValidateHandler


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "pmcourse.progress.server"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Serve Validate with the recording handler, ahead of nbgrader's own."""
    from jupyter_server.utils import url_path_join

    web_app = serverapp.web_app
    web_app.settings.setdefault("root_dir", serverapp.root_dir)
    pattern = url_path_join(web_app.settings.get("base_url", "/"), VALIDATE_PATH)
    web_app.add_handlers(".*$", [(pattern, recording_handler())])
    # tornado tries host rules in order and the first path that matches wins;
    # extensions load alphabetically, so nbgrader's rule came first: ours goes
    # to the front
    rules = web_app.default_router.rules
    rules.insert(0, rules.pop(len(rules) - 2))
    serverapp.log.info("pmcourse: Validate results are recorded in progress files")
