"""Helpers shared by whole-site tests: building, walking and parsing the output."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[2]
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
              project: Path = PROJECT) -> BuildResult:
    """Run the real build command, as `make html` does."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, str(project / "tools" / "build.py"), "--strict",
         "--settings", str(project / settings), "--output", str(output)],
        cwd=project, env=full_env, capture_output=True, text=True, timeout=300,
    )
    return BuildResult(proc.returncode, proc.stdout, proc.stderr, output)


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
