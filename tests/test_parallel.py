"""Work spread over every core (farside.parallel, the reader, the writer) gives what one process gives."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from farside.parallel import MIN_ITEMS_PER_WORKER, WORKERS_VARIABLE, forked_map, worker_count
from support.processes import gone, still_running
from support.site import PROJECT, copy_project

PYTHON = sys.executable
QUOTE = re.compile(r'\[@([a-z0-9-]+) "([^"]+)"')


def cores() -> int:
    count = len(os.sched_getaffinity(0))
    if count < 2:
        pytest.fail(f"this machine gives the tests {count} core: parallel work cannot be shown on fewer than 2")
    return count


def run_alone(code: str) -> str:
    """``code`` in a fresh interpreter: no other thread, as in a build (pytest's workers run threads)."""
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT / "plugins")})
    return proc.stdout


def test_forked_map_uses_every_core_and_keeps_order() -> None:
    cores()
    out = run_alone(
        "import json, logging, os\n"
        "from farside.parallel import forked_map\n"
        "seen = []\n"
        "class Keep(logging.Handler):\n"
        "    def emit(self, record): seen.append(record.getMessage())\n"
        "logging.getLogger().addHandler(Keep())\n"
        "def work(n):\n"
        "    logging.getLogger('farside.test').warning('item %d', n)\n"
        "    return n * n, os.getpid()\n"
        "items = list(range(400))\n"
        "done = forked_map(work, items)\n"
        "for outcome in done:\n"
        "    for name, level, message in outcome.logged:\n"
        "        logging.getLogger(name).log(level, '%s', message)\n"
        "print(json.dumps({'results': [o.result[0] for o in done], 'pids': sorted({o.result[1] for o in done}),"
        " 'me': os.getpid(), 'seen': seen}))\n")
    data = json.loads(out)
    assert data["results"] == [n * n for n in range(400)]
    assert len(data["pids"]) >= 2 and data["me"] not in data["pids"], "the items ran in several worker processes"
    assert data["seen"] == [f"item {n}" for n in range(400)], "warnings come back, in the items' order"


@pytest.mark.parametrize("kind", ["workers", "subprocess"])
def test_children_die_with_a_parent_killed_outright(tmp_path: Path, kind: str) -> None:
    """A build killed with SIGKILL cannot stop its children; the kernel must (they would go on
    writing into a staging folder the next build removes)."""
    cores()
    pids = tmp_path / "pids"
    pids.mkdir()
    if kind == "workers":
        body = ("from farside.parallel import forked_map\n"
                "def work(n):\n"
                f"    (pathlib.Path({str(pids)!r}) / str(os.getpid())).touch()\n"
                "    time.sleep(120)\n"
                "forked_map(work, list(range(400)))\n")
    else:
        body = ("import subprocess\n"
                "from farside.parallel import child_of_this_process\n"
                "child = subprocess.Popen(['sleep', '120'], preexec_fn=child_of_this_process())\n"
                f"(pathlib.Path({str(pids)!r}) / str(child.pid)).touch()\n"
                "time.sleep(120)\n")
    parent = subprocess.Popen([PYTHON, "-c", "import os, pathlib, time\n" + body],
                              env={**os.environ, "PYTHONPATH": str(PROJECT / "plugins")})
    try:
        deadline = time.monotonic() + 60
        while len(list(pids.iterdir())) < (2 if kind == "workers" else 1):
            assert time.monotonic() < deadline and parent.poll() is None, "the children did not start"
            time.sleep(0.05)
        children = [int(p.name) for p in pids.iterdir()]
        assert all(not gone(pid) for pid in children)
    finally:
        parent.kill()
        parent.wait()
    left = still_running(children)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"{kind}: children outlived the killed parent"


def test_one_process_when_forking_does_not_pay_or_is_not_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    assert worker_count(MIN_ITEMS_PER_WORKER) == 1, "too few items for two workers"
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    assert worker_count(100 * MIN_ITEMS_PER_WORKER) == 1
    monkeypatch.delenv(WORKERS_VARIABLE)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert worker_count(100 * MIN_ITEMS_PER_WORKER) == 1, "never fork beside another thread"
        assert [o.result for o in forked_map(lambda n: n + 1, list(range(200)))] == list(range(1, 201))
    finally:
        stop.set()
        thread.join()


def many_pages(project: Path, count: int) -> None:
    """``count`` copies of a real page, each its own page (enough for every core to get some)."""
    original = (project / "content" / "pages" / "far-side.md").read_text(encoding="utf-8")
    for n in range(count):
        text = re.sub(r"(?m)^slug: .*$", f"slug: far-side-copy-{n}", original, count=1)
        text = re.sub(r"(?m)^title: (.*)$", rf"title: \1 (copy {n})", text, count=1)
        text = re.sub(r"(?m)^nav_(order|title): .*\n", "", text)
        (project / "content" / "pages" / f"far-side-copy-{n}.md").write_text(text, encoding="utf-8")


def build(project: Path, output: Path, workers: str | None) -> subprocess.CompletedProcess[str]:
    """A build in its own process; its messages name the output folder as OUTPUT.

    Pelican reads pages in the order of a set of names, which Python's hash seed decides; both
    builds get the same seed, so that the order of their messages can be compared.
    """
    shutil.rmtree(project / ".farside-cache", ignore_errors=True)  # every page read, in both builds
    env = {key: value for key, value in os.environ.items() if key != WORKERS_VARIABLE}
    env["PYTHONHASHSEED"] = "15"
    if workers is not None:
        env[WORKERS_VARIABLE] = workers
    proc = subprocess.run([PYTHON, str(project / "tools" / "build.py"), "--output", str(output), "--strict"],
                          cwd=project, env=env, capture_output=True, text=True)
    proc.stderr = proc.stderr.replace(str(output), "OUTPUT")
    return proc


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def four_sources_in_one_sentence(project: Path) -> str:
    """A page whose one sentence cites four sources (a warning, which fails a strict build),
    with quotes the site's own pages already use; returns the warning's words."""
    quotes: dict[str, str] = {}
    for page in sorted((project / "content" / "pages").glob("*.md")):
        for source, quote in QUOTE.findall(page.read_text(encoding="utf-8")):
            quotes.setdefault(source, quote)
    assert len(quotes) >= 4, "the site's pages cite fewer than four sources"
    marks = "; ".join(f'@{source} "{quote}"' for source, quote in list(quotes.items())[:4])
    (project / "content" / "pages" / "warned.md").write_text(
        "---\ntitle: Warned\nslug: warned\ndescription: A page with a warning.\n---\n\n"
        f"Several reports describe these missions [{marks}].\n", encoding="utf-8")
    return "cites 4 sources; keep the strongest"


def test_a_build_on_every_core_is_byte_identical_to_one_process(tmp_path: Path) -> None:
    cores()
    project = copy_project(tmp_path / "project")
    many_pages(project, 3 * MIN_ITEMS_PER_WORKER)
    one, every = build(project, tmp_path / "one", "1"), build(project, tmp_path / "every", None)
    assert one.returncode == 0, one.stderr[-2000:]
    assert every.returncode == 0, every.stderr[-2000:]
    assert every.stderr == one.stderr
    first, second = tree(tmp_path / "one"), tree(tmp_path / "every")
    assert len(first) > 3 * MIN_ITEMS_PER_WORKER
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_errors_read_in_workers_are_reported_as_in_one_process(tmp_path: Path) -> None:
    cores()
    project = copy_project(tmp_path / "project")
    many_pages(project, 3 * MIN_ITEMS_PER_WORKER)
    for n in (3, 77):  # mistakes on two pages, read by different workers
        page = project / "content" / "pages" / f"far-side-copy-{n}.md"
        page.write_text(page.read_text(encoding="utf-8").replace("[@", "[@no-such-source-", 1), encoding="utf-8")
    warning = four_sources_in_one_sentence(project)
    one, every = build(project, tmp_path / "one", "1"), build(project, tmp_path / "every", None)
    assert one.returncode == every.returncode == 1
    assert "far-side-copy-3.md" in one.stderr and "far-side-copy-77.md" in one.stderr
    assert warning in one.stderr, "a page's warning is shown by a one-process build too"
    assert every.stderr == one.stderr
    assert not (tmp_path / "every").exists()


def test_a_template_error_in_a_worker_names_the_template_line(tmp_path: Path) -> None:
    cores()
    project = copy_project(tmp_path / "project")
    many_pages(project, 3 * MIN_ITEMS_PER_WORKER)
    template = project / "theme" / "templates" / "page.html"
    text = template.read_text(encoding="utf-8").replace(
        "{% block content %}",
        "{% block content %}{% if page.slug == 'far-side-copy-90' %}{% include 'no-such-part.html' %}{% endif %}", 1)
    template.write_text(text, encoding="utf-8")
    one, every = build(project, tmp_path / "one", "1"), build(project, tmp_path / "every", None)
    assert one.returncode == every.returncode == 1
    assert "theme/templates/page.html:" in one.stderr and "no-such-part.html" in one.stderr, one.stderr
    assert every.stderr == one.stderr
