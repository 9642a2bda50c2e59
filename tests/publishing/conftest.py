"""The published build served the way GitHub Pages serves a project site: under a subpath,
with 404.html for any missing address, over real HTTP on 127.0.0.1."""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from support.site import BuildResult, run_build

PROJECT_PATH = "/farside-explainer"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Maps PROJECT_PATH/ to the output folder; anything else, or a missing file, gets
    404.html with status 404, as GitHub Pages does. Extra headers (e.g. a CSP) are optional."""

    extra_headers: dict[str, str] = {}

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean == PROJECT_PATH:
            clean = PROJECT_PATH + "/"
        if not clean.startswith(PROJECT_PATH + "/"):
            return str(Path(self.directory) / "\0outside")  # never a file
        return super().translate_path(clean[len(PROJECT_PATH):])

    def send_head(self):  # type: ignore[override]
        target = Path(self.translate_path(self.path))
        if target.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # the 301 to the slash-ended address
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io
            return io.BytesIO(body)
        return super().send_head()

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


@dataclass
class ServedSite:
    base: str  # e.g. http://127.0.0.1:PORT/farside-explainer (no trailing slash), = SITEURL
    build: BuildResult
    server: http.server.ThreadingHTTPServer


def serve(directory: Path, handler_class: type = PagesHandler, headers: dict[str, str] | None = None
          ) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (handler_class,), {"extra_headers": dict(headers or {})})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def pages_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """publishconf.py build with SITEURL = the address it is served from (port chosen first)."""
    output = tmp_path_factory.mktemp("pages-site") / "output"
    output.mkdir()
    server = serve(output)
    base = f"http://127.0.0.1:{server.server_address[1]}{PROJECT_PATH}"
    result = run_build(output, "publishconf.py", env={"SITEURL": base})
    if result.returncode != 0:
        server.shutdown()
        pytest.fail(f"publish build for {base} failed:\n{result.stderr}")
    yield ServedSite(base, result, server)
    server.shutdown()
    server.server_close()
