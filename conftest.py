"""Configuration for every test, doctests in src/ included.

A headless plotting backend, and every figure closed after each test (docstring
Examples draw figures too).
"""

import os
import re
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
# One scratch folder per test process, removed when the run ends: the
# learner's progress file while testing (never the real one) and the notebook
# kernels' private IPython and matplotlib folders.
SCRATCH = Path(tempfile.mkdtemp(prefix="pmcourse-test-"))
os.environ.setdefault("PMCOURSE_PROGRESS_DIR", str(SCRATCH / "progress"))

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test or a doctest opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


# ---- lessons validated by nbval (``--nbval-lax`` in pyproject's addopts) ----
# Every cell of notebooks/ runs as a test; the cells tagged
# ``nbval-check-output`` (a teaching claim: a finish day, an EAC) must also
# print what the notebook stores. The kernel runs this environment's Python
# (``--nbval-current-env``) with JupyterLab's inline backend and private
# IPython/matplotlib folders; a chart cell must show its chart.
CLAIM_TAG = "nbval-check-output"
CHART_CELL = re.compile(r"^(gantt|network_diagram)\(", re.M)


def _is_nbval(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def pytest_unconfigure(config):
    """Remove this process's scratch folder."""
    shutil.rmtree(SCRATCH, ignore_errors=True)


# ---- test processes (pytest-xdist, ``-n auto --dist loadscope`` in ``make test``) ----
# Tests are handed out by group: a test module is one group, so its
# module-scoped fixtures (a graded class, a JupyterLab server) are built once;
# the book's modules share one group because they share one site build, and
# so do the JupyterHub tests (one hub, its OS users). (xdist's own
# ``--dist loadgroup`` marks do not group under pytest 9, so the groups are
# given to xdist's scope scheduler here.)
SHARED_GROUPS = {"book": "tests/book/", "hub": "tests/hub/"}
# Modules whose module-scoped fixture grades a whole class per assignment
# (params=assignments): each assignment is a group of its own, so the two
# processes share the grading instead of one process doing it all.
PER_ASSIGNMENT = (
    "tests/grading/test_end_to_end.py",
    "tests/variants/test_answer_specs.py",
    "tests/variants/test_answer_specs_graded.py",
    "tests/variants/test_variants_graded.py",
)
ASSIGNMENT_ID = re.compile(r"\bps\d\d_[a-z_]+?(?=[\]\-]|$)")


def xdist_group(nodeid: str) -> str:
    """Return the group a test runs in when the suite runs in several processes.

    Examples
    --------
    >>> xdist_group("tests/book/test_site.py::test_search")
    'book'
    >>> xdist_group("tests/evm/test_indices.py::test_cpi[1]")
    'tests/evm/test_indices.py'
    >>> xdist_group("tests/grading/test_end_to_end.py::test_scores[ps03_scheduling]")
    'tests/grading/test_end_to_end.py@ps03_scheduling'
    """
    path = nodeid.split("::", 1)[0]
    for group, prefix in SHARED_GROUPS.items():
        if path.startswith(prefix):
            return group
    if path in PER_ASSIGNMENT:
        found = ASSIGNMENT_ID.search(nodeid.split("::", 1)[-1])
        if found:
            return f"{path}@{found.group(0)}"
    return path


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pytest-xdist absent: one process, nothing to schedule
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:

    class CourseScheduling(LoadScopeScheduling):
        """xdist's scope scheduler with the course's groups as its scopes."""

        def _split_scope(self, nodeid: str) -> str:
            return xdist_group(nodeid)

    def pytest_xdist_make_scheduler(config, log):
        """Schedule by the course's groups (see :func:`xdist_group`)."""
        if config.getvalue("dist") in ("loadscope", "loadgroup"):
            return CourseScheduling(config, log)
        return None


def pytest_collection_modifyitems(config, items):
    """Mark every notebook cell test ``slow`` (``make test-fast`` leaves them).

    nbval compares only cells that were run when stored (with an execution
    count); the notebooks are stored with counts stripped (nbstripout keeps
    the claim cells' outputs, ``keep_output``, but not their counts), so a
    claim cell is given its count here.
    """
    for item in items:
        if _is_nbval(item):
            item.add_marker(pytest.mark.slow)
            cell = item.cell
            tags = cell.get("metadata", {}).get("tags", [])
            if CLAIM_TAG in tags and cell.outputs and cell.execution_count is None:
                cell.execution_count = 1


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Start a notebook's kernel with the inline backend and private folders."""
    if not _is_nbval(item):
        return (yield)
    folder = Path(tempfile.mkdtemp(prefix="nbval-", dir=SCRATCH))
    env = {
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
        "IPYTHONDIR": str(folder / "ipython"),
        "MPLCONFIGDIR": str(folder / "matplotlib"),
        # the learner's progress file, never the real one
        "PMCOURSE_PROGRESS_DIR": str(folder / "progress"),
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        return (yield)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a chart cell that showed no figure (a lost inline figure is silent)."""
    result = yield
    if _is_nbval(item) and CHART_CELL.search(item.cell.source):
        outputs = item.test_outputs or []
        shown = any("image/png" in out.get("data", {}) for out in outputs)
        assert shown, f"{item.name}: this chart cell showed no figure"
    if _is_nbval(item):
        # every figure a lesson shows carries its text alternative (alt text)
        from pmcourse.plots.alt import undescribed_images

        images, bare = undescribed_images(item.test_outputs or [])
        assert not bare, f"{item.name}: {bare} of {images} figures have no alt text"
    return result
