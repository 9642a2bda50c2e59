"""One build of the real site for the mission tests, shared, and served over HTTP for Chromium."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest

from support.site import BuildResult


@pytest.fixture(scope="session")
def missions_site(built_site: BuildResult) -> BuildResult:
    """The session's one build of the real site (tests/conftest.py)."""
    return built_site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def missions_served(missions_site: BuildResult) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(missions_site.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
