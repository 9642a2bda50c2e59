"""Helpers shared by whole-site tests: building, walking and parsing the output."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[2]
# The project whole-site tests build: this repository, or (FARSIDE_SITE_PROJECT) a grown copy of it,
# to run every whole-site test on a site with more missions, sources and pages than today's.
SITE_PROJECT = Path(os.environ.get("FARSIDE_SITE_PROJECT") or PROJECT).resolve()
ROOT_BASE = "http://site.test/"  # the dev build uses relative URLs; resolve them against any origin
SUBPATH_BASE = "https://example.github.io/farside-explainer"  # a GitHub Pages project path


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def soup(self, relative: str) -> BeautifulSoup:
        return parse(self.output / relative)


def parse(path: Path) -> BeautifulSoup:
    """A real HTML5 parser (html5lib), the way browsers parse."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def run_build(output: Path, settings: str = "pelicanconf.py", env: dict[str, str] | None = None,
              project: Path = SITE_PROJECT, strict: bool = True) -> BuildResult:
    """Run the real build (tools/build.py's build(), strict unless told) in this process.

    In-process is what makes whole-site tests cheap (no interpreter start, imports already
    made); the process is put back as it was afterwards: environment, working folder,
    logging handlers, and the settings modules Pelican loaded.
    """
    tool = _build_tool()
    stdout, stderr = io.StringIO(), io.StringIO()
    with _environment(env or {}), _working_folder(project), _logging_kept(), _fresh_settings_modules(), \
            contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        returncode = tool.build(project / settings, output, strict=strict)
    return BuildResult(returncode, stdout.getvalue(), stderr.getvalue(), output)


def build_in_worker(project: str, output: str, strict: bool) -> tuple[int, str]:
    """One real build in this process, for process pools (pickled by name; plain arguments).

    A worker imports Pelican and the plugin once and then builds case after case, each of its
    own project copy, which costs a third of a fresh interpreter per build.
    """
    result = run_build(Path(output), project=Path(project), strict=strict, env={"FARSIDE_DEBUG": ""})
    return result.returncode, result.stderr


_TOOL: list[ModuleType] = []


def load_build_tool(name: str = "farside_build_tool") -> ModuleType:
    """A fresh copy of tools/build.py as a module (it is a script, not a package): a test that
    replaces one of its functions gets a copy of its own."""
    spec = importlib.util.spec_from_file_location(name, PROJECT / "tools" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build_tool() -> ModuleType:
    """The copy run_build uses, loaded once per process."""
    if not _TOOL:
        _TOOL.append(load_build_tool())
    return _TOOL[0]


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def _working_folder(folder: Path) -> Iterator[None]:
    saved = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(saved)


@contextlib.contextmanager
def _logging_kept() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


@contextlib.contextmanager
def _fresh_settings_modules() -> Iterator[None]:
    """publishconf.py imports pelicanconf: each build must get its own project's, not a cached one."""
    saved_path = list(sys.path)
    for name in ("pelicanconf", "publishconf"):
        sys.modules.pop(name, None)
    try:
        yield
    finally:
        for name in ("pelicanconf", "publishconf"):
            sys.modules.pop(name, None)
        sys.path[:] = saved_path


COPIED = ("content", "data", "plugins", "theme", "tools", "pelicanconf.py", "publishconf.py")


def copy_project(destination: Path) -> Path:
    """A throwaway copy of everything the build reads, for tests that break inputs."""
    import shutil

    destination.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination
