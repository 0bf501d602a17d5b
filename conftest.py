"""Configuration for every test, doctests in src/ included.

A headless plotting backend, and every figure closed after each test (docstring
Examples draw figures too).
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
# the learner's progress file: never the real one while testing
os.environ.setdefault(
    "PMCOURSE_PROGRESS_DIR",
    __import__("tempfile").mkdtemp(prefix="pmcourse-progress-"),
)

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test or a doctest opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
