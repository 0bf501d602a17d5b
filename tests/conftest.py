"""Test configuration for tests/ (backend and figure closing: ../conftest.py)."""

# conftest.py files hold fixtures, not doctests. Collected as doctest modules
# (--doctest-modules) they would all be imported under the one name "conftest",
# which fails once sibling folders (tests/browser/, tests/hub/) have their own.
collect_ignore_glob = ["conftest.py", "*/conftest.py"]
