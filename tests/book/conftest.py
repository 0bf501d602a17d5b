"""The course website, built once per test run, and a static server for it.

``book_site`` builds the real book (``book/build.py``, as ``make book`` does)
into a temporary folder. Executed lessons come from the same cache as
``make book`` (``book/_build/.jupyter_cache``, git-ignored), keyed on the
notebooks' code and on the library, so after a ``make book`` or a first run
on an unchanged course the build takes well under a minute; CI executes the
lessons once.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from book_helpers import REPO, book_build


@pytest.fixture(scope="session")
def book_site(tmp_path_factory):
    """The real course website: ``(report, html folder)``."""
    output = tmp_path_factory.mktemp("book")
    report = book_build.build(REPO, output, hub_url="")
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
