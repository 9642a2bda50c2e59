"""`make serve` puts an edit in place first and refreshes the search index after (tools/build.py)."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from types import ModuleType

from support.site import copy_project, load_build_tool


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(tool: ModuleType, project: Path, output: Path, after: bool) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), contextlib.chdir(project):
        code = tool.build(project / "pelicanconf.py", output, shown="output", index_after_swap=after)
    return code, err.getvalue()


def edit_heading(project: Path, words: str) -> None:
    page = project / "content" / "pages" / "far-side.md"
    text = page.read_text(encoding="utf-8")
    heading = re.search(r"(?m)^## (.+)$", text)
    assert heading
    page.write_text(text.replace(heading.group(0), f"## {words}", 1), encoding="utf-8")


def test_the_refreshed_site_is_the_site_a_full_build_makes(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    tool = load_build_tool("farside_build_index_after")
    assert run(tool, project, tmp_path / "served", after=True)[0] == 0  # first build: no index yet
    edit_heading(project, "A heading edited while serving")
    code, messages = run(tool, project, tmp_path / "served", after=True)
    assert code == 0, messages
    assert "refreshing the search index" in messages
    assert run(tool, project, tmp_path / "full", after=False)[0] == 0
    assert tree(tmp_path / "served") == tree(tmp_path / "full"), "same pages, same index, nothing left over"
    assert not list((tmp_path / "served").glob(".pagefind-*"))


def test_a_failed_refresh_keeps_the_new_pages_and_the_old_index(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    tool = load_build_tool("farside_build_index_fails")
    served = tmp_path / "served"
    assert run(tool, project, served, after=True)[0] == 0
    index_before = tree(served / "pagefind")
    assert index_before
    real_index = tool._index_search
    tool._index_search = lambda site, subdir="pagefind": "search index: pagefind failed (exit 1): test"
    try:
        edit_heading(project, "A heading edited before a failed index")
        code, messages = run(tool, project, served, after=True)
    finally:
        tool._index_search = real_index
    assert code == 1
    assert "the search index is the previous one" in messages
    assert "A heading edited before a failed index" in (served / "far-side" / "index.html").read_text()
    assert tree(served / "pagefind") == index_before
