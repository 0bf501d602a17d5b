"""Shared test configuration: a headless plotting backend and closed figures."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")

# conftest.py files hold fixtures, not doctests. Collected as doctest modules
# (--doctest-modules) they would all be imported under the one name "conftest",
# which fails once sibling folders (tests/browser/, tests/hub/) have their own.
collect_ignore_glob = ["conftest.py", "*/conftest.py"]


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
