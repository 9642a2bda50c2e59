"""Bad input stops the real build with one line per problem and leaves the last good output."""
from __future__ import annotations

from pathlib import Path

import pytest

from support.site import copy_project, run_build

PAGE = "content/pages/about.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def build_with_previous_output(project: Path) -> tuple[Path, object]:
    """A previous good build exists; a failing build must not touch it."""
    output = project / "output"
    output.mkdir()
    (output / ".farside-output").write_text("made by a previous build")  # the build only replaces its own folders
    (output / "marker.txt").write_text("last good build")
    return output, run_build(output, project=project)


CASES = [
    ("---\ntitle: About\nnav_order: [1\n---\nbody\n", 3, "not valid YAML"),
    ("---\ntitle: About\ntitel: Oops\n---\nbody\n", 3, "titel: unknown field; did you mean 'title'?"),
    ("---\nslug: about\n---\nbody\n", 2, "title: missing; add 'title: ...'"),
    ("---\ntitle: About\nnav_order: first\n---\n", 3, "nav_order: must be a whole number"),
    ("title: About\n\nbody\n", 1, "page must start with a '---' line"),
    ("---\ntitle: About\nbody\n", 1, "front matter is never closed"),
    ("", 1, "file is empty"),
    ("---\n- a\n- b\n---\n", 2, "front matter must be 'key: value' lines"),
]


@pytest.mark.parametrize("text,line,message", CASES, ids=[c[2][:30] for c in CASES])
def test_bad_front_matter_stops_the_build(project: Path, text: str, line: int, message: str) -> None:
    (project / PAGE).write_text(text)
    output, result = build_with_previous_output(project)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{PAGE}:{line}: {message}"), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in output.iterdir()) == [".farside-output", "marker.txt"]


def test_binary_file_is_reported(project: Path) -> None:
    (project / PAGE).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _, result = build_with_previous_output(project)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(f"{PAGE}:1: file is")


def test_all_errors_are_listed_at_once(project: Path) -> None:
    (project / PAGE).write_text("---\ntitel: x\n---\n")
    (project / "content/pages/change-4.md").write_text("")
    _, result = build_with_previous_output(project)
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{PAGE}:2:") for line in lines)
    assert any(line.startswith("content/pages/change-4.md:1:") for line in lines)
    assert lines[-1].startswith("build failed: 2 error(s)")


def test_successful_build_replaces_previous_output(project: Path) -> None:
    output, result = build_with_previous_output(project)
    assert result.returncode == 0, result.stderr
    assert not (output / "marker.txt").exists()
    assert (output / "index.html").is_file()
    assert not list(project.glob(".build-*")) and not list(project.glob(".old-*"))


def test_missing_template_is_one_line(project: Path) -> None:
    page = project / PAGE
    page.write_text(page.read_text().replace("nav_title: About", "nav_title: About\ntemplate: nowhere"))
    _, result = build_with_previous_output(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert any("nowhere" in line for line in result.stderr.splitlines())
