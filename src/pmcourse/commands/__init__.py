"""The ``pmcourse`` subcommands: one module each, gathered in one table.

:data:`COMMANDS` maps each name to its :class:`~pmcourse.commands.base.Command`
(flags and the function that runs it), in the order ``pmcourse --help`` lists
them. :mod:`pmcourse.cli` builds its parser from this table and runs the
command by name. Two commands live with their own packages and keep their own
parsers: ``pmcourse progress`` (:mod:`pmcourse.progress.command`, for
learners) and ``pmcourse capstone`` (:mod:`pmcourse.capstone.report`).

A command module imports what does the work (nbgrader, nbformat, the grading
modules) inside its ``run``, so that building the parser stays fast: ``pmcourse
--help`` and ``pmcourse progress`` do not wait for nbgrader to load.

Examples
--------
>>> list(COMMANDS)[:3]
['release', 'import', 'autograde']
"""

from __future__ import annotations

from pmcourse.commands import (
    autograde,
    due,
    export,
    feedback,
    import_,
    release,
    report,
    review,
    status,
    variant,
)
from pmcourse.commands.base import Command, find_course, resolve_assignment

__all__ = ["COMMANDS", "Command", "find_course", "resolve_assignment"]

#: name -> command, in the order of ``pmcourse --help``
COMMANDS: dict[str, Command] = {
    module.COMMAND.name: module.COMMAND
    for module in (
        release,
        import_,
        autograde,
        status,
        feedback,
        export,
        report,
        variant,
        review,
        due,
    )
}
