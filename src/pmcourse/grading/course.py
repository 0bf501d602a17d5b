"""The course folders, and nbgrader run on them in a controlled environment.

The repository is nbgrader's world: ``grading/nbgrader_config.py`` makes
``grading/`` the course root, with ``solutions/`` as the source folder and
``exercises/`` as the release folder. :class:`Course` names those folders,
:func:`run_nbgrader` runs nbgrader's own command line from the repository
root, and :func:`jupyter_env` gives it an environment that finds the
environment's tools (nbgrader calls ``alembic`` by name) and, for tests, a
throw-away home so nothing touches the user's Jupyter settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Files and folders that make a working copy of the course.
COURSE_FILES = ("nbgrader_config.py", "grading/nbgrader_config.py")
#: nbgrader's working folders and files under grading/ (never copied).
WORKING_ITEMS = (
    "submitted",
    "autograded",
    "feedback",
    "exchange",
    "release",
    "source",
    "log",
    "gradebook.db",
)


class NbgraderError(RuntimeError):
    """An nbgrader command exited with an error; the message holds its log."""


@dataclass(frozen=True)
class Course:
    """The course's folders inside a repository (or a copy of one).

    Parameters
    ----------
    root : Path
        The repository folder holding ``nbgrader_config.py`` and the
        ``grading/``, ``solutions/`` and ``exercises/`` folders.

    Examples
    --------
    >>> course = Course(Path("/srv/pmcourse"))
    >>> course.release_dir("ps03_scheduling").as_posix()
    '/srv/pmcourse/exercises/ps03_scheduling'

    Used in: grading (``make release``, the grading tests, the ``pmcourse`` CLI).
    """

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root).resolve())

    @property
    def grading(self) -> Path:
        """The nbgrader course root, ``grading/``."""
        return self.root / "grading"

    @property
    def solutions(self) -> Path:
        """The source folder of nbgrader, ``solutions/``."""
        return self.root / "solutions"

    @property
    def exercises(self) -> Path:
        """The release folder of nbgrader, ``exercises/``."""
        return self.root / "exercises"

    @property
    def gradebook_url(self) -> str:
        """The SQLite URL of the course gradebook."""
        return f"sqlite:///{self.grading / 'gradebook.db'}"

    def source_dir(self, assignment: str) -> Path:
        """Return the folder of an assignment's source (instructor) version."""
        return self.solutions / assignment

    def release_dir(self, assignment: str) -> Path:
        """Return the folder of an assignment's generated student version."""
        return self.exercises / assignment

    def submitted_dir(self, student: str, assignment: str) -> Path:
        """Return where nbgrader looks for a student's submission."""
        return self.grading / "submitted" / student / assignment

    def autograded_dir(self, student: str, assignment: str) -> Path:
        """Return where nbgrader writes a student's autograded notebooks."""
        return self.grading / "autograded" / student / assignment

    def feedback_dir(self, student: str, assignment: str) -> Path:
        """Return where nbgrader writes a student's feedback."""
        return self.grading / "feedback" / student / assignment

    def assignments(self) -> list[str]:
        """Return the assignments: folders of ``solutions/`` holding a notebook.

        Returns
        -------
        list of str
            Sorted assignment names.

        Examples
        --------
        >>> from pmcourse.setup_lab import find_course_root
        >>> "ps03_scheduling" in Course(find_course_root()).assignments()
        True
        """
        if not self.solutions.is_dir():
            return []
        return sorted(
            folder.name
            for folder in self.solutions.iterdir()
            if folder.is_dir() and any(folder.glob("*.ipynb"))
        )

    def notebooks(self, assignment: str) -> list[str]:
        """Return the notebook names (without ``.ipynb``) of an assignment.

        Raises
        ------
        ValueError
            If the assignment has no source folder.
        """
        folder = self.source_dir(assignment)
        if not folder.is_dir():
            raise ValueError(
                f"assignment: no folder {folder}; known: {self.assignments()}"
            )
        return sorted(path.stem for path in folder.glob("*.ipynb"))


def copy_course(course: Course, dest: Path, *, exercises: bool = True) -> Course:
    """Copy what nbgrader needs of a course into ``dest`` (no working folders).

    Parameters
    ----------
    course : Course
        The course to copy.
    dest : Path
        The new repository folder (created; it must not hold a course yet).
    exercises : bool
        Whether to copy the committed ``exercises/`` too; without it the copy
        has an empty release folder.

    Returns
    -------
    Course
        The copy. Its config computes every path from its own location, so it
        grades inside ``dest`` only.

    Raises
    ------
    ValueError
        If ``dest`` already holds a course.

    Used in: grading tests (a temporary copy of the course).
    """
    dest = Path(dest)
    if (dest / "grading" / "nbgrader_config.py").exists():
        raise ValueError(f"dest: {dest} already holds a course")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    for name in COURSE_FILES:
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(course.root / name, dest / name)
    shutil.copytree(course.solutions, dest / "solutions", ignore=ignore)
    if exercises and course.exercises.is_dir():
        shutil.copytree(course.exercises, dest / "exercises", ignore=ignore)
    else:
        (dest / "exercises").mkdir()
    return Course(dest)


def jupyter_env(
    home: Path | None = None, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return an environment for Jupyter and nbgrader subprocesses.

    The folder of this Python's executables comes first on ``PATH`` (nbgrader
    runs ``alembic`` by name, and a venv need not be activated). With
    ``home``, every per-user Jupyter, IPython and matplotlib folder points
    inside it, so the run neither reads nor writes the user's settings, and
    no student id is inherited (``PMCOURSE_STUDENT_ID``, ``JUPYTERHUB_USER``).

    Parameters
    ----------
    home : Path or None
        A folder to use as the home (created with its subfolders).
    base : mapping or None
        The environment to start from; ``None`` copies ``os.environ``.

    Returns
    -------
    dict of str to str
        The environment.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     env = jupyter_env(Path(tmp), base={"PATH": "/usr/bin"})
    ...     env["JUPYTER_CONFIG_DIR"] == str(Path(tmp) / ".jupyter")
    True

    Used in: grading (``make release``, the grading tests).
    """
    env = dict(os.environ if base is None else base)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bindir, env.get("PATH", "")]).rstrip(os.pathsep)
    if home is not None:
        home = Path(home)
        folders = {
            "HOME": home,
            "JUPYTER_CONFIG_DIR": home / ".jupyter",
            "JUPYTER_DATA_DIR": home / ".local" / "share" / "jupyter",
            "JUPYTER_RUNTIME_DIR": home / ".local" / "share" / "jupyter" / "runtime",
            "IPYTHONDIR": home / ".ipython",
            "MPLCONFIGDIR": home / ".config" / "matplotlib",
        }
        for name, folder in folders.items():
            folder.mkdir(parents=True, exist_ok=True)
            env[name] = str(folder)
        env["MPLBACKEND"] = "Agg"
        # A clean-room run is nobody's: ids come from the grader, not from
        # whoever happens to run it (see pmcourse.variants.student_id).
        env.pop("PMCOURSE_STUDENT_ID", None)
        env.pop("JUPYTERHUB_USER", None)
    return env


def run_nbgrader(
    course: Course,
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = 900,
) -> subprocess.CompletedProcess[str]:
    """Run ``nbgrader ARGS`` from the course's repository root.

    Parameters
    ----------
    course : Course
        The course (its root is the working directory, so nbgrader reads the
        course's ``nbgrader_config.py``).
    args : sequence of str
        nbgrader's subcommand and options, e.g. ``["autograde", "ps03"]``.
    env : mapping or None
        The environment; ``None`` uses :func:`jupyter_env` of the current one.
    timeout : float or None
        Seconds before the command is stopped.

    Returns
    -------
    subprocess.CompletedProcess
        With the combined output in ``stdout``.

    Raises
    ------
    NbgraderError
        If nbgrader exits with an error; the message ends with its log.

    Used in: grading (``make release``, the grading tests).
    """
    cmd = [sys.executable, "-m", "nbgrader", *args]
    result = subprocess.run(
        cmd,
        cwd=course.root,
        env=dict(jupyter_env() if env is None else env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        tail = "\n".join(result.stdout.splitlines()[-60:])
        raise NbgraderError(
            f"nbgrader {' '.join(args)} failed (exit {result.returncode}) "
            f"in {course.root}:\n{tail}"
        )
    return result
