"""Shared fixtures: the site is built once per session (at the root and under a subpath)
and every whole-site test reads the same output."""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.site import PROJECT, SUBPATH_BASE, BuildResult, run_build

ARTIFACTS = PROJECT / "test-artifacts"
# Fixtures that build the site (in process) or read such a build: a test using one is a `site` test.
SITE_FIXTURES = {"built_site", "built_site_subpath", "served_site", "missions_site", "missions_served", "pages_site"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test `browser`, `site` or `unit` from what it uses (registered in pytest.ini)."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        module = getattr(item, "module", None)
        builds_itself = any(hasattr(module, name) for name in ("run_build", "copy_project", "build"))
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        elif fixtures & SITE_FIXTURES or builds_itself or item.get_closest_marker("site"):
            item.add_marker(pytest.mark.site)
        else:
            item.add_marker(pytest.mark.unit)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, built by the real build command with relative URLs."""
    result = run_build(tmp_path_factory.mktemp("site") / "output")
    assert result.returncode == 0, f"build failed:\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def built_site_subpath(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The published build (publishconf.py) for a GitHub Pages project path."""
    result = run_build(tmp_path_factory.mktemp("site-subpath") / "output", "publishconf.py",
                       env={"SITEURL": SUBPATH_BASE})
    assert result.returncode == 0, f"publish build failed:\n{result.stderr}"
    return result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def served_site(built_site: BuildResult) -> Iterator[str]:
    """The built site over real HTTP on 127.0.0.1, as `make serve` would show it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site.output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright. Missing Chromium is a failure, never a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing; run `make test` (it installs Debian's chromium) "
                    "or `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots and reports for a human to look at; git ignores this folder."""
    folder = ARTIFACTS
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder
