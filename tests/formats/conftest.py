"""Fixtures for the file-format tests: the public reference data beside the repo."""

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"


@pytest.fixture
def shared_data():
    """Return a function giving a reference-data folder, or skipping the test."""

    def folder(name: str) -> Path:
        path = SHARED_DATA / name
        if not path.is_dir():
            pytest.skip(f"reference data {name}/ not found at {SHARED_DATA.resolve()}")
        return path

    return folder
