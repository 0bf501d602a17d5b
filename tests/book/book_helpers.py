"""What the website's tests share: the repository's paths and book/build.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BOOK = REPO / "book"


def _load_build():
    """Import book/build.py (a script, not part of the package) as a module."""
    name = "pmcourse_book_build"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BOOK / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


#: book/build.py as a module.
book_build = _load_build()
