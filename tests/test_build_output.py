"""The output folder: only one the build owns, replaced crash-safely, never left half-written.

Kills happen for real (SIGKILL): in a forked child stopped between every two steps of the swap,
and on the whole build at random moments.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from support.processes import descendants, still_running
from support.site import PROJECT, copy_project, load_build_tool

build_tool = load_build_tool("farside_build_output_tool")
MARKER = build_tool.OUTPUT_MARKER


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site(folder: Path, label: str, files: int = 40) -> dict[str, bytes]:
    """A fake site: the marker and enough files that deleting it takes a moment."""
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(build_tool.MARKER_TEXT)
    for number in range(files):
        page = folder / f"page-{number}" / "index.html"
        page.parent.mkdir()
        page.write_text(f"<!doctype html><title>{label} {number}</title>\n")
    return snapshot(folder)


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((".build-", ".old-")))


# --- the output folder must be the build's own ------------------------------------------------

@pytest.mark.parametrize("given", ["data", "content", "theme", "plugins", ".", "..", "/", "data/sub", "content/pages",
                                   "pelicanconf.py"])
def test_folders_the_build_does_not_own_are_refused(given: str) -> None:
    with pytest.raises(build_tool.Refused) as refusal:
        build_tool.check_output(Path(os.path.normpath(PROJECT / given)), PROJECT, shown=given)
    line = str(refusal.value)
    assert line.startswith(f"{given}: ") and "\n" not in line and "choose" in line


def test_folders_the_build_owns_are_accepted(tmp_path: Path) -> None:
    build_tool.check_output(tmp_path / "new", PROJECT)  # does not exist yet
    (tmp_path / "empty").mkdir()
    build_tool.check_output(tmp_path / "empty", PROJECT)
    site(tmp_path / "previous", "old", files=1)
    build_tool.check_output(tmp_path / "previous", PROJECT)
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(build_tool.Refused, match="did not make"):
        build_tool.check_output(tmp_path / "photos", PROJECT)


# --- the swap, killed between every two steps ------------------------------------------------------

def _run_killed(action: Callable[[], None]) -> int:
    """Run ``action`` in a forked child; return the signal that ended it (0 if it finished)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            action()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0


def _kill_at(step: str) -> Callable[[str], None]:
    def checkpoint(reached: str) -> None:
        if reached == step:
            os.kill(os.getpid(), signal.SIGKILL)
    return checkpoint


def _dead_pid() -> int:
    """The id of a process that has ended: a killed builder's staging folder carries one."""
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


SWAP_STEPS = ["start", "before-exchange", "exchanged", "old-moved-aside", "renamed", None]


@pytest.mark.parametrize("fallback", [False, True], ids=["renameat2", "two-renames"])
@pytest.mark.parametrize("step", SWAP_STEPS, ids=[str(s) for s in SWAP_STEPS])
def test_a_kill_during_the_swap_leaves_the_old_or_the_new_site(tmp_path: Path, step: str | None,
                                                              fallback: bool) -> None:
    output, staging = tmp_path / "output", tmp_path / f".build-output-{_dead_pid()}-abcd"
    old, new = site(output, "old"), site(staging, "new")

    def swap() -> None:
        if fallback:
            build_tool.exchange = lambda first, second: False
        build_tool.swap_into_place(staging, output, checkpoint=_kill_at(step) if step else build_tool._no_checkpoint)
        build_tool.shutil.rmtree(staging, ignore_errors=True)  # what build() does after the swap

    reachable = {"start", "before-exchange", "old-moved-aside", "renamed"} if fallback else \
        {"start", "before-exchange", "exchanged"}
    assert _run_killed(swap) == (signal.SIGKILL if step in reachable else 0)
    if not fallback:  # the guarantee: at every instant, one whole site is at the output path
        assert snapshot(output) in (old, new), f"killed at {step}: output is neither site"
    build_tool.clean_stale(output)  # the next build starts by cleaning up
    assert snapshot(output) in (old, new), f"killed at {step}: the next build did not recover a whole site"
    assert leftovers(tmp_path) == []
    if step is None:
        assert snapshot(output) == new


def test_renameat2_exchange_is_used_on_linux(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.fail("this project builds on Linux (Debian); renameat2 is the crash-safe swap")
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "x").write_text("a")
    (second / "x").write_text("b")
    assert build_tool.exchange(first, second) is True
    assert (first / "x").read_text() == "b" and (second / "x").read_text() == "a"


def test_stale_folders_of_a_live_build_are_left_alone(tmp_path: Path) -> None:
    output = tmp_path / "output"
    site(output, "current", files=1)
    live = tmp_path / f".build-output-{os.getppid()}-beef"  # the test runner's parent: alive
    site(live, "in progress", files=1)
    dead = tmp_path / ".build-output-999999999-dead"
    site(dead, "killed", files=1)
    foreign = tmp_path / ".build-output-999999999-notours"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not the build's")
    build_tool.clean_stale(output)
    assert live.is_dir() and not dead.exists() and (foreign / "keep.txt").is_file()


# --- the real build, killed at random moments and interrupted ------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("kill") / "project")


def _start(project: Path, output: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(project / "tools" / "build.py"), "--output", str(output)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "FARSIDE_DEBUG": ""})


def test_the_build_killed_at_random_moments_never_loses_the_site(project: Path) -> None:
    output = project / "output"
    started = time.monotonic()
    first = _start(project, output)
    assert first.wait(timeout=300) == 0, first.communicate()[1]
    duration = time.monotonic() - started
    names = set(snapshot(output))
    rng = random.Random(11)
    for attempt in range(5):
        before = snapshot(output)
        proc = _start(project, output)
        time.sleep(rng.uniform(0.05, duration * 1.2))
        children = descendants(proc.pid)  # Pagefind, workers: they must die with the build
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        proc.communicate()
        left = still_running(children)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert left == [], f"kill {attempt}: the build's children outlived it"
        now = snapshot(output)
        assert now == before or (set(now) == names and MARKER in now), f"kill {attempt}: a partial site"
    final = _start(project, output)
    assert final.wait(timeout=300) == 0, final.communicate()[1]
    assert set(snapshot(output)) == names
    assert leftovers(project) == [], "the next build removes what killed builds left"


def test_the_build_killed_while_indexing_takes_pagefind_with_it(project: Path, tmp_path: Path) -> None:
    """Pagefind left running would write into the staging folder the next build removes.

    A stand-in for Pagefind that never finishes (first on the path as ``pagefind_bin``) makes
    the moment certain: the build is killed while its indexer runs, and the indexer must go too.
    """
    indexer = tmp_path / "slow-pagefind"
    indexer.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(120)\n")
    indexer.chmod(0o755)
    package = tmp_path / "path" / "pagefind_bin"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f"def get_executable():\n    return {str(indexer)!r}\n")
    output = project / "output-indexing"
    build = subprocess.Popen([sys.executable, str(project / "tools" / "build.py"), "--output", str(output)],
                             cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "FARSIDE_DEBUG": "", "PYTHONPATH": str(package.parent)})
    running: list[int] = []
    deadline = time.monotonic() + 120
    while not running and build.poll() is None and time.monotonic() < deadline:
        running = [pid for pid in descendants(build.pid) if _command_has(pid, str(indexer))]
        time.sleep(0.01)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    build.communicate()
    assert running, "the build never started its indexer"
    left = still_running(running)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], "Pagefind outlived the killed build"
    final = _start(project, output)
    assert final.wait(timeout=300) == 0, final.communicate()[1]
    assert leftovers(project) == [], "the next build removes what the killed build left"


def _command_has(pid: int, word: str) -> bool:
    try:
        return word.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False


def _wait_for_staging(project: Path, output: Path, proc: subprocess.Popen[str]) -> None:
    """Until the build has made its staging folder: its start-up (imports, argument parsing) is
    over, so a signal sent now interrupts the build itself, whatever the machine's speed."""
    deadline = time.monotonic() + 120
    while not any((folder / MARKER).is_file() for folder in project.glob(f".build-{output.name}-*")):
        assert proc.poll() is None, "the build ended before it made its staging folder"
        assert time.monotonic() < deadline, "the build made no staging folder in 120 s"
        time.sleep(0.002)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupting_the_build_prints_one_line_and_keeps_the_site(project: Path, signum: int) -> None:
    output = project / "output-interrupted"
    build = _start(project, output)
    assert build.wait(timeout=300) == 0
    before = snapshot(output)
    for delay in (0.4, 0.2, 0.1, 0.0):  # interrupt while Pelican runs; a faster machine gets a shorter delay
        proc = _start(project, output)
        _wait_for_staging(project, output, proc)  # from here on the build handles the signal
        time.sleep(delay)
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=120)
        if proc.returncode != 0:
            break
    assert proc.returncode == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines == [f"build interrupted; {output} left as it was"], stderr
    assert snapshot(output) == before
    assert not [p for p in project.iterdir() if p.name.startswith((".build-output-interrupted", ".old-"))]
