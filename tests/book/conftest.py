"""The course website, built once per test run, and a static server for it.

``book_site`` builds the real book (``book/build.py``, as ``make book`` does)
into a temporary folder. Executed lessons are cached in pytest's own cache
folder (``.pytest_cache/d/book-jupyter-cache``), keyed on the notebooks' code
and the library, so a second run on an unchanged course takes well under a
minute; CI builds from scratch once.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from book_helpers import REPO, book_build


@pytest.fixture(scope="session")
def book_site(tmp_path_factory, request):
    """The real course website: ``(report, html folder)``."""
    output = tmp_path_factory.mktemp("book")
    cache = Path(request.config.cache.mkdir("book-jupyter-cache"))
    report = book_build.build(REPO, output, cache=cache, hub_url="")
    print(f"\n{report}")
    return report


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="session")
def site_url(book_site) -> Iterator[str]:
    """The website served as a static host would, on 127.0.0.1."""
    handler = functools.partial(_Quiet, directory=str(book_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
