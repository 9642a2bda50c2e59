"""`make serve` for real: tools/serve.py on a free port in a copy of the project.

An edit anywhere the build reads is served after a rebuild; a mistake prints the build's
``path:line`` line and the last good site stays served; a taken port is one line and exit 1.
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from support.site import copy_project

WAIT = 180  # seconds; builds share two cores with the rest of the suite


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


class Server:
    def __init__(self, project: Path, port: int) -> None:
        self.project, self.port = project, port
        self.log = project / "serve.log"
        self.handle = self.log.open("w")
        self.proc = subprocess.Popen([sys.executable, str(project / "tools" / "serve.py"), "--port", str(port),
                                      "--output", str(project / "output")], cwd=project, stdout=self.handle,
                                     stderr=subprocess.STDOUT, env={**os.environ, "FARSIDE_DEBUG": ""})

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=60)
        self.handle.close()
        return code


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    project = copy_project(tmp_path_factory.mktemp("serve") / "project")
    running = Server(project, free_port())
    wait_for(lambda: "watching for changes" in running.text() or running.proc.poll() is not None, "the first build")
    assert running.proc.poll() is None, running.text()
    yield running
    assert running.stop() == 0, running.text()
    assert "Traceback" not in running.text(), running.text()


def title_of(server: Server, path: str) -> str:
    found = re.search(r"<title>([^<]*)</title>", fetch(server.url(path)))
    return found.group(1) if found else ""


def test_first_build_is_served_with_its_search_index(server: Server) -> None:
    assert title_of(server, "about/")
    assert fetch(server.url("pagefind/pagefind.js")), "the search index is built and served"


@pytest.mark.parametrize("folder", ["content", "data", "theme"])
def test_an_edit_anywhere_the_build_reads_is_served(server: Server, folder: str) -> None:
    marker = f"zz-edit-in-{folder}-{time.monotonic_ns()}"
    page = server.project / "content" / "pages" / "zz-serve.md"
    if folder == "content":
        page.write_text(f"---\ntitle: {marker}\nslug: zz-serve\nuncited_ok: true\n---\n\nText.\n", encoding="utf-8")
        wait_for(lambda: marker in title_of(server, "zz-serve/"), "the edited page")
    elif folder == "theme":
        template = server.project / "theme" / "templates" / "base.html"
        text = template.read_text(encoding="utf-8")
        template.write_text(text.replace("</body>", f"<!-- {marker} --></body>", 1), encoding="utf-8")
        wait_for(lambda: marker in fetch(server.url("about/")), "the edited template")
    else:
        notes = server.project / "data" / "notes.yaml"
        text = notes.read_text(encoding="utf-8")
        notes.write_text(text + f"\n# {marker}\n", encoding="utf-8")
        before = server.text().count("rebuilt;")
        wait_for(lambda: server.text().count("rebuilt;") > before, "a rebuild after a data edit")


def test_a_mistake_keeps_the_last_good_site_and_waits(server: Server) -> None:
    good = title_of(server, "about/")
    broken = server.project / "content" / "pages" / "zz-broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    wait_for(lambda: "waiting for the next change" in server.text(), "the failed rebuild")
    assert "\ncontent/pages/zz-broken.md:2: " in server.text(), "the mistake is named by file and line"
    assert title_of(server, "about/") == good, "the last good site is still served"
    assert fetch(server.url("pagefind/pagefind.js")), "with its search index"
    rebuilds = server.text().count("rebuilding")
    time.sleep(3)
    assert server.text().count("rebuilding") == rebuilds, "no rebuild without a change (no busy loop)"
    broken.unlink()
    wait_for(lambda: server.text().rstrip().endswith(f"serving http://127.0.0.1:{server.port}/"), "the fixed build")


def test_a_taken_port_is_one_line_and_exit_1(server: Server) -> None:
    proc = subprocess.run([sys.executable, str(server.project / "tools" / "serve.py"), "--port", str(server.port),
                           "--output", str(server.project / "output-other")], check=False, cwd=server.project,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [(f"127.0.0.1:{server.port}: port already in use (another `make serve`?); "
                                        f"stop it or run make serve PORT={server.port + 1}")]
    assert not (server.project / "output-other").exists(), "nothing is built when the port is taken"


def test_the_makefile_serves_with_tools_serve() -> None:
    from support.site import PROJECT

    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "tools/serve.py" in recipe and "--autoreload" not in recipe


def test_an_edit_to_the_plugin_code_is_built_with_the_new_code(server: Server) -> None:
    """Rebuilds fork from a warm builder that imported the plugin; editing the plugin starts a new one."""
    marker = f"zz-plugin-edit-{time.monotonic_ns()}"
    module = server.project / "plugins" / "farside" / "toc.py"
    original = module.read_text(encoding="utf-8")
    module.write_text(original + f"\nimport sys as _sys\nprint('{marker}', file=_sys.stderr)\n", encoding="utf-8")
    try:
        wait_for(lambda: marker in server.text(), "a build with the edited plugin")
    finally:
        before = server.text().count("rebuilt;")
        module.write_text(original, encoding="utf-8")
        wait_for(lambda: server.text().count("rebuilt;") > before, "a rebuild with the plugin as it was")
