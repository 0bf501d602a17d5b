"""Test configuration for tests/ (backend and figure closing: ../conftest.py)."""

# conftest.py files hold fixtures, not doctests. Collected as doctest modules
# (--doctest-modules) they would all be imported under the one name "conftest",
# which fails once sibling folders (tests/browser/, tests/hub/) have their own.
collect_ignore_glob = ["conftest.py", "*/conftest.py"]

import pytest  # noqa: E402

from pmcourse import doctor  # noqa: E402


def pytest_collection_modifyitems(config, items):
    """Skip the tests marked ``sandbox`` where the grader's sandbox cannot run.

    Their point is the confinement itself (escape, memory limit, network,
    writes); every other grading test runs with ``--no-sandbox`` on its own
    trusted fixtures there. The reason names bubblewrap and how to install it.
    """
    marked = [item for item in items if item.get_closest_marker("sandbox")]
    if not marked:
        return
    reason = doctor.missing("sandbox")
    if reason:
        for item in marked:
            item.add_marker(pytest.mark.skip(reason=f"confinement test: {reason}"))
